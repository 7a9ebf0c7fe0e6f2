// The executor is what the page's worker runs: streamed, formatted output; errors with the reader's line; engine
// plots and tables routed to the run that made them; a cap on runaway output.
import { describe, expect, it } from "vitest";
import * as gradflow from "gradflow";
import { createExecutor, MAX_MESSAGES_PER_RUN } from "../../src/runner/execute";
import { isOutputMessage, type OutputMessage } from "../../src/runner/protocol";
import { stripTypes } from "../../src/runner/strip-types";

let runId = 0;
const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });

async function run(code: string) {
  const messages: OutputMessage[] = [];
  const result = await executor.run({ code, runId: ++runId }, (batch) => messages.push(...batch));
  for (const m of messages) expect(isOutputMessage(m), JSON.stringify(m)).toBe(true);
  return { result, messages, text: messages.flatMap((m) => (m.type === "text" ? [m.text] : [])) };
}

describe("executor", () => {
  it("prints console arguments like the browser console, with levels", async () => {
    const { result, messages } = await run(
      'console.log("a", 1, [1, 2], { k: "v" });\nconsole.warn("careful");\nconsole.error(new RangeError("bad"));',
    );
    expect(result.ok).toBe(true);
    expect(messages).toEqual([
      { type: "text", level: "log", text: "a 1 [ 1, 2 ] { k: 'v' }" },
      { type: "text", level: "warn", text: "careful" },
      { type: "text", level: "error", text: "RangeError: bad" },
    ]);
  });

  it("runs TypeScript by loading the stripper on demand", async () => {
    const { result, text } = await run("const n: number = 2;\nconsole.log(n ** 10);");
    expect(result.ok).toBe(true);
    expect(text).toEqual(["1024"]);
  });

  it("runs build-time stripped code without loading the stripper", async () => {
    const noStripper = createExecutor({
      gradflow: gradflow as Record<string, unknown>,
      loadStripTypes: () => Promise.reject(new Error("the stripper must not load")),
    });
    const code = "const n: number = 3;\nconsole.log(n * 2);\nnull!.x;";
    const messages: OutputMessage[] = [];
    await noStripper.run({ code, js: stripTypes(code).js, runId: ++runId }, (batch) => messages.push(...batch));
    expect(messages[0]).toEqual({ type: "text", level: "log", text: "6" });
    expect(messages[1]).toMatchObject({ type: "error", kind: "runtime", line: 3 });
  });

  it("prepareTypeScript resolves once the stripper is loaded, so TypeScript that also parses as JavaScript keeps its meaning", async () => {
    let loaded = false;
    const slow = createExecutor({
      gradflow: gradflow as Record<string, unknown>,
      loadStripTypes: () => new Promise((resolve) => setTimeout(() => ((loaded = true), resolve(stripTypes)), 50)),
    });
    await slow.prepareTypeScript();
    expect(loaded).toBe(true);
    // As JavaScript `id<number>(3)` is `id < number > 3`, a ReferenceError; as TypeScript it is id(3).
    const messages: OutputMessage[] = [];
    await slow.run({ code: "function id(x) { return x; }\nconsole.log(id<number>(3));", runId: ++runId }, (batch) => messages.push(...batch));
    expect(messages).toEqual([{ type: "text", level: "log", text: "3" }]);
  });

  it("reports a runtime error with the reader's line and keeps the output printed before it", async () => {
    const code = 'console.log("before");\nconst xs: number[] = [];\n\nxs.at(0)!.toFixed(2);\n';
    const { result, messages } = await run(code);
    expect(result.ok).toBe(false);
    expect(messages[0]).toMatchObject({ type: "text", text: "before" });
    expect(messages[1]).toMatchObject({ type: "error", kind: "runtime", line: 4, message: expect.stringMatching(/^TypeError/) });
  });

  it("reports a syntax error as such, and non-Error throws at the line of their throw", async () => {
    expect((await run("let = 3;")).messages[0]).toMatchObject({ type: "error", kind: "syntax", line: 1 });
    const thrown = (await run('\n  throw "oops";')).messages[0];
    expect(thrown).toMatchObject({ type: "error", kind: "runtime", line: 2, column: 9, message: expect.stringContaining('"oops"') });
  });

  it("reports errors that escape the run to that run's output", async () => {
    const messages: OutputMessage[] = [];
    await executor.run({ code: "1;", runId: ++runId }, (batch) => messages.push(...batch));
    executor.reportUncaught(new Error("late"));
    await new Promise((r) => setTimeout(r, 40));
    expect(messages).toEqual([expect.objectContaining({ type: "error", message: "Error: late" })]);
  });

  it("routes plots, tables and progress from the engine into the run's output", async () => {
    const { messages } = await run(
      [
        'import { plot, table, progress } from "gradflow";',
        "for (let i = 1; i <= 5; i++) progress(i, 5);",
        "plot.line({ a: [1, 2, 3], b: [3, 2, 1] }, { title: 't' });",
        "table([{ layer: 1, mean: 0.5 }, { layer: 2, std: 1 }]);",
      ].join("\n"),
    );
    // Within one batch only the latest progress survives; a slow machine may flush between two of them.
    const progress = messages.filter((m) => m.type === "progress");
    expect(progress.length).toBeLessThan(5);
    expect(progress.at(-1)).toEqual({ type: "progress", value: 5, total: 5, label: "" });
    const rest = messages.filter((m) => m.type !== "progress");
    expect(rest.map((m) => m.type)).toEqual(["plot", "table"]);
    expect(rest[1]).toEqual({ type: "table", columns: ["layer", "mean", "std"], rows: [[1, 0.5, null], [2, null, 1]] });
  });

  it("streams each line as it is printed, even from code that never yields", async () => {
    const arrivals: [string, number][] = [];
    const code = 'console.log("first");\nconst t = Date.now();\nwhile (Date.now() - t < 100) {}\nconsole.log("second");';
    await executor.run({ code, runId: ++runId }, (batch) => {
      for (const m of batch) if (m.type === "text") arrivals.push([m.text, performance.now()]);
    });
    expect(arrivals.map(([text]) => text)).toEqual(["first", "second"]);
    expect(arrivals[1][1] - arrivals[0][1]).toBeGreaterThanOrEqual(90);
  });

  it("caps runaway output and says how much was dropped", async () => {
    const extra = 500;
    const { messages } = await run(`for (let i = 0; i < ${MAX_MESSAGES_PER_RUN + extra}; i++) console.log(i);`);
    const texts = messages.filter((m) => m.type === "text");
    expect(texts).toHaveLength(MAX_MESSAGES_PER_RUN);
    expect(messages.filter((m) => m.type === "truncated").at(-1)).toEqual({ type: "truncated", count: extra });
  });
});
