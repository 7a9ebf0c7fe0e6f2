// Build time only: renders exercise prompts, hints, options and explanations (Markdown with $math$) to HTML with the
// same math pipeline as the chapters, so a KaTeX error fails the build instead of showing raw TeX.
import { createMarkdownProcessor, type MarkdownProcessor } from "@astrojs/markdown-remark";
import { mathRehypePlugins, mathRemarkPlugins } from "../markdown/math-plugins.mjs";

let processor: Promise<MarkdownProcessor> | undefined;

export async function renderMarkdown(markdown: string): Promise<string> {
  processor ??= createMarkdownProcessor({
    remarkPlugins: mathRemarkPlugins,
    rehypePlugins: mathRehypePlugins,
    syntaxHighlight: false,
  });
  return (await (await processor).render(markdown)).code;
}

/** Inline Markdown (one paragraph) without the wrapping <p>, for option labels and short answers. */
export async function renderInline(markdown: string): Promise<string> {
  return (await renderMarkdown(markdown)).trim().replace(/^<p>([\s\S]*)<\/p>$/, "$1");
}
