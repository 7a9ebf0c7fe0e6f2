// The grade report as the page sees it: its shape and the check that validates it when it arrives from the worker.
// Kept apart from grade.ts (which runs the checks and so imports the engine) so the page never bundles the engine.
import type { CheckResult } from "./checks";

export interface GradeReport {
  type: "grade";
  /** "<chapter>/<exercise id>". */
  exercise: string;
  /** False when the reader's code failed before any check could run (its error is in the output). */
  ran: boolean;
  results: CheckResult[];
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
