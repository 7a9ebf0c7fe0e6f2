// A float64 finite-difference gradient checker, like torch.autograd.gradcheck. Inputs are float64 tensors, so the
// whole forward runs in double precision; the loss is a random projection sum(f(x) * w), whose gradient is
// compared entry by entry with central differences. A wrong backward formula (factor, sign, missing term,
// wrong broadcast reduction) shows up as an O(1) difference, while the numerical error is about 1e-9.
import { expect } from "vitest";
import { type Tensor, torch } from "gradflow";

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

function projection(out: Tensor, weights: Float64Array): number {
  const values = out.toFlatArray();
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * weights[i];
  return s;
}

/** Check d sum(f(inputs) * w) / d inputs against central differences, for every entry of every input. */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): void {
  const { eps = 1e-6, atol = 1e-6, rtol = 1e-5 } = opts;
  for (const x of inputs) expect(x.dtype, "gradcheck needs float64 inputs").toBe(torch.float64);
  const out = f(...inputs);
  const w = torch.randn(out.shape, { dtype: torch.float64 });
  const analytic = torch.autograd.grad(out.mul(w).sum(), inputs, { allow_unused: true });
  const weights = w.toFlatArray() as Float64Array;
  inputs.forEach((x, k) => {
    const data = x.storage; // inputs are fresh contiguous leaves: storage index = flat index
    const numeric = new Float64Array(x.numel());
    // Grad mode stays on: f may itself call autograd.grad (checking second derivatives).
    for (let i = 0; i < x.numel(); i++) {
      const saved = data[x.offset + i];
      data[x.offset + i] = saved + eps;
      const plus = projection(f(...inputs), weights);
      data[x.offset + i] = saved - eps;
      const minus = projection(f(...inputs), weights);
      data[x.offset + i] = saved;
      numeric[i] = (plus - minus) / (2 * eps);
    }
    const a = analytic[k] ? analytic[k]!.toFlatArray() : new Float64Array(x.numel());
    for (let i = 0; i < numeric.length; i++) {
      const tol = atol + rtol * Math.abs(numeric[i]);
      if (!(Math.abs(a[i] - numeric[i]) <= tol)) {
        throw new Error(`gradcheck: input ${k} (shape [${x.shape.join(", ")}]) entry ${i}: analytic ${a[i]} vs numeric ${numeric[i]}`);
      }
    }
  });
}

/** A float64 leaf with values drawn uniformly from [lo, hi). */
export function input(shape: number[], lo = -2, hi = 2): Tensor {
  return torch.rand(shape, { dtype: torch.float64 }).mul(hi - lo).add(lo).requires_grad_();
}
