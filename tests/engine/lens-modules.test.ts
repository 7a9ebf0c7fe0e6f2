// Module attribution in the autograd lens: every node belongs to the innermost module whose call created it, as the
// ops of a PyTorch module are those its forward runs. Checked by construction: each model below is built so that
// which call ran which op is known, including parameterless ops (activations, residual adds, views), modules called
// twice, forwards that throw, hooks, and ops outside any module.
import { describe, expect, it } from "vitest";
import { F, nn, torch, unwatch, watch, type Tensor } from "gradflow";
import { graphSpec } from "../../engine/lens/index";
import type { GraphSpec } from "../../engine/lens/spec";

/** Edges as "from → to" label pairs, sorted, so tests read like the picture. */
function edgeLabels(g: GraphSpec): string[] {
  const label = (id: number) => g.nodes.find((n) => n.id === id)!.label;
  return g.edges.map((e) => `${label(e.from)} → ${label(e.to)}`).sort();
}

/** Each module node's label with the ops inside it, sorted; other nodes by their label alone. */
function contents(g: GraphSpec): string[] {
  return g.nodes.map((n) => (n.kind === "module" ? `${n.label} [${[...n.ops].sort().join(" ")}]` : n.label)).sort();
}

/** The ops attributed to each module path in the uncollapsed graph. */
function opsByModule(g: GraphSpec): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of g.nodes.filter((n) => n.kind === "op")) (out[n.module] ??= []).push(n.label);
  for (const ops of Object.values(out)) ops.sort();
  return out;
}

const LINEAR_OPS = ["AddBackward0", "MmBackward0", "PermuteBackward0"]; // x·Wᵀ + b

describe("collapse: 'module'", () => {
  it("draws Sequential(Linear, Tanh, Linear) as its three modules, each holding exactly its own ops", () => {
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
    const x = torch.randn(5, 3, { requires_grad: true });
    const loss = F.mse_loss(model(x), torch.zeros(5, 2));
    expect(opsByModule(graphSpec(loss, { model }))).toEqual({
      "": ["MeanBackward0", "PowBackward0", "SubBackward0"], // the loss is no module's
      "0": LINEAR_OPS,
      "1": ["TanhBackward0"],
      "2": LINEAR_OPS,
    });
    const g = graphSpec(loss, { model, collapse: "module" });
    expect(contents(g)).toEqual([
      `0: Linear [${LINEAR_OPS.join(" ")}]`,
      "1: Tanh [TanhBackward0]",
      `2: Linear [${LINEAR_OPS.join(" ")}]`,
      "MeanBackward0", "PowBackward0", "SubBackward0",
      "leaf", // the input stays outside the model's nodes; the parameters are inside their Linear
    ]);
    expect(edgeLabels(g)).toEqual([
      "0: Linear → 1: Tanh",
      "1: Tanh → 2: Linear",
      "2: Linear → SubBackward0",
      "PowBackward0 → MeanBackward0",
      "SubBackward0 → PowBackward0",
      "leaf → 0: Linear",
    ]);
    expect(g.nodes.find((n) => n.label === "1: Tanh")!.shape).toEqual([5, 4]);
  });

  it("gives a custom module the residual add, functional activation and reshape of its own forward", () => {
    class Block extends nn.Module {
      declare fc: nn.Linear;
      constructor() {
        super();
        this.fc = new nn.Linear(4, 4);
      }
      override forward(x: Tensor): Tensor {
        return F.relu(this.fc(x).add(x)).reshape(-1, 2, 2);
      }
    }
    torch.manual_seed(0);
    const model = new nn.Sequential(new Block(), new nn.Flatten(), new nn.Linear(4, 1));
    const x = torch.randn(3, 4, { requires_grad: true });
    const out = model(x).sum();
    expect(opsByModule(graphSpec(out, { model }))).toEqual({
      "": ["SumBackward0"],
      "0": ["AddBackward0", "ReluBackward0", "ViewBackward0"],
      "0.fc": LINEAR_OPS,
      "1": ["ViewBackward0"],
      "2": LINEAR_OPS,
    });
    const g = graphSpec(out, { model, collapse: "module" });
    expect(contents(g)).toEqual([
      "0.fc: Linear [AddBackward0 MmBackward0 PermuteBackward0]",
      "0: Block [AddBackward0 ReluBackward0 ViewBackward0]",
      "1: Flatten [ViewBackward0]",
      "2: Linear [AddBackward0 MmBackward0 PermuteBackward0]",
      "SumBackward0",
      "leaf",
    ]);
    expect(edgeLabels(g)).toEqual([
      "0.fc: Linear → 0: Block",
      "0: Block → 1: Flatten",
      "1: Flatten → 2: Linear",
      "2: Linear → SumBackward0",
      "leaf → 0.fc: Linear",
      "leaf → 0: Block", // the residual path skips the Linear
    ]);
    expect(g.nodes.find((n) => n.label === "0: Block")!.shape).toEqual([3, 2, 2]); // its output: the reshape
  });

  it("draws each call of a module called twice, with its shared parameters outside both", () => {
    torch.manual_seed(0);
    const shared = new nn.Linear(3, 3);
    const model = new nn.Sequential(shared, new nn.Tanh(), shared);
    const out = model(torch.randn(2, 3)).sum();
    const g = graphSpec(out, { model, collapse: "module" });
    expect(contents(g)).toEqual([
      "0.bias", "0.weight",
      `0: Linear (call 2) [${LINEAR_OPS.join(" ")}]`,
      `0: Linear [${LINEAR_OPS.join(" ")}]`,
      "1: Tanh [TanhBackward0]",
      "SumBackward0",
    ]);
    expect(edgeLabels(g)).toEqual([
      "0.bias → 0: Linear",
      "0.bias → 0: Linear (call 2)",
      "0.weight → 0: Linear",
      "0.weight → 0: Linear (call 2)",
      "0: Linear (call 2) → SumBackward0",
      "0: Linear → 1: Tanh",
      "1: Tanh → 0: Linear (call 2)",
    ]);
  });

  it("keeps ops made outside the model on their own: a loss module, functional ops, the root's own forward", () => {
    class Net extends nn.Module {
      declare fc: nn.Linear;
      constructor() {
        super();
        this.fc = new nn.Linear(2, 2);
      }
      override forward(x: Tensor): Tensor {
        return this.fc(x).tanh(); // the root module's own op
      }
    }
    torch.manual_seed(0);
    const model = new Net();
    const loss = new nn.MSELoss()(model(torch.randn(4, 2)).mul(3), torch.zeros(4, 2));
    const g = graphSpec(loss, { model, collapse: "module" });
    expect(contents(g)).toEqual([
      "MeanBackward0", "MulBackward0", "PowBackward0", "SubBackward0", "TanhBackward0",
      `fc: Linear [${LINEAR_OPS.join(" ")}]`,
    ]);
    expect(g.nodes.filter((n) => n.kind === "op").every((n) => n.module === "")).toBe(true);
  });
});

describe("the module call stack", () => {
  class Throws extends nn.Module {
    override forward(x: Tensor): Tensor {
      x.tanh();
      throw new Error("forward failed");
    }
  }

  it("is left clean by an exception in a nested forward or a hook", () => {
    torch.manual_seed(0);
    const broken = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new Throws()));
    expect(() => broken(torch.randn(1, 2))).toThrow("forward failed");
    const hooked = new nn.Linear(2, 2);
    hooked.register_forward_hook(() => {
      throw new Error("hook failed");
    });
    expect(() => broken[0](hooked(torch.randn(1, 2)))).toThrow("hook failed");
    // Ops after the failures belong to no module, even drawn against the model whose forward threw …
    const a = torch.randn(2, { requires_grad: true });
    const outside = a.tanh().sum();
    expect(graphSpec(outside, { model: broken }).nodes.map((n) => n.module)).toEqual(["", "", ""]);
    // … and the next forward attributes its ops as usual.
    const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh());
    expect(opsByModule(graphSpec(model(torch.randn(1, 2)).sum(), { model }))).toEqual({
      "": ["SumBackward0"], "0": LINEAR_OPS, "1": ["TanhBackward0"],
    });
  });

  it("attributes what hooks add to their module, and hides the identities of backward hooks", () => {
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh(), new nn.Linear(3, 1));
    const x = torch.randn(4, 2);
    const plain = graphSpec(model(x).sum(), { model, collapse: "module" });
    watch(model, { show: false }); // forward and full backward hooks on every layer
    const watched = graphSpec(model(x).sum(), { model, collapse: "module" });
    unwatch(model);
    expect(contents(watched)).toEqual(contents(plain));
    expect(edgeLabels(watched)).toEqual(edgeLabels(plain));
    model[1].register_forward_hook((_m, _input, out: Tensor) => out.mul(2));
    expect(opsByModule(graphSpec(model(x).sum(), { model }))["1"]).toEqual(["MulBackward0", "TanhBackward0"]);
  });
});
