// Creating tensors: from data (torch.tensor), constant fills, ranges and random draws. Sizes come as varargs or
// one array, keyword arguments as a trailing options object: torch.randn(2, 3, { requires_grad: true }).
import { type DType, bool, float32, float64, int64 } from "./dtype";
import { fail } from "./errors";
import { type Generator, default_generator } from "./random";
import { checkShape } from "./shapes";
import { Tensor } from "./tensor";
import { finiteArg, intArg, isOptions, numberArg, options, sizesArg, tensorArg } from "./validate";

export interface TensorOptions {
  dtype?: DType;
  requires_grad?: boolean;
}
export interface RandomTensorOptions extends TensorOptions {
  generator?: Generator;
}
type SizeAndOptions<O> = (number | readonly number[] | O)[];

const TENSOR_OPTIONS = { dtype: "dtype", requires_grad: "bool" } as const;
const RANDOM_OPTIONS = { ...TENSOR_OPTIONS, generator: "generator" } as const;

function tensorOptions(op: string, opts: unknown): TensorOptions {
  return options<TensorOptions>(op, opts, TENSOR_OPTIONS);
}

function randomOptions(op: string, opts: unknown): RandomTensorOptions {
  return options<RandomTensorOptions>(op, opts, RANDOM_OPTIONS);
}

function splitArgs<O extends object>(op: string, args: SizeAndOptions<O>, random = false): [number[], O] {
  const hasOpts = isOptions(args[args.length - 1]);
  const sizes = hasOpts ? args.slice(0, -1) : args;
  const opts = hasOpts ? args[args.length - 1] : {};
  return [checkShape(op, sizesArg(op, sizes)), (random ? randomOptions(op, opts) : tensorOptions(op, opts)) as O];
}

function finish(op: string, t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requires_grad && !t.dtype.is_floating_point) {
    fail(op, `only tensors of floating point dtype can require gradients, not ${t.dtype}; drop requires_grad or use a float dtype`);
  }
  return opts.requires_grad ? t.requires_grad_(true) : t;
}

type Nested = number | boolean | readonly Nested[];

/** torch.tensor(data, { dtype, requires_grad }): data is a number, boolean, nested arrays or a typed array.
 *  JS has no integer literals, so numbers give float32 unless { dtype: torch.int64 } is passed; booleans give bool. */
export function tensor(data: Nested | ArrayLike<number> | Tensor, opts: TensorOptions = {}): Tensor {
  opts = tensorOptions("tensor", opts);
  if (data instanceof Tensor) return finish("tensor", data.detach().clone().to(opts.dtype ?? data.dtype), opts);
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
    shape.push((probe as ArrayLike<unknown>).length);
    probe = (probe as ArrayLike<unknown>)[0];
  }
  const inferred = typeof probe === "boolean" ? bool : data instanceof Float64Array ? float64 : float32;
  const dtype = opts.dtype ?? inferred;
  const out = Tensor._alloc("tensor", shape, dtype);
  let k = 0;
  const walk = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v !== "number" && typeof v !== "boolean") fail("tensor", `expected a number at dim ${d}, got ${Array.isArray(v) ? "an array" : typeof v}`);
      const n = Number(v);
      out.storage[k++] = dtype === int64 ? Math.trunc(n) : dtype === bool ? (n !== 0 ? 1 : 0) : n;
      return;
    }
    if (!Array.isArray(v) && !ArrayBuffer.isView(v)) fail("tensor", `expected a sequence at dim ${d}, got ${typeof v}`);
    const seq = v as ArrayLike<unknown>;
    if (seq.length !== shape[d]) fail("tensor", `expected sequence of length ${shape[d]} at dim ${d} (got ${seq.length}); nested arrays must be rectangular`);
    for (let i = 0; i < seq.length; i++) walk(seq[i], d + 1);
  };
  walk(data, 0);
  return finish("tensor", out, opts);
}

/** A tensor of `shape` filled with `value`; the caller `op` has checked its arguments. */
function filled(op: string, shape: readonly number[], value: number | boolean, opts: TensorOptions): Tensor {
  const t = Tensor._alloc(op, shape, opts.dtype ?? (typeof value === "boolean" ? bool : float32));
  if (value !== 0) t.storage.fill(Number(value));
  return finish(op, t, opts);
}

export function full(size: number | readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  const shape = checkShape("full", sizesArg("full", [size]));
  if (typeof value !== "boolean") numberArg("full", "fill_value", value);
  return filled("full", shape, value, tensorOptions("full", opts));
}

export function zeros(...args: SizeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = splitArgs<TensorOptions>("zeros", args);
  return filled("zeros", shape, 0, opts);
}

/** @example torch.ones(2, { requires_grad: true })  // tensor([1., 1.], requires_grad=True) */
export function ones(...args: SizeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = splitArgs<TensorOptions>("ones", args);
  return filled("ones", shape, 1, opts);
}

/** Like zeros (our memory is always initialised). */
export function empty(...args: SizeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = splitArgs<TensorOptions>("empty", args);
  return filled("empty", shape, 0, opts);
}

/** full(t.shape, value) in t's dtype unless opts say otherwise. */
function like(op: string, t: Tensor, value: number | boolean, opts: TensorOptions): Tensor {
  tensorArg(op, "input", t);
  return filled(op, t.shape, value, { dtype: t.dtype, ...tensorOptions(op, opts) });
}

export const zeros_like = (t: Tensor, opts: TensorOptions = {}): Tensor => like("zeros_like", t, 0, opts);
export const ones_like = (t: Tensor, opts: TensorOptions = {}): Tensor => like("ones_like", t, 1, opts);
export const full_like = (t: Tensor, value: number, opts: TensorOptions = {}): Tensor =>
  like("full_like", t, typeof value === "boolean" ? value : numberArg("full_like", "fill_value", value), opts);
export const empty_like = (t: Tensor, opts: TensorOptions = {}): Tensor => like("empty_like", t, 0, opts);

/** Uniform samples in [0, 1). */
export function rand(...args: SizeAndOptions<RandomTensorOptions>): Tensor {
  const [shape, opts] = splitArgs<RandomTensorOptions>("rand", args, true);
  const t = Tensor._alloc("rand", shape, opts.dtype ?? float32);
  (opts.generator ?? default_generator).fillUniform(t.storage);
  return finish("rand", t, opts);
}

/** Standard normal samples. */
export function randn(...args: SizeAndOptions<RandomTensorOptions>): Tensor {
  const [shape, opts] = splitArgs<RandomTensorOptions>("randn", args, true);
  const t = Tensor._alloc("randn", shape, opts.dtype ?? float32);
  (opts.generator ?? default_generator).fillNormal(t.storage);
  return finish("randn", t, opts);
}

export const rand_like = (t: Tensor, opts: RandomTensorOptions = {}): Tensor =>
  rand(tensorArg("rand_like", "input", t).shape, { dtype: t.dtype, ...randomOptions("rand_like", opts) });
export const randn_like = (t: Tensor, opts: RandomTensorOptions = {}): Tensor =>
  randn(tensorArg("randn_like", "input", t).shape, { dtype: t.dtype, ...randomOptions("randn_like", opts) });

/** randint(high, size) or randint(low, high, size): integers in [low, high), dtype int64. */
export function randint(...args: (number | readonly number[] | RandomTensorOptions)[]): Tensor {
  const hasOpts = isOptions(args[args.length - 1]);
  const opts = randomOptions("randint", hasOpts ? args[args.length - 1] : {});
  const positional = hasOpts ? args.slice(0, -1) : args;
  const size = positional[positional.length - 1];
  const nums = positional.slice(0, -1);
  if (!Array.isArray(size) || nums.length < 1 || nums.length > 2 || nums.some((a) => typeof a !== "number")) {
    fail("randint", "expected randint(high, size) or randint(low, high, size), e.g. torch.randint(0, 10, [64])");
  }
  const [low, high] = nums.length === 2 ? (nums as number[]) : [0, nums[0] as number];
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) fail("randint", `expects integers with low < high, got low=${low}, high=${high}`);
  const t = Tensor._alloc("randint", checkShape("randint", sizesArg("randint", [size])), opts.dtype ?? int64);
  const g = opts.generator ?? default_generator;
  for (let i = 0; i < t.storage.length; i++) t.storage[i] = g.randint(low, high);
  return finish("randint", t, opts);
}

/** A random permutation of 0..n-1 (int64). */
export function randperm(n: number, opts: RandomTensorOptions = {}): Tensor {
  opts = randomOptions("randperm", opts);
  const t = Tensor._alloc("randperm", [intArg("randperm", "n", n, 0)], opts.dtype ?? int64);
  const g = opts.generator ?? default_generator;
  for (let i = 0; i < n; i++) t.storage[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.randint(0, i + 1);
    [t.storage[i], t.storage[j]] = [t.storage[j], t.storage[i]];
  }
  return t;
}

/**
 * arange(end), arange(start, end) or arange(start, end, step). Integer arguments give int64, like PyTorch.
 * @example torch.arange(0, 1, 0.25)  // tensor([0.0000, 0.2500, 0.5000, 0.7500])
 */
export function arange(...args: (number | TensorOptions)[]): Tensor {
  const hasOpts = isOptions(args[args.length - 1]);
  const opts = tensorOptions("arange", hasOpts ? args[args.length - 1] : {});
  const nums = (hasOpts ? args.slice(0, -1) : args) as number[];
  if (nums.length < 1 || nums.length > 3) fail("arange", `expected arange(end), arange(start, end) or arange(start, end, step), got ${nums.length} numbers`);
  nums.forEach((v, i) => finiteArg("arange", ["start", "end", "step"][nums.length === 1 ? 1 : i], v));
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) fail("arange", `invalid range: start=${start}, end=${end}, step=${step}`);
  if ((end - start) * step < 0) fail("arange", `upper bound and larger bound inconsistent with step sign (start=${start}, end=${end}, step=${step})`);
  const n = Math.max(Math.ceil((end - start) / step), 0); // may be huge: the allocation guard reports it
  const dtype = opts.dtype ?? (nums.every(Number.isInteger) ? int64 : float32);
  const t = Tensor._alloc("arange", [n], dtype);
  for (let i = 0; i < n; i++) t.storage[i] = start + i * step;
  return finish("arange", t, opts);
}

/**
 * `steps` evenly spaced values from start to end inclusive (float32).
 * @example torch.linspace(0, 1, 3)  // tensor([0.0000, 0.5000, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  numberArg("linspace", "start", start);
  numberArg("linspace", "end", end);
  if (!Number.isInteger(steps) || steps < 0) fail("linspace", `number of steps must be a non-negative integer, got ${steps}`);
  opts = tensorOptions("linspace", opts);
  const t = Tensor._alloc("linspace", [steps], opts.dtype ?? float32);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Like PyTorch: fill from both ends so the last value is exactly `end`.
  for (let i = 0; i < steps; i++) t.storage[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
  return finish("linspace", t, opts);
}

/**
 * Identity matrix n x m (m defaults to n).
 * @example torch.eye(2).flatten()  // tensor([1., 0., 0., 1.])
 */
export function eye(n: number, m?: number | TensorOptions, opts?: TensorOptions): Tensor {
  const o = tensorOptions("eye", isOptions(m) ? m : opts);
  intArg("eye", "n", n, 0);
  const cols = m === undefined || isOptions(m) ? n : intArg("eye", "m", m, 0);
  const t = Tensor._alloc("eye", [n, cols], o.dtype ?? float32);
  for (let i = 0; i < Math.min(n, cols); i++) t.storage[i * cols + i] = 1;
  return finish("eye", t, o);
}
