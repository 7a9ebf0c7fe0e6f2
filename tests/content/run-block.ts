// Runs a live block's TypeScript in Node the way the page's worker does: strip types, bind the "gradflow" imports to
// the engine, seed the generator, run the module body inside an async function (so top-level await works).
import tsBlankSpace from "ts-blank-space";
import * as gradflow from "gradflow";

export interface BlockRun {
  output: string[];
  error?: unknown;
  ms: number;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (
  ...args: unknown[]
) => Promise<void>;

/** Replaces `import { a, b as c } from "gradflow";` with a destructuring of the engine module, keeping line numbers. */
export function bindGradflowImports(js: string): string {
  return js.replace(/import\s*\{([^}]*)\}\s*from\s*["']gradflow["'];?/g, (_whole, names: string) => {
    const bindings = names
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.replace(/\s+as\s+/, ": "));
    return `const { ${bindings.join(", ")} } = __gradflow;`;
  });
}

/** Exercise starters export what they define; inside a function body `export` is simply dropped. */
function dropExports(js: string): string {
  return js.replace(/^export\s+(?=(const|let|function|class|async)\b)/gm, "");
}

export async function runBlock(code: string): Promise<BlockRun> {
  const body = dropExports(bindGradflowImports(tsBlankSpace(code)));
  if (/\bimport\b[^(]*\bfrom\b/.test(body)) throw new Error("live blocks may only import from \"gradflow\"");
  const output: string[] = [];
  const record = (...args: unknown[]) => output.push(args.map((a) => (typeof a === "string" ? a : String(a))).join(" "));
  const console = { log: record, info: record, warn: record, error: record };
  const fn = new AsyncFunction("__gradflow", "console", body);
  (gradflow as any).torch.manual_seed(0);
  const start = performance.now();
  try {
    await fn(gradflow, console);
  } catch (error) {
    return { output, error, ms: performance.now() - start };
  }
  return { output, ms: performance.now() - start };
}
