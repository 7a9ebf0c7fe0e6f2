// nn.Flatten: flattens dims start_dim..end_dim (by default everything but the batch dim).
import type { Tensor } from "../tensor";
import { intArg, tensorArg } from "../validate";
import { Module } from "./module";

export class Flatten extends Module {
  start_dim: number;
  end_dim: number;

  constructor(start_dim = 1, end_dim = -1) {
    super();
    this.start_dim = intArg("Flatten", "start_dim", start_dim);
    this.end_dim = intArg("Flatten", "end_dim", end_dim);
  }

  override forward(input: Tensor): Tensor {
    return tensorArg("Flatten", "input", input).flatten(this.start_dim, this.end_dim);
  }

  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}
