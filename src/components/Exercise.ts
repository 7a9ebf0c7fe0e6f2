// Exercises in the page: Submit grades the code of the exercise's live block in the page's runner (the worker runs
// the code, then the hidden checks against its exports), shows each check, and records the attempt in progress.
// Hints open one at a time; the solution opens after a first attempt, or at once if the reader confirms.
import { liveBlocks } from "./CodeBlock";
import { renderResults } from "./ExerciseResults";
import { OutputView } from "./Output";
import { runner } from "../runner/client";
import { isGradeReport, type GradeReport } from "../exercises/grade-report";
import { onProgress, recordAttempt } from "../progress/client";
import { ReportStore } from "../progress/last-report";
import { browserStorage } from "../runner/storage";
import type { RunStatus } from "../runner/client";
import type { ItemProgress } from "../progress/store";

/** How long to wait, after a run ends, for its grade report to arrive. */
const REPORT_GRACE_MS = 2000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function badgeText(item: ItemProgress | undefined): string {
  if (!item) return "Not attempted";
  if (item.status === "passed") return `Passed${item.passedAt ? ` · ${dateFormat.format(item.passedAt)}` : ""}`;
  return `Attempted ${item.attempts}×`;
}

class ExerciseView {
  private readonly key: string;
  private readonly title: string;
  private readonly timeLimitMs: number;
  private readonly badge: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly results: HTMLElement;
  private readonly solution: HTMLElement;
  private readonly reports: ReportStore;
  private attempted = false;
  private running = false;

  constructor(private readonly root: HTMLElement) {
    const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector);
    this.key = root.dataset.exercise!;
    this.title = root.querySelector(".exercise__title")?.textContent ?? "exercise";
    this.timeLimitMs = Number(root.dataset.timeLimit) || 20_000;
    this.badge = $("[data-badge]")!;
    this.submit = $("[data-submit]")!;
    this.results = $("[data-results]")!;
    this.solution = $("[data-solution]")!;
    this.submit.addEventListener("click", () => this.grade());
    this.submit.addEventListener("pointerenter", () => runner.warm(), { once: true });
    $("[data-hint]")?.addEventListener("click", (event) => this.nextHint(event.currentTarget as HTMLButtonElement));
    $("[data-show-solution]")!.addEventListener("click", () => this.showSolution());
    $("[data-load-solution]")!.addEventListener("click", () => this.loadSolution());
    onProgress((items) => {
      const item = items[this.key];
      this.attempted ||= !!item;
      root.dataset.status = item?.status ?? "new";
      this.badge.textContent = badgeText(item);
    });
    this.reports = new ReportStore(browserStorage(), this.key);
    this.restoreLastSubmission();
  }

  /** The result panel of the last submission, as it was (each check, and the lines the code printed or threw). */
  private restoreLastSubmission(): void {
    const saved = this.reports.load();
    if (!saved) return;
    this.showResults(saved.status, saved.report, saved.output);
    const when = document.createElement("p");
    when.className = "exercise-results__when";
    when.textContent = `Your last submission, ${dateFormat.format(saved.savedAt)}:`;
    this.results.prepend(when);
  }

  private showResults(status: RunStatus, report: GradeReport | undefined, output: unknown[]): void {
    const outputRoot = renderResults(this.results, report, status);
    new OutputView(outputRoot, `your solution to ${this.title}`, () => {}).append(output);
  }

  private get block() {
    return liveBlocks.get(`${this.root.id}-code`);
  }

  private grade(): void {
    const block = this.block;
    if (!block || this.running) return;
    this.running = true;
    this.submit.setAttribute("aria-busy", "true");
    this.submit.textContent = "Grading…";
    this.results.hidden = false;
    this.results.dataset.outcome = "running";
    this.results.textContent = "Running your code and the checks…";
    let report: GradeReport | undefined;
    let reportArrived = () => {};
    const arrival = new Promise<void>((resolve) => (reportArrived = resolve));
    const pending: unknown[] = [];
    const handle = runner.run(block.currentCode, {
      timeoutMs: this.timeLimitMs,
      grade: this.key,
      onOutput: (batch) => {
        for (const message of batch) {
          if (isGradeReport(message)) {
            report = message;
            reportArrived();
          } else pending.push(message);
        }
      },
    });
    void handle.done.then(async (outcome) => {
      // Output comes through its own channel and can land just after the run ends; the report is always sent last,
      // so once it is here everything the code printed is here too.
      if (outcome.status === "ok" || outcome.status === "error") await Promise.race([arrival, delay(REPORT_GRACE_MS)]);
      this.running = false;
      this.submit.removeAttribute("aria-busy");
      this.submit.textContent = "Submit";
      this.showResults(outcome.status, report, pending);
      this.reports.save(outcome.status, report, pending);
      const passed = !!report?.ran && report.results.length > 0 && report.results.every((r) => r.passed);
      const total = report?.results.length ?? 0;
      const ok = report?.results.filter((r) => r.passed).length ?? 0;
      recordAttempt(this.key, passed, report?.ran ? `${ok} of ${total} checks` : "did not run");
      this.attempted = true;
      this.results.focus({ preventScroll: true });
    });
  }

  private nextHint(button: HTMLButtonElement): void {
    const list = this.root.querySelector<HTMLElement>(".exercise__hints")!;
    const hidden = [...list.querySelectorAll<HTMLElement>("li[hidden]")];
    list.hidden = false;
    hidden[0]?.removeAttribute("hidden");
    const total = list.children.length;
    const shown = total - hidden.length + 1;
    const count = button.querySelector("[data-hint-count]")!;
    if (shown >= total) {
      button.disabled = true;
      button.textContent = `All ${total} hints shown`;
    } else count.textContent = `(${shown + 1} of ${total})`;
  }

  private showSolution(): void {
    if (!this.attempted && !confirm("You have not submitted an attempt yet. Show the reference solution anyway?")) return;
    this.solution.hidden = false;
    this.solution.scrollIntoView({ block: "nearest" });
  }

  private loadSolution(): void {
    const code = this.solution.querySelector("[data-solution-code] pre")?.textContent ?? "";
    this.block?.setCode(code, { persist: true });
    document.getElementById(`${this.root.id}-code`)?.scrollIntoView({ block: "nearest" });
  }
}

for (const root of document.querySelectorAll<HTMLElement>("[data-exercise]")) new ExerciseView(root);
