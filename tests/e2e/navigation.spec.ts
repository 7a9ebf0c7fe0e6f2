// The ways a reader moves around: sidebar, "On this page", heading anchors, prev/next, skip link.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { chapterPaths } from "./site-pages";

const chapter = chapterPaths[0]!;

/** The element a hash link points at is on screen, near the top (below the sticky header). */
async function expectLandedOn(page: Page, id: string) {
  await expect(page).toHaveURL(new RegExp(`#${id}$`));
  const target = page.locator(`[id="${id}"]`);
  await expect(target).toBeInViewport();
  // Near the top, below the sticky header, unless the page is scrolled to its end and cannot go further.
  const { top, atEnd } = await target.evaluate((element) => ({
    top: element.getBoundingClientRect().top,
    atEnd: innerHeight + scrollY >= document.documentElement.scrollHeight - 2,
  }));
  expect(top).toBeGreaterThanOrEqual(0);
  if (!atEnd) expect(top).toBeLessThan(250);
}

/** The ids that hash links point at, after checking each exists exactly once on the page. */
async function hashTargets(page: Page, links: Locator): Promise<string[]> {
  const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
  const ids = hrefs.map((href) => decodeURIComponent(href.split("#")[1] ?? ""));
  const counts = await page.evaluate((list) => list.map((id) => document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length), ids);
  expect(counts, `targets of ${hrefs.join(", ")}`).toEqual(ids.map(() => 1));
  return ids;
}

/** First, middle and last index: clicking every link of a long chapter adds minutes and no coverage. */
function sample(length: number): number[] {
  return [...new Set([0, Math.floor(length / 2), length - 1])];
}

test.describe("on a wide screen", () => {
  // Reduced motion turns off smooth scrolling, so a link click lands at once.
  test.use({ viewport: { width: 1400, height: 900 }, reducedMotion: "reduce" });
  // Long chapters have many links to follow.
  test.slow();

  test("every 'On this page' link has its heading; followed links land on it and are marked", async ({ page }) => {
    await page.goto(chapter);
    const toc = page.getByRole("navigation", { name: "On this page" });
    const ids = await hashTargets(page, toc.locator("a"));
    expect(ids.length).toBeGreaterThan(1);
    for (const index of sample(ids.length)) {
      const link = toc.locator("a").nth(index);
      await link.click();
      await expectLandedOn(page, ids[index]!);
      await expect(link).toHaveAttribute("aria-current", "true");
    }
  });

  test("the sidebar marks the current chapter; its section links have targets and land", async ({ page }) => {
    await page.goto(chapter);
    const sidebar = page.getByRole("navigation", { name: "Chapters", exact: true });
    await expect(sidebar.locator("a[aria-current='page']")).toHaveAttribute("href", chapter);
    const sections = sidebar.locator(".section-list a");
    const ids = await hashTargets(page, sections);
    expect(ids.length).toBeGreaterThan(0);
    for (const index of sample(ids.length)) {
      await sections.nth(index).click();
      await expectLandedOn(page, ids[index]!);
    }
  });

  test("every sidebar chapter link opens that chapter", async ({ page }) => {
    await page.goto(chapter);
    for (const path of chapterPaths) {
      await page.getByRole("navigation", { name: "Chapters", exact: true }).locator(`a[href='${path}']`).click();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.locator(`#book-contents a[aria-current='page']`)).toHaveAttribute("href", path);
    }
  });

  test("heading anchor links point at their own heading", async ({ page }) => {
    await page.goto(chapter);
    const mismatches = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>(".heading-anchor")].flatMap((anchor) => {
        const heading = anchor.parentElement?.querySelector("h2, h3");
        return heading && anchor.getAttribute("href") === `#${heading.id}` ? [] : [anchor.outerHTML];
      }),
    );
    expect(mismatches).toEqual([]);
    const first = page.locator(".heading-anchor").first();
    await first.focus();
    await page.keyboard.press("Enter");
    await expectLandedOn(page, (await first.getAttribute("href"))!.slice(1));
  });

  test("previous/next links follow the book's order", async ({ page }) => {
    for (const [index, path] of chapterPaths.entries()) {
      await page.goto(path);
      const nav = page.getByRole("navigation", { name: "Previous and next chapters" });
      if (chapterPaths.length === 1) {
        await expect(nav).toHaveCount(0);
        continue;
      }
      if (index > 0) await expect(nav.locator("a[rel='prev']")).toHaveAttribute("href", chapterPaths[index - 1]!);
      if (index < chapterPaths.length - 1) await expect(nav.locator("a[rel='next']")).toHaveAttribute("href", chapterPaths[index + 1]!);
    }
  });
});

test("the skip link is the first Tab stop and moves focus to the text", async ({ page }) => {
  await page.goto(chapter);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main-content")).toBeFocused();
});

test("on a phone the header's Contents link reaches the chapter list", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(chapter);
  await page.getByRole("link", { name: "Contents", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Chapters", exact: true })).toBeInViewport();
});
