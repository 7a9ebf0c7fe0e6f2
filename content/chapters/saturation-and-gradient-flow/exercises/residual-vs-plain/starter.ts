import { torch, nn, F } from "gradflow";

/** First hidden layer's weight-gradient norm, at initialization. */
export function firstLayerGradNorm(residual: boolean): number {
  torch.manual_seed(0);
  const x = torch.randn(256, 2);
  const label = x.pow(2).sum(1).gt(1.4).long();
  const input = new nn.Linear(2, 16);
  const hidden = Array.from(
    { length: 20 },
    () => new nn.Linear(16, 16),
  );
  const output = new nn.Linear(16, 2);
  let h = torch.tanh(input.forward(x));
  for (const layer of hidden) {
    // TODO: h + tanh(layer(h)) when `residual`
    h = torch.tanh(layer.forward(h));
  }
  F.cross_entropy(output.forward(h), label).backward();
  return hidden[0]!.weight.grad!.norm().item();
}

const plain = firstLayerGradNorm(false).toExponential(2);
const residual = firstLayerGradNorm(true).toExponential(2);
console.log(`first hidden layer: plain ${plain}, residual ${residual}`);
