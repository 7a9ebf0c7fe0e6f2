import { torch, data } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectShape } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

export default defineChecks<Exports>({
  requires: { standardize: "function" },
  checks: [
    {
      name: "keeps the shape of x",
      run: ({ standardize }) => {
        expectShape(standardize(torch.randn(10, 3), torch.randn(4, 3)), [4, 3], { what: "standardize(xTrain [10, 3], x [4, 3])" });
      },
    },
    {
      name: "works per feature (column), not per row",
      run: ({ standardize }) => {
        // Column 0 is 1, 2, 3 and column 1 is 10, 20, 30: after scaling both are the same column.
        const xTrain = torch.tensor([[1, 10], [2, 20], [3, 30]]);
        const z = Math.sqrt(3 / 2); // 1 / population std of (1, 2, 3)
        expectClose(standardize(xTrain, xTrain), [[-z, -z], [0, 0], [z, z]], { rtol: 1e-4, atol: 1e-5, what: "standardize(xTrain, xTrain) for columns (1, 2, 3) and (10, 20, 30)" });
      },
    },
    {
      name: "divides by the population standard deviation",
      run: ({ standardize }) => {
        // Mean 2 and population std sqrt(2/3): 4 is (4 - 2) / sqrt(2/3) = sqrt(6) standard deviations out.
        const xTrain = torch.tensor([[1], [2], [3]]);
        expectClose(standardize(xTrain, torch.tensor([[4]])), [[Math.sqrt(6)]], { rtol: 1e-4, what: "standardize([[1], [2], [3]], [[4]])" });
      },
    },
    {
      name: "scales other rows with the training statistics",
      run: ({ standardize }) => {
        const { X } = data.make_badly_scaled({ n_samples: 200 });
        const xTrain = X.narrow(0, 0, 150);
        const xTest = X.narrow(0, 150, 50);
        const expected = new data.StandardScaler().fit(xTrain).transform(xTest);
        expectClose(standardize(xTrain, xTest), expected, { rtol: 1e-3, atol: 1e-4, what: "standardize(xTrain, xTest) against StandardScaler().fit(xTrain).transform(xTest)" });
      },
    },
    {
      name: "a constant training column gives zeros, not NaN",
      run: ({ standardize }) => {
        const xTrain = torch.tensor([[5, 1], [5, 2], [5, 3]]);
        const z = Math.sqrt(3 / 2);
        expectClose(standardize(xTrain, xTrain), [[0, -z], [0, 0], [0, z]], { rtol: 1e-4, atol: 1e-5, what: "standardize(xTrain, xTrain) with a constant first column" });
      },
    },
  ],
});
