// Helpers to run one of the chapter's live blocks with some of its constants changed (the way a reader would edit
// them) and to read back what it printed, tabulated and plotted.
import { readChapters, liveBlocks } from "./chapter-source";
import { runBlock, printed, type BlockRun } from "./run-block";
import type { OutputMessage } from "../../src/runner/protocol";

const chapter = readChapters().find((c) => c.slug === "saturation-and-gradient-flow")!;
const blocks = liveBlocks(chapter.source);

export function blockCode(title: string): string {
  const block = blocks.find((b) => b.title === title);
  if (!block) throw new Error(`no live block titled "${title}"`);
  return block.code;
}

/**
 * Sets constants the way a reader would: a knob declared as a control (`const lr = input.range("lr", …)`) gets its
 * value through the run's inputs, as the page sends a moved slider; any other top-level `const name = …;` has its
 * value replaced in the code.
 */
export function withConstants(code: string, constants: Record<string, unknown>): { code: string; inputs: Record<string, unknown> } {
  let out = code;
  const inputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(constants)) {
    const pattern = new RegExp(`^(const ${name}(?::[^=]+)? = )([^;]+);`, "m");
    const match = pattern.exec(out);
    if (!match) throw new Error(`the block has no constant ${name}`);
    const control = /^input\.\w+(?:<[^>]*>)?\(\s*"([^"]+)"/.exec(match[2]);
    if (control) inputs[control[1]] = value;
    else out = out.replace(pattern, (_m, head: string) => `${head}${JSON.stringify(value)};`);
  }
  return { code: out, inputs };
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

export async function runTitled(title: string, constants: Record<string, unknown> = {}): Promise<Output> {
  const { code, inputs } = withConstants(blockCode(title), constants);
  return collect(await runBlock(code, inputs));
}

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
