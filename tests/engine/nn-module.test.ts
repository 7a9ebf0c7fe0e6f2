// nn.Module against PyTorch's semantics: registration and dotted names, traversal order, callable modules,
// containers, modes, state_dict, hooks, and repr strings identical to what print(model) shows in PyTorch.
import { buildSync } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { F, type Tensor, nn, torch } from "gradflow";

class MLP extends nn.Module {
  declare layers: nn.ModuleList;
  declare head: nn.Linear;
  constructor() {
    super();
    this.layers = new nn.ModuleList([new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.Tanh()]);
    this.head = new nn.Linear(8, 3, false);
  }
  override forward(x: Tensor): Tensor {
    for (const layer of this.layers) x = layer(x);
    return this.head(x);
  }
}

describe("registration and traversal", () => {
  it("names parameters with dotted paths in registration order, like PyTorch", () => {
    const names = [...new MLP().named_parameters()].map(([name, p]) => `${name} ${p.shape.join("x")}`);
    expect(names).toEqual(["layers.0.weight 8x4", "layers.0.bias 8", "layers.2.weight 8x8", "layers.2.bias 8", "head.weight 3x8"]);
  });

  it("lists children, modules (pre-order) and skips plain tensors, which are not parameters", () => {
    const m = new MLP();
    (m as any).scratch = torch.zeros(3);
    expect([...m.named_children()].map(([n]) => n)).toEqual(["layers", "head"]);
    expect([...m.named_modules()].map(([n]) => n)).toEqual(["", "layers", "layers.0", "layers.1", "layers.2", "layers.3", "head"]);
    expect([...m.parameters()]).toHaveLength(5);
  });

  it("yields a shared parameter once", () => {
    const shared = new nn.Linear(3, 3);
    const seq = new nn.Sequential(shared, new nn.Tanh(), shared);
    expect([...seq.named_parameters()].map(([n]) => n)).toEqual(["0.weight", "0.bias"]);
  });

  it("registers parameters and buffers explicitly too", () => {
    const m = new nn.Module();
    m.register_parameter("w", new nn.Parameter(torch.ones(2)));
    m.register_buffer("count", torch.zeros(1));
    m.register_buffer("cache", torch.zeros(1), { persistent: false });
    expect([...m.named_parameters()].map(([n]) => n)).toEqual(["w"]);
    expect(Object.keys(m.state_dict())).toEqual(["w", "count"]);
  });
});

describe("calling", () => {
  it("model(x) and model.forward(x) compute the same thing, typed as forward", () => {
    torch.manual_seed(0);
    const model = new MLP();
    const x = torch.randn(5, 4);
    const a: Tensor = model(x);
    expect(a.shape).toEqual([5, 3]);
    expect(torch.allclose(a, model.forward(x))).toBe(true);
  });

  it("a module without forward says so", () => {
    expect(() => new nn.Module()(torch.zeros(1))).toThrow(/missing the required "forward"/);
  });

  it("instanceof works for built-in layers and subclasses", () => {
    const m = new MLP();
    expect(m instanceof nn.Module && m instanceof MLP).toBe(true);
    expect(m.layers.get(1) instanceof nn.Tanh).toBe(true);
    expect(m.layers.get(1) instanceof nn.ReLU).toBe(false);
  });
});

describe("containers", () => {
  it("Sequential is indexable, iterable, has length and runs its modules in order", () => {
    torch.manual_seed(0);
    const seq = new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Linear(6, 2));
    expect(seq.length).toBe(3);
    expect(seq[0]).toBe(seq.get(0));
    expect(seq.get(-1)).toBe(seq[2]);
    expect([...seq].map((m) => m.constructor.name)).toEqual(["Linear", "ReLU", "Linear"]);
    const x = torch.randn(3, 4);
    const manual = (seq[2] as nn.Linear)(F.relu((seq[0] as nn.Linear)(x)));
    expect(torch.allclose(seq(x), manual)).toBe(true);
    expect(() => seq.get(3)).toThrow(/out of range/);
  });

  it("Sequential accepts named modules (PyTorch's OrderedDict form)", () => {
    const seq = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.Tanh() });
    expect([...seq.named_parameters()].map(([n]) => n)).toEqual(["fc.weight", "fc.bias"]);
    expect(seq.get(1) instanceof nn.Tanh).toBe(true);
  });

  it("ModuleList appends and extends, and refuses to be called", () => {
    const list = new nn.ModuleList();
    list.append(new nn.Linear(2, 2)).extend([new nn.ReLU(), new nn.Linear(2, 1)]);
    expect(list.length).toBe(3);
    expect([...list.named_parameters()].map(([n]) => n)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(() => list.forward()).toThrow(/not callable/);
  });
});

describe("modes and state", () => {
  it("train()/eval() set training on every submodule", () => {
    const m = new MLP();
    m.eval();
    expect([...m.modules()].every((x) => x.training === false)).toBe(true);
    m.train();
    expect([...m.modules()].every((x) => x.training === true)).toBe(true);
  });

  it("zero_grad sets gradients to null by default, or to zeros", () => {
    const m = new MLP();
    m(torch.randn(2, 4)).sum().backward();
    m.zero_grad(false);
    expect([...m.parameters()].every((p) => p.grad!.abs().sum().item() === 0)).toBe(true);
    m.zero_grad();
    expect([...m.parameters()].every((p) => p.grad === null)).toBe(true);
  });

  it("apply visits children before the parent", () => {
    const seen: string[] = [];
    new nn.Sequential(new nn.Linear(1, 1), new nn.Tanh()).apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(["Linear", "Tanh", "Sequential"]);
  });

  it("state_dict round-trips through load_state_dict, and strict loading reports bad keys", () => {
    torch.manual_seed(1);
    const a = new MLP(), b = new MLP();
    b.load_state_dict(a.state_dict());
    const x = torch.randn(2, 4);
    expect(torch.allclose(a(x), b(x))).toBe(true);
    const partial = a.state_dict();
    delete partial["head.weight"];
    expect(() => b.load_state_dict(partial)).toThrow(/missing keys \["head.weight"\]/);
    expect(b.load_state_dict(partial, false).missing_keys).toEqual(["head.weight"]);
  });

  it("state_dict orders entries like PyTorch: per module, parameters then buffers", () => {
    const m = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 1));
    expect(Object.keys(m.state_dict())).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
      "1.running_var", "1.num_batches_tracked", "2.weight", "2.bias"]);
  });

  it("double() converts parameters so a model can run in float64", () => {
    const m = new nn.Linear(2, 2).double();
    expect(m.weight.dtype).toBe(torch.float64);
    expect(m(torch.ones(1, 2, { dtype: torch.float64 })).dtype).toBe(torch.float64);
  });
});

describe("hooks", () => {
  it("forward hooks see inputs and output, may replace the output, and can be removed", () => {
    const lin = new nn.Linear(3, 2);
    const seen: number[][] = [];
    const handle = lin.register_forward_hook((_m, inputs, out) => {
      seen.push([...(inputs[0] as Tensor).shape, ...out.shape]);
      return out.mul(0);
    });
    const x = torch.randn(4, 3);
    expect(lin(x).abs().sum().item()).toBe(0);
    expect(lin.forward(x).abs().sum().item()).toBe(0); // forward() runs hooks too
    expect(seen).toEqual([[4, 3, 4, 2], [4, 3, 4, 2]]);
    handle.remove();
    expect(lin(x).abs().sum().item()).toBeGreaterThan(0);
  });

  it("forward pre-hooks may replace the input", () => {
    const act = new nn.ReLU();
    act.register_forward_pre_hook((_m, inputs) => [(inputs[0] as Tensor).neg()]);
    expect(act(torch.tensor([-2, 3])).tolist()).toEqual([2, 0]);
  });

  it("full backward hooks receive dL/d(output) and dL/d(input)", () => {
    torch.manual_seed(0);
    const lin = new nn.Linear(3, 2);
    let gradOut: Tensor | null = null, gradIn: Tensor | null = null;
    lin.register_full_backward_hook((_m, gi, go) => {
      gradIn = gi[0];
      gradOut = go[0];
    });
    const x = torch.randn(4, 3, { requires_grad: true });
    const w = torch.randn(4, 2);
    lin(x).mul(w).sum().backward();
    // d sum(y * w) / dy = w, and dL/dx = w @ W.
    expect(torch.allclose(gradOut!, w)).toBe(true);
    expect(torch.allclose(gradIn!, w.matmul(lin.weight.detach()), { atol: 1e-6 })).toBe(true);
    expect(torch.allclose(x.grad!, gradIn!)).toBe(true);
  });

  it("a backward hook on a first layer (input needs no grad) still gets grad_output, with grad_input [null]", () => {
    const lin = new nn.Linear(3, 2);
    const calls: [(Tensor | null)[], (Tensor | null)[]][] = [];
    lin.register_full_backward_hook((_m, gi, go) => void calls.push([gi, go]));
    lin(torch.randn(5, 3)).sum().backward();
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toEqual([null]);
    expect(calls[0][1][0]!.shape).toEqual([5, 2]);
  });

  it("a backward hook may replace the input gradient", () => {
    const act = new nn.Tanh();
    act.register_full_backward_hook((_m, gi) => gi.map((g) => g && g.mul(0)));
    const x = torch.randn(3, { requires_grad: true });
    act(x).sum().backward();
    expect(x.grad!.abs().sum().item()).toBe(0);
  });
});

describe("repr, exactly as PyTorch prints it", () => {
  it("Sequential of Linear and Tanh", () => {
    const model = new nn.Sequential(new nn.Linear(128, 256), new nn.Tanh(), new nn.Linear(256, 10));
    expect(String(model)).toBe(
      "Sequential(\n  (0): Linear(in_features=128, out_features=256, bias=True)\n  (1): Tanh()\n" +
      "  (2): Linear(in_features=256, out_features=10, bias=True)\n)");
  });

  it("nested custom module with a ModuleList (repeated modules folded as in PyTorch 2)", () => {
    expect(String(new MLP())).toBe(
      "MLP(\n  (layers): ModuleList(\n    (0): Linear(in_features=4, out_features=8, bias=True)\n    (1): Tanh()\n" +
      "    (2): Linear(in_features=8, out_features=8, bias=True)\n    (3): Tanh()\n  )\n" +
      "  (head): Linear(in_features=8, out_features=3, bias=False)\n)");
    expect(String(new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.ReLU()]))).toBe(
      "ModuleList(\n  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n  (2): ReLU()\n)");
  });

  it("every layer's extra_repr", () => {
    const cases: [nn.Module, string][] = [
      [new nn.LayerNorm(256), "LayerNorm((256,), eps=1e-05, elementwise_affine=True)"],
      [new nn.BatchNorm1d(64), "BatchNorm1d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"],
      [new nn.GELU(), "GELU(approximate='none')"],
      [new nn.GELU({ approximate: "tanh" }), "GELU(approximate='tanh')"],
      [new nn.LeakyReLU(), "LeakyReLU(negative_slope=0.01)"],
      [new nn.LeakyReLU(0.1), "LeakyReLU(negative_slope=0.1)"],
      [new nn.PReLU(), "PReLU(num_parameters=1)"],
      [new nn.ELU(), "ELU(alpha=1.0)"],
      [new nn.Softplus(), "Softplus(beta=1.0, threshold=20.0)"],
      [new nn.Softmax(1), "Softmax(dim=1)"],
      [new nn.SiLU(), "SiLU()"],
      [new nn.ReLU(), "ReLU()"],
      [new nn.Sigmoid(), "Sigmoid()"],
      [new nn.Dropout(), "Dropout(p=0.5, inplace=False)"],
      [new nn.Flatten(), "Flatten(start_dim=1, end_dim=-1)"],
      [new nn.Identity(), "Identity()"],
      [new nn.RNNCell(3, 5), "RNNCell(3, 5)"],
      [new nn.RNN(3, 5, { num_layers: 2, batch_first: true }), "RNN(3, 5, num_layers=2, batch_first=True)"],
      [new nn.MSELoss(), "MSELoss()"],
      [new nn.CrossEntropyLoss(), "CrossEntropyLoss()"],
    ];
    for (const [m, repr] of cases) expect(String(m)).toBe(repr);
  });

  it("keeps class names in a minified bundle (minifiers rename classes; the site's worker is minified)", async () => {
    const outfile = join(tmpdir(), `gradflow-minified-${process.pid}.mjs`);
    const entry = fileURLToPath(new URL("../../engine/index.ts", import.meta.url));
    buildSync({ entryPoints: [entry], bundle: true, minify: true, format: "esm", outfile, logLevel: "silent" });
    const min = await import(pathToFileURL(outfile).href);
    expect(String(new min.nn.Sequential(new min.nn.Linear(2, 3), new min.nn.Tanh()))).toBe(
      "Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): Tanh()\n)");
  });

  it("a Parameter prints as 'Parameter containing:' and its tensor", () => {
    const p = new nn.Parameter(torch.tensor([1, 2]));
    expect(String(p)).toBe("Parameter containing:\ntensor([1., 2.], requires_grad=True)");
  });
});
