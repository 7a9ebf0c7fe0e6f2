import { torch, nn, F, optim } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectTrue } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

/** Gradient norms after one backward pass on the reader's setup, computed here independently. */
function referenceNorms(setup: Exports["setup"], sgdSteps: number) {
  const { x, label, model } = setup();
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  for (let step = 0; ; step++) {
    opt.zero_grad();
    F.cross_entropy(model.forward(x), label).backward();
    if (step === sgdSteps) break;
    opt.step();
  }
  const grads = [...model.parameters()].map((p) => p.grad!);
  const total = Math.sqrt(grads.reduce((sum, g) => sum + g.pow(2).sum().item(), 0));
  const linears = [...model].filter((l): l is nn.Linear => l instanceof nn.Linear);
  return { total, perLayer: linears.map((l) => l.weight.grad!.norm().item()) };
}

export default defineChecks<Exports>({
  requires: { setup: "function", trainWithLogging: "function" },
  checks: [
    {
      name: "logs one entry per step",
      run: ({ trainWithLogging }) => {
        const { total, perLayer } = trainWithLogging(5);
        expectTrue(Array.isArray(total) && total.length === 5, `trainWithLogging(5).total has ${total?.length} entries; expected 5, one per step`);
        expectTrue(Array.isArray(perLayer) && perLayer.length === 5, `trainWithLogging(5).perLayer has ${perLayer?.length} entries; expected 5, one per step`);
        expectTrue(perLayer.every((n) => Array.isArray(n) && n.length === 3), "each perLayer entry should list 3 numbers, one per nn.Linear layer");
      },
    },
    {
      name: "total norm at step 0 covers every parameter",
      run: ({ setup, trainWithLogging }) =>
        expectClose(trainWithLogging(1).total[0], referenceNorms(setup, 0).total, { rtol: 1e-3, what: "total[0] (weights and biases)" }),
    },
    {
      name: "per-layer weight-gradient norms at step 0",
      run: ({ setup, trainWithLogging }) =>
        expectClose(trainWithLogging(1).perLayer[0], referenceNorms(setup, 0).perLayer, { rtol: 1e-3, what: "perLayer[0]" }),
    },
    {
      name: "logs after backward at every step",
      run: ({ setup, trainWithLogging }) =>
        expectClose(trainWithLogging(3).total[2], referenceNorms(setup, 2).total, { rtol: 1e-3, what: "total[2] (after two SGD steps)" }),
    },
  ],
});
