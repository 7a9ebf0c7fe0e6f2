// The controls a block declares in code (input.range/select/checkbox/number), shown above its output as labelled
// form controls. Moving one saves the value and asks the block to run again (debounced, so dragging a slider starts
// one run per pause, not one per pixel). The controls themselves come from the run: a control the code no longer
// declares disappears after its next successful run.
import type { ControlSpec } from "../../engine/input";
import { ControlStore, cleanValues, type ControlValues } from "../runner/control-values";
import { browserStorage, debounce } from "../runner/storage";
import "./Controls.css";

const RERUN_DELAY_MS = 120;

let nextId = 0;

function isControlSpec(v: unknown): v is ControlSpec {
  const s = v as Record<string, unknown>;
  if (typeof v !== "object" || v === null || typeof s.label !== "string") return false;
  switch (s.kind) {
    case "range":
      return [s.min, s.max, s.step, s.value, s.default].every((n) => typeof n === "number");
    case "number":
      return typeof s.value === "number" && typeof s.default === "number";
    case "select":
      return Array.isArray(s.options) && s.options.every((o) => typeof o === "string") && typeof s.value === "string";
    case "checkbox":
      return typeof s.value === "boolean" && typeof s.default === "boolean";
    default:
      return false;
  }
}

export class Controls {
  private readonly panel: HTMLDivElement;
  private readonly list: HTMLDivElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly store: ControlStore;
  private values: ControlValues;
  /** The rendered controls by label, with the spec they were built from. */
  private readonly shown = new Map<string, { row: HTMLElement; spec: ControlSpec }>();
  private declared = new Set<string>();
  private readonly rerun: ReturnType<typeof debounce<[]>>;

  constructor(root: HTMLElement, blockName: string, page: string, blockId: string, onChange: () => void) {
    this.store = new ControlStore(browserStorage(), page, blockId);
    this.values = this.store.load();
    this.rerun = debounce(onChange, RERUN_DELAY_MS);
    this.panel = document.createElement("div");
    this.panel.className = "live-block__controls";
    this.panel.setAttribute("role", "group");
    this.panel.setAttribute("aria-label", `Controls of ${blockName}`);
    this.panel.hidden = true;
    this.list = document.createElement("div");
    this.list.className = "live-block__controls-list";
    this.resetButton = document.createElement("button");
    this.resetButton.type = "button";
    this.resetButton.className = "button button--compact";
    this.resetButton.textContent = "Reset controls";
    this.resetButton.addEventListener("click", () => this.reset());
    this.panel.append(this.list, this.resetButton);
    root.querySelector("[data-output]")!.before(this.panel);
    this.updateReset();
  }

  /** The values the reader set, sent with every run. */
  get current(): ControlValues {
    return { ...this.values };
  }

  /** Replaces the values (from a share link) without saving them. */
  load(values: unknown): void {
    this.values = cleanValues(values);
    this.updateReset();
  }

  /** Restores every control's default (the block's Reset, or the panel's own button) and runs again if shown. */
  reset(): void {
    if (!Object.keys(this.values).length) return;
    this.values = {};
    this.store.save(this.values);
    this.updateReset();
    if (this.shown.size) this.rerun();
  }

  beginRun(): void {
    this.rerun.cancel(); // this run already carries the current values; a pending re-run would only repeat it
    this.declared.clear();
  }

  /** Takes the run's control declarations out of a batch (they are not output) and shows them. */
  take(batch: unknown[]): unknown[] {
    return batch.filter((m) => {
      const message = m as { type?: unknown; input?: unknown };
      if (message?.type !== "input") return true;
      if (isControlSpec(message.input)) this.show(message.input);
      return false;
    });
  }

  /** After a successful run, controls the code no longer declares go away. */
  endRun(ok: boolean): void {
    if (!ok) return;
    for (const [label, { row }] of this.shown)
      if (!this.declared.has(label)) {
        row.remove();
        this.shown.delete(label);
      }
    this.panel.hidden = this.shown.size === 0;
  }

  private show(spec: ControlSpec): void {
    this.declared.add(spec.label);
    const existing = this.shown.get(spec.label);
    if (existing && JSON.stringify(existing.spec) === JSON.stringify(spec)) return;
    const row = this.build(spec);
    if (existing) existing.row.replaceWith(row);
    else this.list.append(row);
    this.shown.set(spec.label, { row, spec });
    this.panel.hidden = false;
  }

  private set(label: string, value: number | string | boolean, spec: ControlSpec): void {
    if (value === spec.default) delete this.values[label];
    else this.values[label] = value;
    this.store.save(this.values);
    this.updateReset();
    this.rerun();
    // A slider sends values all the while it moves, so its re-run waits for a pause; a select, a checkbox or a typed
    // number changes once, and waiting would only delay the result.
    if (spec.kind !== "range") this.rerun.flush();
  }

  private updateReset(): void {
    this.resetButton.disabled = Object.keys(this.values).length === 0;
  }

  private build(spec: ControlSpec): HTMLElement {
    const row = document.createElement("div");
    row.className = `live-block__control live-block__control--${spec.kind}`;
    const id = `gf-control-${++nextId}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = spec.label;
    switch (spec.kind) {
      case "range": {
        const input = document.createElement("input");
        Object.assign(input, { type: "range", id, min: String(spec.min), max: String(spec.max), step: String(spec.step), value: String(spec.value) });
        const shown = document.createElement("output");
        shown.htmlFor.add(id);
        shown.textContent = String(spec.value);
        input.addEventListener("input", () => {
          shown.textContent = input.value;
          this.set(spec.label, Number(input.value), spec);
        });
        row.append(label, input, shown);
        break;
      }
      case "number": {
        const input = document.createElement("input");
        Object.assign(input, { type: "number", id, value: String(spec.value), step: "any" });
        input.addEventListener("change", () => {
          if (input.value !== "" && Number.isFinite(Number(input.value))) this.set(spec.label, Number(input.value), spec);
        });
        row.append(label, input);
        break;
      }
      case "select": {
        const select = document.createElement("select");
        select.id = id;
        for (const option of spec.options) select.add(new Option(option, option, false, option === spec.value));
        select.addEventListener("change", () => this.set(spec.label, select.value, spec));
        row.append(label, select);
        break;
      }
      case "checkbox": {
        const input = document.createElement("input");
        Object.assign(input, { type: "checkbox", id, checked: spec.value });
        input.addEventListener("change", () => this.set(spec.label, input.checked, spec));
        row.append(input, label);
        break;
      }
    }
    return row;
  }
}
