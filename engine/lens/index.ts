// The autograd lens: `plot.graph(output, options)` draws the backward graph, `watch(model)` reports per-layer
// statistics while a model trains. Both send plain data through emit (engine/output.ts); the page draws it.
import { GradflowError } from "../errors";
import { emit } from "../output";
import { Tensor } from "../tensor";
import { collapseModules, keepNearest } from "./collapse";
import { readGraph } from "./graph";
import { attributeModules, isModuleLike, parameterNames, type ModuleGroup, type ModuleLike } from "./modules";
import type { GraphSpec } from "./spec";

export { watch, unwatch, type Watch, type WatchOptions } from "./watch";
export type { LayerStats, WatchSample } from "./spec";

/** Above this many nodes a graph is collapsed (by module, then to the nodes nearest the output) so the page stays fast. */
export const MAX_GRAPH_NODES = 200;

export interface GraphOptions {
  /** Labels parameters with their dotted names and lets modules collapse into one node each. */
  model?: ModuleLike;
  /** "module": one node per module call; "none": every op (still capped); default: collapse only when too big. */
  collapse?: "module" | "none";
  title?: string;
}

function fail(message: string): never {
  throw new GradflowError("plot.graph", message);
}

/** The graph's data, as `plot.graph` sends it (exported for tests and benchmarks). */
export function graphSpec(output: Tensor, options: GraphOptions = {}): GraphSpec {
  if (!(output instanceof Tensor)) fail(`expected a tensor, got ${output === null ? "null" : typeof output}`);
  if (!output.requires_grad) {
    fail("this tensor has no grad_fn and does not require grad, so there is no backward graph to draw; " +
      "compute it from a tensor created with { requires_grad: true } or from a model's parameters");
  }
  const { model, collapse, title } = options ?? {};
  if (model !== undefined && !isModuleLike(model)) fail("options.model must be an nn.Module");
  if (collapse !== undefined && collapse !== "module" && collapse !== "none") fail(`options.collapse must be "module" or "none", got ${String(collapse)}`);
  const names = model ? parameterNames(model) : new Map<Tensor, string>();
  const raw = readGraph(output, names);
  const groups: Map<number, ModuleGroup> = model ? attributeModules(raw, names, model) : new Map();
  const notes: string[] = [];
  if (!raw.replayed) {
    notes.push("backward() freed the graph's saved values, so only parameter gradients are shown; " +
      "call loss.backward({ retain_graph: true }) (or plot.graph before backward) to color every edge.");
  }
  let parts: Pick<GraphSpec, "nodes" | "edges" | "order"> = { nodes: raw.nodes, edges: raw.edges, order: raw.nodes.map((n) => n.id) };
  let collapsed: GraphSpec["collapsed"] = "none";
  const total = parts.nodes.length;
  if (model && (collapse === "module" || (collapse === undefined && total > MAX_GRAPH_NODES))) {
    parts = collapseModules(parts, groups);
    collapsed = collapse === "module" ? "module" : "auto";
    if (collapsed === "auto") notes.push(`The graph has ${total} nodes, so each module is drawn as one node.`);
  }
  if (parts.nodes.length > MAX_GRAPH_NODES) {
    const before = parts.nodes.length;
    parts = keepNearest(parts, MAX_GRAPH_NODES);
    collapsed = "auto";
    notes.push(`The graph has ${before} nodes; the ${MAX_GRAPH_NODES - 1} nearest the output are drawn and the rest are folded into one node` +
      (model ? "." : " (pass { model } to draw one node per module instead)."));
  }
  return { title, ...parts, collapsed, notes };
}

/**
 * Draws the backward graph of `output`: ops with their output shapes, leaves (parameters by name with `{ model }`),
 * edges colored by the norm of the gradient they carry. `plot.graph(loss, { model, collapse: "module" })`.
 */
export function graph(output: Tensor, options: GraphOptions = {}): void {
  emit({ type: "graph", graph: graphSpec(output, options) });
}
