// The policies the site ships: the page's (a <meta> tag) and the runner worker's (public/_headers, served by our
// static server the way Netlify and Cloudflare Pages serve it). The browser suite checks they hold in Chromium.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { PAGE_POLICY } from "../../src/security/content-security-policy";
import { parseHeaders } from "../e2e/static-server.mjs";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

const headersFor = parseHeaders(readFileSync("public/_headers", "utf8")) as (path: string) => Record<string, string>;

describe("the page's policy", () => {
  const page = directives(PAGE_POLICY);
  it("runs only the site's own scripts: no inline script, no eval", () => {
    expect(page.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(page.get("default-src")).toEqual(["'self'"]);
    expect(page.get("object-src")).toEqual(["'none'"]);
  });
  it("talks to and starts workers from its own origin only", () => {
    expect(page.get("connect-src")).toEqual(["'self'"]);
    expect(page.get("worker-src")).toEqual(["'self'"]);
  });
});

describe("the runner worker's policy (public/_headers)", () => {
  // Vite names the runner's bundle after src/runner/worker.ts: /_astro/worker-<hash>.js.
  const worker = headersFor("/_astro/worker-D8-5A6bt.js")["content-security-policy"].split(",").map((p) => directives(p));
  const runner = worker.find((p) => p.has("script-src"))!;

  it("may evaluate reader code and the engine's WebAssembly, and load only our own scripts", () => {
    expect(runner.get("script-src")).toEqual(["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
  });
  it("has no network and cannot start workers", () => {
    expect(runner.get("default-src")).toEqual(["'none'"]);
    expect(runner.get("connect-src")).toEqual(["'none'"]);
    expect(runner.get("worker-src")).toEqual(["'none'"]);
  });
  it("is not sent with other scripts or pages, which keep the page's stricter script rules", () => {
    for (const path of ["/chapters/x/", "/_astro/editor.worker-abc.js", "/_astro/CodeBlock.astro_astro_type_script_index_0_lang.x.js"]) {
      expect(headersFor(path)["content-security-policy"]).toBe("frame-ancestors 'none'");
    }
  });
});
