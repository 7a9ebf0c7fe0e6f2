// The offline service worker's build step: which URLs it precaches and when its version (the cache name) changes.
import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildVersion, siteFiles, urlOf, writeServiceWorker } from "../../scripts/build-service-worker.mjs";

function site(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sw-build-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const files = {
  "index.html": "home",
  "404.html": "missing",
  "chapters/a/index.html": "chapter a",
  "_astro/worker-abc.js": "engine",
  "pagefind/pagefind-entry.json": "{}",
  "pagefind/index/en_1.pf_index": "index",
  // Host configuration (Netlify, Cloudflare Pages): read by the host, never served, so never precached.
  _headers: "/*\n  X-Content-Type-Options: nosniff",
};

describe("service worker build", () => {
  it("precaches every file under the URL a reader fetches it by (pages by their folder), host configuration aside", () => {
    expect(siteFiles(site(files)).map((f) => f.url)).toEqual([
      "/",
      "/404.html",
      "/_astro/worker-abc.js",
      "/chapters/a/",
      "/pagefind/index/en_1.pf_index",
      "/pagefind/pagefind-entry.json",
    ]);
    expect(urlOf(join("chapters", "b", "index.html"))).toBe("/chapters/b/");
  });

  it("writes sw.js with the list and a version, and never precaches itself", () => {
    const root = site(files);
    expect(writeServiceWorker(root)).toBe(6);
    const source = readFileSync(join(root, "sw.js"), "utf8");
    expect(source).toMatch(/^const VERSION = "[0-9a-f]{16}";\nconst PRECACHE = \[/);
    expect(source).not.toContain('"/sw.js"');
    expect(writeServiceWorker(root)).toBe(6); // a rebuild over an old sw.js still leaves it out
  });

  it("the version is stable for the same build and changes with any file's bytes or name", () => {
    const version = (f: Record<string, string>) => buildVersion(siteFiles(site(f)));
    const base = version(files);
    expect(version(files)).toBe(base);
    expect(version({ ...files, "chapters/a/index.html": "chapter a, revised" })).not.toBe(base);
    expect(version({ ...files, "_astro/extra.css": "" })).not.toBe(base);
  });
});
