// Shape ops. Most are views: new shape/strides/offset over the same storage, no copy. Each backward maps the
// gradient back through the inverse view (transpose back, sum out an expand, reshape back).
import { record } from "../autograd";
import type { FloatArray } from "../dtype";
import { fail, fmtShape } from "../errors";
import { stridedCopy } from "../kernels";
import { allocStorage } from "../dtype";
import { checkShape, contiguousStrides, isContiguous, normDim, normDims, numelOf } from "../shapes";
import { Tensor } from "../tensor";
import { tensorArg } from "../validate";
import { sumTo } from "./elementwise";
import { sum } from "./reduce";

/** A contiguous copy of t's values (no autograd). */
export function contiguousCopy(t: Tensor): FloatArray {
  const out = allocStorage(t.dtype, t.numel());
  stridedCopy(t.shape, t.storage, t.offset, t.strides, out, 0, contiguousStrides(t.shape));
  return out;
}

export function clone(x: Tensor): Tensor {
  tensorArg("clone", "input", x);
  const out = new Tensor(contiguousCopy(x), x.shape, x.dtype);
  return record(out, "CloneBackward0", [x], (g) => [g]);
}

export function contiguous(x: Tensor): Tensor {
  return x.is_contiguous() ? x : clone(x);
}

/** Resolve one -1 in a requested shape and check the element count. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  if (free !== out.lastIndexOf(-1)) fail(op, `only one dimension can be inferred (-1), got ${fmtShape(shape)}`);
  const known = numelOf(out.filter((_, i) => i !== free));
  if (free >= 0) {
    if (known === 0 || x.numel() % known !== 0) fail(op, `shape ${fmtShape(shape)} is invalid for input of size ${x.numel()}`);
    out[free] = x.numel() / known;
  }
  checkShape(op, out);
  if (numelOf(out) !== x.numel()) {
    fail(op, `shape ${fmtShape(shape)} is invalid for input of size ${x.numel()} (shape ${fmtShape(x.shape)}); the sizes must multiply to ${x.numel()}`);
  }
  return out;
}

/**
 * Strides that show a tensor of shape/strides as `target` without copying, or null if impossible (PyTorch's
 * computeStride: each run of dims that is contiguous in memory may be split or merged, never mixed).
 */
function viewStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] | null {
  if (isContiguous(shape, strides) || numelOf(shape) === 0) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let viewD = target.length - 1, chunkStride = strides[strides.length - 1], tensorNumel = 1, viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkStride;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkStride = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/** view never copies: it fails when the strides cannot express the new shape (then use reshape). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const s = inferShape("view", x, shape);
  const strides = viewStrides(x.shape, x.strides, s);
  if (strides === null) {
    fail("view", `view size ${fmtShape(s)} is not compatible with the input's size ${fmtShape(x.shape)} and strides ` +
      "(at least one dimension spans across two contiguous subspaces, e.g. after transpose); use .reshape(...) instead");
  }
  return record(x._view(s, strides, x.offset), "ViewBackward0", [x], (g) => [reshape(g, x.shape)]);
}

/** reshape is a view when the strides allow it, else a copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = inferShape("reshape", x, shape);
  return viewStrides(x.shape, x.strides, s) ? view(x, s) : view(clone(x), s);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  tensorArg("flatten", "input", x);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim("flatten", startDim, x.ndim), e = normDim("flatten", endDim, x.ndim);
  if (s > e) fail("flatten", `start_dim ${startDim} comes after end_dim ${endDim}`);
  return reshape(x, [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  tensorArg("unsqueeze", "input", x);
  const d = normDim("unsqueeze", dim, x.ndim + 1);
  const shape = [...x.shape], strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d] * x.shape[d] : 1);
  return record(x._view(shape, strides, x.offset), "UnsqueezeBackward0", [x], (g) => [squeeze(g, d)]);
}

/** squeeze() drops every size-1 dim; squeeze(dim) (or a list) only those, if they have size 1. */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  tensorArg("squeeze", "input", x);
  const dims = dim === undefined ? x.shape.map((_, i) => i) : normDims("squeeze", dim, x.ndim);
  const keep = x.shape.map((s, i) => !(s === 1 && dims.includes(i)));
  const out = x._view(x.shape.filter((_, i) => keep[i]), x.strides.filter((_, i) => keep[i]), x.offset);
  return record(out, dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1", [x], (g) => [reshape(g, x.shape)]);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (tensorArg("transpose", "input", x).ndim === 0) {
    normDim("transpose", dim0, 0);
    normDim("transpose", dim1, 0);
    return x;
  }
  const a = normDim("transpose", dim0, x.ndim), b = normDim("transpose", dim1, x.ndim);
  const shape = [...x.shape], strides = [...x.strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return record(x._view(shape, strides, x.offset), "TransposeBackward0", [x], (g) => [transpose(g, a, b)]);
}

/** @example torch.arange(6).reshape(2, 3).T.flatten()  // tensor([0, 3, 1, 4, 2, 5]) */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const d = dims.map((v) => normDim("permute", v, x.ndim));
  if (d.length !== x.ndim || new Set(d).size !== d.length) {
    fail("permute", `dims ${fmtShape(dims)} must be a permutation of the ${x.ndim} dims of a tensor of shape ${fmtShape(x.shape)}`);
  }
  const inverse = new Array<number>(d.length);
  d.forEach((v, i) => (inverse[v] = i));
  const out = x._view(d.map((i) => x.shape[i]), d.map((i) => x.strides[i]), x.offset);
  return record(out, "PermuteBackward0", [x], (g) => [permute(g, inverse)]);
}

/** Broadcast size-1 dims to larger sizes without copying (stride 0). -1 keeps a size. */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    fail("expand", `the number of sizes provided (${sizes.length}) must be at least the number of dims (${x.ndim}) of ${fmtShape(x.shape)}`);
  }
  const lead = sizes.length - x.ndim;
  const shape: number[] = [], strides: number[] = [];
  sizes.forEach((s, i) => {
    const own = i >= lead ? x.shape[i - lead] : 1;
    const size = s === -1 ? own : s;
    if (own !== size && own !== 1) {
      fail("expand", `the expanded size ${size} must match the existing size ${own} at dim ${i} (only size-1 dims can be expanded): ` +
        `${fmtShape(x.shape)} -> ${fmtShape(sizes)}`);
    }
    shape.push(size);
    strides.push(own === size && i >= lead ? x.strides[i - lead] : 0);
  });
  checkShape("expand", shape);
  if (shape.length === x.ndim && shape.every((s, i) => s === x.shape[i])) return x;
  return record(x._view(shape, strides, x.offset), "ExpandBackward0", [x], (g) => [sumTo(g, x.shape)]);
}

/** Tile the tensor: repeat(2, 3) on [a, b] gives [2a, 3b]. */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) fail("repeat", `number of repeat dims (${sizes.length}) can not be smaller than the number of dims (${x.ndim})`);
  if (sizes.some((s) => s < 0)) fail("repeat", `repeat sizes must be non-negative, got ${fmtShape(sizes)}`);
  const own = [...new Array(sizes.length - x.ndim).fill(1), ...x.shape];
  checkShape("repeat", own.map((s, i) => s * sizes[i]));
  const interleaved = own.flatMap((s, i) => [sizes[i], s]); // [r0, s0, r1, s1, ...]
  const spread = own.flatMap((s) => [1, s]);
  const tiled = contiguousCopy(expand(x.detach().reshape(spread), interleaved));
  const out = new Tensor(tiled, own.map((s, i) => s * sizes[i]), x.dtype);
  return record(out, "RepeatBackward0", [x], (g) => {
    const repeatDims = own.map((_, i) => 2 * i);
    return [sum(reshape(g, interleaved), repeatDims).reshape(x.shape)];
  });
}

/**
 * Reverse the order of entries along the given dims (a copy, as in PyTorch).
 * @example torch.arange(4).flip(0)  // tensor([3, 2, 1, 0])
 */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const ds = normDims("flip", dims, x.ndim);
  let offset = x.offset;
  const strides = x.strides.map((st, i) => {
    if (!ds.includes(i) || x.shape[i] === 0) return st;
    offset += (x.shape[i] - 1) * st;
    return -st;
  });
  const out = new Tensor(contiguousCopy(x._view(x.shape, strides, offset)), x.shape, x.dtype);
  return record(out, "FlipBackward0", [x], (g) => [flip(g, ds)]);
}
