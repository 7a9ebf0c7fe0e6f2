// nn.Module: the base class of every layer and model, with PyTorch's registration, naming, hooks and printing.
//
// Registration by assignment needs no bookkeeping: a module's parameters and submodules are simply its own
// properties holding an nn.Parameter or an nn.Module, found in assignment order (JS keeps insertion order, and
// Sequential's integer keys come first in ascending order). So `this.layers = new nn.ModuleList([...])` inside a
// constructor registers "layers", and named_parameters() yields "layers.0.weight" as PyTorch does.
//
// Calling: a module is itself callable, `model(x)`, typed as its own forward's signature. The constructor returns a
// function object whose prototype is the class's prototype (so `instanceof`, methods and fields all work); calling it
// runs `this.forward(...)` inside a module call frame (engine/autograd.ts), so every autograd node made meanwhile
// records the innermost module it came from, for the lens to draw (`child.forward(x)` called directly makes no frame:
// its ops count as the caller's). Hooks are installed by wrapping `forward` on the instance, so `model(x)` and
// `model.forward(x)` both run them, and modules without hooks pay nothing.
import { enterModule, exitModule, is_grad_enabled, no_grad, record } from "../autograd";
import { type DType, float32, float64 } from "../dtype";
import { fail } from "../errors";
import { Tensor } from "../tensor";
import { boolArg, describe, fnArg, isOptions, options, tensorArg } from "../validate";
import { Parameter } from "./parameter";

/** register_parameter / register_buffer / add_module: a non-empty name without dots, and a value of the right class or null. */
function registered(op: string, name: unknown, value: unknown, type: abstract new (...args: any[]) => unknown, what: string): void {
  if (typeof name !== "string" || name === "" || name.includes(".")) fail(op, `name must be a non-empty string without ".", got ${describe(name)}`);
  if (value !== null && !(value instanceof type)) fail(op, `expected ${what} or null for "${name}", got ${describe(value)}`);
}

export interface RemovableHandle {
  remove(): void;
}
export type ForwardHook = (module: Module, input: unknown[], output: any) => any;
export type ForwardPreHook = (module: Module, input: unknown[]) => unknown[] | unknown | void;
/** Receives the gradients with respect to the module's tensor inputs and its output; may return new input gradients. */
export type BackwardHook = (module: Module, grad_input: (Tensor | null)[], grad_output: (Tensor | null)[]) =>
  (Tensor | null)[] | void | undefined;
export type StateDict = Record<string, Tensor>;

interface Hooks {
  forward: Map<number, ForwardHook>;
  forward_pre: Map<number, ForwardPreHook>;
  backward: Map<number, BackwardHook>;
}

let nextHookId = 0;

// Calling a module has the type of its forward: `linear(x)` is a Tensor, a custom forward's tuple stays a tuple.
export interface Module {
  (...args: Parameters<this["forward"]>): ReturnType<this["forward"]>;
}

export class Module {
  declare training: boolean;
  /** @internal Names of registered buffers (running statistics), which state_dict() saves. */
  declare _buffer_names: Set<string>;
  /** @internal */
  declare _hooks: Hooks | null;

  constructor() {
    const self = ((...args: unknown[]) => callModule(self, args)) as unknown as Module;
    Object.setPrototypeOf(self, new.target.prototype);
    // A function's own name/length would hide fields like Sequential's `length`.
    delete (self as any).name;
    delete (self as any).length;
    self.training = true;
    Object.defineProperty(self, "_buffer_names", { value: new Set<string>(), writable: true });
    Object.defineProperty(self, "_hooks", { value: null, writable: true });
    return self;
  }

  /** The computation; subclasses override it. */
  forward(..._args: any[]): any {
    fail(this._get_name(), 'module is missing the required "forward" function; define forward(x) in your subclass');
  }

  // ---- registration ---------------------------------------------------------------------------------------------
  register_parameter(name: string, param: Parameter | null): void {
    registered("register_parameter", name, param, Parameter, "an nn.Parameter");
    (this as any)[name] = param;
  }

  /** A tensor that is state but not trainable (e.g. running statistics); saved in state_dict() unless not persistent. */
  register_buffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    registered("register_buffer", name, tensor, Tensor, "a Tensor");
    const { persistent } = options<{ persistent?: boolean }>("register_buffer", opts, { persistent: "bool" });
    (this as any)[name] = tensor;
    if (persistent ?? true) this._buffer_names.add(name);
  }

  add_module(name: string, module: Module | null): void {
    registered("add_module", name, module, Module, "an nn.Module");
    (this as any)[name] = module;
  }

  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  // ---- traversal ------------------------------------------------------------------------------------------------
  *named_children(): IterableIterator<[string, Module]> {
    const seen = new Set<Module>();
    for (const key of Object.keys(this)) {
      const value = (this as any)[key];
      if (value instanceof Module && !seen.has(value)) {
        seen.add(value);
        yield [key, value];
      }
    }
  }

  *children(): IterableIterator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  /** This module and every descendant, depth first, each once: ["", model], ["layers", ...], ["layers.0", ...]. */
  *named_modules(memo = new Set<Module>(), prefix = ""): IterableIterator<[string, Module]> {
    if (!(memo instanceof Set)) fail("named_modules", `memo must be a Set of modules already visited, got ${describe(memo)}`);
    if (typeof prefix !== "string") fail("named_modules", `prefix must be a string, got ${describe(prefix)}`);
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [name, child] of this.named_children()) {
      yield* child.named_modules(memo, prefix ? `${prefix}.${name}` : name);
    }
  }

  *modules(): IterableIterator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  /** Own parameters first, then each child's, with dotted names; a shared parameter is yielded once. */
  *named_parameters(opts: { prefix?: string; recurse?: boolean } = {}): IterableIterator<[string, Parameter]> {
    yield* this._named_members("named_parameters", opts, (m) => m._own((v) => v instanceof Parameter) as [string, Parameter][]);
  }

  *parameters(opts: { recurse?: boolean } = {}): IterableIterator<Parameter> {
    for (const [, p] of this.named_parameters(opts)) yield p;
  }

  *named_buffers(opts: { prefix?: string; recurse?: boolean } = {}): IterableIterator<[string, Tensor]> {
    yield* this._named_members("named_buffers", opts, (m) =>
      m._own((v, key) => v instanceof Tensor && m._buffer_names.has(key)) as [string, Tensor][]);
  }

  *buffers(opts: { recurse?: boolean } = {}): IterableIterator<Tensor> {
    for (const [, b] of this.named_buffers(opts)) yield b;
  }

  private _own(keep: (value: unknown, key: string) => boolean): [string, unknown][] {
    return Object.keys(this).filter((k) => keep((this as any)[k], k)).map((k) => [k, (this as any)[k]]);
  }

  private *_named_members<T extends Tensor>(op: string, opts: { prefix?: string; recurse?: boolean },
    members: (m: Module) => [string, T][]): IterableIterator<[string, T]> {
    opts = options(op, opts, { prefix: "string", recurse: "bool" });
    const seen = new Set<T>();
    const mods = opts.recurse === false ? [[opts.prefix ?? "", this] as [string, Module]] : this.named_modules(undefined, opts.prefix ?? "");
    for (const [modPrefix, mod] of mods) {
      for (const [name, t] of members(mod)) {
        if (seen.has(t)) continue;
        seen.add(t);
        yield [modPrefix ? `${modPrefix}.${name}` : name, t];
      }
    }
  }

  // ---- modes and state ------------------------------------------------------------------------------------------
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clear the parameters' gradients; by default sets them to null, as PyTorch 2 does. */
  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (set_to_none) p.grad = null;
      else no_grad(() => p.grad!.zero_());
    }
  }

  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /** Convert parameters and floating-point buffers to float64 (new tensors; e.g. for finite-difference checks). */
  double(): this {
    return this._convert(float64);
  }

  float(): this {
    return this._convert(float32);
  }

  private _convert(dtype: DType): this {
    no_grad(() => {
      for (const m of this.modules()) {
        for (const key of Object.keys(m)) {
          const v = (m as any)[key];
          if (v instanceof Parameter) (m as any)[key] = new Parameter(v.detach().to(dtype), v.requires_grad);
          else if (v instanceof Tensor && m._buffer_names.has(key) && v.is_floating_point()) (m as any)[key] = v.to(dtype);
        }
      }
    });
    return this;
  }

  /** Call fn on every submodule (children first) and then on this module, e.g. to initialize weights. */
  apply(fn: (module: Module) => void): this {
    fnArg("apply", "fn", fn);
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Parameters and persistent buffers by dotted name, detached (they share storage with the model), in PyTorch's
   * order: each module's own parameters, then its buffers, then its children's entries.
   */
  state_dict(prefix = ""): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this._own((v) => v instanceof Parameter)) out[prefix + name] = (p as Tensor).detach();
    for (const [name, b] of this._own((v, key) => v instanceof Tensor && this._buffer_names.has(key))) out[prefix + name] = (b as Tensor).detach();
    for (const [name, child] of this._own((v) => v instanceof Module)) Object.assign(out, (child as Module).state_dict(`${prefix}${name}.`));
    return out;
  }

  /** Copy values in by name. With strict (default) missing or unexpected keys are an error. */
  load_state_dict(state: StateDict, strict = true): { missing_keys: string[]; unexpected_keys: string[] } {
    if (!isOptions(state)) fail("load_state_dict", `expected a state_dict (an object of tensors by name), got ${describe(state)}`);
    boolArg("load_state_dict", "strict", strict);
    const own = this.state_dict();
    const missing_keys = Object.keys(own).filter((k) => !(k in state));
    const unexpected_keys = Object.keys(state).filter((k) => !(k in own));
    if (strict && (missing_keys.length > 0 || unexpected_keys.length > 0)) {
      fail("load_state_dict", `error(s) in loading state_dict for ${this._get_name()}: missing keys ${JSON.stringify(missing_keys)}, ` +
        `unexpected keys ${JSON.stringify(unexpected_keys)}; pass strict=false to load the keys that match`);
    }
    no_grad(() => {
      for (const [name, target] of Object.entries(own)) {
        if (!(name in state)) continue;
        tensorArg("load_state_dict", `state_dict["${name}"]`, state[name]);
        if (state[name].shape.join() !== target.shape.join()) {
          fail("load_state_dict", `size mismatch for ${name}: copying a param with shape [${state[name].shape.join(", ")}], ` +
            `the shape in the current model is [${target.shape.join(", ")}]`);
        }
        target.copy_(state[name]);
      }
    });
    return { missing_keys, unexpected_keys };
  }

  // ---- hooks ----------------------------------------------------------------------------------------------------
  /** hook(module, inputs, output) runs after every forward; a returned value replaces the output. */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    return this._addHook("forward", hook);
  }

  /** hook(module, inputs) runs before every forward; a returned value (an array, or one input) replaces the inputs. */
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    return this._addHook("forward_pre", hook);
  }

  /**
   * hook(module, grad_input, grad_output) runs during backward once the gradients with respect to the module's
   * inputs are known (grad_input is [null] when no input requires grad). It may return replacement input gradients.
   */
  register_full_backward_hook(hook: BackwardHook): RemovableHandle {
    return this._addHook("backward", hook);
  }

  private _addHook<K extends keyof Hooks>(kind: K, hook: Hooks[K] extends Map<number, infer H> ? H : never): RemovableHandle {
    if (this._hooks === null) this._installHooks();
    const id = nextHookId++;
    (this._hooks![kind] as Map<number, unknown>).set(id, hook);
    return { remove: () => void this._hooks![kind].delete(id) };
  }

  /** Wrap this instance's forward once, so both `model(x)` and `model.forward(x)` run the hooks. */
  private _installHooks(): void {
    const hooks: Hooks = { forward: new Map(), forward_pre: new Map(), backward: new Map() };
    this._hooks = hooks;
    const inner = this.forward;
    const hooked = (...args: unknown[]): unknown => {
      for (const pre of hooks.forward_pre.values()) {
        const r = pre(this, args);
        if (r !== undefined) args = Array.isArray(r) ? r : [r];
      }
      const backward = hooks.backward.size > 0 && is_grad_enabled() ? new BackwardHookCall(this, [...hooks.backward.values()]) : null;
      if (backward) args = backward.wrapInputs(args);
      let out = inner.apply(this, args);
      for (const hook of hooks.forward.values()) {
        const r = hook(this, args, out);
        if (r !== undefined) out = r;
      }
      return backward ? backward.wrapOutput(out) : out;
    };
    Object.defineProperty(this, "forward", { value: hooked, writable: true, configurable: true });
  }

  // ---- printing -------------------------------------------------------------------------------------------------
  /** The class name, as PyTorch's `_get_name()`. */
  _get_name(): string {
    return this.constructor.name;
  }

  /** The text inside the parentheses of this module's repr, e.g. `in_features=128, out_features=256, bias=True`. */
  extra_repr(): string {
    return "";
  }

  /** PyTorch's Module.__repr__: the extra repr, then one indented `(name): child` line per child. */
  toString(): string {
    const extraLines = this.extra_repr() ? this.extra_repr().split("\n") : [];
    const childLines = [...this.named_children()].map(([name, m]) => addIndent(`(${name}): ${m}`, 2));
    const lines = [...extraLines, ...childLines];
    let body = "";
    if (extraLines.length === 1 && childLines.length === 0) body = extraLines[0];
    else if (lines.length > 0) body = `\n  ${lines.join("\n  ")}\n`;
    return `${this._get_name()}(${body})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** `module(...args)`: forward (with its hooks) inside a call frame that is popped however forward ends. */
function callModule(module: Module, args: unknown[]): unknown {
  const call = enterModule(module);
  try {
    return module.forward(...args);
  } finally {
    exitModule(call);
  }
}

/** Indent every line but the first (PyTorch's `_addindent`). */
export function addIndent(s: string, spaces: number): string {
  return s.split("\n").join("\n" + " ".repeat(spaces));
}

/** A tensor that is `x` in the forward pass; its backward lets a module observe the gradient flowing through. */
function identityWithHook(x: Tensor, onGrad: (g: Tensor) => Tensor | null | void): Tensor {
  const alias = new Tensor(x.storage, x.shape, x.dtype, x.strides, x.offset);
  record(alias, "BackwardHookFunctionBackward", [x], (g) => [g]);
  alias.register_hook((g) => onGrad(g) ?? undefined);
  return alias;
}

/** The bookkeeping of one forward call with full backward hooks: gradients of the output, then of the inputs. */
class BackwardHookCall {
  private gradOutput: (Tensor | null)[] = [null];
  private gradInput: (Tensor | null)[] = [];
  private pending = 0;

  constructor(private readonly module: Module, private readonly hooks: BackwardHook[]) {}

  wrapInputs(args: unknown[]): unknown[] {
    return args.map((a) => {
      if (!(a instanceof Tensor)) return a;
      const k = this.gradInput.push(null) - 1;
      if (!a.requires_grad) return a;
      this.pending++;
      return identityWithHook(a, (g) => {
        this.gradInput[k] = g;
        if (--this.pending === 0) return this.fire()?.[k] ?? undefined;
      });
    });
  }

  wrapOutput(out: unknown): unknown {
    if (!(out instanceof Tensor) || !out.requires_grad) return out;
    return identityWithHook(out, (g) => {
      this.gradOutput = [g];
      if (this.pending === 0) this.fire(); // no input needs a gradient: report now, as PyTorch does
    });
  }

  private fire(): (Tensor | null)[] | undefined {
    let replaced: (Tensor | null)[] | undefined;
    for (const hook of this.hooks) {
      const r = hook(this.module, replaced ?? this.gradInput, this.gradOutput);
      if (Array.isArray(r)) replaced = r;
    }
    return replaced;
  }
}
