// `F`, like torch.nn.functional: activations (losses are added by the nn module).
import * as A from "./ops/activations";
import { dropout } from "./nn/dropout";
import { linear } from "./nn/linear";
import { functionalLosses } from "./nn/loss";
import { layer_norm } from "./nn/normalization";

export const F = {
  sigmoid: A.sigmoid,
  tanh: A.tanh,
  relu: A.relu,
  leaky_relu: A.leaky_relu,
  elu: A.elu,
  gelu: A.gelu,
  silu: A.silu,
  softplus: A.softplus,
  hardtanh: A.hardtanh,
  softmax: A.softmax,
  log_softmax: A.log_softmax,
  linear, dropout, layer_norm,
  ...functionalLosses,
};
