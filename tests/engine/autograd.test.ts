// Autograd semantics, checked against PyTorch's documented behaviour and closed-form derivatives.
import { describe, expect, it } from "vitest";
import { F, GradflowError, torch } from "gradflow";

const leaf = (data: any) => torch.tensor(data, { requires_grad: true });

describe("backward", () => {
  it("gives closed-form derivatives: σ'(0) = 0.25, σ'(5) ≈ 0.006648, tanh'(0) = 1", () => {
    const x = leaf([0, 5]);
    x.sigmoid().sum().backward();
    expect(x.grad!.tolist()[0]).toBe(0.25);
    const s5 = 1 / (1 + Math.exp(-5));
    expect(x.grad!.tolist()[1]).toBeCloseTo(s5 * (1 - s5), 7);
    expect(x.grad!.tolist()[1]).toBeCloseTo(0.006648, 6);
    const z = leaf(0);
    z.tanh().backward();
    expect(z.grad!.item()).toBe(1);
  });

  it("accumulates gradients across backward calls until zeroed", () => {
    const x = leaf([1, 2]);
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 6]);
    x.grad!.zero_();
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
  });

  it("frees the graph: a second backward fails clearly unless retain_graph was passed", () => {
    const x = leaf([1, 2]);
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(/backward through the graph a second time.*retain_graph/);
    const w = x.add(1); // AddBackward0 and SumBackward0 save no tensors: PyTorch allows a second pass
    w.sum().backward();
    w.sum().backward();
    const z = x.exp().sum();
    z.backward({ retain_graph: true });
    z.backward();
    expect(x.grad!.tolist()[0]).toBeCloseTo(Math.E * 3 + 2, 5);
  });

  it("needs an explicit gradient for non-scalar outputs", () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(GradflowError);
    expect(() => y.backward()).toThrow(/grad can be implicitly created only for scalar outputs/);
    y.backward(torch.tensor([1, 10, 100]));
    expect(x.grad!.tolist()).toEqual([2, 20, 200]);
  });

  it("fails clearly on a tensor that does not require grad", () => {
    expect(() => torch.ones(2).sum().backward()).toThrow(/does not require grad/);
  });

  it("sums gradients over every path (diamond graph)", () => {
    const x = leaf(3);
    const a = x.mul(x), b = x.mul(4);
    a.add(b).mul(a).backward(); // f = (x² + 4x) x², f' = 4x³ + 12x²
    expect(x.grad!.item()).toBeCloseTo(4 * 27 + 12 * 9, 4);
  });

  it("keeps .grad only on leaves unless retain_grad() is called", () => {
    const x = leaf([1, 2]);
    const h = x.mul(2), k = x.mul(3);
    h.retain_grad();
    h.mul(k).sum().backward();
    expect(h.grad!.tolist()).toEqual([3, 6]);
    expect(k.grad).toBeNull();
    expect(h.is_leaf).toBe(false);
    expect(x.is_leaf).toBe(true);
    expect(h.retains_grad).toBe(true);
  });

  it("runs hooks, and a hook's return value replaces the gradient", () => {
    const x = leaf([1, 2]);
    const seen: number[][] = [];
    x.register_hook((g) => { seen.push(g.tolist()); });
    const h = x.mul(2);
    const handle = h.register_hook((g) => g.mul(10));
    h.sum().backward();
    expect(seen).toEqual([[20, 20]]);
    expect(x.grad!.tolist()).toEqual([20, 20]);
    handle.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it("exposes the graph through grad_fn and next_functions", () => {
    const x = leaf([1, 2]);
    const w = torch.ones(2); // does not require grad
    const y = x.mul(w).tanh().sum();
    expect(y.grad_fn!.name()).toBe("SumBackward0");
    const [[tanhNode]] = y.grad_fn!.next_functions;
    expect(tanhNode!.name()).toBe("TanhBackward0");
    const [[mulNode]] = tanhNode!.next_functions;
    expect(mulNode!.name()).toBe("MulBackward0");
    const [[acc], [none]] = mulNode!.next_functions;
    expect(acc!.name()).toBe("AccumulateGrad");
    expect((acc as any).variable).toBe(x);
    expect(none).toBeNull();
  });
});

describe("no_grad, detach, requires_grad", () => {
  it("no_grad records nothing and restores grad mode, even after a throw", () => {
    const x = leaf([1, 2]);
    const y = torch.no_grad(() => x.mul(2));
    expect(y.requires_grad).toBe(false);
    expect(y.grad_fn).toBeNull();
    expect(() => torch.no_grad(() => { throw new Error("boom"); })).toThrow("boom");
    expect(torch.is_grad_enabled()).toBe(true);
    expect(x.mul(2).requires_grad).toBe(true);
  });

  it("detach shares storage but cuts the graph", () => {
    const x = leaf([1, 2]);
    const d = x.detach();
    expect(d.requires_grad).toBe(false);
    torch.no_grad(() => d.mul_(5));
    expect(x.tolist()).toEqual([5, 10]);
  });

  it("only floating point leaves may require grad; in-place updates of such leaves need no_grad", () => {
    expect(() => torch.tensor([1, 2], { dtype: torch.int64 }).requires_grad_()).toThrow(/floating point/);
    const w = leaf([1, 2]);
    expect(() => w.sub_(1)).toThrow(/leaf tensor that requires grad.*in-place/);
    torch.no_grad(() => w.sub_(1));
    expect(w.tolist()).toEqual([0, 1]);
    expect(() => w.mul(2).requires_grad_(false)).toThrow(/leaf/);
  });
});

describe("torch.autograd.grad", () => {
  it("returns gradients without touching .grad", () => {
    const x = leaf([1, 2]), y = leaf([3, 4]);
    const [gx, gy] = torch.autograd.grad(x.mul(y).sum(), [x, y]);
    expect(gx!.tolist()).toEqual([3, 4]);
    expect(gy!.tolist()).toEqual([1, 2]);
    expect(x.grad).toBeNull();
  });

  it("computes second derivatives with create_graph: tanh'' = -2 tanh (1 - tanh²)", () => {
    const x = leaf([0.3, -1.2]);
    const [g] = torch.autograd.grad(x.tanh().sum(), x, { create_graph: true });
    const [gg] = torch.autograd.grad(g!.sum(), x);
    gg!.tolist().forEach((v: number, i: number) => {
      const t = Math.tanh([0.3, -1.2][i]);
      expect(v).toBeCloseTo(-2 * t * (1 - t * t), 5);
    });
  });

  it("second derivative of GELU matches its closed form 2φ(x) - x²φ(x)", () => {
    const x = leaf([0.7]);
    const [g] = torch.autograd.grad(F.gelu(x).sum(), x, { create_graph: true });
    const [gg] = torch.autograd.grad(g!, x);
    const phi = Math.exp(-0.49 / 2) / Math.sqrt(2 * Math.PI);
    expect(gg!.item()).toBeCloseTo(2 * phi - 0.7 * 0.7 * phi, 5);
  });

  it("grad_outputs weights a non-scalar output: the vector-Jacobian product vᵀJ (one tensor, or one per output)", () => {
    const x = leaf([0.5, -2, 3]), v = [0.1, 10, -1];
    const [g] = torch.autograd.grad(x.mul(x), x, { grad_outputs: torch.tensor(v) }); // J = diag(2x)
    g!.tolist().forEach((gi: number, i: number) => expect(gi).toBeCloseTo(2 * [0.5, -2, 3][i]! * v[i]!, 5));
    const [both] = torch.autograd.grad([x.mul(2), x.sum()], x, { grad_outputs: [torch.tensor(v), torch.tensor(3)] });
    both!.tolist().forEach((gi: number, i: number) => expect(gi).toBeCloseTo(2 * v[i]! + 3, 5));
    expect(() => torch.autograd.grad(x.mul(x), x, { grad_outputs: torch.ones(2) })).toThrow(/shape \[2\].*shape \[3\]/);
  });

  it("complains about unused inputs unless allow_unused", () => {
    const x = leaf(1), y = leaf(2);
    expect(() => torch.autograd.grad(x.mul(2), [x, y])).toThrow(/not have been used/);
    expect(torch.autograd.grad(x.mul(2), [x, y], { allow_unused: true })[1]).toBeNull();
  });
});
