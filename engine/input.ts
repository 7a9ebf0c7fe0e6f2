// Controls declared in code: `input.range("depth", { min: 1, max: 50, value: 10 })` returns the control's current
// value and tells the page (through the output sink) to show the control above the block's output. The page sends
// the reader's values with the run; in Node, or before the reader touches a control, each call returns its default.
import { fail } from "./errors";
import { emit } from "./output";
import { options as checked } from "./validate";

export type InputValue = number | string | boolean;

interface ControlBase {
  label: string;
}

export interface RangeControl extends ControlBase {
  kind: "range";
  min: number;
  max: number;
  step: number;
  default: number;
  value: number;
}

export interface NumberControl extends ControlBase {
  kind: "number";
  default: number;
  value: number;
}

export interface SelectControl extends ControlBase {
  kind: "select";
  options: string[];
  default: string;
  value: string;
}

export interface CheckboxControl extends ControlBase {
  kind: "checkbox";
  default: boolean;
  value: boolean;
}

export type ControlSpec = RangeControl | NumberControl | SelectControl | CheckboxControl;

/** The reader's values for this run, by label (set by the runner before each run). */
let provided: Record<string, unknown> = {};

export function setInputValues(values: Record<string, unknown> | undefined): void {
  provided = values ?? {};
}

function declare<S extends ControlSpec>(spec: S): S["value"] {
  emit({ type: "input", input: spec });
  return spec.value;
}

function requireLabel(op: string, label: unknown): string {
  if (typeof label !== "string" || !label) fail(`input.${op}`, "the label must be a non-empty string");
  return label;
}

/** Snaps `v` to the slider's grid (min + k·step) inside [min, max], as the browser's range input does. */
export function snapToRange(v: number, min: number, max: number, step: number): number {
  const k = Math.round((Math.min(max, Math.max(min, v)) - min) / step);
  return Math.min(max, Number((min + k * step).toPrecision(12)));
}

export const input = {
  range(label: string, opts: { min?: number; max?: number; step?: number; value?: number } = {}): number {
    requireLabel("range", label);
    const o = checked<typeof opts>(`input.range("${label}")`, opts, { min: "number", max: "number", step: "finite", value: "finite" });
    const min = o.min ?? 0, max = o.max ?? 1, step = o.step ?? (max - min) / 100, value = o.value ?? (min + max) / 2;
    if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) fail(`input.range("${label}")`, `needs min < max, got ${min} and ${max}`);
    if (!(step > 0)) fail(`input.range("${label}")`, `step must be positive, got ${step}`);
    const fallback = snapToRange(value, min, max, step);
    const given = provided[label];
    const current = typeof given === "number" && Number.isFinite(given) ? snapToRange(given, min, max, step) : fallback;
    return declare({ kind: "range", label, min, max, step, default: fallback, value: current });
  },

  number(label: string, opts: { value?: number } = {}): number {
    requireLabel("number", label);
    const value = checked<typeof opts>(`input.number("${label}")`, opts, { value: "finite" }).value ?? 0;
    const given = provided[label];
    const current = typeof given === "number" && Number.isFinite(given) ? given : value;
    return declare({ kind: "number", label, default: value, value: current });
  },

  select<T extends string>(label: string, options: readonly T[], opts: { value?: T } = {}): T {
    requireLabel("select", label);
    if (!Array.isArray(options) || options.some((o) => typeof o !== "string")) fail(`input.select("${label}")`, "options must be a list of strings");
    const value = checked<typeof opts>(`input.select("${label}")`, opts, { value: "string" }).value ?? options[0];
    if (!options.length) fail(`input.select("${label}")`, "needs at least one option");
    if (!options.includes(value)) fail(`input.select("${label}")`, `value "${value}" is not one of the options`);
    const given = provided[label];
    const current = options.includes(given as T) ? (given as T) : value;
    return declare({ kind: "select", label, options: [...options], default: value, value: current }) as T;
  },

  checkbox(label: string, opts: { value?: boolean } = {}): boolean {
    requireLabel("checkbox", label);
    const value = checked<typeof opts>(`input.checkbox("${label}")`, opts, { value: "bool" }).value ?? false;
    const given = provided[label];
    return declare({ kind: "checkbox", label, default: value, value: typeof given === "boolean" ? given : value });
  },
};
