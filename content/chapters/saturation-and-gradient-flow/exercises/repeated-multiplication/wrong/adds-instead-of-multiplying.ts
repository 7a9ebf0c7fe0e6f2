// Mistake: sums the factors; the chain rule multiplies them.
// Fails: stays between 0 and bound^n
// Message: outside
import { torch } from "gradflow";

export function chainProduct(n: number, bound: number): number {
  return torch.rand(n).mul(bound).sum().item();
}
