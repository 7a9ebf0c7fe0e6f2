import { torch, nn, F, data } from "gradflow";
import type { Tensor } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectShape, expectTrue, formatNumber } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

const LOSS_THRESHOLD = 0.2;
const STUCK_THRESHOLD = 0.2;

/** The labels come from the data set itself, not from the reader's code. */
function trainingLabels(): Tensor {
  return data.make_badly_scaled({ n_samples: 400 }).y.narrow(0, 0, 320).float();
}

/** Per hidden activation module: the share of stuck units, as the exercise defines it. */
function stuckShares(model: nn.Module, x: Tensor): { layer: string; share: number }[] {
  const shares: { layer: string; share: number }[] = [];
  const handles = [];
  for (const [name, module] of model.named_modules()) {
    const bounded = module instanceof nn.Sigmoid || module instanceof nn.Tanh;
    if (!bounded && !(module instanceof nn.ReLU)) continue;
    handles.push(
      module.register_forward_hook((m: nn.Module, _input: unknown, h: Tensor) => {
        const share =
          m instanceof nn.Sigmoid ? h.sub(0.5).abs().gt(0.49).float().mean().item()
          : m instanceof nn.Tanh ? h.abs().gt(0.98).float().mean().item()
          : h.gt(0).sum(0).eq(0).float().mean().item(); // ReLU: units zero on every row
        shares.push({ layer: `${name} (${m.constructor.name})`, share });
      }),
    );
  }
  try {
    torch.no_grad(() => model(x));
  } finally {
    handles.forEach((handle) => handle.remove());
  }
  return shares;
}

export default defineChecks<Exports>({
  requires: { xTrain: "tensor" },
  checks: [
    {
      name: "xTrain holds the 320 training rows, 4 features each",
      run: ({ xTrain }) => expectShape(xTrain, [320, 4], { what: "xTrain" }),
    },
    {
      name: `the training loss is below ${LOSS_THRESHOLD}`,
      run: ({ model, xTrain }) => {
        expectTrue(model instanceof nn.Module, "export the trained network as `model` (an nn.Module)");
        const logits = torch.no_grad(() => model(xTrain)).reshape(-1);
        const loss = F.binary_cross_entropy_with_logits(logits, trainingLabels()).item();
        expectTrue(
          loss < LOSS_THRESHOLD,
          `the training loss of the exported model on xTrain is ${formatNumber(loss)}; it should be below ${LOSS_THRESHOLD}. ` +
            "If it is near or above 0.693 (= ln 2), the network has learned nothing: look at the inputs' scale first.",
        );
      },
    },
    {
      name: `no hidden layer has more than ${100 * STUCK_THRESHOLD} % stuck units`,
      run: ({ model, xTrain }) => {
        expectTrue(model instanceof nn.Module, "export the trained network as `model` (an nn.Module)");
        const shares = stuckShares(model, xTrain);
        expectTrue(shares.length > 0, "the model has no Sigmoid, Tanh or ReLU module to measure");
        for (const { layer, share } of shares)
          expectTrue(
            share <= STUCK_THRESHOLD,
            `${layer}: ${(100 * share).toFixed(1)} % of its units are stuck (saturated, or dead for ReLU); ` +
              `at most ${100 * STUCK_THRESHOLD} % is allowed`,
          );
      },
    },
  ],
});
