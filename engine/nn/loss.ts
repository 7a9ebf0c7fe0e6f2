// Losses, functional (F.mse_loss ...) and as modules (nn.MSELoss ...), with PyTorch's `reduction` ("mean" default,
// "sum", "none"). The cross-entropies are computed from logits in a numerically stable form, so logits of ±1000
// give finite losses and gradients.
import { no_grad, record } from "../autograd";
import { fail, fmtShape } from "../errors";
import { log_softmax, sigmoid } from "../ops/activations";
import type { Tensor } from "../tensor";
import { type OptionKind, describe, options, tensorArg } from "../validate";
import { Module } from "./module";

export type Reduction = "mean" | "sum" | "none";
interface ReductionOpts { reduction?: Reduction }

function reduce(op: string, loss: Tensor, reduction: Reduction = "mean"): Tensor {
  switch (reduction) {
    case "mean": return loss.mean();
    case "sum": return loss.sum();
    case "none": return loss;
    default: return fail(op, `reduction must be "mean", "sum" or "none", got ${describe(reduction)}`);
  }
}

const REDUCTIONS = ["mean", "sum", "none"] as const;
/** Every loss option, checked wherever given (a module passes its constructor's options to the function). */
const LOSS_OPTIONS: Record<string, OptionKind> = {
  reduction: REDUCTIONS, weight: "tensor", pos_weight: "tensor", ignore_index: "int", label_smoothing: "nonneg",
};

/** Input and target are tensors; the options bag is well typed. */
function lossArgs<O>(op: string, input: unknown, target: unknown, opts: unknown): O {
  if (!tensorArg(op, "input", input).dtype.is_floating_point) {
    fail(op, `input must be floating point (scores or probabilities), got ${(input as Tensor).dtype}; convert it with .float()`);
  }
  tensorArg(op, "target", target);
  return options<O & object>(op, opts, LOSS_OPTIONS);
}

/** The binary cross-entropies take probabilities or 0/1 labels as floats. */
function floatTarget(op: string, target: Tensor): void {
  if (!target.dtype.is_floating_point) fail(op, `target must be floating point (probabilities or 0/1 labels), got ${target.dtype}; convert it with .float()`);
}

function sameShape(op: string, input: Tensor, target: Tensor): void {
  if (input.shape.join() !== target.shape.join()) {
    fail(op, `target shape ${fmtShape(target.shape)} differs from input shape ${fmtShape(input.shape)}; ` +
      "make them match (e.g. target.reshape(input.shape) or output.squeeze(-1)) to avoid unintended broadcasting");
  }
}

/** Mean squared error: mean((input - target)²). */
export function mse_loss(input: Tensor, target: Tensor, opts: ReductionOpts = {}): Tensor {
  opts = lossArgs("mse_loss", input, target, opts);
  sameShape("mse_loss", input, target);
  return reduce("mse_loss", input.sub(target).square(), opts.reduction);
}

/** Mean absolute error: mean(|input - target|). */
export function l1_loss(input: Tensor, target: Tensor, opts: ReductionOpts = {}): Tensor {
  opts = lossArgs("l1_loss", input, target, opts);
  sameShape("l1_loss", input, target);
  return reduce("l1_loss", input.sub(target).abs(), opts.reduction);
}

export interface BCEOptions extends ReductionOpts {
  /** Rescales each element's loss. */
  weight?: Tensor | null;
}

/**
 * Binary cross-entropy on probabilities: -(t log x + (1 - t) log(1 - x)), with each log clamped at -100 as in
 * PyTorch (so x = 0 or 1 gives a finite loss), and PyTorch's gradient (x - t) / max(x (1 - x), 1e-12).
 * Prefer binary_cross_entropy_with_logits, which never needs the clamp.
 */
export function binary_cross_entropy(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  opts = lossArgs("binary_cross_entropy", input, target, opts);
  floatTarget("binary_cross_entropy", target);
  sameShape("binary_cross_entropy", input, target);
  const loss = no_grad(() => {
    const logX = input.log().clamp({ min: -100 }), log1mX = input.neg().log1p().clamp({ min: -100 });
    return target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
  });
  record(loss, "BinaryCrossEntropyBackward0", [input], (g) =>
    [g.mul(input.sub(target)).div(input.mul(input.neg().add(1)).clamp({ min: 1e-12 }))]);
  return reduce("binary_cross_entropy", opts.weight ? loss.mul(opts.weight) : loss, opts.reduction);
}

export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of the positive examples (per class, broadcast over the last dim). */
  pos_weight?: Tensor | null;
}

/**
 * Sigmoid + binary cross-entropy in one stable expression: with lw = 1 + (pos_weight - 1) t,
 * loss = (1 - t) x + lw (log(1 + e^-|x|) + max(-x, 0)), and gradient (1 - t) - lw σ(-x) (= σ(x) - t without pos_weight).
 */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}): Tensor {
  opts = lossArgs("binary_cross_entropy_with_logits", input, target, opts);
  floatTarget("binary_cross_entropy_with_logits", target);
  sameShape("binary_cross_entropy_with_logits", input, target);
  const pw = opts.pos_weight ?? null;
  const lw = no_grad(() => (pw ? pw.sub(1).mul(target).add(1) : null));
  const loss = no_grad(() => {
    const softplusNeg = input.abs().neg().exp().log1p().add(input.neg().relu()); // log(1 + e^-x), stably
    return target.neg().add(1).mul(input).add(lw ? softplusNeg.mul(lw) : softplusNeg);
  });
  record(loss, "BinaryCrossEntropyWithLogitsBackward0", [input], (g) => {
    const sigNeg = sigmoid(input.neg());
    return [g.mul(target.neg().add(1).sub(lw ? sigNeg.mul(lw) : sigNeg))];
  });
  return reduce("binary_cross_entropy_with_logits", opts.weight ? loss.mul(opts.weight) : loss, opts.reduction);
}

export interface NLLOptions extends ReductionOpts {
  /** Per-class weights [C]; the "mean" reduction divides by the summed weights of the counted targets. */
  weight?: Tensor | null;
  /** Targets equal to this are skipped (no loss, no gradient, not counted in the mean). */
  ignore_index?: number;
}

/** Per-example NLL terms for input [N, C]: losses -w[t] input[i, t], weights w[t] (0 where ignored), kept (0/1). */
function nllTerms(op: string, input: Tensor, target: Tensor, opts: NLLOptions): { losses: Tensor; weights: Tensor; kept: Tensor } {
  if (input.ndim !== 2 || target.ndim !== 1 || target.shape[0] !== input.shape[0]) {
    fail(op, `expected input [N, C] and target [N] of class indices, got input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)}`);
  }
  if (target.dtype.is_floating_point) {
    fail(op, `target must hold class indices (int64), got ${target.dtype}; use torch.tensor(..., { dtype: torch.int64 }) or target.long()`);
  }
  const C = input.shape[1];
  checkClassWeight(op, opts.weight, C);
  const keep = target.ne(opts.ignore_index ?? -100);
  const safeTarget = target.masked_fill(keep.eq(0), 0);
  const tv = safeTarget.toFlatArray();
  for (const t of tv) if (t < 0 || t >= C) fail(op, `target ${t} is out of bounds for ${C} classes (expected 0 <= target < ${C})`);
  const kept = keep.to(input.dtype);
  const weights = opts.weight ? opts.weight.index_select(0, safeTarget).mul(kept) : kept;
  const losses = input.gather(1, safeTarget.unsqueeze(1)).squeeze(1).neg().mul(weights);
  return { losses, weights, kept };
}

/** Per-class weights must be a vector of C entries. */
function checkClassWeight(op: string, weight: Tensor | null | undefined, C: number): void {
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== C)) {
    fail(op, `weight must have one entry per class, shape [${C}], got ${fmtShape(weight.shape)}`);
  }
}

/** "mean" of weighted terms divides by the total weight (the count of non-ignored targets without weights). */
function reduceWeighted(op: string, losses: Tensor, weights: Tensor, reduction: Reduction = "mean"): Tensor {
  return reduction === "mean" ? losses.sum().div(weights.sum()) : reduce(op, losses, reduction);
}

/** Negative log-likelihood of class indices: -input[i, target[i]] for log-probabilities input [N, C] (or [C]). */
export function nll_loss(input: Tensor, target: Tensor, opts: NLLOptions = {}): Tensor {
  opts = lossArgs("nll_loss", input, target, opts);
  if (input.ndim === 1) {
    if (target.ndim > 1 || target.numel() !== 1) fail("nll_loss", `expected a single class index as target for an unbatched input ${fmtShape(input.shape)}, got target ${fmtShape(target.shape)}`);
    return nll_loss(input.unsqueeze(0), target.reshape(1), opts).reshape([]);
  }
  const { losses, weights } = nllTerms("nll_loss", input, target, opts);
  return reduceWeighted("nll_loss", losses, weights, opts.reduction);
}

export interface CrossEntropyOptions extends NLLOptions {
  /** Mix the one-hot target with the uniform distribution: (1 - ε) one_hot + ε / C. */
  label_smoothing?: number;
}

/**
 * Cross-entropy from logits [N, C] (or [C]): log_softmax (stable for any logit size) then the NLL. The target is
 * class indices [N] (int64) or class probabilities of the input's shape.
 */
export function cross_entropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  opts = lossArgs("cross_entropy", input, target, opts);
  if (input.ndim === 0) fail("cross_entropy", "input must have a class dim: logits of shape [N, C] or [C], got a 0-d tensor");
  if (input.ndim === 1) return cross_entropy(input.unsqueeze(0), target.unsqueeze(0), opts).reshape([]);
  const logp = log_softmax(input, 1);
  const C = input.shape[1];
  checkClassWeight("cross_entropy", opts.weight, C);
  const eps = opts.label_smoothing ?? 0;
  const weighted = (t: Tensor) => (opts.weight ? t.mul(opts.weight) : t);
  if (target.dtype.is_floating_point && target.ndim === input.ndim) {
    sameShape("cross_entropy", input, target);
    const t = eps > 0 ? target.mul(1 - eps).add(eps / C) : target;
    return reduce("cross_entropy", weighted(logp.mul(t)).sum(1).neg(), opts.reduction);
  }
  let { losses, weights, kept } = nllTerms("cross_entropy", logp, target, opts);
  if (eps > 0) {
    // Smoothing adds ε times the loss against the uniform target, -Σ_c w_c log p_c / C, for the counted examples.
    const uniform = weighted(logp).sum(1).neg().div(C).mul(kept);
    losses = losses.mul(1 - eps).add(uniform.mul(eps));
  }
  return reduceWeighted("cross_entropy", losses, weights, opts.reduction);
}

// ---- modules ---------------------------------------------------------------------------------------------------

abstract class Loss<O extends ReductionOpts> extends Module {
  reduction: Reduction;
  /** The keyword options given to the constructor, e.g. { weight, ignore_index }. */
  options: O;
  constructor(opts: O = {} as O) {
    super();
    this.options = options<O>(this.constructor.name, opts, LOSS_OPTIONS);
    this.reduction = this.options.reduction ?? "mean";
  }
  protected opts(): O {
    return { ...this.options, reduction: this.reduction };
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

export class MSELoss extends Loss<ReductionOpts> {
  override forward(input: Tensor, target: Tensor): Tensor {
    return mse_loss(input, target, this.opts());
  }
}

export class L1Loss extends Loss<ReductionOpts> {
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1_loss(input, target, this.opts());
  }
}

export class BCELoss extends Loss<BCEOptions> {
  override forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy(input, target, this.opts());
  }
}

export class BCEWithLogitsLoss extends Loss<BCEWithLogitsOptions> {
  override forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy_with_logits(input, target, this.opts());
  }
}

export class NLLLoss extends Loss<NLLOptions> {
  override forward(input: Tensor, target: Tensor): Tensor {
    return nll_loss(input, target, this.opts());
  }
}

export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  override forward(input: Tensor, target: Tensor): Tensor {
    return cross_entropy(input, target, this.opts());
  }
}

/** The functional losses, to be merged into F. */
export const functionalLosses = {
  mse_loss, l1_loss, binary_cross_entropy, binary_cross_entropy_with_logits, nll_loss, cross_entropy,
};
