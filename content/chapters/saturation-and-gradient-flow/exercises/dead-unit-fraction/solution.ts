import { torch } from "gradflow";
import type { Tensor } from "gradflow";

/** Fraction of units (columns of h) that are 0 on every row. */
export function deadFraction(h: Tensor): number {
  // Per unit: did it fire on at least one example?
  const fired = h.gt(0).sum(0).gt(0);
  return 1 - fired.sum().item() / h.shape[1];
}

const x = torch.randn(256, 8);
const weight = torch.randn(8, 64).mul(0.3);
// As if one large step pushed many biases far below zero:
const bias = torch.randn(64).sub(1.5);
const h = torch.relu(x.matmul(weight).add(bias));
console.log("dead fraction:", deadFraction(h));
