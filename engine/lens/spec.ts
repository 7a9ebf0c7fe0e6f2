// The autograd lens's messages: plain data the page draws (src/plot/graph*.ts). No tensors, no closures, no markup.

export interface GraphNodeSpec {
  id: number;
  /** op: a grad_fn; leaf: a tensor that requires grad (AccumulateGrad); module: a collapsed module; more: hidden nodes. */
  kind: "op" | "leaf" | "module" | "more";
  /** The grad_fn name (`TanhBackward0`), the parameter's dotted name (`0.weight`), `0: Linear`, or `leaf`. */
  label: string;
  /** Shape of the tensor this node produces (for a module: its output). */
  shape: number[];
  /** Dotted path of the module the node was attributed to; "" when none (or no model was passed). */
  module: string;
  /** Ops inside a module node, or nodes hidden in a "more" node; 1 otherwise. */
  count: number;
  /** The grad_fn names inside (a module node) or this node's own name, so the page can show their local derivatives. */
  ops: string[];
  /** ‖∂output/∂(this node's tensor)‖₂, null when unknown. */
  grad_norm: number | null;
  /** That gradient's values, flattened, when it has at most SMALL_TENSOR elements. */
  grad: number[] | null;
}

export interface GraphEdgeSpec {
  /** Forward direction: the input's node … */
  from: number;
  /** … to the node that consumed it. Backward sends gradient the other way. */
  to: number;
  /** Norm of the gradient this edge carries back to `from`; null when unknown. */
  grad_norm: number | null;
}

export interface GraphSpec {
  title?: string;
  nodes: GraphNodeSpec[];
  edges: GraphEdgeSpec[];
  /** Node ids in the order backward visits them: the output first, the leaves last. */
  order: number[];
  /** How the graph was simplified: "module" when asked for, "auto" when it was too big to draw node by node. */
  collapsed: "none" | "module" | "auto";
  /** Sentences for the reader: why nodes were collapsed or hidden, why gradients are missing. */
  notes: string[];
}

/** Per-layer statistics of one sampled training step. Null where a statistic does not apply to the layer. */
export interface LayerStats {
  /** Dotted module path, e.g. "1" or "encoder.fc". */
  name: string;
  /** The module's class, e.g. "Tanh". */
  type: string;
  mean: number;
  std: number;
  /** Fraction of outputs in the flat tails: |tanh| > 0.99, sigmoid outside [0.01, 0.99]. */
  saturated: number | null;
  /** Fraction of ReLU units that are zero for every example in the batch. */
  dead: number | null;
  /** ‖∂loss/∂output‖₂ of the layer, once backward has reached it. */
  grad_norm: number | null;
}

export interface WatchSample {
  /** Tells several watches in one run apart. */
  watch: number;
  /** Forward passes of the watched model so far (this sample's step). */
  step: number;
  layers: LayerStats[];
  /** The last sample, sent by unwatch(). */
  final: boolean;
}

/** Gradients with at most this many elements are sent with their values (the step-through prints them). */
export const SMALL_TENSOR = 16;
