// Runs live blocks: compile, seed, evaluate in a fresh scope, stream output. Written against plain functions (no
// worker globals) so Node tests exercise exactly what the page's worker runs.
import { setOutputSink, type EngineMessage } from "../../engine/output";
import { setInputValues } from "../../engine/input";
import { formatArgs } from "./format-value";
import type { ConsoleLevel, ErrorMessage, OutputListener, OutputMessage, RunRequest, RunResult } from "./protocol";
import { compile, locateError, type StripTypes } from "./transpile";

/** A runaway print loop must not flood the page; beyond this many messages per run we only count. */
export const MAX_MESSAGES_PER_RUN = 2000;
/** Progress bars are throttled to about one update per frame; the latest value per label wins. */
const PROGRESS_MS = 16;

/**
 * One run's output. Text, tables, plots and errors go out at once: a worker stuck in synchronous code cannot run
 * timers, so anything held back could wait until the run ends. The per-run cap bounds a print flood instead
 * (beyond it we only count, and the page shows the latest "truncated" count).
 */
class OutputStream {
  private readonly progress = new Map<string, OutputMessage>();
  private delivered = 0;
  private dropped = 0;
  private reportedDropped = 0;
  private lastProgress = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly listener: OutputListener) {}

  push(message: OutputMessage): void {
    if (message.type === "progress") {
      this.progress.set(message.label, message);
      if (performance.now() - this.lastProgress >= PROGRESS_MS) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), PROGRESS_MS);
    } else if (message.type !== "error" && this.delivered >= MAX_MESSAGES_PER_RUN) {
      this.dropped++;
      this.timer ??= setTimeout(() => this.flush(), PROGRESS_MS);
    } else {
      this.delivered++;
      this.flush(message);
    }
  }

  /** Sends `message` with any throttled progress (older, so first) and an updated truncation count. */
  flush(message?: OutputMessage): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.progress.values()];
    if (batch.length) this.lastProgress = performance.now();
    this.progress.clear();
    if (message) batch.push(message);
    if (this.dropped > this.reportedDropped) batch.push({ type: "truncated", count: this.dropped });
    this.reportedDropped = this.dropped;
    if (batch.length) this.listener(batch);
  }
}

function consoleFor(stream: OutputStream, table: (rows: never) => void) {
  const print = (level: ConsoleLevel) => (...args: unknown[]) => stream.push({ type: "text", level, text: formatArgs(args) });
  const timers = new Map<string, number>();
  return {
    log: print("log"),
    info: print("info"),
    debug: print("log"),
    dir: print("log"),
    warn: print("warn"),
    error: print("error"),
    table,
    time: (label = "default") => void timers.set(label, performance.now()),
    timeEnd: (label = "default") => {
      const start = timers.get(label);
      timers.delete(label);
      print("log")(start === undefined ? `Timer '${label}' does not exist` : `${label}: ${(performance.now() - start).toFixed(3)} ms`);
    },
  };
}

/** Describes anything thrown, with the reader's line when the stack reaches the block. */
export function describeError(thrown: unknown, sourceName: string): ErrorMessage {
  if (thrown instanceof Error) {
    const message = thrown.message ? `${thrown.name}: ${thrown.message}` : thrown.name;
    return { type: "error", kind: "runtime", message, ...locateError(thrown, sourceName) };
  }
  let shown: string;
  try {
    shown = typeof thrown === "string" ? JSON.stringify(thrown) : String(thrown);
  } catch {
    shown = Object.prototype.toString.call(thrown);
  }
  return { type: "error", kind: "runtime", message: `Uncaught ${shown} (not an Error, so it carries no line number)` };
}

export interface ExecutorOptions {
  /** The engine module that `import … from "gradflow"` binds to. */
  gradflow: Record<string, unknown>;
  /** Loads the TypeScript stripper on demand. */
  loadStripTypes: () => Promise<StripTypes>;
}

export function createExecutor({ gradflow, loadStripTypes }: ExecutorOptions) {
  let stripTypes: StripTypes | undefined;
  let stripLoading: Promise<StripTypes> | undefined;
  const loadStripper = () => (stripLoading ??= loadStripTypes().then((s) => (stripTypes = s)));
  // Engine output and uncaught errors belong to the latest run, including its timers after it returned.
  let active: { stream: OutputStream; sourceName: string } | undefined;
  const sink = (message: EngineMessage) => active?.stream.push(message);
  const torch = gradflow.torch as { manual_seed?: (seed: number) => unknown } | undefined;
  const table = gradflow.table as (rows: never) => void;

  return {
    async ready(): Promise<void> {},

    /** Starts loading the stripper in the background. */
    async prepareTypeScript(): Promise<void> {
      void loadStripper();
    },

    /** `afterRun` (used by exercise grading) receives the block's exports and runs inside the same run and output. */
    async run(
      { code, js, runId, setup = [], inputs }: RunRequest,
      onOutput: OutputListener,
      afterRun?: (exports: Record<string, unknown>) => Promise<void>,
    ): Promise<RunResult> {
      const start = performance.now();
      const stream = new OutputStream(onOutput);
      const sourceName = `gradflow-run-${runId}.js`;
      active = { stream, sourceName };
      setOutputSink(sink); // at every run: the engine's sink is global, and the latest run owns it
      const elapsed = () => performance.now() - start;
      // Build-time stripped code runs as is. Otherwise, until the stripper is loaded, try the code as JavaScript;
      // TypeScript syntax fails to parse and we retry with the stripper.
      const compileBlock = async (source: string, stripped: string | undefined, name: string, inherited: string[]) => {
        let compiled = stripped !== undefined ? compile(stripped, name, undefined, inherited) : compile(source, name, stripTypes, inherited);
        if (!compiled.ok && !stripTypes) compiled = compile(source, name, await loadStripper(), inherited);
        return compiled;
      };
      type Body = (m: unknown, c: unknown, scope: Record<string, unknown>) => Promise<Record<string, unknown>>;
      const scope: Record<string, unknown> = {};
      const log = consoleFor(stream, table);
      setInputValues(inputs);
      torch?.manual_seed?.(0);
      // Setup blocks (`uses=`) run first, in order, filling one scope; a failure names the block it happened in.
      for (const block of setup) {
        const setupName = `gradflow-run-${runId}-setup-${block.id}.js`;
        try {
          const compiled = await compileBlock(block.code, block.js, setupName, Object.keys(scope));
          if (!compiled.ok) throw Object.assign(new SyntaxError(compiled.error.message), { line: compiled.error.line });
          await ((0, eval)(compiled.compiled.script) as Body)(gradflow, log, scope);
        } catch (thrown) {
          const { message, line } = { ...describeError(thrown, setupName), ...(thrown as { line?: number }) };
          stream.push({ type: "error", kind: "runtime", message: `In setup block "${block.id}"${line ? ` (line ${line})` : ""}: ${message}` });
          stream.flush();
          return { ok: false, ms: elapsed(), exports: [] };
        }
      }
      try {
        const compiled = await compileBlock(code, js, sourceName, Object.keys(scope));
        if (!compiled.ok) {
          stream.push({ type: "error", kind: "syntax", ...compiled.error });
          return { ok: false, ms: elapsed(), exports: [] };
        }
        const body = (0, eval)(compiled.compiled.script) as Body;
        const exported = await body(gradflow, log, scope);
        await afterRun?.(exported);
        return { ok: true, ms: elapsed(), exports: compiled.compiled.exports };
      } catch (thrown) {
        stream.push(describeError(thrown, sourceName));
        return { ok: false, ms: elapsed(), exports: [] };
      } finally {
        stream.flush();
      }
    },

    /** For the worker's unhandledrejection / error events: report to the latest run. */
    reportUncaught(thrown: unknown): void {
      if (active) active.stream.push(describeError(thrown, active.sourceName));
    },
  };
}

export type Executor = ReturnType<typeof createExecutor>;
