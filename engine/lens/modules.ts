// Which module each node of a graph belongs to. The graph records ops, not modules, so nodes are attributed through
// parameters: a node belongs to module M when it reads a parameter of M, or a node computed from M's parameters
// alone (no data input) (nn.Linear's weight.T feeds its matmul; its bias feeds the add). Parameterless modules (Tanh, ReLU) keep
// their single op node unattributed, which is already one node each.
import type { Tensor } from "../tensor";
import type { RawGraph } from "./graph";

/** What the lens needs of an nn.Module (duck-typed, so the lens does not import nn). */
export interface ModuleLike {
  named_parameters(): Iterable<[string, Tensor]>;
  named_modules(): Iterable<[string, { _get_name(): string }]>;
  _get_name(): string;
}

export function isModuleLike(value: unknown): value is ModuleLike {
  const m = value as ModuleLike | null;
  return (typeof m === "object" || typeof m === "function") && m !== null &&
    typeof m.named_parameters === "function" && typeof m.named_modules === "function";
}

export function parameterNames(model: ModuleLike): Map<Tensor, string> {
  return new Map([...model.named_parameters()].map(([name, p]) => [p, name]));
}

/** "0: Linear" for path "0"; the root module is named by its class alone. */
export function moduleLabels(model: ModuleLike): Map<string, string> {
  return new Map([...model.named_modules()].map(([path, m]) => [path, path ? `${path}: ${m._get_name()}` : m._get_name()]));
}

const ownerOf = (paramName: string) => paramName.slice(0, Math.max(0, paramName.lastIndexOf(".")));

/** Sets `module` on the graph's nodes (in place). */
export function attributeModules(graph: RawGraph, names: Map<Tensor, string>): void {
  const inputsOf = new Map<number, number[]>();
  for (const e of graph.edges) inputsOf.set(e.to, [...(inputsOf.get(e.to) ?? []), e.from]);
  /** Nodes computed from one module's parameters and nothing else. */
  const paramOnly = new Set<number>();
  // Forward order: a node's inputs are decided before the node.
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id];
    if (node.kind === "leaf") {
      const name = names.get(graph.tensors[id]);
      if (name !== undefined) {
        node.module = ownerOf(name);
        paramOnly.add(id);
      }
      continue;
    }
    const inputs = inputsOf.get(id) ?? [];
    const owners = inputs.filter((i) => paramOnly.has(i)).map((i) => graph.nodes[i].module);
    if (owners.length === 0) continue;
    node.module = owners[0];
    const fromParamsAlone = inputs.length === graph.arity[id] && inputs.every((i) => paramOnly.has(i) && graph.nodes[i].module === owners[0]);
    if (fromParamsAlone) paramOnly.add(id);
  }
}
