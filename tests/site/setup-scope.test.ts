// The editor's view of a block built on setup blocks (src/components/setup-scope.ts), checked by the real TypeScript
// compiler: the setup blocks' names arrive with their types, the block's own names shadow them as in the runner, and
// a type error in the reader's code is reported on the reader's line.
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { topLevelNames, withSetupScope, type SetupCode } from "../../src/components/setup-scope";

const libFiles = new Map<string, ts.SourceFile | undefined>(); // parsed once: TypeScript's own lib files are large

/** Type-checks `block` (at /blocks/b.ts) over its setup blocks (at /setup/<id>.ts), as the editor's worker does. */
function diagnose(block: string, setups: SetupCode[]): { line: number; message: string }[] {
  const sources = new Map([["/blocks/b.ts", withSetupScope(ts, block, setups, "../setup/")]]);
  setups.forEach((s, i) => sources.set(`/setup/${s.id}.ts`, withSetupScope(ts, s.code, setups.slice(0, i), "../setup/", true)));
  const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10, moduleDetection: ts.ModuleDetectionKind.Force };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, target) => {
    if (sources.has(name)) return ts.createSourceFile(name, sources.get(name)!, target);
    if (!libFiles.has(name)) libFiles.set(name, getSourceFile(name, target));
    return libFiles.get(name);
  };
  host.fileExists = (name) => sources.has(name) || fileExists(name);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  host.directoryExists = (dir) => dir === "/setup" || dir === "/blocks" || ts.sys.directoryExists(dir);
  const program = ts.createProgram(["/blocks/b.ts"], options, host);
  const file = program.getSourceFile("/blocks/b.ts")!;
  return program.getSemanticDiagnostics(file).map((d) => ({
    line: file.getLineAndCharacterOfPosition(d.start!).line + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

const data = { id: "data", code: "const x = [1, 2, 3];\nfunction mean(v: number[]) { return v.reduce((a, b) => a + b) / v.length; }\ninterface Point { x: number }" };
const model = { id: "model", code: "class Model { scale = 2; apply(v: number) { return this.scale * v; } }\nconst m = new Model();\nconst x = mean([4]);" };

describe("topLevelNames", () => {
  it("lists every top-level declaration, destructured and imported ones included, but nothing nested", () => {
    const code = 'import { nn, F as f } from "gradflow";\nimport * as all from "x";\nconst { a, b: [c, , d] } = o;\nlet e = 1, g = 2;\nfunction h() { const inner = 1; }\nclass K {}\ntype T = 1;\nenum E { A }\n{ const block = 1; }';
    expect(topLevelNames(ts, code)).toEqual(["nn", "f", "all", "a", "c", "d", "e", "g", "h", "K", "T", "E"]);
  });
});

describe("withSetupScope", () => {
  it("gives the block the setup blocks' names with their types", () => {
    expect(diagnose("const y: number = mean([1, 2]) + m.apply(x);\nconst p: Point = { x: y };", [data, model])).toEqual([]);
    const errors = diagnose("const ok = m.apply(2);\nconst wrong: string = m.apply(2);", [data, model]);
    expect(errors).toEqual([{ line: 2, message: expect.stringContaining("Type 'number' is not assignable to type 'string'") }]);
  });

  it("lets a later setup block's name win over an earlier one's, and the block's own over both", () => {
    // model's x is a number (mean of [4]); data's x was an array.
    expect(diagnose("const n: number = x;", [data, model])).toEqual([]);
    expect(diagnose("const x = 'own';\nconst s: string = x;", [data, model])).toEqual([]);
  });

  it("flags a name no setup block declares, on the reader's line", () => {
    expect(diagnose("const a = 1;\nconsole.log(a, nope);", [data])).toEqual([{ line: 2, message: "Cannot find name 'nope'." }]);
  });

  it("appends after the reader's code and leaves a block without setup names untouched", () => {
    const block = "const y = x;\n";
    expect(withSetupScope(ts, block, [data], "../setup/").startsWith(block)).toBe(true);
    expect(withSetupScope(ts, block, [], "../setup/")).toBe(block);
    expect(withSetupScope(ts, "const x = 1;", [{ id: "s", code: "const x = 2;" }], "../setup/")).toBe("const x = 1;");
  });
});
