// Matrix products. One recorded op covers every matmul case (dot, mv, mm, batched with broadcasting): 1-D
// operands are treated as a row (left) or column (right) matrix, batch dims broadcast, and the backward is
// dA = dC @ B^T, dB = A^T @ dC, summed over broadcast batch dims.
import { record } from "../autograd";
import { promote, toFloating } from "../dtype";
import { fail, fmtShape } from "../errors";
import { type MatrixOperand, matmul as matmulKernel } from "../kernels";
import { broadcastShapes, numelOf } from "../shapes";
import { Tensor, readContiguous } from "../tensor";
import { tensorArg } from "../validate";
import { mul, sumTo } from "./elementwise";
import { expand, reshape, transpose } from "./shape";

function matmulError(a: Tensor, b: Tensor, k1: number, k2: number): never {
  fail("matmul", `cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)} (inner sizes ${k1} and ${k2} differ); ` +
    "the last dim of the first operand must equal the second-to-last dim of the second (try transposing one of them)");
}

/** The single stride that walks these dims as one (size-1 dims ignored), or null if they do not collapse. */
function collapsedStride(shape: readonly number[], strides: readonly number[]): number | null {
  let stride: number | null = null, expected = 0;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (stride === null) stride = strides[d];
    else if (strides[d] !== expected) return null;
    expected = strides[d] * shape[d];
  }
  return stride ?? 0;
}

/** `t` as a batch of [rows, cols] matrices broadcast to batchShape, as a contiguous copy. */
function copied(t: Tensor, tBatch: readonly number[], batchShape: readonly number[], rows: number, cols: number): MatrixOperand {
  const c = readContiguous(expand(reshape(t.detach(), [...tBatch, rows, cols]), [...batchShape, rows, cols]));
  return { data: c.data, offset: c.offset, batchStride: rows * cols, rowStride: cols, colStride: 1 };
}

/** How the kernel reads `t` in place (any row/column strides, e.g. a transposed weight); copies only odd batch layouts. */
function operand(t: Tensor, left: boolean, tBatch: readonly number[], batchShape: readonly number[], rows: number, cols: number): MatrixOperand {
  let rowStride: number, colStride: number;
  if (t.ndim === 1) [rowStride, colStride] = left ? [0, t.strides[0]] : [t.strides[0], 1];
  else [rowStride, colStride] = [t.strides[t.ndim - 2], t.strides[t.ndim - 1]];
  if (cols === 1) colStride = 1; // a single column: its stride is never used
  let batchStride: number | null = 0;
  if (numelOf(tBatch) > 1) {
    const full = tBatch.length === batchShape.length && tBatch.every((s, i) => s === batchShape[i]);
    batchStride = full ? collapsedStride(tBatch, t.strides.slice(0, tBatch.length)) : null;
  }
  if (batchStride === null) return copied(t, tBatch, batchShape, rows, cols);
  return { data: t.storage, offset: t.offset, batchStride, rowStride, colStride };
}

/** @example torch.tensor([1, 2]).matmul(torch.tensor([[1, 0], [0, 1]]))  // tensor([1., 2.]) */
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
  let A = operand(a, true, aBatch, batchShape, M, K);
  let B = operand(b, false, bBatch, batchShape, K, N);
  if (B.colStride !== 1 && !(B.rowStride === 1 && A.colStride === 1)) B = copied(b, bBatch, batchShape, K, N);
  if (batch > 1 && B.batchStride === 0 && (M === 1 || A.batchStride === M * A.rowStride)) {
    // b is shared by the whole batch and a's batch and row dims walk as one: a single [batch*M, K] @ [K, N].
    A = { ...A, rowStride: M === 1 ? A.batchStride : A.rowStride, batchStride: 0 };
    matmulKernel(A, B, out.storage, 1, batch * M, K, N);
  } else {
    matmulKernel(A, B, out.storage, batch, M, K, N);
  }
  const name = a.ndim === 1 && b.ndim === 1 ? "DotBackward0" : b.ndim === 1 && a.ndim === 2 ? "MvBackward0"
    : a.ndim <= 2 && b.ndim <= 2 ? "MmBackward0" : "BmmBackward0";
  return record(out, name, [a, b], (g) => {
    // Work in matrix form: g as [..., M, N], operands as [..., M, K] and [..., K, N].
    const gm = reshape(g, [...batchShape, M, N]);
    const A = reshape(a, [...aBatch, M, K]), B = reshape(b, [...bBatch, K, N]);
    // A 2-D operand that is a transposed view (Linear's weight.T) gets its gradient in its own layout, as the
    // transpose of the product taken the other way round: (gᵀ A)ᵀ = Aᵀ g. The gradient then reaches the parameter
    // behind the view contiguous, and accumulating it into .grad is a plain copy instead of a transposing one
    // (which took a tenth of an MLP training step).
    const transposedView = (t: Tensor) => batchShape.length === 0 && t.ndim === 2 && t.strides[0] === 1 && t.strides[1] !== 1;
    const gradA = () => transposedView(a) ? transpose(matmul(B, transpose(gm, -1, -2)), -1, -2) : matmul(gm, transpose(B, -1, -2));
    const gradB = () => transposedView(b) ? transpose(matmul(transpose(gm, -1, -2), A), -1, -2) : matmul(transpose(A, -1, -2), gm);
    return [
      a.requires_grad ? reshape(sumTo(gradA(), A.shape), a.shape) : null,
      b.requires_grad ? reshape(sumTo(gradB(), B.shape), b.shape) : null,
    ];
  });
}

/** Strictly 2-D matrix product. */
export function mm(a: Tensor, b: Tensor): Tensor {
  tensorArg("mm", "input", a);
  tensorArg("mm", "mat2", b);
  if (a.ndim !== 2 || b.ndim !== 2) fail("mm", `expects two 2-D tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use matmul for other ranks`);
  return matmul(a, b);
}

export function dot(a: Tensor, b: Tensor): Tensor {
  tensorArg("dot", "input", a);
  tensorArg("dot", "other", b);
  if (a.ndim !== 1 || b.ndim !== 1) fail("dot", `expects two 1-D tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[0] !== b.shape[0]) fail("dot", `inconsistent tensor size: ${a.shape[0]} and ${b.shape[0]} elements`);
  return matmul(a, b);
}

/**
 * outer(a, b)[i, j] = a[i] b[j].
 * @example torch.outer(torch.tensor([1, 2]), torch.tensor([1, 1])).flatten()  // tensor([1., 1., 2., 2.])
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  tensorArg("outer", "input", a);
  tensorArg("outer", "vec2", b);
  if (a.ndim !== 1 || b.ndim !== 1) fail("outer", `expects two 1-D tensors, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return mul(reshape(a, [-1, 1]), b);
}
