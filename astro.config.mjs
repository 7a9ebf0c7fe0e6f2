// @ts-check
import { defineConfig } from "astro/config";
import { fileURLToPath } from "node:url";
import mdx from "@astrojs/mdx";
import { rehypeHeadingIds } from "@astrojs/markdown-remark";
import { remarkLiveBlocks } from "./src/markdown/remark-live-blocks.mjs";
import { remarkFigureNumbers } from "./src/markdown/remark-figure-numbers.mjs";
import { rehypeHeadingAnchors } from "./src/markdown/rehype-heading-anchors.mjs";
import { mathRehypePlugins, mathRemarkPlugins } from "./src/markdown/math-plugins.mjs";
import { editorStylesOnDemand } from "./src/components/CodeBlock.editor-styles.mjs";

const engine = fileURLToPath(new URL("./engine/index.ts", import.meta.url));

export default defineConfig({
  site: "https://gradientflow.example",
  trailingSlash: "always",
  markdown: {
    remarkPlugins: [...mathRemarkPlugins, remarkLiveBlocks, remarkFigureNumbers],
    rehypePlugins: [
      ...mathRehypePlugins,
      // Ids first (Astro would add them later anyway, with the same slugs), so anchors can link to them.
      rehypeHeadingIds,
      rehypeHeadingAnchors,
    ],
    // Both themes are emitted as CSS variables (--shiki-light / --shiki-dark); src/styles picks one per theme.
    shikiConfig: { themes: { light: "github-light-default", dark: "github-dark-default" }, defaultColor: false },
  },
  // Monaco's stylesheet loads with the editor, not with every page (see the file).
  integrations: [mdx(), editorStylesOnDemand()],
  // No inline <style> or <script> and no data: URIs in the output, so a strict Content-Security-Policy works.
  build: { inlineStylesheets: "never" },
  vite: {
    resolve: { alias: { gradflow: engine } },
    worker: { format: "es" },
    build: { assetsInlineLimit: 0 },
  },
});
