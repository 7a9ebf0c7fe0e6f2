// Elman recurrent layers: h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), act = tanh (default) or relu. RNNCell is one
// step; RNN loops it over time, so backpropagation through time multiplies by W_hh once per step — the source of
// vanishing and exploding gradients over long sequences.
import { empty, zeros } from "../creation";
import { fail, fmtShape } from "../errors";
import * as A from "../ops/activations";
import { stack } from "../ops/indexing";
import { checkShape } from "../shapes";
import type { Tensor } from "../tensor";
import { intArg, optionalTensorArg, options, tensorArg } from "../validate";
import { uniform_ } from "./init";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { pyBool } from "./python-repr";

type RnnNonlinearity = "tanh" | "relu";

/** Sizes and options shared by RNNCell and RNN, checked; the weights' shapes must pass the allocation guard. */
function checkConfig<O extends RNNOptions>(op: string, input_size: number, hidden_size: number, opts: O): O {
  intArg(op, "input_size", input_size, 0);
  intArg(op, "hidden_size", hidden_size, 1);
  checkShape(op, [hidden_size, Math.max(input_size, hidden_size)]);
  return options<O>(op, opts, { bias: "bool", nonlinearity: ["tanh", "relu"], num_layers: "posint", batch_first: "bool" });
}

/** The input must be a tensor whose last dim is input_size; the optional initial state a tensor. */
function checkInputs(op: string, input: unknown, hx: unknown, input_size: number): void {
  const x = tensorArg(op, "input", input);
  optionalTensorArg(op, "hx", hx);
  if (x.ndim > 0 && x.shape[x.ndim - 1] !== input_size) {
    fail(op, `input has ${x.shape[x.ndim - 1]} features (shape ${fmtShape(x.shape)}) but input_size is ${input_size}`);
  }
}

function checkState(op: string, h: Tensor, expected: readonly number[]): void {
  if (h.shape.join() !== expected.join()) fail(op, `the initial hidden state has shape ${fmtShape(h.shape)}, expected ${fmtShape(expected)}`);
}

/** One step for a batch: x [N, in], h [N, hidden] -> [N, hidden]. */
function step(x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | null, b_hh: Tensor | null, act: RnnNonlinearity): Tensor {
  let pre = x.matmul(w_ih.T).add(h.matmul(w_hh.T));
  if (b_ih) pre = pre.add(b_ih);
  if (b_hh) pre = pre.add(b_hh);
  return act === "tanh" ? A.tanh(pre) : A.relu(pre);
}

/** PyTorch's init for recurrent layers: every weight and bias ~ U(-1/√hidden, 1/√hidden). */
function initRecurrent(module: Module, hidden_size: number): void {
  const bound = 1 / Math.sqrt(hidden_size);
  for (const p of module.parameters()) uniform_(p, -bound, bound);
}

export interface RNNCellOptions {
  bias?: boolean;
  nonlinearity?: RnnNonlinearity;
}

export class RNNCell extends Module {
  input_size: number;
  hidden_size: number;
  bias: boolean;
  nonlinearity: RnnNonlinearity;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  constructor(input_size: number, hidden_size: number, opts: RNNCellOptions = {}) {
    super();
    opts = checkConfig("RNNCell", input_size, hidden_size, opts);
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = opts.bias ?? true;
    this.nonlinearity = opts.nonlinearity ?? "tanh";
    this.weight_ih = new Parameter(empty(hidden_size, input_size));
    this.weight_hh = new Parameter(empty(hidden_size, hidden_size));
    this.bias_ih = this.bias ? new Parameter(empty(hidden_size)) : null;
    this.bias_hh = this.bias ? new Parameter(empty(hidden_size)) : null;
    initRecurrent(this, hidden_size);
  }

  /** input [N, input_size] (or [input_size]), hx [N, hidden_size] (zeros if omitted) -> h' [N, hidden_size]. */
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    checkInputs("RNNCell", input, hx, this.input_size);
    const batched = input.ndim === 2;
    if (!batched && input.ndim !== 1) fail("RNNCell", `expected input of shape [N, ${this.input_size}] or [${this.input_size}], got ${fmtShape(input.shape)}`);
    const x = batched ? input : input.unsqueeze(0);
    if (hx) checkState("RNNCell", hx, batched ? [x.shape[0], this.hidden_size] : [this.hidden_size]);
    const h = hx ? (batched ? hx : hx.unsqueeze(0)) : zeros(x.shape[0], this.hidden_size, { dtype: input.dtype });
    const out = step(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, this.nonlinearity);
    return batched ? out : out.squeeze(0);
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.nonlinearity !== "tanh") s += `, nonlinearity=${this.nonlinearity}`;
    return s;
  }
}

export interface RNNOptions extends RNNCellOptions {
  num_layers?: number;
  /** Inputs and outputs as [N, L, features] instead of [L, N, features]. */
  batch_first?: boolean;
}

/** A stack of num_layers Elman layers run over a sequence; parameters are named weight_ih_l0, weight_hh_l0, ... */
export class RNN extends Module {
  input_size: number;
  hidden_size: number;
  num_layers: number;
  nonlinearity: RnnNonlinearity;
  bias: boolean;
  batch_first: boolean;

  constructor(input_size: number, hidden_size: number, opts: RNNOptions = {}) {
    super();
    opts = checkConfig("RNN", input_size, hidden_size, opts);
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = opts.num_layers ?? 1;
    this.nonlinearity = opts.nonlinearity ?? "tanh";
    this.bias = opts.bias ?? true;
    this.batch_first = opts.batch_first ?? false;
    for (let l = 0; l < this.num_layers; l++) {
      const inSize = l === 0 ? input_size : hidden_size;
      this.register_parameter(`weight_ih_l${l}`, new Parameter(empty(hidden_size, inSize)));
      this.register_parameter(`weight_hh_l${l}`, new Parameter(empty(hidden_size, hidden_size)));
      if (this.bias) {
        this.register_parameter(`bias_ih_l${l}`, new Parameter(empty(hidden_size)));
        this.register_parameter(`bias_hh_l${l}`, new Parameter(empty(hidden_size)));
      }
    }
    initRecurrent(this, hidden_size);
  }

  /**
   * input [L, N, input_size] ([N, L, input_size] if batch_first, or unbatched [L, input_size]) and optional
   * h_0 [num_layers, N, hidden_size] -> [output (every step's top-layer state), h_n (every layer's last state)].
   */
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    checkInputs("RNN", input, hx, this.input_size);
    const batched = input.ndim === 3;
    if (!batched && input.ndim !== 2) fail("RNN", `expected a 3D (batched) or 2D (unbatched) input, got shape ${fmtShape(input.shape)}`);
    let seq = batched ? (this.batch_first ? input.transpose(0, 1) : input) : input.unsqueeze(1);
    const n = seq.shape[1];
    if (seq.shape[0] === 0) fail("RNN", `the input sequence is empty (shape ${fmtShape(input.shape)}); give it at least one time step`);
    if (hx) checkState("RNN", hx, batched ? [this.num_layers, n, this.hidden_size] : [this.num_layers, this.hidden_size]);
    const h0 = hx ? (batched ? hx : hx.unsqueeze(1)) : zeros(this.num_layers, n, this.hidden_size, { dtype: input.dtype });
    const p = this as any;
    const last: Tensor[] = [];
    for (let l = 0; l < this.num_layers; l++) {
      let h = h0.select(0, l);
      const outs: Tensor[] = [];
      for (let t = 0; t < seq.shape[0]; t++) {
        h = step(seq.select(0, t), h, p[`weight_ih_l${l}`], p[`weight_hh_l${l}`], p[`bias_ih_l${l}`] ?? null,
          p[`bias_hh_l${l}`] ?? null, this.nonlinearity);
        outs.push(h);
      }
      last.push(h);
      seq = stack(outs, 0);
    }
    let output = seq, h_n = stack(last, 0);
    if (!batched) [output, h_n] = [output.squeeze(1), h_n.squeeze(1)];
    else if (this.batch_first) output = output.transpose(0, 1);
    return [output, h_n];
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batch_first) s += `, batch_first=${pyBool(this.batch_first)}`;
    return s;
  }
}
