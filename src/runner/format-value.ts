// console.log's formatting, close to Node's: strings as they are, tensors and modules through their own toString
// (the engine prints them like PyTorch), arrays and objects readable and bounded in depth and length.

const MAX_ITEMS = 100;
const MAX_DEPTH = 3;
const LINE_WIDTH = 80;

function hasOwnToString(value: object): boolean {
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto))
    if (Object.prototype.hasOwnProperty.call(proto, "toString")) return true;
  return false;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

/** Joins parts on one line if short, else one per line with indentation (like Node). */
function group(open: string, parts: string[], close: string, indent: string): string {
  const oneLine = `${open} ${parts.join(", ")} ${close}`;
  if (parts.length === 0) return `${open}${close}`;
  if (oneLine.length <= LINE_WIDTH && !oneLine.includes("\n")) return oneLine;
  const inner = indent + "  ";
  return `${open}\n${parts.map((p) => inner + p.replace(/\n/g, "\n" + inner)).join(",\n")}\n${indent}${close}`;
}

function items<T>(list: T[], show: (item: T) => string): string[] {
  const parts = list.slice(0, MAX_ITEMS).map(show);
  if (list.length > MAX_ITEMS) parts.push(`... ${list.length - MAX_ITEMS} more items`);
  return parts;
}

function inspect(value: unknown, depth: number, seen: Set<object>, nested: boolean): string {
  switch (typeof value) {
    case "string":
      return nested ? quote(value) : value;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
    case "boolean":
    case "symbol":
      return String(value);
    case "function":
      return `[Function: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  const obj = value as object;
  if (seen.has(obj)) return "[Circular]";
  if (obj instanceof Error) return nested ? `[${obj.name}: ${obj.message}]` : `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  // Tensors, modules and anything else that knows how to print itself.
  if (!Array.isArray(obj) && !ArrayBuffer.isView(obj) && hasOwnToString(obj)) return String(obj);
  if (depth > MAX_DEPTH) return Array.isArray(obj) ? "[Array]" : "[Object]";
  seen.add(obj);
  try {
    const show = (v: unknown) => inspect(v, depth + 1, seen, true);
    if (Array.isArray(obj)) return group("[", items(obj, show), "]", "");
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const list = Array.from(obj as unknown as ArrayLike<number>);
      return group(`${obj.constructor.name}(${list.length}) [`, items(list, show), "]", "");
    }
    if (obj instanceof Map)
      return group(`Map(${obj.size}) {`, items([...obj], ([k, v]) => `${show(k)} => ${show(v)}`), "}", "");
    if (obj instanceof Set) return group(`Set(${obj.size}) {`, items([...obj], show), "}", "");
    const name = obj.constructor && obj.constructor !== Object ? `${obj.constructor.name} ` : "";
    const parts = items(Object.entries(obj), ([k, v]) => `${key(k)}: ${show(v)}`);
    return name + group("{", parts, "}", "");
  } finally {
    seen.delete(obj);
  }
}

/** One console argument as text. */
export function formatValue(value: unknown): string {
  return inspect(value, 0, new Set(), false);
}

/** A console call's arguments joined by spaces, as the browser console and Node do. */
export function formatArgs(args: unknown[]): string {
  return args.map(formatValue).join(" ");
}
