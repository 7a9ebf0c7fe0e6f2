// Shape checks for the autograd lens's messages (engine/lens/spec.ts), run before the page draws them, so a
// malformed message is dropped instead of breaking the output area. Loaded with the runner protocol: keep it small.
import type { GraphSpec, WatchSample } from "../../engine/lens/spec";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isNumberOrNull = (v: unknown) => v === null || typeof v === "number";
const isShape = (v: unknown) => Array.isArray(v) && v.every((d) => Number.isInteger(d) && d >= 0);
const nodeKinds = new Set(["op", "leaf", "module", "more"]);

export function isGraphSpec(g: unknown): g is GraphSpec {
  if (!isObject(g) || !Array.isArray(g.nodes) || !Array.isArray(g.edges) || !Array.isArray(g.order) || !Array.isArray(g.notes)) return false;
  const ids = new Set<number>();
  for (const n of g.nodes) {
    if (!isObject(n) || !Number.isInteger(n.id) || !nodeKinds.has(n.kind as string) || typeof n.label !== "string") return false;
    if (!isShape(n.shape) || typeof n.module !== "string" || !Array.isArray(n.ops) || !n.ops.every((o) => typeof o === "string")) return false;
    if (!isNumberOrNull(n.grad_norm) || !(n.grad === null || (Array.isArray(n.grad) && n.grad.every((v) => typeof v === "number")))) return false;
    ids.add(n.id as number);
  }
  return (
    g.edges.every((e) => isObject(e) && ids.has(e.from as number) && ids.has(e.to as number) && isNumberOrNull(e.grad_norm)) &&
    g.order.every((id) => ids.has(id as number)) &&
    g.notes.every((s) => typeof s === "string") &&
    (g.title === undefined || typeof g.title === "string")
  );
}

export function isWatchSample(w: unknown): w is WatchSample {
  if (!isObject(w) || !Number.isInteger(w.watch) || !Number.isInteger(w.step) || typeof w.final !== "boolean" || !Array.isArray(w.layers)) return false;
  return w.layers.every(
    (l) =>
      isObject(l) && typeof l.name === "string" && typeof l.type === "string" && typeof l.mean === "number" && typeof l.std === "number" &&
      isNumberOrNull(l.saturated) && isNumberOrNull(l.dead) && isNumberOrNull(l.grad_norm),
  );
}
