// The worker's scope seal: every network, storage and page channel is gone from reader code's reach, wherever on
// the prototype chain the browser keeps it, while the runner keeps its own line to the page.
import { describe, expect, it } from "vitest";
import { SANDBOXED_GLOBALS, sealWorkerScope } from "../../src/runner/sandbox";

/** A stand-in for a DedicatedWorkerGlobalScope: web APIs on prototypes, a few on the object itself. */
function fakeWorkerScope() {
  const posted: unknown[] = [];
  const workerProto = { postMessage: (m: unknown) => posted.push(m), close() {} };
  const globalProto = Object.assign(Object.create(workerProto), { fetch() {}, importScripts() {}, indexedDB: {}, caches: {} });
  const scope = Object.assign(Object.create(globalProto), {
    XMLHttpRequest: class {},
    WebSocket: class {},
    Worker: class {},
    BroadcastChannel: class {},
    addEventListener() {},
    removeEventListener() {},
    navigator: Object.create({ storage: {}, hardwareConcurrency: 2 }),
    Math,
  });
  return { scope, posted, protos: [workerProto, globalProto] };
}

describe("sealWorkerScope", () => {
  it("removes every sandboxed global from the scope and its prototypes", () => {
    const { scope, protos } = fakeWorkerScope();
    sealWorkerScope(scope);
    for (const name of SANDBOXED_GLOBALS) {
      expect(name in scope, name).toBe(false);
      for (const proto of protos) expect(Object.prototype.hasOwnProperty.call(proto, name), name).toBe(false);
    }
    expect("storage" in scope.navigator).toBe(false);
    // What computation needs stays.
    expect(scope.Math).toBe(Math);
    expect(scope.navigator.hardwareConcurrency).toBe(2);
  });

  it("leaves the runner a private endpoint to the page", () => {
    const { scope, posted } = fakeWorkerScope();
    const endpoint = sealWorkerScope(scope);
    endpoint.postMessage({ hello: 1 });
    expect(posted).toEqual([{ hello: 1 }]);
    expect(typeof endpoint.addEventListener).toBe("function");
  });
});
