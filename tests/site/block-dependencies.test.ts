// Blocks that build on others: `uses=` and preambles resolve at build time into a run order; cycles and unknown ids
// fail the build; the runner runs the setup blocks first in one scope.
import { describe, expect, it } from "vitest";
import * as gradflow from "gradflow";
import { resolveUses } from "../../src/markdown/block-dependencies.mjs";
import { remarkLiveBlocks } from "../../src/markdown/remark-live-blocks.mjs";
import { createExecutor } from "../../src/runner/execute";
import type { OutputMessage, SetupBlock } from "../../src/runner/protocol";
import { stripTypes } from "../../src/runner/strip-types";

describe("resolveUses", () => {
  it("puts every dependency before the blocks that use it, each once", () => {
    // d uses b and c, which both use a: a diamond.
    const uses = new Map([["a", []], ["b", ["a"]], ["c", ["a"]], ["d", ["c", "b"]]]);
    const order = resolveUses(uses, "d");
    expect([...order].sort()).toEqual(["a", "b", "c"]);
    for (const [block, named] of uses)
      if (order.includes(block)) for (const n of named) expect(order.indexOf(n)).toBeLessThan(order.indexOf(block));
    expect(resolveUses(uses, "a")).toEqual([]);
  });

  it("names the blocks of a cycle", () => {
    const uses = new Map([["a", ["c"]], ["b", ["a"]], ["c", ["b"]], ["d", ["a"]]]);
    expect(() => resolveUses(uses, "d")).toThrow("uses= forms a cycle: a → c → b → a");
    expect(() => resolveUses(new Map([["self", ["self"]]]), "self")).toThrow("cycle: self → self");
  });

  it("names an unknown id and the block that uses it", () => {
    const uses = new Map([["a", []], ["b", ["a", "missing"]]]);
    expect(() => resolveUses(uses, "b")).toThrow('"b" uses unknown block id "missing"');
  });
});

/** Runs the remark plugin over live fences given as meta strings; returns each block's `uses` attribute. */
function compileFences(metas: string[]): (string | undefined)[] {
  const children = metas.map((meta, i) => ({ type: "code", lang: "ts", meta, value: `const v${i} = ${i};`, position: { start: { line: i + 1 } } }));
  const tree = { type: "root", children };
  remarkLiveBlocks()(tree, { path: "chapter.mdx" });
  return tree.children.map((node) => (node as unknown as { attributes: { name: string; value: string }[] }).attributes.find((a) => a.name === "uses")?.value);
}

describe("remark live blocks: uses= and preamble", () => {
  it("passes the resolved run order to the block, preambles first", () => {
    expect(compileFences(["run id=setup preamble", "run id=data", "run id=model uses=data", "run uses=model"])).toEqual([
      undefined,
      "setup",
      "setup,data",
      "setup,data,model",
    ]);
  });

  it("a hidden preamble is still run first by every other block, and only a preamble can be hidden", () => {
    const children = ["run id=setup preamble hidden", "run id=a"].map((meta, i) => ({ type: "code", lang: "ts", meta, value: "", position: { start: { line: i + 1 } } }));
    const tree = { type: "root", children };
    remarkLiveBlocks()(tree, { path: "chapter.mdx" });
    const attributes = tree.children.map((node) => (node as unknown as { attributes: { name: string; value: unknown }[] }).attributes);
    expect(attributes[0].some((a) => a.name === "hidden")).toBe(true);
    expect(attributes[1].find((a) => a.name === "uses")?.value).toBe("setup");
    expect(attributes[1].some((a) => a.name === "hidden")).toBe(false);
    expect(() => compileFences(["run id=a hidden"])).toThrow(/chapter\.mdx:1: live block: only a preamble can be hidden/);
  });

  it("names the visible setup blocks, in run order with their titles, for the Builds on label", () => {
    const metas = ['run id=pre preamble hidden', 'run id=data title="The data"', "run id=model uses=data", "run uses=model", "run id=alone"];
    const children = metas.map((meta, i) => ({ type: "code", lang: "ts", meta, value: "", position: { start: { line: i + 1 } } }));
    const tree = { type: "root", children };
    remarkLiveBlocks()(tree, { path: "chapter.mdx" });
    const buildsOn = tree.children.map((node) => {
      const value = (node as unknown as { attributes: { name: string; value: string }[] }).attributes.find((a) => a.name === "buildsOn")?.value;
      return value === undefined ? undefined : JSON.parse(value);
    });
    // The hidden preamble runs first for every block but has nothing to link to; a block without a title is named by id.
    expect(buildsOn).toEqual([
      undefined,
      undefined,
      [{ id: "data", title: "The data" }],
      [{ id: "data", title: "The data" }, { id: "model" }],
      undefined,
    ]);
  });

  it("fails the build with the fence's line for an unknown id or a cycle", () => {
    expect(() => compileFences(["run id=a", "run id=b uses=nope"])).toThrow(/chapter\.mdx:2: live block: "b" uses unknown block id "nope"/);
    expect(() => compileFences(["run id=a uses=b", "run id=b uses=a"])).toThrow(/chapter\.mdx:1: .*cycle: a → b → a/);
    expect(() => compileFences(["run id=a uses"])).toThrow(/uses= needs block ids/);
  });
});

describe("running a block with its setup", () => {
  const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
  let runId = 0;
  async function run(code: string, setup: SetupBlock[]) {
    const messages: OutputMessage[] = [];
    const result = await executor.run({ code, runId: ++runId, setup }, (batch) => messages.push(...batch));
    return { result, messages, text: messages.flatMap((m) => (m.type === "text" ? [m.text] : [])) };
  }

  it("sees the setup blocks' top-level declarations, in order, in one scope", async () => {
    const data = { id: "data", code: 'import { torch } from "gradflow";\nconst x = torch.ones(2, 3);\nfunction double(n: number) { return 2 * n; }' };
    const model = { id: "model", code: "let total = x.sum().item();\nclass Box { v: number; constructor(v: number) { this.v = v; } }" };
    const { result, text } = await run("console.log(double(total), new Box(7).v, torch.zeros(1).numel());", [data, model]);
    expect(result.ok).toBe(true);
    expect(text).toEqual(["12 7 1"]);
  });

  it("lets the block redeclare a setup name (its own declaration wins)", async () => {
    const { result, text } = await run('import { torch } from "gradflow";\nconst n = 5;\nconsole.log(n);', [{ id: "s", code: "const n = 1;" }]);
    expect(result.ok).toBe(true);
    expect(text).toEqual(["5"]);
  });

  it("seeds once before the setup, so setup and block share one random stream", async () => {
    const setup = [{ id: "s", code: 'import { torch } from "gradflow";\nconst a = torch.rand(1).item();' }];
    const { text } = await run("console.log(a, torch.rand(1).item());", setup);
    const together = await run('import { torch } from "gradflow";\nconsole.log(torch.rand(1).item(), torch.rand(1).item());', []);
    expect(text).toEqual(together.text);
  });

  it("reports a failing setup block by id and line, and does not run the block", async () => {
    const { result, messages, text } = await run('console.log("not reached");', [{ id: "data", code: "const a = 1;\nnull.boom;" }]);
    expect(result.ok).toBe(false);
    expect(text).toEqual([]);
    const error = messages.find((m) => m.type === "error");
    expect(error).toMatchObject({ type: "error", message: expect.stringMatching(/^In setup block "data" \(line 2\): TypeError/) });
    expect(error).not.toHaveProperty("line");
  });
});
