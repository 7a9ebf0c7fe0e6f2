// Every page of the built site, found by walking dist/ for index.html files, so a new chapter is
// tested without touching the tests.
import { readdirSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

// SITE_DIST lets a developer test a site built elsewhere (`astro build --outDir …`), e.g. while
// another build is writing dist/.
export const distDir = process.env.SITE_DIST ?? fileURLToPath(new URL("../../dist", import.meta.url));

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "pagefind" || entry.name === "_astro" ? [] : htmlFiles(path);
    return entry.name === "index.html" ? [path] : [];
  });
}

if (!existsSync(join(distDir, "index.html"))) {
  throw new Error("dist/ has no built site: run `npm run build` before the e2e tests.");
}

/** URL paths of all pages, e.g. "/", "/chapters/saturation-and-gradient-flow/". */
export const pagePaths: string[] = htmlFiles(distDir)
  .map((file) => "/" + relative(distDir, file).split(sep).slice(0, -1).map((part) => `${part}/`).join(""))
  .sort();

export const chapterPaths = pagePaths.filter((path) => path.startsWith("/chapters/"));
