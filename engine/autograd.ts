// Reverse-mode autograd, small enough to read in one sitting. Every differentiable op computes its output and
// then calls `record(out, name, inputs, backward)`, attaching a Node whose backward maps the output's gradient to
// one gradient per input. `backward()` is a topological sort of the tensors reachable from the root and one
// reversed loop. Backward closures are written with tensor ops, so with `create_graph` they build a graph too
// (gradients of gradients for free).
import { fail, fmtShape } from "./errors";
import { Tensor, type TensorLike, asTensor } from "./tensor";
import { full } from "./creation";
import { boolArg, fnArg, options, tensorArg } from "./validate";

let gradEnabled = true;

export function is_grad_enabled(): boolean {
  return gradEnabled;
}

export function set_grad_enabled(enabled: boolean): void {
  gradEnabled = boolArg("set_grad_enabled", "mode", enabled);
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Run `fn` without recording a graph (synchronous code only): `torch.no_grad(() => { w.sub_(w.grad!.mul(lr)); })`. */
export function no_grad<T>(fn: () => T): T {
  return withGradMode(false, fnArg("no_grad", "fn", fn));
}

export function enable_grad<T>(fn: () => T): T {
  return withGradMode(true, fnArg("enable_grad", "fn", fn));
}

/**
 * One call of an nn.Module in progress: the module, and the call it was made from. nn.Module's call pushes one
 * (enterModule) and pops it in a finally (exitModule), so an exception inside forward leaves no stale frame.
 */
export interface ModuleCall {
  readonly module: object;
  readonly parent: ModuleCall | null;
}

let activeCall: ModuleCall | null = null;

export function enterModule(module: object): ModuleCall {
  activeCall = { module, parent: activeCall };
  return activeCall;
}

export function exitModule(call: ModuleCall): void {
  activeCall = call.parent;
}

/** One input gradient per input; null where an input gets no gradient. */
export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

const inspect = Symbol.for("nodejs.util.inspect.custom");

/** A grad_fn: the backward of one op application, e.g. TanhBackward0. */
export class Node {
  /** The innermost module call running when the op ran (null outside any module); the lens groups nodes by it. */
  readonly _module_call: ModuleCall | null = activeCall;

  constructor(
    private readonly _name: string,
    /** The tensors the op read; `next_functions` walks them. */
    readonly inputs: readonly Tensor[],
    /** Null once freed by a backward pass without retain_graph. */
    public _backward: BackwardFn | null,
  ) {}

  name(): string {
    return this._name;
  }

  /** Like PyTorch: one [grad_fn, 0] pair per input; AccumulateGrad for leaves that require grad, null otherwise. */
  get next_functions(): [Node | null, number][] {
    return this.inputs.map((t) => [t.grad_fn ?? (t.requires_grad ? t._accumulateGrad() : null), 0]);
  }

  toString(): string {
    return `<${this._name} object>`;
  }

  [inspect](): string {
    return this.toString();
  }
}

/** The node that deposits a leaf's gradient into `.grad`. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super("AccumulateGrad", [], null);
  }
}

/** Attach a grad_fn to `out` if grad mode is on and some input requires grad. Returns `out`. */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (gradEnabled && out.dtype.is_floating_point && inputs.some((t) => t.requires_grad)) {
    out.grad_fn = new Node(name, inputs, backward);
  }
  return out;
}

export interface BackwardOptions {
  retain_graph?: boolean;
  create_graph?: boolean;
}

/**
 * Tensors reachable from the roots through tensors that require grad, each after everything that consumes it.
 * `children(t)` gives the tensors t was computed from (its grad_fn's inputs; the lens passes its own, which skip
 * the hook nodes it hides).
 */
export function topologicalOrder(roots: readonly Tensor[], children: (t: Tensor) => readonly Tensor[] = (t) => t.grad_fn?.inputs ?? []): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    const stack: [Tensor, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const inputs = children(top[0]);
      if (top[1] < inputs.length) {
        const child = inputs[top[1]++];
        if (child.requires_grad && !visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
  }
  return order.reverse();
}

/**
 * Nodes whose backward needs no saved tensor values (only shapes), so PyTorch lets you backpropagate through them
 * again after the graph is freed: `y = x.add(1); y.sum().backward(); y.sum().backward()` works there and here.
 */
const SAVES_NOTHING = new Set([
  "AddBackward0", "SubBackward0", "RsubBackward1", "NegBackward0", "SumBackward0", "SumBackward1", "MeanBackward0",
  "MeanBackward1", "CloneBackward0", "ToCopyBackward0", "ViewBackward0", "TransposeBackward0", "PermuteBackward0",
  "ExpandBackward0", "SqueezeBackward0", "SqueezeBackward1", "UnsqueezeBackward0", "SelectBackward0",
  "SliceBackward0", "SplitBackward0", "SplitWithSizesBackward0", "CatBackward0", "StackBackward0", "RepeatBackward0",
]);

function accumulateInto(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (createGraph) {
    t.grad = t.grad === null ? g : t.grad.add(g);
  } else if (t.grad === null) {
    t.grad = g.detach().clone(); // a fresh buffer: the optimizer may update it in place
  } else {
    withGradMode(false, () => t.grad!.add_(g));
  }
}

/**
 * The backward pass. Without `capture` it accumulates into `.grad` of leaves (and retain_grad tensors); with
 * `capture` it writes no `.grad` and returns the gradients reaching the captured tensors (autograd.grad).
 */
function runBackward(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: BackwardOptions,
  capture?: readonly Tensor[]): Map<Tensor, Tensor> {
  const createGraph = opts.create_graph ?? false;
  const retainGraph = opts.retain_graph ?? createGraph;
  const grads = new Map<Tensor, Tensor>();
  roots.forEach((r, i) => grads.set(r, grads.has(r) ? grads.get(r)!.add(rootGrads[i]) : rootGrads[i]));
  const captured = new Map<Tensor, Tensor>();
  const wanted = new Set(capture ?? []);
  for (const t of topologicalOrder(roots)) {
    let g = grads.get(t);
    if (g === undefined) continue;
    grads.delete(t);
    for (const hook of t._hooks ?? []) {
      const replaced = withGradMode(createGraph, () => hook(g!));
      if (replaced instanceof Tensor) {
        if (replaced.shape.join() !== t.shape.join()) {
          fail("register_hook", `hook returned a gradient of shape ${fmtShape(replaced.shape)} for a tensor of shape ${fmtShape(t.shape)}; return a tensor of the same shape`);
        }
        g = replaced;
      }
    }
    if (wanted.has(t)) captured.set(t, g);
    const node = t.grad_fn;
    if (node === null) {
      if (!capture) accumulateInto(t, g, createGraph);
      continue;
    }
    if (t._retains_grad && !capture) accumulateInto(t, g, createGraph);
    const backward = node._backward;
    if (backward === null) {
      fail("backward", `trying to backward through the graph a second time (through ${node.name()}), but its saved values ` +
        "were freed by the first backward(); pass { retain_graph: true } to the first backward() if you need to call it twice");
    }
    const inputGrads = withGradMode(createGraph, () => backward(g!));
    if (!retainGraph && !SAVES_NOTHING.has(node.name())) node._backward = null;
    node.inputs.forEach((input, k) => {
      const gi = inputGrads[k];
      if (!gi || !input.requires_grad) return;
      if (gi.shape.join() !== input.shape.join()) {
        fail(node.name(), `internal error: gradient of shape ${fmtShape(gi.shape)} for an input of shape ${fmtShape(input.shape)}`);
      }
      const prev = grads.get(input);
      grads.set(input, prev === undefined ? gi : withGradMode(createGraph, () => prev.add(gi)));
    });
  }
  return captured;
}

function seedGradient(op: string, output: Tensor, gradient: TensorLike | null | undefined): Tensor {
  if (!output.requires_grad) {
    fail(op, "element 0 of tensors does not require grad and does not have a grad_fn; " +
      "create the leaf with { requires_grad: true } (or call .requires_grad_()) before computing from it");
  }
  if (gradient === undefined || gradient === null) {
    if (output.numel() !== 1) {
      fail(op, `grad can be implicitly created only for scalar outputs, but the output has shape ${fmtShape(output.shape)}; ` +
        "reduce it first (e.g. y.sum().backward()) or pass a gradient of the same shape: y.backward(torch.ones_like(y))");
    }
    return full(output.shape, 1, { dtype: output.dtype });
  }
  const g = asTensor(gradient, output.dtype, op);
  if (g.shape.join() !== output.shape.join() && g.numel() !== 1) {
    fail(op, `gradient has shape ${fmtShape(g.shape)} but the output has shape ${fmtShape(output.shape)}; pass a gradient of the output's shape`);
  }
  return g.shape.join() === output.shape.join() ? g : withGradMode(false, () => g.reshape([]).expand(output.shape).contiguous());
}

/** tensor.backward(gradient?, { retain_graph, create_graph }). */
const BACKWARD_OPTIONS = { retain_graph: "bool", create_graph: "bool" } as const;
/** torch.autograd.grad(outputs, inputs, { grad_outputs, retain_graph, create_graph, allow_unused }). */
const GRAD_OPTIONS = { ...BACKWARD_OPTIONS, grad_outputs: "any", allow_unused: "bool" } as const;

export function backward(output: Tensor, gradient?: TensorLike | null, opts: BackwardOptions = {}): void {
  tensorArg("backward", "tensor", output);
  opts = options("backward", opts, BACKWARD_OPTIONS);
  runBackward([output], [seedGradient("backward", output, gradient)], opts);
}

export interface GradOptions extends BackwardOptions {
  grad_outputs?: TensorLike | (TensorLike | null)[] | null;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allow_unused?: boolean;
}

/** torch.autograd.grad(outputs, inputs): gradients of the outputs with respect to the inputs, without touching .grad. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  outs.forEach((t) => tensorArg("autograd.grad", "outputs", t));
  ins.forEach((t) => tensorArg("autograd.grad", "inputs", t));
  opts = options("autograd.grad", opts, GRAD_OPTIONS);
  const go = opts.grad_outputs;
  const seeds = outs.map((o, i) => seedGradient("autograd.grad", o, Array.isArray(go) ? go[i] : go));
  for (const t of ins) {
    if (!t.requires_grad) fail("autograd.grad", "one of the inputs does not require grad; create it with { requires_grad: true }");
  }
  const captured = runBackward(outs, seeds, opts, ins);
  return ins.map((t) => {
    const g = captured.get(t);
    if (g === undefined && !opts.allow_unused) {
      fail("autograd.grad", "one of the differentiated tensors appears to not have been used in the graph; pass { allow_unused: true } if this is intended");
    }
    return g === undefined ? null : opts.create_graph ? g : g.detach();
  });
}
