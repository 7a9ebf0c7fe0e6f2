import { torch, nn, F } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectTrue, formatNumber } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

/** The same networks, built here from the prompt's definition, to compare against. */
function reference(residual: boolean): number {
  torch.manual_seed(0);
  const x = torch.randn(256, 2);
  const label = x.pow(2).sum(1).gt(1.4).long();
  const input = new nn.Linear(2, 16);
  const hidden = Array.from({ length: 20 }, () => new nn.Linear(16, 16));
  const output = new nn.Linear(16, 2);
  let h = torch.tanh(input.forward(x));
  for (const layer of hidden) {
    const f = torch.tanh(layer.forward(h));
    h = residual ? h.add(f) : f;
  }
  F.cross_entropy(output.forward(h), label).backward();
  return hidden[0]!.weight.grad!.norm().item();
}

export default defineChecks<Exports>({
  requires: { firstLayerGradNorm: "function" },
  checks: [
    {
      name: "plain network matches",
      run: ({ firstLayerGradNorm }) => expectClose(firstLayerGradNorm(false), reference(false), { rtol: 1e-3, what: "firstLayerGradNorm(false)" }),
    },
    {
      name: "residual network matches h + tanh(Wh + b)",
      run: ({ firstLayerGradNorm }) => expectClose(firstLayerGradNorm(true), reference(true), { rtol: 1e-3, what: "firstLayerGradNorm(true)" }),
    },
    {
      name: "the skip path keeps the early gradient far larger",
      run: ({ firstLayerGradNorm }) => {
        const plain = firstLayerGradNorm(false);
        const residual = firstLayerGradNorm(true);
        expectTrue(residual > 10 * plain, `the residual network's first-layer gradient (${formatNumber(residual)}) should be more than 10× the plain one's (${formatNumber(plain)})`);
      },
    },
  ],
});
