// Blanks out TypeScript syntax with ts-blank-space, which replaces types by spaces so nothing moves. Loaded on demand:
// it brings the TypeScript parser (megabytes), which plain-JavaScript blocks never need.
import ts from "typescript";
import { blankSourceFile } from "ts-blank-space";
import type { StripTypes } from "./transpile";

/** Describes the constructs ts-blank-space refuses (they would need code generation, not blanking). */
function unsupported(node: ts.Node): string {
  const what = ts.SyntaxKind[node.kind];
  const hint: Record<string, string> = {
    EnumDeclaration: "use a const object instead of an enum",
    ModuleDeclaration: "namespaces are not supported; use plain declarations",
    Parameter: "parameter properties are not supported; assign fields in the constructor body",
  };
  return `TypeScript ${what} is not supported in live blocks${hint[what] ? `: ${hint[what]}` : ""}`;
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
