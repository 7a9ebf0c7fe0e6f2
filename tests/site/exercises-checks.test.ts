// The check library and the check runner: what passes, what fails, and that every failure message says what was
// expected, what came back and where.
import { torch } from "gradflow";
import { describe, expect, it } from "vitest";
import { defineChecks, missingExports, runChecks } from "../../src/exercises/checks";
import { CheckFailure, expectClose, expectGradClose, expectShape, expectThrows, expectTrue } from "../../src/exercises/expect";

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckFailure);
    return (error as Error).message;
  }
  throw new Error("expected a CheckFailure");
};

describe("expectClose", () => {
  it("accepts numbers, arrays and tensors within tolerance (atol + rtol·|expected|, like torch.allclose)", () => {
    expectClose(0.1 + 0.2, 0.3);
    expectClose(torch.tensor([1, 2, 3]), [1, 2, 3.0001], { rtol: 1e-4 });
    expectClose(torch.tensor(2.5), 2.5);
    expectClose([NaN], [NaN]);
  });

  it("names the first wrong element, both values, the miss and the allowance", () => {
    const message = failure(() => expectClose(torch.tensor([[1, 2], [3, 5]]), [[1, 2], [3, 4]], { what: "f(x)" }));
    expect(message).toContain("f(x) at index [1, 1]: expected 4, got 5");
    expect(message).toContain("off by 1");
    expect(message).toContain("1 of 4 values differ");
  });

  it("reports a shape mismatch before comparing values", () => {
    expect(failure(() => expectClose(torch.zeros(1, 3), [0, 0, 0], { what: "out" }))).toBe("out: expected shape [3], got shape [1, 3]");
  });

  it("calls NaN and Infinity what they are", () => {
    expect(failure(() => expectClose(NaN, 1))).toContain("got NaN — not a finite number");
    expect(failure(() => expectClose(Infinity, 1))).toContain("got Infinity");
  });

  it("rejects values that are not numeric", () => {
    expect(failure(() => expectClose("0.25", 0.25, { what: "answer" }))).toContain('answer: expected a number or a tensor, got "0.25"');
    expect(failure(() => expectClose(undefined, 0.25))).toContain("got undefined");
  });
});

describe("expectShape, expectTrue, expectThrows", () => {
  it("expectShape compares exact shapes", () => {
    expectShape(torch.zeros(2, 3), [2, 3]);
    expect(failure(() => expectShape(torch.zeros(3, 2), [2, 3], { what: "W" }))).toBe("W: expected shape [2, 3], got shape [3, 2]");
  });

  it("expectTrue fails with the author's message", () => {
    expectTrue(1 < 2, "never shown");
    expect(failure(() => expectTrue(false, "the loss should decrease"))).toBe("the loss should decrease");
  });

  it("expectThrows passes on a throw with a matching message and fails otherwise", async () => {
    await expectThrows(() => torch.zeros(2, 3).matmul(torch.zeros(2, 3)), { message: "matmul" });
    await expect(expectThrows(() => 1, { what: "f()" })).rejects.toThrow("f() was expected to throw an error, but it returned normally");
    await expect(expectThrows(() => { throw new Error("boom"); }, { message: /shape/ })).rejects.toThrow('with "boom" instead');
  });
});

describe("expectGradClose", () => {
  it("accepts the true derivative of a scalar function (x³ → 3x²)", () => {
    const x = torch.tensor([-1.5, 0.3, 2]);
    expectGradClose(x.pow(2).mul(3), (t) => t.pow(3).sum(), x);
  });

  it("rejects a wrong gradient and says it was compared with finite differences", () => {
    const x = torch.tensor([-1.5, 0.3, 2]);
    const message = failure(() => expectGradClose(x.pow(2), (t) => t.pow(3).sum(), x, { what: "grad" }));
    expect(message).toContain("grad (compared with finite differences) at index [0]: expected 6.75");
  });
});

describe("runChecks", () => {
  const suite = defineChecks<{ double: (x: number) => number }>({
    requires: { double: "function" },
    checks: [
      { name: "doubles 2", run: ({ double }) => expectClose(double(2), 4, { what: "double(2)" }) },
      { name: "doubles -1", run: ({ double }) => expectClose(double(-1), -2, { what: "double(-1)" }) },
      { name: "is pure", run: ({ double }) => expectTrue(double(3) === double(3), "same input, same output") },
    ],
  });

  it("runs every check independently and reports each", async () => {
    const results = await runChecks(suite, { double: (x: number) => (x > 0 ? 2 * x : x) });
    expect(results.map((r) => r.passed)).toEqual([true, false, true]);
    expect(results[1]!.message).toBe("double(-1): expected -2, got -1 — off by 1, allowed 2.01e-4");
  });

  it("turns an error thrown by the reader's code into a failed check, not a crash", async () => {
    const results = await runChecks(suite, { double: () => { throw new TypeError("x is not iterable"); } });
    expect(results.every((r) => !r.passed)).toBe(true);
    expect(results[0]!.message).toBe("Your code threw an error during this check: TypeError: x is not iterable");
  });

  it("fails up front, naming the export, when it is missing or of the wrong kind", async () => {
    expect(await runChecks(suite, {})).toEqual([
      { name: "exports `double`", passed: false, message: "Nothing named `double` is exported. Keep the line `export … double` from the starter code." },
    ]);
    expect(missingExports({ double: "function" }, { double: 2 })[0]!.message).toBe("`double` should be a function, but it is 2.");
    expect(missingExports({ w: "tensor" }, { w: torch.zeros(2) })).toEqual([]);
  });
});
