import { torch } from "gradflow";
import type { Tensor } from "gradflow";

/** The fraction of units (columns of h) that are 0 on every example (row). */
export function deadFraction(h: Tensor): number {
  const fired = h.gt(0).sum(0).gt(0); // per unit: active on at least one example
  return 1 - fired.sum().item() / h.shape[1];
}

const x = torch.randn(256, 8);
const weight = torch.randn(8, 64).mul(0.3);
const bias = torch.randn(64).sub(1.5); // a large step pushed many biases far below zero
const h = torch.relu(x.matmul(weight).add(bias));
console.log("dead fraction:", deadFraction(h));
