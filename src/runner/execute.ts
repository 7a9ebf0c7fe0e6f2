// Runs live blocks: compile, seed, evaluate in a fresh scope, stream output. Written against plain functions (no
// worker globals) so Node tests exercise exactly what the page's worker runs.
import { setOutputSink, type EngineMessage } from "../../engine/output";
import { setInputValues } from "../../engine/input";
import { formatArgs } from "./format-value";
import type { ConsoleLevel, ErrorMessage, OutputListener, OutputMessage, RunRequest, RunResult } from "./protocol";
import { compile, locateError, type ColumnShift, type StripTypes } from "./transpile";
import { evalBody, type LoadBody } from "./load-body";

/** A runaway print loop must not flood the page; beyond this many messages per run we only count. */
export const MAX_MESSAGES_PER_RUN = 2000;
/** Each plot or graph costs the page real drawing time, so a run shows fewer of them than lines of text. */
export const MAX_FIGURES_PER_RUN = 50;
/** One printed value longer than this (a giant string or array) is cut, with a note of how much was left out. */
export const MAX_TEXT_CHARS = 10_000;
/** Progress bars are throttled to about one update per frame; the latest value per label wins. */
const PROGRESS_MS = 16;
/** While output is being dropped, the count of what was dropped goes out this often (even from a tight loop). */
const TRUNCATED_REPORT_MS = 200;

const isFigure = (m: OutputMessage) => m.type === "plot" || m.type === "graph";

function clipText(text: string): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  return `${text.slice(0, MAX_TEXT_CHARS)}… (${(text.length - MAX_TEXT_CHARS).toLocaleString("en-US")} more characters not shown)`;
}

/**
 * One run's output. Text, tables, plots and errors go out at once: a worker stuck in synchronous code cannot run
 * timers, so anything held back could wait until the run ends. The per-run caps bound a print or plot flood instead
 * (beyond them we only count, and the page shows the latest "truncated" counts).
 */
class OutputStream {
  private readonly progress = new Map<string, OutputMessage>();
  private delivered = 0;
  private figures = 0;
  private dropped = { lines: 0, figures: 0 };
  private reported = { lines: 0, figures: 0, at: -Infinity };
  private lastProgress = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Errors pushed, including uncaught ones from timers and promises. */
  errors = 0;

  constructor(private readonly listener: OutputListener) {}

  push(message: OutputMessage): void {
    if (message.type === "progress") {
      this.progress.set(message.label, message);
      if (performance.now() - this.lastProgress >= PROGRESS_MS) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), PROGRESS_MS);
    } else if (message.type === "error") {
      this.errors++;
      this.flush(message);
    } else if (this.delivered >= MAX_MESSAGES_PER_RUN || (isFigure(message) && this.figures >= MAX_FIGURES_PER_RUN)) {
      if (isFigure(message)) this.dropped.figures++;
      else this.dropped.lines++;
      // A loop that never yields would starve the timer; report from here, now and then, instead.
      if (performance.now() - this.reported.at >= TRUNCATED_REPORT_MS) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), PROGRESS_MS);
    } else {
      this.delivered++;
      if (isFigure(message)) this.figures++;
      this.flush(message.type === "text" ? { ...message, text: clipText(message.text) } : message);
    }
  }

  /** Sends `message` with any throttled progress (older, so first) and updated truncation counts. */
  flush(message?: OutputMessage): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.progress.values()];
    if (batch.length) this.lastProgress = performance.now();
    this.progress.clear();
    if (message) batch.push(message);
    const { lines, figures } = this.dropped;
    if (lines > this.reported.lines || figures > this.reported.figures) {
      batch.push({ type: "truncated", count: lines, ...(figures ? { figures } : {}) });
      this.reported = { lines, figures, at: performance.now() };
    }
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

/**
 * Globals a reader may expect but a live block does not have: it runs in a worker, away from the page, and
 * src/runner/sandbox.ts removes the network and the site's storage. Naming why beats a bare "is not defined".
 */
const PAGE_ONLY = ["document", "window", "localStorage", "sessionStorage", "alert", "confirm", "prompt", "parent", "top", "opener"];
const SANDBOXED = ["fetch", "XMLHttpRequest", "WebSocket", "EventSource", "WebTransport", "importScripts", "Worker", "SharedWorker", "BroadcastChannel", "indexedDB", "caches", "postMessage"];

function sandboxHint(error: Error): string {
  // `close()` is missing like any global; `self.close()` and `globalThis.fetch(…)` find no such method on the scope.
  const name = (error.name === "ReferenceError" ? /^(\w+) is not defined$/ : error.name === "TypeError" ? /^(?:self|globalThis)\.(\w+) is not a function$/ : null)?.exec(error.message)?.[1];
  if (name === "close")
    return ". Live blocks cannot close the runner (it is shared by the page's blocks); to end a block early, return or throw";
  if (error.name === "ReferenceError" && name && PAGE_ONLY.includes(name))
    return ". Live blocks run in a Web Worker, apart from the page: they cannot reach its DOM, storage or cookies";
  if (name && SANDBOXED.includes(name))
    return ". Live blocks are sandboxed: no network, no other workers and no access to the site's storage";
  if (error.name === "EvalError")
    return ". Live blocks cannot turn strings into code (eval, new Function): write the code in the block itself";
  if (/dynamically imported module|Content Security Policy/i.test(error.message))
    return ". Live blocks cannot load code or data from the network; import from \"gradflow\" only";
  return "";
}

/** Where the latest non-Error value was thrown (recorded by the compiled code's `throw` hook). */
interface ThrowSite {
  value: unknown;
  site: Error;
}

/** Describes anything thrown, with the reader's line when the stack reaches the block. */
export function describeError(thrown: unknown, sourceName: string, shifts: ColumnShift[] = [], lastThrow?: ThrowSite): ErrorMessage {
  if (thrown instanceof Error) {
    const message = thrown.message ? `${thrown.name}: ${thrown.message}${sandboxHint(thrown)}` : thrown.name;
    return { type: "error", kind: "runtime", message, ...locateError(thrown, sourceName, shifts) };
  }
  let shown: string;
  try {
    shown = typeof thrown === "string" ? JSON.stringify(thrown) : String(thrown);
  } catch {
    shown = Object.prototype.toString.call(thrown);
  }
  const at = lastThrow && Object.is(lastThrow.value, thrown) ? locateError(lastThrow.site, sourceName, shifts) : undefined;
  if (at) return { type: "error", kind: "runtime", message: `Uncaught ${shown} (a thrown value that is not an Error; throw new Error("…") to get a stack trace)`, ...at };
  return { type: "error", kind: "runtime", message: `Uncaught ${shown} (not an Error, so it carries no line number)` };
}

export interface ExecutorOptions {
  /** The engine module that `import … from "gradflow"` binds to. */
  gradflow: Record<string, unknown>;
  /** Loads the TypeScript stripper on demand. */
  loadStripTypes: () => Promise<StripTypes>;
  /** Turns a compiled block into its function (default: eval, which the page's runner policy forbids). */
  loadBody?: LoadBody;
}

export function createExecutor({ gradflow, loadStripTypes, loadBody = evalBody }: ExecutorOptions) {
  let stripTypes: StripTypes | undefined;
  let stripLoading: Promise<StripTypes> | undefined;
  const loadStripper = () => (stripLoading ??= loadStripTypes().then((s) => (stripTypes = s)));
  // Engine output and uncaught errors belong to the latest run, including its timers after it returned.
  let active: { stream: OutputStream; sourceName: string; shifts: ColumnShift[]; lastThrow?: ThrowSite } | undefined;
  const sink = (message: EngineMessage) => active?.stream.push(message);
  const torch = gradflow.torch as { manual_seed?: (seed: number) => unknown } | undefined;
  const table = gradflow.table as (rows: never) => void;

  return {
    async ready(): Promise<void> {},

    /** Loads the stripper, resolving once it is there: the page waits for it before running code it did not strip. */
    async prepareTypeScript(): Promise<void> {
      await loadStripper();
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
      const run: NonNullable<typeof active> = { stream, sourceName, shifts: [] };
      active = run;
      setOutputSink(sink); // at every run: the engine's sink is global, and the latest run owns it
      const elapsed = () => performance.now() - start;
      // Build-time stripped code runs as is. Otherwise, until the stripper is loaded, try the code as JavaScript;
      // TypeScript syntax fails to parse and we retry with the stripper.
      const compileBlock = async (source: string, stripped: string | undefined, name: string, inherited: string[]) => {
        let compiled = stripped !== undefined ? compile(stripped, name, undefined, inherited) : compile(source, name, stripTypes, inherited);
        if (!compiled.ok && !stripTypes) compiled = compile(source, name, await loadStripper(), inherited);
        return compiled;
      };
      // Every `throw` passes its value through here; for values that are not Errors, we note where it happened.
      const onThrow = (value: unknown) => {
        if (!(value instanceof Error)) run.lastThrow = { value, site: new Error() };
        return value;
      };
      const scope: Record<string, unknown> = {};
      const log = consoleFor(stream, table);
      setInputValues(inputs);
      torch?.manual_seed?.(0);
      // Setup blocks (`uses=`) run first, in order, filling one scope; a failure names the block it happened in.
      for (const block of setup) {
        const setupName = `gradflow-run-${runId}-setup-${block.id}.js`;
        let shifts: ColumnShift[] = [];
        try {
          const compiled = await compileBlock(block.code, block.js, setupName, Object.keys(scope));
          if (!compiled.ok) throw Object.assign(new SyntaxError(compiled.error.message), { line: compiled.error.line });
          shifts = compiled.compiled.shifts;
          await loadBody(compiled.compiled.script)(gradflow, log, scope, onThrow);
        } catch (thrown) {
          const { message, line } = { ...describeError(thrown, setupName, shifts, run.lastThrow), ...(thrown as { line?: number }) };
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
        run.shifts = compiled.compiled.shifts;
        const body = loadBody(compiled.compiled.script);
        const exported = await body(gradflow, log, scope, onThrow);
        await afterRun?.(exported);
        // A promise rejected with no handler is reported a task later; wait for it, so such a run ends as an error.
        await nextTask();
        return { ok: stream.errors === 0, ms: elapsed(), exports: compiled.compiled.exports };
      } catch (thrown) {
        stream.push(describeError(thrown, sourceName, run.shifts, run.lastThrow));
        return { ok: false, ms: elapsed(), exports: [] };
      } finally {
        stream.flush();
      }
    },

    /** For the worker's unhandledrejection / error events: report to the latest run. */
    reportUncaught(thrown: unknown): void {
      if (active) active.stream.push(describeError(thrown, active.sourceName, active.shifts, active.lastThrow));
    },
  };
}

/** Resolves after the tasks queued so far (two hops: browsers queue unhandled-rejection events as a task of their own). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));

export type Executor = ReturnType<typeof createExecutor>;
