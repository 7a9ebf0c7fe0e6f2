// The result panel of a graded submission: a summary line and one row per check (pass/fail, and for a failure the
// message saying what was expected and what came back). Everything is text: messages come from the reader's code.
import type { GradeReport } from "../exercises/grade-report";

export function passedCount(report: GradeReport): number {
  return report.results.filter((r) => r.passed).length;
}

/** "3 of 4 checks passed", or why none ran. */
export function summaryText(report: GradeReport | undefined, status: string): string {
  if (status === "timeout") return "Time limit reached before the checks finished. Is there an endless loop?";
  if (status === "stopped") return "Stopped before the checks finished.";
  if (status === "crash") return "The runner crashed while grading (out of memory?). Submit again.";
  if (!report || !report.ran) return "Your code stopped with an error before the checks could run:";
  const n = report.results.length;
  const passed = passedCount(report);
  return passed === n ? `All ${n} checks passed. Well done!` : `${passed} of ${n} checks passed.`;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) => {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

export function renderResults(panel: HTMLElement, report: GradeReport | undefined, status: string): HTMLElement {
  const passed = !!report?.ran && report.results.length > 0 && report.results.every((r) => r.passed);
  panel.dataset.outcome = passed ? "passed" : "failed";
  const summary = el("p", "exercise-results__summary", summaryText(report, status));
  const list = el("ul", "exercise-results__checks");
  for (const result of report?.results ?? []) {
    const item = el("li", `exercise-results__check exercise-results__check--${result.passed ? "pass" : "fail"}`);
    item.dataset.check = result.passed ? "pass" : "fail";
    const mark = el("span", "exercise-results__mark", result.passed ? "✓" : "✗");
    mark.setAttribute("aria-hidden", "true");
    const name = el("span", "exercise-results__name", result.name);
    const verdict = el("span", "sr-only", result.passed ? "passed: " : "failed: ");
    item.append(mark, verdict, name);
    if (result.message) item.append(el("span", "exercise-results__message", result.message));
    list.append(item);
  }
  const output = el("div", "live-block__output exercise-results__output");
  panel.replaceChildren(summary, list, output);
  panel.hidden = false;
  return output;
}
