// In-place updates (zero_, add_, copy_, uniform_...). They are not recorded by autograd: use them on leaves under
// torch.no_grad() (optimizers, init) or on tensors that do not require grad, as PyTorch requires for leaves.
import { is_grad_enabled } from "../autograd";
import { allocStorage } from "../dtype";
import { fail, fmtShape } from "../errors";
import { stridedCopy } from "../kernels";
import { type Generator, default_generator } from "../random";
import { broadcastStrides, contiguousStrides } from "../shapes";
import { type Tensor, type TensorLike, asTensor } from "../tensor";

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
export function copy_<T extends Tensor>(t: T, src: TensorLike): T {
  checkWritable(t, "copy_");
  const s = asTensor(src, t.dtype);
  if (s.ndim > t.ndim || s.shape.some((d, i) => d !== 1 && d !== t.shape[t.ndim - s.ndim + i])) {
    fail("copy_", `source of shape ${fmtShape(s.shape)} cannot be broadcast to the destination's shape ${fmtShape(t.shape)}`);
  }
  stridedCopy(t.shape, s.storage, s.offset, broadcastStrides(s.shape, s.strides, t.shape), t.storage, t.offset, t.strides);
  return t;
}

export function fill_<T extends Tensor>(t: T, value: number): T {
  return copy_(t, value);
}

/** t = f(t), computed out of place and copied back (so views and strided tensors update correctly). */
export function apply_<T extends Tensor>(t: T, op: string, f: (t: Tensor) => Tensor): T {
  checkWritable(t, op);
  const result = f(t.detach());
  if (result.shape.join() !== t.shape.join()) {
    fail(op, `the result has shape ${fmtShape(result.shape)} but the in-place target has shape ${fmtShape(t.shape)}`);
  }
  return copy_(t, result.dtype === t.dtype ? result : result.to(t.dtype));
}

function randomFill<T extends Tensor>(t: T, op: string, fill: (out: Float32Array | Float64Array) => void): T {
  checkWritable(t, op);
  const values = allocStorage(t.dtype, t.numel());
  fill(values);
  stridedCopy(t.shape, values, 0, contiguousStrides(t.shape), t.storage, t.offset, t.strides);
  return t;
}

export function uniform_<T extends Tensor>(t: T, from = 0, to = 1, opts: RandomOptions = {}): T {
  return randomFill(t, "uniform_", (v) => (opts.generator ?? default_generator).fillUniform(v, from, to));
}

export function normal_<T extends Tensor>(t: T, mean = 0, std = 1, opts: RandomOptions = {}): T {
  return randomFill(t, "normal_", (v) => (opts.generator ?? default_generator).fillNormal(v, mean, std));
}
