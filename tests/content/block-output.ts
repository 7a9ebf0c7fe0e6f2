// Helpers to run one of a chapter's live blocks (with its setup blocks, as the page does) with some of its constants
// changed the way a reader would edit them, and to read back what it printed, tabulated and plotted.
import { readChapters, liveBlocks, type LiveBlock } from "./chapter-source";
import { runLiveBlock, printed, type BlockRun } from "./run-block";
import type { OutputMessage } from "../../src/runner/protocol";

const chapter = readChapters().find((c) => c.slug === "saturation-and-gradient-flow")!;
const blocks = liveBlocks(chapter.source);

function titled(title: string): LiveBlock {
  const block = blocks.find((b) => b.title === title);
  if (!block) throw new Error(`no live block titled "${title}"`);
  return block;
}

/**
 * Sets constants the way a reader would: a knob declared as a control (`const lr = input.range("lr", …)`) gets its
 * value through the run's inputs, as the page sends a moved slider; any other top-level `const name = …;` has its
 * value replaced in the code. A constant the block does not declare is looked up in its setup blocks, nearest first
 * (the reader edits the setup block and re-runs this one); `edits` holds the changed code by block id.
 */
export function withConstants(
  block: LiveBlock,
  constants: Record<string, unknown>,
): { edits: Record<string, string>; inputs: Record<string, unknown> } {
  const edits: Record<string, string> = {};
  const inputs: Record<string, unknown> = {};
  const candidates = [block, ...[...block.setup].reverse()];
  for (const [name, value] of Object.entries(constants)) {
    const pattern = new RegExp(`^(const ${name}(?::[^=]+)? = )([^;]+);`, "m");
    const owner = candidates.find((b) => pattern.test(edits[b.id] ?? b.code));
    if (!owner) throw new Error(`"${block.title}" and its setup blocks have no constant ${name}`);
    const code = edits[owner.id] ?? owner.code;
    const control = /^input\.\w+(?:<[^>]*>)?\(\s*"([^"]+)"/.exec(pattern.exec(code)![2]);
    if (control) inputs[control[1]] = value;
    else edits[owner.id] = code.replace(pattern, (_m, head: string) => `${head}${JSON.stringify(value)};`);
  }
  return { edits, inputs };
}

export interface Output {
  lines: string[];
  tables: Record<string, unknown>[][];
  /** Every line plot's series by name, in order of the plots. */
  plots: Record<string, number[]>[];
  hists: { name: string; edges: number[]; counts: number[] }[][];
  /** The last sample of every watch(model), layer by layer. */
  watches: { name: string; type: string; saturated: number | null; grad_norm: number | null }[][];
}

function collect(run: BlockRun): Output {
  const error = run.messages.find((m) => m.type === "error");
  if (error && error.type === "error") throw new Error(`${error.message} (block line ${error.line ?? "?"})`);
  const tables: Record<string, unknown>[][] = [];
  const linePlots: Record<string, number[]>[] = [];
  const hists: Output["hists"] = [];
  const watches = new Map<number, Output["watches"][number]>();
  for (const m of run.messages as OutputMessage[]) {
    if (m.type === "table") tables.push(m.rows.map((row) => Object.fromEntries(m.columns.map((c, i) => [c, row[i]]))));
    if (m.type === "plot" && m.plot.kind === "line")
      linePlots.push(Object.fromEntries(m.plot.series.map((s) => [s.name, Array.from(s.y)])));
    if (m.type === "watch") watches.set(m.watch.watch, m.watch.layers);
    if (m.type === "plot" && m.plot.kind === "hist")
      hists.push(m.plot.series.map((s) => ({ name: s.name, edges: Array.from(s.edges), counts: Array.from(s.counts) })));
  }
  return { lines: printed(run), tables, plots: linePlots, hists, watches: [...watches.values()] };
}

/** Runs `block` with its setup blocks and `constants` changed, and collects its output; a run error throws. */
export async function runWith(block: LiveBlock, constants: Record<string, unknown> = {}): Promise<Output> {
  return collect(await runLiveBlock(block, withConstants(block, constants)));
}

export const runTitled = (title: string, constants: Record<string, unknown> = {}) => runWith(titled(title), constants);

/** The first number after `label` in the printed lines (accepts 1.5e-7, 2.7, -0.3). */
export function numberAfter(out: Output, label: string): number {
  for (const line of out.lines) {
    const at = line.indexOf(label);
    if (at < 0) continue;
    const match = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(line.slice(at + label.length));
    if (match) return Number(match[0]);
  }
  throw new Error(`no number after "${label}" in:\n${out.lines.join("\n")}`);
}
