// Mistake: writes x(1 − x) — the identity applied to the input instead of to σ(x).
// Fails: matches finite differences of torch.sigmoid
// Message: expected
import { torch } from "gradflow";
import type { Tensor } from "gradflow";

export function sigmoid_grad(x: Tensor): Tensor {
  return x.mul(x.neg().add(1));
}
