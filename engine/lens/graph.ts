// Reads the backward graph behind a tensor (grad_fn → inputs, as next_functions does) into plain data, and replays
// the backward closures to learn the gradient every edge carries, without touching any `.grad`.
import { no_grad, topologicalOrder } from "../autograd";
import { full } from "../creation";
import type { Tensor } from "../tensor";
import { SMALL_TENSOR, type GraphEdgeSpec, type GraphNodeSpec } from "./spec";

/** Inserted by register_full_backward_hook (and so by watch): identities that would only clutter the picture. */
const TRANSPARENT = "BackwardHookFunctionBackward";

/** The tensor behind any chain of transparent hook nodes. */
function resolve(t: Tensor): Tensor {
  while (t.grad_fn?.name() === TRANSPARENT) t = t.grad_fn.inputs[0];
  return t;
}

/** The inputs of t's grad_fn that take part in backward, each with its position among the node's inputs. */
function gradInputs(t: Tensor): [Tensor, number][] {
  const inputs = t.grad_fn?.inputs ?? [];
  return inputs.flatMap((input, k) => (input.requires_grad ? [[resolve(input), k] as [Tensor, number]] : []));
}

/** Tensors reachable from `root`, each after every tensor that consumes it (the order backward runs in). */
export function backwardOrder(root: Tensor): Tensor[] {
  return topologicalOrder([root], (t) => gradInputs(t).map(([input]) => input));
}

function l2(t: Tensor): number {
  let sum = 0;
  for (const v of t.toFlatArray()) sum += v * v;
  return Math.sqrt(sum);
}

interface Replay {
  /** Total gradient reaching each tensor. */
  grads: Map<Tensor, Tensor>;
  /** Norm of the gradient each (consumer, input position) edge carries. */
  edgeNorms: Map<Tensor, Map<number, number>>;
}

/**
 * Runs every backward closure once more, seeded with ones like `output.backward()`. Null when backward() already
 * freed some node's saved values (call it with { retain_graph: true } to keep them).
 */
function replay(order: Tensor[]): Replay | null {
  if (order.some((t) => t.grad_fn !== null && t.grad_fn._backward === null)) return null;
  const root = order[0];
  const grads = new Map<Tensor, Tensor>([[root, full(root.shape, 1, { dtype: root.dtype })]]);
  const edgeNorms = new Map<Tensor, Map<number, number>>();
  no_grad(() => {
    for (const t of order) {
      const g = grads.get(t);
      if (!g || !t.grad_fn) continue;
      const inputGrads = t.grad_fn._backward!(g);
      const norms = new Map<number, number>();
      for (const [input, k] of gradInputs(t)) {
        const gi = inputGrads[k];
        if (!gi) continue;
        norms.set(k, l2(gi));
        const prev = grads.get(input);
        grads.set(input, prev ? prev.add(gi) : gi);
      }
      edgeNorms.set(t, norms);
    }
  });
  return { grads, edgeNorms };
}

export interface RawGraph {
  nodes: GraphNodeSpec[];
  edges: GraphEdgeSpec[];
  /** The tensor behind each node (same index as nodes). */
  tensors: Tensor[];
  /** How many inputs each node's op read, including those that need no gradient (data). */
  arity: number[];
  /** True when gradients come from a replay of the whole backward pass. */
  replayed: boolean;
}

/** Nodes in backward order (ids 0…n-1, the output is 0), edges in forward direction. `names` labels leaves. */
export function readGraph(output: Tensor, names: Map<Tensor, string>): RawGraph {
  const order = backwardOrder(resolve(output));
  const ids = new Map(order.map((t, i) => [t, i]));
  const run = replay(order);
  // Without a replay, what survives: leaves' .grad, and non-leaves that called retain_grad().
  const gradOf = (t: Tensor): Tensor | null => run?.grads.get(t) ?? t.grad ?? null;
  const nodes = order.map((t, id): GraphNodeSpec => {
    const g = gradOf(t);
    const op = t.grad_fn?.name();
    return {
      id,
      kind: op ? "op" : "leaf",
      label: op ?? names.get(t) ?? "leaf",
      shape: [...t.shape],
      module: "",
      count: 1,
      ops: op ? [op] : [],
      grad_norm: g ? l2(g) : null,
      grad: g && g.numel() <= SMALL_TENSOR ? Array.from(g.toFlatArray()) : null,
    };
  });
  const edges: GraphEdgeSpec[] = [];
  for (const t of order) {
    for (const [input, k] of gradInputs(t)) {
      const carried = run?.edgeNorms.get(t)?.get(k) ?? null;
      edges.push({ from: ids.get(input)!, to: ids.get(t)!, grad_norm: carried });
    }
  }
  // A leaf used once receives exactly its .grad along its one edge, so that edge's color is known without a replay.
  if (!run) {
    for (const node of nodes) {
      const out = edges.filter((e) => e.from === node.id);
      if (node.kind === "leaf" && out.length === 1) out[0].grad_norm = node.grad_norm;
    }
  }
  const arity = order.map((t) => t.grad_fn?.inputs.length ?? 0);
  return { nodes, edges, tensors: order, arity, replayed: run !== null };
}
