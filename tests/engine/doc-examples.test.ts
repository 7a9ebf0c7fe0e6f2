// Every `@example expr  // expected` line in the engine's op docs is run, and must print exactly the expected
// PyTorch output, so the documentation cannot drift from the engine.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { F, torch } from "gradflow";

const engineDir = fileURLToPath(new URL("../../engine/", import.meta.url));
const files = ["creation.ts", ...readdirSync(`${engineDir}ops`).map((f) => `ops/${f}`)];

describe("doc-comment examples print what they promise", () => {
  const examples = files.flatMap((file) =>
    [...readFileSync(`${engineDir}${file}`, "utf8").matchAll(/@example (.+?)\s+\/\/ (.+?)(?: \*\/)?$/gm)].map((m) => [file, m[1], m[2]]));
  it("there are examples", () => expect(examples.length).toBeGreaterThan(25));
  for (const [file, expr, expected] of examples) {
    it(`${file}: ${expr}`, () => {
      const value = new Function("torch", "F", `return (${expr});`)(torch, F);
      expect(String(value)).toBe(expected);
    });
  }
});
