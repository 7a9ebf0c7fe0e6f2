// Output that code sends to the page: plots, tables and progress, as plain data. The engine never touches the DOM;
// the page's worker installs a sink that forwards these messages, and with no sink (Node, tests) emit does nothing.
import type { GraphSpec, WatchSample } from "./lens/spec";
import type { ControlSpec } from "./input";

/** A number sequence the page can plot. Float64Array so a worker can transfer it instead of copying. */
export type Numbers = Float64Array;

export interface PlotLabels {
  title?: string;
  xlabel?: string;
  ylabel?: string;
}

export interface XYSeries {
  name: string;
  x: Numbers;
  y: Numbers;
}

/** Points a capped plot shows and how many the code gave it (engine/plot-sample.ts), so the page can say so. */
export interface Sampled {
  shown: number;
  total: number;
}

export interface LinePlot extends PlotLabels {
  kind: "line";
  series: XYSeries[];
  logx: boolean;
  logy: boolean;
  /** Set when the series had more points than a plot sends: each keeps its lowest and highest point per stretch. */
  sampled?: Sampled;
}

export interface ScatterPlot extends PlotLabels {
  kind: "scatter";
  series: XYSeries[];
  logx: boolean;
  logy: boolean;
  /** Set when there were more points than a plot sends: one point per stretch, drawn with a fixed seed. */
  sampled?: Sampled;
}

/** Histograms are binned in the engine, so a million samples travel as a few dozen counts. */
export interface HistSeries {
  name: string;
  /** bins + 1 increasing edges, shared by every series of one plot so overlays line up. */
  edges: Numbers;
  counts: Numbers;
}

export interface HistPlot extends PlotLabels {
  kind: "hist";
  series: HistSeries[];
  logy: boolean;
}

export interface BarPlot extends PlotLabels {
  kind: "bar";
  labels: string[];
  values: Numbers;
  logy: boolean;
}

export interface HeatmapPlot extends PlotLabels {
  kind: "heatmap";
  rows: number;
  cols: number;
  /** Row-major rows × cols values. */
  values: Numbers;
  /** Set when the matrix had more cells a side than a heatmap sends (engine/plot-blocks.ts): its shape before it was
   * averaged in blocks down to rows × cols. */
  averagedFrom?: { rows: number; cols: number };
}

export type PlotSpec = LinePlot | ScatterPlot | HistPlot | BarPlot | HeatmapPlot;

export type TableCell = string | number | boolean | null;

export type EngineMessage =
  | { type: "plot"; plot: PlotSpec }
  | { type: "table"; columns: string[]; rows: TableCell[][] }
  | { type: "progress"; value: number; total: number; label: string }
  /** The autograd lens (engine/lens): plot.graph and watch. */
  | { type: "graph"; graph: GraphSpec }
  | { type: "watch"; watch: WatchSample }
  /** A control declared with input.range/select/checkbox/number (engine/input.ts). */
  | { type: "input"; input: ControlSpec };

export type OutputSink = (message: EngineMessage) => void;

let sink: OutputSink | null = null;

/** Routes every later `emit` to `fn`; `null` turns output off again. */
export function setOutputSink(fn: OutputSink | null): void {
  sink = fn;
}

export function emit(message: EngineMessage): void {
  sink?.(message);
}
