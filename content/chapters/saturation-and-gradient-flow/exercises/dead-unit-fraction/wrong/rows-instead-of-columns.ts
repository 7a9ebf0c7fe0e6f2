// Mistake: reduces over the wrong dimension and so measures examples that activate nothing, not units.
// Fails: counts units that never fire
// Message: expected 0.5, got 0
import type { Tensor } from "gradflow";

export function deadFraction(h: Tensor): number {
  const silentExample = h.gt(0).sum(1).eq(0);
  return silentExample.sum().item() / h.shape[0];
}
