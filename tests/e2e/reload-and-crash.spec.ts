// A reader's edits survive leaving the page in the middle of things, and a runner that dies is replaced and says so.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { chapterPaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0]!;
// Monaco, a long chapter loaded twice: generous on a loaded machine.
test.describe.configure({ timeout: 180_000 });

const quietBlock = (page: Page, n: number) => page.locator("[data-live-block]:not([data-autorun])").nth(n);

/** Replaces a block's code as typed by a reader; the save is debounced, so nothing is saved yet when this returns. */
async function edit(page: Page, block: Locator, code: string): Promise<void> {
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
}

const codeOf = (block: Locator) => block.locator("[data-code]").innerText();

for (const leave of ["reload", "navigate away"] as const)
  test(`an edit typed during a long run survives a ${leave} at once`, async ({ page }) => {
    const problems = trackPageProblems(page);
    await page.goto(chapter);
    const long = quietBlock(page, 0);
    const other = quietBlock(page, 1);
    await edit(page, long, "while (true) {} // long run");
    await long.getByRole("button", { name: /^Run/ }).click();
    await expect(long).toHaveAttribute("data-state", "running");
    await edit(page, other, 'console.log("typed just before leaving");');
    // No wait for the debounced save: leaving the page must flush it.
    if (leave === "reload") await page.reload();
    else {
      await page.goto("/");
      await page.goto(chapter);
    }
    await expect(quietBlock(page, 0).locator("[data-modified]")).toBeVisible();
    expect(await codeOf(quietBlock(page, 0))).toContain("while (true) {} // long run");
    await expect(quietBlock(page, 1).locator("[data-modified]")).toBeVisible();
    expect(await codeOf(quietBlock(page, 1))).toContain('console.log("typed just before leaving");');
    expect(problems).toEqual([]);
  });

test.describe("a runner that fails", () => {
  test("a runner whose script throws is replaced, the block says so, and the next run works", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // Until the test says otherwise, every runner the page starts gets a script that throws at top level (a real
    // error event from a real worker, in its real frame); then the real script again.
    let crashRunners = true;
    await page.route("**/_astro/worker-*.js", (route) =>
      crashRunners ? route.fulfill({ contentType: "text/javascript", body: 'throw new Error("runner failed to start");' }) : route.continue(),
    );
    await page.goto(chapter);
    const block = quietBlock(page, 0);
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(block.locator("[data-status]")).toHaveText("Runner crashed", { timeout: 20_000 });
    await expect(block.locator("[data-output]")).toContainText("was restarted");
    crashRunners = false;
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(block).toHaveAttribute("data-state", "ok", { timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  test("a runner whose script cannot be fetched ends the run as a crash, and the next run works", async ({ page }) => {
    let failFetch = true;
    await page.route("**/_astro/worker-*.js", (route) => (failFetch ? route.fulfill({ status: 503, body: "" }) : route.continue()));
    await page.goto(chapter);
    const block = quietBlock(page, 0);
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(block.locator("[data-status]")).toHaveText("Runner crashed", { timeout: 20_000 });
    failFetch = false;
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(block).toHaveAttribute("data-state", "ok", { timeout: 30_000 });
  });
});
