// Numbers a page's <Figure> elements in document order, the way a book does: the n-th figure gets the prop
// number="n" and Figure.astro prints "Figure n." before its caption. A figure with an id can be cited by a link to
// it whose text is empty or "Figure": [](#fig-dead-units) reads "Figure 4" and jumps to the figure. Citing an id no
// figure has, or giving two figures one id, fails the build with the line.

/** Calls fn(node) for every node, depth first, in document order. */
function each(node, fn) {
  fn(node);
  node.children?.forEach((child) => each(child, fn));
}

const isFigure = (node) => (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && node.name === "Figure";
/** The text a link shows: text, inline code and math included. */
const textOf = (node) => (typeof node.value === "string" ? node.value : (node.children ?? []).map(textOf).join(""));

export function remarkFigureNumbers() {
  return (tree, file) => {
    const where = (node) => `${file.path}:${node.position?.start.line ?? "?"}`;
    const numbers = new Map();
    let count = 0;
    each(tree, (node) => {
      if (!isFigure(node)) return;
      count++;
      node.attributes = node.attributes.filter((a) => a.name !== "number");
      node.attributes.push({ type: "mdxJsxAttribute", name: "number", value: String(count) });
      const id = node.attributes.find((a) => a.name === "id")?.value;
      if (typeof id !== "string") return;
      if (numbers.has(id)) throw new Error(`${where(node)}: two figures have the id "${id}"`);
      numbers.set(id, count);
    });
    each(tree, (node) => {
      if (node.type !== "link" || !node.url.startsWith("#")) return;
      const text = textOf(node).trim();
      if (text !== "" && text !== "Figure") return;
      const number = numbers.get(node.url.slice(1));
      if (number === undefined) throw new Error(`${where(node)}: the link to ${node.url} cites a figure, but no <Figure> has that id`);
      node.children = [{ type: "text", value: `Figure ${number}` }];
    });
  };
}
