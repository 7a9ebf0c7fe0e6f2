// The last graded submission of each exercise, so its result panel (each check, and what the code printed or threw)
// is shown again after a reload. One versioned key per exercise; what is read back is validated like any untrusted
// data, and what is written is capped, so a chatty solution cannot fill the reader's storage.
import { isGradeReport, type GradeReport } from "../exercises/grade-report";
import type { RunStatus } from "../runner/client";
import { isRecord, readJson, removeQuietly, writeJson } from "../runner/stored-json";
import { REPORT_PREFIX } from "./store";

/** Caps on what one saved report holds (a real one has a handful of checks and a few lines). */
export const REPORT_LIMITS = { checks: 30, name: 200, message: 600, lines: 20, text: 600 };

/** The output kept with a report: printed text and errors, the lines that explain a failure. */
type Level = "log" | "info" | "warn" | "error";
export type SavedLine = { type: "text"; level: Level; text: string } | { type: "error"; kind: string; message: string };

export interface SavedReport {
  status: RunStatus;
  report?: GradeReport;
  output: SavedLine[];
  savedAt: number;
}

const STATUSES = new Set<string>(["ok", "error", "timeout", "stopped", "crash"]);
const LEVELS = new Set<string>(["log", "info", "warn", "error"]);
/** A time a Date can hold (a later one cannot be formatted). */
const isTime = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 8.64e15;
const cap = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A bounded copy of a report's checks. */
function capReport(report: GradeReport): GradeReport {
  return {
    type: "grade",
    exercise: report.exercise,
    ran: report.ran,
    results: report.results.slice(0, REPORT_LIMITS.checks).map((r) => ({
      name: cap(r.name, REPORT_LIMITS.name),
      passed: r.passed,
      ...(r.message !== undefined ? { message: cap(r.message, REPORT_LIMITS.message) } : {}),
    })),
  };
}

/** The text and error lines of a run's output, bounded; anything else (plots, tables) is left out. */
export function savedLines(output: unknown[]): SavedLine[] {
  const lines: SavedLine[] = [];
  for (const m of output) {
    if (lines.length >= REPORT_LIMITS.lines) break;
    if (!isRecord(m)) continue;
    if (m.type === "text" && typeof m.level === "string" && LEVELS.has(m.level) && typeof m.text === "string")
      lines.push({ type: "text", level: m.level as Level, text: cap(m.text, REPORT_LIMITS.text) });
    else if (m.type === "error" && typeof m.kind === "string" && typeof m.message === "string")
      lines.push({ type: "error", kind: cap(m.kind, 20), message: cap(m.message, REPORT_LIMITS.text) });
  }
  return lines;
}

/** The last submission of one exercise. Every method tolerates missing, full or corrupt storage. */
export class ReportStore {
  private readonly key: string;

  constructor(
    private readonly storage: Storage | undefined,
    private readonly exercise: string,
  ) {
    this.key = REPORT_PREFIX + exercise;
  }

  /** The saved submission, if there is a valid one for this exercise; anything else is removed. */
  load(): SavedReport | undefined {
    const data = readJson(this.storage, this.key);
    if (data === undefined) return undefined;
    const saved = this.clean(data);
    if (!saved) this.forget();
    return saved;
  }

  private clean(data: unknown): SavedReport | undefined {
    if (!isRecord(data) || data.version !== 1 || typeof data.status !== "string" || !STATUSES.has(data.status)) return undefined;
    if (!isTime(data.savedAt) || !Array.isArray(data.output)) return undefined;
    if (data.report !== undefined && !(isGradeReport(data.report) && data.report.exercise === this.exercise)) return undefined;
    return {
      status: data.status as RunStatus,
      ...(data.report ? { report: capReport(data.report as GradeReport) } : {}),
      output: savedLines(data.output),
      savedAt: data.savedAt,
    };
  }

  /** Saves a submission, bounded; false when storage is unavailable or full. */
  save(status: RunStatus, report: GradeReport | undefined, output: unknown[], now = Date.now()): boolean {
    const saved = { version: 1, status, ...(report ? { report: capReport(report) } : {}), output: savedLines(output), savedAt: now };
    return writeJson(this.storage, this.key, saved);
  }

  forget(): void {
    removeQuietly(this.storage, this.key);
  }
}
