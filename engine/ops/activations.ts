// Activation functions (torch.* and F.*). Forward is one kernel pass; the backward is written with tensor ops
// (so it is differentiable again), from the derivative each function is known for.
import { no_grad, record } from "../autograd";
import { toFloating } from "../dtype";
import { fail } from "../errors";
import type { UnaryOp } from "../kernels";
import { normDim } from "../shapes";
import { type Tensor, type TensorLike, asTensor } from "../tensor";
import { intArg, isOptions, numberArg, options } from "../validate";
import { add, div, erf, exp, gt, isfinite, log, logicalAnd, mul, square, sub, unaryForward, where } from "./elementwise";
import { fusedActivationBackward, fusedSoftmax } from "./fused";
import { amax, sum } from "./reduce";

/** `op` names the function for errors; `kernel` is the unary kernel that computes it. */
function activation(op: string, kernel: UnaryOp, name: string, a: TensorLike, grad: (x: Tensor, out: Tensor, g: Tensor) => Tensor,
  p1?: number, p2?: number, keepDtype = false): Tensor {
  const x = asTensor(a, undefined, op);
  const out = unaryForward(op, kernel, x, keepDtype ? x.dtype : toFloating(x.dtype), p1, p2);
  return record(out, name, [x], (g) => [grad(x, out, g)]);
}

/**
 * σ(x) = 1 / (1 + e^-x); σ'(x) = σ(x)(1 - σ(x)).
 * @example torch.sigmoid(torch.tensor(0))  // tensor(0.5000)
 */
export const sigmoid = (x: TensorLike): Tensor =>
  activation("sigmoid", "sigmoid", "SigmoidBackward0", x, (_x, y, g) => fusedActivationBackward("sigmoid", y, g) ?? mul(g, mul(y, sub(1, y))));

/**
 * tanh'(x) = 1 - tanh(x)².
 * @example torch.tanh(torch.tensor([0, 1]))  // tensor([0.0000, 0.7616])
 */
export const tanh = (x: TensorLike): Tensor =>
  activation("tanh", "tanh", "TanhBackward0", x, (_x, y, g) => fusedActivationBackward("tanh", y, g) ?? mul(g, sub(1, square(y))));

/** @example F.relu(torch.tensor([-1, 2]))  // tensor([0., 2.]) */
export const relu = (x: TensorLike): Tensor =>
  activation("relu", "relu", "ReluBackward0", x, (xx, _y, g) => fusedActivationBackward("relu", xx, g) ?? mul(g, gt(xx, 0)), 0, 0, true);

/** leaky_relu(x, 0.01) or leaky_relu(x, { negative_slope: 0.01 }). */
export function leaky_relu(x: TensorLike, slope: number | { negative_slope?: number } = 0.01): Tensor {
  const s = isOptions(slope) ? options<{ negative_slope?: number }>("leaky_relu", slope, { negative_slope: "number" }).negative_slope ?? 0.01
    : numberArg("leaky_relu", "negative_slope", slope);
  return activation("leaky_relu", "leaky_relu", "LeakyReluBackward0", x, (xx, _y, g) => where(gt(xx, 0), g, mul(g, s)), s);
}

/** elu(x, { alpha = 1 }): x for x > 0, alpha (e^x - 1) otherwise. */
export function elu(x: TensorLike, opts: number | { alpha?: number } = {}): Tensor {
  const alpha = typeof opts === "number" ? opts : options<{ alpha?: number }>("elu", opts, { alpha: "number" }).alpha ?? 1;
  return activation("elu", "elu", "EluBackward0", x, (xx, y, g) => where(gt(xx, 0), g, mul(g, add(y, alpha))), alpha);
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_K = Math.sqrt(2 / Math.PI);

/**
 * gelu(x) = x Φ(x) with the exact erf, or gelu(x, { approximate: "tanh" }) for the tanh approximation.
 * @example F.gelu(torch.tensor(1))  // tensor(0.8413)
 */
export function gelu(x: TensorLike, opts: { approximate?: "none" | "tanh" } = {}): Tensor {
  opts = options("gelu", opts, { approximate: ["none", "tanh"] });
  if (opts.approximate === "tanh") {
    return activation("gelu", "gelu_tanh", "GeluBackward0", x, (xx, _y, g) => {
      const inner = mul(add(xx, mul(mul(square(xx), xx), 0.044715)), GELU_K);
      const t = tanh(inner);
      const dInner = mul(add(mul(square(xx), 3 * 0.044715), 1), GELU_K);
      return mul(g, add(mul(add(t, 1), 0.5), mul(mul(mul(xx, 0.5), sub(1, square(t))), dInner)));
    });
  }
  // d/dx x Φ(x) = Φ(x) + x φ(x)
  return activation("gelu", "gelu", "GeluBackward0", x, (xx, _y, g) => {
    const fused = fusedActivationBackward("gelu", xx, g);
    if (fused) return fused;
    const cdf = mul(add(erf(mul(xx, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(xx), -0.5)), INV_SQRT_2PI);
    return mul(g, add(cdf, mul(xx, pdf)));
  });
}

/** silu(x) = x σ(x); silu' = σ(x)(1 + x(1 - σ(x))). */
export const silu = (x: TensorLike): Tensor =>
  activation("silu", "silu", "SiluBackward0", x, (xx, _y, g) => {
    const s = sigmoid(xx);
    return mul(g, mul(s, add(mul(xx, sub(1, s)), 1)));
  });

/** softplus(x, { beta = 1, threshold = 20 }) = log(1 + e^(beta x)) / beta, linear above the threshold. */
export function softplus(x: TensorLike, opts: { beta?: number; threshold?: number } = {}): Tensor {
  const o = options<{ beta?: number; threshold?: number }>("softplus", opts, { beta: "number", threshold: "number" });
  const beta = o.beta ?? 1, threshold = o.threshold ?? 20;
  return activation("softplus", "softplus", "SoftplusBackward0", x, (xx, _y, g) => {
    const bx = mul(xx, beta);
    return where(gt(bx, threshold), g, mul(g, sigmoid(bx)));
  }, beta, threshold);
}

/** hardtanh(x, { min_val = -1, max_val = 1 }); the gradient is zero outside (min_val, max_val). */
export function hardtanh(x: TensorLike, opts: { min_val?: number; max_val?: number } = {}): Tensor {
  const o = options<{ min_val?: number; max_val?: number }>("hardtanh", opts, { min_val: "number", max_val: "number" });
  const lo = o.min_val ?? -1, hi = o.max_val ?? 1;
  return activation("hardtanh", "clamp", "HardtanhBackward0", x,
    (xx, _y, g) => mul(g, logicalAnd(gt(xx, lo), gt(hi, xx))), lo, hi);
}

function dimOf(op: string, dim: number | { dim?: number } | undefined): number {
  const d = isOptions(dim) ? options<{ dim?: number }>(op, dim, { dim: "any" }).dim : dim; // checked below
  if (d === undefined || d === null) fail(op, `dim is required, e.g. ${op}(x, 1) or ${op}(x, { dim: -1 })`);
  return intArg(op, "dim", d);
}

/** x minus its max along dim (exact in float), so exp cannot overflow; all -inf slices stay finite-safe. */
function shifted(x: Tensor, d: number): Tensor {
  if (x.numel() === 0) return x; // nothing to shift (and the max of an empty slice is undefined)
  const m = amax(x, d, true);
  return sub(x, where(isfinite(m), m, 0));
}

/**
 * softmax along dim: e^x / sum(e^x), computed stably; backward y (g - sum(g y)).
 * @example F.softmax(torch.tensor([1, 1]), 0)  // tensor([0.5000, 0.5000])
 */
export function softmax(a: TensorLike, dim: number | { dim?: number }): Tensor {
  const x = asTensor(a, undefined, "softmax");
  const d = normDim("softmax", dimOf("softmax", dim), x.ndim);
  const out = fusedSoftmax(x, d) ?? no_grad(() => {
    const e = exp(shifted(x, d));
    return div(e, sum(e, d, true));
  });
  return record(out, "SoftmaxBackward0", [x], (g) => [mul(out, sub(g, sum(mul(g, out), d, true)))]);
}

/** log_softmax along dim: x - logsumexp(x); backward g - softmax(x) sum(g). */
export function log_softmax(a: TensorLike, dim: number | { dim?: number }): Tensor {
  const x = asTensor(a, undefined, "log_softmax");
  const d = normDim("log_softmax", dimOf("log_softmax", dim), x.ndim);
  const out = no_grad(() => {
    const z = shifted(x, d);
    return sub(z, log(sum(exp(z), d, true)));
  });
  return record(out, "LogSoftmaxBackward0", [x], (g) => [sub(g, mul(exp(out), sum(g, d, true)))]);
}
