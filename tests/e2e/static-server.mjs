// A tiny static file server for the built site (dist/), used by the e2e suite and the screenshot
// script. It behaves like a plain static host: /path/ serves /path/index.html, a directory without
// its trailing slash redirects, unknown paths get dist/404.html with status 404.
// Like Netlify and Cloudflare Pages, it sends the headers that dist/_headers (from public/_headers) lists for a path:
// that is how the runner worker gets its Content-Security-Policy.
// Run directly: `node tests/e2e/static-server.mjs [port]` (default 4322); SITE_DIST overrides dist/.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Rules of a `_headers` file: a path pattern (`*` matches anything) at the start of a line, then indented
 * `Name: value` lines. A header set by several matching rules is sent once, values joined by ", " (as those hosts do).
 */
export function parseHeaders(text) {
  const rules = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
      rules.push({ path: new RegExp(`^${pattern}$`), headers: [] });
    } else if (rules.length) {
      const colon = line.indexOf(":");
      if (colon > 0) rules.at(-1).headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return (pathname) => {
    const headers = {};
    for (const rule of rules)
      if (rule.path.test(pathname))
        for (const [name, value] of rule.headers) headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
    return headers;
  };
}

/** Starts serving `root`; resolves to { server, url } once listening on 127.0.0.1. */
export function serveStatic(root, port = 0) {
  const base = resolve(root);
  const headersFile = readFile(join(base, "_headers"), "utf8").then(parseHeaders, () => () => ({}));
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    const path = normalize(join(base, decodeURIComponent(pathname)));
    if (!path.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    let file = path;
    if (await isDirectory(path)) {
      if (!pathname.endsWith("/")) {
        response.writeHead(301, { location: `${pathname}/` }).end();
        return;
      }
      file = join(path, "index.html");
    }
    const found = await isFile(file);
    const body = await readFile(found ? file : join(base, "404.html")).catch(() => "Not found");
    // Pagefind's index chunks (.pf_*) and anything unknown are opaque bytes.
    const type = found ? TYPES[extname(file)] ?? "application/octet-stream" : TYPES[".html"];
    const extra = (await headersFile)(pathname);
    response.writeHead(found ? 200 : 404, { ...extra, "content-type": type, "cache-control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${actual}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.env.SITE_DIST ?? fileURLToPath(new URL("../../dist", import.meta.url));
  const { url } = await serveStatic(root, Number(process.argv[2] ?? 4322));
  console.log(`Serving ${root} at ${url}/`);
}
