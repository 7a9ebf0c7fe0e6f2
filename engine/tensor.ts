// The Tensor: a view (shape, strides, offset) onto a flat float array, plus autograd state.
// Methods are one-line fronts for the ops in ops/*.ts, so each op's code lives in exactly one place.
import { type BackwardOptions, AccumulateGrad, type Node, backward } from "./autograd";
import { DType, type FloatArray, allocStorage, bool, float32, int64 } from "./dtype";
import { fail, fmtShape } from "./errors";
import { formatTensor } from "./format";
import { checkShape, contiguousStrides, isContiguous, normDim, numelOf } from "./shapes";
import * as A from "./ops/activations";
import * as E from "./ops/elementwise";
import * as I from "./ops/indexing";
import * as IP from "./ops/inplace";
import * as M from "./ops/matmul";
import * as R from "./ops/reduce";
import * as S from "./ops/shape";
import { boolArg, fnArg, sizesArg, tensorArg } from "./validate";

export type TensorLike = Tensor | number | boolean;
export type Hook = (grad: Tensor) => Tensor | void | undefined | null;
export type DimArg = number | readonly number[];
/** Sizes as varargs or one array: `randn(2, 3)` or `randn([2, 3])`. */
export type SizeArgs = (number | readonly number[])[];

export class Tensor {
  /** The flat storage this tensor views. Several tensors (views) may share it. */
  storage: FloatArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** The gradient accumulated by backward() (leaves, or non-leaves after retain_grad()). */
  grad: Tensor | null = null;
  /** The Node that made this tensor, or null for leaves. */
  grad_fn: Node | null = null;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _retains_grad = false;
  /** @internal Tensor hooks; null until the first register_hook (most tensors never get one). */ _hooks: Hook[] | null = null;
  private _accumulator: AccumulateGrad | null = null;

  constructor(storage: FloatArray, shape: readonly number[], dtype: DType = float32, strides?: readonly number[], offset = 0) {
    // What a reader writing PyTorch's `torch.Tensor([1, 2])` hits; cheap enough for every tensor (views pass strides).
    if (!(storage instanceof Float32Array || storage instanceof Float64Array) || !Array.isArray(shape) || !(dtype instanceof DType) ||
      (!strides && !fits(shape, storage.length))) {
      fail("Tensor", "new torch.Tensor(storage, shape) is internal; create tensors with torch.tensor(data), torch.zeros(...) or torch.randn(...)");
    }
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtype;
  }

  /** @internal A fresh zero-filled contiguous tensor, with the allocation guard. */
  static _alloc(op: string, shape: readonly number[], dtype: DType): Tensor {
    const s = checkShape(op, shape);
    return new Tensor(allocStorage(dtype, numelOf(s)), s, dtype);
  }

  /** @internal A view sharing this tensor's storage. */
  _view(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    return new Tensor(this.storage, shape, this.dtype, strides, offset);
  }

  /** @internal */
  _accumulateGrad(): AccumulateGrad {
    return (this._accumulator ??= new AccumulateGrad(this));
  }

  // ---- reading values -------------------------------------------------------------------------------------------
  get requires_grad(): boolean {
    return this._requiresGrad || this.grad_fn !== null;
  }
  set requires_grad(value: boolean) {
    this.requires_grad_(value);
  }
  get is_leaf(): boolean {
    return this.grad_fn === null;
  }
  get retains_grad(): boolean {
    return this._retains_grad;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get device(): string {
    return "cpu";
  }
  /** The same values, detached from the graph (shares storage), like PyTorch's `.data`. */
  get data(): Tensor {
    return this.detach();
  }
  /** x.T reverses all dims (the transpose of a matrix). */
  get T(): Tensor {
    return S.permute(this, this.shape.map((_, i) => this.ndim - 1 - i));
  }
  /** x.mT transposes the last two dims. */
  get mT(): Tensor {
    return S.transpose(this, -2, -1);
  }
  dim(): number {
    return this.shape.length;
  }
  numel(): number {
    return numelOf(this.shape);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    return dim === undefined ? [...this.shape] : this.shape[normDim("size", dim, this.ndim)];
  }
  is_contiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  is_floating_point(): boolean {
    return this.dtype.is_floating_point;
  }
  /** The value of a one-element tensor as a JS number (bools give 0/1). */
  item(): number {
    if (this.numel() !== 1) {
      fail("item", `a Tensor with ${this.numel()} elements cannot be converted to a number; only one-element tensors can (shape ${fmtShape(this.shape)})`);
    }
    return this.storage[this.offset];
  }
  /** Nested arrays of numbers (booleans for bool tensors); a number for 0-d tensors. */
  tolist(): any {
    const flat = Array.from(this.toFlatArray());
    const values: any[] = this.dtype === bool ? flat.map((v) => v !== 0) : flat;
    if (this.ndim === 0) return values[0];
    const build = (d: number, start: number): any[] => {
      const n = this.shape[d];
      if (d === this.ndim - 1) return values.slice(start, start + n);
      const step = numelOf(this.shape.slice(d + 1));
      return Array.from({ length: n }, (_, i) => build(d + 1, start + i * step));
    };
    return build(0, 0);
  }
  /** A contiguous Float32Array/Float64Array with the values in row-major order (a copy when not contiguous). */
  toFlatArray(): FloatArray {
    const { data, offset } = readContiguous(this);
    return offset === 0 && data.length === this.numel() ? data : data.slice(offset, offset + this.numel());
  }
  toString(): string {
    return formatTensor(this);
  }
  /** Node's console.log / util.inspect print the same as String(t) (subclasses only override toString). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  /** Iterate over the first dim, like `for row in x` in PyTorch. */
  *[Symbol.iterator](): IterableIterator<Tensor> {
    if (this.ndim === 0) fail("iter", "iteration over a 0-d tensor; use .item() to read its value");
    for (let i = 0; i < this.shape[0]; i++) yield I.select(this, 0, i);
  }

  // ---- autograd -------------------------------------------------------------------------------------------------
  requires_grad_(requires_grad = true): this {
    boolArg("requires_grad_", "requires_grad", requires_grad);
    if (this.grad_fn !== null) {
      if (!requires_grad) fail("requires_grad_", "you can only change requires_grad of leaf tensors; use .detach() to get a tensor that does not require grad");
      return this;
    }
    if (requires_grad && !this.dtype.is_floating_point) {
      fail("requires_grad_", `only tensors of floating point dtype can require gradients (this one is ${this.dtype}); convert it with .float() first`);
    }
    this._requiresGrad = requires_grad;
    return this;
  }
  /** Keep .grad on a non-leaf tensor after backward() (leaves keep it anyway). */
  retain_grad(): void {
    if (!this.requires_grad) fail("retain_grad", "can't retain_grad on a tensor that has requires_grad=False");
    if (this.grad_fn !== null) this._retains_grad = true;
  }
  /** Call `hook(grad)` when this tensor's gradient is computed; a returned tensor replaces the gradient. */
  register_hook(hook: Hook): { remove(): void } {
    fnArg("register_hook", "hook", hook);
    if (!this.requires_grad) fail("register_hook", "cannot register a hook on a tensor that doesn't require gradient");
    (this._hooks ??= []).push(hook);
    return { remove: () => void (this._hooks = this._hooks?.filter((h) => h !== hook) ?? null) };
  }
  /** backward(), backward(gradient), backward(gradient, { retain_graph, create_graph }) or backward({ retain_graph }). */
  backward(gradient?: TensorLike | BackwardOptions | null, opts?: BackwardOptions): void {
    if (gradient !== null && typeof gradient === "object" && !(gradient instanceof Tensor)) backward(this, null, gradient);
    else backward(this, gradient as TensorLike | null | undefined, opts);
  }
  /** A tensor sharing storage but cut from the graph. */
  detach(): Tensor {
    return this._view(this.shape, this.strides, this.offset);
  }
  detach_(): this {
    this.grad_fn = null;
    this._requiresGrad = false;
    return this;
  }
  clone(): Tensor { return S.clone(this); }
  contiguous(): Tensor { return S.contiguous(this); }

  // ---- elementwise ----------------------------------------------------------------------------------------------
  add(other: TensorLike, opts?: { alpha?: number }): Tensor { return E.add(this, other, opts); }
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  mul(other: TensorLike): Tensor { return E.mul(this, other); }
  div(other: TensorLike): Tensor { return E.div(this, other); }
  pow(exponent: TensorLike): Tensor { return E.pow(this, exponent); }
  maximum(other: TensorLike): Tensor { return E.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return E.minimum(this, other); }
  neg(): Tensor { return E.neg(this); }
  abs(): Tensor { return E.abs(this); }
  sign(): Tensor { return E.sign(this); }
  exp(): Tensor { return E.exp(this); }
  log(): Tensor { return E.log(this); }
  log1p(): Tensor { return E.log1p(this); }
  sqrt(): Tensor { return E.sqrt(this); }
  rsqrt(): Tensor { return E.rsqrt(this); }
  square(): Tensor { return E.square(this); }
  reciprocal(): Tensor { return E.reciprocal(this); }
  sin(): Tensor { return E.sin(this); }
  cos(): Tensor { return E.cos(this); }
  erf(): Tensor { return E.erf(this); }
  clamp(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor { return E.clamp(this, min, max); }
  eq(other: TensorLike): Tensor { return E.eq(this, other); }
  ne(other: TensorLike): Tensor { return E.ne(this, other); }
  lt(other: TensorLike): Tensor { return E.lt(this, other); }
  le(other: TensorLike): Tensor { return E.le(this, other); }
  gt(other: TensorLike): Tensor { return E.gt(this, other); }
  ge(other: TensorLike): Tensor { return E.ge(this, other); }
  isfinite(): Tensor { return E.isfinite(this); }
  isnan(): Tensor { return E.isnan(this); }
  /** x.where(condition, y) == torch.where(condition, x, y). */
  where(condition: TensorLike, other: TensorLike): Tensor { return E.where(condition, this, other); }
  masked_fill(mask: TensorLike, value: number): Tensor { return I.masked_fill(this, mask, value); }
  to(dtype: DType): Tensor { return E.to(this, dtype); }
  float(): Tensor { return E.float(this); }
  double(): Tensor { return E.double(this); }
  long(): Tensor { return E.long(this); }
  bool(): Tensor { return E.to(this, bool); }

  // ---- activations ----------------------------------------------------------------------------------------------
  sigmoid(): Tensor { return A.sigmoid(this); }
  tanh(): Tensor { return A.tanh(this); }
  relu(): Tensor { return A.relu(this); }
  softmax(dim: number | { dim: number }): Tensor { return A.softmax(this, dim); }
  log_softmax(dim: number | { dim: number }): Tensor { return A.log_softmax(this, dim); }

  // ---- reductions -----------------------------------------------------------------------------------------------
  sum(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.sum(this, dim, opts); }
  mean(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.mean(this, dim, opts); }
  var(dim?: R.ReduceArg | R.VarOptions, opts?: R.VarOptions): Tensor { return R.var_(this, dim, opts); }
  std(dim?: R.ReduceArg | R.VarOptions, opts?: R.VarOptions): Tensor { return R.std(this, dim, opts); }
  prod(dim?: number | R.ReduceOptions, opts?: R.ReduceOptions | boolean): Tensor { return R.prod(this, dim, opts); }
  logsumexp(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.logsumexp(this, dim, opts); }
  amax(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.amax(this, dim, opts); }
  amin(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.amin(this, dim, opts); }
  /** max() -> tensor; max(dim) -> { values, indices } (also destructurable as [values, indices]); max(other) -> maximum. */
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number | { dim: number; keepdim?: boolean }, opts?: R.ReduceOptions | boolean): R.MinMax;
  max(dim?: number | Tensor | { dim: number; keepdim?: boolean }, opts?: R.ReduceOptions | boolean): Tensor | R.MinMax { return R.max(this, dim as number, opts); }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number | { dim: number; keepdim?: boolean }, opts?: R.ReduceOptions | boolean): R.MinMax;
  min(dim?: number | Tensor | { dim: number; keepdim?: boolean }, opts?: R.ReduceOptions | boolean): Tensor | R.MinMax { return R.min(this, dim as number, opts); }
  argmax(dim?: number | R.ReduceOptions, opts?: R.ReduceOptions | boolean): Tensor { return R.argmax(this, dim, opts); }
  argmin(dim?: number | R.ReduceOptions, opts?: R.ReduceOptions | boolean): Tensor { return R.argmin(this, dim, opts); }
  norm(p?: number | R.NormOptions, opts?: R.NormOptions): Tensor { return R.norm(this, p, opts); }
  all(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.all(this, dim, opts); }
  any(dim?: R.ReduceArg, opts?: R.ReduceOptions | boolean): Tensor { return R.any(this, dim, opts); }

  // ---- matmul ---------------------------------------------------------------------------------------------------
  matmul(other: Tensor): Tensor { return M.matmul(this, other); }
  mm(other: Tensor): Tensor { return M.mm(this, other); }
  dot(other: Tensor): Tensor { return M.dot(this, other); }
  outer(other: Tensor): Tensor { return M.outer(this, other); }

  // ---- shape and indexing ---------------------------------------------------------------------------------------
  reshape(...shape: SizeArgs): Tensor { return S.reshape(this, sizesArg("reshape", shape)); }
  view(...shape: SizeArgs): Tensor { return S.view(this, sizesArg("view", shape)); }
  view_as(other: Tensor): Tensor { return S.view(this, tensorArg("view_as", "other", other).shape); }
  reshape_as(other: Tensor): Tensor { return S.reshape(this, tensorArg("reshape_as", "other", other).shape); }
  flatten(start_dim = 0, end_dim = -1): Tensor { return S.flatten(this, start_dim, end_dim); }
  squeeze(dim?: DimArg): Tensor { return S.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return S.unsqueeze(this, dim); }
  transpose(dim0: number, dim1: number): Tensor { return S.transpose(this, dim0, dim1); }
  /** Transpose of a tensor with at most 2 dims. */
  t(): Tensor {
    if (this.ndim > 2) fail("t", `expects a tensor with <= 2 dims, but got ${this.ndim} dims; use transpose(dim0, dim1)`);
    return this.ndim < 2 ? this : S.transpose(this, 0, 1);
  }
  permute(...dims: SizeArgs): Tensor { return S.permute(this, sizesArg("permute", dims, "dims")); }
  expand(...sizes: SizeArgs): Tensor { return S.expand(this, sizesArg("expand", sizes)); }
  expand_as(other: Tensor): Tensor { return S.expand(this, tensorArg("expand_as", "other", other).shape); }
  repeat(...sizes: SizeArgs): Tensor { return S.repeat(this, sizesArg("repeat", sizes)); }
  select(dim: number, index: number): Tensor { return I.select(this, dim, index); }
  narrow(dim: number, start: number, length: number): Tensor { return I.narrow(this, dim, start, length); }
  /** Python-style indexing: x.idx(0), x.idx(":, 1:3"), x.idx("...", null, -1), x.idx(":", indexTensor). */
  idx(...specs: I.IndexSpec[]): Tensor { return I.idx(this, specs); }
  masked_select(mask: Tensor): Tensor { return I.masked_select(this, mask); }
  nonzero(): Tensor { return I.nonzero(this); }
  gather(dim: number, index: Tensor): Tensor { return I.gather(this, dim, index); }
  index_select(dim: number, index: Tensor): Tensor { return I.index_select(this, dim, index); }
  flip(...dims: SizeArgs): Tensor { return S.flip(this, sizesArg("flip", dims, "dims")); }
  cumsum(dim: number | { dim: number }): Tensor { return R.cumsum(this, dim); }
  tril(diagonal = 0): Tensor { return I.tril(this, diagonal); }
  triu(diagonal = 0): Tensor { return I.triu(this, diagonal); }
  split(split_size_or_sections: number | number[], dim = 0): Tensor[] { return I.split(this, split_size_or_sections, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return I.chunk(this, chunks, dim); }
  unbind(dim = 0): Tensor[] { return I.unbind(this, dim); }

  // ---- in place (no autograd; for optimizers and init, usually under no_grad) ----------------------------------
  zero_(): this { return IP.fill_(this, 0, "zero_"); }
  fill_(value: number): this { return IP.fill_(this, value); }
  copy_(src: TensorLike): this { return IP.copy_(this, src); }
  add_(other: TensorLike, opts?: { alpha?: number }): this { return IP.apply_(this, "add_", (t) => E.add(t, other, opts)); }
  sub_(other: TensorLike, opts?: { alpha?: number }): this { return IP.apply_(this, "sub_", (t) => E.sub(t, other, opts)); }
  mul_(other: TensorLike): this { return IP.apply_(this, "mul_", (t) => E.mul(t, other)); }
  div_(other: TensorLike): this { return IP.apply_(this, "div_", (t) => E.div(t, other)); }
  clamp_(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): this {
    return IP.apply_(this, "clamp_", (t) => E.clamp(t, min, max));
  }
  masked_fill_(mask: TensorLike, value: number): this { return IP.apply_(this, "masked_fill_", (t) => I.masked_fill(t, mask, value)); }
  uniform_(from = 0, to = 1, opts?: IP.RandomOptions): this { return IP.uniform_(this, from, to, opts); }
  normal_(mean = 0, std = 1, opts?: IP.RandomOptions): this { return IP.normal_(this, mean, std, opts); }
}

/** True when `shape` is a list of non-negative integers whose product fits in `length` elements. */
function fits(shape: readonly number[], length: number): boolean {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) return false;
    n *= s;
  }
  return n <= length;
}

/** Wrap a JS scalar as a 0-d tensor (of `dtype`, default by value: float32, int64 for integers, bool); tensors pass through. */
export function asTensor(x: TensorLike, dtype?: DType, op = "tensor"): Tensor {
  if (x instanceof Tensor) return x;
  checkTensorLike(op, x);
  const d = dtype ?? (typeof x === "boolean" ? bool : float32);
  const t = Tensor._alloc(op, [], d);
  t.storage[0] = d === int64 ? Math.trunc(Number(x)) : Number(x);
  return t;
}

/** Throw a clear error for arguments that are neither tensors nor scalars (e.g. plain arrays). */
export function checkTensorLike(op: string, x: unknown): asserts x is TensorLike {
  if (x instanceof Tensor || typeof x === "number" || typeof x === "boolean") return;
  const got = x === null ? "null" : Array.isArray(x) ? "an array" : typeof x;
  fail(op, `expected a Tensor or a number, got ${got}; wrap arrays with torch.tensor(...)`);
}

/** The tensor's values laid out contiguously: its own storage when already contiguous, else a copy. */
export function readContiguous(t: Tensor): { data: FloatArray; offset: number } {
  return t.is_contiguous() ? { data: t.storage, offset: t.offset } : { data: S.contiguousCopy(t), offset: 0 };
}
