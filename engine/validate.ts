// Argument checks shared by every public function. Each names the op and the argument, so a reader's mistake reads
// `zeros: size must be a non-negative integer, got "3"` instead of a TypeError from deep inside the engine.
// Options bags are checked against a small spec: `options("sum", opts, { dim: "dims", keepdim: "bool" })`.
// undefined and null both mean "not given" (Python's None), so a key set to either keeps its default.
import { DType } from "./dtype";
import { fail } from "./errors";
import { Generator } from "./random";
import { Tensor } from "./tensor";

/** How a value reads in a message: `a string "3"`, `null`, `NaN`, `an array`, `a function`... */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (v instanceof Tensor) return `a tensor of shape [${v.shape.join(", ")}]`;
  if (v instanceof DType) return String(v);
  switch (typeof v) {
    case "number": return Number.isNaN(v) ? "NaN" : String(v);
    case "string": return `a string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case "boolean": return String(v);
    case "function": return "a function";
    case "bigint": return `${v}n`;
    case "symbol": return "a symbol";
  }
  if (Array.isArray(v)) return "an array";
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const name = (v as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}

export function tensorArg(op: string, name: string, v: unknown): Tensor {
  if (!(v instanceof Tensor)) fail(op, `${name} must be a Tensor, got ${describe(v)}${Array.isArray(v) ? "; wrap arrays with torch.tensor(...)" : ""}`);
  return v;
}

/** A tensor, or null/undefined for "none". */
export function optionalTensorArg(op: string, name: string, v: unknown): Tensor | null {
  return v === undefined || v === null ? null : tensorArg(op, name, v);
}

export function numberArg(op: string, name: string, v: unknown): number {
  if (typeof v !== "number") fail(op, `${name} must be a number, got ${describe(v)}`);
  return v;
}

/** A number that is not NaN and not infinite. */
export function finiteArg(op: string, name: string, v: unknown): number {
  if (!Number.isFinite(numberArg(op, name, v))) fail(op, `${name} must be a finite number, got ${v}`);
  return v as number;
}

export function intArg(op: string, name: string, v: unknown, min = -Infinity): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) {
    const range = min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : min > -Infinity ? `an integer >= ${min}` : "an integer";
    fail(op, `${name} must be ${range}, got ${describe(v)}`);
  }
  return v;
}

export function boolArg(op: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") fail(op, `${name} must be true or false, got ${describe(v)}`);
  return v;
}

export function fnArg<F extends (...args: any[]) => any>(op: string, name: string, v: unknown): F {
  if (typeof v !== "function") fail(op, `${name} must be a function, got ${describe(v)}`);
  return v as F;
}

export function choiceArg<T extends string>(op: string, name: string, v: unknown, choices: readonly T[]): T {
  if (!choices.includes(v as T)) fail(op, `${name} must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}; got ${describe(v)}`);
  return v as T;
}

export function tensorListArg(op: string, name: string, v: unknown): Tensor[] {
  if (!isIterable(v) || v instanceof Tensor || typeof v === "string") fail(op, `${name} must be a list of tensors, got ${describe(v)}`);
  const list = [...v];
  list.forEach((t, i) => tensorArg(op, `${name}[${i}]`, t));
  return list as Tensor[];
}

/** One tensor or an iterable of them (e.g. model.parameters()), as an array. */
export function tensorsArg(op: string, name: string, v: unknown): Tensor[] {
  return v instanceof Tensor ? [v] : tensorListArg(op, name, v);
}

/** A list of sizes or dims: integers (range is checked by the caller: checkShape for sizes, normDim for dims). */
export function intListArg(op: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v)) fail(op, `${name} must be a list of integers, got ${describe(v)}`);
  return v.map((x, i) => intArg(op, `${name}[${i}]`, x));
}

/** `f(2, 3)`, `f([2, 3])` and `f()`: sizes (or dims) as varargs or one array, all integers. */
export function sizesArg(op: string, args: readonly unknown[], name = "size"): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return intListArg(op, name, args[0]);
  return args.map((a, i) => {
    if (typeof a !== "number") {
      fail(op, `expected ${name} as integers or one list of integers, got ${describe(a)} at position ${i}, e.g. ${op}(2, 3) or ${op}([2, 3])`);
    }
    return intArg(op, name, a);
  });
}

export function isIterable(v: unknown): v is Iterable<unknown> {
  return v !== null && v !== undefined && typeof (v as any)[Symbol.iterator] === "function";
}

/** What an option may hold; an array lists the accepted strings; "any" is a known key its op checks itself. */
export type OptionKind = "bool" | "string" | "number" | "finite" | "nonneg" | "int" | "size" | "posint" | "dims" | "dtype"
  | "generator" | "tensor" | "fn" | "any" | readonly string[];

function checkOption(op: string, key: string, v: unknown, kind: OptionKind): void {
  if (Array.isArray(kind)) { choiceArg(op, key, v, kind); return; }
  switch (kind) {
    case "bool": boolArg(op, key, v); return;
    case "string": if (typeof v !== "string") fail(op, `${key} must be a string, got ${describe(v)}`); return;
    case "number": numberArg(op, key, v); return;
    case "finite": finiteArg(op, key, v); return;
    case "nonneg": if (!(numberArg(op, key, v) >= 0)) fail(op, `${key} must be >= 0, got ${v}`); return;
    case "int": intArg(op, key, v); return;
    case "size": intArg(op, key, v, 0); return;
    case "posint": intArg(op, key, v, 1); return;
    case "dims": if (typeof v === "number") intArg(op, key, v); else intListArg(op, key, v); return;
    case "dtype": if (!(v instanceof DType)) fail(op, `${key} must be a torch dtype such as torch.float32, got ${describe(v)}`); return;
    case "generator": if (!(v instanceof Generator)) fail(op, `${key} must be a torch.Generator, got ${describe(v)}`); return;
    case "tensor": tensorArg(op, key, v); return;
    case "fn": fnArg(op, key, v); return;
    case "any": return;
  }
}

/**
 * An options bag (undefined or null give {}), with each key in `spec` that is given checked against its kind. A key
 * `spec` does not list is refused, as Python refuses an unexpected keyword argument: a misspelt `{ dimm: 0 }` or
 * `{ baias: false }` would otherwise be ignored silently and the op would run with its defaults.
 */
export function options<O extends object>(op: string, v: unknown, spec: Record<string, OptionKind>): O {
  if (v === undefined || v === null) return {} as O;
  if (typeof v !== "object" || Array.isArray(v) || v instanceof Tensor || v instanceof DType) {
    fail(op, `expected an options object like { ${Object.keys(spec).slice(0, 2).join(", ")} }, got ${describe(v)}`);
  }
  for (const key of Object.keys(v)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) {
      const valid = Object.keys(spec);
      fail(op, `got an unexpected option ${JSON.stringify(key)}; ${valid.length ? `valid options are ${valid.join(", ")}` : "it takes no options"}`);
    }
  }
  for (const key in spec) {
    const x = (v as Record<string, unknown>)[key];
    if (x !== undefined && x !== null) checkOption(op, key, x, spec[key]);
  }
  return v as O;
}

/** Arguments given positionally (`new nn.ELU(0.5)`) or as one options bag first (`new nn.ELU({ alpha: 0.5 })`),
 *  as one checked bag whose keys are `spec`'s, in positional order. */
export function ctorOptions(op: string, args: readonly unknown[], spec: Record<string, OptionKind>): Record<string, any> {
  const given = isOptions(args[0]) ? args[0] : Object.fromEntries(Object.keys(spec).map((k, i) => [k, args[i]]));
  return options(op, given, spec);
}

/** True when `v` is an options bag rather than a positional value (a plain object, not a tensor, dtype or array). */
export function isOptions(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Tensor) && !(v instanceof DType) && !ArrayBuffer.isView(v);
}
