// @ts-nocheck — AssemblyScript, not TypeScript: compiled to WebAssembly (SIMD128) by scripts/build-wasm.mjs.
// The float32 kernels of the WASM backend. Every pointer is a byte offset into this module's memory, which the
// loader (wasm.ts) manages as one scratch area: operands are copied in, results copied out, nothing is allocated
// here. The JavaScript kernels (../js.ts) are the reference these must match to float32 rounding.

// ---------------------------------------------------------------- vector math

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375; // ln 2 split in two so n * LN2_HI is exact (Cephes)
const LN2_LO: f32 = -2.12194440e-4;

/** e^x for four lanes: x = n ln2 + r, |r| <= ln2/2, a degree-6 polynomial for e^r (Cephes expf, ~1 ulp); 2^n is
 * applied as two halves so results that are denormal or overflow round like the true value. Written with the
 * instructions x64 has natively: pmin/pmax clamp (NaN passes through), n rounded by adding 1.5 * 2^23 (whose low
 * mantissa bits are then n itself) instead of nearest + trunc_sat. Constants, in order: clamp low/high, 1.5 * 2^23,
 * log2 e, ln 2 high/low, the polynomial from the highest degree, 1. */
// exp4's constants, read with load32_splat (one broadcast load): V8 builds each v128.const from immediates in
// several instructions, per use, inside the loop; this made exp 25 % faster.
const EXP_K = memory.data<f32>([-104.0, 89.0, 12582912.0, <f32>LOG2E, <f32>LN2_HI, <f32>LN2_LO, 1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1, 1.0]);

// @ts-ignore: decorator
@inline function exp4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, v128.load32_splat(EXP_K, 0)), v128.load32_splat(EXP_K, 4));
  const magic = v128.load32_splat(EXP_K, 8);
  const shifted = f32x4.add(f32x4.mul(x, v128.load32_splat(EXP_K, 12)), magic);
  const fn = f32x4.sub(shifted, magic);
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(fn, v128.load32_splat(EXP_K, 16))), f32x4.mul(fn, v128.load32_splat(EXP_K, 20)));
  let p = v128.load32_splat(EXP_K, 24);
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(EXP_K, 28));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(EXP_K, 32));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(EXP_K, 36));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(EXP_K, 40));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(EXP_K, 44));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), v128.load32_splat(EXP_K, 48));
  const n = i32x4.sub(shifted, magic);
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

// sigmoid4's constants, XNNPACK's rr2-p5 fit (f32-vsigmoid): magic number 1.5 * 2^23 + 127 (the low mantissa bits of
// n + magic are then the biased exponent of 2^n), -log2 e, ln 2 high/low, the degree-5 polynomial from c5 down to
// c1, 1, and the |x| beyond which e^-|x| leaves float32's normal range.
const SIGMOID_K = memory.data<f32>([12583039.0, -1.4426950216293335, 0.693145751953125, 1.428606765330187e-6,
  -0.008289290592074394, 0.04189782217144966, -0.16667652130126953, 0.4999915063381195, -0.9999997019767761, 1.0,
  87.33654022216797]);

/** e^-z for z >= 0 (z = |x|), 0 where that is below float32's normal range: n = round(-z log2 e) is never positive,
 * so 2^n is one shift (the magic number carries the exponent bias) and one multiply, with no overflow to guard. */
// @ts-ignore: decorator
@inline function expMinus4(z: v128): v128 {
  const magic = v128.load32_splat(SIGMOID_K, 0);
  let n = f32x4.add(f32x4.mul(z, v128.load32_splat(SIGMOID_K, 4)), magic);
  const s = i32x4.shl(n, 23);
  n = f32x4.sub(n, magic);
  let t = f32x4.add(f32x4.mul(n, v128.load32_splat(SIGMOID_K, 8)), z);
  t = f32x4.add(f32x4.mul(n, v128.load32_splat(SIGMOID_K, 12)), t);
  let p = f32x4.add(f32x4.mul(t, v128.load32_splat(SIGMOID_K, 16)), v128.load32_splat(SIGMOID_K, 20));
  p = f32x4.add(f32x4.mul(t, p), v128.load32_splat(SIGMOID_K, 24));
  p = f32x4.add(f32x4.mul(t, p), v128.load32_splat(SIGMOID_K, 28));
  p = f32x4.add(f32x4.mul(t, p), v128.load32_splat(SIGMOID_K, 32));
  const e = f32x4.add(f32x4.mul(f32x4.mul(t, s), p), s); // 2^n (1 + t p(t))
  return v128.andnot(e, f32x4.gt(z, v128.load32_splat(SIGMOID_K, 40)));
}

/** 1 / (1 + e^-x) as e / (1 + e) with e = e^-|x| <= 1, and 1 minus that for x >= 0: no overflow, and no
 * 1 - something cancellation for large negative x. */
// @ts-ignore: decorator
@inline function sigmoid4(x: v128): v128 {
  const one = v128.load32_splat(SIGMOID_K, 36);
  const e = expMinus4(f32x4.abs(x));
  const f = f32x4.div(e, f32x4.add(e, one));
  return v128.bitselect(f, f32x4.sub(one, f), i32x4.lt_s(x, i32x4.splat(0))); // NaN stays NaN either way
}

/** tanh: an odd polynomial near 0 (Cephes tanhf's), elsewhere (1 - e) / (1 + e) with e = e^-2|x| and x's sign. */
// @ts-ignore: decorator
@inline function tanh4(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const ax = f32x4.abs(x), one = v128.load32_splat(SIGMOID_K, 36);
  const e = expMinus4(f32x4.add(ax, ax));
  const large = v128.or(f32x4.div(f32x4.sub(one, e), f32x4.add(one, e)), v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** 1 + erf(x), from the same Chebyshev fit of erfc as the JS kernel; as erfc itself for x < 0 so gelu's left tail
 * keeps its relative accuracy. */
// @ts-ignore: decorator
@inline function onePlusErf4(x: v128): v128 {
  const z = f32x4.abs(x);
  const t = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), f32x4.mul(f32x4.splat(0.5), z)));
  let p = f32x4.splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.26551223));
  const erfc = f32x4.mul(t, exp4(f32x4.sub(p, f32x4.mul(z, z))));
  return v128.bitselect(f32x4.sub(f32x4.splat(2.0), erfc), erfc, f32x4.ge(x, f32x4.splat(0.0)));
}

// ---------------------------------------------------------------- elementwise

// Op codes shared with wasm.ts (UNARY_CODES).
const NEG = 0, ABS = 1, SQRT = 2, SQUARE = 3, RECIPROCAL = 4, EXP = 5, TANH = 6, SIGMOID = 7, RELU = 8, GELU = 9,
  GELU_TANH = 10, SILU = 11, LEAKY_RELU = 12, CLAMP = 13;

// @ts-ignore: decorator
@inline function unary4(op: i32, v: v128, p1: v128, p2: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(v);
    case ABS: return f32x4.abs(v);
    case SQRT: return f32x4.sqrt(v);
    case SQUARE: return f32x4.mul(v, v);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1.0), v);
    case EXP: return exp4(v);
    case TANH: return tanh4(v);
    case SIGMOID: return sigmoid4(v);
    case RELU: return v128.bitselect(f32x4.splat(0.0), v, f32x4.le(v, f32x4.splat(0.0))); // NaN stays NaN
    case GELU: return f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), onePlusErf4(f32x4.mul(v, f32x4.splat(0.70710678118654752))));
    case GELU_TANH: {
      // 0.5 x (1 + tanh u) = x σ(2u): no cancellation in the left tail
      const u = f32x4.mul(f32x4.splat(0.79788456080286536), f32x4.add(v, f32x4.mul(f32x4.splat(0.044715), f32x4.mul(f32x4.mul(v, v), v))));
      return f32x4.mul(v, sigmoid4(f32x4.add(u, u)));
    }
    case SILU: return f32x4.mul(v, sigmoid4(v));
    case LEAKY_RELU: return v128.bitselect(v, f32x4.mul(v, p1), f32x4.gt(v, f32x4.splat(0.0)));
    case CLAMP: {
      const lo = v128.bitselect(p1, v, f32x4.lt(v, p1));
      return v128.bitselect(p2, lo, f32x4.gt(v, p2));
    }
  }
  return v;
}

// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, out: usize, n: i32, P1: v128, P2: v128): void {
  // four independent vectors per iteration (the loader pads buffers to 64 bytes): their exp chains overlap, and the
  // loop and constant loads are shared; measured 1.6-2.2x faster than one vector per iteration for exp, tanh, sigmoid
  for (let off: usize = 0, end = <usize>n << 2; off < end; off += 64) {
    const a = unary4(op, v128.load(x + off), P1, P2), b = unary4(op, v128.load(x + off, 16), P1, P2);
    const c = unary4(op, v128.load(x + off, 32), P1, P2), d = unary4(op, v128.load(x + off, 48), P1, P2);
    v128.store(out + off, a);
    v128.store(out + off, b, 16);
    v128.store(out + off, c, 32);
    v128.store(out + off, d, 48);
  }
}

/** out[i] = op(x[i]) for i < n, four whole vectors at a time. One loop per
 * op, each with its op inlined as a constant, so no dispatch runs per vector. */
export function unary(op: i32, x: usize, out: usize, n: i32, p1: f32, p2: f32): void {
  const P1 = f32x4.splat(p1), P2 = f32x4.splat(p2);
  switch (op) {
    case NEG: unaryLoop(NEG, x, out, n, P1, P2); break;
    case ABS: unaryLoop(ABS, x, out, n, P1, P2); break;
    case SQRT: unaryLoop(SQRT, x, out, n, P1, P2); break;
    case SQUARE: unaryLoop(SQUARE, x, out, n, P1, P2); break;
    case RECIPROCAL: unaryLoop(RECIPROCAL, x, out, n, P1, P2); break;
    case EXP: unaryLoop(EXP, x, out, n, P1, P2); break;
    case TANH: unaryLoop(TANH, x, out, n, P1, P2); break;
    case SIGMOID: unaryLoop(SIGMOID, x, out, n, P1, P2); break;
    case RELU: unaryLoop(RELU, x, out, n, P1, P2); break;
    case GELU: unaryLoop(GELU, x, out, n, P1, P2); break;
    case GELU_TANH: unaryLoop(GELU_TANH, x, out, n, P1, P2); break;
    case SILU: unaryLoop(SILU, x, out, n, P1, P2); break;
    case LEAKY_RELU: unaryLoop(LEAKY_RELU, x, out, n, P1, P2); break;
    case CLAMP: unaryLoop(CLAMP, x, out, n, P1, P2); break;
  }
}

// Backward codes: gx = g * f'(·), from the forward output y where the derivative is cheaper from it, else from x.
const TANH_BACK = 0, SIGMOID_BACK = 1, RELU_BACK = 2, GELU_BACK = 3;

// @ts-ignore: decorator
@inline function derivative4(op: i32, v: v128): v128 {
  const one = f32x4.splat(1.0);
  switch (op) {
    case TANH_BACK: return f32x4.sub(one, f32x4.mul(v, v)); // from y: 1 - y²
    case SIGMOID_BACK: return f32x4.mul(v, f32x4.sub(one, v)); // from y: y (1 - y)
    case RELU_BACK: return v128.and(f32x4.gt(v, f32x4.splat(0.0)), one); // from x: x > 0
    case GELU_BACK: { // from x: Φ(x) + x φ(x)
      const cdf = f32x4.mul(f32x4.splat(0.5), onePlusErf4(f32x4.mul(v, f32x4.splat(0.70710678118654752))));
      const pdf = f32x4.mul(exp4(f32x4.mul(f32x4.mul(v, v), f32x4.splat(-0.5))), f32x4.splat(0.39894228040143268));
      return f32x4.add(cdf, f32x4.mul(v, pdf));
    }
  }
  return one;
}

// @ts-ignore: decorator
@inline function backwardLoop(op: i32, v: usize, g: usize, out: usize, n: i32): void {
  for (let off: usize = 0, end = <usize>n << 2; off < end; off += 64) {
    const a = f32x4.mul(v128.load(g + off), derivative4(op, v128.load(v + off)));
    const b = f32x4.mul(v128.load(g + off, 16), derivative4(op, v128.load(v + off, 16)));
    const c = f32x4.mul(v128.load(g + off, 32), derivative4(op, v128.load(v + off, 32)));
    const d = f32x4.mul(v128.load(g + off, 48), derivative4(op, v128.load(v + off, 48)));
    v128.store(out + off, a);
    v128.store(out + off, b, 16);
    v128.store(out + off, c, 32);
    v128.store(out + off, d, 48);
  }
}

/** out[i] = g[i] * f'(·): tanh and sigmoid from y, relu and gelu from x. */
export function unaryBackward(op: i32, v: usize, g: usize, out: usize, n: i32): void {
  switch (op) {
    case TANH_BACK: backwardLoop(TANH_BACK, v, g, out, n); break;
    case SIGMOID_BACK: backwardLoop(SIGMOID_BACK, v, g, out, n); break;
    case RELU_BACK: backwardLoop(RELU_BACK, v, g, out, n); break;
    case GELU_BACK: backwardLoop(GELU_BACK, v, g, out, n); break;
  }
}

// Binary codes (add, sub, mul, div: float32 results identical to the JS kernel's double-then-round).
const ADD = 0, SUB = 1, MUL = 2, DIV = 3;

// @ts-ignore: decorator
@inline function binary4(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
  }
  return f32x4.div(a, b);
}

// @ts-ignore: decorator
@inline function binaryLoop(op: i32, a: usize, aRow: usize, aStep: usize, b: usize, bRow: usize, bStep: usize, out: usize, rows: i32, n: i32): void {
  const bytes = <usize>n << 2;
  for (let r = 0; r < rows; r++, a += aRow, b += bRow, out += bytes) {
    // a whole vector past the row end writes into the next row, which is written after it (out is contiguous)
    for (let off: usize = 0; off < bytes; off += 16) {
      const av = aStep ? v128.load(a + off) : v128.load32_splat(a);
      const bv = bStep ? v128.load(b + off) : v128.load32_splat(b);
      v128.store(out + off, binary4(op, av, bv));
    }
  }
}

/** out [rows, n] (contiguous) = a op b, each operand a [rows, n] walk with byte strides: aRow between rows, and
 * along a row contiguous (aStep 1) or broadcast (aStep 0), likewise b. */
export function binary(op: i32, a: usize, aRow: usize, aStep: usize, b: usize, bRow: usize, bStep: usize, out: usize, rows: i32, n: i32): void {
  switch (op) {
    case ADD: binaryLoop(ADD, a, aRow, aStep, b, bRow, bStep, out, rows, n); break;
    case SUB: binaryLoop(SUB, a, aRow, aStep, b, bRow, bStep, out, rows, n); break;
    case MUL: binaryLoop(MUL, a, aRow, aStep, b, bRow, bStep, out, rows, n); break;
    case DIV: binaryLoop(DIV, a, aRow, aStep, b, bRow, bStep, out, rows, n); break;
  }
}

// ---------------------------------------------------------------- reductions

/** out[o] = sum (op 0; float64 accumulation, like the JS kernel), max/min (1/2; NaN propagates) or sum of squares
 * (3) of row o of [outer, n]. */
export function reduceRows(op: i32, x: usize, outer: i32, n: i32, out: usize): void {
  for (let o = 0; o < outer; o++) {
    const row = x + (<usize>(o * n) << 2);
    let k = 0;
    if (op == 0 || op == 3) {
      // op 3: sum of squares, each square rounded to f32 (as the square kernel stores it), summed like op 0
      const squares = op == 3;
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
      for (; k + 4 <= n; k += 4) {
        let v = v128.load(row + (<usize>k << 2));
        if (squares) v = f32x4.mul(v, v);
        s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
        s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
      }
      const s = f64x2.add(s0, s1);
      let acc = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
      for (; k < n; k++) {
        const v = load<f32>(row + (<usize>k << 2));
        acc += <f64>(squares ? v * v : v);
      }
      store<f32>(out + (<usize>o << 2), <f32>acc);
    } else {
      // f32x4.max/min return NaN if either lane is NaN, so NaN propagates as in the JS kernel
      let m = f32x4.splat(op == 1 ? -Infinity : Infinity);
      for (; k + 4 <= n; k += 4) {
        const v = v128.load(row + (<usize>k << 2));
        m = op == 1 ? f32x4.max(m, v) : f32x4.min(m, v);
      }
      let acc = op == 1
        ? Mathf.max(Mathf.max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), Mathf.max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)))
        : Mathf.min(Mathf.min(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), Mathf.min(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
      for (; k < n; k++) {
        const v = load<f32>(row + (<usize>k << 2));
        acc = op == 1 ? Mathf.max(acc, v) : Mathf.min(acc, v);
      }
      store<f32>(out + (<usize>o << 2), acc);
    }
  }
}

/** out[o, i] = sum over k of x[o, k, i] for a contiguous [outer, n, inner] block (inner > 1: e.g. a bias gradient
 * summed over the batch), accumulated in float64 like the JS kernel in `acc` (inner rounded up to 4 doubles). */
export function sumMiddle(x: usize, outer: i32, n: i32, inner: i32, out: usize, acc: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, <usize>((inner + 3) & ~3) << 3);
    for (let k = 0; k < n; k++) {
      const row = x + <usize>(o * n + k) * rowBytes;
      // a vector past the row end adds the next row's first values into acc's padding, which is never read
      for (let i: usize = 0; i < rowBytes; i += 16) {
        const v = v128.load(row + i), a = acc + (i << 1);
        v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
        v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
      }
    }
    const o0 = out + <usize>o * rowBytes;
    for (let i = 0; i < inner; i++) store<f32>(o0 + (<usize>i << 2), <f32>load<f64>(acc + (<usize>i << 3)));
  }
}

/** Softmax of each row of a contiguous [rows, n] block: max-shifted, e^(x - max) / sum. */
export function softmaxRows(x: usize, rows: i32, n: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * n) << 2), orow = out + (<usize>(r * n) << 2);
    reduceRows(1, xr, 1, n, orow);
    const max = load<f32>(orow);
    const m = f32x4.splat(isFinite<f32>(max) ? max : 0); // as the JS path: an infinite max shifts by 0
    let s = f32x4.splat(0.0);
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const e = exp4(f32x4.sub(v128.load(xr + (<usize>k << 2)), m));
      v128.store(orow + (<usize>k << 2), e);
      s = f32x4.add(s, e);
    }
    let sum = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
    for (; k < n; k++) {
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(xr + (<usize>k << 2)) - f32x4.extract_lane(m, 0))), 0);
      store<f32>(orow + (<usize>k << 2), e);
      sum += e;
    }
    const inv = f32x4.splat(1.0 / sum);
    k = 0;
    for (; k + 4 <= n; k += 4) v128.store(orow + (<usize>k << 2), f32x4.mul(v128.load(orow + (<usize>k << 2)), inv));
    for (; k < n; k++) store<f32>(orow + (<usize>k << 2), load<f32>(orow + (<usize>k << 2)) * f32x4.extract_lane(inv, 0));
  }
}

// ---------------------------------------------------------------- random numbers

/** out[i] = from + (to - from) * u, u uniform in [0, 1) from the top 24 bits of xoshiro128** (random.ts's
 * Generator, the same numbers), computed in f64 and rounded to f32 as a Float32Array store rounds; the four state
 * words at `state` are read and written back. */
export function fillUniform(state: usize, out: usize, n: i32, from: f64, to: f64): void {
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const scale = to - from;
  for (let i = 0; i < n; i++) {
    const result = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    store<f32>(out + (<usize>i << 2), <f32>(from + scale * (<f64>(result >>> 8) / 16777216.0)));
  }
  store<u32>(state, s0); store<u32>(state, s1, 4); store<u32>(state, s2, 8); store<u32>(state, s3, 12);
}

// ---------------------------------------------------------------- matmul

// Register block: MR rows of A by NR = 8 columns of B (two vectors) per microkernel call: 8 accumulators, 2 B
// vectors and a broadcast A value fit x64's 16 vector registers (a 6 x 8 block spills in V8 and ran slower). KC
// bounds the k-slice so an A panel (KC x MR) and a B panel (KC x NR) stay in L1 while C's tile stays in registers.
const MR = 4;
const NR = 8;
const KC = 256;
const MC_PANELS = 32;

/** Pack rows [0, M) of a strided [M, K] matrix into panels of MR rows, k-major: dst[(p*K + k)*MR + r]; zero pad. */
export function packA(src: usize, rs: i32, cs: i32, M: i32, K: i32, dst: usize): void {
  const panels = (M + MR - 1) / MR;
  for (let p = 0; p < panels; p++) {
    if (rs == 1 && p * MR + MR <= M) {
      // A transposed view (the gᵀ of a weight gradient): a panel's four rows sit side by side at every k
      let s = src + (<usize>(p * MR) << 2), d = dst + (<usize>(p * K * MR) << 2);
      const step = <usize>cs << 2;
      for (let k = 0; k < K; k++, s += step, d += MR << 2) v128.store(d, v128.load(s));
      continue;
    }
    for (let r = 0; r < MR; r++) {
      const i = p * MR + r;
      let d = dst + (<usize>(p * K * MR + r) << 2);
      if (i < M) {
        let s = src + (<usize>(i * rs) << 2);
        const step = <usize>cs << 2;
        for (let k = 0; k < K; k++, s += step, d += MR << 2) store<f32>(d, load<f32>(s));
      } else {
        for (let k = 0; k < K; k++, d += MR << 2) store<f32>(d, 0);
      }
    }
  }
}

/** Pack columns of a strided [K, N] matrix into panels of NR columns, k-major: dst[(p*K + k)*NR + c]; zero pad. */
export function packB(src: usize, rs: i32, cs: i32, K: i32, N: i32, dst: usize): void {
  const panels = (N + NR - 1) / NR;
  for (let p = 0; p < panels; p++) {
    const j0 = p * NR;
    let d = dst + (<usize>(p * K * NR) << 2);
    if (cs == 1 && j0 + NR <= N) {
      for (let k = 0; k < K; k++, d += NR << 2) {
        const s = src + (<usize>(k * rs + j0) << 2);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (rs == 1 && j0 + NR <= N) {
      // A transposed view (Linear's weight.T): each column runs along k, so read four k of each column and transpose
      // 4x4 blocks in registers instead of gathering one float at a time.
      let k = 0;
      for (; k + 4 <= K; k += 4, d += 4 * NR << 2) {
        for (let h = 0; h < NR; h += 4) {
          const s = src + (<usize>(k + (j0 + h) * cs) << 2), col = <usize>cs << 2;
          const r0 = v128.load(s), r1 = v128.load(s + col), r2 = v128.load(s + 2 * col), r3 = v128.load(s + 3 * col);
          const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const o = d + (<usize>h << 2);
          v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(o + (NR << 2), v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
          v128.store(o + (2 * NR << 2), v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
          v128.store(o + (3 * NR << 2), v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
        }
      }
      for (; k < K; k++, d += NR << 2) {
        for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + (<usize>(k + (j0 + c) * cs) << 2)));
      }
    } else {
      for (let k = 0; k < K; k++, d += NR << 2) {
        for (let c = 0; c < NR; c++) {
          const j = j0 + c;
          store<f32>(d + (<usize>c << 2), j < N ? load<f32>(src + (<usize>(k * rs + j * cs) << 2)) : 0);
        }
      }
    }
  }
}

/** C tile (MR x NR at c, row stride ldc floats) = (accumulate ? C : 0) + A panel · B panel over kc steps. */
// @ts-ignore: decorator
@inline function micro(a: usize, b: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0.0), c01 = f32x4.splat(0.0), c10 = f32x4.splat(0.0), c11 = f32x4.splat(0.0);
  let c20 = f32x4.splat(0.0), c21 = f32x4.splat(0.0), c30 = f32x4.splat(0.0), c31 = f32x4.splat(0.0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let av = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    a += MR << 2;
    b += NR << 2;
  }
  const row = ldc << 2;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + row)); c11 = f32x4.add(c11, v128.load(c + row, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * row)); c21 = f32x4.add(c21, v128.load(c + 2 * row, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * row)); c31 = f32x4.add(c31, v128.load(c + 3 * row, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + row, c10); v128.store(c + row, c11, 16);
  v128.store(c + 2 * row, c20); v128.store(c + 2 * row, c21, 16);
  v128.store(c + 3 * row, c30); v128.store(c + 3 * row, c31, 16);
}

/** C [Mp, Np] (Mp, Np multiples of MR, NR; row stride Np) = packed A [Mp, K] @ packed B [K, Np]. For each k-slice,
 * blocks of MC_PANELS A panels (128 rows x KC: 128 KB, stays in L2) meet every B panel in turn (L1). */
export function gemm(pa: usize, pb: usize, c: usize, Mp: i32, K: i32, Np: i32): void {
  const mPanels = Mp / MR, nPanels = Np / NR;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    for (let i0 = 0; i0 < mPanels; i0 += MC_PANELS) {
      const i1 = min(i0 + MC_PANELS, mPanels);
      for (let jp = 0; jp < nPanels; jp++) {
        const b = pb + (<usize>((jp * K + k0) * NR) << 2);
        for (let ip = i0; ip < i1; ip++) {
          const a = pa + (<usize>((ip * K + k0) * MR) << 2);
          micro(a, b, kc, c + (<usize>(ip * MR * Np + jp * NR) << 2), <usize>Np, k0 > 0);
        }
      }
    }
  }
}

/** Where the loader may start its scratch area (the first 16-byte boundary after the static data). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
