// Mistake: counts zero entries, not units that are zero on every example.
// Fails: counts units that never fire
// Message: expected 0.5, got 0.75
import type { Tensor } from "gradflow";

export function deadFraction(h: Tensor): number {
  return h.eq(0).sum().item() / h.numel();
}
