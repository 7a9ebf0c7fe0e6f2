// Grading in the runner: run the reader's code exactly like a live block (same worker, executor, seed and output),
// then run the exercise's hidden checks against what it exported, and send one "grade" report after the output.
// The page reads the report through grade-report.ts, which does not import the engine.
// The worker calls gradeRun for requests that name an exercise; Node tests call it with the same executor.
import type { Executor } from "../runner/execute";
import type { OutputListener, RunRequest, RunResult } from "../runner/protocol";
import { runChecks, type CheckSuite } from "./checks";
import type { GradeReport } from "./grade-report";

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
