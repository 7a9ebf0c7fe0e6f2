// Every live block type-checks against the engine's own declarations, strictly: what a reader sees in the editor has
// no red squiggles, and the examples use the engine's API as it is typed.
import { describe, it, expect } from "vitest";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { readChapters, liveBlocks } from "./chapter-source";

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

describe("live blocks type-check against the engine", () => {
  const files = new Map<string, { title: string; line: number; code: string }>();
  for (const chapter of readChapters())
    liveBlocks(chapter.source).forEach((block, i) => {
      // `export {}` makes each block a module, as the runner treats it; it adds one line above the reader's code.
      files.set(`/virtual/${chapter.slug}/block-${i}.ts`, { title: block.title, line: block.line, code: `export {};\n${block.code}` });
    });

  it("has no type errors", { timeout: 120_000 }, () => {
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (name) => files.get(name)?.code ?? readFile(name);
    host.fileExists = (name) => files.has(name) || fileExists(name);
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
