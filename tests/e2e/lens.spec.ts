// The autograd lens in Chromium: plot.graph draws a small network's backward graph as SVG (one element per node and
// edge, parameters by name, every edge colored), the step-through walks it to the leaves by keyboard, and watch()
// shows a live per-layer table with small multiples.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { chapterPaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";
import { injectAxe } from "./axe";

// A live block's first run starts the worker and compiles; on a loaded two-core machine that alone can take seconds.
test.setTimeout(90_000);

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0];

/** Serious or critical axe-core violations inside the elements matching `selector` (the rest of the page is the
 * accessibility suite's business). */
async function axeViolationsIn(page: Page, selector: string): Promise<string[]> {
  await injectAxe(page);
  return page.evaluate(async (include) => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (context: object) => Promise<Result> } }).axe;
    const { violations } = await axe.run({ include: [[include]] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} at ${JSON.stringify(n.target)}`));
  }, selector);
}

function blockTitled(page: Page, title: string): Locator {
  return page.locator("[data-live-block]").filter({ has: page.locator(".live-block__title", { hasText: title }) });
}

async function run(block: Locator): Promise<void> {
  await block.getByRole("button", { name: /^Run/ }).click();
  await expect(block).toHaveAttribute("data-state", "ok", { timeout: 30_000 });
}

test("plot.graph draws the network's backward graph and steps through it to the leaves by keyboard", async ({ page }) => {
  const problems = trackPageProblems(page);
  await page.goto(chapter);
  const block = blockTitled(page, "The backward graph of a small network");
  await run(block);
  const svg = block.locator("svg.graph-svg");
  await expect(svg).toBeVisible();
  // Linear(4, 3), Sigmoid, Linear(3, 1), MSE: per Linear a weight transpose, a matmul and a bias add (3 ops, 2
  // parameter leaves), the sigmoid, and the loss's sub, pow, mean: 10 ops + 4 leaves, each node but the loss
  // feeding exactly one other.
  await expect(svg.locator("g.graph-node")).toHaveCount(14);
  await expect(svg.locator("path.graph-edge")).toHaveCount(13);
  const leaves = await svg.locator("g.graph-node--leaf .graph-node__label").allTextContents();
  expect(leaves.sort()).toEqual(["0.bias", "0.weight", "2.bias", "2.weight"]);
  await expect(svg.locator("path.graph-edge--unknown")).toHaveCount(0); // backward ran: every edge has a gradient
  await expect(block.locator(".graph-legend")).toContainText("log scale");

  const next = block.getByRole("button", { name: "Next backward step" });
  await next.focus();
  await page.keyboard.press("ArrowRight");
  await expect(svg.locator("g.graph-node.is-current .graph-node__label")).toHaveText("MeanBackward0");
  await expect(block.locator(".graph-step__formula .katex").first()).toBeVisible();
  await expect(block.locator(".graph-step__gradient")).toContainText("norm 1.0000");
  for (let i = 1; i < 14; i++) await page.keyboard.press("ArrowRight");
  await expect(block.locator(".graph-step__status")).toContainText("Step 14 of 14");
  await expect(svg.locator("g.graph-node.is-current")).toHaveClass(/graph-node--leaf/);
  await expect(next).toBeDisabled();
  await expect(svg.locator("g.graph-node.is-done")).toHaveCount(13);
  // Backward order: every edge's consumer was visited before its input, i.e. the leaves come last.
  await block.getByRole("button", { name: "Previous backward step" }).press("Home");
  await expect(block.locator(".graph-step__status")).toContainText("Step 1 of 14");
  expect(problems).toEqual([]);
  expect(await axeViolationsIn(page, ".live-block__graph")).toEqual([]);
});

test("collapse: 'module' draws one node per module", async ({ page }) => {
  await page.goto(chapter);
  const block = blockTitled(page, "The backward graph of a small network");
  await block.locator("[data-code]").click();
  await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 20_000 }); // typing goes nowhere before
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(
    'import { torch, nn, F, plot } from "gradflow";\n' +
      "const model = new nn.Sequential(new nn.Linear(4, 3), new nn.Sigmoid(), new nn.Linear(3, 1));\n" +
      "const loss = F.mse_loss(model(torch.randn(8, 4)), torch.randn(8, 1));\n" +
      'plot.graph(loss, { model, collapse: "module" });\n',
  );
  await run(block);
  await expect(block.locator("g.graph-node")).toHaveCount(6); // the renderer loads after the run ends
  const labels = await block.locator("g.graph-node .graph-node__label").allTextContents();
  expect(labels.sort()).toEqual(["0: Linear", "1: Sigmoid", "2: Linear", "MeanBackward0", "PowBackward0", "SubBackward0"]);
});

test("watch(model) shows a live per-layer table and one small chart per statistic", async ({ page }) => {
  await page.goto(chapter);
  // The block that shows watch's own view (the dead-ReLU demo and the lab collect with { show: false } and plot).
  const block = blockTitled(page, "Watching every layer while a model trains");
  await run(block);
  const view = block.locator(".live-block__watch");
  await expect(view.locator("figcaption.plot-title")).toContainText(/step \d+ \(final\)/);
  const rows = await view.locator("tbody tr").count();
  expect(rows).toBeGreaterThan(2);
  await expect(view.locator(".graph-watch__chart")).toHaveCount(5);
  await expect(view.locator(".graph-watch__chart svg").first()).toBeVisible();
  expect(await view.locator(".graph-watch__chart polyline").count()).toBeGreaterThan(rows); // one line per layer and chart
  expect(await axeViolationsIn(page, ".live-block__watch")).toEqual([]);
});
