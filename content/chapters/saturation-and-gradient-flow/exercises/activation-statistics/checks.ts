import { torch, nn } from "gradflow";
import { defineChecks } from "../../../../../src/exercises/checks";
import { expectClose, expectTrue } from "../../../../../src/exercises/expect";
import type * as Solution from "./solution";

type Exports = typeof Solution;

export default defineChecks<Exports>({
  requires: { deepMLP: "function", layerStds: "function" },
  checks: [
    {
      name: "deepMLP builds depth pairs of Linear and activation",
      run: ({ deepMLP }) => {
        const model = deepMLP(nn.Tanh, 3, 16);
        const layers = [...model];
        expectTrue(layers.length === 6, `deepMLP(nn.Tanh, 3, 16) has ${layers.length} layers; expected 6 (3 pairs of Linear and Tanh)`);
        layers.forEach((layer, i) => {
          if (i % 2 === 0) {
            const ok = layer instanceof nn.Linear && layer.in_features === 16 && layer.out_features === 16;
            expectTrue(ok, `layer ${i} of deepMLP(nn.Tanh, 3, 16) should be nn.Linear(16, 16)`);
          } else expectTrue(layer instanceof nn.Tanh, `layer ${i} of deepMLP(nn.Tanh, 3, 16) should be an nn.Tanh`);
        });
      },
    },
    {
      name: "every layer has its own weights",
      run: ({ deepMLP }) => {
        const linears = [...deepMLP(nn.ReLU, 4, 8)].filter((l) => l instanceof nn.Linear);
        const weights = new Set(linears.map((l) => (l as nn.Linear).weight));
        expectTrue(weights.size === linears.length, `the ${linears.length} Linear layers share ${linears.length - weights.size + 1} weight tensors: create a new nn.Linear for every depth`);
      },
    },
    {
      name: "layerStds measures after each activation",
      run: ({ layerStds }) => {
        // A fixed two-pair network built here, so this check does not depend on deepMLP.
        torch.manual_seed(3);
        const model = new nn.Sequential(new nn.Linear(8, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.Sigmoid());
        const x = torch.randn(32, 8);
        const a1 = torch.tanh(model.get(0).forward(x));
        const a2 = torch.sigmoid(model.get(2).forward(a1));
        expectClose(layerStds(model, x), [a1.std().item(), a2.std().item()], { rtol: 1e-4, what: "layerStds(model, x)" });
      },
    },
    {
      name: "tanh with default initialization fades with depth",
      run: ({ deepMLP, layerStds }) => {
        torch.manual_seed(0);
        const stds = layerStds(deepMLP(nn.Tanh, 10, 64), torch.randn(64, 64));
        expectTrue(stds.length === 10, `layerStds of a 10-pair model returned ${stds.length} numbers; expected 10`);
        expectTrue(stds[9]! < stds[0]! / 4, `with PyTorch's default initialization tanh activations should shrink through 10 layers, but std went from ${stds[0]} to ${stds[9]}`);
      },
    },
  ],
});
