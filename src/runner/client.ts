// The page side of the runner: one warm worker for the whole page, runs queued one at a time, a time limit, and Stop.
// Stopping or timing out terminates the worker (the only way to interrupt synchronous code) and starts a fresh one,
// so the page never freezes and the next run is warm again.
import * as Comlink from "comlink";
import type { ErrorKind, OutputListener, RunnerApi, SetupBlock } from "./protocol";
import { startRunner, stripTypesSource, type RunnerHost } from "./runner-host";

export type RunStatus = "ok" | "error" | "timeout" | "stopped" | "crash";

export interface RunOutcome {
  status: RunStatus;
  /** Milliseconds from the start of the run (not the wait in the queue) to its end. */
  ms: number;
}

export interface RunOptions {
  /** The code with types already blanked (from the build), so the worker needs no TypeScript parser for it. */
  js?: string;
  timeoutMs: number;
  onOutput: OutputListener;
  /** Called when the run leaves the queue and starts. */
  onStart?: () => void;
  /** Grade the code against this exercise's checks ("<chapter>/<id>"); the report arrives as a "grade" message. */
  grade?: string;
  /** Blocks to run first in the same scope (`uses=`), and the reader's control values. */
  setup?: SetupBlock[];
  inputs?: Record<string, unknown>;
}

export interface RunHandle {
  /** Settles after the run's last output was passed to onOutput (the worker's output port is drained first). */
  done: Promise<RunOutcome>;
  /** Stops the run at once (or drops it from the queue). */
  stop(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Whether code the build did not strip must wait for the TypeScript stripper. The worker tries such code as JavaScript
 * first and falls back to the stripper when it does not parse, which is right for every TypeScript construct but one:
 * type arguments before a call or a template, `f<T>(x)`, which JavaScript reads as `(f < T) > x`. Code that might hold
 * one (a `<`, later a `>` and then `(` or a backtick) waits; a false alarm costs only the wait.
 */
export function needsStripperFirst(code: string): boolean {
  return /<[^]*>\s*[(`]/.test(code);
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

type AbortKind = Extract<ErrorKind, RunStatus>;

const abortMessages: Record<AbortKind, (ms: number) => string> = {
  timeout: (ms) => `Time limit reached: stopped after ${seconds(ms)}. The runner was restarted, so nothing is left running.`,
  stopped: () => "Stopped. The runner was restarted, so nothing is left running.",
  crash: () => "The runner crashed (out of memory?) and was restarted. Run again.",
};

export class Runner {
  private host: RunnerHost | undefined;
  private api: Comlink.Remote<RunnerApi> | undefined;
  private onCrash: (() => void) | undefined;
  /** Settles once this worker has the TypeScript stripper; undefined until something asks for it. */
  private stripper: Promise<void> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private nextRunId = 1;

  /** Starts the worker if none is running, so the first Run does not pay for it. */
  warm(): void {
    if (this.api) return;
    // A runner that dies (its script throws at top level, it runs out of memory) is replaced: mid-run, the run ends as
    // a crash and says so; while idle, it is dropped so the next run starts a fresh one instead of waiting on it.
    const host = startRunner(() => {
      if (this.onCrash) this.onCrash();
      else if (this.host === host) this.discard();
    });
    this.host = host;
    this.api = Comlink.wrap<RunnerApi>(host.port);
    void this.api.ready(Comlink.proxy({ stripTypesSource }));
  }

  private discard(): void {
    this.host?.dispose();
    this.host = this.api = this.stripper = undefined;
  }

  private restart(): void {
    this.discard();
    this.warm();
  }

  /** Loads the TypeScript stripper in the worker ahead of a run that will need it (the reader is editing). */
  prepareTypeScript(): void {
    void this.loadStripper();
  }

  private loadStripper(): Promise<void> {
    this.warm();
    return (this.stripper ??= this.api!.prepareTypeScript().catch(() => {}));
  }

  run(code: string, { js, timeoutMs, onOutput, onStart, grade, setup, inputs }: RunOptions): RunHandle {
    let settled = false;
    let stop: () => void = () => {};
    const done = new Promise<RunOutcome>((resolve) => {
      const settle = (outcome: RunOutcome) => {
        if (settled) return false;
        settled = true;
        resolve(outcome);
        return true;
      };
      stop = () => settle({ status: "stopped", ms: 0 }); // still queued: just drop it

      const start = () =>
        new Promise<void>((release) => {
          if (settled) return release();
          this.warm();
          onStart?.();
          let began = performance.now();
          let timer: ReturnType<typeof setTimeout> | undefined;
          const finish = (status: RunStatus) => {
            clearTimeout(timer);
            this.onCrash = undefined;
            if (settle({ status, ms: performance.now() - began })) release();
          };
          const abort = (kind: AbortKind) => {
            if (settled) return;
            this.restart();
            const ms = performance.now() - began;
            onOutput([{ type: "error", kind, message: abortMessages[kind](ms) }]);
            finish(kind);
          };
          stop = () => abort("stopped");
          this.onCrash = () => abort("crash");
          const api = this.api!;
          const listener = Comlink.proxy<OutputListener>((batch) => onOutput(batch));
          // Code the build did not strip waits for the stripper if it may need it, or if the stripper is on its way
          // anyway (the reader is editing): the worker cannot start the code while it loads that parser, and the time
          // limit and the run's time are the code's. Stop works while it loads.
          const unstripped = [{ code, js }, ...(setup ?? [])].filter((block) => block.js === undefined);
          const typed = unstripped.some((block) => needsStripperFirst(block.code));
          const stripper = typed ? this.loadStripper() : unstripped.length ? this.stripper : undefined;
          void (stripper ?? Promise.resolve()).then(() => {
            if (settled) return;
            began = performance.now();
            timer = setTimeout(() => abort("timeout"), timeoutMs);
            api.run({ code, js, runId: this.nextRunId++, grade, setup, inputs }, listener).then(
              (result) => finish(result.ok ? "ok" : "error"),
              () => abort("crash"),
            );
          });
        });
      this.queue = this.queue.then(start);
    });
    return { done, stop: () => stop() };
  }
}

/** The page's runner, shared by all its blocks. */
export const runner = new Runner();
