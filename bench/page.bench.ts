// Page speed as a reader feels it (issue 11 item 4, issue 7 item 9, issue 14 item 3): drives the built site (SITE_DIST
// or dist/; this script builds nothing) in the system Chromium and writes its section of bench/RESULTS.md.
//   npm run bench:page                      BUILD_SECONDS=<s> adds the build time measured by whoever built dist/
//   npm run bench:page -- --runs 5          fewer repetitions (default 11 warm, 7 cold, 5 per control change)
// Every time is measured inside the page (performance.now() in one clock): from the click or the control's input
// event to the first output element (warm, cold) or the first plot SVG of the new run (controls).
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadavg } from "node:os";
import { findChromium, CHROMIUM_ARGS } from "../tests/e2e/chromium-path.mjs";
import { serveStatic } from "../tests/e2e/static-server.mjs";
import * as gradflow from "gradflow";
import { shareUrl } from "../src/runner/share";
import { createExecutor } from "../src/runner/execute";
import { stripTypes } from "../src/runner/strip-types";
import { writeSection } from "./results-file";

const CHAPTER = "/chapters/saturation-and-gradient-flow/";
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg("runs") ?? 0);
const WARM_RUNS = runs || 11;
const COLD_RUNS = runs || 7;
const CONTROL_RUNS = runs || 5;
const dist = resolve(arg("dist") ?? process.env.SITE_DIST ?? "dist");
const buildSeconds = Number(arg("build-seconds") ?? process.env.BUILD_SECONDS ?? NaN);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" / ");

/** A fresh context (empty cache, no offline service worker) and page. tsx names functions with a `__name` helper that
 * code passed to page.evaluate would miss, so the page gets a no-op one. */
async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
  return { context, page: await context.newPage() };
}

// ---------------------------------------------------------------------------------------------------------------
// JavaScript transferred. Sizes are the gzip (level 9) of each file as served, so they do not depend on whether the
// test server compresses. The runner worker's files are counted apart (isRunnerFile); everything else a page loads is
// the page's (Monaco's own workers come with the editor).

interface Loaded {
  path: string;
  gzip: number;
}

/**
 * The runner's files: the page fetches them and hands them to the worker in its frame (src/runner/runner-host.ts), so
 * they are told apart by name: the bundles Vite names after src/runner/worker.ts and strip-types-module.ts.
 */
const isRunnerFile = (path: string) => /\/_astro\/(worker|strip-types-module)-[\w-]+\.js$/.test(path);

function recordScripts(page: Page, base: string): Loaded[] {
  const loaded: Loaded[] = [];
  page.on("requestfinished", (request) => {
    const url = new URL(request.url());
    if (!url.href.startsWith(base) || !/\.(m?js)$/.test(url.pathname)) return;
    const body = readFileSync(join(dist, decodeURIComponent(url.pathname)));
    loaded.push({ path: url.pathname, gzip: gzipSync(body, { level: 9 }).length });
  });
  return loaded;
}

const total = (files: Loaded[]) => files.reduce((sum, f) => sum + f.gzip, 0);
const stylesheetGzip = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname));

/** Waits until the network has been quiet for `quietMs` (the worker's idle start and its imports included). */
async function settle(page: Page, quietMs = 1500): Promise<void> {
  let last = Date.now();
  const bump = () => (last = Date.now());
  page.on("request", bump);
  page.on("requestfinished", bump);
  while (Date.now() - last < quietMs) await page.waitForTimeout(200);
  page.off("request", bump);
  page.off("requestfinished", bump);
}

async function measureBytes(browser: Browser, base: string) {
  const { context, page } = await freshPage(browser);
  const loaded = recordScripts(page, base);
  await page.goto(base + CHAPTER, { waitUntil: "load" });
  await settle(page);
  const beforeEdit = [...loaded];
  const css = await stylesheetGzip(page);
  const cssGzip = css.reduce((sum, path) => sum + gzipSync(readFileSync(join(dist, path)), { level: 9 }).length, 0);
  // Scrolling through the chapter runs its autorun blocks (plots bring the plot renderer) — still before any edit.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 150));
    }
  });
  await page
    .waitForFunction(() => [...document.querySelectorAll<HTMLElement>("[data-autorun]")].every((b) => /^(ok|error)$/.test(b.dataset.state ?? "")), null, {
      timeout: 120_000,
    })
    .catch(() => console.warn("not every autorun block finished after scrolling"));
  await settle(page);
  const afterScroll = loaded.slice(beforeEdit.length);
  // First edit: Monaco, its workers and styles.
  await page.evaluate(() => scrollTo(0, 0));
  const block = page.locator("[data-live-block]").first();
  const stylesBefore = new Set(await stylesheetGzip(page));
  await block.locator("[data-code]").click();
  await block.locator(".monaco-editor.focused").waitFor({ timeout: 60_000 });
  await settle(page, 2500);
  const editing = loaded.slice(beforeEdit.length + afterScroll.length);
  const editorCss = (await stylesheetGzip(page)).filter((p) => !stylesBefore.has(p));
  const editorCssGzip = editorCss.reduce((sum, path) => sum + gzipSync(readFileSync(join(dist, path)), { level: 9 }).length, 0);
  await context.close();
  const split = (files: Loaded[]) => ({ page: files.filter((f) => !isRunnerFile(f.path)), worker: files.filter((f) => isRunnerFile(f.path)) });
  return { beforeEdit: split(beforeEdit), afterScroll: split(afterScroll), editing: split(editing), cssGzip, editorCssGzip };
}

// ---------------------------------------------------------------------------------------------------------------
// Latency, measured in the page.

/** Clicks Run of block `id` and resolves with the ms from the click to the first output element. */
function clickToFirstOutput(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const root = document.getElementById(id)!;
        const body = root.querySelector("[data-output]")!;
        let clicked = 0;
        const seen = new MutationObserver((records) => {
          if (records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1)) && clicked) {
            seen.disconnect();
            resolve(performance.now() - clicked);
          }
        });
        root.querySelector("[data-run]")!.addEventListener("click", () => (clicked = performance.now()), { capture: true, once: true });
        // Observe only after the run cleared the old output (the click handler runs first, synchronously).
        root.querySelector("[data-run]")!.addEventListener("click", () => seen.observe(body, { childList: true, subtree: true }), { once: true });
        (root.querySelector("[data-run]") as HTMLButtonElement).click();
        setTimeout(() => reject(new Error(`no output from ${id} within 30 s`)), 30_000);
      }),
    id,
  );
}

const runsSettled = (page: Page, id: string) =>
  page.waitForFunction((id) => !/^(queued|running)$/.test(document.getElementById(id)!.dataset.state ?? "queued"), id, { timeout: 60_000 });

/** Navigation start to the moment the first block's Run works (its script wired the buttons). */
async function timeToRunnable(page: Page): Promise<number> {
  await page.waitForFunction(() => document.querySelector<HTMLButtonElement>("[data-live-block] [data-stop]")?.disabled === false);
  return page.evaluate(() => performance.now()); // performance.now() counts from navigation start
}

async function measureLatency(browser: Browser, base: string) {
  const cold: number[] = [];
  const runnable: number[] = [];
  let firstId = "";
  for (let i = 0; i < COLD_RUNS; i++) {
    // A fresh context has an empty cache; with no idle callback the worker does not start before the click.
    const { context, page } = await freshPage(browser);
    await page.addInitScript(() => {
      (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback = () => 0;
    });
    await page.goto(base + CHAPTER, { waitUntil: "domcontentloaded" });
    runnable.push(await timeToRunnable(page));
    firstId = await page.locator("[data-live-block]").first().getAttribute("id") as string;
    cold.push(await clickToFirstOutput(page, firstId));
    await context.close();
  }
  const { context, page } = await freshPage(browser);
  await page.goto(base + CHAPTER, { waitUntil: "load" });
  await settle(page);
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS + 1; i++) {
    const t = await clickToFirstOutput(page, firstId);
    await runsSettled(page, firstId);
    if (i > 0) warm.push(t); // the first run loads the block's output code paths once
  }
  const title = await page.locator(`#${firstId} .live-block__title`).textContent();
  await context.close();
  return { cold, warm, runnable, title };
}

/**
 * Changes one control of block `id` and resolves with the ms from the control's input event to the first plot SVG
 * (or, for blocks without plots, the first output element) of the run it starts, and the run's own time.
 */
async function controlToOutput(page: Page, id: string, label: string): Promise<{ ms: number; status: string }> {
  const block = page.locator(`#${id}`);
  const control = block.locator(".live-block__control").filter({ has: page.locator(`label:text-is("${label}")`) });
  const input = control.locator("input, select").first();
  const timing = page.evaluate(
    ([id]) =>
      new Promise<number>((resolve, reject) => {
        const root = document.getElementById(id)!;
        const body = root.querySelector("[data-output]")!;
        const hasPlot = !!body.querySelector("svg");
        let changed = 0;
        const onChange = () => (changed ||= performance.now());
        root.addEventListener("input", onChange, { capture: true, once: true });
        root.addEventListener("change", onChange, { capture: true, once: true });
        const seen = new MutationObserver((records) => {
          const added = records.flatMap((r) => [...r.addedNodes]).filter((n): n is Element => n.nodeType === 1);
          const fresh = added.some((n) => (hasPlot ? n.matches("svg") || !!n.querySelector("svg") : true));
          if (changed && fresh && !root.querySelector("[data-output][data-dimmed]")) {
            seen.disconnect();
            resolve(performance.now() - changed);
          }
        });
        seen.observe(body, { childList: true, subtree: true });
        setTimeout(() => reject(new Error(`no new output from ${id} within 60 s`)), 60_000);
      }),
    [id],
  );
  const kind = await input.evaluate((el) => (el instanceof HTMLSelectElement ? "select" : (el as HTMLInputElement).type));
  if (kind === "select") {
    const options = await input.locator("option").allTextContents();
    const now = await input.inputValue();
    await input.selectOption(options.find((o) => o !== now)!);
  } else if (kind === "checkbox") await input.click();
  else if (kind === "range") {
    await input.focus();
    const [value, max] = await input.evaluate((el) => [(el as HTMLInputElement).value, (el as HTMLInputElement).max]);
    await page.keyboard.press(value === max ? "ArrowLeft" : "ArrowRight");
  } else await input.fill(String(Number(await input.inputValue()) + 1));
  const took = await timing;
  await runsSettled(page, id);
  return { ms: took, status: (await block.locator("[data-status]").textContent()) ?? "" };
}

async function openAndRun(page: Page, url: string, id: string): Promise<void> {
  await page.goto(url, { waitUntil: "load" });
  await settle(page, 1000);
  const block = page.locator(`#${id}`);
  await block.scrollIntoViewIfNeeded();
  if (!(await block.getAttribute("data-state"))) await block.locator("[data-run]").click();
  await runsSettled(page, id);
  await block.locator(".live-block__controls:not([hidden])").waitFor();
}

async function measureControls(browser: Browser, base: string, id: string, label: string) {
  const { context, page } = await freshPage(browser);
  await openAndRun(page, base + CHAPTER, id);
  const times: number[] = [];
  let status = "";
  for (let i = 0; i < CONTROL_RUNS; i++) {
    const r = await controlToOutput(page, id, label);
    times.push(r.ms);
    status = r.status;
  }
  await context.close();
  return { times, status };
}

/**
 * The lab at issue 11's size, 20 layers × width 256 on a batch of 128: its width control moved to 256 if it reaches
 * that far, else (older builds stop at 128) its code with the width range raised, opened through a share link.
 * Then the activation select is changed, as a reader would.
 */
async function measureLab(browser: Browser, base: string) {
  const { context, page } = await freshPage(browser);
  await page.goto(base + CHAPTER, { waitUntil: "domcontentloaded" });
  const code = (await page.locator("#lab [data-code] pre").textContent()) ?? "";
  const width = /input\.range\("width", \{[^}]*max: (\d+)[^}]*\}\)/.exec(code);
  if (!width || !/input\.range\("depth", \{[^}]*value: 20 \}\)/.test(code) || !/torch\.randn\(128, width\)/.test(code))
    throw new Error("the lab no longer has a width range, depth 20 and batch 128; update measureLab");
  let how: string;
  let nodeRun: { code: string; inputs: Record<string, unknown> };
  if (Number(width[1]) >= 256) {
    nodeRun = { code, inputs: { width: 256, activation: "sigmoid" } };
    await openAndRun(page, base + CHAPTER, "lab");
    const slider = page.locator("#lab .live-block__control").filter({ has: page.locator('label:text-is("width")') }).locator("input");
    await slider.evaluate((el: HTMLInputElement) => {
      el.value = "256";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForTimeout(300); // the slider's re-run starts after its pause
    await runsSettled(page, "lab");
    how = "its width slider moved to 256";
  } else {
    const wide = code.replace(width[0], 'input.range("width", { min: 8, max: 256, step: 8, value: 256 })');
    nodeRun = { code: wide, inputs: { activation: "sigmoid" } };
    await openAndRun(page, shareUrl(base + CHAPTER, "lab", wide), "lab");
    how = "a share link whose code raises the width control to 256 (this build's slider stops at " + width[1] + ")";
  }
  const times: number[] = [];
  let status = "";
  for (let i = 0; i < CONTROL_RUNS; i++) {
    const r = await controlToOutput(page, "lab", "activation");
    times.push(r.ms);
    status = r.status;
  }
  await context.close();
  return { times, status, how, node: await labInNode(nodeRun) };
}

/**
 * The same lab run in Node through the page's executor (same engine, WASM kernels): CPU time, which the other jobs on
 * this machine barely change, next to wall time. Median of CONTROL_RUNS after one warm-up.
 */
async function labInNode({ code, inputs }: { code: string; inputs: Record<string, unknown> }) {
  const executor = createExecutor({ gradflow: gradflow as Record<string, unknown>, loadStripTypes: async () => stripTypes });
  const js = stripTypes(code).js;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i <= CONTROL_RUNS; i++) {
    const before = process.cpuUsage();
    const began = performance.now();
    const result = await executor.run({ code, js, runId: i + 1, inputs }, () => {});
    if (!result.ok) throw new Error("the lab failed in Node");
    const used = process.cpuUsage(before);
    if (i === 0) continue; // warm-up
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - began);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

// ---------------------------------------------------------------------------------------------------------------

const EXPERIMENTS: { id: string; label: string; name: string }[] = [
  { id: "explorer", label: "activation", name: "Activation explorer (select activation)" },
  { id: "explorer", label: "probe", name: "Activation explorer (probe slider)" },
  { id: "rnn-through-time", label: "steps", name: "Exploding and vanishing through time (steps slider)" },
  { id: "dead-relu", label: "init", name: "Dead-ReLU demo (select init; trains a network)" },
  { id: "lab", label: "activation", name: "Gradient-flow lab, as published (20 × 64, select activation)" },
];

async function main(): Promise<void> {
  const loadStart = load();
  const { server, url } = await serveStatic(dist, 0);
  const base = url.replace(/\/$/, "");
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const bytes = await measureBytes(browser, base);
    console.log("bytes measured");
    const latency = await measureLatency(browser, base);
    console.log("latency measured");
    const lab = await measureLab(browser, base);
    console.log("lab measured");
    const experiments = [];
    for (const e of EXPERIMENTS) experiments.push({ ...e, ...(await measureControls(browser, base, e.id, e.label)) });
    const md = report({ bytes, latency, lab, experiments, loadStart, loadEnd: load() });
    writeSection("page-bench", "Page speed (built site in Chromium)", "npm run bench:page", md);
    console.log(md);
  } finally {
    await browser.close();
    server.close();
  }
}

function report(r: {
  bytes: Awaited<ReturnType<typeof measureBytes>>;
  latency: Awaited<ReturnType<typeof measureLatency>>;
  lab: Awaited<ReturnType<typeof measureLab>>;
  experiments: (Awaited<ReturnType<typeof measureControls>> & { name: string })[];
  loadStart: string;
  loadEnd: string;
}): string {
  const { bytes, latency, lab } = r;
  const page = bytes.beforeEdit.page;
  const worker = bytes.beforeEdit.worker;
  const scrollPage = bytes.afterScroll.page;
  const monaco = bytes.editing.page;
  const stripper = bytes.editing.worker;
  const mark = (ok: boolean) => (ok ? "met" : "**not met**");
  const files = (list: Loaded[]) =>
    [...list].sort((a, b) => b.gzip - a.gzip).map((f) => `${f.path.replace(/^\/_astro\//, "")} ${kb(f.gzip)}`).join(", ") || "none";
  const warm = median(latency.warm), cold = median(latency.cold), labMs = median(lab.times);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`npm run bench:page\` against ${dist.endsWith("/dist") ? "a" : "the"} built site (${dist}),`,
    `system Chromium (headless), page ${CHAPTER}. Load average (1/5/15 min) ${r.loadStart} at the start, ${r.loadEnd} at the end, on`,
    `2 cores shared with other agents' builds and tests: times are wall-clock and noisy; medians of repeated runs.`,
    "",
    "| measure | figure | target | |",
    "| --- | ---: | ---: | --- |",
    `| page JavaScript before any edit (gzip) | ${kb(total(page))} | ≤ 100 KB | ${mark(total(page) <= 100 * 1024)} |`,
    `| … plus what scrolling through the chapter loads (autorun blocks: plot renderer etc.) | ${kb(total(page) + total(scrollPage))} | | |`,
    `| worker + engine, started when the page is idle (gzip) | ${kb(total(worker))} | counted apart | |`,
    `| Monaco once editing: JavaScript incl. its workers and the engine's sources for its types (gzip) | ${kb(total(monaco))} | counted apart | |`,
    `| TypeScript stripper, loaded into the runner worker once editing (gzip) | ${kb(total(stripper))} | counted apart | |`,
    `| Monaco once editing: its stylesheet (gzip) | ${kb(bytes.editorCssGzip)} | only with the editor | ${mark(bytes.editorCssGzip > 0)} |`,
    `| page stylesheets before any edit (gzip) | ${kb(bytes.cssGzip)} | | |`,
    `| navigation → first live block runnable | ${ms(median(latency.runnable))} | | |`,
    `| click Run → first output, warm (median of ${latency.warm.length}) | ${ms(warm)} | < 50 ms | ${mark(warm < 50)} |`,
    `| click Run → first output, cold incl. worker start (median of ${latency.cold.length}) | ${ms(cold)} | < 300 ms | ${mark(cold < 300)} |`,
    `| gradient-flow lab 20 layers × 256, batch 128: control change → new plot (median of ${lab.times.length}) | ${ms(labMs)} | < 150 ms | ${mark(labMs < 150)} |`,
    `| … the same lab run in Node, engine only (no page, no plot drawing): CPU time / wall time, median of ${CONTROL_RUNS} | ${ms(lab.node.cpu)} / ${ms(lab.node.wall)} | | |`,
    `| build (\`npm run build\`) | ${Number.isFinite(buildSeconds) ? `${buildSeconds.toFixed(0)} s` : "not given (BUILD_SECONDS)"} | | |`,
    "",
    `Warm and cold run the chapter's first block ("${latency.title}"); cold is a fresh browser context (empty cache) whose`,
    "idle-time worker start is disabled, so the click pays for spawning the worker and loading the engine.",
    `The lab row runs chapter 1's lab block at width 256 (${lab.how}), then changes its activation select (a select`,
    `re-runs at once; sliders wait for a 120 ms pause); the time ends when the new run's first plot SVG is in the page.`,
    `Last run's status line: "${lab.status}".`,
    "",
    "Chapter 1's experiments, control change → first new plot (or output), same method:",
    "",
    "| experiment (control moved) | median | runs | last status |",
    "| --- | ---: | ---: | --- |",
    ...r.experiments.map((e) => `| ${e.name} | ${ms(median(e.times))} | ${e.times.length} | ${e.status} |`),
    "",
    `Files — page before edit: ${files(page)}. Worker: ${files(worker)}. Loaded while scrolling: ${files(scrollPage)}.`,
    `Once editing: ${files(monaco.slice().sort((a, b) => b.gzip - a.gzip).slice(0, 3))}, and ${Math.max(0, monaco.length - 3)} smaller files (mostly the engine's sources for Monaco's types).`,
  ];
  return lines.join("\n");
}

await main();
