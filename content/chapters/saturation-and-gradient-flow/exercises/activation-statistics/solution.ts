import { torch, nn, table } from "gradflow";
import type { Tensor } from "gradflow";

type Activation = new () => nn.Module;

/** `depth` pairs: Linear(width, width), then a new activation. */
export function deepMLP(
  Act: Activation,
  depth = 10,
  width = 128,
): nn.Sequential {
  const layers: nn.Module[] = [];
  for (let i = 0; i < depth; i++) {
    layers.push(new nn.Linear(width, width), new Act());
  }
  return new nn.Sequential(...layers);
}

/** The std of the output of every activation layer. */
export function layerStds(model: nn.Sequential, x: Tensor) {
  const stds: number[] = [];
  let h = x;
  for (const layer of model) {
    h = layer.forward(h);
    if (!(layer instanceof nn.Linear)) stds.push(h.std().item());
  }
  return stds;
}

const activations = {
  sigmoid: nn.Sigmoid, tanh: nn.Tanh, relu: nn.ReLU,
  gelu: nn.GELU, silu: nn.SiLU,
};
const x = torch.randn(64, 128);
table(Object.entries(activations).map(([name, Act]) => {
  const stds = layerStds(deepMLP(Act), x);
  return {
    activation: name,
    "std @ 1": stds[0], "std @ 5": stds[4], "std @ 10": stds[9],
  };
}));
