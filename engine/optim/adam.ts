// Adam and AdamW, PyTorch's rules. With g = ∇θ (Adam adds weight_decay θ to g; AdamW instead decays θ directly,
// θ = θ - lr weight_decay θ, before the step), at step t:
//   m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²;  m̂ = m / (1 - β1ᵗ);  v̂ = v / (1 - β2ᵗ)
//   (amsgrad: v_max = max(v_max, v) and v̂ = v_max / (1 - β2ᵗ));  θ = θ - lr m̂ / (√v̂ + eps).
import { fail } from "../errors";
import type { Tensor } from "../tensor";
import { options as checkOptions, describe } from "../validate";
import { Optimizer, type FlatParam, type ParamGroup, type ParamsArg } from "./optimizer";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  maximize: boolean;
}

const ADAM_OPTIONS = { lr: "nonneg", betas: "any", eps: "nonneg", weight_decay: "nonneg", amsgrad: "bool", maximize: "bool" } as const; // betas: see validate

/** Adam's options with its defaults; betas must be two numbers in [0, 1). */
function validate(name: string, options: Partial<AdamOptions> | number, defaults: AdamOptions): AdamOptions {
  const o = { ...defaults, ...(typeof options === "number" ? { lr: options } : checkOptions<Partial<AdamOptions>>(name, options, ADAM_OPTIONS)) };
  if (!Array.isArray(o.betas) || o.betas.length !== 2) fail(name, `betas must be a pair [beta1, beta2], got ${describe(o.betas)}`);
  o.betas.forEach((b, i) => {
    if (!(typeof b === "number" && b >= 0 && b < 1)) fail(name, `invalid beta parameter at index ${i}: ${describe(b)} (must be in [0, 1))`);
  });
  return o;
}

/** The Adam step for one parameter; `decoupledDecay` is AdamW's weight decay, `l2` is Adam's. */
function adamStep(p: FlatParam, group: ParamGroup, state: Record<string, any>, m: Float32Array | Float64Array,
  v: Float32Array | Float64Array, vmax: Float32Array | Float64Array | null, l2: number, decoupledDecay: number): void {
  const { value, offset, grad, gradOffset, n } = p;
  const { lr, eps, maximize } = group;
  const [beta1, beta2] = group.betas as [number, number];
  const t = state.step as number;
  const bc1 = 1 - beta1 ** t, bc2 = 1 - beta2 ** t;
  const sign = maximize ? -1 : 1;
  const shrink = 1 - lr * decoupledDecay;
  for (let i = 0; i < n; i++) {
    const theta = value[offset + i];
    const g = sign * grad[gradOffset + i] + l2 * theta;
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    let vhat = vi;
    if (vmax) vhat = vmax[i] = Math.max(vmax[i], vi);
    value[offset + i] = theta * shrink - (lr * mi) / bc1 / (Math.sqrt(vhat / bc2) + eps);
  }
}

export class Adam extends Optimizer<AdamOptions> {
  /** new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] }) or new optim.Adam(params, 1e-3). */
  constructor(params: ParamsArg, options: Partial<AdamOptions> | number = {}) {
    super(params, validate("Adam", options, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false }), ADAM_OPTIONS);
  }

  protected _update(p: FlatParam, group: ParamGroup, state: Record<string, any>, param: Tensor): void {
    const vmax = group.amsgrad ? this.buffer(state, "max_exp_avg_sq", param) : null;
    adamStep(p, group, state, this.buffer(state, "exp_avg", param), this.buffer(state, "exp_avg_sq", param), vmax, group.weight_decay, 0);
  }
}

/** Adam with decoupled weight decay (default 0.01): the decay shrinks θ directly instead of entering the moments. */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsArg, options: Partial<AdamOptions> | number = {}) {
    super(params, validate("AdamW", options, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false, maximize: false }), ADAM_OPTIONS);
  }

  protected _update(p: FlatParam, group: ParamGroup, state: Record<string, any>, param: Tensor): void {
    const vmax = group.amsgrad ? this.buffer(state, "max_exp_avg_sq", param) : null;
    adamStep(p, group, state, this.buffer(state, "exp_avg", param), this.buffer(state, "exp_avg_sq", param), vmax, 0, group.weight_decay);
  }
}
