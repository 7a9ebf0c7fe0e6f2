// The site's Markdown pipeline (astro.config.mjs's markdown options, run through Astro's own
// processor) typesets math at build time and refuses to build a page with a broken formula.
import { describe, it, expect } from "vitest";
import { createMarkdownProcessor } from "@astrojs/markdown-remark";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import config from "../../astro.config.mjs";
import { renderInline } from "../../src/exercises/markdown";

const processor = await createMarkdownProcessor(config.markdown);
const render = async (markdown: string) => (await processor.render(markdown)).code;

describe("math in chapters", () => {
  it("renders inline and display math to KaTeX markup with no TeX delimiters left", async () => {
    const html = await render("The slope $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$ peaks at $x=0$.\n\n$$\n\\max_x \\sigma'(x) = \\tfrac14\n$$\n");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    expect(html).not.toContain("katex-error");
    // The only TeX left is KaTeX's MathML annotation (for copy and screen readers), never bare "$".
    const visible = html.replace(/<annotation[^>]*>[\s\S]*?<\/annotation>/g, "");
    expect(visible).not.toContain("$");
    expect(visible).not.toContain("\\sigma");
  });

  it("is styled by the KaTeX stylesheet of the same version that rendered it", async () => {
    // The layout imports katex/dist/katex.min.css; rehype-katex renders with its own katex dependency.
    // If the two drift apart (KaTeX renamed its layout classes in 0.19), formulas break mid-term.
    const html = await render("$\\frac{1}{2}x^{2}$");
    const css = readFileSync(createRequire(import.meta.url).resolve("katex/dist/katex.min.css"), "utf8");
    const layoutClasses = ["base", "strut", "vlist-t", "msupsub", "mfrac"];
    for (const name of layoutClasses) {
      expect(html, `rendered HTML uses .${name}`).toMatch(new RegExp(`class="[^"]*\\b${name}\\b`));
      expect(css, `katex.min.css styles .${name}`).toMatch(new RegExp(`\\.${name}(?![\\w-])`));
    }
  });

  it("keeps punctuation after inline math on the formula's line", async () => {
    const html = await render("The product is at most $0.25^{L}$. Then $x$, and $y$ end");
    // Each formula followed by punctuation is wrapped with it; the text after keeps its space.
    expect(html.match(/class="math-nowrap"/g)).toHaveLength(2);
    expect(html).toContain(".</span> Then ");
    expect(html).toContain(",</span> and ");
    expect(html).toContain("</span> end</p>");
  });

  it("fails on a formula KaTeX cannot parse, naming the problem", async () => {
    await expect(render("Broken: $\\frac{1}{$ here.")).rejects.toThrow(/KaTeX could not render 1 formula/);
  });

  it("fails on an unknown command instead of printing it in red", async () => {
    await expect(render("Typo: $\\sigmoid(x)$.")).rejects.toThrow(/Undefined control sequence: \\sigmoid/);
  });

  it("fails in strict mode on input KaTeX would only warn about", async () => {
    // Unicode text in math mode is a strict-mode error ("unicodeTextInMathMode").
    await expect(render("Strict: $\\text{é} é$.")).rejects.toThrow(/KaTeX could not render/);
  });
});

describe("math in exercises (prompts, options, hints)", () => {
  it("goes through the chapters' math pipeline: punctuation stays with the formula, a bad formula fails", async () => {
    const html = await renderInline("The slope is largest at $x = 0$, giving $\\tfrac14$.");
    expect(html.match(/class="math-nowrap"/g)).toHaveLength(2);
    expect(html).toMatch(/\.<\/span>$/);
    await expect(renderInline("Broken: $\\frac{1}{$.")).rejects.toThrow(/KaTeX/);
  });
});
