// Offline reading (the service worker written by scripts/build-service-worker.mjs): after one visit, every chapter,
// the engine, Monaco and search work with the network off; a rebuilt site replaces the cache instead of mixing with it.
import { test, expect, type Page } from "@playwright/test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chapterPaths, distDir } from "./site-pages";
import { serveStatic } from "./static-server.mjs";
import { writeServiceWorker } from "../../scripts/build-service-worker.mjs";

// The config blocks service workers for every other spec; these tests are about one.
test.use({ serviceWorkers: "allow" });
test.describe.configure({ timeout: 120_000 });

/** Waits until the service worker has precached the site and controls the page. */
async function offlineReady(page: Page): Promise<string[]> {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 60_000 });
  return page.evaluate(() => caches.keys());
}

test("after one visit, chapters, live blocks, the editor and search work offline", async ({ page, context }) => {
  const [first, second] = chapterPaths;
  await page.goto(first!);
  expect(await offlineReady(page)).toEqual([expect.stringMatching(/^gradflow-[0-9a-f]{16}$/)]);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await context.setOffline(true);
  await page.reload();
  // The network really is off for the service worker too: a file it never cached cannot be fetched.
  expect(await page.evaluate(() => fetch(`/not-cached-${Math.random()}`).then((r) => r.status, () => "failed"))).toBe("failed");
  const block = page.locator("[data-live-block]:not([data-autorun])").first();
  // Edited code needs the TypeScript stripper and Monaco (and its TypeScript worker): all from the cache.
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText('const n: number = 6 * 7;\nconsole.log("offline", n);');
  await block.getByRole("button", { name: /^Run/ }).click();
  await expect(block.locator("[data-output]")).toContainText("offline 42", { timeout: 30_000 });

  await page.goto(second ?? "/");
  await expect(page.locator("h1")).toBeVisible();
  const heading = await page.locator("article h2").first().innerText();
  const term = heading.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0]!;
  await page.locator("body").press("/");
  const dialog = page.getByRole("dialog", { name: "Search the book" });
  await dialog.getByRole("textbox").fill(term);
  await expect(dialog.locator(`a[href^='${second ?? "/"}']`).first()).toBeVisible({ timeout: 20_000 });
  expect(errors).toEqual([]);
});

test("a rebuilt site is served at once online, then replaces the old cache", async ({ page, context }) => {
  const chapter = chapterPaths[0]!;
  // A copy of the build on its own server, so the test can "rebuild" it.
  const root = mkdtempSync(join(tmpdir(), "gradflow-offline-"));
  cpSync(distDir, root, { recursive: true });
  const { server, url } = await serveStatic(root, 0);
  try {
    await page.goto(url + chapter);
    const [before] = await offlineReady(page);

    const page_ = join(root, chapter, "index.html");
    writeFileSync(page_, readFileSync(page_, "utf8").replace(/(<h1[^>]*>)/, "$1Rebuilt: "));
    writeServiceWorker(root);

    await page.reload();
    await expect(page.locator("h1")).toContainText("Rebuilt:"); // the network comes first, never a stale page
    await expect
      .poll(() => page.evaluate(() => caches.keys()), { timeout: 60_000 })
      .toEqual([expect.not.stringMatching(before!)]); // the new build's cache, and only it
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator("h1")).toContainText("Rebuilt:");
  } finally {
    await context.setOffline(false);
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
