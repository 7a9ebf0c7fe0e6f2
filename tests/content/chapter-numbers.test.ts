// Every number the chapter states is checked here against an independent reference: the <Computed> expressions
// (evaluated by the engine exactly as the page does) and the plain numbers written into the prose and formulas.
import { describe, it, expect } from "vitest";
import * as gradflow from "gradflow";
import { evaluateExpression, formatComputed, type ComputedFormat } from "../../src/components/computed-value";
import { readChapters, computedUses } from "./chapter-source";
import { sigmoid, sigmoidSlope, tanhSlope, geluSlope, siluSlope } from "./reference-math";

const { torch, nn, F } = gradflow as any;
const chapter = readChapters().find((c) => c.slug === "saturation-and-gradient-flow")!;
const engine = gradflow as any;

/** f'(x) by the engine's autograd. */
function slope(f: (t: any) => any, x: number): number {
  const t = torch.tensor(x, { requires_grad: true });
  f(t).backward();
  return t.grad.item();
}

/** Independent values for every <Computed> expression. `sampled` marks a random measurement: close, not digit-exact. */
const references: Record<string, { value: number; sampled?: boolean }> = {
  "torch.sigmoid(torch.tensor(5)).item()": { value: sigmoid(5) },
  "torch.sigmoid(torch.tensor(-5)).item()": { value: sigmoid(-5) },
  "derivative(torch.sigmoid, 0)": { value: 0.25 },
  "derivative(torch.sigmoid, 2)": { value: sigmoidSlope(2) },
  "derivative(torch.sigmoid, 5)": { value: sigmoidSlope(5) },
  "derivative(torch.sigmoid, 10)": { value: sigmoidSlope(10) },
  "derivative(torch.tanh, 0)": { value: 1 },
  "derivative(torch.tanh, 2)": { value: tanhSlope(2) },
  "derivative(torch.tanh, 5)": { value: tanhSlope(5) },
  "torch.tensor(0.25).pow(10).item()": { value: 0.25 ** 10 },
  "derivative(torch.sigmoid, 5) / derivative(torch.sigmoid, 0)": { value: sigmoidSlope(5) / 0.25 },
  "torch.tensor(0.2).pow(5).item()": { value: 0.2 ** 5 },
  "torch.tensor(0.2).pow(5).mul(0.1).item()": { value: 0.1 * 0.2 ** 5 },
  "derivative(F.gelu, Math.SQRT2)": { value: geluSlope(Math.SQRT2) },
  "derivative(F.silu, 2.3994)": { value: siluSlope(2.3994) },
  "(() => { const l = new nn.Linear(128, 256); nn.init.xavier_uniform_(l.weight); return l.weight.var().item(); })()": {
    value: 2 / (128 + 256),
    sampled: true,
  },
  "(() => { const l = new nn.Linear(128, 256); nn.init.kaiming_normal_(l.weight); return l.weight.var().item(); })()": {
    value: 2 / 128,
    sampled: true,
  },
};

describe("<Computed> numbers in the chapter", () => {
  const uses = computedUses(chapter.source);

  it("the chapter uses <Computed> for its derived numbers", () => {
    expect(uses.length).toBeGreaterThan(10);
  });

  for (const use of uses) {
    it(`${use.expr} (${use.format ?? "plain"}, ${use.digits ?? 3} digits)`, () => {
      const reference = references[use.expr];
      expect(reference, `add an independent reference for <Computed expr="${use.expr}">`).toBeDefined();
      const value = evaluateExpression(use.expr, engine);
      const options = { digits: use.digits, format: use.format as ComputedFormat | undefined };
      if (reference.sampled) {
        // 32768 samples: the sample variance is within a few per cent of the population variance.
        expect(Math.abs(value / reference.value - 1)).toBeLessThan(0.03);
      } else {
        // float32 arithmetic, and 1 - sigmoid(x) near 1 is only good to float32's spacing there (as in PyTorch)
        expect(Math.abs(value - reference.value)).toBeLessThanOrEqual(1e-5 * Math.abs(reference.value) + 2e-7);
        // What the reader sees is what the closed form gives at the same precision.
        expect(formatComputed(value, options)).toBe(formatComputed(reference.value, options));
      }
    });
  }
});

/** A number written straight into the prose or a formula: the text must be in the chapter, and the claim must hold. */
interface Claim {
  text: string;
  check: () => void;
}

const claims: Claim[] = [
  {
    text: "\\max_x \\sigma'(x) = \\sigma'(0) = \\tfrac12 \\cdot \\tfrac12 = 0.25",
    check: () => {
      expect(slope(torch.sigmoid, 0)).toBe(0.25);
      // and 0 really is the maximum: the slope is smaller everywhere else on a grid
      for (let x = -8; x <= 8; x += 0.25) if (x !== 0) expect(slope(torch.sigmoid, x)).toBeLessThan(0.25);
    },
  },
  {
    text: "\\max_x \\tanh'(x) = \\tanh'(0) = 1",
    check: () => {
      expect(slope(torch.tanh, 0)).toBe(1);
      for (let x = -8; x <= 8; x += 0.25) if (x !== 0) expect(slope(torch.tanh, x)).toBeLessThan(1);
    },
  },
  {
    text: "its peak slope is four times the sigmoid's",
    check: () => expect(slope(torch.tanh, 0) / slope(torch.sigmoid, 0)).toBeCloseTo(4, 6),
  },
  {
    text: "\\tanh(x) = 2\\sigma(2x) - 1",
    check: () => {
      const x = torch.linspace(-6, 6, 49);
      const lhs = torch.tanh(x);
      const rhs = torch.sigmoid(x.mul(2)).mul(2).sub(1);
      expect(lhs.sub(rhs).abs().max().item()).toBeLessThan(1e-6);
    },
  },
  {
    text: "it falls off like $e^{-|x|}$",
    // float32: 1 - sigmoid(x) loses digits for large x (as in PyTorch), so check where the tail is already clear
    check: () => expect(slope(torch.sigmoid, 8) * Math.exp(8)).toBeCloseTo(1, 2),
  },
  {
    text: "$4e^{-2|x|}$",
    check: () => expect((slope(torch.tanh, 4) * Math.exp(8)) / 4).toBeCloseTo(1, 2),
  },
  {
    text: "the sigmoid at $1000$ and at $1001$ is the same number to every digit a computer stores",
    check: () => expect(torch.sigmoid(torch.tensor([1000, 1001])).tolist()).toEqual([1, 1]),
  },
  {
    text: "less than a millionth",
    check: () => expect(torch.tensor(0.25).pow(10).item()).toBeLessThan(1e-6),
  },
  {
    text: "roughly forty times more slowly",
    check: () => {
      const ratio = slope(torch.sigmoid, 0) / slope(torch.sigmoid, 5);
      expect(ratio).toBeGreaterThan(35);
      expect(ratio).toBeLessThan(45);
    },
  },
  {
    text: "PyTorch and this book's engine use $0$",
    check: () => expect(slope(torch.relu, 0)).toBe(0),
  },
  {
    text: "(PyTorch's default is $0.01$)",
    check: () => expect(slope((t: any) => F.leaky_relu(t), -3)).toBeCloseTo(0.01, 7),
  },
  {
    text: "(PyTorch starts it at $0.25$)",
    check: () => expect(new nn.PReLU().weight.item()).toBe(0.25),
  },
  {
    text: "bends smoothly on the negative side towards $-\\alpha$",
    check: () => expect(F.elu(torch.tensor(-30)).item()).toBeCloseTo(-1, 6),
  },
  {
    text: "GELU's largest slope, at $x = \\sqrt 2$",
    check: () => {
      const peak = slope(F.gelu, Math.SQRT2);
      for (let x = -6; x <= 6; x += 0.05) expect(slope(F.gelu, x)).toBeLessThanOrEqual(peak + 1e-6);
    },
  },
  {
    text: "SiLU's, near $x = 2.4$",
    check: () => {
      const peak = slope(F.silu, 2.3994);
      for (let x = -6; x <= 6; x += 0.05) expect(slope(F.silu, x)).toBeLessThanOrEqual(peak + 1e-6);
    },
  },
  {
    text: "$\\tfrac12\\bigl(1 + \\tanh\\bigl(\\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3)\\bigr)\\bigr)$",
    check: () => {
      const x = torch.linspace(-4, 4, 33);
      const exact = F.gelu(x);
      const approx = F.gelu(x, { approximate: "tanh" });
      const formula = x.mul(x.pow(3).mul(0.044715).add(x).mul(Math.sqrt(2 / Math.PI)).tanh().add(1).mul(0.5));
      expect(approx.sub(formula).abs().max().item()).toBeLessThan(1e-5);
      expect(approx.sub(exact).abs().max().item()).toBeLessThan(1e-3);
    },
  },
  {
    text: "$2/384$ for Xavier, $2/128$ for He and $1/384$ for the default",
    check: () => {
      const layer = new nn.Linear(128, 256);
      expect(layer.weight.var().item() / (1 / 384)).toBeCloseTo(1, 1);
      nn.init.xavier_normal_(layer.weight);
      expect(layer.weight.var().item() / (2 / 384)).toBeCloseTo(1, 1);
      nn.init.kaiming_uniform_(layer.weight, { nonlinearity: "relu" });
      expect(layer.weight.var().item() / (2 / 128)).toBeCloseTo(1, 1);
    },
  },
  {
    text: "$U(-a, a)$ with $a = \\sqrt{6 / (n_\\text{in} + n_\\text{out})}$",
    check: () => {
      const w = torch.empty(256, 128);
      nn.init.xavier_uniform_(w);
      const a = Math.sqrt(6 / (128 + 256));
      expect(w.abs().max().item()).toBeLessThanOrEqual(a);
      expect(w.abs().max().item()).toBeGreaterThan(0.99 * a);
    },
  },
  {
    text: "standard deviation $\\sqrt{2 / n_\\text{in}}$",
    check: () => {
      const w = torch.empty(256, 128);
      nn.init.kaiming_normal_(w);
      expect(w.std().item() / Math.sqrt(2 / 128)).toBeCloseTo(1, 1);
    },
  },
  {
    text: "recommended correction factors for this, $5/3$ for tanh",
    check: () => expect(nn.init.calculate_gain("tanh")).toBeCloseTo(5 / 3, 10),
  },
  {
    text: "\\operatorname{LN}(c\\,x) = \\operatorname{LN}(x)",
    check: () => {
      const norm = new nn.LayerNorm(32);
      const x = torch.randn(4, 32);
      const upstream = torch.randn(4, 32);
      const gradAt = (c: number) => {
        const xc = x.mul(c).requires_grad_();
        norm.forward(xc).mul(upstream).sum().backward();
        return xc.grad;
      };
      expect(norm.forward(x.mul(10)).sub(norm.forward(x)).abs().max().item()).toBeLessThan(1e-4);
      expect(gradAt(10).mul(10).sub(gradAt(1)).abs().max().item()).toBeLessThan(1e-3);
    },
  },
  {
    text: "returns the norm measured before clipping",
    check: () => {
      const a = torch.tensor([3, 0], { requires_grad: true });
      const b = torch.tensor([4], { requires_grad: true });
      a.mul(torch.tensor([3, 0])).sum().add(b.mul(4).sum()).backward(); // grads [3, 0] and [4]: total norm 5
      const total = nn.utils.clip_grad_norm_([a, b], 1).item();
      expect(total).toBeCloseTo(5, 5);
      expect(a.grad.tolist()).toEqual([expect.closeTo(0.6, 5), 0]);
      expect(b.grad.tolist()).toEqual([expect.closeTo(0.8, 5)]);
    },
  },
];

/** Line breaks in the MDX are not part of the text a reader sees. */
const prose = chapter.source.replace(/\s+/g, " ");

describe("numbers stated in the chapter's prose", () => {
  for (const claim of claims) {
    it(claim.text, () => {
      expect(prose, "the claim's text is no longer in the chapter").toContain(claim.text);
      torch.manual_seed(0);
      claim.check();
    });
  }
});
