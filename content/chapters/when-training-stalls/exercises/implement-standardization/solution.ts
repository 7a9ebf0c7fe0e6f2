import { data } from "gradflow";
import type { Tensor } from "gradflow";

/** x scaled with the per-feature mean and standard deviation
 *  of xTrain, like StandardScaler().fit(xTrain).transform(x). */
export function standardize(xTrain: Tensor, x: Tensor): Tensor {
  const mean = xTrain.mean(0, { keepdim: true });
  const std = xTrain.std(0, { keepdim: true, correction: 0 });
  const scale = std.where(std.gt(0), 1); // a constant column stays finite
  return x.sub(mean).div(scale);
}

const { X } = data.make_badly_scaled({ n_samples: 400 });
const xTrain = X.narrow(0, 0, 320);
const xTest = X.narrow(0, 320, 80);
console.log("train means:", standardize(xTrain, xTrain).mean(0).toString());
console.log("test means: ", standardize(xTrain, xTest).mean(0).toString());
