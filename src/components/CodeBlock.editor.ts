// Monaco for live blocks, loaded the first time a reader edits one. TypeScript diagnostics, completion and hover for
// "gradflow" come from the engine's own sources, handed to Monaco's TypeScript worker as a virtual node_modules
// package; the code of the setup blocks a block builds on is handed over too (CodeBlock.editor-worker.ts), so their
// names are known in it. Monaco's workers are bundled by Vite (`?worker`), so nothing comes from a CDN.
import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TypeScriptWorker from "./CodeBlock.editor-worker?worker";

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === "typescript" || label === "javascript" ? new TypeScriptWorker() : new EditorWorker()),
};

export interface LiveEditor {
  getValue(): string;
  setValue(code: string): void;
  focus(): void;
  /** Underlines the error and marks its line, until the next edit or run. */
  markError(line: number, column: number, message: string): void;
  clearErrors(): void;
}

export interface EditorOptions {
  code: string;
  blockId: string;
  /** Ids of the setup blocks this one runs first, in order; their code must be shared (`shareSetup`) first. */
  uses: string[];
  label: string;
  onChange(code: string): void;
  onRun(): void;
  /** Escape (with no popup open) leaves the editor, so keyboard users are never trapped in it. */
  onEscape(): void;
}

const engineSources = import.meta.glob<string>(["../../engine/**/*.ts", "!**/*.test.ts"], { query: "?raw", import: "default" });

/** Once per page: compiler options and the engine's sources as the "gradflow" package. */
const languageReady = (async () => {
  const { typescriptDefaults } = monaco.typescript;
  typescriptDefaults.setCompilerOptions({
    target: monaco.typescript.ScriptTarget.ESNext,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    // Every block is a module (top-level await works, names do not leak between blocks).
    moduleDetection: 3,
    // File names, not tsconfig's short names: the options go to the language service unparsed, and "esnext" would name
    // no file, leaving `console` undeclared in every block.
    lib: ["lib.esnext.d.ts", "lib.dom.d.ts"],
  });
  const files = await Promise.all(
    Object.entries(engineSources).map(async ([path, load]) => [path.replace("../../engine/", ""), await load()] as const),
  );
  for (const [path, source] of files) typescriptDefaults.addExtraLib(source, `file:///node_modules/gradflow/${path}`);
})();

/** Tells the TypeScript worker a block's setup run order (file:///uses/<id>, read by CodeBlock.editor-worker.ts). */
function shareUses(id: string, uses: string[]): void {
  if (uses.length) monaco.typescript.typescriptDefaults.addExtraLib(JSON.stringify(uses), `file:///uses/${id}`);
}

/** Gives the TypeScript worker a setup block's current code (again after each edit), for the blocks that use it. */
export function shareSetup(id: string, code: string, uses: string[]): void {
  monaco.typescript.typescriptDefaults.addExtraLib(code, `file:///setup/${id}.ts`);
  shareUses(id, uses);
}

const themeName = () => (document.documentElement.dataset.theme === "dark" ? "gradflow-dark" : "gradflow-light");
const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function defineThemes(): void {
  const bg = css("--surface") || undefined;
  monaco.editor.defineTheme("gradflow-light", { base: "vs", inherit: true, rules: [], colors: bg ? { "editor.background": bg } : {} });
  monaco.editor.defineTheme("gradflow-dark", { base: "vs-dark", inherit: true, rules: [], colors: {} });
}

let themeWatched = false;
/** Editors follow the page's theme toggle (data-theme on <html>). */
function followTheme(): void {
  if (themeWatched) return;
  themeWatched = true;
  new MutationObserver(() => {
    defineThemes();
    monaco.editor.setTheme(themeName());
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
}

export async function createEditor(host: HTMLElement, options: EditorOptions): Promise<LiveEditor> {
  defineThemes();
  followTheme();
  shareUses(options.blockId, options.uses);
  const uri = monaco.Uri.parse(`file:///blocks/${options.blockId}.ts`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(options.code, "typescript", uri);
  const mount = document.createElement("div");
  mount.className = "live-block__editor";
  host.append(mount);
  const editor = monaco.editor.create(mount, {
    model,
    theme: themeName(),
    ariaLabel: `Code editor: ${options.label}. Control+Enter runs, Escape leaves the editor.`,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 10 },
    fontFamily: css("--font-mono") || "monospace",
    fontSize: 14,
    lineHeight: 22,
    lineNumbersMinChars: 3,
    tabSize: 2,
    renderLineHighlight: "line",
    fixedOverflowWidgets: true,
    padding: { top: 12, bottom: 12 },
  });
  // Grow with the code instead of scrolling inside the page.
  const fit = () => (mount.style.height = `${Math.min(editor.getContentHeight(), 900)}px`);
  editor.onDidContentSizeChange(fit);
  fit();
  // Not awaited: the reader can type at once; diagnostics and completion arrive when the engine's types are in.
  void languageReady;

  let errorDecorations = editor.createDecorationsCollection();
  const clearErrors = () => {
    monaco.editor.setModelMarkers(model, "run", []);
    errorDecorations.clear();
  };
  editor.onDidChangeModelContent(() => {
    clearErrors();
    options.onChange(model.getValue());
  });
  // Actions, not addCommand: Monaco binds addCommand globally, so with several editors only the last would run.
  editor.addAction({ id: "gradflow.run", label: "Run", keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => options.onRun() });
  editor.addAction({
    id: "gradflow.leave",
    label: "Leave the editor",
    keybindings: [monaco.KeyCode.Escape],
    precondition: "!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible",
    run: () => options.onEscape(),
  });

  return {
    getValue: () => model.getValue(),
    setValue: (code) => model.setValue(code),
    focus: () => editor.focus(),
    clearErrors,
    markError(line, column, message) {
      if (line < 1 || line > model.getLineCount()) return;
      const end = model.getLineMaxColumn(line);
      monaco.editor.setModelMarkers(model, "run", [
        { startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: end, message, severity: monaco.MarkerSeverity.Error },
      ]);
      errorDecorations.clear();
      errorDecorations = editor.createDecorationsCollection([
        { range: new monaco.Range(line, 1, line, 1), options: { isWholeLine: true, className: "live-block__error-line" } },
      ]);
      editor.revealLineInCenterIfOutsideViewport(line);
    },
  };
}
