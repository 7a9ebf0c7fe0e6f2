import { torch, plot } from "gradflow";

/** The product of n factors drawn uniformly from [0, bound]. */
export function chainProduct(n: number, bound: number): number {
  return 1; // TODO: draw n factors with torch.rand, multiply
}

const ns = Array.from({ length: 30 }, (_, i) => i + 1);
const series = {
  "bound 1": ns.map((n) => chainProduct(n, 1)),
  "bound 0.5": ns.map((n) => chainProduct(n, 0.5)),
};
plot.line(series, {
  x: ns, logy: true, xlabel: "factors n", ylabel: "product",
});
console.log("10 factors below 0.5:", chainProduct(10, 0.5));
