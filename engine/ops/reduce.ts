// Reductions over `dim` (a number, a list, negative allowed, or omitted for all dims) with `keepdim`.
// The kernel sees the input as [outer, n, inner] and reduces the middle; the backward broadcasts the output's
// gradient back over the reduced dims (`expandBack`) and scales it by the op's local derivative.
import { no_grad, record } from "../autograd";
import { bool, float32, int64 } from "../dtype";
import { fail, fmtShape } from "../errors";
import { type ReduceOp, argReduce, cumsum as cumsumKernel, exclusiveProd, reduce } from "../kernels";
import { normDim, normDims, numelOf } from "../shapes";
import { Tensor, readContiguous } from "../tensor";
import { describe, isOptions, numberArg, options, tensorArg, type OptionKind } from "../validate";
import { abs, div, eq, exp, maximum, minimum, mul, ne, pow, sign, sqrt, square, sub, where } from "./elementwise";
import { scatterInto } from "./indexing";
import { expand, flip, permute, reshape, unsqueeze } from "./shape";

export interface ReduceOptions {
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
}
export interface VarOptions extends ReduceOptions {
  /** Subtract this from the count in the denominator: 1 (default) is the unbiased estimate, 0 the population one. */
  correction?: number;
  /** Old PyTorch spelling: unbiased=false is correction=0. */
  unbiased?: boolean;
}
export interface NormOptions extends ReduceOptions {
  p?: number;
}
export type ReduceArg = number | readonly number[] | ReduceOptions | null;
/** What max(dim)/min(dim) return: `const { values, indices } = x.max(1)` or `const [values, indices] = x.max(1)`. */
export type MinMax = [Tensor, Tensor] & { readonly values: Tensor; readonly indices: Tensor };

interface Parsed {
  dims: number[];
  keepdim: boolean;
  /** dim was omitted: a full reduction (PyTorch names its grad_fn ...Backward0). */
  full: boolean;
  opts: Record<string, any>;
}

/** What the options of a reduction may hold; var and std add correction, norm adds p. */
const REDUCE_OPTIONS = { dim: "dims", keepdim: "bool" } as const;
const VAR_OPTIONS = { ...REDUCE_OPTIONS, correction: "number", unbiased: "bool" } as const;
const NORM_OPTIONS = { ...REDUCE_OPTIONS, p: "number" } as const;

function parse(op: string, x: Tensor, dimArg: unknown, optArg: unknown, spec: Record<string, OptionKind> = REDUCE_OPTIONS): Parsed {
  tensorArg(op, "input", x);
  let opts: Record<string, any> = {};
  let dim: unknown = dimArg;
  if (isOptions(dimArg)) {
    opts = options(op, dimArg, spec);
    dim = opts.dim;
  } else if (dim !== undefined && dim !== null && typeof dim !== "number" && !Array.isArray(dim)) {
    fail(op, `dim must be a number or a list of numbers, got ${describe(dim)}`);
  }
  if (typeof optArg === "boolean") opts = { ...opts, keepdim: optArg };
  else if (optArg !== undefined && optArg !== null) opts = { ...opts, ...options(op, optArg, spec) };
  const full = dim === undefined || dim === null || (Array.isArray(dim) && dim.length === 0);
  const dims = full ? normDims(op, undefined, x.ndim) : normDims(op, dim as number | number[], x.ndim);
  return { dims, keepdim: opts.keepdim ?? false, full, opts };
}

function keptShape(x: Tensor, dims: readonly number[]): number[] {
  return x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

function outShape(x: Tensor, dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? keptShape(x, dims) : x.shape.filter((_, i) => !dims.includes(i));
}

/** View x's values as a contiguous [outer, n, inner] block with the reduced dims in the middle (copying if needed). */
function layout(x: Tensor, dims: readonly number[]) {
  const consecutive = dims.length === 0 || dims[dims.length - 1] - dims[0] === dims.length - 1;
  const src = consecutive ? x : no_grad(() => permute(x, [...x.shape.keys()].filter((i) => !dims.includes(i)).concat(dims)));
  const { data, offset } = readContiguous(src);
  const first = consecutive ? (dims[0] ?? 0) : x.ndim - dims.length; // where the reduced block starts in src
  return {
    data, offset,
    outer: numelOf(src.shape.slice(0, first)),
    n: numelOf(dims.map((d) => x.shape[d])),
    inner: numelOf(src.shape.slice(first + dims.length)),
  };
}

/**
 * PyTorch's rule for max/min (and argmax/argmin) of an empty tensor: the max of nothing is undefined, so a dim must be
 * given and no reduced dim may be empty; reducing a non-empty dim of an empty tensor then gives an empty result.
 */
function checkEmptyExtreme(op: string, x: Tensor, p: Parsed): void {
  if (x.numel() !== 0) return;
  if (p.full) fail(op, `Expected reduction dim to be specified for input.numel() == 0 (shape ${fmtShape(x.shape)}). Specify the reduction dim with the 'dim' argument.`);
  const empty = p.dims.find((d) => x.shape[d] === 0);
  if (empty !== undefined) fail(op, `Expected reduction dim ${empty} to have non-zero size (shape ${fmtShape(x.shape)}).`);
}

function reduceForward(op: ReduceOp, opName: string, x: Tensor, p: Parsed, dtype = x.dtype): Tensor {
  if (op === "max" || op === "min") checkEmptyExtreme(opName, x, p);
  const out = Tensor._alloc(opName, outShape(x, p.dims, p.keepdim), dtype);
  if (out.numel() === 0) return out;
  const l = layout(x, p.dims);
  reduce(op, l.data, l.offset, l.outer, l.n, l.inner, out.storage);
  return out;
}

/** Broadcast a reduction's gradient back to the input's shape. */
function expandBack(g: Tensor, x: Tensor, p: Parsed): Tensor {
  return expand(p.keepdim ? g : reshape(g, keptShape(x, p.dims)), x.shape);
}

function requireFloat(op: string, x: Tensor): void {
  if (!tensorArg(op, "input", x).dtype.is_floating_point) {
    fail(op, `could not infer output dtype: input dtype must be floating point, but it is ${x.dtype}; convert it with .float() first`);
  }
}

function count(x: Tensor, p: Parsed): number {
  return numelOf(p.dims.map((d) => x.shape[d]));
}

/** @example torch.tensor([[1, 2], [3, 4]]).sum(0)  // tensor([4., 6.]) */
export function sum(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  const p = parse("sum", x, dim, opts);
  const out = reduceForward("sum", "sum", x, p, x.dtype.is_floating_point ? x.dtype : int64);
  return record(out, p.full ? "SumBackward0" : "SumBackward1", [x], (g) => [expandBack(g, x, p)]);
}

/** @example torch.tensor([[1, 2], [3, 4]]).mean({ dim: 1 })  // tensor([1.5000, 3.5000]) */
export function mean(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  requireFloat("mean", x);
  const p = parse("mean", x, dim, opts);
  const n = count(x, p);
  const out = reduceForward("sum", "mean", x, p);
  const s = out.storage;
  for (let i = 0; i < s.length; i++) s[i] /= n;
  return record(out, p.full ? "MeanBackward0" : "MeanBackward1", [x], (g) => [div(expandBack(g, x, p), n)]);
}

function varianceParts(op: string, x: Tensor, dim: unknown, opts: unknown) {
  requireFloat(op, x);
  const p = parse(op, x, dim, opts, VAR_OPTIONS);
  const correction: number = p.opts.correction ?? (p.opts.unbiased === false ? 0 : 1);
  const n = count(x, p);
  const denom = Math.max(n - correction, 0);
  // x - mean(x); recomputed inside backward (not saved) so the gradient stays differentiable for create_graph
  const centered = () => sub(x, div(sum(x, p.dims, true), n));
  const variance = no_grad(() => div(sum(square(centered()), p.dims, { keepdim: p.keepdim }), denom));
  return { p, centered, variance, denom };
}

/**
 * Variance, unbiased by default (correction = 1).
 * @example torch.tensor([1, 2, 3, 4]).var()  // tensor(1.6667)
 */
export function var_(x: Tensor, dim?: ReduceArg | VarOptions, opts?: VarOptions): Tensor {
  const { p, centered, variance, denom } = varianceParts("var", x, dim, opts);
  return record(variance, "VarBackward0", [x], (g) => [mul(expandBack(g, x, p), div(mul(centered(), 2), denom))]);
}

/**
 * Standard deviation, unbiased by default (correction = 1).
 * @example torch.tensor([1, 3]).std({ correction: 0 })  // tensor(1.)
 */
export function std(x: Tensor, dim?: ReduceArg | VarOptions, opts?: VarOptions): Tensor {
  const { p, centered, variance, denom } = varianceParts("std", x, dim, opts);
  const out = no_grad(() => sqrt(variance));
  return record(out, "StdBackward0", [x], (g) => [
    mul(div(expandBack(g, x, p), expandBack(out, x, p)), div(centered(), denom)),
  ]);
}

/** @example torch.tensor([1, 2, 3]).prod()  // tensor(6.) */
export function prod(x: Tensor, dim?: number | ReduceOptions, opts?: ReduceOptions | boolean): Tensor {
  const p = parse("prod", x, dim, opts);
  if (!p.full && p.dims.length !== 1) fail("prod", "dim must be a single number");
  const out = reduceForward("prod", "prod", x, p, x.dtype.is_floating_point ? x.dtype : int64);
  return record(out, p.full ? "ProdBackward0" : "ProdBackward1", [x], (g) => {
    // d prod / d x_i is the product of the other entries: out / x_i (differentiable again) when no entry is zero,
    // else exact prefix-suffix products from the kernel.
    if (all(x).item() === 1) return [mul(expandBack(g, x, p), div(expandBack(out, x, p), x))];
    const others = Tensor._alloc("prod", x.shape, x.dtype);
    const l = layout(x, p.full ? [...x.shape.keys()] : p.dims);
    exclusiveProd(l.data, l.offset, l.outer, l.n, l.inner, others.storage);
    return [mul(expandBack(g, x, p), others)];
  });
}

/**
 * log(sum(exp(x))) computed stably by subtracting the max first.
 * @example torch.tensor([0, 0]).logsumexp(0)  // tensor(0.6931)
 */
export function logsumexp(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  requireFloat("logsumexp", x);
  const p = parse("logsumexp", x, dim, opts);
  const out = no_grad(() => {
    // all -inf (or inf) slices must not produce inf - inf; an empty tensor has no max (its sums give -inf)
    const m = x.numel() === 0 ? 0 : amax(x, p.dims, true);
    const shift = m === 0 ? 0 : where(eq(abs(m), Infinity), 0, m);
    const s = sum(exp(sub(x, shift)), p.dims, true).log().add(shift);
    return p.keepdim ? s : reshape(s, outShape(x, p.dims, false));
  });
  return record(out, "LogsumexpBackward0", [x], (g) => [mul(expandBack(g, x, p), exp(sub(x, expandBack(out, x, p))))]);
}

/** Max/min over dims; the gradient is shared evenly among tied extremes (PyTorch's amax rule). */
function extremeValues(op: "max" | "min", opName: string, name: string, x: Tensor, p: Parsed): Tensor {
  const out = reduceForward(op, opName, x, p);
  return record(out, name, [x], (g) => {
    const hits = eq(x, expandBack(out, x, p)).to(g.dtype);
    const ties = expandBack(sum(hits, p.dims, { keepdim: p.keepdim }), x, p);
    return [div(mul(expandBack(g, x, p), hits), ties)];
  });
}

export function amax(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  return extremeValues("max", "amax", "AmaxBackward0", x, parse("amax", x, dim, opts));
}

export function amin(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  return extremeValues("min", "amin", "AminBackward0", x, parse("amin", x, dim, opts));
}

function minMax(values: Tensor, indices: Tensor, op: string): MinMax {
  const r = [values, indices] as unknown as MinMax;
  Object.defineProperty(r, "values", { value: values });
  Object.defineProperty(r, "indices", { value: indices });
  Object.defineProperty(r, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => `torch.return_types.${op}(\nvalues=${values},\nindices=${indices})`,
  });
  Object.defineProperty(r, "toString", { value: () => `torch.return_types.${op}(\nvalues=${values},\nindices=${indices})` });
  return r;
}

/** Values and first indices of the extremes along one dim; the gradient flows to those indices only. */
function extremeAlong(op: "max" | "min", x: Tensor, dimArg: unknown, opts: unknown, opName: string = op): MinMax {
  const p = parse(opName, x, dimArg, opts);
  if (p.full || p.dims.length !== 1) fail(opName, "dim must be a single number when indices are wanted");
  checkEmptyExtreme(opName, x, p);
  const shape = outShape(x, p.dims, p.keepdim);
  const values = Tensor._alloc(op, shape, x.dtype), indices = Tensor._alloc(op, shape, int64);
  if (values.numel() > 0) {
    const l = layout(x, p.dims);
    argReduce(op, l.data, l.offset, l.outer, l.n, l.inner, values.storage, indices.storage);
  }
  const d = p.dims[0];
  record(values, op === "max" ? "MaxBackward0" : "MinBackward0", [x], (g) => [
    scatterInto(x.shape, d, p.keepdim ? indices : unsqueeze(indices, d), p.keepdim ? g : unsqueeze(g, d)),
  ]);
  return minMax(values, indices, op);
}

/**
 * max() is the largest value; max(dim) gives { values, indices }; max(otherTensor) is torch.maximum.
 * @example torch.tensor([[1, 5], [7, 2]]).max(1).indices  // tensor([1, 0])
 */
export function max(x: Tensor, dim?: number | Tensor | ReduceOptions, opts?: ReduceOptions | boolean): any {
  if (dim instanceof Tensor) return maximum(x, dim);
  if (dim === undefined || dim === null || (isOptions(dim) && dim.dim == null)) {
    return extremeValues("max", "max", "MaxBackward1", x, parse("max", x, dim, undefined));
  }
  return extremeAlong("max", x, dim, opts);
}

export function min(x: Tensor, dim?: number | Tensor | ReduceOptions, opts?: ReduceOptions | boolean): any {
  if (dim instanceof Tensor) return minimum(x, dim);
  if (dim === undefined || dim === null || (isOptions(dim) && dim.dim == null)) {
    return extremeValues("min", "min", "MinBackward1", x, parse("min", x, dim, undefined));
  }
  return extremeAlong("min", x, dim, opts);
}

function argExtreme(op: "max" | "min", name: string, x: Tensor, dim: unknown, opts: unknown): Tensor {
  const p = parse(name, x, dim, opts);
  checkEmptyExtreme(name, x, p);
  if (p.full) {
    const flat = reshape(x.detach(), [-1]);
    const r = extremeAlong(op, flat, 0, { keepdim: false }, name).indices;
    return p.keepdim ? reshape(r, x.shape.map(() => 1)) : r;
  }
  return extremeAlong(op, x.detach(), dim, opts, name).indices;
}

/**
 * Index of the largest value (over the flattened tensor when dim is omitted).
 * @example torch.tensor([3, 9, 2]).argmax()  // tensor(1)
 */
export function argmax(x: Tensor, dim?: number | ReduceOptions, opts?: ReduceOptions | boolean): Tensor {
  return argExtreme("max", "argmax", x, dim, opts);
}

export function argmin(x: Tensor, dim?: number | ReduceOptions, opts?: ReduceOptions | boolean): Tensor {
  return argExtreme("min", "argmin", x, dim, opts);
}

/**
 * Vector norm: p = 2 (default), 1, Infinity, -Infinity, 0 or any other p, over dim (default all).
 * @example torch.tensor([3, 4]).norm()  // tensor(5.)
 */
export function norm(x: Tensor, pArg?: number | NormOptions, optsArg?: NormOptions): Tensor {
  requireFloat("norm", x);
  const opts: NormOptions = isOptions(pArg) ? options<NormOptions>("norm", pArg, NORM_OPTIONS) : { ...options<NormOptions>("norm", optsArg, NORM_OPTIONS), p: (pArg as number | undefined) ?? optsArg?.p };
  const ord = opts.p === undefined || opts.p === null ? 2 : numberArg("norm", "p", opts.p);
  const p = parse("norm", x, opts.dim, { keepdim: opts.keepdim });
  const keep = { keepdim: p.keepdim };
  if (Math.abs(ord) === Infinity && x.numel() === 0) {
    fail("norm", `cannot compute the ${ord > 0 ? "" : "-"}inf norm of an empty tensor (shape ${fmtShape(x.shape)}): the max of nothing is undefined`);
  }
  const out = no_grad(() => {
    if (ord === 2) return sqrt(reduceForward("sumsq", "norm", x, p)); // sum(square(x)) without the temporary
    if (ord === 1) return sum(abs(x), p.dims, keep);
    if (ord === Infinity) return amax(abs(x), p.dims, keep);
    if (ord === -Infinity) return amin(abs(x), p.dims, keep);
    if (ord === 0) return sum(ne(x, 0).float(), p.dims, keep);
    return pow(sum(pow(abs(x), ord), p.dims, keep), 1 / ord);
  });
  return record(out, "LinalgVectorNormBackward0", [x], (g) => {
    const ge = expandBack(g, x, p), oe = expandBack(out, x, p);
    if (ord === 0) return [mul(ge, 0)];
    if (ord === 1) return [mul(ge, sign(x))];
    if (Math.abs(ord) === Infinity) {
      const hits = eq(abs(x), oe).to(g.dtype);
      return [div(mul(mul(ge, sign(x)), hits), expandBack(sum(hits, p.dims, keep), x, p))];
    }
    // d/dx (sum |x|^p)^(1/p) = x |x|^(p-2) / norm^(p-1); zero where the norm is zero, as in PyTorch
    const local = ord === 2 ? div(x, oe) : div(mul(x, pow(abs(x), ord - 2)), pow(oe, ord - 1));
    return [where(eq(oe, 0), 0, mul(ge, local))];
  });
}

/** all/any of an empty tensor are True/False everywhere, as in PyTorch (the min/max kernels refuse empty input). */
function emptyTruth(op: string, x: Tensor, p: Parsed, value: number): Tensor {
  const out = Tensor._alloc(op, outShape(x, p.dims, p.keepdim), bool);
  out.storage.fill(value);
  return out;
}

export function all(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  const p = parse("all", x, dim, opts);
  if (x.numel() === 0) return emptyTruth("all", x, p, 1);
  return reduceForward("min", "all", x.ne(0).to(float32), p, bool);
}

export function any(x: Tensor, dim?: ReduceArg, opts?: ReduceOptions | boolean): Tensor {
  const p = parse("any", x, dim, opts);
  if (x.numel() === 0) return emptyTruth("any", x, p, 0);
  return reduceForward("max", "any", x.ne(0).to(float32), p, bool);
}

/**
 * Running sums along dim; the gradient is the running sum of the gradient from the other end.
 * @example torch.tensor([1, 2, 3]).cumsum(0)  // tensor([1., 3., 6.])
 */
export function cumsum(x: Tensor, dim: number | { dim: number }): Tensor {
  tensorArg("cumsum", "input", x);
  const dimValue = isOptions(dim) ? options<{ dim?: number }>("cumsum", dim, { dim: "any" }).dim : dim; // checked below
  if (dimValue === undefined || dimValue === null) fail("cumsum", "dim is required, e.g. x.cumsum(0) or x.cumsum({ dim: -1 })");
  const d = normDim("cumsum", dimValue, x.ndim);
  const out = Tensor._alloc("cumsum", x.shape, x.dtype.is_floating_point ? x.dtype : int64);
  const l = layout(x, x.ndim === 0 ? [] : [d]);
  cumsumKernel(l.data, l.offset, l.outer, l.n, l.inner, out.storage);
  return record(out, "CumsumBackward0", [x], (g) => [flip(cumsum(flip(g, [d]), d), [d])]);
}
