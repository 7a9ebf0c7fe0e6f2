// nn.utils against direct computations: the global gradient norm for p = 2, 1 and ∞, the clipping rule
// g · min(1, max_norm / (total + 1e-6)), value clipping, and flattening parameters to one vector and back.
import { describe, expect, it } from "vitest";
import { nn, torch } from "gradflow";

function withGrads(grads: number[][]) {
  return grads.map((g) => {
    const p = torch.zeros(g.length, { requires_grad: true });
    p.grad = torch.tensor(g);
    return p;
  });
}

describe("clip_grad_norm_", () => {
  const grads = [[3, -4], [12], [0, 0, 0]];
  const flat = grads.flat();

  it("returns the total norm for p = 2, 1 and Infinity", () => {
    expect(nn.utils.clip_grad_norm_(withGrads(grads), 1e9).item()).toBeCloseTo(13, 5);
    expect(nn.utils.clip_grad_norm_(withGrads(grads), 1e9, 1).item()).toBeCloseTo(19, 5);
    expect(nn.utils.clip_grad_norm_(withGrads(grads), 1e9, { norm_type: Infinity }).item()).toBe(12);
  });

  it("rescales every gradient by max_norm / (total + 1e-6) when the total exceeds max_norm, keeping the direction", () => {
    const params = withGrads(grads);
    const total = nn.utils.clip_grad_norm_(params, 1.3).item();
    const coef = 1.3 / (13 + 1e-6);
    const after = params.flatMap((p) => p.grad!.tolist() as number[]);
    after.forEach((g, i) => expect(g).toBeCloseTo(flat[i] * coef, 6));
    expect(total).toBeCloseTo(13, 5);
    const l2 = Math.sqrt(after.reduce((s, g) => s + g * g, 0));
    expect(l2).toBeCloseTo(1.3, 5);
  });

  it("leaves small gradients alone, skips parameters without a gradient, and can refuse non-finite norms", () => {
    const params = withGrads(grads);
    params.push(torch.zeros(2, { requires_grad: true }));
    nn.utils.clip_grad_norm_(params, 100);
    expect(params.flatMap((p) => (p.grad ? (p.grad.tolist() as number[]) : []))).toEqual(flat);
    expect(() => nn.utils.clip_grad_norm_(withGrads([[NaN]]), 1, { error_if_nonfinite: true })).toThrow(/non-finite/);
    expect(nn.utils.clip_grad_norm_(withGrads([]), 1).item()).toBe(0);
  });

  it("works on a model's parameters", () => {
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 1));
    model(torch.randn(16, 4)).mul(100).sum().backward();
    const manual = Math.sqrt([...model.parameters()].reduce((s, p) => s + p.grad!.square().sum().item(), 0));
    expect(nn.utils.clip_grad_norm_(model.parameters(), 0.5).item()).toBeCloseTo(manual, 2);
    const after = Math.sqrt([...model.parameters()].reduce((s, p) => s + p.grad!.square().sum().item(), 0));
    expect(after).toBeCloseTo(0.5, 4);
  });
});

describe("clip_grad_value_ and vectors", () => {
  it("clip_grad_value_ clamps each element", () => {
    const params = withGrads([[3, -4, 0.5]]);
    nn.utils.clip_grad_value_(params, 1);
    expect(params[0].grad!.tolist()).toEqual([1, -1, 0.5]);
  });

  it("parameters_to_vector concatenates, vector_to_parameters writes back", () => {
    const layer = new nn.Linear(2, 3);
    const vec = nn.utils.parameters_to_vector(layer.parameters());
    expect(vec.shape).toEqual([9]);
    expect(vec.narrow(0, 0, 6).tolist()).toEqual(layer.weight.reshape(-1).tolist());
    nn.utils.vector_to_parameters(torch.arange(9).float(), layer.parameters());
    expect(layer.bias!.tolist()).toEqual([6, 7, 8]);
    expect(() => nn.utils.vector_to_parameters(torch.zeros(4), layer.parameters())).toThrow(/expected a vector of 9 elements/);
  });
});
