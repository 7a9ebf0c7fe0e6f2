// Elementwise ops: arithmetic with broadcasting, math functions, comparisons, clamp/where, casts.
// Each op: forward through a kernel, then `record` with its backward right beside it.
import { record } from "../autograd";
import { bool, float64, DType, promote, scalarDtype, toFloating, float32, int64 } from "../dtype";
import { fail } from "../errors";
import { type BinaryOp, type UnaryOp, binary, unary, where as whereKernel } from "../kernels";
import { broadcastShapes, broadcastStrides } from "../shapes";
import { Tensor, type TensorLike, asTensor, checkTensorLike, readContiguous } from "../tensor";
import { describe, isOptions, numberArg, options } from "../validate";
import { sum } from "./reduce";

const category = (d: DType): number => (d.is_floating_point ? 2 : d === int64 ? 1 : 0);

/** PyTorch promotion: tensors promote each other; a JS number only matters if it is of a higher category. */
export function resultDtype(a: TensorLike, b: TensorLike): DType {
  const ta = a instanceof Tensor, tb = b instanceof Tensor;
  const da = ta ? a.dtype : scalarDtype(a), db = tb ? b.dtype : scalarDtype(b);
  if (ta === tb) return promote(da, db);
  const [t, s] = ta ? [da, db] : [db, da];
  return category(s) > category(t) ? s : t;
}

/** Sum a broadcast gradient back down to `shape` (the adjoint of broadcasting). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  g.shape.forEach((s, i) => {
    if (i < lead || (shape[i - lead] === 1 && s !== 1)) dims.push(i);
  });
  return sum(g, dims, { keepdim: true }).reshape(shape);
}

function binaryForward(op: string, kop: BinaryOp, a: Tensor, b: Tensor, dtype: DType): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = Tensor._alloc(op, shape, dtype);
  binary(kop, shape, a.storage, a.offset, broadcastStrides(a.shape, a.strides, shape),
    b.storage, b.offset, broadcastStrides(b.shape, b.strides, shape), out.storage);
  if (dtype === bool && kop !== "eq" && kop !== "ne" && kop !== "lt" && kop !== "le" && kop !== "gt" && kop !== "ge") {
    unary("nonzero", out.storage, 0, out.storage, out.storage.length);
  }
  return out;
}

function operands(op: string, a: TensorLike, b: TensorLike, floating = false): [Tensor, Tensor, DType] {
  checkTensorLike(op, a);
  checkTensorLike(op, b);
  const r = resultDtype(a, b);
  const dtype = floating ? toFloating(r) : r;
  return [asTensor(a, dtype, op), asTensor(b, dtype, op), dtype];
}

/** @example torch.tensor([1, 2]).add(torch.tensor([[10], [20]])).sum(1)  // tensor([23., 43.]) */
/** a + alpha b (or a - alpha b): the `alpha` option, checked, applied to b first. */
function scaled(op: string, b: TensorLike, opts: { alpha?: number } | undefined): TensorLike {
  const alpha = options<{ alpha?: number }>(op, opts, { alpha: "number" }).alpha;
  if (alpha === undefined || alpha === null || alpha === 1) return b;
  checkTensorLike(op, b);
  return mul(b, alpha);
}

export function add(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (opts !== undefined) b = scaled("add", b, opts);
  const [x, y, dtype] = operands("add", a, b);
  return record(binaryForward("add", "add", x, y, dtype), "AddBackward0", [x, y], (g) => [sumTo(g, x.shape), sumTo(g, y.shape)]);
}

/** @example torch.sub(1, torch.tensor([0.25, 2]))  // tensor([ 0.7500, -1.0000]) */
export function sub(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor {
  if (opts !== undefined) b = scaled("sub", b, opts);
  const [x, y, dtype] = operands("sub", a, b);
  const name = a instanceof Tensor ? "SubBackward0" : "RsubBackward1";
  return record(binaryForward("sub", "sub", x, y, dtype), name, [x, y], (g) => [sumTo(g, x.shape), sumTo(neg(g), y.shape)]);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("mul", a, b);
  return record(binaryForward("mul", "mul", x, y, dtype), "MulBackward0", [x, y], (g) => [
    x.requires_grad ? sumTo(mul(g, y), x.shape) : null,
    y.requires_grad ? sumTo(mul(g, x), y.shape) : null,
  ]);
}

/** @example torch.tensor([1, 2, 3]).div(2)  // tensor([0.5000, 1.0000, 1.5000]) */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("div", a, b, true);
  const out = binaryForward("div", "div", x, y, dtype);
  return record(out, "DivBackward0", [x, y], (g) => [
    x.requires_grad ? sumTo(div(g, y), x.shape) : null,
    y.requires_grad ? sumTo(neg(mul(g, div(out, y))), y.shape) : null,
  ]);
}

/**
 * x ** y. Gradients follow PyTorch, including its zero where x == 0 for the exponent's gradient.
 * @example torch.tensor([2, 3]).pow(2)  // tensor([4., 9.])
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("pow", a, b);
  const out = binaryForward("pow", "pow", x, y, dtype);
  if (!(b instanceof Tensor)) {
    const c = b as number;
    return record(out, "PowBackward0", [x], (g) => [c === 0 ? mul(g, 0) : mul(g, mul(pow(x, c - 1), c))]);
  }
  const name = a instanceof Tensor ? "PowBackward1" : "PowBackward2";
  return record(out, name, [x, y], (g) => [
    x.requires_grad ? sumTo(mul(g, mul(y, pow(x, sub(y, 1)))), x.shape) : null,
    y.requires_grad ? sumTo(where(logicalAnd(eq(x, 0), ge(y, 0)), 0, mul(g, mul(out, log(x)))), y.shape) : null,
  ]);
}

/** Elementwise max; where both are equal the gradient is split evenly, as in PyTorch. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return extremum("maximum", a, b);
}

export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return extremum("minimum", a, b);
}

function extremum(op: "maximum" | "minimum", a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dtype] = operands(op, a, b);
  const name = op === "maximum" ? "MaximumBackward0" : "MinimumBackward0";
  const wins = op === "maximum" ? gt : lt;
  return record(binaryForward(op, op, x, y, dtype), name, [x, y], (g) => {
    const share = add(wins(x, y), mul(eq(x, y), 0.5)); // x's share of the gradient (bools promote to g's dtype)
    return [sumTo(mul(g, share), x.shape), sumTo(mul(g, sub(1, share)), y.shape)];
  });
}

function compare(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(op, a, b);
  return binaryForward(op, op, x, y, bool);
}

export const eq = (a: TensorLike, b: TensorLike): Tensor => compare("eq", a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare("ne", a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare("lt", a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => compare("le", a, b);
/** @example torch.tensor([1, 2, 3]).gt(2)  // tensor([False, False,  True]) */
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare("gt", a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare("ge", a, b);

export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return mul(asTensor(a).to(bool), asTensor(b).to(bool));
}

/** Run a unary kernel over x (read contiguously), producing `dtype`. Shared with activations. */
export function unaryForward(op: string, kop: UnaryOp, x: Tensor, dtype: DType, p1?: number, p2?: number): Tensor {
  const out = Tensor._alloc(op, x.shape, dtype);
  const { data, offset } = readContiguous(x);
  unary(kop, data, offset, out.storage, out.storage.length, p1, p2);
  return out;
}

/** A float-valued unary op: `grad(x, out, g)` gives the input gradient. */
function floatUnary(op: UnaryOp, name: string, a: TensorLike, grad: (x: Tensor, out: Tensor, g: Tensor) => Tensor): Tensor {
  const x = asTensor(a, undefined, op);
  const out = unaryForward(op, op, x, toFloating(x.dtype));
  return record(out, name, [x], (g) => [grad(x, out, g)]);
}

export function neg(a: TensorLike): Tensor {
  const x = asTensor(a, undefined, "neg");
  if (x.dtype === bool) fail("neg", "negation of a bool tensor is not supported; use logical_not-style x.eq(0) instead");
  return record(unaryForward("neg", "neg", x, x.dtype), "NegBackward0", [x], (g) => [neg(g)]);
}

export function abs(a: TensorLike): Tensor {
  const x = asTensor(a, undefined, "abs");
  return record(unaryForward("abs", "abs", x, x.dtype), "AbsBackward0", [x], (g) => [mul(g, sign(x))]);
}

export function sign(a: TensorLike): Tensor {
  const x = asTensor(a, undefined, "sign");
  return record(unaryForward("sign", "sign", x, x.dtype), "SignBackward0", [x], (g) => [mul(g, 0)]);
}

export function square(a: TensorLike): Tensor {
  const x = asTensor(a, undefined, "square");
  return record(unaryForward("square", "square", x, x.dtype === bool ? int64 : x.dtype), "PowBackward0", [x],
    (g) => [mul(g, mul(x, 2))]);
}

export const exp = (a: TensorLike): Tensor => floatUnary("exp", "ExpBackward0", a, (_x, out, g) => mul(g, out));
export const log = (a: TensorLike): Tensor => floatUnary("log", "LogBackward0", a, (x, _out, g) => div(g, x));
export const log1p = (a: TensorLike): Tensor => floatUnary("log1p", "Log1PBackward0", a, (x, _out, g) => div(g, add(x, 1)));
export const sqrt = (a: TensorLike): Tensor => floatUnary("sqrt", "SqrtBackward0", a, (_x, out, g) => div(g, mul(out, 2)));
export const rsqrt = (a: TensorLike): Tensor =>
  floatUnary("rsqrt", "RsqrtBackward0", a, (_x, out, g) => mul(g, mul(pow(out, 3), -0.5)));
export const reciprocal = (a: TensorLike): Tensor =>
  floatUnary("reciprocal", "ReciprocalBackward0", a, (_x, out, g) => neg(mul(g, square(out))));
export const sin = (a: TensorLike): Tensor => floatUnary("sin", "SinBackward0", a, (x, _out, g) => mul(g, cos(x)));
export const cos = (a: TensorLike): Tensor => floatUnary("cos", "CosBackward0", a, (x, _out, g) => neg(mul(g, sin(x))));
export const erf = (a: TensorLike): Tensor =>
  floatUnary("erf", "ErfBackward0", a, (x, _out, g) => mul(g, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))));

/**
 * clamp(x, { min, max }) or clamp(x, min, max); the gradient passes where min <= x <= max, like PyTorch.
 * @example torch.tensor([-2, 0.5, 3]).clamp(-1, 1)  // tensor([-1.0000,  0.5000,  1.0000])
 */
export function clamp(a: TensorLike, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  if (isOptions(min)) {
    const bounds = options<{ min?: number | null; max?: number | null }>("clamp", min, { min: "any", max: "any" }); // checked below
    return clamp(a, bounds.min, bounds.max);
  }
  const x = asTensor(a, undefined, "clamp");
  if (min == null && max == null) fail("clamp", "at least one of min or max must be given, e.g. x.clamp({ min: 0 })");
  const lo = min == null ? -Infinity : numberArg("clamp", "min", min), hi = max == null ? Infinity : numberArg("clamp", "max", max);
  const out = unaryForward("clamp", "clamp", x, x.dtype, lo, hi);
  return record(out, "ClampBackward1", [x], (g) => [mul(g, logicalAnd(ge(x, lo), le(x, hi)))]);
}

/**
 * where(condition, x, y): x where condition is true (nonzero), else y, with broadcasting.
 * @example torch.where(torch.tensor([true, false]), 1, torch.tensor([5, 6]))  // tensor([1., 6.])
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dtype] = operands("where", a, b);
  const c = asTensor(condition, undefined, "where");
  const shape = broadcastShapes("where", broadcastShapes("where", c.shape, x.shape), y.shape);
  const out = Tensor._alloc("where", shape, dtype);
  const strides = (t: Tensor) => broadcastStrides(t.shape, t.strides, shape);
  whereKernel(shape, c.storage, c.offset, strides(c), x.storage, x.offset, strides(x), y.storage, y.offset, strides(y), out.storage);
  return record(out, "WhereBackward0", [x, y], (g) => [
    x.requires_grad ? sumTo(where(c, g, 0), x.shape) : null,
    y.requires_grad ? sumTo(where(c, 0, g), y.shape) : null,
  ]);
}

export const isfinite = (a: TensorLike): Tensor => unaryForward("isfinite", "isfinite", asTensor(a, undefined, "isfinite"), bool);
export const isnan = (a: TensorLike): Tensor => unaryForward("isnan", "isnan", asTensor(a, undefined, "isnan"), bool);

/** Cast to another dtype (float -> int truncates toward zero, -> bool tests != 0). Differentiable between floats. */
export function to(a: TensorLike, dtype: DType): Tensor {
  const x = asTensor(a, undefined, "to");
  if (!(dtype instanceof DType)) fail("to", `expected a dtype such as torch.float32, got ${describe(dtype)}`);
  if (x.dtype === dtype) return x;
  const out = dtype === bool ? unaryForward("to", "nonzero", x, dtype)
    : dtype === int64 && x.dtype.is_floating_point ? unaryForward("to", "trunc", x, dtype)
    : copyAs(x, dtype);
  return record(out, "ToCopyBackward0", [x], (g) => [x.dtype.is_floating_point ? to(g, x.dtype) : null]);
}

function copyAs(x: Tensor, dtype: DType): Tensor {
  const out = Tensor._alloc("to", x.shape, dtype);
  const { data, offset } = readContiguous(x);
  out.storage.set(data.subarray(offset, offset + out.storage.length));
  return out;
}

export const float = (a: TensorLike): Tensor => to(a, float32);
export const double = (a: TensorLike): Tensor => to(a, float64);
export const long = (a: TensorLike): Tensor => to(a, int64);
