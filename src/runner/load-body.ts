// How a compiled block (transpile.ts) becomes the function that runs it. The built site's runner works under a
// Content-Security-Policy without 'unsafe-eval', so there each block runs as a classic script from a blob: URL (a
// module would do too, but every module stays in the worker's module map for good: about 35 KB a run). Node and the
// dev server evaluate it directly. Both keep the compiled script's lines (line 1 is the wrapper's) and its sourceURL,
// which is how errors find the reader's line.

/** A compiled block: `(gradflow, console, scope, onThrow) => exports`. */
export type Body = (
  gradflow: unknown,
  console: unknown,
  scope: Record<string, unknown>,
  onThrow: (value: unknown) => unknown,
) => Promise<Record<string, unknown>>;

export type LoadBody = (script: string) => Body;

/** Runs JavaScript source as a classic script, at once (the worker's importScripts of a blob: URL). */
export type RunScript = (source: string) => void;

/** Indirect eval, in strict mode. */
export const evalBody: LoadBody = (script) => (0, eval)(`"use strict"; ${script}`) as Body;

/** A worker's script runner: `importScripts` (taken before the scope is sealed) of a blob: URL, released after. */
export const blobScriptRunner =
  (importScripts: (url: string) => void): RunScript =>
  (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      importScripts(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  };

/**
 * A bundle (the worker's, the stripper's) as a classic script whose top-level names stay its own: a classic script's
 * top-level `const`s land in the global scope, where reader code could reach the runner's internals by name (and two
 * minified bundles would collide).
 */
export const privateScript = (source: string) => `(function () {\n"use strict";\n${source}\n})();`;

/** Where a block's script leaves its function for the loader, which takes it at once. */
const SLOT = Symbol.for("gradflow.block");

/** The block as a strict classic script that hands its function over through a global slot. */
export const scriptBody =
  (runScript: RunScript): LoadBody =>
  (script) => {
    const global = globalThis as Record<symbol, unknown>;
    runScript(`"use strict"; globalThis[Symbol.for(${JSON.stringify(SLOT.description)})] = ${script}`);
    const body = global[SLOT] as Body;
    delete global[SLOT];
    return body;
  };
