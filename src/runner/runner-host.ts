// Where the runner worker lives. In the built site it lives inside a sandboxed, opaque-origin frame (runner-frame.ts):
// Chromium gives such a frame a process of its own, so a block that exhausts the worker's memory crashes only that
// frame, and the page notices and starts a new one. Under Vite's dev server (no bundle to hand over) the page starts
// the worker itself. Either way the runner speaks Comlink on `port`.
import { FRAME_DOCUMENT } from "./runner-frame";
import { privateScript } from "./load-body";
import runnerUrl from "./worker.ts?worker&url";
import stripTypesUrl from "./strip-types-module.ts?worker&url";

export interface RunnerHost {
  /** The runner's end of its Comlink channel. */
  port: MessagePort;
  /** Ends the worker (and its frame) at once, whatever it is doing. */
  dispose(): void;
}

/** How often the page asks the frame whether it is alive, and how many unanswered asks mean it crashed. */
const PING_MS = 1000;
const MISSED_PINGS = 4;

/** A built file's text (from the service worker's cache or the HTTP cache after the first visit). */
async function sourceOf(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** The TypeScript stripper's module text (built site only; the dev worker imports it itself). */
export const stripTypesSource = () => sourceOf(stripTypesUrl);

/** Starts a runner; `onCrash` is called (at most once) if it dies on its own. */
export function startRunner(onCrash: () => void): RunnerHost {
  return import.meta.env.DEV ? startWorkerInPage(onCrash) : startWorkerInFrame(onCrash);
}

function startWorkerInPage(onCrash: () => void): RunnerHost {
  const worker = new Worker(runnerUrl, { type: "module", name: "gradflow-runner" });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    onCrash();
  });
  const { port1, port2 } = new MessageChannel();
  worker.postMessage(null, [port2]);
  return { port: port1, dispose: () => worker.terminate() };
}

function startWorkerInFrame(onCrash: () => void): RunnerHost {
  const runner = new MessageChannel();
  const control = new MessageChannel();
  const frame = document.createElement("iframe");
  frame.sandbox.add("allow-scripts");
  frame.className = "runner-frame"; // unseen, but not hidden (see the class)
  frame.title = "Code runner";
  frame.tabIndex = -1;
  frame.setAttribute("aria-hidden", "true");
  frame.srcdoc = FRAME_DOCUMENT;

  let ended = false;
  let pinger: ReturnType<typeof setInterval> | undefined;
  const crash = () => {
    if (ended) return;
    dispose();
    onCrash();
  };
  const dispose = () => {
    ended = true;
    clearInterval(pinger);
    frame.remove();
  };

  // A crashed frame says nothing, so the page asks. Asks sent while the page itself was held up (a busy main thread, a
  // throttled background tab) do not count: only a frame that stays silent while the page keeps time has crashed.
  let unanswered = 0;
  let lastTick = performance.now();
  control.port1.onmessage = (event) => {
    if (event.data === "alive") unanswered = 0;
    else if (event.data === "crashed") crash();
  };
  const ping = () => {
    const now = performance.now();
    const onTime = now - lastTick < 2 * PING_MS;
    lastTick = now;
    if (onTime && ++unanswered > MISSED_PINGS) return crash();
    if (!onTime) unanswered = 0;
    control.port1.postMessage("ping");
  };

  frame.addEventListener(
    "load",
    () => {
      sourceOf(runnerUrl).then(
        (source) => {
          if (ended) return;
          frame.contentWindow!.postMessage(privateScript(source), "*", [runner.port2, control.port2]);
          pinger = setInterval(ping, PING_MS);
        },
        crash,
      );
    },
    { once: true },
  );
  document.body.append(frame);
  return { port: runner.port1, dispose };
}
