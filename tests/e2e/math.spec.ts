// Math is typeset at build time: KaTeX markup is on the page, and no raw TeX or "$" delimiters
// reach the reader anywhere outside code.
import { test, expect } from "@playwright/test";
import { pagePaths, chapterPaths } from "./site-pages";

test("chapters contain typeset KaTeX math with its self-hosted fonts, and no KaTeX errors", async ({ page }) => {
  let formulas = 0;
  for (const path of chapterPaths) {
    await page.goto(path);
    await expect(page.locator(".katex-error")).toHaveCount(0);
    const count = await page.locator(".katex").count();
    formulas += count;
    if (count === 0) continue;
    const fontLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px "KaTeX_Main"');
    });
    expect(fontLoaded, `${path} loaded KaTeX_Main`).toBe(true);
  }
  expect(formulas, "formulas across the book").toBeGreaterThan(0);
});

for (const path of pagePaths) {
  test(`${path} shows no raw TeX`, async ({ page }) => {
    await page.goto(path);
    // The reader's text: everything visible except code (where "$" and backslashes are legitimate)
    // and the typeset math itself.
    const text = await page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      body.querySelectorAll("pre, code, script, style, .katex, .monaco-editor, textarea").forEach((node) => node.remove());
      return body.textContent ?? "";
    });
    expect(text).not.toMatch(/\$/);
    expect(text).not.toMatch(/\\(frac|sigma|sum|prod|mathbb|partial|left|right|begin|cdot|tfrac|operatorname|[a-zA-Z]+\{)/);
  });
}
