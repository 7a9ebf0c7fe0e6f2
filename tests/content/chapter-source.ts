// Reads chapter MDX files and pulls out what the content tests check: live code blocks and <Computed> expressions.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
// The site's own fence-meta parser and dependency resolution, so the tests read `title=…`, `id=…`, `uses=…` exactly
// as the page does.
import { parseFenceMeta } from "../../src/markdown/remark-live-blocks.mjs";
import { parseUses, resolvePage } from "../../src/markdown/block-dependencies.mjs";

const chaptersDir = new URL("../../content/chapters/", import.meta.url).pathname;

export interface Chapter {
  slug: string;
  source: string;
}

export function readChapters(): Chapter[] {
  return readdirSync(chaptersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(chaptersDir, entry.name, "index.mdx")))
    .map((entry) => ({ slug: entry.name, source: readFileSync(join(chaptersDir, entry.name, "index.mdx"), "utf8") }));
}

export interface LiveBlock {
  line: number; // 1-based line of the opening fence in the MDX file
  /** The fence's `id=`, or the id the page gives an unnamed block (`block-<n>`, counting live blocks). */
  id: string;
  title: string;
  meta: Record<string, string | true>;
  code: string;
  /** The blocks the page runs first, in order, in one scope with this one: the preambles, then `uses=`. */
  setup: LiveBlock[];
}

/** Every ```ts run fence in a chapter, in document order, each with its setup blocks. */
export function liveBlocks(source: string): LiveBlock[] {
  const lines = source.split("\n");
  const blocks: LiveBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(ts|typescript)\s+(.*)$/.exec(lines[i]);
    if (!open) continue;
    const meta = parseFenceMeta(open[4]) as Record<string, string | true>;
    const fence = open[2];
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    if (meta.run) {
      const code = lines.slice(i + 1, end).join("\n");
      const id = typeof meta.id === "string" ? meta.id : `block-${blocks.length + 1}`;
      const title = typeof meta.title === "string" ? meta.title : `block at line ${i + 1}`;
      blocks.push({ line: i + 1, id, title, meta, code, setup: [] });
    }
    i = end;
  }
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const orders = resolvePage(blocks.map((b) => ({ id: b.id, uses: parseUses(b.meta.uses), preamble: b.meta.preamble === true })));
  for (const b of blocks) b.setup = orders.get(b.id)!.map((id: string) => byId.get(id)!);
  return blocks;
}

export interface ComputedUse {
  expr: string;
  digits?: number;
  format?: string;
}

/** Every <Computed expr="..." /> in a chapter (expressions use single quotes inside, so `"` ends the attribute). */
export function computedUses(source: string): ComputedUse[] {
  return [...source.matchAll(/<Computed\b([^>]*?)\/>/g)].map((m) => {
    const attrs = m[1];
    const expr = /expr="([^"]*)"/.exec(attrs)?.[1];
    if (expr === undefined) throw new Error(`<Computed> without expr: ${m[0]}`);
    const digits = /digits=\{(\d+)\}/.exec(attrs)?.[1];
    const format = /format="([^"]*)"/.exec(attrs)?.[1];
    return { expr, digits: digits === undefined ? undefined : Number(digits), format };
  });
}
