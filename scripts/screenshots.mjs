// Screenshots of the built site for a human to look at: home and first chapter, light and dark,
// desktop (1280 px) and phone (390 px) width. Writes screenshots/*.png (git-ignored); with --readme
// it also writes docs/chapter.png, the picture in README.md. Run `npm run build` first.
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serveStatic } from "../tests/e2e/static-server.mjs";
import { findChromium, CHROMIUM_ARGS } from "../tests/e2e/chromium-path.mjs";

const chapterPath = process.env.CHAPTER ?? "/chapters/saturation-and-gradient-flow/";
const pages = { home: "/", chapter: chapterPath };
const widths = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } };

await mkdir("screenshots", { recursive: true });
const { server, url } = await serveStatic(process.env.SITE_DIST ?? "dist");
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const [pageName, path] of Object.entries(pages)) {
    for (const [widthName, viewport] of Object.entries(widths)) {
      for (const colorScheme of ["light", "dark"]) {
        const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(url + path, { waitUntil: "networkidle" });
        const file = `screenshots/${pageName}-${widthName}-${colorScheme}.png`;
        await page.screenshot({ path: file, fullPage: process.argv.includes("--full") });
        console.log(file);
        await context.close();
      }
    }
  }
  if (process.argv.includes("--readme")) {
    await mkdir("docs", { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light", reducedMotion: "reduce" });
    const page = await context.newPage();
    await page.goto(url + chapterPath, { waitUntil: "networkidle" });
    // Show the book at work: scroll so the first display formula sits in the upper part of the view.
    await page.locator(".katex-display").first().evaluate((el) => scrollTo(0, el.getBoundingClientRect().top + scrollY - 260));
    await page.waitForTimeout(300);
    await page.screenshot({ path: "docs/chapter.png" });
    console.log("docs/chapter.png");
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
