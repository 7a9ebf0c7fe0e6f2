// Containers: nn.Sequential (chains its modules) and nn.ModuleList (holds them). Both store module i as the own
// property "i", so they are registered like any attribute, indexable as `model[0]` or `model.get(-1)`, iterable
// with `for (const layer of model)`, and have a `length`.
import { fail } from "../errors";
import { Tensor } from "../tensor";
import { describe, intArg, isIterable } from "../validate";
import { Module, addIndent } from "./module";

abstract class IndexedModules extends Module {
  // Typed `any`, like attribute access in Python, so `model[0].weight` needs no cast; narrow with instanceof if wanted.
  [index: number]: any;

  /** The keys of the held modules, in order ("0", "1", ... or the names given to Sequential). */
  private _keys(): string[] {
    return Object.keys(this).filter((k) => (this as any)[k] instanceof Module);
  }

  override get length(): number {
    return this._keys().length;
  }

  /** The i-th module; negative i counts from the end, as in Python. */
  get(i: number): any {
    intArg(this._get_name(), "index", i);
    const keys = this._keys();
    const k = i < 0 ? i + keys.length : i;
    if (!Number.isInteger(k) || k < 0 || k >= keys.length) fail(this._get_name(), `index ${i} is out of range for ${keys.length} modules`);
    return (this as any)[keys[k]];
  }

  append(module: Module): this {
    if (!(module instanceof Module)) fail(this._get_name(), `expected an nn.Module, got ${describe(module)}`);
    this.add_module(String(this.length), module);
    return this;
  }

  *[Symbol.iterator](): IterableIterator<Module> {
    for (const k of this._keys()) yield (this as any)[k];
  }
}

export class Sequential extends IndexedModules {
  /**
   * new nn.Sequential(a, b, c), or new nn.Sequential({ fc: a, act: b }) to name the modules
   * (like PyTorch's OrderedDict form); named modules are reached as model.fc.
   */
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && !(first instanceof Module) && typeof first === "object" && first !== null) {
      for (const [name, m] of Object.entries(first)) {
        if (!(m instanceof Module)) fail("Sequential", `module "${name}" must be an nn.Module, got ${describe(m)}`);
        this.add_module(name, m);
      }
    } else {
      for (const m of modules as Module[]) this.append(m);
    }
  }

  override forward(input: Tensor): Tensor {
    for (const module of this) input = module(input);
    return input;
  }
}

export class ModuleList extends IndexedModules {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  extend(modules: Iterable<Module>): this {
    if (!isIterable(modules) || modules instanceof Module || modules instanceof Tensor) fail("ModuleList", `expected a list of modules, got ${describe(modules)}`);
    for (const m of modules) this.append(m);
    return this;
  }

  override forward(): never {
    return fail("ModuleList", "ModuleList is not callable; iterate over it and call each module, or use nn.Sequential");
  }

  /** PyTorch's ModuleList repr, which folds runs of identical modules: `(0-2): 3 x Linear(...)`. */
  override toString(): string {
    const reprs = [...this].map(String);
    if (reprs.length === 0) return `${this._get_name()}()`;
    const lines: string[] = [];
    for (let start = 0; start < reprs.length;) {
      let end = start;
      while (end + 1 < reprs.length && reprs[end + 1] === reprs[start]) end++;
      const head = start === end ? `(${start})` : `(${start}-${end}): ${end - start + 1} x`;
      lines.push(addIndent(start === end ? `${head}: ${reprs[start]}` : `${head} ${reprs[start]}`, 2));
      start = end + 1;
    }
    return `${this._get_name()}(\n  ${lines.join("\n  ")}\n)`;
  }
}
