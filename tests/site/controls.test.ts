// Controls declared in code: the engine's input.* return the reader's value (snapped to the control's domain) or the
// default, and tell the page what to show; values persist per block and travel in share links.
import { afterEach, describe, expect, it } from "vitest";
import { input } from "gradflow";
import { setInputValues, type ControlSpec } from "../../engine/input";
import { setOutputSink, type EngineMessage } from "../../engine/output";
import { ControlStore } from "../../src/runner/control-values";
import { readShareFragment, shareUrl } from "../../src/runner/share";
import * as gradflow from "gradflow";
import { createExecutor } from "../../src/runner/execute";
import type { OutputMessage } from "../../src/runner/protocol";
import { stripTypes } from "../../src/runner/strip-types";
import { MemoryStorage } from "./memory-storage";

function declared(fn: () => unknown): { value: unknown; specs: ControlSpec[] } {
  const messages: EngineMessage[] = [];
  setOutputSink((m) => messages.push(m));
  const value = fn();
  return { value, specs: messages.flatMap((m) => (m.type === "input" ? [m.input] : [])) };
}

afterEach(() => {
  setOutputSink(null);
  setInputValues({});
});

describe("input.*", () => {
  it("returns defaults and declares each control with its domain", () => {
    const { value, specs } = declared(() => [
      input.range("depth", { min: 1, max: 50, step: 1, value: 10 }),
      input.select("activation", ["tanh", "relu"], { value: "relu" }),
      input.checkbox("residual"),
      input.number("lr", { value: 0.1 }),
    ]);
    expect(value).toEqual([10, "relu", false, 0.1]);
    expect(specs).toEqual([
      { kind: "range", label: "depth", min: 1, max: 50, step: 1, default: 10, value: 10 },
      { kind: "select", label: "activation", options: ["tanh", "relu"], default: "relu", value: "relu" },
      { kind: "checkbox", label: "residual", default: false, value: false },
      { kind: "number", label: "lr", default: 0.1, value: 0.1 },
    ]);
  });

  it("returns the reader's values, snapped into a range's grid, and ignores values of the wrong kind", () => {
    setInputValues({ depth: 23.4, gain: 7, activation: "gelu", residual: true, lr: "fast" });
    const { value, specs } = declared(() => [
      input.range("depth", { min: 1, max: 50, step: 1, value: 10 }),
      input.range("gain", { min: 0, max: 2, step: 0.25, value: 1 }),
      input.select("activation", ["tanh", "relu"]),
      input.checkbox("residual"),
      input.number("lr", { value: 0.1 }),
    ]);
    expect(value).toEqual([23, 2, "tanh", true, 0.1]);
    expect(specs.map((s) => s.default)).toEqual([10, 1, "tanh", false, 0.1]);
  });

  it("rejects a control that cannot be shown", () => {
    expect(() => input.range("x", { min: 2, max: 1 })).toThrow(/needs min < max/);
    expect(() => input.select("x", [])).toThrow(/at least one option/);
    expect(() => input.select("x", ["a"], { value: "b" as "a" })).toThrow(/not one of the options/);
    expect(() => input.checkbox("")).toThrow(/label/);
  });
});

describe("ControlStore", () => {
  it("keeps values per page and block, and forgets them when there are none", () => {
    const storage = new MemoryStorage();
    const a = new ControlStore(storage, "/chapters/x/", "lab");
    a.save({ depth: 20, activation: "relu", residual: true });
    expect(new ControlStore(storage, "/chapters/x/", "lab").load()).toEqual({ depth: 20, activation: "relu", residual: true });
    expect(new ControlStore(storage, "/chapters/x/", "other").load()).toEqual({});
    a.save({});
    expect(storage.length).toBe(0);
  });

  it("drops corrupt or foreign entries and survives blocked storage", () => {
    const storage = new MemoryStorage();
    storage.setItem("gradflow:v1:controls:/p#b", JSON.stringify({ ok: 1, bad: { nested: true }, nan: null }));
    expect(new ControlStore(storage, "/p", "b").load()).toEqual({ ok: 1 });
    storage.setItem("gradflow:v1:controls:/p#b", "{not json");
    expect(new ControlStore(storage, "/p", "b").load()).toEqual({});
    const blocked = new ControlStore(new MemoryStorage({ blocked: true }), "/p", "b");
    expect(blocked.load()).toEqual({});
    expect(blocked.save({ x: 1 })).toBe(false);
    expect(new ControlStore(undefined, "/p", "b").save({ x: 1 })).toBe(false);
  });
});

describe("share links with control values", () => {
  it("round-trips code and control values; links without values read as before", () => {
    const code = 'import { input } from "gradflow";\nconsole.log(input.range("depth", { min: 1, max: 50, value: 10 }));';
    const controls = { depth: 37, activation: "gelu", residual: true };
    const withValues = new URL(shareUrl("https://example.org/chapters/x/", "lab", code, controls));
    expect(readShareFragment(withValues.hash)).toEqual({ blockId: "lab", code, controls });
    const plain = new URL(shareUrl("https://example.org/chapters/x/", "lab", code));
    expect(readShareFragment(plain.hash)).toEqual({ blockId: "lab", code });
  });

  it("still loads the code when the values are damaged", () => {
    const url = new URL(shareUrl("https://example.org/", "lab", "1", { a: 1 }));
    expect(readShareFragment(`${url.hash.slice(0, -3)}`)).toEqual({ blockId: "lab", code: "1" });
  });
});

describe("a run with control values", () => {
  it("gives the block the reader's values and sends the declarations to the page", async () => {
    const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
    const code = 'import { input } from "gradflow";\nconst n = input.range("n", { min: 1, max: 9, step: 1, value: 3 });\nconsole.log(n * n);';
    const run = async (inputs?: Record<string, unknown>) => {
      const messages: OutputMessage[] = [];
      await executor.run({ code, runId: 1, inputs }, (batch) => messages.push(...batch));
      return messages;
    };
    const changed = await run({ n: 7 });
    expect(changed).toContainEqual({ type: "input", input: { kind: "range", label: "n", min: 1, max: 9, step: 1, default: 3, value: 7 } });
    expect(changed).toContainEqual({ type: "text", level: "log", text: "49" });
    // The next run without values is back to the default: values never leak from one run into another.
    expect(await run()).toContainEqual({ type: "text", level: "log", text: "9" });
  });
});
