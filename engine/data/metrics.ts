// accuracy: the fraction of correct predictions, from logits, probabilities or predicted labels.
import { no_grad } from "../autograd";
import { fail, fmtShape } from "../errors";
import type { Tensor } from "../tensor";
import { options, tensorArg } from "../validate";

/**
 * accuracy(output, target) as a number in [0, 1]. `output` may be class scores [N, C] (argmax is the prediction),
 * one score per example [N] or [N, 1] for a binary task (predicted 1 when above `threshold`: 0 for logits, pass 0.5
 * for probabilities), or predicted labels (an integer tensor).
 */
export function accuracy(output: Tensor, target: Tensor, opts: { threshold?: number } = {}): number {
  tensorArg("accuracy", "output", output);
  tensorArg("accuracy", "target", target);
  opts = options("accuracy", opts, { threshold: "number" });
  if (target.numel() === 0) fail("accuracy", "the accuracy of zero examples is undefined; pass at least one target");
  return no_grad(() => {
    const n = target.numel();
    const multiclass = output.ndim === 2 && output.shape[1] > 1;
    const pred = multiclass ? output.argmax(1)
      : output.dtype.is_floating_point ? output.reshape(-1).gt(opts.threshold ?? 0).long()
      : output.reshape(-1);
    if (pred.numel() !== n) fail("accuracy", `${pred.numel()} predictions (output shape ${fmtShape(output.shape)}) for ${n} targets`);
    return pred.eq(target.reshape(-1)).float().mean().item();
  });
}
