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
