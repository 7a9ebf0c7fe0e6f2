// How a compiled block (transpile.ts) becomes the function that runs it. The page's runner works under a
// Content-Security-Policy without 'unsafe-eval', so there each block is an ES module loaded from a blob: URL; Node
// (the tests) evaluates it directly. Both keep the compiled script's lines (line 1 is the wrapper's) and its
// sourceURL, which is how errors find the reader's line.

/** A compiled block: `(gradflow, console, scope, onThrow) => exports`. */
export type Body = (
  gradflow: unknown,
  console: unknown,
  scope: Record<string, unknown>,
  onThrow: (value: unknown) => unknown,
) => Promise<Record<string, unknown>>;

export type LoadBody = (script: string) => Promise<Body>;

/** Indirect eval, in strict mode as a module would be. */
export const evalBody: LoadBody = async (script) => (0, eval)(`"use strict"; ${script}`) as Body;

/** Imports `source` as an ES module from a blob: URL, which is released once the module is loaded. */
export async function importFromBlob<T>(source: string): Promise<T> {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return (await import(/* @vite-ignore */ url)) as T;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The block as a module whose default export is its function. `importModule` is injectable for Node's tests. */
export const moduleBody =
  (importModule: (source: string) => Promise<{ default: Body }> = importFromBlob): LoadBody =>
  async (script) =>
    (await importModule(`export default ${script}`)).default;
