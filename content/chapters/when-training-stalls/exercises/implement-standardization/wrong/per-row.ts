// Mistake: reduces over dim 1, so each row is standardized across its features instead of each feature across rows.
// Fails: works per feature (column), not per row
// Message: for columns
import type { Tensor } from "gradflow";

export function standardize(xTrain: Tensor, x: Tensor): Tensor {
  const mean = xTrain.mean(1, { keepdim: true });
  const std = xTrain.std(1, { keepdim: true, correction: 0 });
  return x.sub(mean).div(std.where(std.gt(0), 1));
}
