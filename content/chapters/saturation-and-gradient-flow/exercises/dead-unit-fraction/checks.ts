import { torch } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectTrue, describeValue } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

export default defineChecks<Exports>({
  requires: { deadFraction: "function" },
  checks: [
    {
      name: "returns a plain number",
      run: ({ deadFraction }) => {
        const r = deadFraction(torch.ones(3, 4));
        expectTrue(typeof r === "number", `deadFraction should return a number (use .item()), got ${describeValue(r)}`);
      },
    },
    {
      name: "counts units that never fire",
      run: ({ deadFraction }) => {
        // Units 0 and 2 are zero on all three examples; units 1 and 3 fire on one example each.
        const h = torch.tensor([
          [0, 1, 0, 0],
          [0, 0, 0, 2],
          [0, 3, 0, 0],
        ]);
        expectClose(deadFraction(h), 0.5, { what: "deadFraction of a batch where units 0 and 2 never fire" });
      },
    },
    {
      name: "is 0 when every unit fires somewhere",
      run: ({ deadFraction }) => expectClose(deadFraction(torch.eye(5)), 0, { what: "deadFraction(torch.eye(5))" }),
    },
    {
      name: "finds units whose bias was knocked far negative",
      run: ({ deadFraction }) => {
        // 12 of 48 units get a bias of −100, far below anything x·W can reach, so exactly those are dead.
        torch.manual_seed(1);
        const x = torch.randn(200, 6);
        const bias = torch.tensor(Array.from({ length: 48 }, (_, i) => (i % 4 === 0 ? -100 : 0.5)));
        const h = torch.relu(x.matmul(torch.randn(6, 48).mul(0.1)).add(bias));
        expectClose(deadFraction(h), 12 / 48, { what: "deadFraction on a layer with 12 of 48 units pushed to a bias of -100" });
      },
    },
  ],
});
