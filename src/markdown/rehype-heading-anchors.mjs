// Gives every h2/h3 a visible "#" link to itself, so a reader can copy a link to any section.
// The link sits beside the heading (both inside a wrapper div), not inside it, so the heading's
// accessible name, the table of contents and the search index keep the plain heading text.
const LEVELS = new Set(["h2", "h3"]);

export function rehypeHeadingAnchors() {
  return (tree) => {
    walk(tree);
  };
}

function walk(parent) {
  if (!parent.children) return;
  parent.children = parent.children.map((node) => {
    if (node.type === "element" && LEVELS.has(node.tagName) && typeof node.properties?.id === "string") {
      return wrap(node);
    }
    walk(node);
    return node;
  });
}

function wrap(heading) {
  const id = heading.properties.id;
  const anchor = {
    type: "element",
    tagName: "a",
    properties: { className: ["heading-anchor"], href: `#${id}` },
    children: [
      { type: "element", tagName: "span", properties: { ariaHidden: "true" }, children: [{ type: "text", value: "#" }] },
      {
        type: "element",
        tagName: "span",
        properties: { className: ["sr-only"] },
        children: [{ type: "text", value: `Link to section “${textOf(heading).trim()}”` }],
      },
    ],
  };
  return {
    type: "element",
    tagName: "div",
    properties: { className: ["heading-wrapper", `heading-${heading.tagName}`] },
    children: [heading, anchor],
  };
}

// Visible text of a heading. KaTeX renders math twice (MathML for readers, aria-hidden HTML for eyes)
// and keeps the TeX source in an <annotation>; only the MathML text is kept so math reads once.
function textOf(node) {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return "";
  if (node.tagName === "annotation" || node.properties?.ariaHidden === "true") return "";
  return (node.children ?? []).map(textOf).join("");
}
