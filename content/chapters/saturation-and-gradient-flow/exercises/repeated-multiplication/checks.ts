import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectTrue, formatNumber } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

export default defineChecks<Exports>({
  requires: { chainProduct: "function" },
  checks: [
    {
      name: "an empty chain is 1",
      run: ({ chainProduct }) => expectClose(chainProduct(0, 0.5), 1, { what: "chainProduct(0, 0.5)" }),
    },
    {
      name: "stays between 0 and bound^n",
      run: ({ chainProduct }) => {
        for (const bound of [1, 0.5])
          for (const n of [1, 3, 8, 20])
            for (let trial = 0; trial < 20; trial++) {
              const p = chainProduct(n, bound);
              const top = bound ** n;
              expectTrue(
                typeof p === "number" && p >= 0 && p <= top * (1 + 1e-5),
                `chainProduct(${n}, ${bound}) returned ${formatNumber(p)}, outside [0, ${formatNumber(top)}]: ${n} factors in [0, ${bound}] cannot multiply to that`,
              );
            }
      },
    },
    {
      name: "draws fresh random factors on every call",
      run: ({ chainProduct }) => {
        const a = chainProduct(5, 1);
        const b = chainProduct(5, 1);
        expectTrue(a !== b, `chainProduct(5, 1) returned the same value twice (${formatNumber(a)}): the factors should be random draws`);
      },
    },
    {
      name: "log of the product averages n (log b − 1)",
      run: ({ chainProduct }) => {
        // For U uniform on [0, b], E[log U] = log b − 1; the mean over 400 chains has a standard error of about 0.16.
        const n = 10;
        const bound = 0.5;
        const trials = 400;
        let total = 0;
        for (let t = 0; t < trials; t++) total += Math.log(chainProduct(n, bound));
        const expected = n * (Math.log(bound) - 1);
        expectClose(total / trials, expected, { atol: 0.8, rtol: 0, what: `mean of log chainProduct(${n}, ${bound}) over ${trials} chains` });
      },
    },
  ],
});
