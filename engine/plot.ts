// plot.*, table and progress: turn tensors or arrays into plain data messages for the page (see output.ts).
// Nothing here draws; the page renders the specs as SVG. Every function accepts tensors or number arrays.
import {
  emit,
  type BarPlot,
  type HeatmapPlot,
  type HistPlot,
  type HistSeries,
  type LinePlot,
  type Numbers,
  type PlotLabels,
  type Sampled,
  type ScatterPlot,
  type TableCell,
  type XYSeries,
} from "./output";
import { fail } from "./errors";
import { gather, lineIndices, MAX_LINE_POINTS, MAX_SCATTER_POINTS, scatterIndices } from "./plot-sample";
import { blockMeans, MAX_HEATMAP_SIDE } from "./plot-blocks";
import { graph } from "./lens/index";
import { options as checked } from "./validate";

/** The options every plot takes. Labels are shown as text, whatever their type. */
const LABEL_OPTIONS = { title: "any", xlabel: "any", ylabel: "any" } as const;
const XY_OPTIONS = { ...LABEL_OPTIONS, logx: "bool", logy: "bool" } as const;

/** Most bins a histogram may have (each is a bar on the page). */
const MAX_BINS = 10_000;
/** Most bars a bar chart may have: each is a labelled category, so there is no shape-keeping way to drop some. */
export const MAX_BARS = 1_000;

/** Anything with PyTorch's `tolist()`: our Tensor, without importing it (plotting must not depend on tensor internals). */
export interface TensorLike {
  tolist(): unknown;
  /** The values in row-major order without nested lists (our Tensor has it; a plot of a 32K-element activation
   * spent more time building and flattening tolist()'s arrays than binning). */
  toFlatArray?(): ArrayLike<number>;
}

/** A 1-D sequence of numbers: a tensor (any shape, flattened) or an array. */
export type Values = TensorLike | ArrayLike<number>;

export interface LineOptions extends PlotLabels {
  /** Shared x values; default 0, 1, 2, … */
  x?: Values;
  logx?: boolean;
  logy?: boolean;
}

export interface LineSpec extends LineOptions {
  /** One series, or several by name (the names become the legend). */
  series: Values | Record<string, Values>;
}

export interface ScatterOptions extends PlotLabels {
  name?: string;
  logx?: boolean;
  logy?: boolean;
}

export interface HistOptions extends PlotLabels {
  /** Number of equal-width bins (default 30). */
  bins?: number;
  /** [lo, hi] of the bins; default: min and max over all series. */
  range?: [number, number];
  logy?: boolean;
}

export interface BarOptions extends PlotLabels {
  /** Bar labels when values is a sequence; default "0", "1", … */
  labels?: string[];
  logy?: boolean;
}

function isTensor(value: unknown): value is TensorLike {
  return typeof value === "object" && value !== null && typeof (value as TensorLike).tolist === "function";
}

function isValues(value: unknown): value is Values {
  return isTensor(value) || Array.isArray(value) || ArrayBuffer.isView(value);
}

function flatten(nested: unknown, out: number[]): number[] {
  if (Array.isArray(nested)) for (const item of nested) flatten(item, out);
  else out.push(Number(nested));
  return out;
}

/** Flattens a tensor or array into a transferable Float64Array. */
function numbers(op: string, values: Values): Numbers {
  if (isTensor(values)) return Float64Array.from(values.toFlatArray?.() ?? flatten(values.tolist(), []));
  if (Array.isArray(values) || ArrayBuffer.isView(values)) return Float64Array.from(values as ArrayLike<number>, Number);
  return fail(op, `expected a tensor or an array of numbers, got ${typeof values}`);
}

/** The default x of a line: each kept point's index (0, 1, 2, … when nothing was dropped). */
function positions(n: number, indices: Uint32Array | null): Numbers {
  return indices ? Float64Array.from(indices) : Float64Array.from({ length: n }, (_, i) => i);
}

/** `sampled` for a plot that kept `shown` of `total` points, or nothing when it kept them all. */
function sampledNote(shown: number, total: number): { sampled?: Sampled } {
  return shown < total ? { sampled: { shown, total } } : {};
}

function labels(options: PlotLabels): PlotLabels {
  const { title, xlabel, ylabel } = options ?? {};
  return { title, xlabel, ylabel };
}

function namedSeries(op: string, series: Values | Record<string, Values>): [string, Values][] {
  if (isValues(series)) return [["", series]];
  if (typeof series !== "object" || series === null) return fail(op, "expected a tensor, an array or { name: values }");
  return Object.entries(series);
}

/**
 * Line plot. `plot.line(y)`, `plot.line(x, y)`, `plot.line({ tanh: y1, relu: y2 }, { x, logy: true })`,
 * or one object: `plot.line({ x, series: { f: y, "f'": dy }, title: "sigmoid" })`.
 */
function line(y: Values | Record<string, Values>, options?: LineOptions): void;
function line(x: Values, y: Values, options?: LineOptions): void;
function line(spec: LineSpec): void;
function line(first: Values | Record<string, Values> | LineSpec, second?: Values | LineOptions, third?: LineOptions): void {
  let spec: LineSpec;
  if (isValues(second)) spec = { ...third, x: first as Values, series: second };
  else if (!isValues(first) && typeof first === "object" && first !== null && "series" in first) spec = first as LineSpec;
  else spec = { ...(second as LineOptions | undefined), series: first as Values | Record<string, Values> };
  checked("plot.line", spec, { ...XY_OPTIONS, x: "any", series: "any" });
  const x = spec.x === undefined ? undefined : numbers("plot.line", spec.x);
  const named = namedSeries("plot.line", spec.series);
  // The point budget is shared by the series, so a plot of many long series is capped as a whole.
  const budget = Math.max(2, Math.floor(MAX_LINE_POINTS / Math.max(1, named.length)));
  let total = 0;
  const series: XYSeries[] = named.map(([name, values]) => {
    const ys = numbers("plot.line", values);
    if (x && x.length !== ys.length) fail("plot.line", `x has ${x.length} values but series "${name}" has ${ys.length}`);
    total += ys.length;
    const kept = lineIndices(ys, budget);
    return { name, x: x ? gather(x, kept) : positions(ys.length, kept), y: kept ? gather(ys, kept) : ys };
  });
  const shown = series.reduce((sum, s) => sum + s.y.length, 0);
  const message: LinePlot = { kind: "line", ...labels(spec), series, logx: !!spec.logx, logy: !!spec.logy, ...sampledNote(shown, total) };
  emit({ type: "plot", plot: message });
}

/** Scatter plot of points (x[i], y[i]): `plot.scatter(x, y, { name, title })`. */
function scatter(x: Values, y: Values, options: ScatterOptions = {}): void {
  options = checked("plot.scatter", options, { ...XY_OPTIONS, name: "any" });
  const xs = numbers("plot.scatter", x);
  const ys = numbers("plot.scatter", y);
  if (xs.length !== ys.length) fail("plot.scatter", `x has ${xs.length} values but y has ${ys.length}`);
  const kept = scatterIndices(xs.length, MAX_SCATTER_POINTS);
  const series: XYSeries[] = [{ name: options.name ?? "", x: kept ? gather(xs, kept) : xs, y: kept ? gather(ys, kept) : ys }];
  const message: ScatterPlot = {
    kind: "scatter",
    ...labels(options),
    series,
    logx: !!options.logx,
    logy: !!options.logy,
    ...sampledNote(series[0].y.length, xs.length),
  };
  emit({ type: "plot", plot: message });
}

/** Histogram of one sample or several overlaid by name: `plot.hist(acts, { bins: 50 })`, `plot.hist({ layer1: a, layer5: b })`. */
function hist(values: Values | Record<string, Values>, options: HistOptions = {}): void {
  options = checked("plot.hist", options, { ...LABEL_OPTIONS, bins: "posint", range: "any", logy: "bool" });
  const bins = options.bins ?? 30;
  if (bins > MAX_BINS) fail("plot.hist", `bins must be at most ${MAX_BINS}, got ${bins}`);
  if (options.range && !(Array.isArray(options.range) && options.range.length === 2 && options.range.every(Number.isFinite) && options.range[0] <= options.range[1])) {
    fail("plot.hist", "range must be [lo, hi] with finite lo <= hi");
  }
  const samples = namedSeries("plot.hist", values).map(([name, v]) => [name, numbers("plot.hist", v)] as const);
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (!options.range)
    for (const [, xs] of samples) for (const v of xs) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!(lo <= hi)) (lo = 0), (hi = 1); // no finite sample at all
  if (lo === hi) (lo -= 0.5), (hi += 0.5); // a constant sample still gets a visible bin
  const width = (hi - lo) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const series: HistSeries[] = samples.map(([name, xs]) => {
    const counts = new Float64Array(bins);
    for (const v of xs) {
      if (!(v >= lo && v <= hi)) continue; // outside the range, or NaN
      counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    }
    return { name, edges: edges.slice(), counts };
  });
  const message: HistPlot = { kind: "hist", ...labels(options), series, logy: !!options.logy };
  emit({ type: "plot", plot: message });
}

/** Bar chart: `plot.bar({ sigmoid: 0.25, tanh: 1 })` or `plot.bar(gradNorms, { labels: names, logy: true })`. */
function bar(values: Values | Record<string, number>, options: BarOptions = {}): void {
  options = checked("plot.bar", options, { ...LABEL_OPTIONS, labels: "any", logy: "bool" });
  if (options.labels && !Array.isArray(options.labels)) fail("plot.bar", "labels must be a list of strings");
  let names: string[];
  let data: Numbers;
  if (isValues(values)) {
    data = numbers("plot.bar", values);
    names = options.labels ?? Array.from(data, (_, i) => String(i));
  } else if (typeof values === "object" && values !== null) {
    names = Object.keys(values);
    data = Float64Array.from(Object.values(values), Number);
  } else return fail("plot.bar", "expected a tensor, an array or { label: number }");
  if (names.length !== data.length) fail("plot.bar", `${names.length} labels for ${data.length} values`);
  if (data.length > MAX_BARS) {
    fail("plot.bar", `${data.length.toLocaleString("en-US")} bars are too many to draw (at most ${MAX_BARS.toLocaleString("en-US")}); use plot.line for a long sequence or plot.hist for a distribution`);
  }
  const message: BarPlot = { kind: "bar", ...labels(options), labels: names.map(String), values: data, logy: !!options.logy };
  emit({ type: "plot", plot: message });
}

/**
 * Heatmap of a 2-D tensor or array of rows, e.g. a weight matrix or per-layer, per-step gradient norms. A matrix of
 * more than MAX_HEATMAP_SIDE rows or columns is averaged in blocks down to that many before it is sent.
 */
function heatmap(matrix: TensorLike | ArrayLike<ArrayLike<number>>, options: PlotLabels = {}): void {
  options = checked("plot.heatmap", options, LABEL_OPTIONS);
  const rows = isTensor(matrix) ? matrix.tolist() : Array.isArray(matrix) ? Array.from(matrix, (r) => (isValues(r) ? Array.from(r as ArrayLike<number>) : r)) : null;
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((v) => !Array.isArray(v))))
    fail("plot.heatmap", "expected a 2-D tensor or an array of rows");
  const cols = rows.length ? (rows[0] as number[]).length : 0;
  if (rows.some((r) => (r as number[]).length !== cols)) fail("plot.heatmap", "rows have different lengths");
  const given = { rows: rows.length, cols, values: Float64Array.from(flatten(rows, [])) };
  const averaged = blockMeans(given, MAX_HEATMAP_SIDE);
  const cells = averaged ? { ...averaged, averagedFrom: { rows: given.rows, cols } } : given;
  const message: HeatmapPlot = { kind: "heatmap", ...labels(options), ...cells };
  emit({ type: "plot", plot: message });
}

/** plot.graph (engine/lens) with its options' keys checked like every other plot's: model, collapse and title. */
function checkedGraph(...[output, options]: Parameters<typeof graph>): void {
  graph(output, checked("plot.graph", options, { model: "any", collapse: "any", title: "any" }));
}

export const plot = { line, scatter, hist, bar, heatmap, graph: checkedGraph };

function cell(value: unknown): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (isTensor(value)) {
    const flat = flatten(value.tolist(), []);
    return flat.length === 1 ? flat[0] : String(value);
  }
  return String(value);
}

/**
 * A table: rows as objects (columns = their keys, in first-seen order), e.g.
 * `table([{ layer: 1, mean: m, std: s }, …])`, or an object of rows keyed by name: `table({ tanh: { mean, std } })`.
 * Scalar tensors become numbers.
 */
export function table(rows: Record<string, unknown>[] | Record<string, Record<string, unknown>>): void {
  const entries: [string | null, Record<string, unknown>][] = Array.isArray(rows)
    ? rows.map((r) => [null, r])
    : typeof rows === "object" && rows !== null
      ? Object.entries(rows)
      : fail("table", "expected an array of objects or an object of objects");
  const keyed = !Array.isArray(rows);
  const columns: string[] = keyed ? [""] : [];
  for (const [, row] of entries) {
    if (typeof row !== "object" || row === null) fail("table", `every row must be an object, got ${row === null ? "null" : typeof row}`);
    for (const key of Object.keys(row)) if (!columns.includes(key) && !(keyed && key === "")) columns.push(key);
  }
  const body = entries.map(([name, row]) => columns.map((c, i) => (keyed && i === 0 ? name : cell(row[c]))));
  emit({ type: "table", columns, rows: body });
}

/** Progress of a loop: `progress(step + 1, steps)` shows a bar at (step + 1) / steps; `label` tells bars apart. */
export function progress(value: number, total: number, label = ""): void {
  if (!(total > 0)) fail("progress", `total must be positive, got ${total}`);
  emit({ type: "progress", value, total, label: String(label) });
}
