// Evaluates and formats the engine expressions behind <Computed>. Shared by the component (at build time) and by
// tests/content, so the number a reader sees is exactly the number the tests check.

export type ComputedFormat = "plain" | "fixed" | "sci" | "percent";

export interface FormatOptions {
  /** Significant digits ("plain", "sci", "percent") or decimal places ("fixed"). */
  digits?: number;
  format?: ComputedFormat;
}

/** The engine names an expression may use; the page passes the "gradflow" module itself. */
export interface EngineScope {
  torch: { manual_seed(seed: number): unknown };
  [name: string]: unknown;
}

interface Differentiable {
  item(): number;
  backward(): void;
  grad: { item(): number } | null;
}
type TorchLike = EngineScope["torch"] & { tensor(value: number, options: { requires_grad: boolean }): Differentiable };

/** f'(x) of a scalar engine function, by the engine's own autograd: `derivative(torch.sigmoid, 5)`. */
function derivativeWith(torch: TorchLike) {
  return (f: (t: Differentiable) => Differentiable, x: number): number => {
    const t = torch.tensor(x, { requires_grad: true });
    f(t).backward();
    if (!t.grad) throw new Error(`derivative at ${x}: no gradient reached the input`);
    return t.grad.item();
  };
}

/**
 * Evaluates `expr` after seeding the generator, with torch, F, nn, optim and `derivative(f, x)` in scope, and returns
 * a plain number (a one-element tensor is unwrapped with item()).
 */
export function evaluateExpression(expr: string, engine: EngineScope): number {
  const names = ["torch", "F", "nn", "optim", "derivative"];
  const scope: Record<string, unknown> = { ...engine, derivative: derivativeWith(engine.torch as TorchLike) };
  const fn = new Function(...names, `"use strict"; return (${expr});`);
  engine.torch.manual_seed(0);
  let value: unknown = fn(...names.map((n) => scope[n]));
  if (value !== null && typeof value === "object" && "item" in value) value = (value as { item(): number }).item();
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`<Computed expr="${expr}">: expected a finite number, got ${String(value)}`);
  return value;
}

const superscript: Record<string, string> = {
  "-": "\u207B", "0": "\u2070", "1": "\u00B9", "2": "\u00B2", "3": "\u00B3", "4": "\u2074",
  "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079",
};

/** Plain text for a number: "0.0066", "9.5 × 10⁻⁷", "2.7 %", "0.25". Uses a true minus sign for negatives. */
export function formatComputed(value: number, { digits = 3, format = "plain" }: FormatOptions = {}): string {
  const minus = (s: string) => s.replace(/^-/, "\u2212");
  switch (format) {
    case "fixed":
      return minus(value.toFixed(digits));
    case "percent":
      return `${minus(String(Number((value * 100).toPrecision(digits))))}\u202F%`;
    case "sci": {
      const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
      const power = String(Number(exponent)).replace(/./g, (c) => superscript[c]);
      return `${minus(mantissa)} \u00D7 10${power}`;
    }
    case "plain":
      return minus(String(Number(value.toPrecision(digits))));
  }
}
