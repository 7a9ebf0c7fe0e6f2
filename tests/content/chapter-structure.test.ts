// The chapter's shape, as issue 9 asks for it: every teaching section carries a live block the reader can change,
// and every cross-link (#anchor) lands on a heading, a live block or a figure that exists.
import { describe, it, expect } from "vitest";
import GithubSlugger from "github-slugger";
import { readChapters, liveBlocks } from "./chapter-source";

/** Sections that summarize or grade rather than teach with an experiment. */
const withoutBlocks = new Set(["Summary", "Exercises"]);

/** Heading text as it reaches the page: markdown emphasis and code marks dropped. */
const plain = (heading: string) => heading.replace(/[`*_]/g, "");

for (const chapter of readChapters()) {
  const prose = chapter.source.replace(/^```[\s\S]*?^```/gm, "");
  const headings = [...prose.matchAll(/^#{2,4} (.+)$/gm)].map((m) => plain(m[1]));
  const slugger = new GithubSlugger();
  // A live block's section carries its id, so `#circle` lands on the block with id=circle; a <Figure id=…> its own.
  const figures = [...chapter.source.matchAll(/<Figure\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
  const anchors = new Set([...headings.map((h) => slugger.slug(h)), ...liveBlocks(chapter.source).map((b) => b.id), ...figures]);

  describe(chapter.slug, () => {
    it("every #anchor link points at a heading, a live block or a figure of the chapter", () => {
      const links = [...prose.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
      expect(links.filter((link) => !anchors.has(link))).toEqual([]);
    });
  });
}

describe("saturation-and-gradient-flow", () => {
  const chapter = readChapters().find((c) => c.slug === "saturation-and-gradient-flow")!;
  const sections = chapter.source.split(/^## /m).slice(1);

  it("every teaching section has at least one live block", () => {
    const missing = sections
      .map((section) => ({ title: section.split("\n")[0].trim(), blocks: (section.match(/^```ts run/gm) ?? []).length }))
      .filter((s) => s.blocks === 0 && !withoutBlocks.has(s.title))
      .map((s) => s.title);
    expect(missing).toEqual([]);
  });

  it("key ideas and warnings are called out", () => {
    expect((chapter.source.match(/<Callout type="key"/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect((chapter.source.match(/<Callout type="warning"/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
