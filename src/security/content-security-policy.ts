// The page's Content-Security-Policy, set as a <meta> tag by BaseLayout in production builds (Vite's dev server needs
// inline scripts and a websocket). The runner's frame (src/runner/runner-frame.ts) inherits it and narrows it further;
// its worker inherits the frame's. docs/security.md explains each exception; tests/site/content-security-policy.test.ts
// keeps the policies honest and the browser suite checks they hold in Chromium.
import { createHash } from "node:crypto";
import { FRAME_SCRIPT } from "../runner/runner-frame";

/** The CSP source that allows exactly this inline script. */
export const hashSource = (script: string) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;

/** Directive → sources, so each exception sits next to its reason. */
const page: Record<string, string[]> = {
  "default-src": ["'self'"],
  // Our own files, no eval. Pagefind's search index (here) and the engine's kernels (in the runner) are WebAssembly.
  // The runner frame's one inline script, by its hash; the runner's modules (its worker, reader blocks, the TypeScript
  // stripper) from blob: URLs, which only code already running can make.
  "script-src": ["'self'", "'wasm-unsafe-eval'", hashSource(FRAME_SCRIPT), "blob:"],
  // KaTeX and Shiki write style="" attributes, and Monaco adds <style> elements as it opens. Styles cannot run code.
  "style-src": ["'self'", "'unsafe-inline'"],
  // Monaco's stylesheet carries a few small data: images (its sash and scroll shadows).
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  // Monaco's language workers from our files; the runner's worker from a blob: URL inside its frame.
  "worker-src": ["'self'", "blob:"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
};

export const PAGE_POLICY = Object.entries(page)
  .map(([directive, sources]) => `${directive} ${sources.join(" ")}`)
  .join("; ");
