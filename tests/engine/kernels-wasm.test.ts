// The WASM kernels called directly (so this runs in both backend projects): elementwise and reductions against
// the JavaScript reference kernels on the same inputs, special values included, up to float32 rounding (polynomial
// exp within a few ulp); matmul against the definition in float64, for every operand layout the op passes.
import { describe, expect, it } from "vitest";
import * as js from "../../engine/kernels/js";
import * as wasm from "../../engine/kernels/wasm/wasm";
import type { MatrixOperand, ReduceOp, UnaryOp } from "../../engine/kernels/js";
import { Generator } from "../../engine/random";

let seed = 12345;
const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 8 - 4;
const random = (n: number) => Float32Array.from({ length: n }, uniform);

/** |wasm - js| <= atol + rtol |js| elementwise; NaN must match NaN. */
function expectClose(got: Float32Array, want: Float32Array, rtol: number, atol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(got[i], `index ${i}`).toBeNaN();
    else if (!Number.isFinite(want[i])) expect(got[i], `index ${i}`).toBe(want[i]);
    else expect(Math.abs(got[i] - want[i]), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(want[i]));
  }
}

describe.runIf(wasm.available())("WASM kernels match the JS reference", () => {
  const special = [NaN, Infinity, -Infinity, 0, -0, 1e-6, -1e-6, 1e-30, 20, -20, 88, -88, 100, -100, 0.5, -0.625, 0.625];
  const x = Float32Array.from([...special, ...random(1000)]);
  const ops: UnaryOp[] = ["neg", "abs", "sqrt", "square", "reciprocal", "exp", "tanh", "sigmoid", "relu", "gelu", "gelu_tanh",
    "silu", "leaky_relu", "clamp"];

  it.each(ops)("unary %s, at an offset, over a length that is not a multiple of 4", (op) => {
    expect(wasm.hasUnary(op)).toBe(true);
    const [p1, p2] = op === "clamp" ? [-1, 2] : [0.1, 0];
    const n = x.length - 2, want = new Float32Array(n), got = new Float32Array(n);
    js.unary(op, x, 1, want, n, p1, p2);
    wasm.unary(op, x, 1, got, n, p1, p2);
    // a few float32 ulp (polynomial exp, float32 intermediates), and 1e-9 absolute: denormal tails (sigmoid(-100)
    // = 4e-44), the JS gelu's cancellation below -5 and gelu's float32 intermediates near 0
    expectClose(got, want, 1e-6, 1e-9);
  });

  it("sigmoid, tanh and silu across [-100, 100] within 8 float32 ulp of float64 (the e^-|x| path, its 0.625 switch and cutoffs)", () => {
    const n = 40_001, sweep = Float32Array.from({ length: n }, (_, i) => -100 + (200 * i) / (n - 1));
    const references: [UnaryOp, (v: number) => number][] = [
      ["sigmoid", (v) => 1 / (1 + Math.exp(-v))], ["tanh", Math.tanh], ["silu", (v) => v / (1 + Math.exp(-v))],
    ];
    for (const [op, f] of references) {
      const got = new Float32Array(n);
      wasm.unary(op, sweep, 0, got, n, 0, 0);
      // rtol 1e-6 is 8 ulp; where e^-|x| leaves float32's normal range (|x| > 87.3) the kernel flushes it to 0,
      // an absolute error below 1e-35 (silu there is |x| e^-|x|)
      expectClose(got, Float32Array.from(sweep, f), 1e-6, 1e-35);
    }
  });

  it("fused activation backward: tanh and sigmoid from the output, relu and gelu from the input", () => {
    const n = 1001, g = random(n + 2), v = random(n + 3);
    const y = (op: UnaryOp) => { const out = new Float32Array(n); js.unary(op, v, 3, out, n); return out; };
    const f = Math.fround; // the derivative in float32 arithmetic, as the kernel (and PyTorch) computes it
    const cases: [wasm.BackwardOp, Float32Array, number, (i: number, s: Float32Array) => number][] = [
      ["tanh", y("tanh"), 0, (i, s) => f(1 - f(s[i] * s[i]))],
      ["sigmoid", y("sigmoid"), 0, (i, s) => f(s[i] * f(1 - s[i]))],
      ["relu", v, 3, (i, s) => (s[i + 3] > 0 ? 1 : 0)],
    ];
    for (const [op, saved, off, derivative] of cases) {
      const got = new Float32Array(n);
      wasm.unaryBackward(op, saved, off, g, 2, got, n);
      expectClose(got, Float32Array.from({ length: n }, (_, i) => g[i + 2] * derivative(i, saved)), 0, 0);
    }
    // gelu' = Φ(x) + x φ(x) (magnitude <= 1.13), in float64 with the JS erf; float32 intermediates differ by a
    // few ulp of 1, times |g| <= 4
    const got = new Float32Array(n);
    wasm.unaryBackward("gelu", v, 3, g, 2, got, n);
    const want = Float32Array.from({ length: n }, (_, i) => {
      const u = v[i + 3];
      return g[i + 2] * (0.5 * (1 + js.erf(u * Math.SQRT1_2)) + u * Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI));
    });
    expectClose(got, want, 1e-6, 2e-6);
  });

  it("binary add/sub/mul/div: bit-identical to JS on same-shape, scalar, row and column broadcasts; declines others", () => {
    const walks: [string, number[], number[], number[], boolean][] = [
      ["same shape", [5, 7], [7, 1], [7, 1], true],
      ["bias row", [5, 7], [7, 1], [0, 1], true],
      ["column", [5, 7], [7, 1], [1, 0], true],
      ["scalar left", [5, 7], [0, 0], [7, 1], true],
      ["batched row", [3, 4, 5], [20, 5, 1], [0, 5, 1], true],
      ["a transposed", [5, 7], [1, 5], [7, 1], false],
    ];
    const a = random(200), b = random(200);
    b[10] = 0; // division by zero and the special values it makes
    for (const [name, shape, as, bs, taken] of walks) {
      for (const op of ["add", "sub", "mul", "div", "maximum"] as const) {
        const n = shape.reduce((p, q) => p * q), want = new Float32Array(n), got = new Float32Array(n);
        js.binary(op, shape, a, 2, as, b, 3, bs, want);
        expect(wasm.binary(op, shape, a, 2, as, b, 3, bs, got), `${op} ${name}`).toBe(taken && op !== "maximum");
        if (taken && op !== "maximum") expect(Array.from(got), `${op} ${name}`).toEqual(Array.from(want));
      }
    }
  });

  it.each(["sum", "sumsq", "max", "min"] as ReduceOp[])("reduce %s over rows, NaN propagating", (op) => {
    const outer = 7, n = 131, data = random(outer * n + 5);
    data[5 + 2 * n + 17] = NaN;
    const want = new Float32Array(outer), got = new Float32Array(outer);
    js.reduce(op, data, 5, outer, n, 1, want);
    wasm.reduceRows(op, data, 5, outer, n, got);
    expectClose(got, want, 1e-7, 0);
  });

  it("fillUniform draws Generator's xoshiro128** uniforms bit for bit and leaves the state where the JS loop would", () => {
    const ref = new Generator().manual_seed(7), gen = new Generator().manual_seed(7);
    for (const [n, from, to] of [[1001, -0.0625, 0.0625], [3, 0, 1], [37, -2.5, 0.75]]) {
      const want = Float32Array.from({ length: n }, () => from + (to - from) * ((ref.nextUint32() >>> 8) / 16777216));
      const state = gen.get_state(), got = new Float32Array(n);
      wasm.fillUniform(state, got, from, to);
      gen.set_state(state);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
    expect(Array.from(gen.get_state())).toEqual(Array.from(ref.get_state()));
  });

  it("sum over the middle axis of [outer, n, inner] (a bias gradient), float64 accumulation", () => {
    for (const [outer, n, inner] of [[1, 64, 10], [3, 5, 7], [2, 1000, 33]]) {
      const data = random(outer * n * inner + 1), want = new Float32Array(outer * inner), got = new Float32Array(outer * inner);
      js.reduce("sum", data, 1, outer, n, inner, want);
      wasm.sumMiddle(data, 1, outer, n, inner, got);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it("softmax rows sum to 1 and match e^(x - max) / sum, including infinite entries", () => {
    const rows = 5, n = 13, data = random(rows * n);
    data[n + 4] = -Infinity;
    data[2 * n + 1] = Infinity;
    const got = new Float32Array(rows * n);
    wasm.softmaxRows(data, 0, rows, n, got);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(data.subarray(r * n, (r + 1) * n));
      const max = Math.max(...row), shift = Number.isFinite(max) ? max : 0;
      const e = row.map((v) => Math.exp(v - shift)), s = e.reduce((p, q) => p + q);
      expectClose(got.subarray(r * n, (r + 1) * n), Float32Array.from(e, (v) => v / s), 1e-6, 1e-7);
    }
  });

  /** The product in float64 by the definition, reading each operand through its strides. */
  function reference(a: MatrixOperand, b: MatrixOperand, batch: number, M: number, K: number, N: number): Float32Array {
    const out = new Float32Array(batch * M * N);
    for (let t = 0; t < batch; t++) for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        s += a.data[a.offset + t * a.batchStride + i * a.rowStride + k * a.colStride] *
          b.data[b.offset + t * b.batchStride + k * b.rowStride + j * b.colStride];
      }
      out[(t * M + i) * N + j] = s;
    }
    return out;
  }
  // float32 sums of K products of magnitude <= 16 in another order: within K * 16 * 2^-23 of the exact value
  const tolerance = (K: number) => K * 16 * 2 ** -23;

  // sizes cross every blocking edge: partial register tiles, two k-slices (K > 256), two row blocks (M > 128)
  it.each([[1, 1, 1], [3, 5, 7], [4, 8, 8], [17, 33, 9], [70, 300, 130], [150, 260, 20], [5, 1, 3], [1, 64, 1]])(
    "matmul [%i, %i] @ [., %i] with either operand transposed", (M, K, N) => {
      for (const aT of [false, true]) for (const bT of [false, true]) {
        const a: MatrixOperand = { data: random(M * K + 3), offset: 3, batchStride: 0, rowStride: aT ? 1 : M === 1 ? 0 : K, colStride: aT ? M : 1 };
        const b: MatrixOperand = { data: random(K * N + 5), offset: 5, batchStride: 0, rowStride: bT ? 1 : N, colStride: bT ? K : 1 };
        const got = new Float32Array(M * N);
        wasm.matmul(a, b, got, 1, M, K, N);
        expectClose(got, reference(a, b, 1, M, K, N), 0, tolerance(K));
      }
    });

  it("batched matmul, with the right operand broadcast over the batch (batch stride 0)", () => {
    const batch = 3, M = 6, K = 10, N = 9;
    const a: MatrixOperand = { data: random(batch * M * K), offset: 0, batchStride: M * K, rowStride: K, colStride: 1 };
    const b: MatrixOperand = { data: random(K * N), offset: 0, batchStride: 0, rowStride: N, colStride: 1 };
    const got = new Float32Array(batch * M * N);
    wasm.matmul(a, b, got, batch, M, K, N);
    expectClose(got, reference(a, b, batch, M, K, N), 0, tolerance(K));
  });
});
