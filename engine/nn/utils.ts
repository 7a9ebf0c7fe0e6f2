// nn.utils: gradient clipping and flattening parameters into one vector.
import { no_grad } from "../autograd";
import { full } from "../creation";
import { fail, fmtShape } from "../errors";
import { cat, stack } from "../ops/indexing";
import type { Tensor } from "../tensor";
import { isOptions, numberArg, options, tensorArg, tensorsArg } from "../validate";

type Params = Tensor | Iterable<Tensor>;

export interface ClipGradNormOptions {
  /** 2 (default), 1, Infinity, or any p > 0. */
  norm_type?: number;
  /** Throw if the total norm is NaN or infinite instead of scaling the gradients by it. */
  error_if_nonfinite?: boolean;
}

/**
 * Rescale the gradients in place so that their global norm (the norm of all gradients concatenated) is at most
 * max_norm: each is multiplied by min(1, max_norm / (total + 1e-6)). Returns the total norm measured before clipping,
 * as a 0-d tensor. clip_grad_norm_(params, 1.0), clip_grad_norm_(params, 1.0, 1) or (params, 1.0, { norm_type: Infinity }).
 */
export function clip_grad_norm_(parameters: Params, max_norm: number, norm_type: number | ClipGradNormOptions = 2): Tensor {
  const params = tensorsArg("clip_grad_norm_", "parameters", parameters);
  numberArg("clip_grad_norm_", "max_norm", max_norm);
  const opts = options<ClipGradNormOptions>("clip_grad_norm_", isOptions(norm_type) ? norm_type : { norm_type },
    { norm_type: "number", error_if_nonfinite: "bool" });
  const p = opts.norm_type ?? 2;
  const grads = params.map((t) => t.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return full([], 0);
  return no_grad(() => {
    const perTensor = grads.map((g) => (p === Infinity ? g.abs().max() : g.norm(p)));
    const total = p === Infinity ? stack(perTensor).max() : stack(perTensor).norm(p);
    const value = total.item();
    if (opts.error_if_nonfinite && !Number.isFinite(value)) {
      fail("clip_grad_norm_", `the total norm of order ${p} for gradients is non-finite (${value}), so it cannot be clipped; ` +
        "pass error_if_nonfinite: false to scale by it anyway, or find where the NaN/Inf comes from");
    }
    const coef = Math.min(max_norm / (value + 1e-6), 1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** Clamp every gradient element into [-clip_value, clip_value], in place. */
export function clip_grad_value_(parameters: Params, clip_value: number): void {
  const params = tensorsArg("clip_grad_value_", "parameters", parameters);
  numberArg("clip_grad_value_", "clip_value", clip_value);
  no_grad(() => {
    for (const t of params) t.grad?.clamp_(-clip_value, clip_value);
  });
}

/** All parameters flattened and concatenated into one vector (differentiable, like PyTorch's). */
export function parameters_to_vector(parameters: Params): Tensor {
  return cat(tensorsArg("parameters_to_vector", "parameters", parameters).map((p) => p.reshape(-1)));
}

/** Copy consecutive slices of `vec` into the parameters (the inverse of parameters_to_vector). */
export function vector_to_parameters(vec: Tensor, parameters: Params): void {
  tensorArg("vector_to_parameters", "vec", vec);
  const params = tensorsArg("vector_to_parameters", "parameters", parameters);
  const total = params.reduce((n, p) => n + p.numel(), 0);
  if (vec.ndim !== 1 || vec.numel() !== total) {
    fail("vector_to_parameters", `expected a vector of ${total} elements (the parameters' total), got shape ${fmtShape(vec.shape)}`);
  }
  no_grad(() => {
    let offset = 0;
    for (const p of params) {
      p.copy_(vec.narrow(0, offset, p.numel()).reshape(p.shape));
      offset += p.numel();
    }
  });
}
