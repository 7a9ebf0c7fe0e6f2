// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, exactly PyTorch's rule:
//   g = ∇θ (+ weight_decay θ);  b = g on the first step, else b = momentum b + (1 - dampening) g;
//   g = g + momentum b (nesterov) or g = b;  θ = θ - lr g.
import { fail } from "../errors";
import type { Tensor } from "../tensor";
import { options as checkOptions } from "../validate";
import { Optimizer, type FlatParam, type ParamGroup, type ParamsArg } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
}

const SGD_OPTIONS = { lr: "nonneg", momentum: "nonneg", dampening: "finite", weight_decay: "nonneg", nesterov: "bool", maximize: "bool" } as const;

export class SGD extends Optimizer<SGDOptions> {
  /** new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }) or new optim.SGD(params, 0.1). */
  constructor(params: ParamsArg, options: Partial<SGDOptions> | number = {}) {
    const o = typeof options === "number" ? { lr: options } : checkOptions("SGD", options, SGD_OPTIONS);
    const defaults: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, ...o };
    if (defaults.nesterov && (defaults.momentum <= 0 || defaults.dampening !== 0)) {
      fail("SGD", "Nesterov momentum requires a momentum and zero dampening");
    }
    super(params, defaults, SGD_OPTIONS);
  }

  protected _update({ value, offset, grad, gradOffset, n }: FlatParam, group: ParamGroup, state: Record<string, any>, param: Tensor): void {
    const { lr, momentum, dampening, weight_decay: wd, nesterov, maximize } = group;
    const sign = maximize ? -1 : 1;
    if (momentum === 0) {
      for (let i = 0; i < n; i++) {
        const g = sign * grad[gradOffset + i] + wd * value[offset + i];
        value[offset + i] -= lr * g;
      }
      return;
    }
    const first = state.momentum_buffer === undefined;
    const buf = this.buffer(state, "momentum_buffer", param);
    for (let i = 0; i < n; i++) {
      const g = sign * grad[gradOffset + i] + wd * value[offset + i];
      const b = first ? g : momentum * buf[i] + (1 - dampening) * g;
      buf[i] = b;
      value[offset + i] -= lr * (nesterov ? g + momentum * b : b);
    }
  }
}
