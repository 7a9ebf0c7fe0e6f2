import { torch } from "gradflow";
import type { Tensor } from "gradflow";

/** sigmoid'(x) elementwise, from torch.sigmoid and arithmetic. */
export function sigmoid_grad(x: Tensor): Tensor {
  return torch.zeros(x.shape); // TODO: replace with the formula
}

console.log(sigmoid_grad(torch.tensor([-5, 0, 5])).toString());
