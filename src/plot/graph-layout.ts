// Where each node and edge of an autograd graph goes, computed by dagre (a layered, Sugiyama-style layout: ranks,
// crossing reduction, coordinates). Pure data in, coordinates out, so benchmarks can time it in Node.
import { graphlib, layout } from "@dagrejs/dagre";
import type { GraphNodeSpec, GraphSpec } from "../../engine/lens/spec";
import { shapeText } from "./graph-format";

/** Text metrics of the SVG's monospace labels (12px JetBrains Mono: ~0.6 em per character). */
const CHAR_WIDTH = 7.3;
const NODE_HEIGHT = 38;

export interface PlacedNode {
  node: GraphNodeSpec;
  /** Centre and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  lines: [string, string];
}

export interface PlacedEdge {
  from: number;
  to: number;
  grad_norm: number | null;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<number, PlacedNode>;
  edges: PlacedEdge[];
}


/** The two text lines of a node: what it is, then its shape (and size, for groups). */
export function nodeLines(n: GraphNodeSpec): [string, string] {
  if (n.kind === "module") return [n.label, `${n.count} ${n.count === 1 ? "op" : "ops"} · ${shapeText(n.shape)}`];
  if (n.kind === "more") return [n.label, "not drawn"];
  return [n.label, shapeText(n.shape)];
}

/**
 * Output at the top, leaves at the bottom: arrows point the way values flowed forward, and the step-through walks
 * backward down the page in reading order.
 */
export function layoutGraph(spec: GraphSpec): GraphLayout {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "BT", align: "UR", nodesep: 16, ranksep: 26, edgesep: 8, marginx: 6, marginy: 6 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of spec.nodes) {
    const lines = nodeLines(n);
    g.setNode(String(n.id), { width: Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 20), height: NODE_HEIGHT, lines });
  }
  spec.edges.forEach((e, i) => g.setEdge(String(e.from), String(e.to), {}, String(i)));
  layout(g);
  const nodes = new Map<number, PlacedNode>();
  for (const n of spec.nodes) {
    const placed = g.node(String(n.id));
    nodes.set(n.id, { node: n, x: placed.x!, y: placed.y!, width: placed.width, height: placed.height, lines: placed.lines as [string, string] });
  }
  const edges = spec.edges.map((e, i): PlacedEdge => ({ ...e, points: g.edge(String(e.from), String(e.to), String(i))?.points ?? [] }));
  const { width = 0, height = 0 } = g.graph();
  return { width, height, nodes, edges };
}
