// Mistake: draws factors from a normal distribution (torch.randn), so some are negative or above the bound.
// Fails: stays between 0 and bound^n
// Message: outside
import { torch } from "gradflow";

export function chainProduct(n: number, bound: number): number {
  return torch.randn(n).mul(bound).prod().item();
}
