// The `torch` namespace: every creation function and op, plus autograd controls, random seeding and dtypes.
import * as autograd from "./autograd";
import { enable_grad, is_grad_enabled, no_grad, set_grad_enabled } from "./autograd";
import * as creation from "./creation";
import { bool, float32, float64, int64 } from "./dtype";
import { GradflowError } from "./errors";
import { set_printoptions } from "./format";
import { get_backend, set_backend } from "./kernels";
import * as A from "./ops/activations";
import * as E from "./ops/elementwise";
import * as I from "./ops/indexing";
import * as M from "./ops/matmul";
import * as R from "./ops/reduce";
import * as S from "./ops/shape";
import { broadcastShapes } from "./shapes";
import { Generator, default_generator, initial_seed, manual_seed } from "./random";
import { Tensor, type TensorLike, asTensor, type SizeArgs } from "./tensor";
import { choiceArg, options, sizesArg, tensorArg } from "./validate";

/** |a - b| <= atol + rtol |b| everywhere (NaNs unequal unless equal_nan). */
function allclose(a: TensorLike, b: TensorLike, opts: { rtol?: number; atol?: number; equal_nan?: boolean } = {}): boolean {
  opts = options("allclose", opts, { rtol: "number", atol: "number", equal_nan: "bool" });
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8;
  return no_grad(() => {
    const x = asTensor(a, undefined, "allclose").double(), y = asTensor(b, undefined, "allclose").double();
    broadcastShapes("allclose", x.shape, y.shape);
    const close = E.le(E.abs(E.sub(x, y)), E.add(E.mul(E.abs(y), rtol), atol));
    const ok = opts.equal_nan ? E.add(close.long(), E.logicalAnd(E.isnan(x), E.isnan(y)).long()).bool() : close;
    return R.all(ok).item() === 1;
  });
}

export const torch = {
  Tensor,
  Generator,
  GradflowError,
  float32, float: float32, float64, double: float64, int64, long: int64, bool,
  manual_seed, initial_seed, default_generator, set_printoptions,
  // Non-strings are refused here (the kernel registry's message quotes the name with JSON.stringify, which BigInt breaks).
  set_backend: (name: "js" | "wasm") => set_backend(typeof name === "string" ? name : choiceArg("set_backend", "name", name, ["js", "wasm"])),
  get_backend,
  no_grad, enable_grad, is_grad_enabled, set_grad_enabled,
  autograd: { grad: autograd.grad, backward: (t: Tensor, gradient?: TensorLike) => autograd.backward(t, gradient) },

  ...creation,

  // elementwise
  add: E.add, sub: E.sub, mul: E.mul, div: E.div, pow: E.pow, neg: E.neg, abs: E.abs, sign: E.sign,
  exp: E.exp, log: E.log, log1p: E.log1p, sqrt: E.sqrt, rsqrt: E.rsqrt, square: E.square, reciprocal: E.reciprocal,
  sin: E.sin, cos: E.cos, erf: E.erf, maximum: E.maximum, minimum: E.minimum, clamp: E.clamp, where: E.where,
  eq: E.eq, ne: E.ne, lt: E.lt, le: E.le, gt: E.gt, ge: E.ge, isfinite: E.isfinite, isnan: E.isnan,
  allclose,

  // activations
  sigmoid: A.sigmoid, tanh: A.tanh, relu: A.relu, leaky_relu: A.leaky_relu, elu: A.elu, gelu: A.gelu, silu: A.silu,
  softplus: A.softplus, hardtanh: A.hardtanh, softmax: A.softmax, log_softmax: A.log_softmax,

  // reductions
  sum: R.sum, mean: R.mean, var: R.var_, std: R.std, prod: R.prod, logsumexp: R.logsumexp, amax: R.amax, amin: R.amin,
  max: R.max, min: R.min,
  argmax: R.argmax, argmin: R.argmin, norm: R.norm, all: R.all, any: R.any,

  // matrix products
  matmul: M.matmul, mm: M.mm, dot: M.dot, outer: M.outer,

  // shape and indexing
  reshape: (x: Tensor, ...shape: SizeArgs) => S.reshape(tensorArg("reshape", "input", x), sizesArg("reshape", shape)),
  flatten: S.flatten, squeeze: S.squeeze, unsqueeze: S.unsqueeze, transpose: S.transpose,
  permute: (x: Tensor, ...dims: SizeArgs) => S.permute(tensorArg("permute", "input", x), sizesArg("permute", dims, "dims")),
  t: (x: Tensor) => tensorArg("t", "input", x).t(),
  clone: S.clone,
  cat: I.cat, concat: I.cat, stack: I.stack, split: I.split, chunk: I.chunk, unbind: I.unbind,
  select: I.select, narrow: I.narrow, gather: I.gather, index_select: I.index_select, masked_fill: I.masked_fill,
  masked_select: I.masked_select, nonzero: I.nonzero, tril: I.tril, triu: I.triu, cumsum: R.cumsum,
  flip: (x: Tensor, dims: number | number[]) => S.flip(tensorArg("flip", "input", x), dims),
  is_tensor: (x: unknown): x is Tensor => x instanceof Tensor,
  numel: (x: Tensor) => tensorArg("numel", "input", x).numel(),
};
