// Blocks that build on setup blocks (`uses=`): the header says which, linking to them, and the editor knows the setup
// blocks' names (their current code, edits included), with diagnostics on the reader's own lines.
import { test, expect, type Locator } from "@playwright/test";
import { chapterPaths } from "./site-pages";

test.describe.configure({ timeout: 90_000 });

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0];
const squiggles = (block: Locator) => block.locator(".monaco-editor .squiggly-error");

async function openEditor(block: Locator): Promise<void> {
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 30_000 });
}

/** The vertical middle of an element, to match a squiggle to the editor line it sits on. */
async function middle(locator: Locator): Promise<number> {
  const box = (await locator.boundingBox())!;
  return box.y + box.height / 2;
}

test("a dependent block says what it builds on, linking to the setup block", async ({ page }) => {
  await page.goto(chapter);
  const label = page.locator("#gradient-norms .live-block__builds-on");
  await expect(label).toHaveText("Builds on: The circle task and an MLP builder");
  const link = label.getByRole("link", { name: "The circle task and an MLP builder" });
  await expect(link).toHaveAttribute("href", "#circle");
  await link.click();
  await expect(page).toHaveURL(/#circle$/);
  await expect(page.locator("#circle")).toBeInViewport();
  // A block that builds on nothing has no label.
  await expect(page.locator("#circle .live-block__builds-on")).toHaveCount(0);
});

test("the editor knows the setup block's names and types, and marks errors on the reader's line", async ({ page }) => {
  await page.goto(`${chapter}#gradient-norms`);
  const block = page.locator("#gradient-norms");
  await openEditor(block);

  // A real type error on a new second line (mlp builds an nn.Sequential, not a number): it is the only error, so
  // `mlp`, `x` and `label` from the circle block raise nothing, and it sits on its own line (nothing moved lines).
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText("const depth: number = mlp(nn.Tanh, 2);");
  await expect(squiggles(block)).toHaveCount(1, { timeout: 30_000 });
  const wrongLine = block.locator(".view-line", { hasText: "const depth: number" });
  expect(Math.abs((await middle(squiggles(block))) - (await middle(wrongLine)))).toBeLessThan(8);

  // Without it, the block as written is clean.
  await page.keyboard.press("ControlOrMeta+Shift+K");
  await expect(wrongLine).toHaveCount(0);
  await expect(squiggles(block)).toHaveCount(0);
});

test("a name the reader adds to the setup block becomes known in the dependent's editor", async ({ page }) => {
  await page.goto(`${chapter}#gradient-norms`);
  const block = page.locator("#gradient-norms");
  await openEditor(block);
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("\nconsole.log(answer + 1);");
  await expect(squiggles(block)).toHaveCount(1, { timeout: 30_000 });

  const setup = page.locator("#circle");
  await openEditor(setup);
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("\nconst answer = 6 * 7;");
  await expect(squiggles(block)).toHaveCount(0);
  await expect(squiggles(setup)).toHaveCount(0);
});
