// Mistake: returns σ(x) itself, not its slope.
// Fails: peaks at 0.25 at x = 0
// Message: expected 0.25, got 0.5
import { torch } from "gradflow";
import type { Tensor } from "gradflow";

export function sigmoid_grad(x: Tensor): Tensor {
  return torch.sigmoid(x);
}
