// Runs a chapter's live block in Node through the same executor the page's worker uses (compile, seed, run in a
// fresh scope, stream output), and collects everything it sends.
import * as gradflow from "gradflow";
import { createExecutor } from "../../src/runner/execute";
import { stripTypes } from "../../src/runner/strip-types";
import type { OutputMessage } from "../../src/runner/protocol";

const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
let runs = 0;

export interface BlockRun {
  messages: OutputMessage[];
  ms: number;
}

/** Runs `code`; `inputs` are control values by label, as the page sends them when a reader moves a control. */
export async function runBlock(code: string, inputs?: Record<string, unknown>): Promise<BlockRun> {
  const messages: OutputMessage[] = [];
  const result = await executor.run({ code, runId: ++runs, inputs }, (batch) => messages.push(...batch));
  return { messages, ms: result.ms };
}

/** The text of every console line a run printed. */
export const printed = (run: BlockRun) => run.messages.flatMap((m) => (m.type === "text" ? [m.text] : []));
