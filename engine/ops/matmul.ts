// Matrix products. One recorded op covers every matmul case (dot, mv, mm, batched with broadcasting): 1-D
// operands are treated as a row (left) or column (right) matrix, batch dims broadcast, and the backward is
// dA = dC @ B^T, dB = A^T @ dC, summed over broadcast batch dims.
import { record } from "../autograd";
import { promote, toFloating } from "../dtype";
import { fail, fmtShape } from "../errors";
import { matmul as matmulKernel } from "../kernels/js";
import { broadcastShapes, numelOf } from "../shapes";
import { Tensor, readContiguous } from "../tensor";
import { mul, sumTo } from "./elementwise";
import { expand, reshape, transpose } from "./shape";

function matmulError(a: Tensor, b: Tensor, k1: number, k2: number): never {
  fail("matmul", `cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)} (inner sizes ${k1} and ${k2} differ); ` +
    "the last dim of the first operand must equal the second-to-last dim of the second (try transposing one of them)");
}

/** Contiguous [batch, rows, cols] data for `t` (batch dims `tBatch`) broadcast to `batchShape` (copies only if needed). */
function batched(t: Tensor, tBatch: readonly number[], batchShape: readonly number[], rows: number, cols: number) {
  return readContiguous(expand(reshape(t.detach(), [...tBatch, rows, cols]), [...batchShape, rows, cols]));
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) fail("matmul", "both operands must be tensors");
  if (a.ndim === 0 || b.ndim === 0) {
    fail("matmul", `both arguments need at least 1 dimension, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use mul for scalars`);
  }
  // Matrix views: a 1-D left operand is a row [1, K], a 1-D right operand a column [K, 1].
  const am = a.ndim === 1 ? [1, a.shape[0]] : a.shape.slice(-2);
  const bm = b.ndim === 1 ? [b.shape[0], 1] : b.shape.slice(-2);
  const [M, K] = am, [K2, N] = bm;
  if (K !== K2) matmulError(a, b, K, K2);
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batchShape = broadcastShapes("matmul", aBatch, bBatch);
  const batch = numelOf(batchShape);
  const outShape = [...batchShape, ...(a.ndim > 1 ? [M] : []), ...(b.ndim > 1 ? [N] : [])];
  const dtype = toFloating(promote(a.dtype, b.dtype));
  const out = Tensor._alloc("matmul", outShape, dtype);
  if (bBatch.length === 0 && a.is_contiguous()) {
    // Common case (Linear layers): fold a's batch dims into its rows and run one [batch*M, K] @ [K, N].
    const bd = readContiguous(b);
    matmulKernel(a.storage, a.offset, 0, bd.data, bd.offset, 0, out.storage, 1, batch * M, K, N);
  } else {
    const ad = batched(a, aBatch, batchShape, M, K), bd = batched(b, bBatch, batchShape, K, N);
    matmulKernel(ad.data, ad.offset, M * K, bd.data, bd.offset, K * N, out.storage, batch, M, K, N);
  }
  const name = a.ndim === 1 && b.ndim === 1 ? "DotBackward0" : b.ndim === 1 && a.ndim === 2 ? "MvBackward0"
    : a.ndim <= 2 && b.ndim <= 2 ? "MmBackward0" : "BmmBackward0";
  return record(out, name, [a, b], (g) => {
    // Work in matrix form: g as [..., M, N], operands as [..., M, K] and [..., K, N].
    const gm = reshape(g, [...batchShape, M, N]);
    const A = reshape(a, [...aBatch, M, K]), B = reshape(b, [...bBatch, K, N]);
    return [
      a.requires_grad ? reshape(sumTo(matmul(gm, transpose(B, -1, -2)), A.shape), a.shape) : null,
      b.requires_grad ? reshape(sumTo(matmul(transpose(A, -1, -2), gm), B.shape), b.shape) : null,
    ];
  });
}

/** Strictly 2-D matrix product. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) fail("mm", `expects two 2-D tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use matmul for other ranks`);
  return matmul(a, b);
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) fail("dot", `expects two 1-D tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) fail("dot", `inconsistent tensor size: ${a.shape[0]} and ${b.shape[0]} elements`);
  return matmul(a, b);
}

/** outer(a, b)[i, j] = a[i] b[j]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) fail("outer", `expects two 1-D tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return mul(reshape(a, [-1, 1]), b);
}
