// The page's one worker: runs live blocks on the engine, off the main thread, and streams their output back.
import * as Comlink from "comlink";
import * as gradflow from "gradflow";
import { createExecutor } from "./execute";
import { blobScriptRunner, evalBody, privateScript, scriptBody } from "./load-body";
import { sealWorkerScope } from "./sandbox";
import { loadChecks } from "../exercises/check-suites";
import { gradeRun } from "../exercises/grade";
import { transferables, type OutputListener, type PageServices, type RunnerApi, type RunRequest } from "./protocol";
import type { StripTypes } from "./transpile";
import { STRIP_TYPES_KEY } from "./strip-types-key";

// The built site's worker cannot fetch or eval (opaque origin, a policy without 'unsafe-eval'): it runs code as classic
// scripts from blob: URLs through importScripts, which the seal below takes away from reader code. The dev server's
// worker is a module (no importScripts) and has no policy, so it evaluates.
const runScript = import.meta.env.DEV ? undefined : blobScriptRunner(self.importScripts.bind(self));

// Before anything else can run: reader code shares this global scope, so it loses the network, storage and the page.
const page = sealWorkerScope(self);

let pageServices: PageServices | undefined;

const executor = createExecutor({
  gradflow: gradflow as Record<string, unknown>,
  // The page hands the built site's worker the stripper's text.
  loadStripTypes: import.meta.env.DEV
    ? () => import("./strip-types").then((m) => m.stripTypes)
    : async () => {
        runScript!(privateScript(await pageServices!.stripTypesSource()));
        return (globalThis as Record<symbol, unknown>)[STRIP_TYPES_KEY] as StripTypes;
      },
  loadBody: runScript ? scriptBody(runScript) : evalBody,
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
  ready: (page) => {
    pageServices = page;
    return executor.ready();
  },
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

// The page's first message carries the port the runner speaks on (from the page itself, or from the runner's frame).
page.addEventListener("message", (event) => Comlink.expose(api, (event as MessageEvent).ports[0]), { once: true });
