// The page renders only messages of known shape, and plot buffers are transferred rather than copied.
import { describe, expect, it } from "vitest";
import { isOutputMessage, transferables, type OutputMessage } from "../../src/runner/protocol";
import { formatArgs } from "../../src/runner/format-value";

describe("isOutputMessage", () => {
  const valid: OutputMessage[] = [
    { type: "text", level: "log", text: "hi" },
    { type: "error", kind: "runtime", message: "Error: x", line: 3, column: 1 },
    { type: "error", kind: "timeout", message: "stopped" },
    { type: "truncated", count: 10 },
    { type: "progress", value: 1, total: 2, label: "" },
    { type: "table", columns: ["a"], rows: [[1], ["x"], [null], [true]] },
    { type: "plot", plot: { kind: "bar", labels: ["a"], values: new Float64Array([1]), logy: false } },
  ];
  it.each(valid.map((m) => [m.type, m]))("accepts a %s message", (_, m) => expect(isOutputMessage(m)).toBe(true));

  const invalid: unknown[] = [
    null,
    "text",
    { type: "html", html: "<b>" },
    { type: "text", level: "shout", text: "x" },
    { type: "text", level: "log", text: 42 },
    { type: "error", kind: "runtime", message: "x", line: 0 },
    { type: "error", kind: "runtime", message: "x", line: 1.5 },
    { type: "table", columns: ["a"], rows: [[{}]] },
    { type: "plot", plot: { kind: "pie" } },
    { type: "truncated", count: -1 },
  ];
  it.each(invalid.map((m) => [JSON.stringify(m), m]))("rejects %s", (_, m) => expect(isOutputMessage(m)).toBe(false));
});

describe("transferables", () => {
  it("collects each plot buffer once and leaves other messages alone", () => {
    const x = new Float64Array([1, 2]);
    const y = new Float64Array([3, 4]);
    const batch: OutputMessage[] = [
      { type: "text", level: "log", text: "a" },
      { type: "plot", plot: { kind: "line", series: [{ name: "", x, y }, { name: "b", x, y }], logx: false, logy: false } },
    ];
    expect(transferables(batch)).toEqual([x.buffer, y.buffer]);
  });
});

describe("console formatting", () => {
  it("formats like Node's console for common values", () => {
    expect(formatArgs(["s", 1, -0, 2n, true, null, undefined])).toBe("s 1 -0 2n true null undefined");
    expect(formatArgs([["a", 1], { b: { c: [1] } }])).toBe("[ 'a', 1 ] { b: { c: [ 1 ] } }");
    expect(formatArgs([new Float32Array([0.5, 1])])).toBe("Float32Array(2) [ 0.5, 1 ]");
    expect(formatArgs([new Map([["k", 1]]), new Set([1])])).toBe("Map(1) { 'k' => 1 } Set(1) { 1 }");
  });

  it("prints objects through their own toString (how tensors print) and survives cycles", () => {
    class T {
      toString() {
        return "tensor([1., 2.])";
      }
    }
    const cyclic: Record<string, unknown> = { name: "x" };
    cyclic.self = cyclic;
    expect(formatArgs(["t =", new T(), { t: new T() }])).toBe("t = tensor([1., 2.]) { t: tensor([1., 2.]) }");
    expect(formatArgs([cyclic])).toBe("{ name: 'x', self: [Circular] }");
  });

  it("breaks long values over lines and bounds long arrays", () => {
    const long = formatArgs([{ alpha: "a".repeat(40), beta: "b".repeat(40) }]);
    expect(long.split("\n")).toEqual(["{", `  alpha: '${"a".repeat(40)}',`, `  beta: '${"b".repeat(40)}'`, "}"]);
    expect(formatArgs([Array.from({ length: 150 }, () => 0)])).toContain("... 50 more items");
  });
});
