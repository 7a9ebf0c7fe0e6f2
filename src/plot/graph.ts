// Draws an autograd graph (engine/lens) as SVG: dagre places the nodes (src/plot/graph-layout.ts), edges are
// colored by the norm of the gradient they carry on a log scale, and a step-through control walks backward.
// Every label is set as text; nothing from user code becomes markup. Loaded on the first graph message only.
import "./graph.css";
import type { GraphEdgeSpec, GraphSpec } from "../../engine/lens/spec";
import { layoutGraph, type GraphLayout } from "./graph-layout";
import { formatNorm } from "./graph-format";
import { createStepper } from "./graph-step";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Color steps of the gradient-norm scale; CSS gives each a color and width (graph.css), per theme. */
export const BUCKETS = 6;
/** A graph narrower than this fraction of its natural size would be unreadable: scroll instead of shrinking. */
const MIN_SCALE = 0.6;

let graphCount = 0;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function htmlEl<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Log-scale buckets of the gradient norms: bucket i covers [10^(lo + i·step), 10^(lo + (i+1)·step)). */
export function gradientScale(edges: GraphEdgeSpec[]) {
  const logs = edges.map((e) => e.grad_norm).filter((v): v is number => v !== null && v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return null;
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const step = (hi - lo) / BUCKETS;
  const bucket = (norm: number) => (step === 0 ? BUCKETS - 1 : Math.min(BUCKETS - 1, Math.floor((Math.log10(norm) - lo) / step)));
  const ranges = Array.from({ length: BUCKETS }, (_, i) => [10 ** (lo + i * step), 10 ** (lo + (i + 1) * step)] as const);
  return { bucket, ranges: step === 0 ? [ranges[BUCKETS - 1]] : ranges, single: step === 0 };
}

function edgeClass(norm: number | null, scale: ReturnType<typeof gradientScale>): string {
  if (norm === null || !Number.isFinite(norm) || !scale) return "graph-edge graph-edge--unknown";
  if (norm === 0) return "graph-edge graph-edge--zero";
  return `graph-edge graph-edge--g${scale.bucket(norm)}`;
}

function legend(spec: GraphSpec, scale: ReturnType<typeof gradientScale>): HTMLElement {
  const list = htmlEl("ul", "graph-legend");
  list.setAttribute("aria-label", "Edge colors: norm of the gradient each edge carries backward, log scale");
  const item = (cls: string, text: string) => {
    const li = htmlEl("li", "");
    const swatch = svgEl("svg", { viewBox: "0 0 24 8", "aria-hidden": "true" });
    swatch.append(svgEl("line", { x1: 1, y1: 4, x2: 23, y2: 4, class: cls }));
    li.append(swatch, document.createTextNode(text));
    list.append(li);
  };
  list.append(htmlEl("li", "graph-legend__title", scale ? "‖gradient‖ (log scale):" : "No gradients known yet"));
  if (scale) {
    if (scale.single) item(`graph-edge graph-edge--g${BUCKETS - 1}`, formatNorm(scale.ranges[0][0]));
    else scale.ranges.forEach(([a, b], i) => item(`graph-edge graph-edge--g${i}`, `${formatNorm(a)}–${formatNorm(b)}`));
  }
  if (spec.edges.some((e) => e.grad_norm === 0)) item("graph-edge graph-edge--zero", "0");
  if (scale && spec.edges.some((e) => e.grad_norm === null)) item("graph-edge graph-edge--unknown", "unknown");
  return list;
}

function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");
}

function drawSvg(spec: GraphSpec, layout: GraphLayout, scale: ReturnType<typeof gradientScale>, available: number) {
  const id = ++graphCount;
  const fit = layout.width > available && available / layout.width >= MIN_SCALE ? available / layout.width : 1;
  const svg = svgEl("svg", {
    class: "graph-svg",
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: Math.ceil(layout.width * fit),
    height: Math.ceil(layout.height * fit),
    role: "img",
    "aria-label": `${spec.title ?? "Backward graph"}: ${spec.nodes.length} nodes, ${spec.edges.length} edges`,
  });
  const marker = svgEl("marker", { id: `graph-arrow-${id}`, viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" });
  marker.append(svgEl("path", { d: "M0 0L8 4L0 8z", class: "graph-arrow" }));
  const defs = svgEl("defs", {});
  defs.append(marker);
  svg.append(defs);
  const edgeLayer = svgEl("g", { class: "graph-edges" });
  const edges = layout.edges.map((e) => {
    const path = svgEl("path", { d: pathOf(e.points), class: edgeClass(e.grad_norm, scale), "marker-end": `url(#graph-arrow-${id})` });
    path.dataset.from = String(e.from);
    path.dataset.to = String(e.to);
    path.append(svgEl("title", {}, `gradient carried back: ${e.grad_norm === null ? "unknown" : formatNorm(e.grad_norm)}`));
    edgeLayer.append(path);
    return path;
  });
  const nodeLayer = svgEl("g", { class: "graph-nodes" });
  const nodes = new Map<number, SVGGElement>();
  for (const placed of layout.nodes.values()) {
    const { node, width, height } = placed;
    const g = svgEl("g", { class: `graph-node graph-node--${node.kind}`, transform: `translate(${(placed.x - width / 2).toFixed(1)} ${(placed.y - height / 2).toFixed(1)})` });
    g.dataset.nodeId = String(node.id);
    const norm = node.grad_norm === null ? "unknown" : formatNorm(node.grad_norm);
    g.append(
      svgEl("title", {}, `${placed.lines.join(" ")}\n‖gradient‖ ${norm}`),
      svgEl("rect", { width, height, rx: node.kind === "leaf" ? 12 : 4 }),
      svgEl("text", { x: width / 2, y: 16, class: "graph-node__label" }, placed.lines[0]),
      svgEl("text", { x: width / 2, y: 30, class: "graph-node__shape" }, placed.lines[1]),
    );
    nodeLayer.append(g);
    nodes.set(node.id, g);
  }
  svg.append(edgeLayer, nodeLayer);
  return { svg, nodes, edges };
}

/** The graph as a detached element: title, notes, legend, the scrollable SVG and the step-through control. */
export function renderGraph(spec: GraphSpec, width: number): HTMLElement {
  const layout = layoutGraph(spec);
  const scale = gradientScale(spec.edges);
  const wrapper = htmlEl("div", "graph-wrapper");
  if (spec.title) wrapper.append(htmlEl("p", "plot-title", spec.title));
  for (const note of spec.notes) wrapper.append(htmlEl("p", "plot-note", note));
  wrapper.append(legend(spec, scale));
  const { svg, nodes, edges } = drawSvg(spec, layout, scale, Math.max(240, width));
  const scroller = htmlEl("div", "graph-scroll");
  scroller.tabIndex = 0; // a scrollable region must be reachable by keyboard
  scroller.setAttribute("role", "region");
  scroller.setAttribute("aria-label", "Backward graph (scrollable)");
  scroller.append(svg);
  wrapper.append(scroller, createStepper(spec, nodes, edges));
  return wrapper;
}
