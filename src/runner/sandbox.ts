// Walls the worker's global scope off before reader code shares it: no network, no other workers or channels, no
// access to the site's storage (IndexedDB, the offline cache), and no direct line to the page. The runner frame's
// Content-Security-Policy (runner-frame.ts) is the other wall; this one also stands where a policy is missing (the dev
// server) and covers what CSP does not govern (IndexedDB, the Cache API, BroadcastChannel).
// Dynamic import() is syntax, not a global, so only the policy's script-src stops `import("https://…")`.

/** Globals reader code must not have. Each is deleted wherever it lives on the scope's prototype chain. */
export const SANDBOXED_GLOBALS = [
  // network
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  // more contexts, and channels to other same-origin pages
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
  // the site's storage (the page's localStorage is out of reach already; workers have no such global)
  "indexedDB",
  "caches",
  "requestFileSystem",
  "webkitRequestFileSystem",
  "webkitResolveLocalFileSystemURL",
  // the page: only the runner talks to it, through the endpoint below; and closing the worker is the runner's job
  "postMessage",
  "close",
] as const;

/** What Comlink needs to talk to the page; the only remaining way to post to it. */
export interface PageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener: typeof globalThis.addEventListener;
  removeEventListener: typeof globalThis.removeEventListener;
}

/** Deletes `name` from `target` and every prototype above it (web APIs live on prototypes, e.g. the global's). */
function removeEverywhere(target: object | null | undefined, name: string): void {
  for (let o = target; o; o = Object.getPrototypeOf(o) as object | null) {
    if (Object.prototype.hasOwnProperty.call(o, name)) Reflect.deleteProperty(o, name);
  }
}

/**
 * Seals `scope` (the worker's global) and returns a private endpoint to the page for the runner's own messages.
 * Call once, before any reader code runs.
 */
export function sealWorkerScope(scope: typeof globalThis): PageEndpoint {
  const post = scope.postMessage as unknown as PageEndpoint["postMessage"];
  const endpoint: PageEndpoint = {
    postMessage: (message, transfer) => post.call(scope, message, transfer ?? []),
    addEventListener: scope.addEventListener.bind(scope),
    removeEventListener: scope.removeEventListener.bind(scope),
  };
  for (const name of SANDBOXED_GLOBALS) removeEverywhere(scope, name);
  // Origin-private file system (navigator.storage.getDirectory) and storage estimates.
  removeEverywhere((scope as { navigator?: object }).navigator, "storage");
  return endpoint;
}
