// The exercises themselves are tested: for every code exercise in the book, graded in Node exactly as the page's
// worker grades it, the reference solution passes every check, the starter runs but fails at least one, and every
// plausible wrong answer fails the check it names with a message that points at the mistake. Quizzes: every numeric
// answer is computed by the engine, and every option explains itself.
import * as gradflow from "gradflow";
import { describe, expect, it } from "vitest";
import { evaluateExpression } from "../../src/components/computed-value";
import { createExecutor } from "../../src/runner/execute";
import { stripTypes } from "../../src/runner/strip-types";
import { loadChecks } from "../../src/exercises/check-suites";
import { bookExercises, type CodeExercise, type QuizEntry } from "../../src/exercises/catalog";
import { gradeRun } from "../../src/exercises/grade";
import type { OutputMessage } from "../../src/runner/protocol";

const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
let runs = 0;

async function grade(exercise: CodeExercise, code: string) {
  const output: OutputMessage[] = [];
  const { report } = await gradeRun(executor, { code, runId: ++runs, grade: exercise.key }, (b) => output.push(...b), loadChecks);
  const errors = output.flatMap((m) => (m.type === "error" ? [m.message] : []));
  const summary = report.results.map((r) => `${r.passed ? "pass" : "FAIL"} ${r.name}${r.message ? `: ${r.message}` : ""}`).join("\n");
  return { report, errors, summary };
}

const code = bookExercises.filter((e): e is CodeExercise => e.kind === "code");
const quizzes = bookExercises.filter((e): e is QuizEntry => e.kind === "quiz");

it("the book has exercises and quizzes", () => {
  expect(code.length).toBeGreaterThan(0);
  expect(quizzes.length).toBeGreaterThan(0);
});

describe.each(code.map((e) => [e.key, e] as const))("exercise %s", (_key, exercise) => {
  it("has checks, hints and at least one plausible wrong answer", async () => {
    const suite = await loadChecks(exercise.key);
    expect(suite, "checks.ts with a default export").toBeDefined();
    const names = suite!.checks.map((c) => c.name);
    expect(new Set(names).size, "check names are unique").toBe(names.length);
    expect(exercise.hints.length).toBeGreaterThan(0);
    expect(exercise.wrong.length).toBeGreaterThan(0);
    for (const w of exercise.wrong) expect(names, `${w.file} names a check that exists`).toContain(w.fails);
  });

  it("the reference solution passes every check", async () => {
    const { report, errors, summary } = await grade(exercise, exercise.solution);
    expect(errors, summary).toEqual([]);
    expect(report.ran).toBe(true);
    expect(report.results.every((r) => r.passed), summary).toBe(true);
  });

  it("the starter code runs and fails at least one check", async () => {
    const { report, errors, summary } = await grade(exercise, exercise.starter);
    expect(errors, "the starter runs without an error, so the reader sees the checks").toEqual([]);
    expect(report.ran).toBe(true);
    expect(report.results.some((r) => !r.passed), summary).toBe(true);
  });

  it.each(exercise.wrong.map((w) => [w.file, w] as const))("wrong answer %s fails with a message pointing at the mistake", async (_file, wrong) => {
    const { report, summary } = await grade(exercise, wrong.code);
    const result = report.results.find((r) => r.name === wrong.fails);
    expect(result, summary).toBeDefined();
    expect(result!.passed, summary).toBe(false);
    expect(result!.message, summary).toContain(wrong.message);
  });
});

describe.each(quizzes.map((q) => [q.key, q] as const))("quiz %s", (_key, quiz) => {
  it("every numeric answer is a finite number computed by the engine", () => {
    for (const q of quiz.questions) if (q.kind === "numeric") expect(Number.isFinite(evaluateExpression(q.answer, gradflow as never))).toBe(true);
  });

  it("every choice question has a right answer and a wrong one, each explained", () => {
    for (const q of quiz.questions) {
      if (q.kind !== "choice") continue;
      expect(q.options.some((o) => o.correct)).toBe(true);
      expect(q.options.some((o) => !o.correct)).toBe(true);
      for (const o of q.options) expect(o.why.length).toBeGreaterThan(10);
    }
  });
});
