// Every ```ts run block in every chapter runs in Node against the engine, after its setup blocks as on the page,
// without error, and shows something: console text, a table, a plot or a progress bar. This is the Node half of
// "every example on the page works".
import { describe, it, expect } from "vitest";
import { readChapters, liveBlocks } from "./chapter-source";
import { runLiveBlock, printed } from "./run-block";

/** The page stops a block after its time limit (fence `timeout=`, else the runner's default of 10 s); a block that
 * cannot finish within it in Node will not finish in a reader's browser either. Slow blocks are reported. */
const defaultTimeLimitMs = 10_000;
const slowMs = 1000;

for (const chapter of readChapters()) {
  const blocks = liveBlocks(chapter.source);
  describe.skipIf(blocks.length === 0)(chapter.slug, () => {
    // A hidden preamble is not a block a reader can run on its own; it runs (and is checked) before every other block.
    for (const block of blocks.filter((b) => b.meta.hidden !== true)) {
      it(`${block.title} (line ${block.line})`, async () => {
        const run = await runLiveBlock(block);
        const error = run.messages.find((m) => m.type === "error");
        if (error) {
          const where = error.line ? ` at block line ${error.line} (file line ${block.line + error.line})` : "";
          throw new Error(`${error.message}${where}`);
        }
        expect(run.messages.length, "the block printed and plotted nothing").toBeGreaterThan(0);
        for (const line of printed(run)) expect(line, "a printed value is NaN").not.toMatch(/\bNaN\b/);
        const limitMs = block.meta.timeout ? Number(block.meta.timeout) : defaultTimeLimitMs;
        expect(run.ms, "the block runs longer than its time limit").toBeLessThan(limitMs);
        if (run.ms > slowMs) console.warn(`slow live block: ${chapter.slug} "${block.title}" took ${Math.round(run.ms)} ms`);
      });
    }
  });
}
