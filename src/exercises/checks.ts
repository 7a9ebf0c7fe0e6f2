// What an exercise's checks.ts exports, and how its checks are run against the reader's exports. Each check runs on
// its own, so one failure (or one throw inside the reader's code) never hides the result of the others.
import { CheckFailure, describeValue } from "./expect";

/** What an export must be for the checks to use it. */
export type ExportKind = "function" | "number" | "tensor" | "array" | "object";

export interface Check<E> {
  /** Shown to the reader next to pass/fail: says what is being checked. */
  name: string;
  run(exports: E): void | Promise<void>;
}

export interface CheckSuite<E = Record<string, unknown>> {
  /** The exports the checks read, by name; a missing or wrong-kind export fails with a message naming it. */
  requires: { [K in keyof E & string]?: ExportKind };
  checks: Check<E>[];
}

/** Typed helper for checks.ts files: `export default defineChecks<Exports>({ requires, checks })`. */
export function defineChecks<E>(suite: CheckSuite<E>): CheckSuite<E> {
  return suite;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  /** Why it failed, for the reader. */
  message?: string;
}

function kindOf(value: unknown): ExportKind | "undefined" | "other" {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "function";
  if (typeof value === "number") return "number";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object" && value !== null) {
    const t = value as { shape?: unknown; tolist?: unknown };
    return Array.isArray(t.shape) && typeof t.tolist === "function" ? "tensor" : "object";
  }
  return "other";
}

const article = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/** Messages for exports that are missing or of the wrong kind, one per export. */
export function missingExports(requires: Record<string, ExportKind | undefined>, exports: Record<string, unknown>): CheckResult[] {
  return Object.entries(requires).flatMap(([name, kind]) => {
    const found = kindOf(exports[name]);
    if (!kind || found === kind || (kind === "object" && found === "tensor")) return [];
    const message =
      found === "undefined"
        ? `Nothing named \`${name}\` is exported. Keep the line \`export … ${name}\` from the starter code.`
        : `\`${name}\` should be ${article(kind)}, but it is ${describeValue(exports[name])}.`;
    return [{ name: `exports \`${name}\``, passed: false, message }];
  });
}

/** Text for anything a check threw that is not a CheckFailure: the reader's code failed while being checked. */
function thrownMessage(error: unknown): string {
  if (error instanceof CheckFailure) return error.message;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `Your code threw an error during this check: ${text}`;
}

/** Runs every check in order; missing exports fail up front and skip the checks (they could only throw). */
export async function runChecks<E>(suite: CheckSuite<E>, exports: Record<string, unknown>): Promise<CheckResult[]> {
  const missing = missingExports(suite.requires as Record<string, ExportKind>, exports);
  if (missing.length) return missing;
  const results: CheckResult[] = [];
  for (const check of suite.checks) {
    try {
      await check.run(exports as E);
      results.push({ name: check.name, passed: true });
    } catch (error) {
      results.push({ name: check.name, passed: false, message: thrownMessage(error) });
    }
  }
  return results;
}
