// Turns a live block (a TypeScript module) into a script the worker can evaluate again and again, each time in a fresh
// scope: types blanked out (by strip-types.ts, loaded only when the code needs it), `import … from "gradflow"` bound
// to the engine, `export` recorded, and the body wrapped in an async function so top-level await works.
// Every rewrite keeps line breaks where they were, so a line:column in the script maps straight back to the reader's.
import { parse, type Node, type Pattern, type Program, type ModuleDeclaration, type Statement } from "acorn";

export interface SourcePosition {
  /** 1-based line in the reader's code. */
  line: number;
  /** 1-based column in the reader's code. */
  column: number;
}

export interface CompileError extends SourcePosition {
  message: string;
}

/** Blanks TypeScript-only syntax without moving anything; reports errors (syntax, unsupported constructs) by offset. */
export type StripTypes = (source: string) => { js: string; errors: { offset: number; message: string }[] };

export interface Compiled {
  /** An expression, `async (gradflow, console, scope?, onThrow?) => exports`, to evaluate in strict mode (load-body.ts). */
  script: string;
  /** Names the block exports (`export const x`, `export function f`, `export { a as b }`, "default"). */
  exports: string[];
  /** Text inserted inside the reader's lines (around `throw` values), so columns map back exactly. */
  shifts: ColumnShift[];
}

/** `by` characters were inserted on the reader's `line`, starting at script column `at` (1-based). */
export interface ColumnShift {
  line: number;
  at: number;
  by: number;
}

export type CompileResult = { ok: true; compiled: Compiled } | { ok: false; error: CompileError };

/** Parameter names of the wrapper; unusual enough not to clash with a reader's own names. */
const MODULE_PARAM = "__gradflow_module";
const DEFAULT_EXPORT = "__gradflow_default";
const SCOPE_PARAM = "__gradflow_scope";
/** Sees every thrown value on its way out (it returns it unchanged), so a `throw 42` can still name its line. */
const THROW_PARAM = "__gradflow_throw";
/** The script's first line is the wrapper's head, so the reader's line n is the script's line n + 1. */
export const HEADER_LINES = 1;

class CompileFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function positionAt(source: string, offset: number): SourcePosition {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** Same text length of line breaks as `original`, so replacing it keeps every later line where it was. */
function keepLines(replacement: string, original: string): string {
  return replacement + "\n".repeat(original.split("\n").length - 1);
}

function blank(original: string): string {
  return original.replace(/[^\n]/g, " ");
}

function patternNames(pattern: Pattern, out: string[]): string[] {
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) patternNames(p.type === "RestElement" ? p.argument : p.value, out);
      break;
    case "ArrayPattern":
      for (const p of pattern.elements) if (p) patternNames(p, out);
      break;
    case "RestElement":
      patternNames(pattern.argument, out);
      break;
    case "AssignmentPattern":
      patternNames(pattern.left, out);
      break;
  }
  return out;
}

function nameOf(node: { type: string; name?: string; value?: unknown }): string {
  return node.type === "Identifier" ? node.name! : String(node.value);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edits that turn one top-level statement into plain function-body code; records exports as "exported: local". */
function rewrite(node: Statement | ModuleDeclaration, js: string, exports: Map<string, string>): Edit[] {
  const original = js.slice(node.start, node.end);
  switch (node.type) {
    case "ImportDeclaration": {
      if (node.source.value !== "gradflow")
        throw new CompileFailure(`Live blocks can only import from "gradflow", not ${JSON.stringify(node.source.value)}`, node.source.start);
      const named: string[] = [];
      const lines: string[] = [];
      for (const s of node.specifiers) {
        if (s.type === "ImportNamespaceSpecifier") lines.push(`const ${s.local.name} = ${MODULE_PARAM};`);
        else if (s.type === "ImportDefaultSpecifier") throw new CompileFailure(`"gradflow" has no default export; use import { torch } from "gradflow"`, s.start);
        else {
          const imported = nameOf(s.imported);
          named.push(imported === s.local.name ? imported : `${JSON.stringify(imported)}: ${s.local.name}`);
        }
      }
      if (named.length) lines.push(`const { ${named.join(", ")} } = ${MODULE_PARAM};`);
      return [{ start: node.start, end: node.end, text: keepLines(lines.join(" "), original) }];
    }
    case "ExportNamedDeclaration": {
      if (node.source) throw new CompileFailure("Live blocks cannot re-export from another module", node.start);
      if (node.declaration) {
        const d = node.declaration;
        const names = d.type === "VariableDeclaration" ? d.declarations.flatMap((v) => patternNames(v.id, [])) : [d.id.name];
        for (const n of names) exports.set(n, n);
        return [{ start: node.start, end: d.start, text: blank(js.slice(node.start, d.start)) }];
      }
      for (const s of node.specifiers) exports.set(nameOf(s.exported), nameOf(s.local));
      return [{ start: node.start, end: node.end, text: blank(original) }];
    }
    case "ExportDefaultDeclaration": {
      exports.set("default", DEFAULT_EXPORT);
      const head = js.slice(node.start, node.declaration.start);
      return [{ start: node.start, end: node.declaration.start, text: keepLines(`const ${DEFAULT_EXPORT} = `, head) }];
    }
    case "ExportAllDeclaration":
      throw new CompileFailure("Live blocks cannot re-export from another module", node.start);
    default:
      return [];
  }
}

/** Every `throw` in the block, at any depth (a generic walk: acorn's node types need no visitor table). */
function throwStatements(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const child of node) throwStatements(child, out);
  else if (node && typeof node === "object" && typeof (node as Node).type === "string") {
    if ((node as Node).type === "ThrowStatement") out.push(node as Node);
    for (const [key, value] of Object.entries(node)) if (key !== "loc" && value && typeof value === "object") throwStatements(value, out);
  }
  return out;
}

/**
 * `throw v` becomes `throw __gradflow_throw(v)`: the value is thrown unchanged, but the runner learns where, which
 * is the only way to give `throw 42` or `throw null` a line. The insertions stay on their lines; `shifts` records
 * them so a column in the script maps back to the reader's.
 */
function instrumentThrows(program: Program, js: string): { edits: Edit[]; shifts: ColumnShift[] } {
  const inserts: { offset: number; text: string }[] = [];
  for (const node of throwStatements(program.body)) {
    const argument = (node as unknown as { argument: Node }).argument;
    inserts.push({ offset: argument.start, text: `${THROW_PARAM}(` }, { offset: argument.end, text: ")" });
  }
  inserts.sort((a, b) => a.offset - b.offset);
  const shifts: ColumnShift[] = [];
  for (const { offset, text } of inserts) {
    const { line, column } = positionAt(js, offset);
    const before = shifts.filter((s) => s.line === line).reduce((sum, s) => sum + s.by, 0);
    shifts.push({ line, at: column + before, by: text.length });
  }
  return { edits: inserts.map(({ offset, text }) => ({ start: offset, end: offset, text })), shifts };
}

/** The names a block declares at top level (imports, variables, functions, classes), exported or not. */
function topLevelNames(program: Program): string[] {
  const names: string[] = [];
  for (const node of program.body) {
    const d = node.type === "ExportNamedDeclaration" ? node.declaration : node;
    if (!d) continue;
    if (d.type === "ImportDeclaration") for (const s of d.specifiers) names.push(s.local.name);
    else if (d.type === "VariableDeclaration") for (const v of d.declarations) patternNames(v.id, names);
    else if ((d.type === "FunctionDeclaration" || d.type === "ClassDeclaration") && d.id) names.push(d.id.name);
  }
  return [...new Set(names)];
}

function applyEdits(js: string, edits: Edit[]): string {
  let out = "";
  let at = 0;
  // Stable sort: an insertion at a replaced statement's start stays after that replacement's own text.
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    out += js.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + js.slice(at);
}

function parseModule(js: string): Program {
  try {
    return parse(js, { ecmaVersion: "latest", sourceType: "module" });
  } catch (error) {
    const e = error as SyntaxError & { pos?: number };
    if (typeof e.pos !== "number") throw error;
    // acorn appends " (line:column)" to its messages; we report the position separately.
    throw new CompileFailure(`SyntaxError: ${e.message.replace(/ \(\d+:\d+\)$/, "")}`, e.pos);
  }
}

/**
 * Compiles a block. Without `stripTypes` only plain JavaScript compiles; TypeScript syntax then fails, and the caller
 * retries with the stripper (which is large, so the page loads it only when a block needs it).
 * `sourceName` becomes the script's sourceURL, which is how runtime errors are traced back to the reader's lines.
 */
export function compile(source: string, sourceName: string, stripTypes?: StripTypes, inherited: string[] = []): CompileResult {
  try {
    let js = source;
    if (stripTypes) {
      const stripped = stripTypes(source);
      const first = stripped.errors[0];
      if (first) throw new CompileFailure(first.message, first.offset);
      js = stripped.js;
    }
    const program = parseModule(js);
    const exports = new Map<string, string>();
    const throws = instrumentThrows(program, js);
    const body = applyEdits(js, [...program.body.flatMap((node) => rewrite(node, js, exports)), ...throws.edits]);
    const returned = [...exports].map(([name, local]) => `${JSON.stringify(name)}: ${local}`).join(", ");
    // Blocks named in `uses=` share one scope: this block sees their top-level names (in an inner block, so it may
    // redeclare them) and leaves its own in the scope object for the blocks that build on it.
    const inner = inherited.length ? ` const { ${inherited.join(", ")} } = ${SCOPE_PARAM}; {` : "";
    // No "use strict" inside: the function may not have one (its last parameter has a default); load-body.ts runs the
    // expression in strict mode (a module, or eval behind the directive).
    const script =
      `(async function (${MODULE_PARAM}, console, ${SCOPE_PARAM}, ${THROW_PARAM} = (v) => v) {${inner}\n` +
      `${body}\n` +
      `;Object.assign(${SCOPE_PARAM} ?? {}, { ${topLevelNames(program).join(", ")} });` +
      `return { ${returned} };${inner ? "}" : ""}\n})\n//# sourceURL=${sourceName}`;
    return { ok: true, compiled: { script, exports: [...exports.keys()], shifts: throws.shifts } };
  } catch (error) {
    if (!(error instanceof CompileFailure)) throw error;
    return { ok: false, error: { message: error.message, ...positionAt(source, error.offset) } };
  }
}

/**
 * Where an error was raised in the reader's code: the first stack frame in the compiled script named `sourceName`.
 * Undefined for values without a stack (`throw 42`) or errors raised entirely outside the block.
 */
export function locateError(error: unknown, sourceName: string, shifts: ColumnShift[] = []): SourcePosition | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const escaped = sourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return undefined;
  const line = Number(match[1]) - HEADER_LINES;
  return { line, column: readerColumn(line, Number(match[2]), shifts) };
}

/** Undoes the insertions before `column` on `line`; a column inside an insertion maps to where it was inserted. */
function readerColumn(line: number, column: number, shifts: ColumnShift[]): number {
  let removed = 0;
  for (const s of shifts) {
    if (s.line !== line || column < s.at) continue;
    removed += Math.min(s.by, column - s.at);
  }
  return column - removed;
}
