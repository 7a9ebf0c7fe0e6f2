// Draws the plot specs user code sends (engine/plot.ts) as SVG with Observable Plot. Loaded on the first plot only.
// Text (title, labels, legend) is set as text. Colors come from CSS (currentColor, --plot-* variables), so plots
// follow the page's light/dark theme; Plot's own <style> element is dropped (src/components/CodeBlock.css has its
// rules) so the page needs no inline styles.
import * as Plot from "@observablehq/plot";
import type { HeatmapPlot, PlotSpec, XYSeries } from "../../engine/output";
import { stretchStart } from "../../engine/plot-blocks";

interface Point {
  x: number;
  y: number;
  name: string;
}

function points(series: XYSeries[], logx: boolean, logy: boolean): Point[] {
  const out: Point[] = [];
  for (const s of series)
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x[i];
      const y = s.y[i];
      // A log axis cannot show zero or negative values; leaving them out draws gaps instead of failing.
      out.push({ x: logx && !(x > 0) ? NaN : x, y: logy && !(y > 0) ? NaN : y, name: s.name });
    }
  return out;
}

/**
 * A heatmap's cells, placed on the axes of the matrix the code gave: a matrix the engine averaged in blocks
 * (engine/plot-blocks.ts) keeps its rows and columns as axes, each cell spanning its block.
 */
function heatmapCells(spec: HeatmapPlot) {
  const { rows, cols } = spec.averagedFrom ?? spec;
  const cells: { row: number; rowEnd: number; col: number; colEnd: number; value: number }[] = [];
  for (let i = 0; i < spec.rows; i++) {
    const [row, rowEnd] = [stretchStart(i, rows, spec.rows), stretchStart(i + 1, rows, spec.rows)];
    for (let j = 0; j < spec.cols; j++) {
      const [col, colEnd] = [stretchStart(j, cols, spec.cols), stretchStart(j + 1, cols, spec.cols)];
      cells.push({ row, rowEnd, col, colEnd, value: spec.values[i * spec.cols + j] });
    }
  }
  return { cells, rows, cols };
}

function marksFor(spec: PlotSpec): { marks: Plot.Markish[]; options: Plot.PlotOptions; names: string[] } {
  const axis = (label: string | undefined, log = false) => ({ label: label ?? null, type: log ? ("log" as const) : undefined });
  switch (spec.kind) {
    case "line":
    case "scatter": {
      const data = points(spec.series, spec.logx, spec.logy);
      const names = spec.series.map((s) => s.name);
      const channels = { x: "x", y: "y", stroke: "name" };
      const marks =
        spec.kind === "line"
          ? [Plot.lineY(data, { ...channels, strokeWidth: 1.75 })]
          : [Plot.dot(data, { ...channels, r: 2.5, fill: "name", fillOpacity: 0.6 })];
      return { marks, names, options: { x: axis(spec.xlabel, spec.logx), y: { ...axis(spec.ylabel, spec.logy), grid: true } } };
    }
    case "hist": {
      const data = spec.series.flatMap((s) =>
        Array.from(s.counts, (count, i) => ({ x1: s.edges[i], x2: s.edges[i + 1], count, name: s.name })),
      );
      const y1 = spec.logy ? 0.5 : 0; // a log axis has no zero; bars start just below one count
      const marks = [
        Plot.rect(spec.logy ? data.filter((d) => d.count > 0) : data, {
          x1: "x1",
          x2: "x2",
          y1,
          y2: "count",
          fill: "name",
          fillOpacity: spec.series.length > 1 ? 0.5 : 0.85,
          insetLeft: 0.5,
        }),
      ];
      const y = { ...axis(spec.ylabel ?? "count", spec.logy), grid: true };
      return { marks, names: spec.series.map((s) => s.name), options: { x: axis(spec.xlabel), y } };
    }
    case "bar": {
      const data = spec.labels.map((label, i) => ({ label, value: spec.values[i] }));
      const positive = data.map((d) => d.value).filter((v) => v > 0);
      const floor = Math.min(...positive) / 2;
      const marks = spec.logy
        ? [Plot.ruleX(data, { x: "label", y1: floor, y2: "value", strokeWidth: 3, stroke: "currentColor" }), Plot.dot(data, { x: "label", y: "value", fill: "currentColor" })]
        : [Plot.barY(data, { x: "label", y: "value" }), Plot.ruleY([0])] // bar color: CodeBlock.css;
      const options = { x: { ...axis(spec.xlabel), domain: spec.labels }, y: { ...axis(spec.ylabel, spec.logy), grid: true } };
      return { marks, names: [], options };
    }
    case "heatmap": {
      const { cells, rows, cols } = heatmapCells(spec);
      // crispEdges: without it, antialiasing draws a faint seam between every two cells.
      const marks = [Plot.rect(cells, { x1: "col", x2: "colEnd", y1: "row", y2: "rowEnd", fill: "value", inset: 0, shapeRendering: "crispEdges" })];
      const options = {
        x: { ...axis(spec.xlabel ?? "column"), domain: [0, cols] },
        y: { ...axis(spec.ylabel ?? "row"), domain: [rows, 0] },
        color: { scheme: "viridis" as const },
      };
      return { marks, names: [], options };
    }
  }
}

function legend(names: string[], colors: (name: string) => string): HTMLElement | undefined {
  if (names.length < 2 && !names[0]) return undefined;
  const list = document.createElement("ul");
  list.className = "plot-legend";
  for (const name of names) {
    const item = document.createElement("li");
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 10 10");
    svg.setAttribute("aria-hidden", "true");
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("width", "10");
    rect.setAttribute("height", "10");
    rect.setAttribute("fill", colors(name));
    svg.append(rect);
    item.append(svg, document.createTextNode(name || "(unnamed)"));
    list.append(item);
  }
  return list;
}

/** A heatmap's color key in words (Plot's color ramp would need a data: URI image). */
function colorRange(values: Float64Array): HTMLElement {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of values) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const note = document.createElement("p");
  note.className = "plot-note";
  note.textContent = lo <= hi ? `color: ${lo.toPrecision(3)} (dark purple) to ${hi.toPrecision(3)} (yellow)` : "no finite values";
  return note;
}

/** What a capped plot shows of what it was given, and how it was reduced (engine/plot-sample.ts, plot-blocks.ts). */
function sampledText(spec: PlotSpec): string | undefined {
  const count = (n: number) => n.toLocaleString("en-US");
  const shape = ({ rows, cols }: { rows: number; cols: number }) => `${count(rows)}×${count(cols)}`;
  if (spec.kind === "heatmap" && spec.averagedFrom)
    return `showing the ${shape(spec.averagedFrom)} matrix averaged to ${shape(spec)} cells (each the mean of the finite values in its block)`;
  if ((spec.kind !== "line" && spec.kind !== "scatter") || !spec.sampled) return undefined;
  const rule = spec.kind === "line" ? "the lowest and highest point of each stretch, so peaks and dips are kept" : "a fixed random sample, one point per stretch";
  return `showing ${count(spec.sampled.shown)} of ${count(spec.sampled.total)} points (${rule})`;
}

/** Says that a capped plot shows less than it was given: set as text, like every label. */
function sampledNote(spec: PlotSpec): HTMLElement | undefined {
  const text = sampledText(spec);
  if (!text) return undefined;
  const note = document.createElement("p");
  note.className = "plot-note";
  note.dataset.sampled = "";
  note.textContent = text;
  return note;
}

/** The plot as a detached element: optional caption, legend, then the SVG. `width` is the space available. */
export function renderPlot(spec: PlotSpec, width: number): HTMLElement {
  const { marks, options, names } = marksFor(spec);
  const chart = Plot.plot({
    ...options,
    marks,
    width: Math.max(260, Math.min(720, Math.round(width))),
    height: spec.kind === "heatmap" ? Math.max(200, Math.min(480, width * 0.6)) : Math.max(200, Math.min(320, width * 0.55)),
    marginLeft: 56,
    style: undefined,
    ariaLabel: spec.title ?? `${spec.kind} plot`,
  });
  chart.querySelectorAll("style").forEach((s) => s.remove());
  const wrapper = document.createElement("div");
  wrapper.className = "plot-wrapper";
  wrapper.dataset.series = String(spec.kind === "bar" || spec.kind === "heatmap" ? 1 : names.length);
  if (spec.title) {
    const caption = document.createElement("p");
    caption.className = "plot-title";
    caption.textContent = spec.title;
    wrapper.append(caption);
  }
  const color = chart.scale("color");
  const key = legend(names, (name) => String(color?.apply?.(name) ?? "currentColor"));
  if (key) wrapper.append(key);
  if (spec.kind === "heatmap") wrapper.append(colorRange(spec.values));
  const sampled = sampledNote(spec);
  if (sampled) wrapper.append(sampled);
  wrapper.append(chart);
  return wrapper;
}
