// The PyTorch programs of seed 000 ("Saturation and Gradient Flow"), translated line for line into gradflow and run,
// plus the experiments the chapter rests on: a two-moons MLP that trains, and gradient norms through 10-layer nets
// (sigmoid with default init vanishes, ReLU with He init holds, residual connections help). Measured values go in
// the assertion messages.
import { describe, expect, it } from "vitest";
import { F, type Tensor, data, nn, optim, torch } from "gradflow";

interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

describe("seed 000: activation statistics through a ModuleList MLP", () => {
  class MLP extends nn.Module {
    declare layers: nn.ModuleList;
    constructor() {
      super();
      this.layers = new nn.ModuleList([
        new nn.Linear(128, 256),
        new nn.Tanh(),
        new nn.Linear(256, 256),
        new nn.Tanh(),
        new nn.Linear(256, 10),
      ]);
    }

    override forward(x: Tensor): [Tensor, Stats[]] {
      const stats: Stats[] = [];

      for (const layer of this.layers) {
        x = layer(x);

        if (layer instanceof nn.Tanh) {
          stats.push({
            mean: x.mean().item(),
            std: x.std().item(),
            min: x.min().item(),
            max: x.max().item(),
          });
        }
      }

      return [x, stats];
    }
  }

  it("returns logits and one record per tanh, all inside (-1, 1)", () => {
    torch.manual_seed(0);
    const model = new MLP();
    const x = torch.randn(64, 128);

    const [logits, stats] = model(x);

    expect(logits.shape).toEqual([64, 10]);
    expect(stats).toHaveLength(2);
    for (const s of stats) {
      expect(s.min, `tanh min ${s.min}`).toBeGreaterThan(-1);
      expect(s.max, `tanh max ${s.max}`).toBeLessThan(1);
      expect(Math.abs(s.mean), `tanh mean ${s.mean} is near 0 (zero-centred)`).toBeLessThan(0.1);
      expect(s.std, `tanh std ${s.std}`).toBeGreaterThan(0.05);
    }
  });

  it("the gradient-norm logging loop: per-parameter norms and their root sum of squares", () => {
    torch.manual_seed(0);
    const model = new MLP();
    const [logits] = model(torch.randn(64, 128));
    const loss = F.cross_entropy(logits, torch.randint(0, 10, [64]));
    loss.backward();

    const lines: string[] = [];
    let total_norm = 0.0;

    for (const [name, param] of model.named_parameters()) {
      if (param.grad !== null) {
        const grad_norm = param.grad.norm().item();
        lines.push(`${name} ${grad_norm}`);
        total_norm += grad_norm ** 2;
      }
    }

    total_norm = total_norm ** 0.5;
    lines.push(`total grad norm: ${total_norm}`);

    expect(lines.map((l) => l.split(" ")[0])).toEqual([
      "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias", "layers.4.weight", "layers.4.bias", "total",
    ]);
    const flat = nn.utils.parameters_to_vector([...model.parameters()].map((p) => p.grad!));
    expect(total_norm, `total grad norm ${total_norm}`).toBeCloseTo(flat.norm().item(), 4);
    expect(nn.utils.clip_grad_norm_(model.parameters(), 1.0).item()).toBeCloseTo(total_norm, 4);
  });
});

describe("seed 000: comparing activations in a Sequential", () => {
  function make_model(activation: new () => nn.Module) {
    return new nn.Sequential(
      new nn.Linear(128, 256),
      new activation(),
      new nn.Linear(256, 256),
      new activation(),
      new nn.Linear(256, 10),
    );
  }

  const activations = {
    sigmoid: nn.Sigmoid,
    tanh: nn.Tanh,
    relu: nn.ReLU,
    gelu: nn.GELU,
    silu: nn.SiLU,
  };

  it("prints rounded statistics of the right kind for each activation", () => {
    torch.manual_seed(0);
    const x = torch.randn(64, 128);
    const printed: Record<string, (Stats & { zeros: number })[]> = {};

    for (const [name, act] of Object.entries(activations)) {
      const model = make_model(act);
      let y = x;

      printed[name] = [];

      for (const layer of model) {
        y = layer(y);

        if (layer instanceof nn.Sigmoid || layer instanceof nn.Tanh || layer instanceof nn.ReLU ||
          layer instanceof nn.GELU || layer instanceof nn.SiLU) {
          printed[name].push({
            mean: Number(y.mean().item().toFixed(4)),
            std: Number(y.std().item().toFixed(4)),
            min: Number(y.min().item().toFixed(4)),
            max: Number(y.max().item().toFixed(4)),
            zeros: y.eq(0).float().mean().item(), // not in the seed: the share of exact zeros
          });
        }
      }
    }

    const msg = (name: string) => `${name}: ${JSON.stringify(printed[name])}`;
    for (const s of printed.sigmoid) {
      expect(s.min > 0 && s.max < 1, msg("sigmoid")).toBe(true);
      expect(Math.abs(s.mean - 0.5) < 0.1, msg("sigmoid") + " (mean near σ(0) = 0.5)").toBe(true);
    }
    for (const s of printed.tanh) expect(s.min > -1 && s.max < 1 && Math.abs(s.mean) < 0.1, msg("tanh")).toBe(true);
    for (const s of printed.relu) {
      expect(s.min, msg("relu")).toBe(0);
      expect(s.zeros > 0.3 && s.zeros < 0.7, msg("relu") + " (about half exact zeros)").toBe(true);
    }
    // GELU and SiLU dip below zero but not far: their minima are -0.17 and -0.28.
    for (const s of printed.gelu) expect(s.min < 0 && s.min >= -0.1701 && s.zeros === 0, msg("gelu")).toBe(true);
    for (const s of printed.silu) expect(s.min < 0 && s.min >= -0.2785 && s.zeros === 0, msg("silu")).toBe(true);
  });
});

describe("seed 000: the other snippets", () => {
  it("Xavier and He initialization of a Linear layer", () => {
    const layer = new nn.Linear(128, 256);
    nn.init.xavier_uniform_(layer.weight);
    expect(layer.weight.var().item() / (2 / (128 + 256)), "xavier variance ratio").toBeCloseTo(1, 1);
    nn.init.kaiming_normal_(layer.weight);
    expect(layer.weight.var().item() / (2 / 128), "kaiming variance ratio").toBeCloseTo(1, 1);
  });

  it("a Linear + LayerNorm + GELU block", () => {
    const block = new nn.Sequential(new nn.Linear(128, 256), new nn.LayerNorm(256), new nn.GELU());
    const y = block(torch.randn(8, 128).mul(50));
    expect(String(block)).toBe("Sequential(\n  (0): Linear(in_features=128, out_features=256, bias=True)\n" +
      "  (1): LayerNorm((256,), eps=1e-05, elementwise_affine=True)\n  (2): GELU(approximate='none')\n)");
    expect(y.max().item(), "LayerNorm keeps inputs of scale 50 in GELU's working range").toBeLessThan(10);
  });

  it("ResidualBlock: x + F(x) passes the gradient through the identity path", () => {
    class ResidualBlock extends nn.Module {
      declare net: nn.Sequential;
      constructor(dim: number) {
        super();
        this.net = new nn.Sequential(new nn.Linear(dim, dim), new nn.GELU(), new nn.Linear(dim, dim));
      }
      override forward(x: Tensor): Tensor {
        return x.add(this.net(x));
      }
    }
    const block = new ResidualBlock(16);
    for (const p of block.parameters()) nn.init.zeros_(p); // F(x) = 0: only the identity path is left
    const x = torch.randn(4, 16, { requires_grad: true });
    block(x).sum().backward();
    expect([...block.named_parameters()].map(([n]) => n)).toEqual(["net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias"]);
    expect(x.grad!.tolist().flat().every((g: number) => g === 1)).toBe(true);
  });
});

describe("training and gradient flow", () => {
  it("an MLP trains on two moons to at least 95% accuracy", () => {
    torch.manual_seed(0);
    const { X, y } = data.make_moons({ n_samples: 400, noise: 0.1 });
    const model = new nn.Sequential(new nn.Linear(2, 32), new nn.Tanh(), new nn.Linear(32, 32), new nn.Tanh(), new nn.Linear(32, 2));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const loader = new data.DataLoader({ X, y }, { batch_size: 32, shuffle: true });
    for (let epoch = 0; epoch < 25; epoch++) {
      for (const [xb, yb] of loader) {
        opt.zero_grad();
        F.cross_entropy(model(xb), yb).backward();
        opt.step();
      }
    }
    const acc = torch.no_grad(() => data.accuracy(model(X), y));
    expect(acc, `two-moons training accuracy ${acc}`).toBeGreaterThanOrEqual(0.95);
  });

  /**
   * First- and last-layer weight-gradient norms of a 10-Linear-layer net of width 256 (activations after the first
   * nine), batch 64, cross-entropy on random labels. With `residual`, each hidden layer adds its input: h + act(W h + b).
   */
  function gradientRatio(Act: new () => nn.Module, init: "default" | "he", residual: boolean) {
    torch.manual_seed(0);
    const linears = [...Array.from({ length: 9 }, () => new nn.Linear(256, 256)), new nn.Linear(256, 10)];
    if (init === "he") {
      for (const l of linears) {
        nn.init.kaiming_normal_(l.weight, { nonlinearity: "relu" });
        nn.init.zeros_(l.bias!);
      }
    }
    const acts = linears.slice(0, 9).map(() => new Act());
    let h = torch.randn(64, 256);
    acts.forEach((act, i) => {
      const f = act(linears[i](h));
      h = residual ? h.add(f) : f;
    });
    F.cross_entropy(linears[9](h), torch.randint(0, 10, [64])).backward();
    const first = linears[0].weight.grad!.norm().item(), last = linears[9].weight.grad!.norm().item();
    return { first, last, ratio: last / first };
  }

  const sigmoid = gradientRatio(nn.Sigmoid, "default", false);
  const relu = gradientRatio(nn.ReLU, "he", false);
  const residual = gradientRatio(nn.Sigmoid, "default", true);
  const show = (r: { first: number; last: number; ratio: number }) =>
    `last/first = ${r.ratio.toExponential(2)} (first ${r.first.toExponential(2)}, last ${r.last.toExponential(2)})`;

  it(`10-layer sigmoid MLP, default init: first-layer gradient ≥ 100× smaller than the last's — ${show(sigmoid)}`, () => {
    expect(sigmoid.ratio, show(sigmoid)).toBeGreaterThanOrEqual(100);
  });

  it(`the same net with ReLU and He init keeps them within 10× — ${show(relu)}`, () => {
    expect(relu.ratio, show(relu)).toBeLessThanOrEqual(10);
    expect(relu.ratio, show(relu)).toBeGreaterThanOrEqual(0.1);
  });

  it(`residual connections improve the sigmoid net's ratio — ${show(residual)} vs plain ${sigmoid.ratio.toExponential(2)}`, () => {
    expect(residual.ratio * 100, `${show(residual)} vs plain ${show(sigmoid)}`).toBeLessThan(sigmoid.ratio);
  });
});
