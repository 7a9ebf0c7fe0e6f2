// Seeded random numbers, identical in Node and every browser: xoshiro128** (32-bit integer ops only), seeded
// through splitmix64, uniform floats from the top 24 bits, normals by Box–Muller.
import { fail } from "./errors";
import { fillUniform as fillUniformKernel } from "./kernels";
import { describe } from "./validate";

const MASK64 = (1n << 64n) - 1n;

function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

export class Generator {
  private readonly s = new Uint32Array(4);
  private seed = 0;

  constructor() {
    this.manual_seed(67280421310721); // PyTorch's default initial seed
  }

  manual_seed(seed: number | bigint): this {
    if (!(typeof seed === "bigint" || Number.isSafeInteger(seed))) fail("manual_seed", `seed must be an integer, got ${describe(seed)}`);
    this.seed = Number(seed);
    let state = BigInt(seed) & MASK64;
    for (let i = 0; i < 4; i += 2) {
      let z: bigint;
      [state, z] = splitmix64(state);
      this.s[i] = Number(z & 0xffffffffn);
      this.s[i + 1] = Number(z >> 32n);
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1; // the all-zero state is a fixed point
    return this;
  }

  initial_seed(): number {
    return this.seed;
  }

  get_state(): Uint32Array {
    return this.s.slice();
  }

  set_state(state: Uint32Array): this {
    this.s.set(state);
    return this;
  }

  /** Next 32 random bits as an unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits: exactly representable in float32, never 1. */
  uniform(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Fill `out` with standard normals, two per Box–Muller pair. */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): void {
    for (let i = 0; i < out.length; i += 2) {
      const u1 = (this.nextUint32() + 0.5) / 4294967296; // in (0, 1): log(u1) is finite
      const u2 = this.nextUint32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u1));
      out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
      if (i + 1 < out.length) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
    }
  }

  fillUniform(out: Float32Array | Float64Array, from = 0, to = 1): void {
    if (fillUniformKernel(this.s, out, from, to)) return; // the same numbers, ~4x faster (weight init draws millions)
    for (let i = 0; i < out.length; i++) out[i] = from + (to - from) * this.uniform();
  }

  /** An integer in [low, high). */
  randint(low: number, high: number): number {
    return low + Math.floor((this.nextUint32() / 4294967296) * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export const default_generator = new Generator();

/** Seed the default generator (what torch.rand/randn/randint use unless given { generator }). */
export function manual_seed(seed: number | bigint): Generator {
  return default_generator.manual_seed(seed);
}

export function initial_seed(): number {
  return default_generator.initial_seed();
}
