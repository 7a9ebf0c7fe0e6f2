// Turns ```ts run fences into <CodeBlock> live blocks (the chapter page passes CodeBlock to MDX; see
// src/components/mdx.ts). Other fences stay static code. Fence meta, all optional:
//   ```ts run title="Activation explorer" timeout=5000 autorun id=explorer
//   ```ts run id=model uses=data            (runs block "data" first, in the same scope; see block-dependencies.mjs)
//   ```ts run id=setup preamble             (every other live block of the page uses it)
//   ```ts run id=setup preamble hidden      (the same, not shown on the page: it only runs before the others)
// An authoring mistake (unknown option, bad timeout, duplicate id, unknown or cyclic uses) fails the build with the
// fence's line.
import { parseUses, resolvePage } from "./block-dependencies.mjs";

const OPTIONS = new Set(["run", "title", "timeout", "autorun", "id", "uses", "preamble", "hidden"]);
const ID = /^[A-Za-z][\w-]*$/;

/** `run title="A b" timeout=5000 autorun` → { run: true, title: "A b", timeout: "5000", autorun: true } */
export function parseFenceMeta(meta) {
  const options = {};
  for (const m of (meta ?? "").matchAll(/([\w-]+)(?:=(?:"([^"]*)"|(\S+)))?/g)) options[m[1]] = m[2] ?? m[3] ?? true;
  return options;
}

/** Calls fn(node, index, parent) for every code node, depth first, in document order. */
function eachCode(parent, fn) {
  parent.children?.forEach((node, index) => {
    if (node.type === "code") fn(node, index, parent);
    else eachCode(node, fn);
  });
}

function attribute(name, value) {
  return { type: "mdxJsxAttribute", name, value };
}

export function remarkLiveBlocks() {
  return (tree, file) => {
    const isMdx = String(file.path ?? "").endsWith(".mdx");
    const ids = new Set();
    let ordinal = 0;
    const blocks = []; // { id, uses, preamble, hidden, title, element, fail } in document order, resolved once all ids are known
    eachCode(tree, (node, index, parent) => {
      if (node.lang !== "ts" && node.lang !== "typescript") return;
      const options = parseFenceMeta(node.meta);
      if (options.run !== true) return;
      const where = `${file.path}:${node.position?.start.line ?? "?"}`;
      const fail = (message) => {
        throw new Error(`${where}: live block: ${message}`);
      };
      if (!isMdx) fail("live blocks need an .mdx page (the block is a component)");
      for (const key of Object.keys(options))
        if (!OPTIONS.has(key)) fail(`unknown option "${key}" (known: ${[...OPTIONS].join(", ")})`);
      ordinal++;
      const id = options.id === undefined ? `block-${ordinal}` : String(options.id);
      if (!ID.test(id)) fail(`id "${id}" must start with a letter and use only letters, digits, _ and -`);
      if (ids.has(id)) fail(`duplicate id "${id}"`);
      ids.add(id);
      const attributes = [attribute("code", node.value), attribute("id", id)];
      if (typeof options.title === "string") attributes.push(attribute("title", options.title));
      if (options.timeout !== undefined) {
        const ms = Number(options.timeout);
        if (!Number.isInteger(ms) || ms <= 0) fail(`timeout must be a positive whole number of milliseconds, got "${options.timeout}"`);
        attributes.push(attribute("timeout", String(ms)));
      }
      if (options.autorun === true) attributes.push(attribute("autorun", null));
      if (options.hidden === true) {
        if (options.preamble !== true) fail("only a preamble can be hidden (a reader could not run or edit any other hidden block)");
        attributes.push(attribute("hidden", null));
      }
      const element = { type: "mdxJsxFlowElement", name: "CodeBlock", attributes, children: [] };
      parent.children[index] = element;
      let uses = [];
      try {
        uses = parseUses(options.uses);
      } catch (error) {
        fail(error.message);
      }
      const title = typeof options.title === "string" ? options.title : undefined;
      blocks.push({ id, uses, preamble: options.preamble === true, hidden: options.hidden === true, title, element, fail });
    });
    let orders = new Map();
    try {
      orders = resolvePage(blocks);
    } catch (error) {
      blocks.find((b) => b.id === error.blockId).fail(error.message);
    }
    for (const b of blocks) {
      const order = orders.get(b.id);
      if (order.length) b.element.attributes.push(attribute("uses", order.join(",")));
      // The setup blocks a reader can see, for the block's "Builds on" label (a hidden preamble has no anchor).
      const visible = order.map((id) => blocks.find((s) => s.id === id)).filter((s) => !s.hidden);
      if (visible.length) b.element.attributes.push(attribute("buildsOn", JSON.stringify(visible.map((s) => ({ id: s.id, title: s.title })))));
    }
  };
}
