// The page's one worker: runs live blocks on the engine, off the main thread, and streams their output back.
import * as Comlink from "comlink";
import * as gradflow from "gradflow";
import { createExecutor } from "./execute";
import { sealWorkerScope } from "./sandbox";
import { loadChecks } from "../exercises/check-suites";
import { gradeRun } from "../exercises/grade";
import { transferables, type OutputListener, type RunnerApi, type RunRequest } from "./protocol";

// Before anything else can run: reader code shares this global scope, so it loses the network, storage and the page.
const page = sealWorkerScope(self);

const executor = createExecutor({
  gradflow: gradflow as Record<string, unknown>,
  loadStripTypes: () => import("./strip-types").then((m) => m.stripTypes),
});

// Errors that escape a run (a rejected promise nobody awaited, a throw inside a timer) are reported, not lost.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  executor.reportUncaught(event.reason);
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  // `throw null` in a timer arrives as error === null; only a missing error object falls back to the message.
  executor.reportUncaught(event.error !== undefined ? event.error : event.message);
});

const api: RunnerApi = {
  ready: () => executor.ready(),
  prepareTypeScript: () => executor.prepareTypeScript(),
  // Plot data is transferred, not copied: the worker never reads a batch again once it is sent.
  run: async (request: RunRequest, onOutput: OutputListener) => {
    const send: OutputListener = (batch) => onOutput(Comlink.transfer(batch, transferables(batch)));
    const { grade } = request;
    const result = await (grade ? gradeRun(executor, { ...request, grade }, send, loadChecks) : executor.run(request, send));
    // Output travels on the listener's own port, so it could land after the result. One round trip on that port
    // (in order behind every batch) before answering means the page has all of a run's output when the run settles.
    await onOutput([]);
    return result;
  },
};

Comlink.expose(api, page);
