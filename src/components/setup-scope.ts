// How the editor's TypeScript sees a block that builds on setup blocks (`uses=`): the runner runs the setup blocks
// first in one module scope, so their top-level names are the block's too. Here the block gets one line appended,
// importing those names from the setup blocks' code (each a module of its own names). Imports are hoisted and
// appending moves nothing, so every diagnostic, hover and completion stays on the reader's line and column.
// Pure: the TypeScript compiler is passed in (Monaco's copy in the worker, the npm package in tests).
type TS = typeof import("typescript");

export interface SetupCode {
  id: string;
  code: string;
}

function boundNames(ts: TS, name: import("typescript").BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(ts, e.name)));
}

/** The names a block declares at top level, values and types alike, imports included (the runner shares those too). */
export function topLevelNames(ts: TS, code: string): string[] {
  const names: string[] = [];
  for (const statement of ts.createSourceFile("block.ts", code, ts.ScriptTarget.ESNext).statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.push(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
      else if (bindings) names.push(bindings.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) names.push(...boundNames(ts, d.name));
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      names.push(statement.name.text);
  }
  return [...new Set(names)];
}

/**
 * The block's code with its setup blocks' names in scope: `setups` in run order, resolved as modules at
 * `<setupDir><id>` (a relative specifier). As in the runner, the block's own names shadow the setup blocks' and a
 * later setup block's name wins over an earlier one's. `exportOwn` makes the block a module of its names, for the
 * blocks built on it.
 */
export function withSetupScope(ts: TS, code: string, setups: SetupCode[], setupDir: string, exportOwn = false): string {
  const own = topLevelNames(ts, code);
  const from = new Map<string, string>(); // name → id of the setup block it comes from
  for (const setup of setups) for (const name of topLevelNames(ts, setup.code)) if (!own.includes(name)) from.set(name, setup.id);
  const lines = setups.flatMap(({ id }) => {
    const names = [...from].filter(([, source]) => source === id).map(([name]) => name);
    return names.length ? [`import { ${names.join(", ")} } from "${setupDir}${id}";`] : [];
  });
  if (exportOwn && own.length) lines.push(`export { ${own.join(", ")} };`);
  return lines.length ? `${code}\n;${lines.join(" ")}` : code;
}
