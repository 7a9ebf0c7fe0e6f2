// Forward values against independent references: closed forms, float64 JS math, naive loops.
import { beforeEach, describe, expect, it } from "vitest";
import { F, type Tensor, torch } from "gradflow";

beforeEach(() => torch.manual_seed(7));

const flat = (t: Tensor): number[] => Array.from(t.toFlatArray());

function expectClose(actual: number[], expected: number[], tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a).toBeNaN();
    else expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
  });
}

/** erf to ~1e-15 by its Maclaurin series (|x| <= 3) — an independent float64 reference. */
function erf64(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe("activations against closed forms", () => {
  const xs = [-3, -1.5, -0.2, 0, 0.2, 1, 2.5];
  const x = () => torch.tensor(xs);
  const cases: [string, (t: Tensor) => Tensor, (v: number) => number][] = [
    ["sigmoid", (t) => t.sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    ["tanh", (t) => t.tanh(), Math.tanh],
    ["relu", (t) => F.relu(t), (v) => Math.max(v, 0)],
    ["leaky_relu", (t) => F.leaky_relu(t, { negative_slope: 0.2 }), (v) => (v > 0 ? v : 0.2 * v)],
    ["elu", (t) => F.elu(t), (v) => (v > 0 ? v : Math.exp(v) - 1)],
    ["gelu (exact)", (t) => F.gelu(t), (v) => 0.5 * v * (1 + erf64(v / Math.SQRT2))],
    ["gelu (tanh)", (t) => F.gelu(t, { approximate: "tanh" }),
      (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    ["silu", (t) => F.silu(t), (v) => v / (1 + Math.exp(-v))],
    ["softplus", (t) => F.softplus(t), (v) => Math.log(1 + Math.exp(v))],
    ["hardtanh", (t) => F.hardtanh(t), (v) => Math.min(Math.max(v, -1), 1)],
    ["erf", (t) => t.erf(), erf64],
  ];
  for (const [name, f, ref] of cases) it(name, () => expectClose(flat(f(x())), xs.map(ref), 2e-7));

  it("GELU(1) = 0.841345 (exact erf), and the tanh approximation differs slightly", () => {
    expect(F.gelu(torch.tensor(1)).item()).toBeCloseTo(0.8413447460685429, 6);
    expect(F.gelu(torch.tensor(1), { approximate: "tanh" }).item()).toBeCloseTo(0.8411919906082768, 6);
  });

  it("softmax is shift invariant, sums to one and survives huge inputs", () => {
    const s = F.softmax(torch.tensor([[1000, 1001, 1002], [-5, 0, 5]]), 1);
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const z = e[0] + e[1] + e[2];
    expectClose(flat(s).slice(0, 3), e.map((v) => v / z), 1e-5);
    expectClose(flat(s.sum(1)), [1, 1]);
    const ls = F.log_softmax(torch.tensor([1000, 1001, 1002]), { dim: 0 });
    expectClose(flat(ls), e.map((v) => Math.log(v / z)), 1e-4);
  });

  it("softplus is linear above its threshold", () => {
    expect(F.softplus(torch.tensor(30)).item()).toBe(30);
    expect(F.softplus(torch.tensor(3), { beta: 10, threshold: 20 }).item()).toBe(3);
  });
});

describe("elementwise arithmetic and broadcasting", () => {
  it("broadcasts [3, 1] with [4] to [3, 4]", () => {
    const a = torch.tensor([[1], [2], [3]]), b = torch.tensor([10, 20, 30, 40]);
    const c = a.mul(b).add(a);
    expect(c.shape).toEqual([3, 4]);
    expect(c.tolist()).toEqual([[11, 21, 31, 41], [22, 42, 62, 82], [33, 63, 93, 123]]);
  });

  it("accepts numbers wherever a tensor is", () => {
    expect(torch.add(2, torch.tensor([1, 2])).tolist()).toEqual([3, 4]);
    expect(torch.tensor([2, 4]).div(2).tolist()).toEqual([1, 2]);
    expect(torch.pow(2, torch.tensor([3])).tolist()).toEqual([8]);
    expect(torch.where(torch.tensor([true, false]), 1, torch.tensor([5, 6])).tolist()).toEqual([1, 6]);
  });

  it("works on strided views (transposed, sliced, expanded)", () => {
    const m = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
    expect(m.T.add(0).tolist()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(m.idx(":, 1::2").mul(m.idx(":, ::2")).tolist()).toEqual([[0, 6], [20, 42], [72, 110]]);
    expect(m.idx(":, 0:1").expand(3, 2).exp().log().tolist()).toEqual([[0, 0], [4, 4], [8, 8]]);
  });

  it("math functions match float64 JS math to float32 precision", () => {
    const v = [0.1, 0.5, 1.7, 3];
    const t = torch.tensor(v);
    const cases: [(x: Tensor) => Tensor, (x: number) => number][] = [
      [(x) => x.exp(), Math.exp], [(x) => x.log(), Math.log], [(x) => x.log1p(), Math.log1p], [(x) => x.sqrt(), Math.sqrt],
      [(x) => x.rsqrt(), (x) => 1 / Math.sqrt(x)], [(x) => x.reciprocal(), (x) => 1 / x], [(x) => x.square(), (x) => x * x],
      [(x) => x.sin(), Math.sin], [(x) => x.cos(), Math.cos], [(x) => x.pow(2.5), (x) => x ** 2.5], [(x) => x.neg().abs(), Math.abs],
    ];
    for (const [f, ref] of cases) expectClose(flat(f(t)), v.map(ref), 2e-7);
  });

  it("propagates NaN and Infinity like PyTorch instead of throwing", () => {
    const t = torch.tensor([NaN, Infinity, -Infinity, 0]);
    expect(flat(t.exp())).toEqual([NaN, Infinity, 0, 1]);
    expect(flat(torch.tensor([-1, 0]).log())).toEqual([NaN, -Infinity]);
    expect(flat(t.isnan().long())).toEqual([1, 0, 0, 0]);
    expect(flat(t.isfinite().long())).toEqual([0, 0, 0, 1]);
    expect(t.max().item()).toBeNaN();
    expect(flat(torch.maximum(t, 1))).toEqual([NaN, Infinity, 1, 1]);
    expect(flat(t.clamp(-1, 1))).toEqual([NaN, 1, -1, 0]);
  });

  it("comparisons return bool tensors", () => {
    const c = torch.tensor([1, 2, 3]).gt(2);
    expect(c.dtype).toBe(torch.bool);
    expect(c.tolist()).toEqual([false, false, true]);
    expect(torch.tensor([1, 2]).eq(torch.tensor([1, 5])).tolist()).toEqual([true, false]);
    expect(torch.tensor([1, 2]).le(1).tolist()).toEqual([true, false]);
  });

  it("promotes dtypes like PyTorch: int with float scalar is float, int with int stays int, division is float", () => {
    const i = torch.arange(3);
    expect(i.dtype).toBe(torch.int64);
    expect(i.mul(2).dtype).toBe(torch.int64);
    expect(i.mul(0.5).dtype).toBe(torch.float32);
    expect(i.div(2).tolist()).toEqual([0, 0.5, 1]);
    expect(i.float().add(torch.tensor([1], { dtype: torch.float64 })).dtype).toBe(torch.float64);
    expect(torch.tensor([1.7, -1.7]).long().tolist()).toEqual([1, -1]);
  });
});

describe("reductions", () => {
  const x = () => torch.tensor([[1, 2, 3, 4], [2, 4, 6, 8], [0, -1, 5, 2]]);

  it("sum and mean over dims, negative dims, lists and keepdim", () => {
    expect(x().sum().item()).toBe(36);
    expect(x().sum(0).tolist()).toEqual([3, 5, 14, 14]);
    expect(x().sum(-1, { keepdim: true }).tolist()).toEqual([[10], [20], [6]]);
    expect(x().sum([0, 1]).item()).toBe(36);
    expect(x().mean({ dim: 1 }).tolist()).toEqual([2.5, 5, 1.5]);
    expect(x().sum(1, true).shape).toEqual([3, 1]);
  });

  it("var and std are unbiased by default, with correction and unbiased options", () => {
    const t = torch.tensor([1, 2, 3, 4]);
    expect(t.var().item()).toBeCloseTo(5 / 3, 6);
    expect(t.var({ correction: 0 }).item()).toBeCloseTo(1.25, 6);
    expect(t.var({ unbiased: false }).item()).toBeCloseTo(1.25, 6);
    expect(t.std().item()).toBeCloseTo(Math.sqrt(5 / 3), 6);
    expect(x().std(0, { keepdim: true }).shape).toEqual([1, 4]);
    expectClose(flat(x().var(1)), [5 / 3, 20 / 3, 7]);
  });

  it("max/min with dim return values and indices, destructurable both ways", () => {
    const { values, indices } = x().max(1);
    expect(values.tolist()).toEqual([4, 8, 5]);
    expect(indices.tolist()).toEqual([3, 3, 2]);
    expect(indices.dtype).toBe(torch.int64);
    const [mins, where] = x().min(0, { keepdim: true });
    expect(mins.tolist()).toEqual([[0, -1, 3, 2]]);
    expect(where.tolist()).toEqual([[2, 2, 0, 2]]);
    expect(x().max().item()).toBe(8);
    expect(torch.tensor([1, 3, 3]).argmax().item()).toBe(1); // first of ties
    expect(x().argmax().item()).toBe(7);
    expect(x().argmin(1).tolist()).toEqual([0, 0, 1]);
    expect(x().max(torch.tensor(3)).tolist()).toEqual([[3, 3, 3, 4], [3, 4, 6, 8], [3, 3, 5, 3]]);
  });

  it("norm with p = 2, 1, Infinity and over a dim", () => {
    const t = torch.tensor([[3, -4], [0, 1]]);
    expect(t.norm().item()).toBeCloseTo(Math.sqrt(26), 5);
    expect(t.norm(1).item()).toBe(8);
    expect(t.norm(Infinity).item()).toBe(4);
    expect(t.norm(2, { dim: 1 }).tolist()).toEqual([5, 1]);
    expect(torch.zeros(3, { requires_grad: true }).norm().item()).toBe(0);
  });

  it("prod, logsumexp, all, any", () => {
    expect(x().prod(1).tolist().map((v: number) => v + 0)).toEqual([24, 384, 0]);
    expect(torch.tensor([1000, 1000]).logsumexp(0).item()).toBeCloseTo(1000 + Math.log(2), 3);
    expect(torch.tensor([-Infinity, -Infinity]).logsumexp(0).item()).toBe(-Infinity);
    expect(torch.tensor([1, 0]).all().item()).toBe(0);
    expect(torch.tensor([1, 0]).any().item()).toBe(1);
  });

  it("sum of ints stays int, mean of ints asks for .float()", () => {
    expect(torch.arange(4).sum().dtype).toBe(torch.int64);
    expect(() => torch.arange(4).mean()).toThrow(/floating point.*\.float\(\)/);
    expect(torch.tensor([true, true, false]).sum().item()).toBe(2);
  });
});

describe("matmul", () => {
  function naive(a: number[][], b: number[][]): number[][] {
    return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
  }
  it("matches a naive triple loop across block boundaries", () => {
    const a = torch.randn(70, 130), b = torch.randn(130, 600);
    const expected = naive(a.tolist(), b.tolist()).flat();
    expectClose(flat(a.matmul(b)), expected, 1e-4);
    expectClose(flat(a.T.contiguous().T.matmul(b)), expected, 1e-4);
  });
  it("handles 1-D operands and batched broadcasting like PyTorch", () => {
    const m = torch.tensor([[1, 2], [3, 4]]), v = torch.tensor([1, 1]);
    expect(m.matmul(v).tolist()).toEqual([3, 7]);
    expect(v.matmul(m).tolist()).toEqual([4, 6]);
    expect(v.matmul(v).item()).toBe(2);
    expect(v.matmul(v).shape).toEqual([]);
    const batch = torch.randn(2, 1, 3, 4).matmul(torch.randn(5, 4, 2));
    expect(batch.shape).toEqual([2, 5, 3, 2]);
    const a = torch.randn(2, 3, 4), b = torch.randn(4, 5);
    expectClose(flat(a.matmul(b).idx(1)), flat(a.idx(1).matmul(b)), 1e-6);
    expect(torch.outer(torch.tensor([1, 2]), torch.tensor([3, 4, 5])).tolist()).toEqual([[3, 4, 5], [6, 8, 10]]);
  });
});

describe("shape and indexing", () => {
  const m = () => torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);
  it("views share storage; reshape copies only when it must", () => {
    const t = m();
    expect(t.transpose(0, 2).storage).toBe(t.storage);
    expect(t.transpose(0, 2).is_contiguous()).toBe(false);
    expect(t.transpose(0, 2).reshape(-1).idx("0:3").tolist()).toEqual([0, 12, 4]);
    expect(() => t.transpose(0, 2).view(-1)).toThrow(/reshape/);
    // a view can split or merge dims that stay contiguous in memory, even in a non-contiguous tensor
    const split = t.transpose(0, 1).view(3, 2, 2, 2);
    expect(split.storage).toBe(t.storage);
    expect(split.contiguous().tolist()).toEqual(t.transpose(0, 1).reshape(3, 2, 2, 2).contiguous().tolist());
    expect(t.idx(":, :, 1:3").view(6, 2).idx(":, 0").tolist()).toEqual([1, 5, 9, 13, 17, 21]);
    expect(t.flatten(1).shape).toEqual([2, 12]);
    expect(t.unsqueeze(-1).shape).toEqual([2, 3, 4, 1]);
    expect(torch.zeros(1, 3, 1).squeeze().shape).toEqual([3]);
    expect(torch.zeros(1, 3, 1).squeeze(0).shape).toEqual([3, 1]);
    expect(t.permute(2, 0, 1).shape).toEqual([4, 2, 3]);
  });
  it("idx follows Python indexing", () => {
    const t = m();
    expect(t.idx(1, 2).tolist()).toEqual([20, 21, 22, 23]);
    expect(t.idx("1, 2, -1").item()).toBe(23);
    expect(t.idx("..., 0").tolist()).toEqual([[0, 4, 8], [12, 16, 20]]);
    expect(t.idx(0, "::2", "1:3").tolist()).toEqual([[1, 2], [9, 10]]);
    expect(t.idx(0, null).shape).toEqual([1, 3, 4]);
    expect(t.idx(0, 0, "-2:").tolist()).toEqual([2, 3]);
    expect(t.idx(0, 0, "10:20").tolist()).toEqual([]);
    expect(t.idx(0, torch.tensor([2, 0], { dtype: torch.int64 })).idx(":, 0").tolist()).toEqual([8, 0]);
  });
  it("gather, index_select, masked_fill, cat, stack, split, chunk, repeat, expand", () => {
    const s = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    const idx = torch.tensor([[2, 0], [1, 1]], { dtype: torch.int64 });
    expect(s.gather(1, idx).tolist()).toEqual([[3, 1], [5, 5]]);
    expect(s.index_select(1, torch.tensor([2, 2, 0], { dtype: torch.int64 })).tolist()).toEqual([[3, 3, 1], [6, 6, 4]]);
    expect(s.masked_fill(s.gt(3), -1).tolist()).toEqual([[1, 2, 3], [-1, -1, -1]]);
    expect(torch.cat([s, s.mul(10)], 1).tolist()).toEqual([[1, 2, 3, 10, 20, 30], [4, 5, 6, 40, 50, 60]]);
    expect(torch.stack([s, s], 2).shape).toEqual([2, 3, 2]);
    expect(s.split(2, 1).map((p) => p.shape)).toEqual([[2, 2], [2, 1]]);
    expect(s.chunk(3, 1).map((p) => p.tolist())).toEqual([[[1], [4]], [[2], [5]], [[3], [6]]]);
    expect(torch.tensor([1, 2]).repeat(2, 2).tolist()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(torch.tensor([[1], [2]]).expand(-1, 3).tolist()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect([...s].map((r) => r.tolist())).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(s.idx(s.gt(2)).tolist()).toEqual([3, 4, 5, 6]);
    expect(s.idx(torch.tensor([false, true])).tolist()).toEqual([[4, 5, 6]]);
    expect(s.gt(4).nonzero().tolist()).toEqual([[1, 1], [1, 2]]);
  });
  it("in-place ops write through views", () => {
    const t = torch.zeros(2, 3);
    t.idx(":, 1").fill_(7);
    t.T.idx(2).add_(torch.tensor([1, 2]));
    expect(t.tolist()).toEqual([[0, 7, 1], [0, 7, 2]]);
    t.zero_();
    expect(t.sum().item()).toBe(0);
  });
});

describe("creation and random numbers", () => {
  it("creates from nested arrays, sizes as varargs or arrays, and ranges", () => {
    expect(torch.tensor([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(torch.zeros(2, 3).shape).toEqual(torch.zeros([2, 3]).shape);
    expect(torch.ones([2], { dtype: torch.int64 }).tolist()).toEqual([1, 1]);
    expect(torch.full([2], 3.5).tolist()).toEqual([3.5, 3.5]);
    expect(torch.arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(torch.arange(5).dtype).toBe(torch.int64);
    expect(torch.linspace(0, 1, 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(torch.eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(torch.zeros_like(torch.eye(2)).shape).toEqual([2, 2]);
    expect(torch.tensor(new Float32Array([1, 2])).tolist()).toEqual([1, 2]);
  });

  it("the same seed gives the same numbers; generators are independent", () => {
    torch.manual_seed(42);
    const a = torch.randn(5).tolist();
    torch.manual_seed(42);
    expect(torch.randn(5).tolist()).toEqual(a);
    const g = new torch.Generator().manual_seed(42);
    torch.manual_seed(1);
    expect(torch.randn(5, { generator: g }).tolist()).toEqual(a);
  });

  it("implements xoshiro128** exactly (reference output for state 1, 2, 3, 4)", () => {
    const g = new torch.Generator().set_state(new Uint32Array([1, 2, 3, 4]));
    expect(g.nextUint32()).toBe(11520); // rotl(2 * 5, 7) * 9, from the reference C implementation
    expect(g.nextUint32()).toBe(0);
    expect(g.nextUint32()).toBe(5927040); // state [7, 0, 1026, 12288] -> [12295, 1029, 1029, 25165824]: rotl(1029 * 5, 7) * 9
  });

  it("rand, randn, randint have the right distributions", () => {
    torch.manual_seed(0);
    const u = torch.rand(20000), n = torch.randn(20000);
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
    expect(u.mean().item()).toBeCloseTo(0.5, 2);
    expect(n.mean().item()).toBeCloseTo(0, 1);
    expect(n.std().item()).toBeCloseTo(1, 1);
    const r = torch.randint(3, 7, [5000]);
    expect(r.dtype).toBe(torch.int64);
    expect(r.min().item()).toBe(3);
    expect(r.max().item()).toBe(6);
    expect(torch.randint(10, [3]).shape).toEqual([3]);
    expect([...torch.randperm(6).tolist()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
