// Fused kernel passes the WASM backend offers for hot activation paths: one pass instead of an op-by-op chain with
// its temporaries. Each returns null where the general path must run — another backend or dtype, or a backward
// that builds a graph (create_graph), which needs the op-by-op form to be differentiable again.
import { is_grad_enabled } from "../autograd";
import { float32 } from "../dtype";
import { get_backend, softmaxRows, unaryBackward } from "../kernels";
import { Tensor, readContiguous } from "../tensor";

const fusable = (...ts: Tensor[]): boolean => get_backend() === "wasm" && ts.every((t) => t.dtype === float32);

/** g * f'(·) for tanh and sigmoid (from the output y) or relu and exact gelu (from the input x), in a backward
 * without a graph. */
export function fusedActivationBackward(op: "tanh" | "sigmoid" | "relu" | "gelu", saved: Tensor, g: Tensor): Tensor | null {
  if (is_grad_enabled() || !fusable(saved, g) || g.shape.join() !== saved.shape.join()) return null;
  const out = Tensor._alloc(op, saved.shape, float32);
  const s = readContiguous(saved), gc = readContiguous(g);
  return unaryBackward(op, s.data, s.offset, gc.data, gc.offset, out.storage, out.storage.length) ? out : null;
}

/** softmax over the last dim in one pass per row (max, exp and sum, scale). */
export function fusedSoftmax(x: Tensor, dim: number): Tensor | null {
  if (dim !== x.ndim - 1 || x.numel() === 0 || !fusable(x)) return null;
  const out = Tensor._alloc("softmax", x.shape, float32);
  const { data, offset } = readContiguous(x);
  const n = x.shape[dim];
  return softmaxRows(data, offset, x.numel() / n, n, out.storage) ? out : null;
}
