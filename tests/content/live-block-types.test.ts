// Every live block type-checks against the engine's own declarations, strictly: what a reader sees in the editor has
// no red squiggles, and the examples use the engine's API as it is typed. A block that builds on others (`uses=`,
// preambles) is checked with their top-level names in scope, as it runs: each block is a virtual module exporting
// its own top-level names, and a block imports from its setup blocks every name it does not declare itself.
import { describe, it, expect } from "vitest";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { readChapters, liveBlocks, type LiveBlock } from "./chapter-source";

const engineIndex = fileURLToPath(new URL("../../engine/index.ts", import.meta.url));

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  baseUrl: ".",
  paths: { gradflow: [engineIndex] },
};

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

/** The names a block declares at top level, values and types alike. */
function topLevelNames(code: string): string[] {
  const names: string[] = [];
  for (const statement of ts.createSourceFile("block.ts", code, ts.ScriptTarget.ES2022).statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) names.push(...boundNames(d.name));
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name
    )
      names.push(statement.name.text);
  }
  return [...new Set(names)];
}

/**
 * The block as a module: one first line importing what it takes from its setup blocks (the latest one declaring a name
 * wins, as in the runner's shared scope), then the reader's code, then an export of its own names. The first line
 * replaces nothing, so a problem's line is the reader's line plus one.
 */
function asModule(block: LiveBlock): string {
  const own = topLevelNames(block.code);
  const from = new Map<string, LiveBlock>();
  for (const setup of block.setup) for (const name of topLevelNames(setup.code)) if (!own.includes(name)) from.set(name, setup);
  const imports = block.setup
    .map((setup) => [setup, [...from].filter(([, b]) => b === setup).map(([name]) => name)] as const)
    .filter(([, names]) => names.length)
    .map(([setup, names]) => `import { ${names.join(", ")} } from "./${setup.id}";`);
  return `export {}; ${imports.join(" ")}\n${block.code}\nexport { ${own.join(", ")} };\n`;
}

describe("live blocks type-check against the engine", () => {
  const files = new Map<string, { title: string; line: number; code: string }>();
  for (const chapter of readChapters()) {
    for (const block of liveBlocks(chapter.source))
      files.set(`/virtual/${chapter.slug}/${block.id}.ts`, { title: block.title, line: block.line, code: asModule(block) });
  }

  it("has no type errors", { timeout: 120_000 }, () => {
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (name) => files.get(name)?.code ?? readFile(name);
    host.fileExists = (name) => files.has(name) || fileExists(name);
    const directoryExists = host.directoryExists?.bind(host);
    host.directoryExists = (name) => name.startsWith("/virtual") || (directoryExists?.(name) ?? true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language) => {
      const file = files.get(name);
      return file ? ts.createSourceFile(name, file.code, language, true) : getSourceFile(name, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const block = files.get(d.file!.fileName)!;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `"${block.title}" (file line ${block.line + line}): ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
      });
    expect(problems).toEqual([]);
  });
});
