// Activation modules: thin wrappers over the functional activations, printed as PyTorch prints them.
import { full } from "../creation";
import { fail } from "../errors";
import * as A from "../ops/activations";
import { checkShape } from "../shapes";
import type { Tensor } from "../tensor";
import { ctorOptions, tensorArg } from "../validate";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { pyFloat } from "./python-repr";

export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return A.sigmoid(input);
  }
}

export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return A.tanh(input);
  }
}

/** `inplace` is accepted for compatibility; the output is always a new tensor. */
export class ReLU extends Module {
  inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = ctorOptions("ReLU", [inplace], { inplace: "bool" }).inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return A.relu(input);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;
  /** new nn.LeakyReLU(0.1) or new nn.LeakyReLU({ negative_slope: 0.1 }). */
  constructor(negative_slope: number | { negative_slope?: number; inplace?: boolean } = 0.01, inplace = false) {
    super();
    const o = ctorOptions("LeakyReLU", [negative_slope, inplace], { negative_slope: "number", inplace: "bool" });
    this.negative_slope = o.negative_slope ?? 0.01;
    this.inplace = o.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return A.leaky_relu(input, this.negative_slope);
  }
  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** Leaky ReLU whose negative slope is learned: one shared slope, or one per channel (dim 1). */
export class PReLU extends Module {
  num_parameters: number;
  weight: Parameter;
  constructor(num_parameters: number | { num_parameters?: number; init?: number } = 1, init = 0.25) {
    super();
    const o = ctorOptions("PReLU", [num_parameters, init], { num_parameters: "posint", init: "number" });
    this.num_parameters = o.num_parameters ?? 1;
    checkShape("PReLU", [this.num_parameters]);
    this.weight = new Parameter(full([this.num_parameters], o.init ?? 0.25));
  }
  override forward(input: Tensor): Tensor {
    tensorArg("PReLU", "input", input);
    let w: Tensor = this.weight;
    if (this.num_parameters > 1) {
      if (input.ndim < 2 || input.shape[1] !== this.num_parameters) {
        fail("PReLU", `weight has ${this.num_parameters} slopes but the input's channel dim (dim 1) has size ${input.shape[1]}`);
      }
      w = w.reshape([this.num_parameters, ...input.shape.slice(2).map(() => 1)]);
    }
    return input.where(input.gt(0), input.mul(w));
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha: number | { alpha?: number; inplace?: boolean } = 1, inplace = false) {
    super();
    const o = ctorOptions("ELU", [alpha, inplace], { alpha: "number", inplace: "bool" });
    this.alpha = o.alpha ?? 1;
    this.inplace = o.inplace ?? false;
  }
  override forward(input: Tensor): Tensor {
    return A.elu(input, { alpha: this.alpha });
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export class GELU extends Module {
  approximate: "none" | "tanh";
  /** new nn.GELU() (exact, with erf) or new nn.GELU({ approximate: "tanh" }). */
  constructor(approximate: "none" | "tanh" | { approximate?: "none" | "tanh" } = "none") {
    super();
    this.approximate = ctorOptions("GELU", [approximate], { approximate: ["none", "tanh"] }).approximate ?? "none";
  }
  override forward(input: Tensor): Tensor {
    return A.gelu(input, { approximate: this.approximate });
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  override forward(input: Tensor): Tensor {
    return A.silu(input);
  }
}

export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(beta: number | { beta?: number; threshold?: number } = 1, threshold = 20) {
    super();
    const o = ctorOptions("Softplus", [beta, threshold], { beta: "number", threshold: "number" });
    this.beta = o.beta ?? 1;
    this.threshold = o.threshold ?? 20;
  }
  override forward(input: Tensor): Tensor {
    return A.softplus(input, { beta: this.beta, threshold: this.threshold });
  }
  override extra_repr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

export class Hardtanh extends Module {
  min_val: number;
  max_val: number;
  constructor(min_val: number | { min_val?: number; max_val?: number } = -1, max_val = 1) {
    super();
    const o = ctorOptions("Hardtanh", [min_val, max_val], { min_val: "number", max_val: "number" });
    this.min_val = o.min_val ?? -1;
    this.max_val = o.max_val ?? 1;
  }
  override forward(input: Tensor): Tensor {
    return A.hardtanh(input, { min_val: this.min_val, max_val: this.max_val });
  }
  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}`;
  }
}

/** Softmax along `dim`: new nn.Softmax(1) or new nn.Softmax({ dim: -1 }). */
export class Softmax extends Module {
  dim: number;
  constructor(dim: number | { dim: number }) {
    super();
    this.dim = ctorOptions("Softmax", [dim], { dim: "int" }).dim;
    if (this.dim === undefined || this.dim === null) fail("Softmax", "dim is required, e.g. new nn.Softmax(1) or new nn.Softmax({ dim: -1 })");
  }
  override forward(input: Tensor): Tensor {
    return A.softmax(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  dim: number;
  constructor(dim: number | { dim: number }) {
    super();
    this.dim = ctorOptions("LogSoftmax", [dim], { dim: "int" }).dim;
    if (this.dim === undefined || this.dim === null) fail("LogSoftmax", "dim is required, e.g. new nn.LogSoftmax(1)");
  }
  override forward(input: Tensor): Tensor {
    return A.log_softmax(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}
