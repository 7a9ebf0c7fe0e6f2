// The step-through under a graph: walks the backward pass one node at a time in the order backward runs it
// (output first, leaves last), highlighting the node and the edges its gradient leaves by, with the node's local
// derivative (KaTeX, loaded on the first step) and the gradient accumulated into it. Buttons and arrow keys.
import type { GraphNodeSpec, GraphSpec } from "../../engine/lens/spec";
import { formulaFor } from "./graph-formulas";
import { shapeText } from "./graph-format";

const START = "Backward has not started. Next walks it one node at a time, from the output to the leaves.";
/** Time per step while playing. */
const PLAY_MS = 800;
/** Gradient values (sent for small tensors only) and norms, four decimals like PyTorch's print. */
const fmt = (v: number) => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, text: string): HTMLButtonElement {
  const b = el("button", "graph-step__button", text);
  b.type = "button";
  b.setAttribute("aria-label", label);
  return b;
}

let katexLoading: Promise<typeof import("katex").default> | undefined;

/** Renders TeX into `target` (KaTeX builds the markup from our formula table, never from user data). */
function renderTex(target: HTMLElement, tex: string): void {
  katexLoading ??= import("katex").then((m) => m.default);
  katexLoading
    .then((katex) => katex.render(tex, target, { displayMode: true, throwOnError: false, output: "htmlAndMathml" }))
    .catch(() => (target.textContent = tex));
}

function describe(node: GraphNodeSpec): { heading: string; formulas: string[]; gradient: string } {
  const shape = node.kind === "more" ? "" : ` ${shapeText(node.shape)}`;
  const grad = node.grad_norm === null
    ? "Gradient not known (the graph's saved values were freed before plot.graph)."
    : `Gradient accumulated here (∂output/∂this node): norm ${fmt(node.grad_norm)}` + (node.grad ? `, values [${node.grad.map(fmt).join(", ")}]` : "");
  switch (node.kind) {
    case "leaf":
      return { heading: `${node.label}${shape}: gradient arrives in .grad`, formulas: [formulaFor("AccumulateGrad")!], gradient: grad };
    case "module":
      return { heading: `${node.label}${shape}: ${node.count} ${node.count === 1 ? "op" : "ops"}`, formulas: [...new Set(node.ops)].flatMap((op) => formulaFor(op) ?? []), gradient: grad };
    case "more":
      return { heading: `${node.label}, not drawn`, formulas: [], gradient: "" };
    default:
      return { heading: `${node.label}${shape}`, formulas: [formulaFor(node.label) ?? String.raw`\bar x = \bar y\,\tfrac{\partial y}{\partial x}`], gradient: grad };
  }
}

export function createStepper(spec: GraphSpec, nodes: Map<number, SVGGElement>, edges: SVGPathElement[]): HTMLElement {
  const root = el("div", "graph-step");
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", "Step through backward");
  const prev = button("Previous backward step", "◀ Previous");
  const play = button("Play backward", "▶ Play");
  play.setAttribute("aria-pressed", "false");
  const next = button("Next backward step", "Next ▶");
  const controls = el("div", "graph-step__controls");
  const position = el("span", "graph-step__position");
  controls.append(prev, play, next, position);
  const status = el("p", "graph-step__status", START);
  status.setAttribute("aria-live", "polite");
  const formulas = el("div", "graph-step__formulas");
  const gradient = el("p", "graph-step__gradient");
  root.append(controls, status, formulas, gradient);

  const order = spec.order;
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  let step = -1;
  let timer: ReturnType<typeof setInterval> | undefined;

  const show = (k: number) => {
    step = Math.max(-1, Math.min(order.length - 1, k));
    const current = step >= 0 ? order[step] : undefined;
    const done = new Set(order.slice(0, Math.max(0, step)));
    for (const [id, g] of nodes) {
      g.classList.toggle("is-current", id === current);
      g.classList.toggle("is-done", done.has(id));
    }
    for (const path of edges) path.classList.toggle("is-active", Number(path.dataset.to) === current);
    prev.disabled = step < 0;
    next.disabled = step === order.length - 1;
    position.textContent = `Step ${step + 1} of ${order.length}`;
    formulas.replaceChildren();
    if (current === undefined) {
      status.textContent = START;
      gradient.textContent = "";
      return;
    }
    const info = describe(byId.get(current)!);
    status.textContent = `Step ${step + 1} of ${order.length}: ${info.heading}`;
    for (const tex of info.formulas) {
      const target = el("div", "graph-step__formula");
      formulas.append(target);
      renderTex(target, tex);
    }
    gradient.textContent = info.gradient;
    nodes.get(current)?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  };

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    play.textContent = "▶ Play";
    play.setAttribute("aria-pressed", "false");
  };
  const go = (k: number) => {
    stop();
    show(k);
  };
  prev.addEventListener("click", () => go(step - 1));
  next.addEventListener("click", () => go(step + 1));
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (step === order.length - 1) show(-1);
    play.textContent = "❚❚ Pause";
    play.setAttribute("aria-pressed", "true");
    show(step + 1);
    timer = setInterval(() => (step >= order.length - 1 ? stop() : show(step + 1)), PLAY_MS);
  });
  root.addEventListener("keydown", (event) => {
    const keys: Record<string, () => void> = {
      ArrowRight: () => go(step + 1),
      ArrowDown: () => go(step + 1),
      ArrowLeft: () => go(step - 1),
      ArrowUp: () => go(step - 1),
      Home: () => go(0),
      End: () => go(order.length - 1),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
  // Clicking a node jumps to its step.
  for (const [id, g] of nodes) g.addEventListener("click", () => go(order.indexOf(id)));
  show(-1);
  return root;
}
