// Indexing: views that pick part of a tensor (select, narrow, slicing with idx), gathers that copy by an index
// tensor (gather, index_select), and joins (cat, stack) and splits. The backward of a view places the gradient
// into zeros of the input's shape through the same view (`embed`), itself differentiable.
import { no_grad, record } from "../autograd";
import { bool, int64, promote } from "../dtype";
import { fail, fmtShape } from "../errors";
import { gather as gatherKernel, indexAdd, indexSelect, scatterAdd, stridedCopy } from "../kernels";
import { broadcastShapes, normDim, numelOf } from "../shapes";
import { Tensor, type TensorLike, asTensor, readContiguous } from "../tensor";
import { describe, intArg, intListArg, numberArg, tensorArg, tensorListArg } from "../validate";
import { sumTo, where } from "./elementwise";
import { unsqueeze } from "./shape";

/** Zeros of `shape` with g copied into `view(zeros)`: the adjoint of taking a view. */
function embed(g: Tensor, shape: readonly number[], view: (t: Tensor) => Tensor): Tensor {
  const out = Tensor._alloc("backward", shape, g.dtype);
  const v = no_grad(() => view(out));
  stridedCopy(v.shape, g.storage, g.offset, g.strides, out.storage, v.offset, v.strides);
  return record(out, "EmbedBackward0", [g], (gg) => [view(gg)]);
}

function viewOp(x: Tensor, name: string, shape: number[], strides: number[], offset: number, again: (t: Tensor) => Tensor): Tensor {
  return record(x._view(shape, strides, offset), name, [x], (g) => [embed(g, x.shape, again)]);
}

function checkIndex(op: string, index: number, size: number, dim: number): number {
  if (!Number.isInteger(index) || index < -size || index >= size) {
    fail(op, `index ${index} is out of bounds for dimension ${dim} with size ${size}`);
  }
  return index < 0 ? index + size : index;
}

/** x.select(dim, i): the slice at index i along dim, with that dim removed (x[:, i] for dim 1). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (tensorArg("select", "input", x).ndim === 0) fail("select", "cannot select from a 0-d tensor");
  const d = normDim("select", dim, x.ndim);
  const i = checkIndex("select", index, x.shape[d], d);
  const shape = x.shape.filter((_, k) => k !== d), strides = x.strides.filter((_, k) => k !== d);
  return viewOp(x, "SelectBackward0", shape, strides, x.offset + i * x.strides[d], (t) => select(t, d, i));
}

/** x.narrow(dim, start, length): `length` entries from `start` along dim, as a view. */
export function narrow(x: Tensor, dim: number, start: number, length: number, name = "SliceBackward0"): Tensor {
  if (tensorArg("narrow", "input", x).ndim === 0) fail("narrow", "cannot narrow a 0-d tensor");
  const d = normDim("narrow", dim, x.ndim);
  const s = start < 0 ? start + x.shape[d] : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > x.shape[d]) {
    fail("narrow", `start ${start} with length ${length} exceeds dimension ${d} of size ${x.shape[d]} (shape ${fmtShape(x.shape)})`);
  }
  const shape = [...x.shape];
  shape[d] = length;
  return viewOp(x, name, shape, [...x.strides], x.offset + s * x.strides[d], (t) => narrow(t, d, s, length, name));
}

/** One index per dim: a number selects, "a:b:c" slices, null adds a dim, "..." skips dims, an int64 tensor picks
 *  indices; a bool tensor alone is a mask (x.idx(x.gt(0)) is PyTorch's x[x > 0]). */
export type IndexSpec = number | string | null | Tensor;

interface Slice { start: number; stop: number; step: number }

function parseSlice(text: string, size: number): Slice {
  const parts = text.split(":").map((p) => p.trim());
  if (parts.length > 3 || parts.some((p) => p !== "" && !/^-?\d+$/.test(p))) fail("idx", `cannot parse slice "${text}"; write it like "1:3", ":", "::2" or "-2:"`);
  const step = parts[2] ? Number(parts[2]) : 1;
  if (step <= 0) fail("idx", `slice step must be positive, got ${step}`);
  const clampTo = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const start = parts[0] ? clampTo(Number(parts[0])) : 0;
  const stop = parts[1] ? clampTo(Number(parts[1])) : size;
  return { start, stop: Math.max(stop, start), step };
}

/** Positions of the nonzero (true) entries of `mask`, as an int64 tensor of flat indices. */
function flatNonzero(mask: Tensor): Tensor {
  const values = mask.toFlatArray();
  const hits: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) hits.push(i);
  const out = Tensor._alloc("nonzero", [hits.length], int64);
  out.storage.set(hits);
  return out;
}

/**
 * x[mask] in PyTorch: the entries where a bool mask (shaped like x's leading dims) is true, rows stacked in order.
 * @example torch.tensor([1, -2, 3]).masked_select(torch.tensor([true, false, true]))  // tensor([1., 3.])
 */
export function masked_select(x: Tensor, mask: Tensor): Tensor {
  tensorArg("masked_select", "input", x);
  if (tensorArg("masked_select", "mask", mask).dtype !== bool) fail("masked_select", `mask must be a bool tensor (e.g. x.gt(0)), got ${mask.dtype}`);
  if (mask.ndim > x.ndim || mask.shape.some((s, i) => s !== x.shape[i])) {
    fail("masked_select", `mask of shape ${fmtShape(mask.shape)} must match the leading dims of the input's shape ${fmtShape(x.shape)}`);
  }
  const rows = x.reshape([mask.numel(), ...x.shape.slice(mask.ndim)]);
  return index_select(rows, 0, flatNonzero(mask));
}

/** torch.nonzero: the [n, ndim] int64 indices of the nonzero entries, in row-major order. */
export function nonzero(x: Tensor): Tensor {
  tensorArg("nonzero", "input", x);
  const flat = flatNonzero(x).toFlatArray();
  const out = Tensor._alloc("nonzero", [flat.length, x.ndim], int64);
  flat.forEach((f, r) => {
    let rest = f;
    for (let d = x.ndim - 1; d >= 0; d--) {
      out.storage[r * x.ndim + d] = rest % x.shape[d];
      rest = Math.floor(rest / x.shape[d]);
    }
  });
  return out;
}

function tokens(specs: readonly IndexSpec[]): IndexSpec[] {
  return specs.flatMap((s) => {
    if (s !== null && typeof s !== "number" && typeof s !== "string" && !(s instanceof Tensor)) {
      fail("idx", `an index must be a number, a slice string like "1:3", "...", null or an int64 tensor; got ${describe(s)}`);
    }
    if (typeof s !== "string") return [s];
    return s.split(",").map((t) => t.trim()).filter((t) => t !== "").map((t): IndexSpec => {
      if (t === "None" || t === "null") return null;
      if (t === "..." || t.includes(":")) return t;
      if (!/^-?\d+$/.test(t)) fail("idx", `cannot parse index "${t}"; use numbers, slices like "1:3", "...", or null`);
      return Number(t);
    });
  });
}

/**
 * Python-style indexing: x.idx(0, "1:3"), x.idx(":, -1"), x.idx("...", null), x.idx(":", torch.tensor([2, 0], { dtype: torch.int64 })).
 * @example torch.arange(10).idx("2:8:2")  // tensor([2, 4, 6])
 */
export function idx(x: Tensor, specs: readonly IndexSpec[]): Tensor {
  if (specs.length === 1 && specs[0] instanceof Tensor && specs[0].dtype === bool) return masked_select(x, specs[0]);
  const list = tokens(specs);
  const consuming = list.filter((s) => s !== null && s !== "...").length;
  if (list.filter((s) => s === "...").length > 1) fail("idx", "an index can only have a single ellipsis ('...')");
  if (consuming > x.ndim) fail("idx", `too many indices for a tensor of dimension ${x.ndim} (got ${consuming})`);
  const shape: number[] = [], strides: number[] = [];
  const tensorIndices: [number, Tensor][] = [];
  let offset = x.offset, d = 0, last = "SliceBackward0";
  for (const s of list) {
    if (s === null) { shape.push(1); strides.push(0); last = "UnsqueezeBackward0"; continue; }
    if (s === "...") {
      for (const stop = d + x.ndim - consuming; d < stop; d++) { shape.push(x.shape[d]); strides.push(x.strides[d]); }
      continue;
    }
    if (typeof s === "number") {
      offset += checkIndex("idx", s, x.shape[d], d) * x.strides[d];
      d++;
      last = "SelectBackward0";
    } else if (s instanceof Tensor) {
      indexValues("idx", s, x.shape[d], d);
      tensorIndices.push([shape.length, s]);
      shape.push(x.shape[d]); strides.push(x.strides[d]); d++;
    } else {
      const { start, stop, step } = parseSlice(s, x.shape[d]);
      offset += start * x.strides[d];
      shape.push(Math.ceil((stop - start) / step)); strides.push(x.strides[d] * step); d++;
      last = "SliceBackward0";
    }
  }
  for (; d < x.ndim; d++) { shape.push(x.shape[d]); strides.push(x.strides[d]); }
  if (tensorIndices.length > 1) fail("idx", "only one tensor index per idx() call is supported; apply them one at a time");
  const basic = list.map((s) => (s instanceof Tensor ? ":" : s));
  const viewed = viewOp(x, last, shape, strides, offset, (t) => idx(t, basic));
  return tensorIndices.length ? index_select(viewed, tensorIndices[0][0], tensorIndices[0][1]) : viewed;
}

/** Integer index values, checked against the size of the indexed dim. */
function indexValues(op: string, index: Tensor, size: number, dim: number): Float32Array | Float64Array {
  if (index.dtype.is_floating_point) fail(op, `index must be an integer tensor (int64), got ${index.dtype}; convert it with .long()`);
  const values = index.toFlatArray();
  for (const v of values) if (v < 0 || v >= size) fail(op, `index ${v} is out of bounds for dimension ${dim} with size ${size}`);
  return values;
}

function blocks(shape: readonly number[], d: number) {
  return { outer: numelOf(shape.slice(0, d)), inner: numelOf(shape.slice(d + 1)) };
}

/**
 * out[i][j] = x[i][index[i][j]] for dim 1 (and likewise for other dims). index has x's shape except along dim.
 * @example torch.tensor([[1, 2], [3, 4]]).gather(1, torch.tensor([[1], [0]], { dtype: torch.int64 })).flatten()  // tensor([2., 3.])
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  tensorArg("gather", "input", x);
  tensorArg("gather", "index", index);
  const d = normDim("gather", dim, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((s, k) => k !== d && s !== x.shape[k])) {
    fail("gather", `index of shape ${fmtShape(index.shape)} must match input shape ${fmtShape(x.shape)} in every dim except dim ${d}`);
  }
  const values = indexValues("gather", index, x.shape[d], d);
  const out = Tensor._alloc("gather", index.shape, x.dtype);
  const { outer, inner } = blocks(x.shape, d);
  const src = readContiguous(x);
  gatherKernel(src.data, src.offset, outer, x.shape[d], inner, values, index.shape[d], out.storage);
  return record(out, "GatherBackward0", [x], (g) => [scatterInto(x.shape, d, index, g)]);
}

/** Zeros of `shape` with src added at the positions `index` names along dim (the adjoint of gather). */
export function scatterInto(shape: readonly number[], dim: number, index: Tensor, src: Tensor): Tensor {
  const out = Tensor._alloc("scatter_add", shape, src.dtype);
  const { outer, inner } = blocks(shape, dim);
  scatterAdd(src.toFlatArray(), outer, shape[dim], inner, indexValues("scatter_add", index, shape[dim], dim), index.shape[dim], out.storage);
  return record(out, "ScatterAddBackward0", [src], (g) => [gather(g, dim, index)]);
}

/** The entries at `index` (1-D int tensor) along dim. */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  tensorArg("index_select", "input", x);
  tensorArg("index_select", "index", index);
  const d = normDim("index_select", dim, x.ndim);
  if (index.ndim > 1) fail("index_select", `index must be 1-D, got shape ${fmtShape(index.shape)}`);
  const values = indexValues("index_select", index, x.shape[d], d);
  const shape = [...x.shape];
  shape[d] = values.length;
  const out = Tensor._alloc("index_select", shape, x.dtype);
  const { outer, inner } = blocks(x.shape, d);
  const src = readContiguous(x);
  indexSelect(src.data, src.offset, outer, x.shape[d], inner, values, out.storage);
  return record(out, "IndexSelectBackward0", [x], (g) => [indexAddInto(x.shape, d, values, index, g)]);
}

function indexAddInto(shape: readonly number[], d: number, values: Float32Array | Float64Array, index: Tensor, src: Tensor): Tensor {
  const out = Tensor._alloc("index_add", shape, src.dtype);
  const { outer, inner } = blocks(shape, d);
  indexAdd(src.toFlatArray(), outer, shape[d], inner, values, out.storage);
  return record(out, "IndexAddBackward0", [src], (g) => [index_select(g, d, index)]);
}

/** x with `value` wherever mask is true; mask broadcasts to x's shape. */
export function masked_fill(x: Tensor, mask: TensorLike, value: number): Tensor {
  tensorArg("masked_fill", "input", x);
  const m = asTensor(mask, undefined, "masked_fill");
  if (typeof value !== "boolean") numberArg("masked_fill", "value", value);
  broadcastShapes("masked_fill", m.shape, x.shape);
  const out = no_grad(() => where(m, value, x)).to(x.dtype);
  if (out.shape.join() !== x.shape.join()) {
    fail("masked_fill", `mask of shape ${fmtShape(m.shape)} must broadcast to the input's shape ${fmtShape(x.shape)}`);
  }
  return record(out.detach(), "MaskedFillBackward0", [x], (g) => [sumTo(where(m, 0, g), x.shape)]);
}

/**
 * Join tensors along an existing dim.
 * @example torch.cat([torch.zeros(1), torch.ones(2)])  // tensor([0., 1., 1.])
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  tensors = tensorListArg("cat", "tensors", tensors);
  if (tensors.length === 0) fail("cat", "expected a non-empty list of tensors");
  const first = tensors[0];
  const d = normDim("cat", dim, first.ndim);
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((s, k) => k !== d && s !== first.shape[k])) {
      fail("cat", `sizes of tensors must match except in dimension ${d}: tensor 0 has shape ${fmtShape(first.shape)} but tensor ${i} has shape ${fmtShape(t.shape)}`);
    }
  });
  const shape = [...first.shape];
  shape[d] = tensors.reduce((n, t) => n + t.shape[d], 0);
  const out = Tensor._alloc("cat", shape, tensors.map((t) => t.dtype).reduce(promote));
  const starts: number[] = [];
  let start = 0;
  for (const t of tensors) {
    starts.push(start);
    stridedCopy(t.shape, t.storage, t.offset, t.strides, out.storage, start * out.strides[d], out.strides);
    start += t.shape[d];
  }
  return record(out, "CatBackward0", tensors, (g) => tensors.map((t, i) => narrow(g, d, starts[i], t.shape[d])));
}

/** Join equally shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  tensors = tensorListArg("stack", "tensors", tensors);
  if (tensors.length === 0) fail("stack", "expected a non-empty list of tensors");
  tensors.forEach((t, i) => {
    if (t.shape.join() !== tensors[0].shape.join()) {
      fail("stack", `expects each tensor to be equal size, but got ${fmtShape(tensors[0].shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normDim("stack", dim, tensors[0].ndim + 1);
  const out = no_grad(() => cat(tensors.map((t) => unsqueeze(t, d)), d));
  return record(out, "StackBackward0", tensors, (g) => tensors.map((_, i) => select(g, d, i)));
}

/** Split into pieces of `size` (the last may be smaller) or into the given list of sizes, as views. */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (tensorArg("split", "input", x).ndim === 0) fail("split", "cannot split a 0-d tensor; it has no dims");
  const d = normDim("split", dim, x.ndim);
  const n = x.shape[d];
  let sizes: number[];
  if (!Array.isArray(sizeOrSections)) {
    const size = intArg("split", "split_size", sizeOrSections, 1);
    sizes = Array.from({ length: Math.max(Math.ceil(n / size), 1) }, (_, i) => Math.min(size, n - i * size));
  } else {
    sizes = intListArg("split", "split_sizes", sizeOrSections);
    if (sizes.some((s) => s < 0)) fail("split", `split sizes must be non-negative, got ${fmtShape(sizes)}`);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) fail("split", `split sizes ${fmtShape(sizes)} sum to ${total}, but dimension ${d} has size ${n}`);
  }
  const name = typeof sizeOrSections === "number" ? "SplitBackward0" : "SplitWithSizesBackward0";
  let start = 0;
  return sizes.map((s) => narrow(x, d, (start += s) - s, s, name));
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (tensorArg("chunk", "input", x).ndim === 0) fail("chunk", "cannot chunk a 0-d tensor; it has no dims");
  if (!Number.isInteger(chunks) || chunks <= 0) fail("chunk", `chunks must be a positive integer, got ${chunks}`);
  const d = normDim("chunk", dim, x.ndim);
  return split(x, Math.max(Math.ceil(x.shape[d] / chunks), 1), d);
}

/** All slices along dim, each with that dim removed. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (tensorArg("unbind", "input", x).ndim === 0) fail("unbind", "cannot unbind a 0-d tensor; it has no dims");
  const d = normDim("unbind", dim, x.ndim);
  return Array.from({ length: x.shape[d] }, (_, i) => select(x, d, i));
}

/** Keep entries on and below (tril) or above (triu) the diagonal-th diagonal of the last two dims; zero the rest. */
function triangle(op: "tril" | "triu", x: Tensor, diagonal: number): Tensor {
  intArg(op, "diagonal", diagonal);
  if (tensorArg(op, "input", x).ndim < 2) fail(op, `input must have at least 2 dims, got shape ${fmtShape(x.shape)}`);
  const [rows, cols] = x.shape.slice(-2);
  const mask = Tensor._alloc(op, [rows, cols], bool);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) mask.storage[i * cols + j] = (op === "tril" ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  }
  const out = no_grad(() => where(mask, x, 0));
  return record(out, op === "tril" ? "TrilBackward0" : "TriuBackward0", [x], (g) => [triangle(op, g, diagonal)]);
}

/** @example torch.ones(2, 2).tril().flatten()  // tensor([1., 0., 1., 1.]) */
export const tril = (x: Tensor, diagonal = 0): Tensor => triangle("tril", x, diagonal);
/** @example torch.ones(2, 2).triu(1).flatten()  // tensor([0., 1., 0., 0.]) */
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle("triu", x, diagonal);
