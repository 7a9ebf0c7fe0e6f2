// @ts-check
import { defineConfig } from "astro/config";
import { fileURLToPath } from "node:url";
import mdx from "@astrojs/mdx";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { remarkLiveBlocks } from "./src/markdown/remark-live-blocks.mjs";

const engine = fileURLToPath(new URL("./engine/index.ts", import.meta.url));

export default defineConfig({
  site: "https://gradientflow.example",
  trailingSlash: "always",
  markdown: {
    remarkPlugins: [remarkMath, remarkLiveBlocks],
    rehypePlugins: [[rehypeKatex, { throwOnError: true, strict: "error" }]],
    shikiConfig: { themes: { light: "github-light", dark: "github-dark" } },
  },
  integrations: [mdx()],
  vite: {
    resolve: { alias: { gradflow: engine } },
    worker: { format: "es" },
  },
});
