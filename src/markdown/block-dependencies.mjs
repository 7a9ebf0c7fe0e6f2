// Which blocks a live block builds on (`uses=` in its fence meta, plus the chapter's `preamble` blocks), resolved at
// build time into the order the runner runs them. A cycle or an unknown id is an authoring error, reported by id.

/**
 * @param {Map<string, string[]>} uses  each block id → the ids it names directly
 * @param {string} id
 * @returns {string[]} every block `id` builds on, each once, dependencies before the blocks that use them
 * @throws {Error} on an unknown id or a cycle, naming the path
 */
export function resolveUses(uses, id) {
  const order = [];
  const done = new Set();
  const visit = (current, path) => {
    if (done.has(current)) return;
    if (path.includes(current)) throw new Error(`uses= forms a cycle: ${[...path.slice(path.indexOf(current)), current].join(" → ")}`);
    const named = uses.get(current);
    if (named === undefined) throw new Error(`"${path.at(-1)}" uses unknown block id "${current}"`);
    for (const dependency of named) visit(dependency, [...path, current]);
    done.add(current);
    if (current !== id) order.push(current);
  };
  visit(id, []);
  return order;
}

/** `uses=data,model` → ["data", "model"] */
export function parseUses(value) {
  if (value === undefined) return [];
  if (value === true) throw new Error("uses= needs block ids, e.g. uses=data,model");
  return String(value)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The run order of every block of a page: each block's `uses` plus, for every block that is not itself a preamble,
 * the page's preamble blocks (in document order) first.
 * @param {{ id: string, uses: string[], preamble: boolean }[]} blocks  in document order
 * @returns {Map<string, string[]>} block id → ids to run before it
 * @throws {Error} on an unknown id or a cycle; `error.blockId` names the block whose resolution failed
 */
export function resolvePage(blocks) {
  const preambles = blocks.filter((b) => b.preamble).map((b) => b.id);
  const graph = new Map(blocks.map((b) => [b.id, b.preamble ? b.uses : [...new Set([...preambles, ...b.uses])]]));
  const orders = new Map();
  for (const b of blocks) {
    try {
      orders.set(b.id, resolveUses(graph, b.id));
    } catch (error) {
      throw Object.assign(error, { blockId: b.id });
    }
  }
  return orders;
}
