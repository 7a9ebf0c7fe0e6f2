// Mistake: calls a unit dead if it is zero on any example; ReLU units are often zero on some inputs and still learn.
// Fails: counts units that never fire
// Message: expected 0.5, got 1
import type { Tensor } from "gradflow";

export function deadFraction(h: Tensor): number {
  const zeroSomewhere = h.eq(0).sum(0).gt(0);
  return zeroSomewhere.sum().item() / h.shape[1];
}
