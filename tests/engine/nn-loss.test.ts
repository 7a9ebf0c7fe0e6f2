// Losses against their definitions evaluated in float64 JS arithmetic, PyTorch's reduction and weighting rules, and
// numerical stability at logits of ±1000.
import { describe, expect, it } from "vitest";
import { F, nn, torch } from "gradflow";
import { gradcheck } from "./gradcheck";

const long = (v: number[]) => torch.tensor(v, { dtype: torch.int64 });
const logSumExp = (row: number[]) => {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe("regression losses", () => {
  it("mse_loss and l1_loss with every reduction", () => {
    const a = torch.tensor([1, 2, 3]), b = torch.tensor([0, 4, 3]);
    expect(F.mse_loss(a, b).item()).toBeCloseTo(5 / 3, 6);
    expect(F.mse_loss(a, b, { reduction: "sum" }).item()).toBe(5);
    expect(F.mse_loss(a, b, { reduction: "none" }).tolist()).toEqual([1, 4, 0]);
    expect(F.l1_loss(a, b).item()).toBeCloseTo(1, 6);
    expect(new nn.L1Loss({ reduction: "sum" })(a, b).item()).toBe(3);
    expect(new nn.MSELoss()(a, b).item()).toBeCloseTo(5 / 3, 6);
  });

  it("refuse silently-broadcasting shapes", () => {
    expect(() => F.mse_loss(torch.zeros(4, 1), torch.zeros(4))).toThrow(/target shape \[4\] differs from input shape \[4, 1\]/);
  });
});

describe("cross_entropy and nll_loss", () => {
  const logits = [[2, -1, 0.5], [0.1, 0.2, 3], [-1, 4, 0]];
  const target = [0, 2, 1];
  const perExample = logits.map((row, i) => logSumExp(row) - row[target[i]]);

  it("equal -log softmax at the target, averaged", () => {
    const loss = F.cross_entropy(torch.tensor(logits), long(target));
    expect(loss.item()).toBeCloseTo(perExample.reduce((a, b) => a + b) / 3, 5);
    const none = F.cross_entropy(torch.tensor(logits), long(target), { reduction: "none" }).tolist() as number[];
    none.forEach((v, i) => expect(v).toBeCloseTo(perExample[i], 5));
    expect(new nn.CrossEntropyLoss()(torch.tensor(logits), long(target)).item()).toBeCloseTo(loss.item(), 6);
    expect(F.nll_loss(F.log_softmax(torch.tensor(logits), 1), long(target)).item()).toBeCloseTo(loss.item(), 6);
  });

  it("has gradient softmax - one_hot (over N for the mean)", () => {
    const x = torch.tensor(logits, { requires_grad: true });
    F.cross_entropy(x, long(target)).backward();
    const expected = logits.map((row, i) => {
      const z = logSumExp(row);
      return row.map((v, c) => (Math.exp(v - z) - (c === target[i] ? 1 : 0)) / 3);
    });
    expect(torch.allclose(x.grad!, torch.tensor(expected), { atol: 1e-6 })).toBe(true);
    gradcheck((z) => F.cross_entropy(z, long(target), { label_smoothing: 0.1 }),
      [torch.tensor(logits, { dtype: torch.float64, requires_grad: true })]);
  });

  it("is finite and exact for logits of ±1000", () => {
    const x = torch.tensor([[1000, -1000], [-1000, 1000], [1000, 1000]], { requires_grad: true });
    const loss = F.cross_entropy(x, long([1, 1, 0]), { reduction: "none" });
    const values = loss.tolist() as number[];
    expect(values[0]).toBeCloseTo(2000, 3);
    expect(values[1]).toBeCloseTo(0, 12);
    expect(values[2]).toBeCloseTo(Math.log(2), 6);
    loss.sum().backward();
    expect(x.grad!.isfinite().all().item()).toBe(1);
    expect(x.grad!.tolist()).toEqual([[1, -1], [0, 0], [-0.5, 0.5]]);
  });

  it("class weights: weighted mean divides by the summed weights of the targets", () => {
    const w = [1, 2, 0.5];
    const loss = F.cross_entropy(torch.tensor(logits), long(target), { weight: torch.tensor(w) }).item();
    const num = perExample.reduce((s, l, i) => s + w[target[i]] * l, 0);
    const den = target.reduce((s, t) => s + w[t], 0);
    expect(loss).toBeCloseTo(num / den, 5);
  });

  it("ignore_index skips targets in the loss, the gradient and the count", () => {
    const x = torch.tensor(logits, { requires_grad: true });
    const loss = F.cross_entropy(x, long([0, -100, 1]));
    expect(loss.item()).toBeCloseTo((perExample[0] + perExample[2]) / 2, 5);
    loss.backward();
    expect(x.grad!.select(0, 1).abs().sum().item()).toBe(0);
    expect(F.nll_loss(torch.tensor(logits), long([0, 7, 1]), { ignore_index: 7 }).item()).toBeCloseTo(-(2 + 4) / 2, 6);
  });

  it("label smoothing: (1 - ε) · CE + ε · mean over classes of -log p", () => {
    const eps = 0.2;
    const expected = logits.map((row, i) => {
      const z = logSumExp(row);
      const uniform = row.reduce((s, v) => s + (z - v), 0) / row.length;
      return (1 - eps) * perExample[i] + eps * uniform;
    });
    const loss = F.cross_entropy(torch.tensor(logits), long(target), { label_smoothing: eps }).item();
    expect(loss).toBeCloseTo(expected.reduce((a, b) => a + b) / 3, 5);
  });

  it("accepts class-probability targets", () => {
    const probs = [[0.5, 0.5, 0], [0, 0, 1], [0.2, 0.6, 0.2]];
    const expected = logits.map((row, i) => probs[i].reduce((s, p, c) => s + p * (logSumExp(row) - row[c]), 0));
    const loss = F.cross_entropy(torch.tensor(logits), torch.tensor(probs)).item();
    expect(loss).toBeCloseTo(expected.reduce((a, b) => a + b) / 3, 5);
  });

  it("explains a float target and an out-of-range class", () => {
    expect(() => F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]))).toThrow(/class indices \(int64\)/);
    expect(() => F.cross_entropy(torch.zeros(2, 3), long([0, 3]))).toThrow(/target 3 is out of bounds for 3 classes/);
  });
});

describe("binary cross-entropy", () => {
  const x = [-3, -0.5, 0, 0.5, 3];
  const t = [0, 1, 1, 0, 1];
  const expected = x.map((v, i) => -(t[i] * Math.log(sigmoid(v)) + (1 - t[i]) * Math.log(1 - sigmoid(v))));
  const mean = expected.reduce((a, b) => a + b) / x.length;

  it("with logits: value and gradient σ(x) - t, including at x = 0", () => {
    const logits = torch.tensor(x, { requires_grad: true });
    const loss = F.binary_cross_entropy_with_logits(logits, torch.tensor(t));
    expect(loss.item()).toBeCloseTo(mean, 6);
    loss.backward();
    const grad = logits.grad!.tolist() as number[];
    grad.forEach((g, i) => expect(g).toBeCloseTo((sigmoid(x[i]) - t[i]) / x.length, 6));
    expect(new nn.BCEWithLogitsLoss()(torch.tensor(x), torch.tensor(t)).item()).toBeCloseTo(mean, 6);
  });

  it("with logits: stable at ±1000", () => {
    const logits = torch.tensor([1000, -1000, 1000, -1000], { requires_grad: true });
    const loss = F.binary_cross_entropy_with_logits(logits, torch.tensor([1, 0, 0, 1]), { reduction: "none" });
    expect(loss.tolist()).toEqual([0, 0, 1000, 1000]);
    loss.sum().backward();
    expect(logits.grad!.tolist()).toEqual([0, 0, 1, -1]);
  });

  it("with logits: pos_weight multiplies the positive term", () => {
    const pw = 3;
    const manual = x.map((v, i) => -(pw * t[i] * Math.log(sigmoid(v)) + (1 - t[i]) * Math.log(1 - sigmoid(v))));
    const loss = F.binary_cross_entropy_with_logits(torch.tensor(x), torch.tensor(t), { pos_weight: torch.tensor([pw]) });
    expect(loss.item()).toBeCloseTo(manual.reduce((a, b) => a + b) / x.length, 5);
    gradcheck((z) => F.binary_cross_entropy_with_logits(z, torch.tensor(t, { dtype: torch.float64 }), { pos_weight: torch.tensor([pw], { dtype: torch.float64 }) }),
      [torch.tensor(x.map((v) => v + 0.1), { dtype: torch.float64, requires_grad: true })]);
  });

  it("on probabilities: value, gradient (x - t) / (x (1 - x)), and the -100 log clamp at 0 and 1", () => {
    const p = torch.tensor(x.map(sigmoid), { requires_grad: true });
    const loss = F.binary_cross_entropy(p, torch.tensor(t));
    expect(loss.item()).toBeCloseTo(mean, 5);
    loss.backward();
    (p.grad!.tolist() as number[]).forEach((g, i) => {
      const s = sigmoid(x[i]);
      expect(g).toBeCloseTo((s - t[i]) / (s * (1 - s)) / x.length, 4);
    });
    expect(F.binary_cross_entropy(torch.tensor([0, 1]), torch.tensor([1, 0]), { reduction: "none" }).tolist()).toEqual([100, 100]);
    expect(new nn.BCELoss({ weight: torch.tensor([2, 0]) })(torch.tensor([0.5, 0.5]), torch.tensor([1, 1])).item()).toBeCloseTo(Math.log(2), 6);
  });
});
