// What each public engine function takes, for the input fuzzer. Every function the engine exports must appear here
// (fuzz.test.ts enumerates the exports and fails on any without an entry), so a new op is fuzzed from day one.
// `names` lists the op names its errors may carry besides its own (a composite op may report the primitive that
// found the problem, e.g. F.linear's shape error comes from matmul).
import type { Kind } from "./values";

/** In `names`: any op may be named (the function runs the reader's callback, whose errors are its own). */
export const ANY = "*";

export interface FnSig {
  args: Kind[];
  /** For Tensor methods: the kind of tensor it is called on (default T). */
  self?: Kind;
  /** It always throws (e.g. the base Module's forward), so no call is expected to succeed. */
  alwaysThrows?: true;
  names?: string[];
}
export interface ClassSig {
  ctor: Kind[];
  /** Arguments of forward(...) for modules, or of named methods called on a constructed instance. */
  methods?: Record<string, Kind[] | FnSig>;
  names?: string[];
}

const red = { dim: "ds", keepdim: "b" };

/** torch.* functions. A Tensor method with the same name takes the same arguments minus the first (the tensor). */
export const torchSigs: Record<string, FnSig> = {
  manual_seed: { args: ["n"] }, initial_seed: { args: [] }, set_printoptions: { args: [{ precision: "n", threshold: "n+", edgeitems: "n+", linewidth: "n+", sci_mode: "b" }] },
  set_backend: { args: ['"js|wasm"'] }, get_backend: { args: [] },
  no_grad: { args: ["fn"], names: [ANY] }, enable_grad: { args: ["fn"], names: [ANY] }, is_grad_enabled: { args: [] }, set_grad_enabled: { args: ["b"] },
  tensor: { args: ["any", { dtype: "dtype", requires_grad: "b" }] },
  zeros: { args: ["sizes", { dtype: "dtype", requires_grad: "b" }] }, ones: { args: ["sizes", { dtype: "dtype", requires_grad: "b" }] },
  empty: { args: ["sizes", { dtype: "dtype", requires_grad: "b" }] }, rand: { args: ["sizes", { dtype: "dtype", requires_grad: "b", generator: "gen" }] },
  randn: { args: ["sizes", { dtype: "dtype", requires_grad: "b", generator: "gen" }] },
  full: { args: ["shape", "x", { dtype: "dtype", requires_grad: "b" }] },
  zeros_like: { args: ["T", { dtype: "dtype", requires_grad: "b" }] }, ones_like: { args: ["T", { dtype: "dtype", requires_grad: "b" }] },
  empty_like: { args: ["T", { dtype: "dtype", requires_grad: "b" }] }, full_like: { args: ["T", "x", { dtype: "dtype" }] },
  rand_like: { args: ["T", { dtype: "dtype", generator: "gen" }] }, randn_like: { args: ["T", { dtype: "dtype", generator: "gen" }] },
  randint: { args: ["n", "n+", "shape", { dtype: "dtype", generator: "gen" }] }, randperm: { args: ["n", { generator: "gen" }] },
  arange: { args: ["x", "x?", "x?", { dtype: "dtype" }] }, linspace: { args: ["x", "x", "n", { dtype: "dtype" }] },
  eye: { args: ["n", "n?", { dtype: "dtype" }] },

  add: { args: ["Tl", "Tl", { alpha: "x" }], names: ["mul"] }, sub: { args: ["Tl", "Tl", { alpha: "x" }], names: ["mul"] },
  mul: { args: ["Tl", "Tl"] }, div: { args: ["Tl", "Tl"] }, pow: { args: ["Tl", "Tl"] },
  maximum: { args: ["Tl", "Tl"] }, minimum: { args: ["Tl", "Tl"] },
  neg: { args: ["Tl"] }, abs: { args: ["Tl"] }, sign: { args: ["Tl"] }, exp: { args: ["Tl"] }, log: { args: ["Tl"] },
  log1p: { args: ["Tl"] }, sqrt: { args: ["Tl"] }, rsqrt: { args: ["Tl"] }, square: { args: ["Tl"] },
  reciprocal: { args: ["Tl"] }, sin: { args: ["Tl"] }, cos: { args: ["Tl"] }, erf: { args: ["Tl"] },
  clamp: { args: ["Tl", "x?", "x?"] }, where: { args: ["M", "Tl", "Tl"] },
  eq: { args: ["Tl", "Tl"] }, ne: { args: ["Tl", "Tl"] }, lt: { args: ["Tl", "Tl"] }, le: { args: ["Tl", "Tl"] },
  gt: { args: ["Tl", "Tl"] }, ge: { args: ["Tl", "Tl"] }, isfinite: { args: ["Tl"] }, isnan: { args: ["Tl"] },
  allclose: { args: ["Tl", "Tl", { rtol: "x", atol: "x", equal_nan: "b" }] },

  sigmoid: { args: ["Tl"] }, tanh: { args: ["Tl"] }, relu: { args: ["Tl"] }, leaky_relu: { args: ["Tl", "x?"] },
  elu: { args: ["Tl", { alpha: "x" }] }, gelu: { args: ["Tl", { approximate: '"none|tanh"' }] }, silu: { args: ["Tl"] },
  softplus: { args: ["Tl", { beta: "x", threshold: "x" }] }, hardtanh: { args: ["Tl", { min_val: "x", max_val: "x" }] },
  softmax: { args: ["Tl", "d"] }, log_softmax: { args: ["Tl", "d"] },

  sum: { args: ["T", "ds?", red] }, mean: { args: ["T", "ds?", red] }, var: { args: ["T", "ds?", { ...red, correction: "n" }] },
  std: { args: ["T", "ds?", { ...red, correction: "n" }] }, prod: { args: ["T", "d?", red] }, logsumexp: { args: ["T", "ds", red] },
  amax: { args: ["T", "ds?", red] }, amin: { args: ["T", "ds?", red] }, max: { args: ["T", "d?", red], names: ["maximum"] }, min: { args: ["T", "d?", red], names: ["minimum"] },
  argmax: { args: ["T", "d?", red] }, argmin: { args: ["T", "d?", red] }, norm: { args: ["T", "x?", { ...red, p: "x" }] },
  all: { args: ["T", "ds?", red] }, any: { args: ["T", "ds?", red] }, cumsum: { args: ["T", "d"] },

  matmul: { args: ["T", "Tr"] }, mm: { args: ["mat", "matR"], names: ["matmul"] }, dot: { args: ["v1", "v1"], names: ["matmul"] }, outer: { args: ["v1", "v1"] },

  reshape: { args: ["T", "sizes"] }, flatten: { args: ["T", "d?", "d?"] }, squeeze: { args: ["T", "ds?"] },
  unsqueeze: { args: ["T", "d"] }, transpose: { args: ["T", "d", "d"] }, permute: { args: ["T", "perm"] }, t: { args: ["T"] },
  clone: { args: ["T"] }, cat: { args: ["Ts", "d?"] }, concat: { args: ["Ts", "d?"], names: ["cat"] }, stack: { args: ["Ts", "d?"] },
  split: { args: ["T", "n+", "d?"] }, chunk: { args: ["T", "n+", "d?"] }, unbind: { args: ["T", "d?"] },
  select: { args: ["T", "d", "i"] }, narrow: { args: ["T", "d", "i", "i"] }, gather: { args: ["T", "d", "I"] },
  index_select: { args: ["T", "d", "I"] }, masked_fill: { args: ["T", "M", "x"] }, masked_select: { args: ["T", "M"] },
  nonzero: { args: ["T"] }, tril: { args: ["T", "n?"] }, triu: { args: ["T", "n?"] }, flip: { args: ["T", "ds"] },
  is_tensor: { args: ["any"] }, numel: { args: ["T"] },
};

/** torch namespaces and non-function members that are not ops. */
export const torchNested: Record<string, FnSig> = {
  "autograd.grad": { args: ["out", "leaf", { retain_graph: "b", create_graph: "b", allow_unused: "b" }] },
  "autograd.backward": { args: ["out", "Tl?"], names: ["backward"] },
};

/** torch classes. */
export const torchClasses: Record<string, ClassSig> = {
  Generator: { ctor: [], methods: { manual_seed: ["n"], initial_seed: [] } },
  // The storage constructor is internal (tensors are made by torch.tensor and the factories); a reader who writes
  // `new torch.Tensor([1, 2])` as in PyTorch must still get a clear error.
  Tensor: { ctor: ["storage", "shape"] },
  GradflowError: { ctor: ['"op"', '"message"'] },
};

/** Tensor methods whose arguments differ from torch.<name>(tensor, ...) or that have no torch.* twin. */
export const methodSigs: Record<string, FnSig> = {
  mm: { args: ["matR"], self: "mat", names: ["matmul"] }, dot: { args: ["v1"], self: "v1", names: ["matmul"] },
  outer: { args: ["v1"], self: "v1" }, dim: { args: [] }, size: { args: ["d?"] }, is_contiguous: { args: [] }, is_floating_point: { args: [] }, item: { args: [] },
  tolist: { args: [] }, toFlatArray: { args: [] }, toString: { args: [] }, requires_grad_: { args: ["b?"] },
  retain_grad: { args: [], self: "out" }, register_hook: { args: ["fn"], self: "out" },
  backward: { args: ["Tl?", { retain_graph: "b" }], self: "out" },
  detach: { args: [] }, detach_: { args: [] }, contiguous: { args: [] }, to: { args: ["dtype"] },
  float: { args: [] }, double: { args: [] }, long: { args: [] }, bool: { args: [] },
  reshape: { args: ["sizes"] }, view: { args: ["sizes"] }, view_as: { args: ["T"], names: ["view"] },
  reshape_as: { args: ["T"], names: ["reshape"] }, permute: { args: ["perm"] }, expand: { args: ["sizes"] },
  expand_as: { args: ["T"], names: ["expand"] }, repeat: { args: ["sizes"] }, idx: { args: ['"0|:, 1|...|-1:|::2|1:3"', "n?"] },
  flip: { args: ["sizes"] }, where: { args: ["M", "Tl"] }, max: { args: ["d?", red], names: ["maximum"] }, min: { args: ["d?", red], names: ["minimum"] },
  zero_: { args: [] }, fill_: { args: ["x"] }, copy_: { args: ["Tl"] }, add_: { args: ["Tl", { alpha: "x" }], names: ["add", "mul"] },
  sub_: { args: ["Tl", { alpha: "x" }], names: ["sub", "mul"] }, mul_: { args: ["Tl"], names: ["mul"] }, div_: { args: ["Tl"], names: ["div"] },
  clamp_: { args: ["x?", "x?"], names: ["clamp"] }, masked_fill_: { args: ["M", "x"], names: ["masked_fill"] },
  uniform_: { args: ["x?", "x?", { generator: "gen" }] }, normal_: { args: ["x?", "x?", { generator: "gen" }] },
};

const lossOpts = { reduction: '"mean|sum|none"' };

/** F.* (activations share torch's entries). */
export const fSigs: Record<string, FnSig> = {
  linear: { args: ["T", "T", "T?"], names: ["matmul", "add"] },
  dropout: { args: ["T", { p: "p", training: "b" }] },
  layer_norm: { args: ["T", "shape", { weight: "T", bias: "T", eps: "x" }], names: ["mul", "add"] },
  mse_loss: { args: ["T", "T", lossOpts] }, l1_loss: { args: ["T", "T", lossOpts] },
  binary_cross_entropy: { args: ["T", "T", { ...lossOpts, weight: "T" }], names: ["mul"] },
  binary_cross_entropy_with_logits: { args: ["T", "T", { ...lossOpts, weight: "T", pos_weight: "T" }], names: ["mul"] },
  nll_loss: { args: ["logits", "classes", { ...lossOpts, weight: "T", ignore_index: "n" }] },
  cross_entropy: { args: ["logits", "classes", { ...lossOpts, weight: "T", ignore_index: "n", label_smoothing: "p" }] },
};

/** nn layers: constructor arguments and forward's. */
export const nnClasses: Record<string, ClassSig> = {
  Module: { ctor: [], methods: { forward: { args: ["T"], alwaysThrows: true } } },
  Parameter: { ctor: ["T", "b?"], names: ["requires_grad_"] },
  Linear: { ctor: ["F", "n", "b?"], methods: { forward: ["T"] }, names: ["matmul"] },
  Identity: { ctor: [], methods: { forward: ["T"] } },
  Flatten: { ctor: ["d?", "d?"], methods: { forward: ["T"] }, names: ["flatten"] },
  Dropout: { ctor: ["p?"], methods: { forward: ["T"] }, names: ["dropout"] },
  Sigmoid: { ctor: [], methods: { forward: ["T"] }, names: ["sigmoid"] },
  Tanh: { ctor: [], methods: { forward: ["T"] }, names: ["tanh"] },
  ReLU: { ctor: ["b?"], methods: { forward: ["T"] }, names: ["relu"] },
  LeakyReLU: { ctor: ["x?"], methods: { forward: ["T"] }, names: ["leaky_relu"] },
  PReLU: { ctor: [{ num_parameters: "n+", init: "x" }], methods: { forward: ["T"] } },
  ELU: { ctor: ["x?"], methods: { forward: ["T"] }, names: ["elu"] },
  GELU: { ctor: ['"none|tanh"'], methods: { forward: ["T"] }, names: ["gelu"] },
  SiLU: { ctor: [], methods: { forward: ["T"] }, names: ["silu"] },
  Softplus: { ctor: ["x?", "x?"], methods: { forward: ["T"] }, names: ["softplus"] },
  Hardtanh: { ctor: ["x?", "x?"], methods: { forward: ["T"] }, names: ["hardtanh"] },
  Softmax: { ctor: ["d"], methods: { forward: ["T"] }, names: ["softmax"] },
  LogSoftmax: { ctor: ["d"], methods: { forward: ["T"] }, names: ["log_softmax"] },
  LayerNorm: { ctor: ["shape", { eps: "x", elementwise_affine: "b", bias: "b" }], methods: { forward: ["T"] }, names: ["layer_norm"] },
  BatchNorm1d: { ctor: ["F", { eps: "x", momentum: "p", affine: "b", track_running_stats: "b" }], methods: { forward: ["T"] } },
  Sequential: { ctor: ["mod", "mod?"], methods: { forward: ["T"] }, names: ["Linear", "matmul"] },
  ModuleList: { ctor: ["mods"], methods: { get: ["d"], append: ["mod"] } },
  RNNCell: { ctor: ["F", "n+", { bias: "b", nonlinearity: '"tanh|relu"' }], methods: { forward: ["T", "T?"] }, names: ["matmul", "add"] },
  RNN: { ctor: ["F", "n+", { num_layers: "n+", nonlinearity: '"tanh|relu"', bias: "b", batch_first: "b" }], methods: { forward: ["T", "T?"] }, names: ["matmul", "add"] },
  MSELoss: { ctor: [lossOpts], methods: { forward: ["T", "T"] }, names: ["mse_loss"] },
  L1Loss: { ctor: [lossOpts], methods: { forward: ["T", "T"] }, names: ["l1_loss"] },
  BCELoss: { ctor: [lossOpts], methods: { forward: ["T", "T"] }, names: ["binary_cross_entropy"] },
  BCEWithLogitsLoss: { ctor: [lossOpts], methods: { forward: ["T", "T"] }, names: ["binary_cross_entropy_with_logits"] },
  NLLLoss: { ctor: [lossOpts], methods: { forward: ["logits", "classes"] }, names: ["nll_loss"] },
  CrossEntropyLoss: { ctor: [{ ...lossOpts, label_smoothing: "p" }], methods: { forward: ["logits", "classes"] }, names: ["cross_entropy"] },
};

/** nn.Module's own methods, called on a small model (Sequential(Linear, Tanh)); generators are iterated. */
export const moduleMethodSigs: Record<string, FnSig> = {
  register_parameter: { args: ['"w2"', "param?"] }, register_buffer: { args: ['"stat"', "T?", { persistent: "b" }] },
  add_module: { args: ['"extra"', "mod"] }, register_module: { args: ['"extra"', "mod"], names: ["add_module"] },
  named_children: { args: [] }, children: { args: [] }, named_modules: { args: [] }, modules: { args: [] },
  named_parameters: { args: [{ prefix: '"m"', recurse: "b" }] }, parameters: { args: [{ recurse: "b" }], names: ["named_parameters"] },
  named_buffers: { args: [{ prefix: '"m"', recurse: "b" }] }, buffers: { args: [{ recurse: "b" }], names: ["named_buffers"] },
  train: { args: ["b?"] }, eval: { args: [] }, zero_grad: { args: ["b?"] }, requires_grad_: { args: ["b?"] },
  double: { args: [] }, float: { args: [] }, apply: { args: ["fn"], names: [ANY] }, state_dict: { args: ['"model."'] },
  load_state_dict: { args: ["state", "b?"] }, register_forward_hook: { args: ["fn"] },
  register_forward_pre_hook: { args: ["fn"] }, register_full_backward_hook: { args: ["fn"] },
  extra_repr: { args: [] }, toString: { args: [] },
};

export const initSigs: Record<string, FnSig> = {
  _calculate_fan_in_and_fan_out: { args: ["T"] }, calculate_gain: { args: ['"linear|tanh|relu|leaky_relu|sigmoid|selu"', "x?"] },
  uniform_: { args: ["T", "x?", "x?"] }, normal_: { args: ["T", "x?", "x?"] }, constant_: { args: ["T", "x"] },
  zeros_: { args: ["T"] }, ones_: { args: ["T"] }, eye_: { args: ["T"] },
  xavier_uniform_: { args: ["T", "x?"] }, xavier_normal_: { args: ["T", "x?"] },
  kaiming_uniform_: { args: ["T", { a: "x", mode: '"fan_in|fan_out"', nonlinearity: '"relu|leaky_relu|tanh"' }] },
  kaiming_normal_: { args: ["T", { a: "x", mode: '"fan_in|fan_out"', nonlinearity: '"relu|leaky_relu|tanh"' }] },
  orthogonal_: { args: ["T", "x?"] },
};

export const utilsSigs: Record<string, FnSig> = {
  clip_grad_norm_: { args: ["params", "x", "x?"] }, clip_grad_value_: { args: ["params", "x"] },
  parameters_to_vector: { args: ["params"], names: ["cat"] }, vector_to_parameters: { args: ["vec", "params"] },
};

/** step() takes an optional closure; the fuzzer's hostile closures raise errors of their own. */
const CLOSURE_STEP: FnSig = { args: ["fn?"], names: [ANY] };
const adamOpts = { lr: "x", betas: "betas", eps: "x", weight_decay: "x", amsgrad: "b", maximize: "b" };
export const optimClasses: Record<string, ClassSig> = {
  Optimizer: { ctor: ["params", { lr: "x" }] },
  SGD: { ctor: ["params", { lr: "x", momentum: "x", dampening: "x", weight_decay: "x", nesterov: "b", maximize: "b" }], methods: { step: CLOSURE_STEP } },
  Adam: { ctor: ["params", adamOpts], methods: { step: CLOSURE_STEP } },
  AdamW: { ctor: ["params", adamOpts], methods: { step: CLOSURE_STEP } },
  RMSprop: { ctor: ["params", { lr: "x", alpha: "x", eps: "x", weight_decay: "x", momentum: "x", centered: "b" }], methods: { step: CLOSURE_STEP } },
};

export const schedulerClasses: Record<string, ClassSig> = {
  LRScheduler: { ctor: ["opt", "lrfn"] },
  StepLR: { ctor: ["opt", "n+", "x?"], methods: { step: [] } },
  ExponentialLR: { ctor: ["opt", "x"], methods: { step: [] } },
  CosineAnnealingLR: { ctor: ["opt", "n+", "x?"], methods: { step: [] } },
  LambdaLR: { ctor: ["opt", "lrfn"], methods: { step: [] } },
};

const labels = { title: '"a title"', xlabel: '"x"', ylabel: '"y"' };
/** plot.*, table, progress, input.* and the lens (watch, plot.graph): outputs sent to the page as data. */
export const outputSigs: Record<string, FnSig> = {
  "plot.line": { args: ["vals", "vals?", { ...labels, logx: "b", logy: "b" }] },
  "plot.scatter": { args: ["vals", "vals", { ...labels, name: '"points"' }] },
  "plot.hist": { args: ["vals", { ...labels, bins: "n+" }] },
  "plot.bar": { args: ["vals", { ...labels, logy: "b" }] },
  "plot.heatmap": { args: ["mat", labels] },
  "plot.graph": { args: ["out", { collapse: '"module|none"', title: '"graph"' }] },
  table: { args: ["rows"] },
  progress: { args: ["n", "n+", '"epoch"'] },
  "input.range": { args: ['"depth"', { min: "x", max: "n+", step: "p", value: "x" }] },
  "input.number": { args: ['"lr"', { value: "x" }] },
  "input.select": { args: ['"act"', "strs", { value: '"tanh|relu"' }] },
  "input.checkbox": { args: ['"residual"', { value: "b" }] },
  watch: { args: ["mod", { interval_ms: "n", show: "b" }] },
  unwatch: { args: ["mod?"] },
};

const dataOpts = { n_samples: "n+", seed: "n", shuffle: "b", noise: "x" };
export const dataSigs: Record<string, FnSig> = {
  make_moons: { args: [dataOpts] }, make_spirals: { args: [{ ...dataOpts, n_classes: "n+" }] },
  make_blobs: { args: [{ ...dataOpts, centers: "n+", n_features: "n+", cluster_std: "x" }] },
  make_badly_scaled: { args: [dataOpts] }, accuracy: { args: ["logits", "classes", { threshold: "x" }] },
};
export const dataClasses: Record<string, ClassSig> = {
  TensorDataset: { ctor: ["mat", "mat?"], methods: { get: ["n"] } },
  DataLoader: { ctor: ["dataset", { batch_size: "n+", shuffle: "b", drop_last: "b", seed: "n" }], methods: { "[Symbol.iterator]": [] }, names: ["TensorDataset"] },
  StandardScaler: { ctor: [], methods: { fit: ["mat"], fit_transform: ["mat"] }, names: ["StandardScaler.fit", "StandardScaler.fit_transform"] },
};
