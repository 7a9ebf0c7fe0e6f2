// Live code blocks in the page: Run / Stop / Reset / Share, the saved edit, and the editor on demand. This script is
// loaded on every chapter page, so it stays small: the worker starts when the browser is idle, Monaco loads when the
// reader starts editing, the plot renderer with the first plot, and the share encoder with the first share.
import { DEFAULT_TIMEOUT_MS, runner, type RunHandle, type RunOutcome } from "../runner/client";
import type { ErrorMessage } from "../runner/protocol";
import { applyRuns, type BlankRun } from "../runner/blank-runs";
import { EditStore, browserStorage, debounce } from "../runner/storage";
import type { LiveEditor } from "./CodeBlock.editor";
import { OutputView } from "./Output";
import { Controls } from "./Controls";
import { StaleMarker, announceEdit, usesOf } from "./BlockDependencies";

const SAVE_DELAY_MS = 400;

type EditorModule = typeof import("./CodeBlock.editor");
let editorModule: Promise<EditorModule> | undefined;
const loadEditor = () => (editorModule ??= import("./CodeBlock.editor"));

function statusText(outcome: RunOutcome): string {
  const ms = outcome.ms < 1000 ? `${Math.max(1, Math.round(outcome.ms))} ms` : `${(outcome.ms / 1000).toFixed(1)} s`;
  const words: Record<RunOutcome["status"], string> = {
    ok: `Ran in ${ms}`,
    error: `Error after ${ms}`,
    timeout: "Time limit reached",
    stopped: "Stopped",
    crash: "Runner crashed",
  };
  return words[outcome.status];
}

/** The page's live blocks by id, for components built around one (an exercise grades its block's code). */
export const liveBlocks = new Map<string, LiveBlock>();

class LiveBlock {
  readonly id: string;
  private readonly original: string;
  /** The original code with types blanked at build time, if the page carries it. */
  private readonly originalJs: string | undefined;
  private code: string;
  private readonly store: EditStore;
  private readonly output: OutputView;
  private readonly codeHost: HTMLElement;
  private readonly status: HTMLElement;
  private readonly modified: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly timeoutMs: number;
  /** The build-time highlighted <pre>, kept so Reset can restore it without a rebuild. */
  private readonly highlighted: HTMLElement;
  private editor: LiveEditor | undefined;
  private opening: Promise<LiveEditor> | undefined;
  private current: RunHandle | undefined;
  private lastError: ErrorMessage | undefined;
  private readonly controls: Controls;
  /** Ids of the blocks this one runs first (`uses=`), in order. */
  readonly uses: string[];
  private readonly stale: StaleMarker;
  /** Counts runs, so output of a run replaced by a newer one is dropped (it can arrive after the run settles). */
  private runSerial = 0;
  private readonly save = debounce((code: string) => {
    if (code === this.original) this.store.forget();
    else this.store.save(code);
  }, SAVE_DELAY_MS);

  constructor(private readonly root: HTMLElement) {
    const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
    this.id = root.id;
    this.codeHost = $("[data-code]");
    this.status = $("[data-status]");
    this.modified = $("[data-modified]");
    this.runButton = $("[data-run]");
    this.stopButton = $("[data-stop]");
    this.resetButton = $("[data-reset]");
    this.timeoutMs = Number(root.dataset.timeout) || DEFAULT_TIMEOUT_MS;
    this.highlighted = this.codeHost.querySelector("pre")!;
    this.original = this.highlighted.textContent ?? "";
    this.originalJs = strippedOriginal(root, this.original);
    this.code = this.original;
    const name = root.querySelector(".live-block__title")?.textContent ?? "code";
    this.output = new OutputView($("[data-output]"), name, (error) => this.showError(error));
    this.store = new EditStore(browserStorage(), location.pathname, this.id, this.original);
    this.controls = new Controls(root, name, location.pathname, this.id, () => this.run({ fromControl: true }));
    this.uses = usesOf(root);
    this.stale = new StaleMarker(root, this.uses);
    const saved = this.store.load();
    if (saved !== undefined && saved !== this.original) this.setCode(saved, { persist: false });
    this.wire();
    liveBlocks.set(this.id, this);
  }

  private wire(): void {
    // Stop is always focusable (aria-disabled rather than disabled), so finishing a run never drops keyboard focus.
    this.stopButton.disabled = false;
    this.stopButton.setAttribute("aria-disabled", "true");
    this.runButton.addEventListener("click", () => this.run());
    this.runButton.addEventListener("pointerenter", () => runner.warm(), { once: true });
    this.stopButton.addEventListener("click", () => this.current?.stop());
    this.resetButton.addEventListener("click", () => this.reset());
    this.root.querySelector("[data-share]")!.addEventListener("click", () => void this.share());
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.run();
      }
    });
    // The static code opens the editor on click, or on Enter / typing once focused with the keyboard.
    this.codeHost.addEventListener("focus", () => void loadEditor(), { once: true });
    this.codeHost.addEventListener("focus", () => runner.prepareTypeScript(), { once: true });
    this.codeHost.addEventListener("click", () => void this.openEditor());
    this.codeHost.addEventListener("keydown", (event) => {
      if (event.target !== this.codeHost || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Enter" || event.key.length === 1) {
        event.preventDefault();
        void this.openEditor();
      }
    });
  }

  /** The code as the reader has it now (edited or original). */
  get currentCode(): string {
    return this.code;
  }

  /** Replaces the code shown; the static view shows edited code as plain text until the editor opens. */
  setCode(code: string, { persist }: { persist: boolean }): void {
    this.code = code;
    const isEdited = code !== this.original;
    this.modified.hidden = !isEdited;
    this.resetButton.disabled = !isEdited;
    if (persist) this.save(code);
    if (persist) announceEdit(this.id);
    // Open editors of the blocks built on this one see its names as they are now.
    if (editorModule && [...liveBlocks.values()].some((b) => b.uses.includes(this.id)))
      void editorModule.then(({ shareSetup }) => shareSetup(this.id, code, this.uses));
    if (this.editor) {
      if (this.editor.getValue() !== code) this.editor.setValue(code);
      return;
    }
    const pre = this.codeHost.querySelector("pre")!;
    if (isEdited) {
      const plain = document.createElement("pre");
      plain.className = "astro-code live-block__plain";
      plain.textContent = code;
      pre.replaceWith(plain);
    }
  }

  openEditor(): Promise<LiveEditor> {
    runner.prepareTypeScript(); // the reader's edits will need the TypeScript stripper
    return (this.opening ??= loadEditor().then(async ({ createEditor, shareSetup }) => {
      for (const setup of this.uses.flatMap((id) => liveBlocks.get(id) ?? [])) shareSetup(setup.id, setup.currentCode, setup.uses);
      const editor = await createEditor(this.codeHost, {
        code: this.code,
        blockId: this.id,
        uses: this.uses,
        label: this.root.querySelector(".live-block__title")?.textContent ?? "code",
        onChange: (code) => this.setCode(code, { persist: true }),
        onRun: () => this.run(),
        onEscape: () => this.runButton.focus(),
      });
      this.editor = editor;
      this.codeHost.removeAttribute("tabindex");
      this.codeHost.removeAttribute("role");
      this.codeHost.removeAttribute("aria-label");
      this.codeHost.querySelector("pre")?.remove();
      if (this.lastError) this.showError(this.lastError);
      editor.focus();
      return editor;
    }));
  }

  /** The code this block contributes when another block uses it. */
  get setupSource(): { id: string; code: string; js?: string } {
    return { id: this.id, code: this.code, js: this.code === this.original ? this.originalJs : undefined };
  }

  /** `fromControl`: a control moved, so the previous output stays, dimmed, until the new one arrives. */
  run({ fromControl = false }: { fromControl?: boolean } = {}): void {
    const serial = ++this.runSerial; // first, so the replaced run's "Stopped" is not shown over the dimmed output
    this.current?.stop();
    this.save.flush();
    if (fromControl) this.output.dim();
    else this.output.clear();
    this.stale.clear();
    this.controls.beginRun();
    this.clearErrorMarks();
    this.runButton.setAttribute("aria-busy", "true");
    this.stopButton.removeAttribute("aria-disabled");
    this.root.dataset.state = "queued";
    let timer: ReturnType<typeof setInterval> | undefined;
    const handle = runner.run(this.code, {
      js: this.code === this.original ? this.originalJs : undefined,
      timeoutMs: this.timeoutMs,
      // A run replaced by a newer one (a control moved again) says nothing more, not even "Stopped".
      onOutput: (batch) => serial === this.runSerial && this.output.append(this.controls.take(batch)),
      setup: this.uses.flatMap((id) => liveBlocks.get(id)?.setupSource ?? []),
      inputs: this.controls.current,
      onStart: () => {
        this.root.dataset.state = "running";
        const began = performance.now();
        const tick = () => (this.status.textContent = `Running… ${((performance.now() - began) / 1000).toFixed(1)} s`);
        tick();
        timer = setInterval(tick, 100);
      },
    });
    this.current = handle;
    void handle.done.then((outcome) => {
      clearInterval(timer);
      if (this.current !== handle) return; // a newer run took over
      this.current = undefined;
      // A run settles only once all its output has landed (the runner guarantees it), so dimmed output that nothing
      // replaced is gone now, and so are controls the code no longer declares.
      this.output.undim();
      this.controls.endRun(outcome.status === "ok");
      this.root.dataset.state = outcome.status;
      this.status.textContent = statusText(outcome);
      this.runButton.removeAttribute("aria-busy");
      this.stopButton.setAttribute("aria-disabled", "true");
    });
  }

  private reset(): void {
    this.save.cancel();
    this.store.forget();
    this.setCode(this.original, { persist: false });
    if (!this.editor) {
      // Put the build-time highlighted code back.
      const plain = this.codeHost.querySelector(".live-block__plain");
      if (plain) plain.replaceWith(this.highlighted);
    }
    this.clearErrorMarks();
    this.controls.reset();
    announceEdit(this.id);
    this.status.textContent = "Reset to the original code";
  }

  private async share(): Promise<void> {
    const { shareUrl } = await import("../runner/share");
    const url = shareUrl(location.href, this.id, this.code, this.controls.current);
    try {
      await navigator.clipboard.writeText(url);
      this.status.textContent = "Link copied";
    } catch {
      // No clipboard permission: put the link where the reader can copy it.
      history.replaceState(null, "", url);
      this.status.textContent = "Link is in the address bar";
    }
  }

  /** Loads code from a share link: shown and marked as edited, but saved only once the reader edits it. */
  loadShared(code: string, controls?: unknown): void {
    this.setCode(code, { persist: false });
    if (controls) this.controls.load(controls);
    if (controls && this.root.dataset.state) this.run(); // it already ran (autorun) with the values it had before
    this.status.textContent = "Loaded from a shared link";
    this.root.scrollIntoView({ block: "start" });
  }

  private showError(error: ErrorMessage): void {
    this.lastError = error;
    if (error.line === undefined) return;
    if (this.editor) return this.editor.markError(error.line, error.column ?? 1, error.message);
    const line = this.codeHost.querySelectorAll("pre .line")[error.line - 1];
    line?.classList.add("live-block__error-line");
  }

  private clearErrorMarks(): void {
    this.lastError = undefined;
    this.editor?.clearErrors();
    for (const line of this.codeHost.querySelectorAll(".live-block__error-line")) line.classList.remove("live-block__error-line");
  }

  /** Saves a pending edit now (the page is being hidden or closed). */
  flush(): void {
    this.save.flush();
  }

  get edited(): boolean {
    return this.code !== this.original;
  }

  get autorun(): boolean {
    return this.root.dataset.autorun !== undefined;
  }
}

/** The build-time stripped JavaScript of a block, if its data matches the code the page shows. */
function strippedOriginal(root: HTMLElement, code: string): string | undefined {
  if (root.dataset.blankRuns === undefined || Number(root.dataset.codeLength) !== code.length) return undefined;
  try {
    return applyRuns(code, JSON.parse(root.dataset.blankRuns) as BlankRun[]);
  } catch {
    return undefined;
  }
}

function start(): void {
  const blocks = [...document.querySelectorAll<HTMLElement>("[data-live-block]")].map((root) => new LiveBlock(root));
  if (!blocks.length) return;
  addEventListener("pagehide", () => blocks.forEach((b) => b.flush()));
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && blocks.forEach((b) => b.flush()));

  if (location.hash.startsWith("#share=")) {
    void import("../runner/share").then(({ readShareFragment }) => {
      const shared = readShareFragment(location.hash);
      const block = shared && blocks.find((b) => b.id === shared.blockId);
      if (shared && block) block.loadShared(shared.code, shared.controls);
    });
  }

  // Autorun blocks run when first scrolled into view and kept there a moment, so a long chapter does not run
  // everything on load, and a jump across the page (a smooth scroll to the contents) does not run, and grow, every
  // figure it passes — which moved its target out of view.
  const autorun = blocks.filter((b) => b.autorun);
  if (autorun.length) {
    const pending = new Map<Element, ReturnType<typeof setTimeout>>();
    const seen = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        clearTimeout(pending.get(entry.target));
        pending.delete(entry.target);
        if (!entry.isIntersecting) continue;
        const start = () => {
          seen.unobserve(entry.target);
          autorun.find((b) => b.id === entry.target.id)?.run();
        };
        pending.set(entry.target, setTimeout(start, 150));
      }
    });
    for (const b of autorun) seen.observe(document.getElementById(b.id)!);
  }

  // Start the worker once the page has settled, so the first Run is warm.
  const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 1500));
  idle(() => {
    runner.warm();
    // Saved or shared edits are TypeScript the build did not strip.
    if (blocks.some((b) => b.edited)) runner.prepareTypeScript();
  });
}

start();
