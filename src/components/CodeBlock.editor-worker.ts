// Monaco's TypeScript worker, extended so a block that builds on setup blocks (`uses=`, preambles) knows their
// top-level names with their real types, as the runner's shared scope does (setup-scope.ts). The page hands the
// worker, as extra libs, each setup block's current code (file:///setup/<id>.ts) and each block's setup run order
// (file:///uses/<id>, JSON); CodeBlock.editor.ts.
// @ts-expect-error Monaco ships this module without type declarations.
import { initialize, TypeScriptWorker, ts as monacoServices } from "monaco-editor/language/typescript/ts.worker.js";
import { withSetupScope } from "./setup-scope";

const ts: typeof import("typescript") = monacoServices.typescript;
const SETUP = "file:///setup/";
const USES = "file:///uses/";

class BlockWorker extends TypeScriptWorker {
  declare _extraLibs: Record<string, { content: string; version: number }>;

  // Spelled out because the untyped base class gives TypeScript no constructor signature to inherit.
  constructor(ctx: unknown, createData: unknown) {
    super(ctx, createData);
  }

  /** The run-order files are data for this worker, not TypeScript. */
  getScriptFileNames(): string[] {
    return super.getScriptFileNames().filter((name: string) => !name.startsWith(USES));
  }

  /** A block's text depends on its setup blocks' code too, so its version does. */
  getScriptVersion(fileName: string): string {
    const version: string = super.getScriptVersion(fileName);
    if (!this.blockId(fileName)) return version;
    const setupVersions = Object.entries(this._extraLibs)
      .filter(([name]) => name.startsWith(SETUP) || name.startsWith(USES))
      .map(([name, lib]) => `${name}@${lib.version}`);
    return `${version}|${setupVersions.join(",")}`;
  }

  _getScriptText(fileName: string): string | undefined {
    const text: string | undefined = super._getScriptText(fileName);
    const id = this.blockId(fileName);
    if (text === undefined || !id) return text;
    const order: string[] = JSON.parse(this._extraLibs[USES + id]?.content ?? "[]");
    const setups = order.map((setup) => ({ id: setup, code: this._extraLibs[`${SETUP}${setup}.ts`]?.content ?? "" }));
    return withSetupScope(ts, text, setups, "../setup/", fileName.startsWith(SETUP));
  }

  /** The block a file is (an editor's model or a setup block's code), if it builds on setup blocks or is one. */
  private blockId(fileName: string): string | undefined {
    const match = /^file:\/\/\/(blocks|setup)\/([^/]+)\.ts$/.exec(fileName);
    if (!match) return undefined;
    return match[1] === "setup" || `${USES}${match[2]}` in this._extraLibs ? match[2] : undefined;
  }
}

// Replaces the handler the imported module installed: the first message starts this worker, not Monaco's.
self.onmessage = () => initialize((ctx: unknown, createData: unknown) => new BlockWorker(ctx, createData));
