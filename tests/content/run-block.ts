// Runs a chapter's live block in Node through the same executor the page's worker uses (compile, seed, run its setup
// blocks and then it in one fresh scope, stream output), and collects everything it sends.
import * as gradflow from "gradflow";
import { createExecutor } from "../../src/runner/execute";
import { stripTypes } from "../../src/runner/strip-types";
import type { OutputMessage, SetupBlock } from "../../src/runner/protocol";
import type { LiveBlock } from "./chapter-source";

const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
let runs = 0;

export interface BlockRun {
  messages: OutputMessage[];
  ms: number;
}

export interface RunOptions {
  /** Control values by label, as the page sends them when a reader moves a control. */
  inputs?: Record<string, unknown>;
  /** The blocks to run first in the same scope (`uses=`, preambles), in order. */
  setup?: SetupBlock[];
}

/** Runs `code` after its setup blocks. */
export async function runBlock(code: string, { inputs, setup }: RunOptions = {}): Promise<BlockRun> {
  const messages: OutputMessage[] = [];
  const result = await executor.run({ code, runId: ++runs, inputs, setup }, (batch) => messages.push(...batch));
  return { messages, ms: result.ms };
}

/**
 * Runs a chapter's block as the page does, with its setup blocks first. `edits` replaces the code of the block or of
 * any of its setup blocks by id, the way a reader edits a setup block and re-runs the block that uses it.
 */
export function runLiveBlock(block: LiveBlock, { inputs, edits = {} }: { inputs?: RunOptions["inputs"]; edits?: Record<string, string> } = {}) {
  const codeOf = (b: LiveBlock) => edits[b.id] ?? b.code;
  return runBlock(codeOf(block), { inputs, setup: block.setup.map((b) => ({ id: b.id, code: codeOf(b) })) });
}

/** The text of every console line a run printed. */
export const printed = (run: BlockRun) => run.messages.flatMap((m) => (m.type === "text" ? [m.text] : []));
