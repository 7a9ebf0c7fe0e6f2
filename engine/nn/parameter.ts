// nn.Parameter: a tensor that a Module registers as trainable when it is assigned to one of its properties
// (plain tensors assigned to a module are not parameters, as in PyTorch).
import { formatTensor } from "../format";
import { Tensor } from "../tensor";
import { boolArg, tensorArg } from "../validate";

export class Parameter extends Tensor {
  /** Shares `data`'s storage, like `nn.Parameter(data)`; requires grad unless told otherwise. */
  constructor(data: Tensor, requires_grad = true) {
    tensorArg("Parameter", "data", data);
    boolArg("Parameter", "requires_grad", requires_grad);
    super(data.storage, data.shape, data.dtype, data.strides, data.offset);
    this.requires_grad_(requires_grad);
  }

  override toString(): string {
    return `Parameter containing:\n${formatTensor(this)}`;
  }
}
