// Which edited code must wait for the TypeScript stripper before it runs. The worker tries unstripped code as
// JavaScript first and uses the stripper only if that fails to parse, so the rule must catch every piece of TypeScript
// that also parses as JavaScript: checked here against acorn (the worker's parser) and ts-blank-space itself.
import { describe, expect, it } from "vitest";
import { parse } from "acorn";
import { needsStripperFirst } from "../../src/runner/client";
import { stripTypes } from "../../src/runner/strip-types";

const parsesAsJavaScript = (code: string) => {
  try {
    parse(code, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true });
    return true;
  } catch {
    return false;
  }
};

const typescript = [
  "function id(x) { return x; }\nconsole.log(id<number>(3));",
  "const m = new Map<string, number>([['a', 1]]);",
  "const t = tag<Row>`select`;",
  "const xs = make<Array<number>>(3);",
  "obj?.method<string>(x);",
  "const n: number = 2;",
  "let xs = [] as number[];",
  "const f = <T,>(x: T) => x;",
  "function g(x?: number): void {}",
  "interface P { x: number }",
  "type Pair = [number, number];",
  "const y = x!.value;",
  "import type { Tensor } from 'gradflow';",
  "enum Color { Red }",
  "abstract class A {}",
  "class C { private n = 1; }",
  "const v = <number>someValue;",
  "const s = value satisfies string;",
  "let a: Array<number> = [];",
];

describe("needsStripperFirst", () => {
  it("is false for plain JavaScript, as readers mostly type", () => {
    for (const code of ['console.log("edited", 6 * 7);', "[1, 2].map((x) => x * 2);", "if (a < b) f(x);", 'while (true) {}'])
      expect(needsStripperFirst(code), code).toBe(false);
  });

  it("catches type arguments before a call or a template", () => {
    for (const code of typescript.slice(0, 5)) expect(needsStripperFirst(code), code).toBe(true);
  });

  it("lets through only TypeScript that JavaScript rejects, so the worker's fallback strips it", () => {
    for (const code of typescript) {
      const meansTheSame = stripTypes(code).js === code;
      if (!needsStripperFirst(code)) expect(meansTheSame || !parsesAsJavaScript(code), code).toBe(true);
    }
  });

  it("the generic call is real: JavaScript parses it, and stripping changes it", () => {
    const code = typescript[0];
    expect(parsesAsJavaScript(code)).toBe(true);
    expect(stripTypes(code).js).not.toBe(code);
  });
});
