// Blanks out TypeScript syntax with ts-blank-space, which replaces types by spaces so nothing moves. Loaded on demand:
// it brings the TypeScript parser (megabytes), which plain-JavaScript blocks never need.
import ts from "typescript";
import { blankSourceFile } from "ts-blank-space";
import type { StripTypes } from "./transpile";

const PARAMETER_PROPERTY = "a constructor parameter property (public/private/protected/readonly x) is not supported; declare the field and assign it in the constructor body";

/** What to write instead of each construct ts-blank-space refuses (they would need code generation, not blanking). */
const hints: Record<string, string> = {
  EnumDeclaration: "an enum is not supported; use a const object instead",
  ModuleDeclaration: "a namespace is not supported; use plain declarations",
  Parameter: PARAMETER_PROPERTY,
  PublicKeyword: PARAMETER_PROPERTY,
  PrivateKeyword: PARAMETER_PROPERTY,
  ProtectedKeyword: PARAMETER_PROPERTY,
  ReadonlyKeyword: PARAMETER_PROPERTY,
  ImportEqualsDeclaration: "import x = require(…) is not supported; use import { … } from \"gradflow\"",
  ExportAssignment: "export = is not supported; use export default or named exports",
  TypeAssertionExpression: "an angle-bracket type assertion (<T>x) is not supported; write x as T",
};

function unsupported(node: ts.Node): string {
  const what = ts.SyntaxKind[node.kind];
  return `TypeScript: ${hints[what] ?? `${what} is not supported in live blocks`}`;
}

export const stripTypes: StripTypes = (source) => {
  const file = ts.createSourceFile("block.ts", source, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
  const errors: { offset: number; message: string }[] = [];
  // parseDiagnostics is internal but stable; it carries TypeScript's own syntax errors, which read better than
  // what a JavaScript parser says about leftover type syntax.
  const diagnostics = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  for (const d of diagnostics)
    errors.push({ offset: d.start ?? 0, message: `SyntaxError: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}` });
  const js = blankSourceFile(file, (node) => errors.push({ offset: node.getStart(file), message: unsupported(node) }));
  return { js, errors };
};
