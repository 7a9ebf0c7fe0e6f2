// The built site's runner loads each block as a classic script that hands its function over (its policy forbids eval);
// Node's tests and the dev server use eval. The two must be indistinguishable to the reader: same output, same errors
// at the same lines and columns.
import { describe, expect, it } from "vitest";
import * as gradflow from "gradflow";
import { createExecutor } from "../../src/runner/execute";
import { scriptBody } from "../../src/runner/load-body";
import type { OutputMessage } from "../../src/runner/protocol";
import { stripTypes } from "../../src/runner/strip-types";

// Node has no importScripts; indirect eval runs the source as the same kind of global classic script, and honours its
// sourceURL as Chromium's importScripts does (the browser suite checks error lines there).
const runScript = (source: string) => void (0, eval)(source);

const executors = {
  eval: createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes }),
  script: createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes, loadBody: scriptBody(runScript) }),
};

async function outputOf(executor: (typeof executors)["eval"], code: string, setup: { id: string; code: string }[] = []) {
  const messages: OutputMessage[] = [];
  const result = await executor.run({ code, runId: 1, setup }, (batch) => messages.push(...batch));
  return { ok: result.ok, exports: result.exports, messages };
}

const cases: [string, string, { id: string; code: string }[]?][] = [
  ["output and exports", 'import { torch } from "gradflow";\nexport const x = torch.ones(2, 3).sum().item();\nconsole.log("sum", x);'],
  ["a runtime error, line and column", 'const a = 1;\n  const b = a.nope.deeper;'],
  ["an engine shape error deep in a loop", 'import { torch } from "gradflow";\nfor (let i = 0; i < 3; i++) {\n  if (i === 2) torch.ones(2, 3).matmul(torch.ones(2, 3));\n}'],
  ["throw of a value that is not an Error", "const f = () => {\n  throw 42;\n};\nf();"],
  ["an async rejection awaited at top level", "async function g() {\n  await null;\n  throw new TypeError('late');\n}\nawait g();"],
  ["strict mode: assigning an undeclared name", "undeclared = 3;"],
  ["TypeScript, stripped first", "const n: number = 2;\nconst s = (n as number).toFixed(1);\nconsole.log(s);\nnull!.x;"],
  ["a failing setup block", "console.log(base);", [{ id: "setup", code: "export const base = 1;\nbase.missing();" }]],
  ["names from a setup block", "console.log(base * 2);", [{ id: "setup", code: "const base = 21;" }]],
];

describe("blocks loaded as scripts behave exactly as evaluated ones", () => {
  for (const [name, code, setup] of cases)
    it(name, async () => {
      const viaScript = await outputOf(executors.script, code, setup);
      expect(viaScript).toEqual(await outputOf(executors.eval, code, setup));
      expect(viaScript.messages.length).toBeGreaterThan(0); // every case says something, so equality means something
    });

  it("errors keep the reader's line through the script loader, which leaves nothing behind", async () => {
    const { messages } = await outputOf(executors.script, "const a = 1;\n\n  a.nope.deeper;");
    expect(messages).toContainEqual(expect.objectContaining({ type: "error", line: 3, column: 10 }));
    expect(Object.getOwnPropertySymbols(globalThis).map(String)).not.toContain("Symbol(gradflow.block)");
  });
});
