// Mistake: divides by the sample standard deviation (Bessel's correction), which StandardScaler does not use.
// Fails: divides by the population standard deviation
// Message: expected
import type { Tensor } from "gradflow";

export function standardize(xTrain: Tensor, x: Tensor): Tensor {
  const mean = xTrain.mean(0, { keepdim: true });
  const std = xTrain.std(0, { keepdim: true });
  return x.sub(mean).div(std.where(std.gt(0), 1));
}
