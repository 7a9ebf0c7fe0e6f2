// Writes dist/sw.js, the offline service worker (src/offline/service-worker.js), for the site just built: its
// precache list is every file in dist/ (Pagefind's index included, so this runs after pagefind) and its version is a
// hash of all their bytes, so any rebuild that changes a file yields a new worker and a new cache.
// Run: `node scripts/build-service-worker.mjs [distDir]` (the last step of `npm run build`).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const SW_FILE = "sw.js";
/** Files the static host reads as configuration and never serves: precaching one would fail the whole install. */
const HOST_FILES = new Set(["/_headers", "/_redirects"]);
const TEMPLATE = fileURLToPath(new URL("../src/offline/service-worker.js", import.meta.url));

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The URL a file is fetched by: a page's index.html by its folder ("/chapters/x/"), anything else by its path. */
export function urlOf(relativePath) {
  const url = "/" + relativePath.split(sep).join("/");
  return url.endsWith("/index.html") ? url.slice(0, -"index.html".length) : url;
}

/**
 * Every file of the built site (but the worker itself) as { url, path }, sorted by URL so the version is stable.
 * @param {string} distDir
 * @returns {{ url: string, path: string }[]}
 */
export function siteFiles(distDir) {
  return filesUnder(distDir)
    .map((path) => ({ url: urlOf(relative(distDir, path)), path }))
    .filter(({ url }) => url !== `/${SW_FILE}` && !HOST_FILES.has(url))
    .sort((a, b) => (a.url < b.url ? -1 : 1));
}

/** A hash of every file's URL and bytes: the cache's version. */
export function buildVersion(files) {
  const hash = createHash("sha256");
  for (const { url, path } of files) hash.update(url).update("\0").update(readFileSync(path)).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** The service worker's source for these files. */
export function serviceWorkerSource(files) {
  const header = `const VERSION = ${JSON.stringify(buildVersion(files))};\nconst PRECACHE = ${JSON.stringify(files.map((f) => f.url))};\n`;
  return header + readFileSync(TEMPLATE, "utf8");
}

/** Writes distDir/sw.js; returns how many files it precaches. */
export function writeServiceWorker(distDir) {
  const files = siteFiles(distDir);
  writeFileSync(join(distDir, SW_FILE), serviceWorkerSource(files));
  return files.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const distDir = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));
  console.log(`${SW_FILE}: precaches ${writeServiceWorker(distDir)} files`);
}
