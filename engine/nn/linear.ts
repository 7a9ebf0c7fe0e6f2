// nn.Linear (y = x Wᵀ + b, with PyTorch's default initialization) and nn.Identity.
import { empty } from "../creation";
import { checkShape } from "../shapes";
import type { Tensor } from "../tensor";
import { boolArg, intArg, isOptions, optionalTensorArg, options, tensorArg } from "../validate";
import { _calculate_fan_in_and_fan_out, kaiming_uniform_, uniform_ } from "./init";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { pyBool } from "./python-repr";

/** F.linear(input, weight, bias): input Wᵀ + b, with weight [out_features, in_features]. */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  tensorArg("linear", "input", input);
  tensorArg("linear", "weight", weight);
  optionalTensorArg("linear", "bias", bias);
  const out = input.matmul(weight.T);
  return bias ? out.add(bias) : out;
}

export class Linear extends Module {
  in_features: number;
  out_features: number;
  /** [out_features, in_features], as in PyTorch. */
  weight: Parameter;
  bias: Parameter | null;

  /** new nn.Linear(128, 256), new nn.Linear(128, 256, false) or new nn.Linear(128, 256, { bias: false }). */
  constructor(in_features: number, out_features: number, bias: boolean | { bias?: boolean } = true) {
    super();
    this.in_features = intArg("Linear", "in_features", in_features, 0);
    this.out_features = intArg("Linear", "out_features", out_features, 0);
    checkShape("Linear", [out_features, in_features]);
    const withBias = isOptions(bias) ? options<{ bias?: boolean }>("Linear", bias, { bias: "bool" }).bias ?? true : boolArg("Linear", "bias", bias);
    this.weight = new Parameter(empty(out_features, in_features));
    this.bias = withBias ? new Parameter(empty(out_features)) : null;
    this.reset_parameters();
  }

  /**
   * PyTorch's default: kaiming_uniform_ with a = √5, which works out to W ~ U(-1/√fan_in, 1/√fan_in),
   * and b ~ U(-1/√fan_in, 1/√fan_in).
   */
  reset_parameters(): void {
    if (this.weight.numel() === 0) return; // nothing to draw (PyTorch only warns here)
    kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = _calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    // A size mismatch is reported by matmul, which names both shapes: `matmul: cannot multiply [16, 5] by [4, 8]`.
    return linear(tensorArg("Linear", "input", input), this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** Returns its input unchanged (a placeholder, e.g. for an optional layer). */
export class Identity extends Module {
  override forward(input: Tensor): Tensor {
    return input;
  }
}
