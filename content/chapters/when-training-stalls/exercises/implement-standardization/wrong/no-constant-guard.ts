// Mistake: divides by a standard deviation of 0 for a constant column, which gives NaN.
// Fails: a constant training column gives zeros, not NaN
// Message: constant first column
import type { Tensor } from "gradflow";

export function standardize(xTrain: Tensor, x: Tensor): Tensor {
  const mean = xTrain.mean(0, { keepdim: true });
  const std = xTrain.std(0, { keepdim: true, correction: 0 });
  return x.sub(mean).div(std);
}
