// nn.init against its formulas: the sample variance of each scheme over a large tensor matches the variance the
// scheme is defined by (within sampling error), and the gain table matches PyTorch's calculate_gain.
import { describe, expect, it } from "vitest";
import { type Tensor, nn, torch } from "gradflow";

const { init } = nn;

/** Sample variance of a large tensor should be within 3% of the formula (n = 65536: relative SE ≈ 0.6–1%). */
function expectVariance(t: Tensor, expected: number, label: string): void {
  const v = t.var().item();
  expect(Math.abs(v / expected - 1), `${label}: sample variance ${v.toExponential(4)} vs formula ${expected.toExponential(4)}`).toBeLessThan(0.03);
  expect(Math.abs(t.mean().item()), `${label}: mean`).toBeLessThan(4 * Math.sqrt(expected / t.numel()) + 1e-9);
}

describe("calculate_gain", () => {
  it("matches PyTorch's table", () => {
    expect(init.calculate_gain("linear")).toBe(1);
    expect(init.calculate_gain("sigmoid")).toBe(1);
    expect(init.calculate_gain("tanh")).toBeCloseTo(5 / 3, 12);
    expect(init.calculate_gain("relu")).toBeCloseTo(Math.sqrt(2), 12);
    expect(init.calculate_gain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 12);
    expect(init.calculate_gain("leaky_relu", 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 12);
    expect(init.calculate_gain("selu")).toBe(0.75);
  });
});

describe("variance of each scheme", () => {
  const [fanOut, fanIn] = [256, 512];
  const w = () => torch.empty(fanOut, fanIn);

  it("uniform_ and normal_", () => {
    expectVariance(init.uniform_(w(), -2, 2), 16 / 12, "U(-2, 2)");
    expectVariance(init.normal_(w(), 0, 0.5), 0.25, "N(0, 0.5²)");
    expectVariance(init.normal_(w(), { mean: 0, std: 0.1 }), 0.01, "N(0, 0.1²) with options");
    const u = init.uniform_(w(), 3, 5);
    expect(u.min().item()).toBeGreaterThanOrEqual(3);
    expect(u.max().item()).toBeLessThan(5);
  });

  it("xavier_uniform_ and xavier_normal_: gain² · 2 / (fan_in + fan_out)", () => {
    expectVariance(init.xavier_uniform_(w()), 2 / (fanIn + fanOut), "xavier_uniform_");
    expectVariance(init.xavier_normal_(w()), 2 / (fanIn + fanOut), "xavier_normal_");
    const gain = init.calculate_gain("tanh");
    expectVariance(init.xavier_uniform_(w(), gain), (gain ** 2 * 2) / (fanIn + fanOut), "xavier_uniform_ tanh gain");
    expectVariance(init.xavier_normal_(w(), { gain }), (gain ** 2 * 2) / (fanIn + fanOut), "xavier_normal_ tanh gain");
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    expect(init.xavier_uniform_(w()).abs().max().item()).toBeLessThanOrEqual(bound);
  });

  it("kaiming_uniform_ and kaiming_normal_: gain² / fan, with a, mode and nonlinearity", () => {
    expectVariance(init.kaiming_normal_(w()), 2 / fanIn, "kaiming_normal_ default (leaky_relu, a=0: ReLU)");
    expectVariance(init.kaiming_uniform_(w()), 2 / fanIn, "kaiming_uniform_ default");
    expectVariance(init.kaiming_normal_(w(), { mode: "fan_out" }), 2 / fanOut, "kaiming_normal_ fan_out");
    expectVariance(init.kaiming_uniform_(w(), { a: 0.2 }), 2 / (1 + 0.04) / fanIn, "kaiming_uniform_ a=0.2");
    expectVariance(init.kaiming_normal_(w(), 0, "fan_in", "tanh"), 25 / 9 / fanIn, "kaiming_normal_ tanh, positional");
    expectVariance(init.kaiming_uniform_(w(), { nonlinearity: "linear", mode: "fan_out" }), 1 / fanOut, "kaiming_uniform_ linear fan_out");
  });

  it("Linear's default init is U(-1/√fan_in, 1/√fan_in) for weight and bias (kaiming_uniform_ with a = √5)", () => {
    const layer = new nn.Linear(fanIn, fanOut);
    const bound = 1 / Math.sqrt(fanIn);
    expectVariance(layer.weight, bound ** 2 / 3, "Linear weight");
    expect(layer.weight.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(layer.bias!.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(layer.weight.abs().max().item()).toBeGreaterThan(0.99 * bound);
  });

  it("fans count the receptive field for tensors with more than 2 dims", () => {
    expect(init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 3))).toEqual([36, 72]);
    expect(() => init.xavier_uniform_(torch.empty(5))).toThrow(/fewer than 2 dimensions/);
  });
});

describe("deterministic schemes", () => {
  it("constant_, zeros_, ones_, eye_", () => {
    expect(init.constant_(torch.empty(2, 2), 0.5).tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    expect(init.zeros_(torch.ones(3)).tolist()).toEqual([0, 0, 0]);
    expect(init.ones_(torch.zeros(2)).tolist()).toEqual([1, 1]);
    expect(init.eye_(torch.empty(2, 3)).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it("works on parameters (under no_grad) and returns the same tensor", () => {
    const layer = new nn.Linear(3, 3);
    expect(init.zeros_(layer.weight)).toBe(layer.weight);
    expect(layer.weight.requires_grad).toBe(true);
  });
});

describe("orthogonal_", () => {
  it("gives orthonormal rows (wide) or columns (tall), scaled by gain", () => {
    const tall = init.orthogonal_(torch.empty(64, 16));
    expect(tall.T.matmul(tall).sub(torch.eye(16)).abs().max().item()).toBeLessThan(1e-5);
    const wide = init.orthogonal_(torch.empty(16, 64), 2);
    expect(wide.matmul(wide.T).sub(torch.eye(16).mul(4)).abs().max().item()).toBeLessThan(1e-4);
    const square = init.orthogonal_(torch.empty(32, 32));
    // An orthogonal matrix preserves norms: every singular value is 1.
    const x = torch.randn(32, 5);
    expect(torch.allclose(square.matmul(x).norm(2, { dim: 0 }), x.norm(2, { dim: 0 }), { rtol: 1e-4 })).toBe(true);
  });
});
