// Printing tensors exactly as PyTorch does (torch/_tensor_str.py with default print options: precision 4,
// threshold 1000, edgeitems 3, linewidth 80). Numbers are rounded from their exact binary value with
// round-half-to-even, like Python's format(), so ties such as 0.03125 print as PyTorch prints them.
import { bool, float32, int64 } from "./dtype";
import type { Tensor } from "./tensor";
import { options as checkOptions } from "./validate";

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** true forces scientific notation, false forbids it, null decides per tensor. */
  sci_mode: boolean | null;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };
const opts: PrintOptions = { ...DEFAULTS };

/** torch.set_printoptions({ precision: 2 }); { profile: "default" } restores the defaults. Global, like PyTorch's. */
export function set_printoptions(options: Partial<PrintOptions> & { profile?: "default" } = {}): void {
  options = checkOptions("set_printoptions", options, {
    precision: "size", threshold: "nonneg", edgeitems: "size", linewidth: "posint", sci_mode: "bool", profile: ["default"],
  });
  if (options.profile === "default") Object.assign(opts, DEFAULTS);
  for (const key of Object.keys(DEFAULTS) as (keyof PrintOptions)[]) {
    if (options[key] !== undefined) (opts as any)[key] = options[key];
  }
}

/** |x| exactly, as an integer `digits` and a count of fractional decimal digits: |x| = digits / 10^frac. */
function exactDecimal(x: number): { digits: bigint; frac: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), frac: 0 };
  return { digits: mantissa * 5n ** BigInt(-exponent), frac: -exponent };
}

/** digits / 10^drop rounded half to even (drop may be negative: multiply). */
function roundDrop(digits: bigint, drop: number): bigint {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const div = 10n ** BigInt(drop);
  const q = digits / div, r = digits % div;
  return 2n * r > div || (2n * r === div && q % 2n === 1n) ? q + 1n : q;
}

const signOf = (x: number): string => (x < 0 || Object.is(x, -0) ? "-" : "");

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return null;
}

/** Python's f"{x:.{p}f}". */
export function formatFixed(x: number, p: number): string {
  const special = nonFinite(x);
  if (special) return special;
  const { digits, frac } = exactDecimal(x);
  const s = roundDrop(digits, frac - p).toString().padStart(p + 1, "0");
  return signOf(x) + (p === 0 ? s : `${s.slice(0, s.length - p)}.${s.slice(s.length - p)}`);
}

/** Python's f"{x:.{p}e}". */
export function formatScientific(x: number, p: number): string {
  const special = nonFinite(x);
  if (special) return special;
  if (x === 0) return `${signOf(x)}${(0).toFixed(p)}e+00`;
  const { digits, frac } = exactDecimal(x);
  const len = digits.toString().length;
  let exp10 = len - 1 - frac;
  let m = roundDrop(digits, len - (p + 1));
  if (m.toString().length > p + 1) { m /= 10n; exp10 += 1; }
  const s = m.toString();
  const mant = p === 0 ? s : `${s[0]}.${s.slice(1)}`;
  const e = Math.abs(exp10).toString().padStart(2, "0");
  return `${signOf(x)}${mant}e${exp10 < 0 ? "-" : "+"}${e}`;
}

/** Decides one number format for the whole tensor, as torch._tensor_str._Formatter does. */
class Formatter {
  private floating: boolean;
  private intMode = true;
  private sciMode = false;
  width = 1;

  constructor(private readonly dtypeName: string, values: readonly number[]) {
    this.floating = dtypeName === "float32" || dtypeName === "float64";
    if (!this.floating) {
      for (const v of values) this.width = Math.max(this.width, this.plain(v).length);
      return;
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length === 0) {
      if (opts.sci_mode !== null) this.sciMode = opts.sci_mode;
      return;
    }
    const abs = finite.map(Math.abs);
    const min = Math.min(...abs), max = Math.max(...abs);
    this.intMode = finite.every((v) => v === Math.ceil(v));
    if (this.intMode) {
      this.sciMode = max / min > 1000 || max > 1e8;
      for (const v of finite) {
        this.width = Math.max(this.width, this.sciMode ? formatScientific(v, opts.precision).length : formatFixed(v, 0).length + 1);
      }
    } else {
      this.sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
      for (const v of finite) {
        this.width = Math.max(this.width, (this.sciMode ? formatScientific(v, opts.precision) : formatFixed(v, opts.precision)).length);
      }
    }
    // A forced mode overrides the choice but, exactly as in PyTorch, keeps the width measured for the chosen one.
    if (opts.sci_mode !== null) this.sciMode = opts.sci_mode;
  }

  private plain(v: number): string {
    if (this.dtypeName === "bool") return v !== 0 ? "True" : "False";
    return String(Math.trunc(v) || 0);
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.plain(v);
    else if (this.sciMode) s = formatScientific(v, opts.precision);
    else if (this.intMode) s = formatFixed(v, 0) + (Number.isFinite(v) ? "." : "");
    else s = formatFixed(v, opts.precision);
    return s.padStart(this.width);
  }
}

/** Which indices of a dim are shown: all, or the first and last opts.edgeitems with a gap (null) between. */
function shown(size: number, summarize: boolean): (number | null)[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (!summarize || size <= 2 * opts.edgeitems) return all;
  return [...all.slice(0, opts.edgeitems), null, ...all.slice(size - opts.edgeitems)];
}

function visibleValues(values: ArrayLike<number>, shape: readonly number[], summarize: boolean): number[] {
  const out: number[] = [];
  const walk = (d: number, base: number): void => {
    if (d === shape.length) { out.push(values[base]); return; }
    const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    for (const i of shown(shape[d], summarize)) if (i !== null) walk(d + 1, base + i * stride);
  };
  walk(0, 0);
  return out;
}

function body(values: ArrayLike<number>, shape: readonly number[], base: number, indent: number, summarize: boolean, f: Formatter): string {
  const dim = shape.length;
  if (dim === 0) return f.format(values[base]);
  if (dim === 1) {
    const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / (f.width + 2)));
    const items = shown(shape[0], summarize).map((i) => (i === null ? " ..." : f.format(values[base + i])));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
    return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
  }
  const stride = shape.slice(1).reduce((a, b) => a * b, 1);
  const slices = shown(shape[0], summarize).map((i) =>
    i === null ? "..." : body(values, shape.slice(1), base + i * stride, indent + 1, summarize, f));
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

/** Append ", suffix" items, wrapping onto a new line when the line would pass 80 columns (PyTorch's _add_suffixes). */
function addSuffixes(text: string, suffixes: string[], indent: number): string {
  const parts = [text];
  let lastLineLen = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > opts.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(", " + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  return parts.join("") + ")";
}

/** The body of a tensor's repr, without `tensor(` and suffixes: `[[ 0.1234, -1.2000]]`. */
export function formatValues(t: Tensor, indent = 0): string {
  if (t.numel() === 0) return "[]";
  const values = t.toFlatArray();
  const summarize = t.numel() > opts.threshold;
  const f = new Formatter(t.dtype.name, visibleValues(values, t.shape, summarize));
  return body(values, t.shape, 0, indent, summarize, f);
}

/** `tensor([[ 0.1234, -1.2000]], grad_fn=<TanhBackward0>)`, exactly as PyTorch prints it. */
export function formatTensor(t: Tensor, prefix = "tensor("): string {
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.numel() === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(", ")}${t.ndim === 1 ? "," : ""})`);
    if (t.dtype !== float32) suffixes.push(`dtype=${t.dtype}`);
  } else if (t.dtype !== float32 && t.dtype !== int64 && t.dtype !== bool) {
    suffixes.push(`dtype=${t.dtype}`);
  }
  if (t.grad_fn) suffixes.push(`grad_fn=<${t.grad_fn.name()}>`);
  else if (t.requires_grad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + formatValues(t, indent), suffixes, indent);
}
