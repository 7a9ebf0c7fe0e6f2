// Printing against strings PyTorch produces (derived from torch/_tensor_str.py's rules with default options:
// 4 decimals, scientific when max/min > 1000, max > 1e8 or min < 1e-4, integer-valued floats as `1.`,
// `...` above 1000 elements with 3 edge items, 80-column lines, suffixes wrapped past column 80).
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { torch } from "gradflow";
import { formatFixed, formatScientific } from "../../engine/format";

const f32 = (data: any) => torch.tensor(data);

describe("tensor printing matches PyTorch", () => {
  const cases: [string, () => unknown, string][] = [
    ["mixed signs pad to one width", () => f32([[0.1234, -1.2]]), "tensor([[ 0.1234, -1.2000]])"],
    ["0-d tensor", () => f32(0.5), "tensor(0.5000)"],
    ["0-d integer-valued float", () => f32(5), "tensor(5.)"],
    ["integer-valued floats", () => f32([1, -2, 3]), "tensor([ 1., -2.,  3.])"],
    ["all zeros", () => torch.zeros(2), "tensor([0., 0.])"],
    ["small magnitude switches to scientific", () => f32([1e-5, 1]), "tensor([1.0000e-05, 1.0000e+00])"],
    ["large integers switch to scientific", () => f32([1e10, 1]), "tensor([1.0000e+10, 1.0000e+00])"],
    ["wide ratio switches to scientific", () => f32([100000, 1.5]), "tensor([1.0000e+05, 1.5000e+00])"],
    ["negatives", () => f32([-0.5, 0.25]), "tensor([-0.5000,  0.2500])"],
    ["ties round half to even like Python", () => f32([0.03125, 1]), "tensor([0.0312, 1.0000])"],
    ["nan and inf", () => f32([1, NaN, Infinity]), "tensor([1., nan, inf])"],
    ["int64", () => torch.tensor([1, -10, 100], { dtype: torch.int64 }), "tensor([  1, -10, 100])"],
    ["bool", () => torch.tensor([true, false]), "tensor([ True, False])"],
    ["float64 names its dtype", () => torch.tensor([1.5], { dtype: torch.float64 }), "tensor([1.5000], dtype=torch.float64)"],
    ["empty", () => torch.zeros(0), "tensor([])"],
    ["empty 2-D shows its size", () => torch.zeros(2, 0), "tensor([], size=(2, 0))"],
    ["empty int64 shows its dtype", () => torch.zeros(0, { dtype: torch.int64 }), "tensor([], dtype=torch.int64)"],
    ["requires_grad on a leaf", () => torch.tensor([1, 2], { requires_grad: true }), "tensor([1., 2.], requires_grad=True)"],
    ["grad_fn on a result", () => torch.tensor([1, 2], { requires_grad: true }).mul(2), "tensor([2., 4.], grad_fn=<MulBackward0>)"],
    ["3-D blocks separated by a blank line", () => torch.zeros(2, 2, 2),
      "tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])"],
    ["long vectors wrap at 80 columns", () => torch.arange(20, { dtype: torch.float32 }),
      "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19.])"],
    ["summarised vector", () => torch.arange(2000, { dtype: torch.float32 }),
      "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])"],
    ["summarised matrix", () => torch.zeros(100, 100),
      "tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n" +
      "        ...,\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.]])"],
    ["suffix wraps past column 80", () => torch.ones(13, { requires_grad: true }).mul(2),
      "tensor([2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2., 2.],\n       grad_fn=<MulBackward0>)"],
  ];
  for (const [name, make, expected] of cases) {
    it(name, () => {
      const t = make();
      expect(String(t)).toBe(expected);
      expect(inspect(t)).toBe(expected);
    });
  }

  it("grad_fn names follow PyTorch", () => {
    const x = torch.tensor([[0.5, -1]], { requires_grad: true });
    expect(String(x.tanh())).toBe("tensor([[ 0.4621, -0.7616]], grad_fn=<TanhBackward0>)");
    expect(x.matmul(x.T).grad_fn!.name()).toBe("MmBackward0");
    expect(x.sum().grad_fn!.name()).toBe("SumBackward0");
    expect(x.sum(1).grad_fn!.name()).toBe("SumBackward1");
    expect(x.add(1).grad_fn!.name()).toBe("AddBackward0");
    expect(torch.sub(1, x).grad_fn!.name()).toBe("RsubBackward1");
    expect(x.mean().grad_fn!.name()).toBe("MeanBackward0");
    expect(x.sigmoid().grad_fn!.name()).toBe("SigmoidBackward0");
    expect(x.relu().grad_fn!.name()).toBe("ReluBackward0");
    expect(x.pow(2).grad_fn!.name()).toBe("PowBackward0");
    expect(x.reshape(-1).grad_fn!.name()).toBe("ViewBackward0");
    expect(x.transpose(0, 1).grad_fn!.name()).toBe("TransposeBackward0");
    expect(x.idx(0).grad_fn!.name()).toBe("SelectBackward0");
  });

  it("set_printoptions changes precision, summarisation and notation, and profile: default restores them", () => {
    try {
      torch.set_printoptions({ precision: 2 });
      expect(String(torch.tensor([0.1234, -1.2]))).toBe("tensor([ 0.12, -1.20])");
      torch.set_printoptions({ threshold: 5, edgeitems: 2 });
      expect(String(torch.arange(10))).toBe("tensor([0, 1,  ..., 8, 9])");
      torch.set_printoptions({ profile: "default", sci_mode: true });
      // PyTorch keeps the width measured for fixed notation (7), so nothing is padded
      expect(String(torch.tensor([0.5, -1.5]))).toBe("tensor([5.0000e-01, -1.5000e+00])");
    } finally {
      torch.set_printoptions({ profile: "default" });
    }
    expect(String(torch.tensor([0.5, -1.5]))).toBe("tensor([ 0.5000, -1.5000])");
  });

  it("max(dim) prints like torch.return_types.max", () => {
    const r = torch.tensor([[1, 5], [7, 2]]).max(1);
    expect(inspect(r)).toBe("torch.return_types.max(\nvalues=tensor([5., 7.]),\nindices=tensor([1, 0]))");
  });
});

describe("number formatting matches Python's format() (which PyTorch's printer calls)", () => {
  // [value, f"{v:.4f}", f"{v:.0f}", f"{v:.4e}"] produced by Python from float32 values: see fixtures/python-format.py
  const rows: [number, string, string, string][] = JSON.parse(readFileSync(new URL("./fixtures/python-format.json", import.meta.url), "utf8"));
  it("fixed and scientific notation, including round-half-to-even ties", () => {
    expect(rows.length).toBeGreaterThan(500);
    for (const [v, fixed4, fixed0, sci4] of rows) {
      expect([formatFixed(v, 4), formatFixed(v, 0), formatScientific(v, 4)]).toEqual([fixed4, fixed0, sci4]);
    }
  });
});
