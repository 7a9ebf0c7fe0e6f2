// Grading through the runner's executor, exactly as the page's worker does it: the reader's code runs first with its
// output streamed, then the checks run against its exports, and the report is the last message sent.
import * as gradflow from "gradflow";
import { describe, expect, it } from "vitest";
import { defineChecks, type CheckSuite } from "../../src/exercises/checks";
import { expectClose } from "../../src/exercises/expect";
import { gradeRun } from "../../src/exercises/grade";
import { isGradeReport } from "../../src/exercises/grade-report";
import { createExecutor } from "../../src/runner/execute";
import { isOutputMessage, type OutputMessage } from "../../src/runner/protocol";
import { stripTypes } from "../../src/runner/strip-types";

const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
let runId = 0;

const suite = defineChecks<{ square: (x: number) => number }>({
  requires: { square: "function" },
  checks: [
    { name: "square(3) is 9", run: ({ square }) => expectClose(square(3), 9, { what: "square(3)" }) },
    { name: "square(-2) is 4", run: ({ square }) => expectClose(square(-2), 4, { what: "square(-2)" }) },
  ],
});

async function grade(code: string, load: () => Promise<CheckSuite | undefined> = async () => suite as CheckSuite) {
  const messages: OutputMessage[] = [];
  const result = await gradeRun(executor, { code, runId: ++runId, grade: "ch/square" }, (b) => messages.push(...b), load);
  return { ...result, messages };
}

describe("gradeRun", () => {
  it("runs the code (output first), then the checks, and sends the report last", async () => {
    const { report, messages, ok } = await grade('export function square(x: number): number { return x * x; }\nconsole.log("hi");');
    expect(ok).toBe(true);
    expect(messages[0]).toEqual({ type: "text", level: "log", text: "hi" });
    expect(messages.at(-1)).toEqual(report);
    expect(report).toEqual({
      type: "grade",
      exercise: "ch/square",
      ran: true,
      results: [
        { name: "square(3) is 9", passed: true },
        { name: "square(-2) is 4", passed: true },
      ],
    });
  });

  it("reports each failing check with its message", async () => {
    const { report } = await grade("export const square = (x) => x * Math.abs(x);");
    expect(report.results.map((r) => r.passed)).toEqual([true, false]);
    expect(report.results[1]!.message).toContain("square(-2): expected 4, got -4");
  });

  it("does not run the checks when the code fails; its error is in the output", async () => {
    const { report, messages } = await grade("export function square(x) { return x * x }\nthrow new Error('oops');");
    expect(report.ran).toBe(false);
    expect(messages.some((m) => m.type === "error" && m.message.includes("oops"))).toBe(true);
  });

  it("a syntax error is reported with its line, and no checks run", async () => {
    const { report, messages } = await grade("export function square(x) {\n  return x *;\n}");
    expect(report.ran).toBe(false);
    const error = messages.find((m) => m.type === "error");
    expect(error).toMatchObject({ kind: "syntax", line: 2 });
  });

  it("a missing export fails with a message naming it", async () => {
    const { report } = await grade("export function sq(x) { return x * x; }");
    expect(report.results).toEqual([expect.objectContaining({ passed: false, message: expect.stringContaining("`square`") })]);
  });

  it("an unknown exercise is a failed check, not a crash", async () => {
    const { report } = await grade("export const square = (x) => x * x;", async () => undefined);
    expect(report.ran).toBe(false);
    expect(report.results[0]!.message).toContain('No checks found for exercise "ch/square"');
  });
});

describe("isGradeReport", () => {
  it("accepts reports, refuses look-alikes, and the output protocol knows them", async () => {
    const { report } = await grade("export const square = (x) => x * x;");
    expect(isGradeReport(report)).toBe(true);
    expect(isOutputMessage(report)).toBe(true);
    expect(isGradeReport({ ...report, results: [{ name: 1, passed: true }] })).toBe(false);
    expect(isGradeReport({ ...report, ran: "yes" })).toBe(false);
    expect(isGradeReport(null)).toBe(false);
  });
});
