// Grading in the runner: run the reader's code exactly like a live block (same worker, executor, seed and output),
// then run the exercise's hidden checks against what it exported, and send one "grade" report after the output.
// The worker calls gradeRun for requests that name an exercise; Node tests call it with the same executor.
import type { Executor } from "../runner/execute";
import type { OutputListener, RunRequest, RunResult } from "../runner/protocol";
import { runChecks, type CheckResult, type CheckSuite } from "./checks";

export interface GradeReport {
  type: "grade";
  /** "<chapter>/<exercise id>". */
  exercise: string;
  /** False when the reader's code failed before any check could run (its error is in the output). */
  ran: boolean;
  results: CheckResult[];
}

export type LoadChecks = (exercise: string) => Promise<CheckSuite | undefined>;

export async function gradeRun(
  executor: Executor,
  request: RunRequest & { grade: string },
  onOutput: OutputListener,
  loadChecks: LoadChecks,
): Promise<RunResult & { report: GradeReport }> {
  const report: GradeReport = { type: "grade", exercise: request.grade, ran: false, results: [] };
  const result = await executor.run(request, onOutput, async (exports) => {
    const suite = await loadChecks(request.grade);
    if (!suite) {
      report.results = [{ name: "checks", passed: false, message: `No checks found for exercise "${request.grade}".` }];
      return;
    }
    report.results = await runChecks(suite, exports);
    report.ran = true;
  });
  onOutput([report]);
  return { ...result, report };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Validates a report before the page trusts it (it crosses the worker boundary like any other message). */
export function isGradeReport(m: unknown): m is GradeReport {
  return (
    isObject(m) &&
    m.type === "grade" &&
    typeof m.exercise === "string" &&
    typeof m.ran === "boolean" &&
    Array.isArray(m.results) &&
    m.results.every(
      (r) => isObject(r) && typeof r.name === "string" && typeof r.passed === "boolean" && (r.message === undefined || typeof r.message === "string"),
    )
  );
}

/** All checks passed (and there was at least one). */
export const allPassed = (report: GradeReport) => report.ran && report.results.length > 0 && report.results.every((r) => r.passed);
