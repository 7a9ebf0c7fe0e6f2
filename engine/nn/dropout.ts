// nn.Dropout: in training, zero each element with probability p and scale the survivors by 1/(1-p), so the
// expected value is unchanged; in eval mode, the identity.
import { rand } from "../creation";
import { fail } from "../errors";
import type { Tensor } from "../tensor";
import { ctorOptions, options, tensorArg } from "../validate";
import { Module } from "./module";
import { pyBool, pyFloat } from "./python-repr";

/** F.dropout(input, { p = 0.5, training = true }). */
export function dropout(input: Tensor, opts: { p?: number; training?: boolean } = {}): Tensor {
  tensorArg("dropout", "input", input);
  opts = options("dropout", opts, { p: "number", training: "bool" });
  const p = opts.p ?? 0.5;
  if (!(p >= 0 && p <= 1)) fail("dropout", `probability has to be between 0 and 1, but got ${p}`);
  if (!(opts.training ?? true) || p === 0) return input;
  if (p === 1) return input.mul(0);
  const keep = rand(input.shape).ge(p).to(input.dtype).div(1 - p);
  return input.mul(keep);
}

export class Dropout extends Module {
  p: number;
  inplace: boolean;

  /** new nn.Dropout(0.2) or new nn.Dropout({ p: 0.2 }). */
  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, inplace = false) {
    super();
    const o = ctorOptions("Dropout", [p, inplace], { p: "number", inplace: "bool" });
    this.p = o.p ?? 0.5;
    this.inplace = o.inplace ?? false;
    if (!(this.p >= 0 && this.p <= 1)) fail("Dropout", `dropout probability has to be between 0 and 1, but got ${this.p}`);
  }

  override forward(input: Tensor): Tensor {
    return dropout(input, { p: this.p, training: this.training });
  }

  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
