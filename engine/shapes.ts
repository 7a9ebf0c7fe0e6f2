// Pure shape arithmetic: strides, broadcasting, dim normalisation. No tensors here.
import { fail, fmtShape } from "./errors";

/** Absurd allocations fail with a clear message instead of crashing the tab. */
export const MAX_ELEMENTS = 2 ** 28;

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function checkShape(op: string, shape: readonly number[]): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) fail(op, `invalid size ${s} in shape ${fmtShape(shape)}; sizes must be non-negative integers`);
  }
  const n = numelOf(shape);
  if (n > MAX_ELEMENTS) {
    fail(op, `shape ${fmtShape(shape)} has ${n} elements, more than the limit of 2^28 = ${MAX_ELEMENTS}; use a smaller shape`);
  }
  return [...shape];
}

export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      fail(op, `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: size ${da} and size ${db} differ at dim ${i - n} ` +
        `(sizes must match or one of them must be 1)`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had `target` shape (0 stride on broadcast dims). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const out = new Array<number>(target.length).fill(0);
  const k = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[k + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

export function normDim(op: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    fail(op, `dim ${dim} is out of range for a tensor with ${ndim} dims (expected a dim in [${-n}, ${n - 1}])`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Sorted, de-duplicated, non-negative dims; undefined means all dims. */
export function normDims(op: string, dim: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim;
  if (!Array.isArray(list)) fail(op, `dim must be a number or a list of numbers, got ${typeof dim === "string" ? JSON.stringify(dim) : typeof dim}`);
  const out = [...new Set(list.map((d) => normDim(op, d, ndim)))].sort((x, y) => x - y);
  if (out.length !== list.length) fail(op, `dim ${fmtShape(list)} lists a dim twice`);
  return out;
}
