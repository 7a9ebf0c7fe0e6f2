// How <Computed> writes numbers: the forms the chapter relies on, checked against hand-written expectations.
import { describe, it, expect } from "vitest";
import { formatComputed } from "../../src/components/computed-value";

describe("formatComputed", () => {
  it("plain: significant digits, without trailing zeros", () => {
    expect(formatComputed(0.0066480566, { digits: 2 })).toBe("0.0066");
    expect(formatComputed(0.99330715, { digits: 4 })).toBe("0.9933");
    expect(formatComputed(0.25, { digits: 2 })).toBe("0.25");
    expect(formatComputed(3.2e-5, { digits: 2 })).toBe("0.000032");
  });

  it("sci: mantissa times a power of ten with superscript digits and a true minus", () => {
    expect(formatComputed(0.25 ** 10, { digits: 2, format: "sci" })).toBe("9.5 \u00D7 10\u207B\u2077");
    expect(formatComputed(12345, { digits: 3, format: "sci" })).toBe("1.23 \u00D7 10\u2074");
  });

  it("percent: the fraction times 100 with a narrow no-break space before %", () => {
    expect(formatComputed(0.0066480566 / 0.25, { digits: 2, format: "percent" })).toBe("2.7\u202F%");
  });

  it("fixed: decimal places", () => {
    expect(formatComputed(1.23456, { digits: 2, format: "fixed" })).toBe("1.23");
    expect(formatComputed(-0.5, { digits: 1, format: "fixed" })).toBe("\u22120.5");
  });
});
