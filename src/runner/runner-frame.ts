// The document of the frame the runner worker lives in (built site only; see runner-host.ts). The frame is sandboxed
// without allow-same-origin, so its origin is opaque: no storage, no cookies, no access to the page. Chromium runs such
// a frame in a process of its own, so reader code that exhausts the worker's memory crashes the frame, not the tab.
//
// Its one script is inline (a srcdoc frame cannot load the site's files offline: the service worker does not serve an
// opaque origin) and is allowed by its hash in the page's policy, which the frame inherits. The frame's own policy can
// only narrow that: no network, workers and module imports only from blob: URLs the frame and worker make themselves.

/**
 * Receives the worker's source and two ports from the page, once: starts the worker from a blob: URL and hands it the
 * runner port; answers pings on the control port (so the page can tell a live frame from a crashed one) and reports a
 * worker that fails to start. A classic worker: Chromium will not start a module worker from an opaque origin's blob:
 * URL. The runner's bundle is one file without import or export statements, so it runs as either.
 */
export const FRAME_SCRIPT = `onmessage = (event) => {
  if (event.source !== parent || event.ports.length !== 2) return;
  onmessage = null;
  const [runnerPort, controlPort] = event.ports;
  const url = URL.createObjectURL(new Blob([event.data], { type: "text/javascript" }));
  const worker = new Worker(url, { name: "gradflow-runner" });
  worker.onerror = (error) => {
    error.preventDefault();
    controlPort.postMessage("crashed");
  };
  worker.postMessage(null, [runnerPort]);
  controlPort.onmessage = () => controlPort.postMessage("alive");
};`;

/** What the frame itself may do, on top of the page's policy: its inline script, blob: workers and modules, WASM. */
export const FRAME_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' blob: 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'; base-uri 'none'";

export const FRAME_DOCUMENT = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}"><script>${FRAME_SCRIPT}</script>`;
