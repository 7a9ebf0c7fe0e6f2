// Experiments: controls declared in a block's code (input.range/select/…) re-run it when moved, persist, travel in
// share links and reset; blocks that build on others (`uses=`) see their setup and go stale when it is edited.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { chapterPaths, distDir } from "./site-pages";
import { readFileSync } from "node:fs";
import { join } from "node:path";

test.describe.configure({ timeout: 90_000 });

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0];
const output = (block: Locator) => block.locator("[data-output] .live-block__output-body");

async function finished(block: Locator): Promise<void> {
  await expect(block).toHaveAttribute("data-state", /^(ok|error|timeout|stopped|crash)$/, { timeout: 30_000 });
}

/** The activation explorer: an autorun block with a select ("activation") and a slider ("probe"). */
async function openExplorer(page: Page, url = `${chapter}#explorer`): Promise<Locator> {
  await page.goto(url);
  const block = page.locator("#explorer");
  await expect(block.getByRole("slider", { name: "probe" })).toBeVisible({ timeout: 30_000 });
  await finished(block);
  return block;
}

test("moving a slider re-runs the block with the new value, the old output dimmed rather than blank", async ({ page }) => {
  const block = await openExplorer(page);
  await expect(output(block)).toContainText("sigmoid(5) =");
  // Record whether the output ever goes blank between the move and the new output.
  await output(block).evaluate((body) => {
    const w = window as unknown as { blank: boolean };
    w.blank = false;
    new MutationObserver(() => (w.blank ||= body.childElementCount === 0)).observe(body, { childList: true });
  });
  await block.getByRole("slider", { name: "probe" }).fill("-2");
  await expect(output(block)).toContainText("sigmoid(-2) =");
  // sigmoid'(-2) = σ(-2)(1 − σ(-2)), printed to three significant digits.
  const s = 1 / (1 + Math.exp(2));
  await expect(output(block)).toContainText(`sigmoid'(-2) = ${(s * (1 - s)).toPrecision(3)}`);
  expect(await page.evaluate(() => (window as unknown as { blank: boolean }).blank)).toBe(false);
  await expect(block.locator("[data-output]")).not.toHaveAttribute("data-dimmed");

  // The value persists across a reload, and Reset controls restores the default.
  await page.reload();
  await expect(block.getByRole("slider", { name: "probe" })).toHaveValue("-2", { timeout: 30_000 });
  await expect(output(block)).toContainText("sigmoid(-2) =");
  await block.getByRole("button", { name: "Reset controls" }).click();
  await expect(output(block)).toContainText("sigmoid(5) =");
  await expect(block.getByRole("slider", { name: "probe" })).toHaveValue("5");
});

test("Run pressed while an autorun or a control's re-run is in flight ends with the latest run's output", async ({ page }) => {
  // Run at once, while the autorun is queued or running: the autorun is replaced, the reader's run is shown.
  await page.goto(`${chapter}#explorer`);
  const block = page.locator("#explorer");
  await block.getByRole("button", { name: /^Run/ }).click();
  await finished(block);
  await expect(output(block)).toContainText("sigmoid(5) =");
  await expect(block.locator("[data-output]")).not.toHaveAttribute("data-dimmed");

  // Move the slider, then press Run before (or while) the re-run it started is done; then move it twice in a row.
  await block.getByRole("slider", { name: "probe" }).fill("-2");
  await block.getByRole("button", { name: /^Run/ }).click();
  await finished(block);
  await expect(output(block)).toContainText("sigmoid(-2) =");
  await expect(output(block)).toContainText("of its largest slope"); // the run's last line
  await output(block).evaluate((body) => {
    const w = window as unknown as { blank: boolean };
    w.blank = false;
    new MutationObserver(() => (w.blank ||= body.childElementCount === 0)).observe(body, { childList: true });
  });
  await block.getByRole("slider", { name: "probe" }).fill("1");
  await block.getByRole("slider", { name: "probe" }).fill("3");
  await expect(output(block)).toContainText("sigmoid(3) =", { timeout: 30_000 });
  await finished(block);
  expect(await page.evaluate(() => (window as unknown as { blank: boolean }).blank)).toBe(false);

  // Settled means all of the run's output is in: nothing is cleared or dimmed afterwards.
  await page.waitForTimeout(1000);
  await expect(output(block)).toContainText("sigmoid(3) =");
  await expect(output(block)).not.toContainText("sigmoid(-2) =");
  await expect(block.locator("[data-output]")).not.toHaveAttribute("data-dimmed");
  await expect(block.getByRole("slider", { name: "probe" })).toBeVisible();
});

test("a share link restores the control values", async ({ page, browser }) => {
  const block = await openExplorer(page);
  await block.getByRole("combobox", { name: "activation" }).selectOption("tanh");
  await expect(output(block)).toContainText("tanh(5) =");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await block.getByRole("button", { name: /^Share/ }).click();
  await expect(block.locator("[data-status]")).toHaveText("Link copied");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#share=explorer\.[\w-]+\.[\w-]+$/); // code, then control values

  const fresh = await (await browser.newContext()).newPage(); // no saved values: only the link carries them
  const shared = await openExplorer(fresh, link);
  await expect(shared.getByRole("combobox", { name: "activation" })).toHaveValue("tanh");
  await expect(output(shared)).toContainText("tanh(5) =");
});

/** The setup blocks a block runs first (`data-uses`, resolved at build time), read from the built page. */
function setupOf(path: string, id: string): string[] {
  const html = readFileSync(join(distDir, path, "index.html"), "utf8");
  const section = new RegExp(`<section class="live-block" id="${id}"[^>]*>`).exec(html)?.[0];
  if (!section) throw new Error(`${path} has no live block #${id}`);
  return /data-uses="([\w,-]+)"/.exec(section)?.[1].split(",") ?? [];
}

async function editAtEnd(page: Page, block: Locator, text: string): Promise<void> {
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText(text);
}

test("a block that uses a setup block sees its definitions, runs its edits, and goes stale when it is edited", async ({ page }) => {
  // Chapter 1's "Gradient norm per parameter" builds its model with `mlp` on `x` and `label` from the circle block.
  expect(setupOf(chapter, "gradient-norms")).toEqual(["circle"]);
  await page.goto(`${chapter}#gradient-norms`);
  const block = page.locator("#gradient-norms");
  await block.getByRole("button", { name: /^Run/ }).click();
  await finished(block);
  expect(await block.getAttribute("data-state"), await output(block).innerText()).toBe("ok");
  await expect(output(block)).toContainText("circle task: 128 points"); // the setup ran first, in the same run
  await expect(output(block)).toContainText("total gradient norm:"); // and its names were the block's to use
  await expect(block.locator("[data-stale]")).toBeHidden();

  // Edit the setup: the dependent says it is stale, naming the setup, until it runs again with the edited setup.
  const setup = page.locator("#circle");
  await editAtEnd(page, setup, "\nconst answer = 6 * 7;\nconsole.log(`edited setup: ${answer}`);");
  await expect(block.locator("[data-stale]")).toBeVisible();
  await expect(block.locator("[data-stale]")).toContainText("circle");
  await block.getByRole("button", { name: /^Run/ }).click();
  await finished(block);
  await expect(block.locator("[data-stale]")).toBeHidden();
  await expect(output(block)).toContainText("edited setup: 42");
  await expect(output(block)).toContainText("total gradient norm:");

  // A name the setup now defines is visible to the dependent's own code.
  await editAtEnd(page, block, "\nconsole.log(`dependent sees ${answer + 1}`);");
  await block.getByRole("button", { name: /^Run/ }).click();
  await finished(block);
  expect(await block.getAttribute("data-state"), await output(block).innerText()).toBe("ok");
  await expect(output(block)).toContainText("dependent sees 43");
});
