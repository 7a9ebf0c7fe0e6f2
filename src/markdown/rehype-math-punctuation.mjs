// Keeps punctuation that follows inline math on the same line as the formula: "… is at most $0.25^L$."
// must not leave the full stop alone at the start of the next line on a phone. Runs after rehype-katex
// and wraps the formula and the punctuation right after it in a no-wrap span.
const PUNCTUATION = /^[.,;:!?)\]’”]+/;

export function rehypeMathPunctuation() {
  return (tree) => {
    visit(tree);
  };
}

function isInlineMath(node) {
  return node?.type === "element" && node.tagName === "span" && node.properties?.className?.includes?.("katex");
}

function visit(parent) {
  if (!parent.children) return;
  const children = [];
  for (let i = 0; i < parent.children.length; i++) {
    const node = parent.children[i];
    const next = parent.children[i + 1];
    const punctuation = next?.type === "text" ? PUNCTUATION.exec(next.value)?.[0] : undefined;
    if (isInlineMath(node) && punctuation) {
      children.push({
        type: "element",
        tagName: "span",
        properties: { className: ["math-nowrap"] },
        children: [node, { type: "text", value: punctuation }],
      });
      next.value = next.value.slice(punctuation.length);
      continue;
    }
    if (!isInlineMath(node)) visit(node);
    children.push(node);
  }
  parent.children = children.filter((node) => node.type !== "text" || node.value !== "");
}
