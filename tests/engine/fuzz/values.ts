// Seeded value generators for the input fuzzer: valid arguments of each kind (tensors, sizes, dims, options...)
// and the hostile values a reader might pass by mistake. Everything is drawn from one seeded PRNG, so a failing case
// is reproduced by its seed and index.
import { data, nn, optim, torch, type Tensor } from "gradflow";

/** mulberry32: a tiny, well-mixed 32-bit PRNG, independent of the engine's own generator (which is under test). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/**
 * What an argument slot takes. Strings name a kind; an object is an options bag whose keys are drawn independently;
 * "a|b|c" (quoted enum) lists the accepted strings; a trailing "?" marks an optional (omittable) trailing argument.
 *   T   tensor (float, shaped like the case's base shape, sometimes another shape, dtype, view or requires_grad)
 *   Tl  tensor or JS number          I  int64 index tensor      M  bool mask shaped like the base
 *   n   size (0..3)    n+  positive size (1..3)    d  dim of the base tensor    ds  dim or list of dims
 *   x   number         p   probability             b  boolean                   sizes  varargs sizes or one array
 *   shape  array of sizes    Ts  list of tensors   fn  function                 params  trainable tensors (with grads)
 *   lrfn  epoch -> factor    mods  list of modules    Tr  tensor of the base shape reversed (a matmul partner)
 *   F  the base's last size   i  0 or 1    v1  1-D float tensor (same length within a case)    mat/matR  2-D float tensor and a partner of the transposed shape    leaf/out  a leaf requiring grad / a scalar of it
 *   logits/classes  [N, C] scores and [N] class indices that agree   storage  a Float32Array for the base shape
 *   vals  a tensor or number array to plot   rows  table rows   strs  a list of choices
 *   param  an nn.Parameter    state  a state_dict (sometimes of the wrong model)
 *   betas  Adam's pair    vec  a vector as long as the case's params    perm  a permutation of the base's dims
 *   opt  optimizer     mod  module     dtype  a torch dtype     gen  a torch.Generator    dataset  a TensorDataset or { X, y }
 *   any  anything (a hostile value)
 */
export type Kind = string | { [option: string]: Kind };

export interface Ctx {
  rng: Rng;
  /** The base shape most tensors of one case share, so that shape-sensitive ops often get matching operands. */
  base: number[];
  /** A leaf that requires grad, shared by the "leaf" and "out" kinds of one case. */
  leaf?: Tensor;
  /** The shape shared by the "mat" and "matR" kinds of one case. */
  mat?: number[];
  /** Trainable tensors shared by the "vec" and "params" kinds of one case. */
  params?: Tensor[];
  /** Batch and class counts shared by the "logits" and "classes" kinds of one case. */
  classes?: [number, number];
}

function randomShape(rng: Rng): number[] {
  const rank = rng.pick([0, 1, 1, 2, 2, 2, 3]);
  return Array.from({ length: rank }, () => (rng.chance(0.08) ? 0 : rng.int(1, 3)));
}

export function newCtx(rng: Rng): Ctx {
  return { rng, base: randomShape(rng) };
}

function values(rng: Rng, shape: number[]): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, () => (rng.chance(0.5) ? rng.int(-2, 2) : Math.round((rng.next() * 4 - 2) * 100) / 100));
}

function tensorOf(ctx: Ctx, shape: number[]): Tensor {
  const { rng } = ctx;
  const dtype = rng.chance(0.85) ? torch.float32 : rng.pick([torch.int64, torch.bool, torch.float64]);
  let t = torch.tensor(values(rng, shape), { dtype }).reshape(shape);
  if (shape.length >= 2 && rng.chance(0.15)) t = t.transpose(0, 1).contiguous().transpose(0, 1); // a strided view
  if (dtype.is_floating_point && rng.chance(0.3)) t.requires_grad_(true);
  return t;
}

export function tensor(ctx: Ctx): Tensor {
  return tensorOf(ctx, ctx.rng.chance(0.8) ? ctx.base : randomShape(ctx.rng));
}

const dim = (ctx: Ctx): number => {
  const r = Math.max(ctx.base.length, 1);
  return ctx.rng.chance(0.9) ? ctx.rng.int(-r, r - 1) : ctx.rng.pick([r, -r - 1, 7]);
};

function indexTensor(ctx: Ctx): Tensor {
  const shape = ctx.rng.chance(0.5) ? ctx.base : [ctx.rng.int(0, 3)];
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Array.from({ length: n }, () => ctx.rng.int(0, 2)), { dtype: torch.int64 }).reshape(shape);
}

function params(ctx: Ctx): Tensor[] {
  return Array.from({ length: ctx.rng.int(1, 2) }, () => {
    const p = new nn.Parameter(torch.randn(ctx.rng.int(1, 3), ctx.rng.int(1, 3)));
    if (ctx.rng.chance(0.8)) p.grad = torch.randn(...p.shape);
    return p;
  });
}

/** A valid value of `kind` (valid in type; shapes and ranges may still disagree, which the op must report). */
export function valid(ctx: Ctx, kind: Kind): unknown {
  const { rng } = ctx;
  if (typeof kind === "object") {
    const o: Record<string, unknown> = {};
    for (const [key, k] of Object.entries(kind)) if (rng.chance(0.5)) o[key] = valid(ctx, k);
    return o;
  }
  const k = kind.endsWith("?") ? kind.slice(0, -1) : kind;
  if (k.startsWith('"')) return rng.pick(k.slice(1, -1).split("|"));
  switch (k) {
    case "T": return tensor(ctx);
    case "Tl": return rng.chance(0.75) ? tensor(ctx) : rng.pick([0, 1, -2, 0.5, 3]);
    case "I": return indexTensor(ctx);
    case "M": return torch.tensor(values(rng, ctx.base)).reshape(ctx.base).gt(0);
    case "n": return rng.int(0, 3);
    case "n+": return rng.int(1, 3);
    case "d": return dim(ctx);
    case "ds": return rng.chance(0.6) ? dim(ctx) : [dim(ctx), ...(rng.chance(0.5) ? [dim(ctx)] : [])];
    case "x": return rng.pick([0, 1, -1, 0.5, 2, -0.25, 1e-3]);
    case "p": return rng.pick([0, 0.1, 0.5, 0.9, 1]);
    case "b": return rng.chance(0.5);
    case "shape": return rng.chance(0.7) ? [...ctx.base] : randomShape(rng);
    case "Ts": return Array.from({ length: rng.int(1, 3) }, () => tensor(ctx));
    case "Tr": return tensorOf(ctx, [...ctx.base].reverse()); // a matmul partner for the base
    case "F": return ctx.base.length ? Math.max(ctx.base[ctx.base.length - 1], 1) : rng.int(1, 3); // the base's feature size
    case "i": return rng.int(0, 1);
    case "v1": return tensorOf(ctx, [(ctx.mat ??= [rng.int(1, 3), rng.int(1, 3)])[0]]).float();
    case "mat": return tensorOf(ctx, (ctx.mat ??= [rng.int(1, 3), rng.int(1, 3)])).float();
    case "matR": return tensorOf(ctx, [...(ctx.mat ??= [rng.int(1, 3), rng.int(1, 3)])].reverse()).float();
    case "leaf": return (ctx.leaf ??= torch.randn(...ctx.base).requires_grad_());
    case "out": return (valid(ctx, "leaf") as Tensor).tanh().sum();
    case "logits": {
      const [n, c] = (ctx.classes ??= [rng.int(1, 3), rng.int(1, 3)]);
      return torch.randn(n, c, { requires_grad: rng.chance(0.5) });
    }
    case "classes": {
      const [n, c] = (ctx.classes ??= [rng.int(1, 3), rng.int(1, 3)]);
      return torch.randint(0, c, [n]);
    }
    case "storage": return new Float32Array(ctx.base.reduce((a, b) => a * b, 1));
    case "vals": return rng.chance(0.6) ? tensor(ctx) : values(rng, [rng.int(0, 4)]);
    case "rows": return Array.from({ length: rng.int(0, 3) }, () => ({ step: rng.int(0, 9), loss: tensor(ctx), name: "a" }));
    case "strs": return rng.pick([["tanh", "relu"], ["tanh"], ["relu", "tanh", "gelu"]]);
    case "param": return new nn.Parameter(torch.randn(2));
    case "state": return rng.chance(0.6) ? new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh()).state_dict() : { "0.weight": tensor(ctx) };
    case "betas": return [rng.pick([0, 0.5, 0.9]), rng.pick([0.9, 0.999])];
    case "fn": return () => torch.ones(2);
    case "lrfn": return (epoch: number) => 0.9 ** epoch;
    case "mods": return Array.from({ length: rng.int(0, 2) }, () => valid(ctx, "mod"));
    case "params": return (ctx.params ??= params(ctx));
    case "vec": return torch.randn((valid(ctx, "params") as Tensor[]).reduce((n, p) => n + p.numel(), 0));
    case "perm": return [...ctx.base.keys()].sort(() => rng.next() - 0.5);
    case "opt": return new optim.SGD(params(ctx), { lr: 0.1 });
    case "mod": return new nn.Linear(rng.int(1, 3), rng.int(1, 3));
    case "dtype": return rng.pick([torch.float32, torch.float64, torch.int64, torch.bool]);
    case "dataset": {
      const n = rng.int(1, 4), X = torch.randn(n, 2), y = torch.randint(0, 2, [n]);
      return rng.chance(0.5) ? new data.TensorDataset(X, y) : { X, y };
    }
    case "gen": return new torch.Generator().manual_seed(rng.int(0, 9));
    case "any": return hostile(ctx);
    default: throw new Error(`fuzz: unknown kind ${kind}`);
  }
}

/** Wrong types, non-integers, negatives, out-of-range and absurd sizes, odd containers. */
export function hostile(ctx: Ctx): unknown {
  const { rng } = ctx;
  const pool: (() => unknown)[] = [
    () => "abc", () => "", () => "2", () => null, () => undefined, () => NaN, () => Infinity, () => -Infinity,
    () => -1, () => -3, () => 1.5, () => -0.5, () => 1e10, () => 2 ** 53, () => 1e300, () => 0,
    () => ({}), () => ({ dim: "x", keepdim: 3 }), () => [], () => [1, "a"], () => [[1], [2, 3]], () => [NaN], () => [-1],
    () => [1e6, 1e6], () => true, () => false, () => () => 1, () => new Map(), () => new Float32Array(3),
    () => torch.tensor(2), () => torch.ones(2, 3, 2), () => torch.tensor([1, 0], { dtype: torch.int64 }),
    () => new nn.Tanh(), () => torch.float64, () => 3n, () => [2n, 3n],
  ];
  return rng.pick(pool)();
}

/** A short, stable description of a value for failure reports. */
export function describe(v: unknown): string {
  if (v instanceof torch.Tensor) return `tensor${JSON.stringify(v.shape)}:${v.dtype.name}${v.requires_grad ? ":grad" : ""}`;
  if (v instanceof nn.Module) return `${v.constructor.name}()`;
  if (typeof v === "function") return "fn";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as Float32Array).length})`;
  if (v instanceof Map) return "Map";
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length || v.constructor === Object ? `{${entries.map(([k, x]) => `${k}: ${describe(x)}`).join(", ")}}` : String(v);
  }
  return String(v);
}
