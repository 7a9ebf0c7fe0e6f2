import { torch } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectGradClose, expectShape } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

export default defineChecks<Exports>({
  requires: { sigmoid_grad: "function" },
  checks: [
    {
      name: "peaks at 0.25 at x = 0",
      run: ({ sigmoid_grad }) => expectClose(sigmoid_grad(torch.tensor([0])), [0.25], { what: "sigmoid_grad(0)" }),
    },
    {
      name: "matches finite differences of torch.sigmoid",
      run: ({ sigmoid_grad }) => {
        // sum() makes the function scalar; its gradient is σ′ at each point.
        const x = torch.tensor([-8, -3, -1, -0.25, 0.5, 2, 5]);
        expectGradClose(sigmoid_grad(x), (t) => torch.sigmoid(t).sum(), x, { what: "sigmoid_grad(x)" });
      },
    },
    {
      name: "is tiny in both tails (saturation)",
      run: ({ sigmoid_grad }) => {
        // Closed form: σ′(±10) = e^{-10} / (1 + e^{-10})², computed here in float64 independently of the engine.
        const expected = Math.exp(-10) / (1 + Math.exp(-10)) ** 2;
        expectClose(sigmoid_grad(torch.tensor([-10, 10])), [expected, expected], { rtol: 1e-3, atol: 0, what: "sigmoid_grad([-10, 10])" });
      },
    },
    {
      name: "keeps the shape of its input",
      run: ({ sigmoid_grad }) => expectShape(sigmoid_grad(torch.zeros(2, 3)), [2, 3], { what: "sigmoid_grad(torch.zeros(2, 3))" }),
    },
  ],
});
