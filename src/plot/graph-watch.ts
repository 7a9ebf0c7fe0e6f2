// The live view of watch(model): a per-layer table of the latest sample and small multiples (one chart per
// statistic, one line per layer) of every sample so far. Updated in place, at most once per animation frame.
import "./graph.css";
import type { LayerStats, WatchSample } from "../../engine/lens/spec";
import { formatNorm } from "./graph-format";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Points kept per line; older history is thinned to every other point beyond this. */
const MAX_POINTS = 240;
const CHART = { width: 180, height: 84, pad: 4 };

type Metric = { key: keyof LayerStats; title: string; log?: boolean; fraction?: boolean };
const METRICS: Metric[] = [
  { key: "mean", title: "activation mean" },
  { key: "std", title: "activation std" },
  { key: "saturated", title: "fraction saturated", fraction: true },
  { key: "dead", title: "dead ReLU fraction", fraction: true },
  { key: "grad_norm", title: "‖∂loss/∂output‖ (log)", log: true },
];
const COLUMNS: [string, (l: LayerStats) => string][] = [
  ["layer", (l) => l.name],
  ["type", (l) => l.type],
  ["mean", (l) => formatNorm(l.mean)],
  ["std", (l) => formatNorm(l.std)],
  ["saturated", (l) => (l.saturated === null ? "" : `${(l.saturated * 100).toFixed(1)} %`)],
  ["dead ReLU", (l) => (l.dead === null ? "" : `${(l.dead * 100).toFixed(1)} %`)],
  ["‖grad‖", (l) => (l.grad_norm === null ? "" : formatNorm(l.grad_norm))],
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Line color by depth: blue for the first layer through to red for the last, readable on both themes. */
const layerColor = (i: number, n: number) => `hsl(${Math.round(215 - (n > 1 ? i / (n - 1) : 0) * 200)} 70% 52%)`;

interface History {
  steps: number[];
  rows: LayerStats[][];
}

function thin(h: History): void {
  if (h.steps.length <= MAX_POINTS) return;
  h.steps = h.steps.filter((_, i) => i % 2 === 0);
  h.rows = h.rows.filter((_, i) => i % 2 === 0);
}

function chart(metric: Metric, history: History): HTMLElement {
  const figure = el("figure", "graph-watch__chart");
  const caption = el("figcaption", "", metric.title);
  const layerCount = history.rows.at(-1)?.length ?? 0;
  const value = (l: LayerStats | undefined) => {
    const v = l?.[metric.key];
    return typeof v === "number" && Number.isFinite(v) && (!metric.log || v > 0) ? (metric.log ? Math.log10(v) : v) : null;
  };
  const all = history.rows.flatMap((row) => row.map(value)).filter((v): v is number => v !== null);
  const svg = svgEl("svg", { viewBox: `0 0 ${CHART.width} ${CHART.height}`, role: "img", "aria-label": `${metric.title} per layer over ${history.steps.length} samples` });
  if (all.length === 0) {
    figure.append(caption, svg);
    figure.dataset.empty = "";
    return figure;
  }
  let lo = metric.fraction ? 0 : Math.min(...all);
  let hi = metric.fraction ? 1 : Math.max(...all);
  if (hi - lo < 1e-12) (lo -= 0.5), (hi += 0.5);
  const [s0, s1] = [history.steps[0], history.steps.at(-1)!];
  const x = (s: number) => CHART.pad + ((s - s0) / Math.max(1, s1 - s0)) * (CHART.width - 2 * CHART.pad);
  const y = (v: number) => CHART.height - CHART.pad - ((v - lo) / (hi - lo)) * (CHART.height - 2 * CHART.pad);
  svg.append(svgEl("rect", { x: 0.5, y: 0.5, width: CHART.width - 1, height: CHART.height - 1, class: "graph-watch__frame" }));
  for (let layer = 0; layer < layerCount; layer++) {
    const points = history.rows.flatMap((row, i) => {
      const v = value(row[layer]);
      return v === null ? [] : [`${x(history.steps[i]).toFixed(1)},${y(v).toFixed(1)}`];
    });
    if (points.length === 0) continue;
    const stroke = layerColor(layer, layerCount);
    svg.append(points.length === 1
      ? svgEl("circle", { cx: points[0].split(",")[0], cy: points[0].split(",")[1], r: 2, fill: stroke })
      : svgEl("polyline", { points: points.join(" "), fill: "none", stroke, "stroke-width": 1.5 }));
  }
  const range = metric.log ? `${formatNorm(10 ** lo)} – ${formatNorm(10 ** hi)}` : `${formatNorm(lo)} – ${formatNorm(hi)}`;
  figure.append(caption, svg, el("span", "graph-watch__range", range));
  return figure;
}

function table(layers: LayerStats[]): HTMLElement {
  const wrap = el("div", "live-block__table");
  const t = el("table", "");
  const head = t.createTHead().insertRow();
  for (const [name] of COLUMNS) {
    const th = el("th", "", name);
    th.scope = "col";
    head.append(th);
  }
  const body = t.createTBody();
  for (const layer of layers) {
    const tr = body.insertRow();
    COLUMNS.forEach(([, cell], i) => {
      const td = tr.insertCell();
      td.textContent = cell(layer);
      if (i >= 2) td.className = "live-block__num";
    });
  }
  wrap.append(t);
  return wrap;
}

/** Takes over `figure` and returns the function that adds one sample to it. */
export function watchView(figure: HTMLElement): (sample: WatchSample) => void {
  const history: History = { steps: [], rows: [] };
  const caption = el("figcaption", "plot-title");
  const key = el("p", "plot-note", "Lines run from the first layer (blue) to the last (red).");
  const tableSlot = el("div", "graph-watch__table");
  const charts = el("div", "graph-watch__charts");
  figure.append(caption, tableSlot, charts, key);
  let frame = 0;
  let final = false;
  const draw = () => {
    frame = 0;
    const latest = history.rows.at(-1) ?? [];
    caption.textContent = `watch: step ${history.steps.at(-1) ?? 0}${final ? " (final)" : ""}, ${history.steps.length} samples`;
    tableSlot.replaceChildren(table(latest));
    charts.replaceChildren(...METRICS.map((m) => chart(m, history)));
  };
  return (sample) => {
    if (history.steps.at(-1) === sample.step) (history.rows[history.rows.length - 1] = sample.layers);
    else history.steps.push(sample.step), history.rows.push(sample.layers);
    final = sample.final;
    thin(history);
    frame ||= requestAnimationFrame(draw);
  };
}
