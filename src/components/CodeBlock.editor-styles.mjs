// Keeps Monaco's stylesheet off the page until the editor loads. Astro links every stylesheet of a page script's
// module graph into the page, dynamic imports included, so the ~170 KB of CSS that Monaco's modules import would be
// fetched by every chapter before anyone edits. Vite already loads that CSS together with the editor's chunk (its
// preload list for `import("./CodeBlock.editor")`), so the page's <link> to it is only removed here.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const EDITOR_MODULE = "/src/components/CodeBlock.editor.ts";

/** The CSS files of the editor's chunk and its imports that no other entry's static graph needs. */
function editorOnlyCss(bundle) {
  const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
  const cssOf = (roots) => {
    const css = new Set();
    const seen = new Set();
    const visit = (name) => {
      const chunk = bundle[name];
      if (!chunk || chunk.type !== "chunk" || seen.has(name)) return;
      seen.add(name);
      chunk.viteMetadata?.importedCss.forEach((file) => css.add(file));
      chunk.imports.forEach(visit);
    };
    roots.forEach((c) => visit(c.fileName));
    return css;
  };
  const editor = chunks.filter((c) => c.moduleIds.some((id) => id.replaceAll("\\", "/").endsWith(EDITOR_MODULE)));
  const pages = cssOf(chunks.filter((c) => c.isEntry));
  return [...cssOf(editor)].filter((file) => !pages.has(file));
}

async function htmlFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".html")).map((e) => join(e.parentPath ?? e.path, e.name));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** @returns {import("astro").AstroIntegration} */
export function editorStylesOnDemand() {
  let base = "/";
  const editorCss = new Set();
  return {
    name: "gradflow:editor-styles-on-demand",
    hooks: {
      "astro:config:setup": ({ config, updateConfig }) => {
        base = config.base.endsWith("/") ? config.base : `${config.base}/`;
        updateConfig({
          vite: {
            plugins: [
              {
                name: "gradflow:find-editor-css",
                apply: "build",
                generateBundle(_options, bundle) {
                  editorOnlyCss(bundle).forEach((file) => editorCss.add(file));
                },
              },
            ],
          },
        });
      },
      "astro:build:done": async ({ dir, logger }) => {
        if (!editorCss.size) return logger.warn("no editor-only stylesheet found; Monaco's CSS may be linked by every page");
        const links = [...editorCss].map((file) => new RegExp(`<link[^>]*href="${escape(base + file)}"[^>]*>`, "g"));
        let pages = 0;
        for (const file of await htmlFiles(fileURLToPath(dir))) {
          const html = await readFile(file, "utf8");
          const trimmed = links.reduce((h, link) => h.replace(link, ""), html);
          if (trimmed !== html) {
            await writeFile(file, trimmed);
            pages++;
          }
        }
        logger.info(`editor stylesheet (${[...editorCss].join(", ")}) loads with the editor, unlinked from ${pages} pages`);
      },
    },
  };
}
