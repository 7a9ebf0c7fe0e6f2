// In-place updates (zero_, add_, copy_, uniform_...). They are not recorded by autograd: use them on leaves under
// torch.no_grad() (optimizers, init) or on tensors that do not require grad, as PyTorch requires for leaves.
import { is_grad_enabled } from "../autograd";
import { allocStorage } from "../dtype";
import { fail, fmtShape } from "../errors";
import { stridedCopy } from "../kernels";
import { type Generator, default_generator } from "../random";
import { broadcastStrides, contiguousStrides } from "../shapes";
import { type Tensor, type TensorLike, asTensor } from "../tensor";
import { numberArg, options } from "../validate";

export interface RandomOptions {
  generator?: Generator;
}

function checkWritable(t: Tensor, op: string): void {
  if (is_grad_enabled() && t.requires_grad) {
    fail(op, t.is_leaf
      ? "a leaf tensor that requires grad is being used in an in-place operation; wrap the update in torch.no_grad(() => ...)"
      : "in-place operations on tensors that are part of a graph are not supported; use the out-of-place op (e.g. add instead of add_)");
  }
}

/** Write src (broadcast to t's shape) into t's storage through t's strides. */
export function copy_<T extends Tensor>(t: T, src: TensorLike, op = "copy_"): T {
  checkWritable(t, op);
  const s = asTensor(src, t.dtype, op);
  if (s.ndim > t.ndim || s.shape.some((d, i) => d !== 1 && d !== t.shape[t.ndim - s.ndim + i])) {
    fail(op, `source of shape ${fmtShape(s.shape)} cannot be broadcast to the destination's shape ${fmtShape(t.shape)}`);
  }
  stridedCopy(t.shape, s.storage, s.offset, broadcastStrides(s.shape, s.strides, t.shape), t.storage, t.offset, t.strides);
  return t;
}

export function fill_<T extends Tensor>(t: T, value: number, op = "fill_"): T {
  return copy_(t, typeof value === "boolean" ? value : numberArg(op, "value", value), op);
}

/** t = f(t), computed out of place and copied back (so views and strided tensors update correctly). */
export function apply_<T extends Tensor>(t: T, op: string, f: (t: Tensor) => Tensor): T {
  checkWritable(t, op);
  const result = f(t.detach());
  if (result.shape.join() !== t.shape.join()) {
    fail(op, `the result has shape ${fmtShape(result.shape)} but the in-place target has shape ${fmtShape(t.shape)}`);
  }
  return copy_(t, result.dtype === t.dtype ? result : result.to(t.dtype), op);
}

function randomFill<T extends Tensor>(t: T, op: string, fill: (out: Float32Array | Float64Array) => void): T {
  checkWritable(t, op);
  const values = allocStorage(t.dtype, t.numel());
  fill(values);
  stridedCopy(t.shape, values, 0, contiguousStrides(t.shape), t.storage, t.offset, t.strides);
  return t;
}

export function uniform_<T extends Tensor>(t: T, from = 0, to = 1, opts: RandomOptions = {}): T {
  numberArg("uniform_", "from", from);
  numberArg("uniform_", "to", to);
  const { generator } = options<RandomOptions>("uniform_", opts, { generator: "generator" });
  return randomFill(t, "uniform_", (v) => (generator ?? default_generator).fillUniform(v, from, to));
}

export function normal_<T extends Tensor>(t: T, mean = 0, std = 1, opts: RandomOptions = {}): T {
  numberArg("normal_", "mean", mean);
  numberArg("normal_", "std", std);
  const { generator } = options<RandomOptions>("normal_", opts, { generator: "generator" });
  return randomFill(t, "normal_", (v) => (generator ?? default_generator).fillNormal(v, mean, std));
}
