// RMSprop, PyTorch's rule. With g = ∇θ (+ weight_decay θ):
//   v = α v + (1 - α) g²;  ṽ = v, or ṽ = v - ḡ² with ḡ = α ḡ + (1 - α) g when centered;
//   with momentum μ > 0: b = μ b + g / (√ṽ + eps), θ = θ - lr b;  otherwise θ = θ - lr g / (√ṽ + eps).
import type { Tensor } from "../tensor";
import { options as checkOptions } from "../validate";
import { Optimizer, type FlatParam, type ParamGroup, type ParamsArg } from "./optimizer";

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

const RMSPROP_OPTIONS = {
  lr: "nonneg", alpha: "nonneg", eps: "nonneg", weight_decay: "nonneg", momentum: "nonneg", centered: "bool", maximize: "bool",
} as const;

export class RMSprop extends Optimizer<RMSpropOptions> {
  /** new optim.RMSprop(model.parameters(), { lr: 0.01, alpha: 0.99 }) or new optim.RMSprop(params, 0.01). */
  constructor(params: ParamsArg, options: Partial<RMSpropOptions> | number = {}) {
    const o = typeof options === "number" ? { lr: options } : checkOptions("RMSprop", options, RMSPROP_OPTIONS);
    const defaults: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false, ...o };
    super(params, defaults, RMSPROP_OPTIONS);
  }

  protected _update({ value, offset, grad, gradOffset, n }: FlatParam, group: ParamGroup, state: Record<string, any>, param: Tensor): void {
    const { lr, alpha, eps, weight_decay: wd, momentum, centered, maximize } = group;
    const sign = maximize ? -1 : 1;
    const sq = this.buffer(state, "square_avg", param);
    const gavg = centered ? this.buffer(state, "grad_avg", param) : null;
    const buf = momentum > 0 ? this.buffer(state, "momentum_buffer", param) : null;
    for (let i = 0; i < n; i++) {
      const g = sign * grad[gradOffset + i] + wd * value[offset + i];
      sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
      let avg = sq[i];
      if (gavg) {
        gavg[i] = alpha * gavg[i] + (1 - alpha) * g;
        avg -= gavg[i] * gavg[i];
      }
      const step = g / (Math.sqrt(avg) + eps);
      if (buf) value[offset + i] -= lr * (buf[i] = momentum * buf[i] + step);
      else value[offset + i] -= lr * step;
    }
  }
}
