import { data } from "gradflow";
import type { Tensor } from "gradflow";

/** x scaled with the per-feature mean and standard deviation
 *  of xTrain, like StandardScaler().fit(xTrain).transform(x). */
export function standardize(
  xTrain: Tensor,
  x: Tensor,
): Tensor {
  return x; // TODO
}

const { X } = data.make_badly_scaled({ n_samples: 400 });
const xTrain = X.narrow(0, 0, 320);
const xTest = X.narrow(0, 320, 80);
const trainMeans = standardize(xTrain, xTrain).mean(0);
const testMeans = standardize(xTrain, xTest).mean(0);
console.log("train means:", trainMeans.toString());
console.log("test means: ", testMeans.toString());
