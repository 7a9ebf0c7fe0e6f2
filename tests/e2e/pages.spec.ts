// Every page loads cleanly, and unknown URLs get the 404 page.
import { test, expect } from "@playwright/test";
import { pagePaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";

for (const path of pagePaths) {
  test(`${path} loads with no console errors or failed requests`, async ({ page }) => {
    const problems = trackPageProblems(page);
    const response = await page.goto(path, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.locator("main#main-content")).toBeVisible();
    await expect(page.locator("h1")).toHaveCount(1);
    expect(problems).toEqual([]);
  });
}

test("an unknown URL answers 404 with the book's not-found page", async ({ page }) => {
  const response = await page.goto("/no-such-chapter/");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page does not exist");
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("printing hides navigation and keeps the text", async ({ page }) => {
  const chapter = pagePaths.find((path) => path.startsWith("/chapters/"))!;
  await page.goto(chapter);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator("#book-contents")).toBeHidden();
  await expect(page.locator("article h1")).toBeVisible();
});
