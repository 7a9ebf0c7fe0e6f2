// Mistake: returns bound^n, the largest possible product, instead of drawing random factors.
// Fails: draws fresh random factors on every call
// Message: same value
export function chainProduct(n: number, bound: number): number {
  return bound ** n;
}
