// Mistake: adds the skip inside the nonlinearity, tanh(h + Wh + b), so every layer still squashes the gradient.
// Fails: residual network matches h + tanh(Wh + b)
// Message: expected
import { torch, nn, F } from "gradflow";

/** Norm of the first hidden layer's weight gradient after one backward pass, at initialization. */
export function firstLayerGradNorm(residual: boolean): number {
  torch.manual_seed(0);
  const x = torch.randn(256, 2);
  const label = x.pow(2).sum(1).gt(1.4).long();
  const input = new nn.Linear(2, 16);
  const hidden = Array.from({ length: 20 }, () => new nn.Linear(16, 16));
  const output = new nn.Linear(16, 2);
  let h = torch.tanh(input.forward(x));
  for (const layer of hidden) {
    h = residual ? torch.tanh(h.add(layer.forward(h))) : torch.tanh(layer.forward(h));
  }
  F.cross_entropy(output.forward(h), label).backward();
  return hidden[0]!.weight.grad!.norm().item();
}

const plain = firstLayerGradNorm(false);
const residual = firstLayerGradNorm(true);
console.log(`first hidden layer gradient norm: plain ${plain.toExponential(2)}, residual ${residual.toExponential(2)}`);
