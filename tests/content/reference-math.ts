// Closed forms in double precision, independent of the engine, used as references for the chapter's numbers.

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const sigmoidSlope = (x: number) => sigmoid(x) * (1 - sigmoid(x));
export const tanhSlope = (x: number) => 1 - Math.tanh(x) ** 2;

/** erf by its Maclaurin series; plenty of terms for the |x| <= 3 used here (terms shrink factorially). */
export function erf(x: number): number {
  let sum = 0;
  let power = x; // x^(2n+1)
  let factorial = 1; // n!
  for (let n = 0; n < 80; n++) {
    if (n > 0) {
      power *= x * x;
      factorial *= n;
    }
    sum += ((n % 2 ? -1 : 1) * power) / (factorial * (2 * n + 1));
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

export const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
export const normalPdf = (x: number) => Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
export const geluSlope = (x: number) => normalCdf(x) + x * normalPdf(x);
export const siluSlope = (x: number) => sigmoid(x) * (1 + x * (1 - sigmoid(x)));
