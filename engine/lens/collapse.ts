// Smaller pictures of a big graph: one node per module, or only the nodes nearest the output.
import type { ModuleGroup } from "./modules";
import type { GraphEdgeSpec, GraphNodeSpec, GraphSpec } from "./spec";

type Parts = Pick<GraphSpec, "nodes" | "edges" | "order">;

/**
 * Rebuilds the graph over groups: `groupOf(node)` names the group a node merges into, or null to keep it. Edges
 * inside a group vanish; parallel edges between two groups become one, carrying the largest gradient norm.
 */
function merge(graph: Parts, groupOf: (n: GraphNodeSpec) => string | null, makeGroup: (key: string, members: GraphNodeSpec[]) => Omit<GraphNodeSpec, "id">): Parts {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const members = new Map<string, GraphNodeSpec[]>();
  for (const id of graph.order) {
    const key = groupOf(byId.get(id)!);
    if (key !== null) members.set(key, [...(members.get(key) ?? []), byId.get(id)!]);
  }
  // New ids follow backward order; a group sits where its first member (the one nearest the output) sat.
  const slots = graph.order.filter((id) => {
    const key = groupOf(byId.get(id)!);
    return key === null || members.get(key)![0].id === id;
  });
  const newId = new Map<string | number, number>(slots.map((id, i) => [groupOf(byId.get(id)!) ?? id, i]));
  const idOf = (n: GraphNodeSpec) => newId.get(groupOf(n) ?? n.id)!;
  const nodes = slots.map((id, i): GraphNodeSpec => {
    const node = byId.get(id)!;
    const key = groupOf(node);
    return key === null ? { ...node, id: i } : { ...makeGroup(key, members.get(key)!), id: i };
  });
  const edges = new Map<string, GraphEdgeSpec>();
  for (const e of graph.edges) {
    const from = idOf(byId.get(e.from)!);
    const to = idOf(byId.get(e.to)!);
    if (from === to) continue;
    const prev = edges.get(`${from}>${to}`);
    const norm = prev && prev.grad_norm !== null && (e.grad_norm === null || prev.grad_norm > e.grad_norm) ? prev.grad_norm : e.grad_norm;
    edges.set(`${from}>${to}`, { from, to, grad_norm: norm });
  }
  return { nodes, edges: [...edges.values()], order: nodes.map((n) => n.id) };
}

/** One node per module call; its shape and gradient are those of its output (the member nearest the output). */
export function collapseModules(graph: Parts, groups: Map<number, ModuleGroup>): Parts {
  return merge(graph, (n) => groups.get(n.id)?.key ?? null, (_key, members) => {
    const group = groups.get(members[0].id)!;
    const ops = members.filter((m) => m.kind === "op");
    const out = ops[0] ?? members[0];
    return {
      kind: "module",
      label: group.label,
      shape: out.shape,
      module: group.module,
      count: ops.length,
      ops: ops.map((m) => m.label),
      grad_norm: out.grad_norm,
      grad: out.grad,
    };
  });
}

/** Keeps the `limit - 1` nodes nearest the output (in backward order) and folds the rest into one node. */
export function keepNearest(graph: Parts, limit: number): Parts {
  const kept = new Set(graph.order.slice(0, limit - 1));
  const hidden = graph.order.length - kept.size;
  return merge(graph, (n) => (kept.has(n.id) ? null : "more"), () => ({
    kind: "more",
    label: `${hidden} more nodes`,
    shape: [],
    module: "",
    count: hidden,
    ops: [],
    grad_norm: null,
    grad: null,
  }));
}
