// Mistake: scales x with its own mean and standard deviation instead of the training rows' (a leak, and a shift).
// Fails: scales other rows with the training statistics
// Message: against StandardScaler
import type { Tensor } from "gradflow";

export function standardize(_xTrain: Tensor, x: Tensor): Tensor {
  const mean = x.mean(0, { keepdim: true });
  const std = x.std(0, { keepdim: true, correction: 0 });
  return x.sub(mean).div(std.where(std.gt(0), 1));
}
