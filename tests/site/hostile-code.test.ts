// Hostile and broken code at the executor (what the page's worker runs): every case ends the run with a readable
// message at the reader's line, and runaway output stays bounded. Cases that need the browser (time limit, the
// worker's sandbox, unhandled rejections, rendering) are in tests/e2e/hostile-code.spec.ts.
import { describe, expect, it } from "vitest";
import * as gradflow from "gradflow";
import { createExecutor, MAX_FIGURES_PER_RUN, MAX_MESSAGES_PER_RUN, MAX_TEXT_CHARS } from "../../src/runner/execute";
import { isOutputMessage, type ErrorMessage, type OutputMessage } from "../../src/runner/protocol";
import { stripTypes } from "../../src/runner/strip-types";
import { truncationNote } from "../../src/components/Output";

let runId = 0;
const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });

async function run(code: string) {
  const messages: OutputMessage[] = [];
  const result = await executor.run({ code, runId: ++runId }, (batch) => messages.push(...batch));
  for (const m of messages) expect(isOutputMessage(m), JSON.stringify(m).slice(0, 200)).toBe(true);
  const errors = messages.filter((m): m is ErrorMessage => m.type === "error");
  return { result, messages, errors };
}

/** Runs `code`; it must fail with exactly one error, at `line`, whose message matches `message`. */
async function failsAt(code: string, line: number, message: RegExp, kind: ErrorMessage["kind"] = "runtime") {
  const { result, errors } = await run(code);
  expect(result.ok).toBe(false);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ kind, line, message: expect.stringMatching(message) });
  return errors[0];
}

describe("bad code gives a readable message at the reader's line", () => {
  it("a JavaScript syntax error", async () => {
    await failsAt("const a = 1;\nconst x = ;", 2, /^SyntaxError/, "syntax");
  });

  it("TypeScript the type stripper cannot blank: enum, namespace, parameter properties, <T>x", async () => {
    await failsAt("const a = 1;\nenum Color { Red, Green }\nconsole.log(Color.Red);", 2, /enum is not supported; use a const object/, "syntax");
    await failsAt("namespace Geometry {\n  export const pi = 3.14;\n}", 1, /namespace is not supported/, "syntax");
    await failsAt("class Point {\n  constructor(public x: number) {}\n}", 2, /parameter property .* assign it in the constructor/, "syntax");
    await failsAt("const v: unknown = 1;\nconst n = <number>v;", 2, /write x as T/, "syntax");
  });

  it("an import of anything but gradflow", async () => {
    await failsAt('import { torch } from "gradflow";\nimport x from "nope";', 2, /only import from "gradflow", not "nope"/, "syntax");
  });

  it("throw 42 and throw null, which carry no stack, still name their line", async () => {
    await failsAt("console.log(1);\nthrow 42;", 2, /^Uncaught 42 \(a thrown value that is not an Error/);
    const error = await failsAt("function check(v: unknown) {\n  if (v === undefined)\n    throw null;\n}\ncheck(undefined);", 3, /^Uncaught null/);
    expect(error.column).toBe(11); // at `null`, as the reader wrote it
    // A caught non-Error is the reader's business: nothing is reported, and the value is the one thrown.
    const caught = await run("try { throw 7; } catch (e) { console.log(e === 7); }");
    expect(caught.result.ok).toBe(true);
    expect(caught.messages).toEqual([{ type: "text", level: "log", text: "true" }]);
  });

  it("columns after an instrumented throw on the same line still map back exactly", async () => {
    const code = 'const f = () => { throw "x"; }; const o: any = null; o.boom;';
    const error = await failsAt(code, 1, /^TypeError/);
    expect(error.column).toBe(code.indexOf("boom") + 1);
  });

  it("an error thrown inside a gradient hook", async () => {
    const code = [
      'import { torch } from "gradflow";',
      "const x = torch.ones([3], { requires_grad: true });",
      'x.register_hook(() => { throw new Error("hook failed"); });',
      "x.sum().backward();",
    ].join("\n");
    await failsAt(code, 3, /^Error: hook failed/);
  });

  it("plot data that throws or has the wrong type", async () => {
    await failsAt('import { plot } from "gradflow";\nplot.line({ get loss(): number[] { throw new RangeError("no data"); } });', 2, /^RangeError: no data/);
    await failsAt('import { plot } from "gradflow";\n\nplot.line({ loss: "falling" } as any);', 3, /plot\.line: expected a tensor or an array of numbers/);
    await failsAt('import { table } from "gradflow";\ntable(42 as any);', 2, /table/);
  });

  it("NaN and ±Infinity in plots and tables are data, not errors", async () => {
    const { result, messages } = await run(
      'import { plot, table } from "gradflow";\nplot.line({ a: [1, NaN, Infinity, -Infinity, 2] });\nplot.hist([1, 2, NaN, Infinity]);\ntable([{ x: NaN, y: Infinity, z: -Infinity }]);',
    );
    expect(result.ok).toBe(true);
    expect(messages.map((m) => m.type)).toEqual(["plot", "plot", "table"]);
    expect(messages[2]).toMatchObject({ rows: [[NaN, Infinity, -Infinity]] });
  });

  it("a shape mismatch deep inside a training loop names the op, the shapes and the loop's line", async () => {
    const code = [
      'import { torch, nn, optim, F } from "gradflow";',
      "const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 1));",
      "const opt = new optim.SGD(model.parameters(), { lr: 0.1 });",
      "for (let epoch = 0; epoch < 3; epoch++) {",
      "  for (let step = 0; step < 5; step++) {",
      "    const features = epoch === 2 && step === 3 ? 5 : 4; // a bad batch, late",
      "    const x = torch.randn(16, features);",
      "    const loss = F.mse_loss(model.forward(x), torch.zeros(16, 1));",
      "    opt.zero_grad();",
      "    loss.backward();",
      "    opt.step();",
      "  }",
      "}",
    ].join("\n");
    const error = await failsAt(code, 8, /matmul.*\[16, 5\].*\[4, 8\]/);
    expect(error.message).toMatch(/^GradflowError: matmul/);
  });

  it("recursion without end", async () => {
    await failsAt("function down(n: number): number {\n  return down(n + 1) + 1;\n}\ndown(0);", 2, /^RangeError: Maximum call stack size exceeded/);
  });

  it("huge allocations are refused before any memory is taken", async () => {
    await failsAt('import { torch } from "gradflow";\nconst big = torch.zeros(1e6, 1e6);', 2, /zeros: shape \[1000000, 1000000\].*limit/);
    await failsAt("const xs = new Array(1e10);", 1, /^RangeError: Invalid array length/);
  });

  it("page globals are missing, and the message says why", async () => {
    await failsAt("document.title = 'owned';", 1, /^ReferenceError: document is not defined\. Live blocks run in a Web Worker/);
    await failsAt("const token = localStorage.getItem('gradflow:theme');", 1, /localStorage is not defined\. Live blocks run in a Web Worker.*storage or cookies/);
    await failsAt("console.log(1);\nconsole.log(document.cookie);", 2, /document is not defined/);
  });

  it("closing the runner is refused at once, and the message says why (the worker's scope has no close)", async () => {
    await failsAt('console.log("bye");\nclose();', 2, /^ReferenceError: close is not defined\. Live blocks cannot close the runner.*return or throw/);
    await failsAt("globalThis.close();", 1, /^TypeError: globalThis\.close is not a function\. Live blocks cannot close the runner/);
    await failsAt("globalThis.importScripts('/x.js');", 1, /^TypeError: globalThis\.importScripts is not a function\. Live blocks are sandboxed: no network/);
  });
});

describe("runaway output stays bounded", () => {
  it("a million console.log lines: the first lines are shown, the rest counted, in well under the time limit", async () => {
    const started = performance.now();
    const { result, messages } = await run("for (let i = 0; i < 1e6; i++) console.log(i);");
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(messages.filter((m) => m.type === "text")).toHaveLength(MAX_MESSAGES_PER_RUN);
    const last = messages.filter((m) => m.type === "truncated").at(-1)!;
    expect(last).toEqual({ type: "truncated", count: 1e6 - MAX_MESSAGES_PER_RUN });
    expect(truncationNote(last.count, 0)).toBe("… 998,000 more lines not shown (output is capped per run).");
  });

  it("a flood of plots: a few dozen are drawn, the rest counted", async () => {
    const { result, messages } = await run('import { plot } from "gradflow";\nfor (let i = 0; i < 5000; i++) plot.line([i, i + 1]);');
    expect(result.ok).toBe(true);
    expect(messages.filter((m) => m.type === "plot")).toHaveLength(MAX_FIGURES_PER_RUN);
    expect(messages.filter((m) => m.type === "truncated").at(-1)).toEqual({ type: "truncated", count: 0, figures: 5000 - MAX_FIGURES_PER_RUN });
    expect(truncationNote(0, 4950)).toBe("… 4,950 more plots not shown (output is capped per run).");
  });

  it("one enormous line is cut, with a note of how much", async () => {
    const { messages } = await run('console.log("x".repeat(5e6));');
    const text = messages[0].type === "text" ? messages[0].text : "";
    expect(text.length).toBeLessThan(MAX_TEXT_CHARS + 100);
    expect(text).toMatch(/… \(4,990,000 more characters not shown\)$/);
  });

  it("a flood that never yields still reports how much it dropped while it runs", async () => {
    const arrivals: { type: string; at: number }[] = [];
    let ended = 0;
    await executor.run({ code: "const t = Date.now();\nwhile (Date.now() - t < 700) console.log(t);", runId: ++runId }, (batch) => {
      for (const m of batch) arrivals.push({ type: m.type, at: performance.now() });
    });
    ended = performance.now();
    const early = arrivals.filter((a) => a.type === "truncated" && a.at < ended - 150);
    expect(early.length).toBeGreaterThanOrEqual(2);
  });
});
