// Grading a quiz answer in the page: choices by set equality, numbers by relative tolerance. Kept apart from the DOM
// so tests can check exactly what counts as right.

/**
 * Reads a number the way people type it: "0.0066", "6.6e-3", "6.6 × 10^-3", "6.6·10⁻³", "−0.5", "1,5" is refused
 * (ambiguous). Undefined when the text is not a number.
 */
export function parseNumber(text: string): number | undefined {
  const superscripts: Record<string, string> = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
  const normal = text
    .trim()
    .replace(/[\u2212\u2013]/g, "-")
    .replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => `^${superscripts[c]}`)
    .replace(/\^\^/g, "")
    .replace(/\s*([x×*·^])\s*/gi, "$1")
    .replace(/(?:[x×*·]10\^?)(-?)\^?(\d+)$/i, "e$1$2")
    .replace(/\^(?=\d)/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normal)) return undefined;
  const value = Number(normal);
  return Number.isFinite(value) ? value : undefined;
}

export type NumericVerdict = { kind: "correct" | "wrong"; value: number } | { kind: "unreadable" };

export function gradeNumeric(text: string, answer: number, rtol: number): NumericVerdict {
  const value = parseNumber(text);
  if (value === undefined) return { kind: "unreadable" };
  return { kind: Math.abs(value - answer) <= rtol * Math.abs(answer) ? "correct" : "wrong", value };
}

/** Right when exactly the correct options are selected. */
export function gradeChoice(selected: readonly number[], correct: readonly boolean[]): boolean {
  const chosen = new Set(selected);
  return correct.every((isCorrect, i) => isCorrect === chosen.has(i));
}
