// The check library exercise authors write checks with. Every failure throws a CheckFailure whose message is what the
// reader sees, so each one says what was checked, what was expected, what came back and by how much it missed.
// Works on numbers, nested arrays and engine tensors (anything with `shape` and `tolist()`), so it needs no engine
// internals and runs the same in Node tests and in the page's worker.
import { torch } from "gradflow";

/** A failed expectation; its message is shown to the reader as is. */
export class CheckFailure extends Error {
  override name = "CheckFailure";
}

export interface Tolerance {
  /** Relative tolerance: |got − expected| ≤ atol + rtol·|expected|, elementwise (as in torch.allclose). */
  rtol?: number;
  atol?: number;
}

export interface Described {
  /** Names the value in messages, e.g. "sigmoid_grad(x)". */
  what?: string;
}

interface TensorLike {
  shape: readonly number[];
  tolist(): unknown;
}

const isTensorLike = (v: unknown): v is TensorLike =>
  typeof v === "object" && v !== null && Array.isArray((v as TensorLike).shape) && typeof (v as TensorLike).tolist === "function";

/** A value's shape and its numbers in row-major order; undefined when it is not numeric. */
interface Numeric {
  shape: number[];
  values: number[];
}

function flatten(nested: unknown, depth: number, shape: number[], out: number[]): boolean {
  if (typeof nested === "number" || typeof nested === "boolean") {
    if (depth !== shape.length && !(depth === 0 && shape.length === 0)) return false;
    out.push(Number(nested));
    return true;
  }
  if (!Array.isArray(nested)) return false;
  if (depth === shape.length) shape.push(nested.length);
  else if (shape[depth] !== nested.length) return false; // ragged
  return nested.every((item) => flatten(item, depth + 1, shape, out));
}

function numeric(value: unknown): Numeric | undefined {
  const nested = isTensorLike(value) ? value.tolist() : value;
  const shape: number[] = [];
  const values: number[] = [];
  if (!flatten(nested, 0, shape, values)) return undefined;
  if (isTensorLike(value)) return { shape: [...value.shape], values };
  return { shape, values };
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Short, readable numbers: 0.006648, 9.537e-7, 12.5. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const abs = Math.abs(x);
  return abs >= 1e-3 && abs < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3).replace(/\.?0+e/, "e");
}

/** How a value looks in a message: numbers and small arrays in full, tensors by shape, others by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return formatNumber(value);
  if (value === undefined || value === null) return String(value);
  const n = numeric(value);
  if (n && n.values.length === 1 && n.shape.length === 0) return formatNumber(n.values[0]!);
  if (n && n.values.length <= 6) return `${isTensorLike(value) ? "tensor " : ""}[${n.values.map(formatNumber).join(", ")}]`;
  if (n) return `${isTensorLike(value) ? "a tensor" : "an array"} of shape ${formatShape(n.shape)}`;
  if (typeof value === "function") return "a function";
  return typeof value === "string" ? JSON.stringify(value) : `a ${typeof value}`;
}

const named = (what: string | undefined, fallback = "value") => what ?? fallback;

function requireNumeric(value: unknown, what: string): Numeric {
  const n = numeric(value);
  if (!n) throw new CheckFailure(`${what}: expected a number or a tensor, got ${describeValue(value)}`);
  return n;
}

/** "[2, 1]" for flat index 5 of shape [3, 2]. */
function indexAt(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return formatShape(index);
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Passes when `actual` equals `expected` elementwise within tolerance (shapes must match; a plain number matches a
 * one-element tensor of shape []). Defaults suit float32 arithmetic: rtol 1e-4, atol 1e-6.
 */
export function expectClose(actual: unknown, expected: unknown, options: Tolerance & Described = {}): void {
  const { rtol = 1e-4, atol = 1e-6 } = options;
  const what = named(options.what);
  const want = requireNumeric(expected, `${what} (expected value)`);
  const got = requireNumeric(actual, what);
  const scalarLike = (n: Numeric) => n.values.length === 1 && n.shape.every((d) => d === 1);
  if (!sameShape(got.shape, want.shape) && !(scalarLike(got) && scalarLike(want)))
    throw new CheckFailure(`${what}: expected shape ${formatShape(want.shape)}, got shape ${formatShape(got.shape)}`);
  let first = -1;
  let misses = 0;
  got.values.forEach((g, i) => {
    const e = want.values[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(g) : Math.abs(g - e) <= atol + rtol * Math.abs(e) || g === e;
    if (!ok) {
      misses++;
      if (first < 0) first = i;
    }
  });
  if (misses === 0) return;
  const g = got.values[first]!;
  const e = want.values[first]!;
  const where = want.values.length > 1 ? ` at index ${indexAt(first, want.shape)}` : "";
  const count = want.values.length > 1 ? ` (${misses} of ${want.values.length} values differ)` : "";
  const why = Number.isFinite(g)
    ? `off by ${formatNumber(Math.abs(g - e))}, allowed ${formatNumber(atol + rtol * Math.abs(e))}`
    : "not a finite number";
  throw new CheckFailure(`${what}${where}: expected ${formatNumber(e)}, got ${formatNumber(g)} — ${why}${count}`);
}

/** Passes when `actual` (a tensor or nested array) has exactly `shape`. */
export function expectShape(actual: unknown, shape: readonly number[], options: Described = {}): void {
  const what = named(options.what);
  const got = isTensorLike(actual) ? [...actual.shape] : numeric(actual)?.shape;
  if (!got) throw new CheckFailure(`${what}: expected a tensor of shape ${formatShape(shape)}, got ${describeValue(actual)}`);
  if (!sameShape(got, shape)) throw new CheckFailure(`${what}: expected shape ${formatShape(shape)}, got shape ${formatShape(got)}`);
}

export interface ThrowsOptions extends Described {
  /** The error message must contain this text or match this pattern. */
  message?: string | RegExp;
}

/** Passes when `fn` throws (or rejects), and, if given, with a matching message. */
export async function expectThrows(fn: () => unknown, options: ThrowsOptions = {}): Promise<void> {
  const what = named(options.what, "the call");
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { message: want } = options;
    const matches = want === undefined || (typeof want === "string" ? message.includes(want) : want.test(message));
    if (!matches) throw new CheckFailure(`${what} threw, but with "${message}" instead of a message matching ${String(want)}`);
    return;
  }
  throw new CheckFailure(`${what} was expected to throw an error, but it returned normally`);
}

/** Passes when `condition` holds; otherwise fails with `message`, which should say what was wrong. */
export function expectTrue(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export interface GradOptions extends Tolerance, Described {
  /** Finite-difference step. The engine computes in float32, so steps much below 1e-3 drown in rounding. */
  eps?: number;
}

type Tensor = ReturnType<typeof torch.tensor>;

/**
 * Passes when `gradient` matches the gradient of the scalar function `f` at `x`, estimated by central finite
 * differences: (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε for each element i. `f` receives a tensor shaped like `x`.
 */
export function expectGradClose(
  gradient: unknown,
  f: (x: Tensor) => unknown,
  x: unknown,
  options: GradOptions = {},
): void {
  const { eps = 1e-3, rtol = 1e-2, atol = 1e-4 } = options;
  const what = named(options.what, "gradient");
  const point = requireNumeric(x, `${what} (input)`);
  const evaluate = (values: number[]) => {
    const out = f(torch.tensor(values).reshape(point.shape));
    const n = requireNumeric(out, `${what}: the function`);
    if (n.values.length !== 1) throw new CheckFailure(`${what}: the function must return a scalar, got shape ${formatShape(n.shape)}`);
    return n.values[0]!;
  };
  const estimate = point.values.map((_, i) => {
    const plus = [...point.values];
    const minus = [...point.values];
    plus[i]! += eps;
    minus[i]! -= eps;
    return (evaluate(plus) - evaluate(minus)) / (2 * eps);
  });
  const nested = point.shape.length === 0 ? estimate[0]! : torch.tensor(estimate).reshape(point.shape);
  expectClose(gradient, nested, { rtol, atol, what: `${what} (compared with finite differences)` });
}
