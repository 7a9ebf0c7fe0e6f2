// The last submission of an exercise, kept so its result panel survives a reload: validated on read, bounded on write.
import { describe, expect, it, vi } from "vitest";
import { REPORT_LIMITS, ReportStore } from "../../src/progress/last-report";
import type { GradeReport } from "../../src/exercises/grade-report";
import { MemoryStorage } from "./memory-storage";

const EXERCISE = "ch/sigmoid-derivative";
const KEY = `gradflow:v1:report:${EXERCISE}`;
const report: GradeReport = {
  type: "grade",
  exercise: EXERCISE,
  ran: true,
  results: [
    { name: "sigmoid_grad(0)", passed: false, message: "expected 0.25, got 0.5" },
    { name: "shape", passed: true },
  ],
};

describe("ReportStore", () => {
  it("round-trips the checks and the printed and error lines; plots and other messages are left out", () => {
    const storage = new MemoryStorage();
    const output = [
      { type: "text", level: "log", text: "hello" },
      { type: "plot", plot: { kind: "line" } },
      { type: "error", kind: "runtime", message: "Error: boom" },
    ];
    expect(new ReportStore(storage, EXERCISE).save("error", report, output, 1234)).toBe(true);
    expect(new ReportStore(storage, EXERCISE).load()).toEqual({
      status: "error",
      report,
      output: [output[0], output[2]],
      savedAt: 1234,
    });
  });

  it("a run with no report (time limit, crash) is kept as its status alone", () => {
    const storage = new MemoryStorage();
    new ReportStore(storage, EXERCISE).save("timeout", undefined, [], 1);
    expect(new ReportStore(storage, EXERCISE).load()).toEqual({ status: "timeout", output: [], savedAt: 1 });
  });

  it("is bounded: a flood of checks, long messages and lines stays a few tens of kilobytes", () => {
    const storage = new MemoryStorage();
    const huge: GradeReport = {
      ...report,
      results: Array.from({ length: 1000 }, (_, i) => ({ name: `check ${i} ${"n".repeat(5000)}`, passed: false, message: "m".repeat(100_000) })),
    };
    const line = "x".repeat(10_000);
    const flood = Array.from({ length: 1000 }, () => ({ type: "text", level: "log", text: line }));
    expect(new ReportStore(storage, EXERCISE).save("ok", huge, flood)).toBe(true);
    expect(storage.getItem(KEY)!.length).toBeLessThan(40_000);
    const loaded = new ReportStore(storage, EXERCISE).load()!;
    expect(loaded.report!.results).toHaveLength(REPORT_LIMITS.checks);
    expect(loaded.output).toHaveLength(REPORT_LIMITS.lines);
    expect(loaded.report!.results[0]!.message!.length).toBe(REPORT_LIMITS.message);
  });

  it.each([
    ["not JSON", "{torn"],
    ["another version", JSON.stringify({ version: 2, status: "ok", output: [], savedAt: 1 })],
    ["an unknown status", JSON.stringify({ version: 1, status: "great", output: [], savedAt: 1 })],
    ["another exercise's report", JSON.stringify({ version: 1, status: "ok", report: { ...report, exercise: "ch/other" }, output: [], savedAt: 1 })],
    ["a malformed report", JSON.stringify({ version: 1, status: "ok", report: { ...report, results: [{ name: 1 }] }, output: [], savedAt: 1 })],
    ["output that is not a list", JSON.stringify({ version: 1, status: "ok", output: "lines", savedAt: 1 })],
    ["a time no date can hold", JSON.stringify({ version: 1, status: "ok", output: [], savedAt: 1e300 })],
  ])("%s is not shown, and is removed", (_what, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, raw);
    storage.setItem("gradflow:v1:report:ch/other", "kept");
    expect(new ReportStore(storage, EXERCISE).load()).toBeUndefined();
    expect(storage.getItem(KEY)).toBeNull();
    expect(storage.getItem("gradflow:v1:report:ch/other")).toBe("kept");
  });

  it("saved lines of unknown shape are dropped one by one", () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, JSON.stringify({ version: 1, status: "ok", output: [{ type: "text", level: "shout", text: "x" }, { type: "text", level: "log", text: "ok" }, null, 5], savedAt: 1 }));
    expect(new ReportStore(storage, EXERCISE).load()!.output).toEqual([{ type: "text", level: "log", text: "ok" }]);
  });

  it("loading an exercise never submitted writes nothing", () => {
    const storage = new MemoryStorage();
    const removeItem = vi.spyOn(storage, "removeItem");
    expect(new ReportStore(storage, EXERCISE).load()).toBeUndefined();
    expect(removeItem).not.toHaveBeenCalled();
  });

  it("full, blocked or missing storage: save says false, load says nothing, neither throws", () => {
    const full = new MemoryStorage({ full: true });
    expect(new ReportStore(full, EXERCISE).save("ok", report, [])).toBe(false);
    const blocked = new MemoryStorage({ blocked: true });
    expect(new ReportStore(blocked, EXERCISE).load()).toBeUndefined();
    expect(new ReportStore(undefined, EXERCISE).save("ok", report, [])).toBe(false);
    expect(new ReportStore(undefined, EXERCISE).load()).toBeUndefined();
  });
});
