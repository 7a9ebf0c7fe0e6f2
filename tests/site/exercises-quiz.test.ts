// Quiz grading: what a reader can type as a number, and when an answer counts as right.
import { describe, expect, it } from "vitest";
import { gradeChoice, gradeNumeric, parseNumber } from "../../src/exercises/quiz-grading";

describe("parseNumber", () => {
  it.each([
    ["0.0066", 0.0066],
    [" 6.6e-3 ", 0.0066],
    ["6.6E-3", 0.0066],
    ["6.6 × 10^-3", 0.0066],
    ["6.6x10^-3", 0.0066],
    ["6.6·10⁻³", 0.0066],
    ["6.6 * 10^-3", 0.0066],
    ["\u22120.5", -0.5],
    [".25", 0.25],
    ["3.2e-4", 0.00032],
  ])("reads %j as %d", (text, value) => {
    expect(parseNumber(text)).toBeCloseTo(value, 12);
  });

  it.each(["", "abc", "1,5", "0.1.2", "1e", "Infinity", "NaN", "2 3", "1/4"])("refuses %j", (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});

describe("gradeNumeric", () => {
  it("accepts answers within the relative tolerance and rejects the rest", () => {
    expect(gradeNumeric("0.00665", 0.0066481, 0.01).kind).toBe("correct");
    expect(gradeNumeric("0.0067", 0.0066481, 0.01).kind).toBe("correct");
    expect(gradeNumeric("0.0070", 0.0066481, 0.01).kind).toBe("wrong");
    expect(gradeNumeric("0.25", 0.0066481, 0.01)).toEqual({ kind: "wrong", value: 0.25 });
    expect(gradeNumeric("about 0.0066", 0.0066481, 0.01).kind).toBe("unreadable");
  });
});

describe("gradeChoice", () => {
  it("needs exactly the correct set", () => {
    const correct = [true, false, true];
    expect(gradeChoice([0, 2], correct)).toBe(true);
    expect(gradeChoice([2, 0], correct)).toBe(true);
    expect(gradeChoice([0], correct)).toBe(false);
    expect(gradeChoice([0, 1, 2], correct)).toBe(false);
    expect(gradeChoice([], correct)).toBe(false);
  });
});
