// A live block's output region: console text, tables, progress bars, plots and errors, appended as messages stream
// in. Everything from user code is set as text (textContent, never innerHTML); plots are SVG built by src/plot.
import type { ErrorMessage, OutputMessage, PlotSpec } from "../runner/protocol";
import type { GraphSpec, WatchSample } from "../../engine/lens/spec";
import { isOutputMessage } from "../runner/protocol";

/** Numbers in tables: integers as they are, others to 4 significant digits (like PyTorch's default print). */
export function formatCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "number" || Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} more ${word}${n === 1 ? "" : "s"}`;

/** "… 998,000 more lines and 12 more plots not shown": what a run's output cap left out. */
export function truncationNote(lines: number, figures: number): string {
  const parts = [lines ? plural(lines, "line") : "", figures ? plural(figures, "plot") : ""].filter(Boolean);
  return `… ${parts.join(" and ")} not shown (output is capped per run).`;
}

export function errorText(error: ErrorMessage): string {
  if (error.line === undefined) return error.message;
  return `${error.message}\n    at line ${error.line}${error.column === undefined ? "" : `, column ${error.column}`}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A print flood lands at most this many messages per frame (a few milliseconds of layout). */
const MESSAGES_PER_FRAME = 250;

/** Figures draw one per task, in order, so a burst of plots never holds the page for long; cleared ones are skipped. */
let figureQueue: Promise<unknown> = Promise.resolve();
function drawSoon(figure: HTMLElement, draw: () => Promise<unknown>): void {
  const drawIfShown = () => (figure.isConnected ? draw() : undefined);
  figureQueue = figureQueue.then(() => new Promise((resolve) => setTimeout(resolve, 0))).then(drawIfShown, drawIfShown);
}

export class OutputView {
  private text: HTMLPreElement | undefined;
  private progress = new Map<string, { bar: HTMLProgressElement; label: HTMLSpanElement }>();
  private truncated: HTMLParagraphElement | undefined;
  /** Each watch's view, by watch id; samples apply in arrival order once its renderer has loaded. */
  private watches = new Map<number, Promise<(sample: WatchSample) => void>>();
  private readonly body: HTMLDivElement;
  /** Messages waiting for the next frame: a flood of messages costs a layout or two per frame, not one per message. */
  private pending: unknown[] = [];
  private frame = 0;
  private readonly clearButton: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    blockName: string,
    private readonly onError: (error: ErrorMessage) => void,
  ) {
    this.clearButton = el("button", "live-block__clear", "Clear");
    this.clearButton.type = "button";
    this.clearButton.setAttribute("aria-label", `Clear output of ${blockName}`);
    this.clearButton.addEventListener("click", () => this.clear());
    this.body = el("div", "live-block__output-body");
    root.append(this.clearButton, this.body);
    this.clear();
  }

  clear(): void {
    this.pending = [];
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.body.replaceChildren();
    this.text = this.truncated = undefined;
    this.progress.clear();
    this.watches.clear();
    this.root.dataset.empty = "";
    delete this.root.dataset.dimmed;
  }

  /** Keeps the current output, dimmed, until the next output arrives (a run started by a control): no blank flash. */
  dim(): void {
    this.renderPending();
    if (this.body.childElementCount) this.root.dataset.dimmed = "";
  }

  /** Ends dimming; the run finished, so its output is all shown now, and dimmed output that nothing replaced is gone. */
  undim(): void {
    this.renderPending();
    if (this.root.hasAttribute("data-dimmed")) this.clear();
  }

  /** Shows messages at once, unless this frame already showed some: then they wait for the next frame. */
  append(batch: unknown[]): void {
    if (!batch.length) return;
    this.pending.push(...batch);
    if (this.frame) return;
    this.renderPending(MESSAGES_PER_FRAME);
    this.frame ||= requestAnimationFrame(() => this.renderPending(MESSAGES_PER_FRAME));
  }

  /** Renders up to `limit` queued messages; the rest wait for the next frame, so no frame does unbounded work. */
  private renderPending(limit = Infinity): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.pending.length) return;
    if (this.root.hasAttribute("data-dimmed")) {
      const queued = this.pending;
      this.clear(); // new output replaces the dimmed output
      this.pending = queued;
    }
    const batch = this.pending.splice(0, limit);
    if (this.pending.length) this.frame = requestAnimationFrame(() => this.renderPending(MESSAGES_PER_FRAME));
    const stick = this.atBottom();
    for (const message of batch) if (isOutputMessage(message)) this.render(message);
    this.root.toggleAttribute("data-empty", this.body.childElementCount === 0);
    if (stick) this.body.scrollTop = this.body.scrollHeight;
  }

  private atBottom(): boolean {
    return this.body.scrollHeight - this.body.scrollTop - this.body.clientHeight < 8;
  }

  private add(node: HTMLElement): void {
    this.text = undefined; // the next console line starts a new text run below this element
    this.body.append(node);
  }

  private render(m: OutputMessage): void {
    switch (m.type) {
      case "text": {
        if (!this.text) this.body.append((this.text = el("pre", "live-block__text")));
        const line = m.level === "log" || m.level === "info" ? document.createTextNode(m.text) : el("span", `live-block__${m.level}`, m.text);
        this.text.append(line, "\n");
        break;
      }
      case "error": {
        const alert = el("div", `live-block__error live-block__error--${m.kind}`, errorText(m));
        alert.setAttribute("role", "alert");
        this.add(alert);
        this.onError(m);
        break;
      }
      case "truncated":
        if (!this.truncated) this.add((this.truncated = el("p", "live-block__note")));
        this.truncated.textContent = truncationNote(m.count, m.figures ?? 0);
        break;
      case "progress":
        this.renderProgress(m.value, m.total, m.label);
        break;
      case "table":
        this.add(this.renderTable(m.columns, m.rows));
        break;
      case "plot":
        this.add(this.renderPlot(m.plot));
        break;
      case "graph":
        this.add(this.renderGraph(m.graph));
        break;
      case "watch":
        this.renderWatch(m.watch);
        break;
    }
  }

  private renderProgress(value: number, total: number, label: string): void {
    let entry = this.progress.get(label);
    if (!entry) {
      const row = el("div", "live-block__progress");
      const bar = el("progress", "");
      const text = el("span", "");
      if (label) bar.setAttribute("aria-label", label);
      else bar.setAttribute("aria-label", "Progress");
      row.append(bar, text);
      this.add(row);
      this.progress.set(label, (entry = { bar, label: text }));
    }
    entry.bar.max = total;
    entry.bar.value = Math.max(0, Math.min(value, total));
    entry.label.textContent = `${label ? `${label} ` : ""}${value} / ${total}`;
  }

  private renderTable(columns: string[], rows: (string | number | boolean | null)[][]): HTMLElement {
    const wrap = el("div", "live-block__table");
    const table = el("table", "");
    const head = table.createTHead().insertRow();
    for (const c of columns) {
      const th = el("th", "", c);
      th.scope = "col";
      head.append(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      r.forEach((cell) => {
        const td = tr.insertCell();
        td.textContent = formatCell(cell);
        if (typeof cell === "number") td.className = "live-block__num";
      });
    }
    wrap.append(table);
    return wrap;
  }

  /** The autograd lens's renderers (src/plot/graph*.ts) load on their first message only. */
  private renderGraph(spec: GraphSpec): HTMLElement {
    const figure = el("figure", "live-block__plot live-block__graph");
    figure.setAttribute("aria-busy", "true");
    drawSoon(figure, () =>
      import("../plot/graph")
        .then(({ renderGraph }) => figure.append(renderGraph(spec, figure.clientWidth || this.body.clientWidth)))
        .catch((error: unknown) => figure.append(el("p", "live-block__warn", `Could not draw the graph: ${String(error)}`)))
        .finally(() => figure.removeAttribute("aria-busy")),
    );
    return figure;
  }

  private renderWatch(sample: WatchSample): void {
    let update = this.watches.get(sample.watch);
    if (!update) {
      const figure = el("figure", "live-block__plot live-block__watch");
      this.add(figure);
      update = import("../plot/graph-watch").then(({ watchView }) => watchView(figure));
      update.catch((error: unknown) => figure.append(el("p", "live-block__warn", `Could not show the watch: ${String(error)}`)));
      this.watches.set(sample.watch, update);
    }
    void update.then((apply) => apply(sample), () => undefined);
  }

  private renderPlot(spec: PlotSpec): HTMLElement {
    const figure = el("figure", "live-block__plot");
    figure.dataset.kind = spec.kind;
    figure.setAttribute("aria-busy", "true");
    drawSoon(figure, () =>
      import("../plot/render")
        .then(({ renderPlot }) => figure.append(renderPlot(spec, figure.clientWidth || this.body.clientWidth)))
        .catch((error: unknown) => figure.append(el("p", "live-block__warn", `Could not draw the plot: ${String(error)}`)))
        .finally(() => figure.removeAttribute("aria-busy")),
    );
    return figure;
  }
}
