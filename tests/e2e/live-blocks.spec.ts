// Live code blocks in Chromium: every block runs cleanly; editing, saving, Reset, Share, Stop, the time limit, plots,
// error lines and keyboard use work as a reader would use them.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chapterPaths, distDir } from "./site-pages";
import { trackPageProblems } from "./page-problems";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0];

/** A block that does not run on load, so its output is only what the test causes. */
function quietBlock(page: Page, n = 0): Locator {
  return page.locator("[data-live-block]:not([data-autorun])").nth(n);
}

async function finished(block: Locator): Promise<string> {
  await expect(block).not.toHaveAttribute("data-state", /^(queued|running)$/, { timeout: 20_000 });
  await expect(block).toHaveAttribute("data-state", /.+/);
  return (await block.getAttribute("data-state"))!;
}

async function run(block: Locator): Promise<string> {
  await block.getByRole("button", { name: /^Run/ }).click();
  return finished(block);
}

/** Opens the editor and replaces the block's code, as typed by a reader. */
async function edit(page: Page, block: Locator, code: string): Promise<void> {
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
}

const output = (block: Locator) => block.locator("[data-output]");

/** The live block ids of a built page, read from its HTML, so each block is its own test. */
function blockIds(path: string): string[] {
  const html = readFileSync(join(distDir, path, "index.html"), "utf8");
  return [...html.matchAll(/<section class="live-block" id="([\w-]+)"/g)].map((m) => m[1]);
}

// One page per chapter, its blocks run in order (loading the long chapter once per block took most of this file's
// time). Each test counts only the problems that appeared during it; a failing test gets a fresh page for the rest.
for (const path of chapterPaths)
  test.describe(`every live block of ${path}`, () => {
    test.describe.configure({ mode: "default", timeout: 90_000 });
    let page: Page;
    let problems: string[];
    test.beforeAll(async ({ browser }) => {
      page = await browser.newPage();
      problems = trackPageProblems(page);
      await page.goto(path);
    });
    test.afterAll(() => page.close());

    for (const id of blockIds(path))
      test(`${path}#${id} runs with output and no error`, async () => {
        const before = problems.length;
        const block = page.locator(`#${id}`);
        await block.scrollIntoViewIfNeeded();
        expect(await run(block), await output(block).innerText()).toBe("ok");
        await expect(output(block).getByRole("alert")).toHaveCount(0);
        await expect(output(block).locator(".live-block__output-body")).not.toBeEmpty();
        expect(problems.slice(before)).toEqual([]);
      });
  });

test.describe("a live block", () => {
  // Opening Monaco for the first time is slow on a loaded two-core machine.
  test.describe.configure({ timeout: 90_000 });
  test.beforeEach(async ({ page }) => {
    await page.goto(chapter);
  });

  test("first paint is highlighted code and a Run button wired to a polite output region", async ({ page }) => {
    const block = quietBlock(page);
    await expect(block.locator("pre.astro-code .line").first()).toBeVisible();
    const runButton = block.getByRole("button", { name: /^Run/ });
    const outputId = await runButton.getAttribute("aria-controls");
    await expect(page.locator(`#${outputId}`)).toHaveAttribute("aria-live", "polite");
    for (const verb of ["Stop", "Reset"]) await expect(block.getByRole("button", { name: new RegExp(`^${verb}`) })).toHaveCount(1);
    expect(await page.evaluate(() => typeof (window as unknown as { monaco?: unknown }).monaco)).toBe("undefined");
    await expect(block.locator(".monaco-editor")).toHaveCount(0);
  });

  test("editing changes the output; the edit survives a reload; Reset restores the original", async ({ page }) => {
    const block = quietBlock(page);
    const original = await block.locator("[data-code]").innerText();
    await edit(page, block, 'console.log("edited", 6 * 7);');
    await expect(block.locator("[data-modified]")).toBeVisible();
    expect(await run(block)).toBe("ok");
    await expect(output(block)).toContainText("edited 42");

    await page.reload();
    const again = quietBlock(page);
    await expect(again.locator("[data-code]")).toContainText('console.log("edited", 6 * 7);');
    await expect(again.locator("[data-modified]")).toBeVisible();
    expect(await run(again)).toBe("ok");
    await expect(output(again)).toContainText("edited 42");

    await again.getByRole("button", { name: /^Reset/ }).click();
    await expect(again.locator("[data-modified]")).toBeHidden();
    await expect(again.locator("[data-code]")).toHaveText(original);
    await page.reload();
    await expect(quietBlock(page).locator("[data-code]")).toHaveText(original);
  });

  test("a share link opens the page with the shared code in that block", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const block = quietBlock(page, 1);
    await edit(page, block, 'console.log("shared", [1, 2, 3].map((x) => x * 2));');
    await block.getByRole("button", { name: /^Share/ }).click();
    await expect(block.locator("[data-status]")).toHaveText("Link copied");
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toMatch(/#share=[\w-]+\.[\w-]+$/);

    const other = await context.newPage();
    await other.goto(url);
    const id = /#share=([\w-]+)\./.exec(url)![1];
    const shared = other.locator(`#${id}`);
    await expect(shared.locator("[data-code]")).toContainText('console.log("shared"');
    expect(await run(shared)).toBe("ok");
    await expect(output(shared)).toContainText("shared [ 2, 4, 6 ]");
  });

  test("Stop ends an infinite loop within a second, and the next run works", async ({ page }) => {
    const block = quietBlock(page);
    await edit(page, block, 'console.log("spinning");\nwhile (true) {}');
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(output(block)).toContainText("spinning");
    // Measured in the page, from the click to the block saying it stopped (test-runner latency left out).
    const stop = await block.evaluate(
      (root: HTMLElement) =>
        new Promise<{ state: string; ms: number }>((resolve) => {
          if (root.dataset.state !== "running") return resolve({ state: `${root.dataset.state} before Stop`, ms: 0 });
          const clicked = performance.now();
          new MutationObserver((_, observer) => {
            const state = root.dataset.state ?? "";
            if (state === "running" || state === "queued") return;
            observer.disconnect();
            resolve({ state, ms: performance.now() - clicked });
          }).observe(root, { attributes: true, attributeFilter: ["data-state"] });
          root.querySelector<HTMLButtonElement>("[data-stop]")!.click();
        }),
    );
    expect(stop.state).toBe("stopped");
    expect(stop.ms).toBeLessThan(1000);
    await expect(output(block).getByRole("alert")).toContainText("Stopped");

    await edit(page, block, 'console.log("alive again");');
    expect(await run(block)).toBe("ok");
    await expect(output(block)).toContainText("alive again");
  });

  test("the time limit stops a runaway block and restarts the runner", async ({ page }) => {
    test.setTimeout(120_000); // the limit itself is 10 s, on top of opening the editor twice
    const block = quietBlock(page);
    await edit(page, block, "for (;;) {}");
    expect(await run(block)).toBe("timeout");
    await expect(output(block).getByRole("alert")).toContainText("Time limit");
    await edit(page, block, 'console.log("fresh runner");');
    expect(await run(block)).toBe("ok");
  });

  test("a plot renders an SVG with one line per series", async ({ page }) => {
    const block = quietBlock(page);
    await edit(
      page,
      block,
      'import { torch, plot } from "gradflow";\nconst x = torch.linspace(-3, 3, 50);\nplot.line({ sigmoid: torch.sigmoid(x), tanh: torch.tanh(x), relu: torch.relu(x) }, { x, title: "three" });',
    );
    expect(await run(block)).toBe("ok");
    const svg = output(block).locator(".live-block__plot svg").last();
    await expect(svg).toBeVisible();
    await expect(svg.locator('g[aria-label="line"] path')).toHaveCount(3);
    await expect(output(block).locator(".plot-legend li")).toHaveText(["sigmoid", "tanh", "relu"]);
  });

  test("a runtime error names the reader's line and marks it in the editor", async ({ page }) => {
    const block = quietBlock(page);
    await edit(page, block, 'import { torch } from "gradflow";\nconst a = torch.ones(2, 3);\n\nconst b = a.matmul(torch.ones(4, 5));\n');
    expect(await run(block)).toBe("error");
    const alert = output(block).getByRole("alert");
    await expect(alert).toContainText("line 4");
    await expect(alert).toContainText(/matmul/);
    await expect(block.locator(".monaco-editor .live-block__error-line")).toHaveCount(1);
  });

  test("the editor's TypeScript knows the standard library and gradflow, and flags only the real type error", async ({ page }) => {
    const block = quietBlock(page);
    await edit(
      page,
      block,
      'import { torch } from "gradflow";\nconsole.log(Math.max(1, 2), [1].at(0), torch.ones(2).sum().item());\nconst n: number = "x";\n',
    );
    // Only line 3 is wrong; a missing lib would also flag `console` or `at` on line 2.
    const squiggles = block.locator(".monaco-editor .squiggly-error");
    await expect(squiggles).toHaveCount(1, { timeout: 30_000 });
  });

  test("output from user code is text, never markup: printed, tabulated, plotted or thrown", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const block = quietBlock(page);
    // Each string would add an element or run script if any of it were parsed as HTML or SVG markup.
    const img = "<img src=x onerror=window.__xss=1;alert(1)>";
    const script = "</script><script>window.__xss=2;alert(2)</script>";
    const svg = '<svg onload="window.__xss=3"><foreignObject><b>bold</b></foreignObject></svg>';
    await edit(
      page,
      block,
      [
        'import { plot, table, progress } from "gradflow";',
        `const img = ${JSON.stringify(img)}, script = ${JSON.stringify(script)}, svg = ${JSON.stringify(svg)};`,
        "console.log(img);",
        "console.warn(script);",
        'table([{ [img]: script, "<b>k</b>": svg }]);',
        "progress(1, 2, img);",
        "plot.line({ [img]: [1, 2, 3], [script]: [3, 2, 1] }, { title: svg, xlabel: img, ylabel: script });",
        "plot.bar([1, 2], { labels: [img, svg], title: script });",
        "plot.hist({ [svg]: [1, 2, 2, 3] }, { title: img });",
        "throw new Error(img + script);",
      ].join("\n"),
    );
    expect(await run(block)).toBe("error");
    const out = output(block);
    await expect(out.locator("figure.live-block__plot svg[aria-label]")).toHaveCount(3);
    await expect(out).toContainText(img);
    await expect(out).toContainText(script);
    await expect(out.getByRole("alert")).toContainText(`Error: ${img}${script}`);
    await expect(out.locator(".plot-legend li")).toHaveText([img, script, svg]); // the line plot's, then the histogram's
    await expect(out.locator("th").first()).toHaveText(img);
    // Nothing was injected: the only elements are the ones our renderers make (Observable Plot's SVG has no
    // foreignObject, images or scripts; bold text only comes from a <b>).
    await expect(out.locator("img, script, b, foreignObject, iframe, [onerror], [onload]")).toHaveCount(0);
    await expect(page.locator("body img, body script:not([src])")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test("works from the keyboard alone: Enter edits, Ctrl+Enter runs, Escape leaves the editor", async ({ page }) => {
    const block = quietBlock(page);
    await block.locator("[data-code]").focus();
    await page.keyboard.press("Enter");
    await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 20_000 });
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText('console.log("from the keyboard");');
    await page.keyboard.press("ControlOrMeta+Enter");
    expect(await finished(block)).toBe("ok");
    await expect(output(block)).toContainText("from the keyboard");
    await page.keyboard.press("Escape");
    await expect(block.getByRole("button", { name: /^Run/ })).toBeFocused();
  });

  test("with two editors open, Ctrl+Enter runs the block being edited", async ({ page }) => {
    const [first, second] = [quietBlock(page, 0), quietBlock(page, 1)];
    await edit(page, first, 'console.log("first");');
    await edit(page, second, 'console.log("second");');
    await first.locator(".monaco-editor .view-lines").click();
    await expect(first.locator(".monaco-editor.focused")).toBeVisible();
    await page.keyboard.press("ControlOrMeta+Enter");
    expect(await finished(first)).toBe("ok");
    await expect(output(first)).toContainText("first");
    await expect(output(second).locator(".live-block__output-body")).toBeEmpty();
  });
});
