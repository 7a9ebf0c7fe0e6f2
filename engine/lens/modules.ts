// Which module each node of a graph belongs to. The graph records ops, not modules, so nodes are attributed through
// parameters: a node belongs to module M when it reads a parameter of M, or reads a node computed from M's parameters
// alone, with no data input (nn.Linear's weight.T feeds its matmul; its bias feeds the add). Parameterless modules
// (Tanh, ReLU) are matched by name: an unattributed TanhBackward0 whose input belongs to module A goes to the first
// unused Tanh module after A in named_modules order, which is the call order of a Sequential.
import type { Tensor } from "../tensor";
import type { RawGraph } from "./graph";

/** What the lens needs of an nn.Module (duck-typed, so the lens does not import nn). */
export interface ModuleLike {
  named_parameters(): Iterable<[string, Tensor]>;
  named_modules(): Iterable<[string, { _get_name(): string; children(): Iterable<unknown> }]>;
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
export function attributeModules(graph: RawGraph, names: Map<Tensor, string>, model: ModuleLike): void {
  const parameterless = parameterlessModules(model, names);
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
    if (owners.length === 0) {
      node.module = parameterless.claim(node.label, inputs.map((i) => graph.nodes[i].module)) ?? "";
      continue;
    }
    node.module = owners[0];
    const fromParamsAlone = inputs.length === graph.arity[id] && inputs.every((i) => paramOnly.has(i) && graph.nodes[i].module === owners[0]);
    if (fromParamsAlone) paramOnly.add(id);
  }
}

/** Leaf modules without parameters, in named_modules order, each claimable once by an op of its own name. */
function parameterlessModules(model: ModuleLike, names: Map<Tensor, string>) {
  const order = [...model.named_modules()].map(([path]) => path);
  const withParams = new Set([...names.values()].map(ownerOf));
  const free = [...model.named_modules()]
    .filter(([path, m]) => [...m.children()].length === 0 && !withParams.has(path))
    .map(([path, m]) => ({ path, op: m._get_name().toLowerCase(), index: order.indexOf(path) }));
  return {
    /** The module for an op named like `TanhBackward0`, after the latest module its inputs belong to. */
    claim(opName: string, inputModules: string[]): string | undefined {
      const op = opName.replace(/Backward\d+$/, "").toLowerCase();
      const after = Math.max(-1, ...inputModules.filter(Boolean).map((p) => order.indexOf(p)));
      const k = free.findIndex((m) => m.op === op && m.index > after);
      return k < 0 ? undefined : free.splice(k, 1)[0].path;
    },
  };
}
