// Reads chapter MDX files and pulls out what the content tests check: live code blocks and <Computed> expressions.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
// The site's own fence-meta parser, so the tests read `title=…`, `timeout=…` exactly as the page does.
import { parseFenceMeta } from "../../src/markdown/remark-live-blocks.mjs";

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
  title: string;
  meta: Record<string, string | true>;
  code: string;
}


/** Every ```ts run fence in a chapter, in document order. */
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
      blocks.push({ line: i + 1, title: typeof meta.title === "string" ? meta.title : `block at line ${i + 1}`, meta, code });
    }
    i = end;
  }
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
