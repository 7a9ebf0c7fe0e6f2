// axe-core on every page, in both themes (contrast differs), with zero serious or critical violations.
import { test, expect } from "@playwright/test";
import { pagePaths } from "./site-pages";
import { seriousAxeViolations } from "./axe";

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });
    for (const path of pagePaths) {
      test(`axe finds no serious violations on ${path}`, async ({ page }) => {
        // A chapter is a large page (tens of thousands of elements with its math and code).
        test.slow();
        await page.goto(path, { waitUntil: "networkidle" });
        expect(await seriousAxeViolations(page)).toEqual([]);
      });
    }
  });
}

test("axe finds no serious violations in the open search dialog", async ({ page }) => {
  await page.goto("/");
  await page.locator("body").press("/");
  await page.getByRole("dialog", { name: "Search the book" }).getByRole("textbox").fill("gradient");
  await expect(page.locator(".pagefind-ui__result").first()).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
});
