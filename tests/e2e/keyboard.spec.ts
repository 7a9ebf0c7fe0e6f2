// A reader with only a keyboard reaches every control in the header, in reading order, and can use
// search without a mouse.
import { test, expect } from "@playwright/test";

test.use({ viewport: { width: 1280, height: 800 } });

test("Tab walks the header in order: skip link, home, search, theme", async ({ page }) => {
  await page.goto("/");
  const expected = [
    page.getByRole("link", { name: "Skip to content" }),
    page.getByRole("link", { name: "Gradient Flow" }).first(),
    page.getByRole("button", { name: /Search/ }),
    page.getByRole("button", { name: /Switch to (dark|light) theme/ }),
  ];
  for (const control of expected) {
    await page.keyboard.press("Tab");
    await expect(control).toBeFocused();
  }
});

test("search opens from the keyboard, takes typing at once, and Escape returns focus", async ({ page }) => {
  await page.goto("/");
  const button = page.getByRole("button", { name: /Search/ });
  await button.focus();
  await page.keyboard.press("Enter");
  const input = page.getByRole("dialog", { name: "Search the book" }).getByRole("textbox");
  await expect(input).toBeFocused();
  await page.keyboard.type("gradient");
  await expect(page.locator(".pagefind-ui__result").first()).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Search the book" })).toBeHidden();
  await expect(button).toBeFocused();
});
