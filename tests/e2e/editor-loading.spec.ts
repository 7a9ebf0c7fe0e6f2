// What loads when: Monaco's stylesheet comes with the editor, not with the page; code the reader changed waits for the
// TypeScript stripper before it runs, even when Run is pressed before the stripper has arrived.
import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chapterPaths, distDir } from "./site-pages";
import { shareUrl } from "../../src/runner/share";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0];

/** The id of the page's first block that does not run on load, read from the built HTML. */
function quietBlockId(path: string): string {
  const html = readFileSync(join(distDir, path, "index.html"), "utf8");
  return [...html.matchAll(/<section class="live-block" id="([\w-]+)"[^>]*>/g)].find((m) => !m[0].includes("data-autorun"))![1];
}

/** Stylesheets with Monaco's rules: their href, or null for the <style> elements Monaco writes itself. */
const monacoSheets = (page: Page) =>
  page.evaluate(() =>
    [...document.styleSheets]
      .filter((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes(".monaco-editor")))
      .map((sheet) => sheet.href),
  );

test("Monaco's stylesheet is not on the page before the first edit and arrives with the editor", async ({ page }) => {
  await page.goto(chapter);
  await page.waitForLoadState("load");
  expect(await monacoSheets(page)).toEqual([]);
  const block = page.locator("[data-live-block]:not([data-autorun])").first();
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 20_000 });
  expect((await monacoSheets(page)).filter((href) => href?.includes("/_astro/"))).toHaveLength(1);
});

test("edited code waits for the TypeScript stripper: Run before it has loaded still runs it as TypeScript", async ({ page, context }) => {
  // As JavaScript, `id<number>(3)` is `id < number > 3` (a ReferenceError); as TypeScript it is id(3).
  const code = "function id(x) { return x; }\nconsole.log(id<number>(3));";
  let delayed = 0;
  await context.route(/\/strip-types-[\w-]+\.js$/, async (route) => {
    delayed++;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const id = quietBlockId(chapter);
  const block = page.locator(`#${id}`);
  await page.goto(chapter + new URL(shareUrl(`http://localhost${chapter}`, id, code)).hash);
  await expect(block.locator("[data-status]")).toHaveText("Loaded from a shared link");
  await block.getByRole("button", { name: /^Run/ }).click();
  await expect(block).toHaveAttribute("data-state", "ok", { timeout: 20_000 });
  await expect(block.locator("[data-output] .live-block__output-body")).toHaveText("3");
  expect(delayed).toBeGreaterThan(0);
});
