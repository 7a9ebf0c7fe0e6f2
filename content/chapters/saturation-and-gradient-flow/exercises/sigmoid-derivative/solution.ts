import { torch } from "gradflow";
import type { Tensor } from "gradflow";

/** sigmoid'(x) elementwise, from torch.sigmoid and arithmetic. */
export function sigmoid_grad(x: Tensor): Tensor {
  const s = torch.sigmoid(x);
  return s.mul(s.neg().add(1)); // sigma (1 - sigma)
}

console.log(sigmoid_grad(torch.tensor([-5, 0, 5])).toString());
