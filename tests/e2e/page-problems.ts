// Collects what a reader would never see but a broken page shows in DevTools: console errors,
// uncaught exceptions, failed requests and HTTP errors. Attach before page.goto().
import type { Page } from "@playwright/test";

export function trackPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText;
    // ERR_ABORTED is the browser cancelling a request because the page navigated away (e.g. the favicon of a page
    // left at once), not a failure of the site.
    if (reason !== "net::ERR_ABORTED") problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}
