// The policies the site ships: the page's (a <meta> tag), the runner frame's (a <meta> tag in its srcdoc, narrowing the
// page's), and the headers in public/_headers (served by our static server the way Netlify and Cloudflare Pages serve
// them). The browser suite checks they hold in Chromium.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { hashSource, PAGE_POLICY } from "../../src/security/content-security-policy";
import { FRAME_DOCUMENT, FRAME_POLICY, FRAME_SCRIPT } from "../../src/runner/runner-frame";
import { parseHeaders } from "../e2e/static-server.mjs";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

const headersFor = parseHeaders(readFileSync("public/_headers", "utf8")) as (path: string) => Record<string, string>;

describe("the page's policy", () => {
  const page = directives(PAGE_POLICY);
  it("runs only the site's own scripts, the runner frame's script by hash and blob: modules: no eval", () => {
    expect(page.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'", hashSource(FRAME_SCRIPT), "blob:"]);
    expect(page.get("default-src")).toEqual(["'self'"]);
    expect(page.get("object-src")).toEqual(["'none'"]);
  });
  it("talks to and starts workers from its own origin only", () => {
    expect(page.get("connect-src")).toEqual(["'self'"]);
    expect(page.get("worker-src")).toEqual(["'self'", "blob:"]);
  });
});

describe("the runner frame's policy (on top of the page's, which it inherits)", () => {
  const frame = directives(FRAME_POLICY);
  it("has no network, and loads scripts only from blob: URLs it makes (and its own inline script)", () => {
    expect(frame.get("default-src")).toEqual(["'none'"]);
    expect(frame.get("connect-src")).toEqual(["'none'"]);
    expect(frame.get("script-src")).toEqual(["'unsafe-inline'", "blob:", "'wasm-unsafe-eval'"]);
    expect(frame.get("worker-src")).toEqual(["blob:"]);
  });
  it("the page allows exactly the frame's script by hash, and no other inline script", () => {
    expect(hashSource(FRAME_SCRIPT)).toBe(`'sha256-${createHash("sha256").update(FRAME_SCRIPT).digest("base64")}'`);
    expect(FRAME_DOCUMENT).toContain(`<script>${FRAME_SCRIPT}</script>`);
    expect(FRAME_DOCUMENT.match(/<script/g)).toHaveLength(1);
  });
});

describe("headers (public/_headers)", () => {
  it("forbid framing the site and sniffing types, on every path", () => {
    for (const path of ["/chapters/x/", "/_astro/worker-abc.js", "/"]) {
      expect(headersFor(path)["content-security-policy"]).toBe("frame-ancestors 'none'");
      expect(headersFor(path)["x-content-type-options"]).toBe("nosniff");
    }
  });
});
