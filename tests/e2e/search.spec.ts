// Search runs on the static Pagefind index (no server): "/" opens it, and a word from the chapter finds it.
import { test, expect } from "@playwright/test";
import { chapterPaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";

test("'/' opens search and a term from the chapter finds the chapter", async ({ page }) => {
  const chapter = chapterPaths[0]!;
  await page.goto(chapter);
  // A distinctive word from the chapter's first section heading (the longest one).
  const heading = await page.locator("article h2").first().innerText();
  const term = heading.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0]!;
  expect(term.length).toBeGreaterThan(3);

  await page.goto("/");
  const problems = trackPageProblems(page);
  await page.locator("body").press("/");
  const dialog = page.getByRole("dialog", { name: "Search the book" });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole("textbox");
  await expect(input).toBeFocused();
  await input.fill(term);
  const result = dialog.locator(`a[href^='${chapter}']`).first();
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(new RegExp(chapter));
  expect(problems).toEqual([]);
});

test("Escape closes search", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /Search/ }).click();
  const dialog = page.getByRole("dialog", { name: "Search the book" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});
