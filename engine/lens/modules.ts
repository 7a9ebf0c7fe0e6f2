// Which module each node of a graph belongs to. Every autograd node records the innermost module call running when
// its op ran (nn.Module pushes a frame around forward, engine/autograd.ts), so ops are attributed exactly: the tanh
// of an nn.Tanh, the residual add in a custom forward, the view inside a Linear. A parameter belongs to its owner.
import type { ModuleCall } from "../autograd";
import type { Tensor } from "../tensor";
import type { RawGraph } from "./graph";

/** What the lens needs of an nn.Module (duck-typed, so the lens does not import nn). */
export interface ModuleLike {
  named_parameters(): Iterable<[string, Tensor]>;
  named_modules(): Iterable<[string, { _get_name(): string }]>;
}

export function isModuleLike(value: unknown): value is ModuleLike {
  const m = value as ModuleLike | null;
  return (typeof m === "object" || typeof m === "function") && m !== null &&
    typeof m.named_parameters === "function" && typeof m.named_modules === "function";
}

export function parameterNames(model: ModuleLike): Map<Tensor, string> {
  return new Map([...model.named_parameters()].map(([name, p]) => [p, name]));
}

/** The nodes one call of one module made, which `collapse: "module"` draws as one node. */
export interface ModuleGroup {
  /** Unique per call: "0#1", "0#2" for a module called twice. */
  key: string;
  /** The module's dotted path. */
  module: string;
  /** "0: Linear", "0: Linear (call 2)". */
  label: string;
}

const ownerOf = (paramName: string) => paramName.slice(0, Math.max(0, paramName.lastIndexOf(".")));

/** The innermost call of one of the model's modules (a module outside the model, e.g. a loss, counts as its caller). */
function modelCall(call: ModuleCall | null, paths: Map<object, string>): ModuleCall | null {
  while (call !== null && !paths.has(call.module)) call = call.parent;
  return call;
}

/**
 * Sets `module` on the graph's nodes (in place) and returns the group each node collapses into, by node id. The root
 * module's own ops and ops outside the model stay nodes of their own, so the model's layers are not swallowed by it.
 * A parameter joins its consumers' group when they are all in one; a parameter shared by two calls stays on its own.
 */
export function attributeModules(graph: RawGraph, names: Map<Tensor, string>, model: ModuleLike): Map<number, ModuleGroup> {
  const paths = new Map<object, string>();
  const labels = new Map<string, string>();
  for (const [path, m] of model.named_modules()) {
    paths.set(m, path);
    labels.set(path, path ? `${path}: ${m._get_name()}` : m._get_name());
  }
  const groupOfCall = new Map<ModuleCall, ModuleGroup>();
  const callsOf = new Map<string, number>();
  const groups = new Map<number, ModuleGroup>();
  // Forward order (ids count back from the output), so a module's first call is numbered 1.
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id];
    const fn = graph.tensors[id].grad_fn;
    if (fn === null) {
      const name = names.get(graph.tensors[id]);
      if (name !== undefined) node.module = ownerOf(name);
      continue;
    }
    const call = modelCall(fn._module_call, paths);
    if (call === null) continue;
    node.module = paths.get(call.module)!;
    if (node.module === "") continue;
    let group = groupOfCall.get(call);
    if (group === undefined) {
      const n = (callsOf.get(node.module) ?? 0) + 1;
      callsOf.set(node.module, n);
      group = { key: `${node.module}#${n}`, module: node.module, label: labels.get(node.module)! + (n > 1 ? ` (call ${n})` : "") };
      groupOfCall.set(call, group);
    }
    groups.set(id, group);
  }
  const consumers = new Map<number, Set<ModuleGroup | undefined>>();
  for (const e of graph.edges) consumers.set(e.from, (consumers.get(e.from) ?? new Set()).add(groups.get(e.to)));
  graph.nodes.forEach((node, id) => {
    const only = [...(consumers.get(id) ?? [])];
    if (node.kind === "leaf" && names.has(graph.tensors[id]) && only.length === 1 && only[0] !== undefined) groups.set(id, only[0]);
  });
  return groups;
}
