// Input fuzzing: every public engine function, called with seeded random shapes (0-size and 0-d included), dims
// (negative and out of range) and argument types (strings, null, NaN, Infinity, floats for ints, huge sizes...),
// must either return well-formed tensors or throw a GradflowError naming the op — never a TypeError, a RangeError
// or any other crash, and never hang. The functions are enumerated from the engine's exports, so a new op without
// an entry in fuzz/signatures.ts fails the coverage test.
import { describe, expect, it } from "vitest";
import { F, GradflowError, Tensor, data, input, nn, optim, plot, progress, table, torch, unwatch, watch } from "gradflow";
import {
  ANY, type ClassSig, type FnSig, dataClasses, moduleMethodSigs, outputSigs, dataSigs, fSigs, initSigs, methodSigs, nnClasses, optimClasses,
  schedulerClasses, torchClasses, torchNested, torchSigs, utilsSigs,
} from "./fuzz/signatures";
import { type Ctx, type Kind, Rng, describe as show, hostile, newCtx, valid } from "./fuzz/values";

/** Fixed so the suite is deterministic; FUZZ_SEED=<n> explores other draws (a failure prints its arguments). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const CASES_PER_TARGET = Number(process.env.FUZZ_CASES ?? 16); // FUZZ_CASES=200 for a deeper local search
/** Extra all-valid cases for a function none of whose cases succeeded (valid draws can still disagree in shape). */
const MAX_EXTRA_VALID = 64;
/** A legitimate call on these small inputs takes well under a millisecond; anything this slow is a near-hang. */
const SLOW_MS = 5000;

interface Target {
  name: string;
  /** Op names its GradflowErrors may carry. */
  names: string[];
  kinds: Kind[];
  alwaysThrows?: boolean;
  call(args: unknown[], ctx: Ctx): unknown;
}

const isFn = (v: unknown): v is (...a: any[]) => any => typeof v === "function";
const isClass = (v: unknown): boolean => isFn(v) && /^class\b/.test(Function.prototype.toString.call(v));
const stripUnderscore = (n: string) => n.replace(/_$/, "");
const own = (name: string, extra: string[] = []) => [...new Set([name, stripUnderscore(name), ...extra])];

/** Build an instance from valid constructor arguments (some draws legitimately fail, e.g. mismatched sizes). */
function construct(C: any, sig: ClassSig, ctx: Ctx): any {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return new C(...trimOptional(sig.ctor, sig.ctor.map((k) => valid(ctx, k)), ctx));
    } catch (e) {
      if (!(e instanceof GradflowError)) throw e;
    }
  }
  throw new Error(`fuzz: could not construct ${C.name} from valid arguments`);
}

function classTargets(prefix: string, classes: Record<string, unknown>, sigs: Record<string, ClassSig>, missing: string[]): Target[] {
  const out: Target[] = [];
  for (const [key, C] of Object.entries(classes)) {
    if (!isClass(C)) continue;
    const sig = sigs[key];
    if (!sig) { missing.push(`${prefix}.${key}`); continue; }
    const names = own(key, sig.names);
    if (key !== "Optimizer" && key !== "LRScheduler" && key !== "Module") {
      out.push({ name: `new ${prefix}.${key}`, names, kinds: sig.ctor, call: (args) => new (C as any)(...args) });
    }
    for (const [method, m] of Object.entries(sig.methods ?? {})) {
      const { args: kinds, names: extra = [], alwaysThrows } = Array.isArray(m) ? { args: m } as FnSig : m;
      out.push({
        name: `${prefix}.${key}#${method}`, names: own(method, [...names, ...extra]), kinds, alwaysThrows,
        call: (args, ctx) => {
          const obj = construct(C, sig, ctx);
          return method === "[Symbol.iterator]" ? Array.from(obj as Iterable<unknown>) : obj[method](...args);
        },
      });
    }
  }
  return out;
}

function fnTargets(prefix: string, ns: Record<string, unknown>, sigs: Record<string, FnSig>, fallback: Record<string, FnSig>, missing: string[]): Target[] {
  const out: Target[] = [];
  for (const [key, f] of Object.entries(ns)) {
    if (!isFn(f) || isClass(f)) continue;
    const sig = sigs[key] ?? fallback[key];
    if (!sig) { missing.push(`${prefix}.${key}`); continue; }
    out.push({ name: `${prefix}.${key}`, names: own(key, sig.names), kinds: sig.args, call: (args) => f(...args) });
  }
  return out;
}

function tensorMethodTargets(missing: string[]): Target[] {
  const out: Target[] = [];
  for (const key of Object.getOwnPropertyNames(Tensor.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Tensor.prototype, key)!;
    if (key === "constructor" || key.startsWith("_") || !isFn(d.value)) continue;
    const twin = torchSigs[key];
    const sig: FnSig | undefined = methodSigs[key] ?? (twin && { args: twin.args.slice(1), names: twin.names });
    if (!sig) { missing.push(`Tensor#${key}`); continue; }
    out.push({
      name: `Tensor#${key}`, names: own(key, sig.names), kinds: sig.args,
      call: (args, ctx) => {
        const t = valid(ctx, sig.self ?? "T") as Tensor;
        const self = ctx.rng.chance(0.9) ? t : t.reshape(-1).narrow(0, 0, 0); // sometimes empty
        return (self as any)[key](...args);
      },
    });
  }
  return out;
}

/** nn.Module's own methods, on a small model; generator results are drained so their errors surface. */
function moduleMethodTargets(missing: string[]): Target[] {
  const out: Target[] = [];
  for (const key of Object.getOwnPropertyNames(nn.Module.prototype)) {
    const d = Object.getOwnPropertyDescriptor(nn.Module.prototype, key)!;
    if (key === "constructor" || key === "forward" || key.startsWith("_") || !isFn(d.value)) continue;
    const sig = moduleMethodSigs[key];
    if (!sig) { missing.push(`nn.Module#${key}`); continue; }
    out.push({
      name: `nn.Module#${key}`, names: own(key, sig.names), kinds: sig.args,
      call: (args) => {
        const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh()) as any;
        const result = model[key](...args);
        return result && typeof result === "object" && !Array.isArray(result) && Symbol.iterator in result ? [...result] : result;
      },
    });
  }
  return out;
}

function allTargets(): { targets: Target[]; missing: string[] } {
  const missing: string[] = [];
  const { autograd, ...torchRest } = torch as Record<string, any>;
  const targets = [
    ...fnTargets("torch", torchRest, torchSigs, {}, missing),
    ...fnTargets("torch", { "autograd.grad": autograd.grad, "autograd.backward": autograd.backward }, torchNested, {}, missing),
    ...classTargets("torch", torchRest, torchClasses, missing),
    ...tensorMethodTargets(missing),
    ...fnTargets("F", F, fSigs, torchSigs, missing),
    ...classTargets("nn", nn, nnClasses, missing),
    ...moduleMethodTargets(missing),
    ...fnTargets("nn.init", nn.init, initSigs, {}, missing),
    ...fnTargets("nn.utils", nn.utils, utilsSigs, {}, missing),
    ...classTargets("optim", optim, optimClasses, missing),
    ...classTargets("optim.lr_scheduler", optim.lr_scheduler, schedulerClasses, missing),
    ...fnTargets("data", data, dataSigs, {}, missing),
    ...classTargets("data", data, dataClasses, missing),
    ...fnTargets("gradflow", { ...prefixed("plot", plot), ...prefixed("input", input), table, progress, watch, unwatch }, outputSigs, {}, missing),
  ];
  return { targets, missing };
}

const prefixed = (prefix: string, ns: object) => Object.fromEntries(Object.entries(ns).map(([k, v]) => [`${prefix}.${k}`, v]));

/** Trailing optional arguments are sometimes left out, as a reader would. */
function trimOptional(kinds: Kind[], args: unknown[], ctx: Ctx): unknown[] {
  const out = [...args];
  for (let i = kinds.length - 1; i >= 0; i--) {
    const k = kinds[i];
    const optional = typeof k === "object" || k.endsWith("?");
    if (!optional || !ctx.rng.chance(0.35) || i !== out.length - 1) break;
    out.pop();
  }
  return out;
}

const SPREAD = Symbol("spread sizes");

/** Valid arguments, then (about half the time, unless `validOnly`) one slot, one option or the argument count made hostile. */
function makeArgs(kinds: Kind[], ctx: Ctx, validOnly = false): unknown[] {
  const { rng } = ctx;
  const spread = (v: unknown) => (rng.chance(0.5) ? v : { [SPREAD]: v });
  let args = trimOptional(kinds, kinds.map((k) => (k === "sizes" ? spread(valid(ctx, "shape")) : k === "perm" ? spread(valid(ctx, k)) : valid(ctx, k))), ctx);
  const mode = validOnly ? 0 : rng.next();
  if (mode > 0.5 && args.length > 0) {
    const i = rng.int(0, args.length - 1);
    const a = args[i] as any;
    if (a && typeof a === "object" && SPREAD in a && a[SPREAD].length && rng.chance(0.6)) {
      a[SPREAD][rng.int(0, a[SPREAD].length - 1)] = hostile(ctx);
    } else if (Array.isArray(a) && a.length && rng.chance(0.3)) {
      a[rng.int(0, a.length - 1)] = hostile(ctx);
    } else if (a && a.constructor === Object && !(SPREAD in a) && rng.chance(0.7)) {
      const keys = Object.keys(typeof kinds[i] === "object" ? kinds[i] : a);
      if (keys.length) a[rng.pick(keys)] = hostile(ctx);
    } else {
      args[i] = hostile(ctx);
    }
  } else if (mode > 0.45) {
    args = rng.chance(0.5) ? args.slice(0, -1) : [...args, hostile(ctx)];
  }
  return args.flatMap((a: any) => (a && typeof a === "object" && SPREAD in a ? a[SPREAD] : [a]));
}

/** Why a returned value is malformed, or null if it is fine. */
function malformed(v: unknown, depth = 0): string | null {
  if (depth > 3) return null;
  if (v instanceof Tensor) {
    const { shape, strides, offset, storage } = v;
    if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 0)) return `bad shape ${show(shape)}`;
    if (strides.length !== shape.length || strides.some((s) => !Number.isInteger(s))) return `bad strides ${show(strides)}`;
    const n = shape.reduce((a, b) => a * b, 1);
    if (n > 0) {
      let lo = offset, hi = offset;
      shape.forEach((s, i) => (strides[i] > 0 ? (hi += (s - 1) * strides[i]) : (lo += (s - 1) * strides[i])));
      if (!Number.isInteger(offset) || lo < 0 || hi >= storage.length) return `view [${lo}, ${hi}] outside storage of ${storage.length}`;
    }
    if (v.toFlatArray().length !== n) return "data length differs from the shape's element count";
    String(v); // printing must work on anything an op returns
    return null;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const why = malformed(x, depth + 1);
      if (why) return why;
    }
  }
  return null;
}

interface Failure { target: string; args: string; problem: string }

function runCase(target: Target, ctx: Ctx, validOnly = false): { ok: boolean; failure?: Failure } {
  const args = makeArgs(target.kinds, ctx, validOnly);
  const report = (problem: string) => ({ ok: false, failure: { target: target.name, args: args.map(show).join(", "), problem } });
  const start = performance.now();
  try {
    const out = target.call(args, ctx);
    const why = malformed(out);
    if (why) return report(`returned a malformed tensor: ${why}`);
    if (performance.now() - start > SLOW_MS) return report(`took ${Math.round(performance.now() - start)} ms`);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof GradflowError)) return report(`threw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`);
    const named = target.names.some((n) => n === ANY || e.op === n || e.op.startsWith(`${n}(`)); // input.range("depth")
    if (!named) return report(`GradflowError names "${e.op}", not ${target.names.join("/")}: ${e.message}`);
    if (performance.now() - start > SLOW_MS) return report(`took ${Math.round(performance.now() - start)} ms to fail`);
    return { ok: false };
  } finally {
    resetGlobals();
  }
}

/** Undoes global settings a case may have changed. */
function resetGlobals(): void {
  torch.set_grad_enabled(true);
  torch.set_printoptions({ profile: "default" });
  torch.set_backend(BACKEND);
}

const BACKEND = torch.get_backend();

/** A reader's typo of an option: its last letter doubled (dimm, biass, lrr, reductionn). */
const typo = (key: string) => key + key.at(-1);

/**
 * Calls `target` with valid arguments drawn from `seed`, then again with the same draw plus a misspelt key in its
 * first options bag. Returns null when the draw says nothing (the valid call itself fails), else what went wrong
 * with the misspelt call ("" when it was refused as it must be).
 */
function unknownKeyCase(target: Target, seed: number): string | null {
  const slot = target.kinds.findIndex((k) => typeof k === "object");
  const draw = () => {
    const ctx = newCtx(new Rng(seed));
    const drawn = target.kinds.map((k) => (k === "sizes" ? valid(ctx, "shape") : valid(ctx, k)));
    // Sizes go as separate arguments (zeros(2, 3, { … })), the options bag stays one argument.
    return { ctx, bag: drawn[slot] as Record<string, unknown>, args: drawn.flatMap((a, i) => (target.kinds[i] === "sizes" ? (a as number[]) : [a])) };
  };
  try {
    const { ctx, args } = draw();
    target.call(args, ctx);
  } catch {
    return null;
  } finally {
    resetGlobals();
  }
  const { ctx, args, bag } = draw();
  const known = Object.keys(target.kinds[slot]);
  const key = typo(known[0]);
  bag[key] = 0;
  try {
    target.call(args, ctx);
    return `accepted the unknown option ${key}`;
  } catch (e) {
    if (!(e instanceof GradflowError)) return `threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
    if (!target.names.some((n) => e.op === n || e.op.startsWith(`${n}(`))) return `GradflowError names "${e.op}", not ${target.names.join("/")}`;
    if (!e.message.includes(`unexpected option "${key}"`) || !known.every((k) => e.message.includes(k))) return `message does not name ${key} and list ${known.join(", ")}: ${e.message}`;
    return "";
  } finally {
    resetGlobals();
  }
}

describe("input fuzzing", () => {
  const { targets, missing } = allTargets();

  it("every exported function has a fuzz signature", () => {
    expect(missing).toEqual([]);
    expect(targets.length).toBeGreaterThan(250);
  });

  it(`${targets.length} functions × ${CASES_PER_TARGET} seeded cases: well-formed tensors or a GradflowError naming the op`, () => {
    const rng = new Rng(SEED);
    const failures: Failure[] = [];
    const succeeded = new Map<string, number>();
    let cases = 0;
    for (const target of targets) {
      for (let c = 0; c < CASES_PER_TARGET + MAX_EXTRA_VALID && !(c >= CASES_PER_TARGET && (succeeded.has(target.name) || target.alwaysThrows)); c++) {
        const { ok, failure } = runCase(target, newCtx(rng), c >= CASES_PER_TARGET);
        cases++;
        if (ok) succeeded.set(target.name, (succeeded.get(target.name) ?? 0) + 1);
        if (failure) failures.push(failure);
      }
    }
    // One example per function, so a report shows every distinct hole.
    const first = new Map<string, Failure>();
    for (const f of failures) if (!first.has(f.target)) first.set(f.target, f);
    const summary = [...first.values()].map((f) => `${f.target}(${f.args}): ${f.problem}`).join("\n");
    expect(failures.length, `${failures.length} of ${cases} cases failed:\n${summary}`).toBe(0);
    // The signatures must describe real calls: every function succeeds on some of its valid draws.
    expect(targets.filter((t) => !succeeded.has(t.name) && !t.alwaysThrows).map((t) => t.name)).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(4000);
  });

  // PyTorch raises TypeError "got an unexpected keyword argument"; a misspelt option must not be ignored silently.
  const withOptions = targets.filter((t) => t.kinds.some((k) => typeof k === "object"));
  it(`${withOptions.length} functions with an options bag refuse an unknown key, naming the op, the key and the valid keys`, () => {
    const rng = new Rng(SEED + 1);
    const problems: string[] = [];
    const untested: string[] = [];
    for (const target of withOptions) {
      let outcome: string | null = null;
      for (let attempt = 0; attempt < 32 && outcome === null; attempt++) outcome = unknownKeyCase(target, rng.int(0, 2 ** 30));
      if (outcome === null) untested.push(target.name);
      else if (outcome) problems.push(`${target.name}: ${outcome}`);
    }
    expect(problems).toEqual([]);
    expect(untested).toEqual([]);
    expect(withOptions.length).toBeGreaterThan(60);
  });
});
