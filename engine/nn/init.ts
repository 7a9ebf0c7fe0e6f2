// nn.init: fill a tensor in place with PyTorch's initialization schemes. Each function works under no_grad (so it
// can be applied to parameters) and returns the tensor. Keyword arguments come as a trailing options object;
// the common positional forms (`xavier_uniform_(w, gain)`, `normal_(w, mean, std)`) work too.
import { no_grad } from "../autograd";
import { randn } from "../creation";
import { fail, fmtShape } from "../errors";
import type { Generator } from "../random";
import type { Tensor } from "../tensor";
import { describe, isOptions, numberArg, options, tensorArg } from "../validate";

const NONLINEARITIES = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
  "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"] as const;
export type Nonlinearity = (typeof NONLINEARITIES)[number];
export type FanMode = "fan_in" | "fan_out";
interface GenOpts { generator?: Generator }
export interface KaimingOptions extends GenOpts {
  /** The negative slope of the leaky ReLU that follows (0 means ReLU). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

/** The gain PyTorch recommends for each nonlinearity: the factor that keeps the signal's variance through a layer. */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (param !== undefined && param !== null) numberArg("calculate_gain", "param", param);
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d":
    case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d": case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      return fail("calculate_gain", `unsupported nonlinearity ${describe(nonlinearity)}`);
  }
}

/** fan_in = size(1) x receptive field, fan_out = size(0) x receptive field (for a Linear weight: in and out features). */
export function _calculate_fan_in_and_fan_out(t: Tensor): [number, number] {
  return fans("_calculate_fan_in_and_fan_out", t);
}

function fans(op: string, t: Tensor): [number, number] {
  if (tensorArg(op, "tensor", t).ndim < 2) {
    fail(op, `fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape ${fmtShape(t.shape)})`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fan(op: string, t: Tensor, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out") fail(op, `mode ${describe(mode)} not supported, use "fan_in" or "fan_out"`);
  const [fanIn, fanOut] = fans(op, t);
  return mode === "fan_in" ? fanIn : fanOut;
}

type Num<O> = number | O | undefined;

/** An init function's arguments after the tensor: positional numbers or one options bag, checked, as one bag. */
function initArgs<O extends object>(op: string, t: Tensor, args: unknown[], keys: string[]): O & GenOpts {
  tensorArg(op, "tensor", t);
  const spec = Object.fromEntries([...keys.map((k) => [k, "number"]), ["generator", "generator"]]);
  const bag = isOptions(args[0]) ? args[0] : { ...Object.fromEntries(keys.map((k, i) => [k, args[i]])), ...(args[keys.length] as object) };
  return options<O & GenOpts>(op, bag, spec);
}

/** U(a, b); uniform_(w, a, b) or uniform_(w, { a, b }). */
export function uniform_(t: Tensor, a: Num<{ a?: number; b?: number } & GenOpts> = 0, b = 1, opts: GenOpts = {}): Tensor {
  const o = initArgs<{ a?: number; b?: number }>("uniform_", t, [a, b, opts], ["a", "b"]);
  return no_grad(() => t.uniform_(o.a ?? 0, o.b ?? 1, { generator: o.generator }));
}

/** N(mean, std²); normal_(w, mean, std) or normal_(w, { mean, std }). */
export function normal_(t: Tensor, mean: Num<{ mean?: number; std?: number } & GenOpts> = 0, std = 1, opts: GenOpts = {}): Tensor {
  const o = initArgs<{ mean?: number; std?: number }>("normal_", t, [mean, std, opts], ["mean", "std"]);
  return no_grad(() => t.normal_(o.mean ?? 0, o.std ?? 1, { generator: o.generator }));
}

function fill(op: string, t: Tensor, val: number): Tensor {
  tensorArg(op, "tensor", t);
  return no_grad(() => t.fill_(numberArg(op, "val", val)));
}

export const constant_ = (t: Tensor, val: number): Tensor => fill("constant_", t, val);
export const zeros_ = (t: Tensor): Tensor => fill("zeros_", t, 0);
export const ones_ = (t: Tensor): Tensor => fill("ones_", t, 1);

/** The identity matrix, for a 2-D tensor. */
export function eye_(t: Tensor): Tensor {
  if (tensorArg("eye_", "tensor", t).ndim !== 2) fail("eye_", `only tensors with 2 dimensions are supported, got shape ${fmtShape(t.shape)}`);
  return no_grad(() => {
    t.zero_();
    for (let i = 0; i < Math.min(t.shape[0], t.shape[1]); i++) t.select(0, i).narrow(0, i, 1).fill_(1);
    return t;
  });
}

type GainArg = Num<{ gain?: number } & GenOpts>;

/** Glorot: U(-a, a) with a = gain √(6 / (fan_in + fan_out)), so Var = gain² · 2 / (fan_in + fan_out). */
export function xavier_uniform_(t: Tensor, gain: GainArg = 1): Tensor {
  const o = initArgs<{ gain?: number }>("xavier_uniform_", t, [gain], ["gain"]);
  const [fanIn, fanOut] = fans("xavier_uniform_", t);
  const a = Math.sqrt(3) * (o.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return uniform_(t, -a, a, { generator: o.generator });
}

/** Glorot: N(0, std²) with std = gain √(2 / (fan_in + fan_out)). */
export function xavier_normal_(t: Tensor, gain: GainArg = 1): Tensor {
  const o = initArgs<{ gain?: number }>("xavier_normal_", t, [gain], ["gain"]);
  const [fanIn, fanOut] = fans("xavier_normal_", t);
  return normal_(t, 0, (o.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), { generator: o.generator });
}

function kaimingStd(op: string, t: Tensor, a: Num<KaimingOptions>, mode?: FanMode, nonlinearity?: Nonlinearity): number {
  tensorArg(op, "tensor", t);
  const o = options<KaimingOptions>(op, isOptions(a) ? a : { a, mode, nonlinearity }, {
    a: "number", mode: ["fan_in", "fan_out"], nonlinearity: NONLINEARITIES, generator: "generator",
  });
  if (t.numel() === 0) fail(op, "initializing a zero-element tensor is a no-op; give the tensor a non-empty shape");
  const gain = calculate_gain(o.nonlinearity ?? "leaky_relu", o.a ?? 0);
  return gain / Math.sqrt(fan(op, t, o.mode ?? "fan_in"));
}

const genOf = (arg: unknown): Generator | undefined => (isOptions(arg) ? (arg as GenOpts).generator : undefined);

/**
 * He: U(-bound, bound) with bound = gain √(3 / fan), gain = calculate_gain(nonlinearity, a).
 * kaiming_uniform_(w, { a, mode, nonlinearity }) or kaiming_uniform_(w, a, mode, nonlinearity);
 * defaults a = 0, mode "fan_in", nonlinearity "leaky_relu" (so Var = 2 / fan_in).
 */
export function kaiming_uniform_(t: Tensor, a: Num<KaimingOptions> = 0, mode?: FanMode, nonlinearity?: Nonlinearity): Tensor {
  const bound = Math.sqrt(3) * kaimingStd("kaiming_uniform_", t, a, mode, nonlinearity);
  return uniform_(t, -bound, bound, { generator: genOf(a) });
}

/** He: N(0, std²) with std = gain / √fan; same arguments as kaiming_uniform_. */
export function kaiming_normal_(t: Tensor, a: Num<KaimingOptions> = 0, mode?: FanMode, nonlinearity?: Nonlinearity): Tensor {
  return normal_(t, 0, kaimingStd("kaiming_normal_", t, a, mode, nonlinearity), { generator: genOf(a) });
}

/**
 * A (semi-)orthogonal matrix times gain: the Q of a QR decomposition of a Gaussian matrix, with the signs fixed by
 * R's diagonal so Q is uniformly distributed (PyTorch's recipe). Tensors with more than 2 dims are flattened after dim 0.
 */
export function orthogonal_(t: Tensor, gain: GainArg = 1): Tensor {
  const o = initArgs<{ gain?: number }>("orthogonal_", t, [gain], ["gain"]);
  if (t.ndim < 2) fail("orthogonal_", `only tensors with 2 or more dimensions are supported, got shape ${fmtShape(t.shape)}`);
  if (t.numel() === 0) return t;
  const rows = t.shape[0], cols = t.numel() / rows;
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols]; // factor the tall orientation
  const draw = Float64Array.from(randn([m, n], { generator: o.generator }).toFlatArray());
  const q = tallQ(draw, m, n);
  const g = o.gain ?? 1;
  const flat = no_grad(() => t.detach().clone()); // contiguous, in t's dtype; rows of [rows, cols] in order
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) flat.storage[i * cols + j] = g * (rows < cols ? q[j * n + i] : q[i * n + j]);
  }
  return no_grad(() => t.copy_(flat));
}

/** Q (m x n, m >= n) of A = QR by modified Gram–Schmidt in float64; R's diagonal is positive, so no sign fix is needed. */
function tallQ(a: Float64Array, m: number, n: number): Float64Array {
  const q = a.slice();
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i * n + k] * q[i * n + j];
      for (let i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * n + j] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[i * n + j] /= norm;
  }
  return q;
}
