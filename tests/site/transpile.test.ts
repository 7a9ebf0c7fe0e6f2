// The compiler keeps every token of the reader's code on its line and column, binds "gradflow" imports, and maps
// errors back to the reader's line:column.
import { describe, expect, it } from "vitest";
import { compile, locateError, positionAt } from "../../src/runner/transpile";
import { stripTypes } from "../../src/runner/strip-types";
import { evalBody } from "../../src/runner/load-body";

const SOURCE = "gradflow-run-1.js";

function compiled(code: string) {
  const result = compile(code, SOURCE, stripTypes);
  if (!result.ok) throw new Error(`did not compile: ${result.error.message}`);
  return result.compiled;
}

/** Evaluates a compiled block the way the worker does, with a fake engine module. */
async function run(code: string, module: Record<string, unknown> = {}) {
  const logs: unknown[][] = [];
  const fn = evalBody(compiled(code).script);
  const exports = await fn(module, { log: (...a: unknown[]) => logs.push(a) }, {}, (v) => v);
  return { logs, exports };
}

/** Where `needle` sits in `code`, as the reader sees it (1-based). */
function where(code: string, needle: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = code.indexOf(needle, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  return positionAt(code, at);
}

const typed = [
  'import { torch, plot as p } from "gradflow";',
  "interface Stats {",
  "  mean: number;",
  "  std: number;",
  "}",
  "const xs: number[] = [1, 2, 3];",
  "function mean(v: readonly number[]): number { return v.reduce((a, b) => a + b, 0) / v.length; }",
  "const s: Stats = { mean: mean(xs), std: 0 } as Stats;",
  "let maybe: string | undefined = undefined;",
  "console.log(s.mean, maybe!, torch, p);",
].join("\n");

describe("compile keeps the reader's lines and columns", () => {
  it("leaves every surviving token where it was", () => {
    const script = compiled(typed).script.split("\n").slice(1); // drop the wrapper's first line
    const reader = typed.split("\n");
    for (const token of ["const xs", "[1, 2, 3]", "function mean", "v.reduce", "{ mean: mean(xs), std: 0 }", "console.log(s.mean, maybe"]) {
      const { line, column } = where(typed, token);
      expect(script[line - 1].slice(column - 1, column - 1 + token.length), token).toBe(token);
      expect(reader[line - 1].slice(column - 1, column - 1 + token.length)).toBe(token);
    }
    // The interface disappears but its lines stay, blank.
    expect(script.slice(1, 5).every((l) => l.trim() === "")).toBe(true);
  });

  it("binds named, renamed and namespace imports to the engine module", async () => {
    const engine = { torch: { name: "torch" }, plot: { name: "plot" } };
    const { logs } = await run(typed, engine);
    expect(logs).toEqual([[2, undefined, engine.torch, engine.plot]]);
    const ns = await run('import * as gf from "gradflow";\nconsole.log(gf.torch);', engine);
    expect(ns.logs).toEqual([[engine.torch]]);
  });

  it("runs top-level await and gives every run a fresh scope", async () => {
    const code = "const x = await Promise.resolve(41);\nconsole.log(x + 1);";
    expect((await run(code)).logs).toEqual([[42]]);
    expect((await run(code)).logs).toEqual([[42]]); // a second `const x` is no redeclaration
  });

  it("records exports and returns their values", async () => {
    const code = [
      "export const a = 1, { b } = { b: 2 };",
      "export function f(): number { return 3; }",
      "const hidden = 4;",
      "export { hidden as shown };",
      "export default 5;",
    ].join("\n");
    expect(compiled(code).exports).toEqual(["a", "b", "f", "shown", "default"]);
    const { exports } = await run(code);
    expect({ ...exports, f: exports.f() }).toEqual({ a: 1, b: 2, f: 3, shown: 4, default: 5 });
  });

  it("compiles plain JavaScript without the type stripper", () => {
    const result = compile('import { torch } from "gradflow";\nconsole.log(torch);', SOURCE);
    expect(result.ok).toBe(true);
  });
});

describe("compile errors point at the reader's code", () => {
  it("reports a JavaScript syntax error at its line and column", () => {
    const code = "const a = 1;\nconst b = (a + ;\n";
    const result = compile(code, SOURCE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ ...where(code, ";", 1), message: expect.stringMatching(/^SyntaxError/) });
  });

  it("reports a TypeScript syntax error with TypeScript's message", () => {
    const code = "const a: number = 1;\nlet b: = 2;\n";
    const result = compile(code, SOURCE, stripTypes);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.line).toBe(2);
      expect(result.error.message).toMatch(/^SyntaxError: Type expected/);
    }
  });

  it("names an unsupported TypeScript construct and where it is", () => {
    const code = "const a = 1;\n\n  enum Color { Red }\n";
    const result = compile(code, SOURCE, stripTypes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ ...where(code, "enum"), message: expect.stringMatching(/enum/i) });
  });

  it("refuses imports from anything but gradflow, at the module name", () => {
    const code = 'import { torch } from "gradflow";\nimport fs from "node:fs";\n';
    const result = compile(code, SOURCE, stripTypes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ ...where(code, '"node:fs"'), message: expect.stringContaining("node:fs") });
  });
});

describe("runtime errors map back to the reader's line:column", () => {
  async function thrown(code: string) {
    try {
      await run(code);
    } catch (error) {
      return error;
    }
    throw new Error("did not throw");
  }

  it("finds a thrown Error below stripped types", async () => {
    const code = 'interface A {\n  x: number;\n}\nconst n: number = 1;\n    throw new Error("boom " + n);\n';
    // `throw` values pass through a hook inserted before them; the recorded shifts undo that on the way back.
    expect(locateError(await thrown(code), SOURCE, compiled(code).shifts)).toEqual(where(code, "new Error"));
  });

  it("finds the reader's call site when the error is raised inside a library function", async () => {
    const code = 'import { torch } from "gradflow";\nconst f = (x: number) => x;\n\nawait Promise.resolve();\nconst t = ([] as any[]).reduce((a, b) => a + b);\n';
    const error = await thrown(code);
    expect(error).toBeInstanceOf(TypeError); // reduce of an empty array with no initial value
    expect(locateError(error, SOURCE)?.line).toBe(5);
  });

  it("has no position for values that are not Errors", async () => {
    expect(locateError(await thrown("throw 42;"), SOURCE)).toBeUndefined();
  });
});
