// Figures are numbered in document order at build time and can be cited by id (src/markdown/remark-figure-numbers.mjs).
import { describe, expect, it } from "vitest";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkMdx from "remark-mdx";
import { remarkFigureNumbers } from "../../src/markdown/remark-figure-numbers.mjs";

function run(mdx: string) {
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkFigureNumbers);
  return processor.runSync(processor.parse(mdx), { path: "chapter.mdx" } as never) as any;
}

function collect(node: any, type: string, out: any[] = []): any[] {
  if (node.type === type) out.push(node);
  node.children?.forEach((c: any) => collect(c, type, out));
  return out;
}

const numberOf = (figure: any) => figure.attributes.find((a: any) => a.name === "number")?.value;

describe("figure numbers", () => {
  const page = [
    "See [](#fig-b) and [Figure](#fig-a); [the lab](#fig-b) and [`watch(model)`](#a-section) keep their words.",
    '<Figure caption="first" id="fig-a">\n\nsome plot\n\n</Figure>',
    '<Figure caption="no id">\n\nanother\n\n</Figure>',
    "<Callout>\n\n<Figure caption=\"nested\" id=\"fig-b\">\n\nthird\n\n</Figure>\n\n</Callout>",
  ].join("\n\n");

  it("numbers figures 1, 2, 3 in document order, nested ones included", () => {
    const figures = collect(run(page), "mdxJsxFlowElement").filter((n) => n.name === "Figure");
    expect(figures.map(numberOf)).toEqual(["1", "2", "3"]);
  });

  it("fills in empty or 'Figure' links to a figure's id with its number, and leaves other link text alone", () => {
    const links = collect(run(page), "link");
    expect(links.map((l) => [l.url, l.children.map((c: any) => c.value).join("")])).toEqual([
      ["#fig-b", "Figure 3"],
      ["#fig-a", "Figure 1"],
      ["#fig-b", "the lab"],
      ["#a-section", "watch(model)"],
    ]);
  });

  it("fails the build on a citation of a missing figure or a duplicate id, naming the line", () => {
    expect(() => run("Look at [](#fig-missing).")).toThrow(/chapter\.mdx:1: .*#fig-missing/);
    expect(() => run('<Figure id="x">\n\na\n\n</Figure>\n\n<Figure id="x">\n\nb\n\n</Figure>')).toThrow(/chapter\.mdx:7: two figures have the id "x"/);
  });
});
