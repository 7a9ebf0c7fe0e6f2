import { data } from "gradflow";
import type { Tensor } from "gradflow";

/** x scaled with the per-feature mean and standard deviation
 *  of xTrain, like StandardScaler().fit(xTrain).transform(x). */
export function standardize(
  xTrain: Tensor,
  x: Tensor,
): Tensor {
  const mean = xTrain.mean(0, { keepdim: true });
  const std = xTrain.std(0, { keepdim: true, correction: 0 });
  // A constant column gets scale 1, so it stays finite.
  const scale = std.where(std.gt(0), 1);
  return x.sub(mean).div(scale);
}

const { X } = data.make_badly_scaled({ n_samples: 400 });
const xTrain = X.narrow(0, 0, 320);
const xTest = X.narrow(0, 320, 80);
const trainMeans = standardize(xTrain, xTrain).mean(0);
const testMeans = standardize(xTrain, xTest).mean(0);
console.log("train means:", trainMeans.toString());
console.log("test means: ", testMeans.toString());
