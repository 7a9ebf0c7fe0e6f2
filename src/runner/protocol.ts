// Messages between the page and the worker. Everything is data: the page renders text as text and plots as SVG,
// so nothing user code produces is ever parsed as markup.
import type { EngineMessage, PlotSpec } from "../../engine/output";
import { isGradeReport, type GradeReport } from "../exercises/grade-report";
import { isGraphSpec, isWatchSample } from "../plot/graph-validate";

export type { EngineMessage, PlotSpec };

export type ConsoleLevel = "log" | "info" | "warn" | "error";

export type ErrorKind = "syntax" | "runtime" | "timeout" | "stopped" | "crash";

export interface ErrorMessage {
  type: "error";
  kind: ErrorKind;
  /** Full readable message, e.g. "RangeError: matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)". */
  message: string;
  /** Position in the reader's code, when known. */
  line?: number;
  column?: number;
}

export type OutputMessage =
  | EngineMessage
  | { type: "text"; level: ConsoleLevel; text: string }
  | ErrorMessage
  /** Output beyond the per-run caps is dropped; this says how much: lines (text, tables…) and figures (plots, graphs). */
  | { type: "truncated"; count: number; figures?: number }
  /** The result of an exercise's checks, sent last by a grading run. */
  | GradeReport;

export interface RunRequest {
  code: string;
  /** The code with its types already blanked out (same positions), when the page has it from the build. */
  js?: string;
  /** Identifies the run in stack traces (the script's sourceURL). */
  runId: number;
  /** Grade the code: after it runs, the checks of this exercise ("<chapter>/<id>") run against its exports. */
  grade?: string;
  /** The blocks this one builds on (`uses=`), in run order; their top-level names are visible to the code. */
  setup?: SetupBlock[];
  /** The reader's control values by label (engine/input.ts); controls without one take their default. */
  inputs?: Record<string, unknown>;
}

export interface SetupBlock {
  id: string;
  code: string;
  js?: string;
}

export interface RunResult {
  ok: boolean;
  /** Wall time of compile + run inside the worker. */
  ms: number;
  /** Names the block exported. */
  exports: string[];
}

export type OutputListener = (batch: OutputMessage[]) => void;

/** What the worker exposes through Comlink. */
/** What the page does for the worker: the built site's runner cannot fetch the site's files itself. */
export interface PageServices {
  /** The TypeScript stripper's module text (src/runner/strip-types-module.ts, built). */
  stripTypesSource(): Promise<string>;
}

export interface RunnerApi {
  /** Resolves once the worker can run code; `page` is how it asks the page for what it cannot fetch. */
  ready(page: PageServices): Promise<void>;
  /** Starts loading the TypeScript stripper (megabytes), e.g. when a reader starts editing. */
  prepareTypeScript(): Promise<void>;
  run(request: RunRequest, onOutput: OutputListener): Promise<RunResult>;
}

const levels = new Set<string>(["log", "info", "warn", "error"]);
const errorKinds = new Set<string>(["syntax", "runtime", "timeout", "stopped", "crash"]);
const plotKinds = new Set<string>(["line", "scatter", "hist", "bar", "heatmap"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown) => v === undefined || (isCount(v) && (v as number) > 0);

/**
 * Checks the shape of a message before the page renders it, so a malformed one is dropped instead of breaking the
 * output area. (Plot series contents are checked by the plot renderer, which tolerates NaN and empty data.)
 */
export function isOutputMessage(m: unknown): m is OutputMessage {
  if (!isObject(m)) return false;
  switch (m.type) {
    case "text":
      return levels.has(m.level as string) && typeof m.text === "string";
    case "error":
      return errorKinds.has(m.kind as string) && typeof m.message === "string" && isPosition(m.line) && isPosition(m.column);
    case "truncated":
      return isCount(m.count) && (m.figures === undefined || isCount(m.figures));
    case "progress":
      return typeof m.value === "number" && typeof m.total === "number" && typeof m.label === "string";
    case "table":
      return (
        Array.isArray(m.columns) &&
        m.columns.every((c) => typeof c === "string") &&
        Array.isArray(m.rows) &&
        m.rows.every((r) => Array.isArray(r) && r.every((c) => c === null || ["string", "number", "boolean"].includes(typeof c)))
      );
    case "plot":
      return isObject(m.plot) && plotKinds.has(m.plot.kind as string);
    case "grade":
      return isGradeReport(m);
    case "graph":
      return isGraphSpec(m.graph);
    case "watch":
      return isWatchSample(m.watch);
    default:
      return false;
  }
}

/** The ArrayBuffers inside a batch, so the worker can transfer plot data instead of copying it. */
export function transferables(batch: OutputMessage[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) Object.values(v).forEach(visit);
  };
  batch.forEach((m) => m.type === "plot" && visit(m.plot));
  return [...buffers];
}
