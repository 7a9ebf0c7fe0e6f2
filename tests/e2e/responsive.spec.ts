// At 360 px (the narrowest common phone) no page scrolls sideways; wide code, tables and equations
// scroll inside their own boxes instead.
import { test, expect } from "@playwright/test";
import { pagePaths } from "./site-pages";

test.use({ viewport: { width: 360, height: 740 } });

for (const path of pagePaths) {
  test(`${path} has no horizontal scroll at 360 px`, async ({ page }) => {
    await page.goto(path, { waitUntil: "networkidle" });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });
}
