// Normalization layers: LayerNorm (statistics over each example's features) and BatchNorm1d (statistics over the
// batch, with running estimates for eval mode). Both compute x̂ = (x - μ) / √(σ² + ε), then γ x̂ + β.
import { no_grad } from "../autograd";
import { full, ones, zeros } from "../creation";
import { int64 } from "../dtype";
import { fail, fmtShape } from "../errors";
import { checkShape } from "../shapes";
import type { Tensor } from "../tensor";
import { intArg, options, sizesArg, tensorArg } from "../validate";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { pyBool, pyFloat, pyTuple } from "./python-repr";

/** F.layer_norm(input, normalized_shape, { weight, bias, eps }): normalizes over the last len(normalized_shape) dims. */
export function layer_norm(input: Tensor, normalized_shape: number | readonly number[],
  opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  tensorArg("layer_norm", "input", input);
  if (!input.dtype.is_floating_point) fail("layer_norm", `input must be floating point, got ${input.dtype}; convert it with .float() first`);
  const shape = sizesArg("layer_norm", [normalized_shape], "normalized_shape");
  opts = options("layer_norm", opts, { weight: "tensor", bias: "tensor", eps: "number" });
  const tail = input.shape.slice(input.ndim - shape.length);
  if (shape.length > input.ndim || tail.join() !== shape.join()) {
    fail("layer_norm", `normalized_shape ${fmtShape(shape)} must match the last dims of the input, whose shape is ${fmtShape(input.shape)}`);
  }
  const dims = shape.map((_, i) => input.ndim - shape.length + i);
  const mean = input.mean(dims, { keepdim: true });
  const variance = input.var(dims, { keepdim: true, correction: 0 });
  let out = input.sub(mean).div(variance.add(opts.eps ?? 1e-5).sqrt());
  if (opts.weight) out = out.mul(opts.weight);
  if (opts.bias) out = out.add(opts.bias);
  return out;
}

export class LayerNorm extends Module {
  normalized_shape: number[];
  eps: number;
  elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** new nn.LayerNorm(256) or new nn.LayerNorm([4, 8], { eps, elementwise_affine, bias }). */
  constructor(normalized_shape: number | readonly number[],
    opts: { eps?: number; elementwise_affine?: boolean; bias?: boolean } = {}) {
    super();
    this.normalized_shape = checkShape("LayerNorm", sizesArg("LayerNorm", [normalized_shape], "normalized_shape"));
    opts = options("LayerNorm", opts, { eps: "number", elementwise_affine: "bool", bias: "bool" });
    this.eps = opts.eps ?? 1e-5;
    this.elementwise_affine = opts.elementwise_affine ?? true;
    this.weight = this.elementwise_affine ? new Parameter(ones(this.normalized_shape)) : null;
    this.bias = this.elementwise_affine && (opts.bias ?? true) ? new Parameter(zeros(this.normalized_shape)) : null;
  }

  override forward(input: Tensor): Tensor {
    return layer_norm(input, this.normalized_shape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extra_repr(): string {
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

export interface BatchNormOptions {
  eps?: number;
  /** Weight of the newest batch in the running averages; null means a cumulative (equal-weight) average. */
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/**
 * Batch normalization over dim 0 of [N, C] inputs (dims 0 and 2 of [N, C, L]). In training mode it normalizes with
 * the batch's mean and biased variance and updates running_mean / running_var (the latter with the unbiased
 * variance) as r = (1 - momentum) r + momentum · batch statistic; in eval mode it normalizes with the running values.
 */
export class BatchNorm1d extends Module {
  num_features: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(num_features: number, opts: BatchNormOptions = {}) {
    super();
    this.num_features = intArg("BatchNorm1d", "num_features", num_features, 1);
    checkShape("BatchNorm1d", [num_features]);
    opts = options("BatchNorm1d", opts, { eps: "number", momentum: "number", affine: "bool", track_running_stats: "bool" });
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.track_running_stats = opts.track_running_stats ?? true;
    this.weight = this.affine ? new Parameter(ones(num_features)) : null;
    this.bias = this.affine ? new Parameter(zeros(num_features)) : null;
    const track = this.track_running_stats;
    this.register_buffer("running_mean", track ? zeros(num_features) : null);
    this.register_buffer("running_var", track ? ones(num_features) : null);
    this.register_buffer("num_batches_tracked", track ? full([], 0, { dtype: int64 }) : null);
  }

  override forward(input: Tensor): Tensor {
    if (!tensorArg("BatchNorm1d", "input", input).dtype.is_floating_point) {
      fail("BatchNorm1d", `input must be floating point, got ${input.dtype}; convert it with .float() first`);
    }
    if ((input.ndim !== 2 && input.ndim !== 3) || input.shape[1] !== this.num_features) {
      fail("BatchNorm1d", `expected a 2D [N, ${this.num_features}] or 3D [N, ${this.num_features}, L] input, got shape ${fmtShape(input.shape)}`);
    }
    const dims = input.ndim === 2 ? [0] : [0, 2];
    const statShape = input.ndim === 2 ? [1, this.num_features] : [1, this.num_features, 1];
    const useBatchStats = this.training || this.running_mean === null;
    let mean: Tensor, variance: Tensor;
    if (useBatchStats) {
      const n = input.numel() / this.num_features;
      if (this.training && n <= 1) {
        fail("BatchNorm1d", `expected more than 1 value per channel when training, got input of shape ${fmtShape(input.shape)}`);
      }
      mean = input.mean(dims, { keepdim: true });
      variance = input.var(dims, { keepdim: true, correction: 0 });
      if (this.training && this.running_mean !== null) this._updateRunningStats(mean, variance, n);
    } else {
      mean = this.running_mean!.reshape(statShape);
      variance = this.running_var!.reshape(statShape);
    }
    let out = input.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight) out = out.mul(this.weight.reshape(statShape));
    if (this.bias) out = out.add(this.bias.reshape(statShape));
    return out;
  }

  private _updateRunningStats(mean: Tensor, biasedVar: Tensor, n: number): void {
    no_grad(() => {
      this.num_batches_tracked!.add_(1);
      const m = this.momentum ?? 1 / this.num_batches_tracked!.item();
      const unbiased = biasedVar.mul(n / (n - 1)).reshape(this.num_features);
      this.running_mean!.mul_(1 - m).add_(mean.reshape(this.num_features).mul(m));
      this.running_var!.mul_(1 - m).add_(unbiased.mul(m));
    });
  }

  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? "None" : pyFloat(this.momentum)}, ` +
      `affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}
