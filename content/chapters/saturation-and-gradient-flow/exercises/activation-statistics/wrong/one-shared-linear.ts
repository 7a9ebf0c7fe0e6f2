// Mistake: creates one Linear and reuses it at every depth, so all layers share a single weight matrix.
// Fails: every layer has its own weights
// Message: share
import { torch, nn, table } from "gradflow";
import type { Tensor } from "gradflow";

/** `depth` pairs of Linear(width, width) and a fresh activation. */
export function deepMLP(Activation: new () => nn.Module, depth = 10, width = 128): nn.Sequential {
  const layers: nn.Module[] = [];
  const linear = new nn.Linear(width, width);
  for (let i = 0; i < depth; i++) layers.push(linear, new Activation());
  return new nn.Sequential(...layers);
}

/** The std of the activations after each activation layer of `model`, for input x. */
export function layerStds(model: nn.Sequential, x: Tensor): number[] {
  const stds: number[] = [];
  let h = x;
  for (const layer of model) {
    h = layer.forward(h);
    if (!(layer instanceof nn.Linear)) stds.push(h.std().item());
  }
  return stds;
}

const activations = { sigmoid: nn.Sigmoid, tanh: nn.Tanh, relu: nn.ReLU, gelu: nn.GELU, silu: nn.SiLU };
const x = torch.randn(64, 128);
const rows = Object.entries(activations).map(([name, Activation]) => {
  const stds = layerStds(deepMLP(Activation), x);
  return { activation: name, "std @ 1": stds[0], "std @ 5": stds[4], "std @ 10": stds[9] };
});
table(rows);
