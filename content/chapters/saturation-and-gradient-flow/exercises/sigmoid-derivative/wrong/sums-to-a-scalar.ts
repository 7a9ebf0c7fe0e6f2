// Mistake: reduces to one number (as if computing the gradient of a loss) instead of working elementwise.
// Fails: keeps the shape of its input
// Message: expected shape [2, 3]
import { torch } from "gradflow";
import type { Tensor } from "gradflow";

export function sigmoid_grad(x: Tensor): Tensor {
  const s = torch.sigmoid(x);
  return s.mul(s.neg().add(1)).sum();
}
