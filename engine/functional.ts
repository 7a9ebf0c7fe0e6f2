// `F`, like torch.nn.functional: activations (losses are added by the nn module).
import * as A from "./ops/activations";

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
};
