// The JavaScript kernels: the only hot loops in the engine. They work on flat float arrays with explicit offsets,
// shapes and strides, and know nothing about tensors or autograd, so a WASM backend can implement the same
// functions. Rules: no allocation per element, no closures per element, contiguous fast paths, one switch per row.
import type { FloatArray } from "../dtype";

export type UnaryOp =
  | "neg" | "abs" | "sign" | "exp" | "log" | "log1p" | "sqrt" | "rsqrt" | "square" | "reciprocal" | "sin" | "cos"
  | "erf" | "tanh" | "sigmoid" | "relu" | "gelu" | "gelu_tanh" | "silu" | "softplus" | "leaky_relu" | "elu" | "clamp"
  | "isfinite" | "isnan" | "trunc" | "nonzero";
export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "eq" | "ne" | "lt" | "le" | "gt" | "ge";
/** "sumsq" is the sum of squares in one pass (norm's p = 2), each square rounded to the input's precision as the
 * square kernel would store it, then summed in the same order as "sum": the same result without the temporary. */
export type ReduceOp = "sum" | "sumsq" | "prod" | "max" | "min";

const SQRT1_2 = Math.SQRT1_2;
const GELU_K = Math.sqrt(2 / Math.PI);

/** erf(x) with relative error < 1.2e-7 (Numerical Recipes' Chebyshev fit of erfc), enough for float32. */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/** out[i] = op(x[xOff + i]) for i < n. p1/p2 are the op's parameters (slope, alpha, beta/threshold, min/max). */
export function unary(op: UnaryOp, x: FloatArray, xOff: number, out: FloatArray, n: number, p1 = 0, p2 = 0): void {
  switch (op) {
    case "neg": for (let i = 0; i < n; i++) out[i] = -x[xOff + i]; break;
    case "abs": for (let i = 0; i < n; i++) out[i] = Math.abs(x[xOff + i]); break;
    case "sign": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v > 0 ? 1 : v < 0 ? -1 : v === v ? 0 : v; } break;
    case "exp": for (let i = 0; i < n; i++) out[i] = Math.exp(x[xOff + i]); break;
    case "log": for (let i = 0; i < n; i++) out[i] = Math.log(x[xOff + i]); break;
    case "log1p": for (let i = 0; i < n; i++) out[i] = Math.log1p(x[xOff + i]); break;
    case "sqrt": for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[xOff + i]); break;
    case "rsqrt": for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[xOff + i]); break;
    case "square": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v * v; } break;
    case "reciprocal": for (let i = 0; i < n; i++) out[i] = 1 / x[xOff + i]; break;
    case "sin": for (let i = 0; i < n; i++) out[i] = Math.sin(x[xOff + i]); break;
    case "cos": for (let i = 0; i < n; i++) out[i] = Math.cos(x[xOff + i]); break;
    case "erf": for (let i = 0; i < n; i++) out[i] = erf(x[xOff + i]); break;
    // 1 - 2/(e^2x + 1): one exp instead of Math.tanh's slower path; exact to float32 (|error| < 1e-15 in double)
    case "tanh": for (let i = 0; i < n; i++) out[i] = 1 - 2 / (Math.exp(2 * x[xOff + i]) + 1); break;
    case "sigmoid": for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[xOff + i])); break;
    case "relu": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v <= 0 ? 0 : v; } break;
    case "gelu": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = 0.5 * v * (1 + erf(v * SQRT1_2)); } break;
    case "gelu_tanh":
      for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = 0.5 * v * (1 + Math.tanh(GELU_K * (v + 0.044715 * v * v * v))); }
      break;
    case "silu": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v / (1 + Math.exp(-v)); } break;
    case "softplus": // p1 = beta, p2 = threshold: linear above threshold, like PyTorch
      for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v * p1 > p2 ? v : Math.log1p(Math.exp(v * p1)) / p1; }
      break;
    case "leaky_relu": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v > 0 ? v : v * p1; } break;
    case "elu": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v > 0 ? v : p1 * Math.expm1(v); } break;
    case "clamp": for (let i = 0; i < n; i++) { const v = x[xOff + i]; out[i] = v < p1 ? p1 : v > p2 ? p2 : v; } break;
    case "isfinite": for (let i = 0; i < n; i++) out[i] = Number.isFinite(x[xOff + i]) ? 1 : 0; break;
    case "isnan": for (let i = 0; i < n; i++) out[i] = Number.isNaN(x[xOff + i]) ? 1 : 0; break;
    case "trunc": for (let i = 0; i < n; i++) out[i] = Math.trunc(x[xOff + i]); break;
    case "nonzero": for (let i = 0; i < n; i++) out[i] = x[xOff + i] !== 0 ? 1 : 0; break;
  }
}

function binaryRow(op: BinaryOp, a: FloatArray, ai: number, as: number, b: FloatArray, bi: number, bs: number,
  out: FloatArray, oi: number, n: number): void {
  switch (op) {
    case "add": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] + b[bi + i * bs]; break;
    case "sub": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] - b[bi + i * bs]; break;
    case "mul": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] * b[bi + i * bs]; break;
    case "div": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] / b[bi + i * bs]; break;
    case "pow": for (let i = 0; i < n; i++) out[oi + i] = Math.pow(a[ai + i * as], b[bi + i * bs]); break;
    case "maximum": for (let i = 0; i < n; i++) out[oi + i] = Math.max(a[ai + i * as], b[bi + i * bs]); break;
    case "minimum": for (let i = 0; i < n; i++) out[oi + i] = Math.min(a[ai + i * as], b[bi + i * bs]); break;
    case "eq": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] === b[bi + i * bs] ? 1 : 0; break;
    case "ne": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] !== b[bi + i * bs] ? 1 : 0; break;
    case "lt": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] < b[bi + i * bs] ? 1 : 0; break;
    case "le": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] <= b[bi + i * bs] ? 1 : 0; break;
    case "gt": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] > b[bi + i * bs] ? 1 : 0; break;
    case "ge": for (let i = 0; i < n; i++) out[oi + i] = a[ai + i * as] >= b[bi + i * bs] ? 1 : 0; break;
  }
}

/**
 * Merge adjacent dims that every operand walks contiguously, and drop size-1 dims, so a fully contiguous
 * (or scalar-broadcast) operation becomes a single row.
 */
export function collapse(shape: readonly number[], strideSets: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strideSets.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strideSets.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strideSets.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strideSets.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Visit every innermost row of a strided walk over `shape`; `visit(row positions..., length)`. */
function forEachRow(shape: readonly number[], strideSets: readonly (readonly number[])[], offsets: readonly number[],
  visit: (pos: number[], inner: number, innerStrides: number[]) => void): void {
  const c = collapse(shape, strideSets);
  const nd = c.shape.length;
  const pos = [...offsets];
  if (nd === 0) { visit(pos, 1, strideSets.map(() => 0)); return; }
  const inner = c.shape[nd - 1];
  const innerStrides = c.strides.map((s) => s[nd - 1]);
  let rows = 1;
  for (let d = 0; d < nd - 1; d++) rows *= c.shape[d];
  const idx = new Array<number>(nd).fill(0);
  for (let r = 0; r < rows; r++) {
    visit(pos, inner, innerStrides);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      for (let k = 0; k < pos.length; k++) pos[k] += c.strides[k][d];
      if (idx[d] < c.shape[d]) break;
      for (let k = 0; k < pos.length; k++) pos[k] -= c.strides[k][d] * c.shape[d];
      idx[d] = 0;
    }
  }
}

/** out (contiguous, shape `shape`) = a op b, where a and b are read through broadcast strides (0 on broadcast dims). */
export function binary(op: BinaryOp, shape: readonly number[], a: FloatArray, aOff: number, aStrides: readonly number[],
  b: FloatArray, bOff: number, bStrides: readonly number[], out: FloatArray): void {
  if (out.length === 0) return;
  const outStrides = contiguous(shape);
  forEachRow(shape, [aStrides, bStrides, outStrides], [aOff, bOff, 0], (p, n, s) =>
    binaryRow(op, a, p[0], s[0], b, p[1], s[1], out, p[2], n));
}

/** Copy a strided view into another strided view of the same shape (used for contiguous(), cat, slicing, copy_). */
export function stridedCopy(shape: readonly number[], src: FloatArray, srcOff: number, srcStrides: readonly number[],
  dst: FloatArray, dstOff: number, dstStrides: readonly number[]): void {
  for (const s of shape) if (s === 0) return;
  forEachRow(shape, [srcStrides, dstStrides], [srcOff, dstOff], (p, n, s) => {
    const si = p[0], ss = s[0], di = p[1], ds = s[1];
    if (ss === 1 && ds === 1) dst.set(src.subarray(si, si + n), di);
    else for (let i = 0; i < n; i++) dst[di + i * ds] = src[si + i * ss];
  });
}

export function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/**
 * x[base] + ... + x[base + n - 1] with four accumulators: a single chain of dependent adds waits on the add latency
 * at every element. A function of its own so V8 optimizes it whole (inside reduce's switch it got stuck in a slow
 * on-stack-replacement version).
 */
function sumRow(x: FloatArray, base: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < n; k += 4) { s0 += x[base + k]; s1 += x[base + k + 1]; s2 += x[base + k + 2]; s3 += x[base + k + 3]; }
  for (; k < n; k++) s0 += x[base + k];
  return (s0 + s1) + (s2 + s3);
}

/** sumRow of the squares, each rounded to float32 for a Float32Array (what a stored float32 square holds). */
function sumSqRow(x: FloatArray, base: number, n: number): number {
  const round = x instanceof Float32Array ? Math.fround : (v: number) => v;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < n; k += 4) {
    const a = x[base + k], b = x[base + k + 1], c = x[base + k + 2], d = x[base + k + 3];
    s0 += round(a * a); s1 += round(b * b); s2 += round(c * c); s3 += round(d * d);
  }
  for (; k < n; k++) { const a = x[base + k]; s0 += round(a * a); }
  return (s0 + s1) + (s2 + s3);
}

/**
 * Reduce a contiguous block viewed as [outer, n, inner] over its middle axis: out has outer*inner entries.
 * Accumulates in float64 (JS numbers) so long sums stay accurate. max/min propagate NaN like PyTorch.
 */
export function reduce(op: ReduceOp, x: FloatArray, xOff: number, outer: number, n: number, inner: number, out: FloatArray): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = xOff + o * n;
      let acc: number;
      switch (op) {
        case "sum": acc = sumRow(x, base, n); break;
        case "sumsq": acc = sumSqRow(x, base, n); break;
        case "prod": acc = 1; for (let k = 0; k < n; k++) acc *= x[base + k]; break;
        case "max": acc = -Infinity; for (let k = 0; k < n; k++) { const v = x[base + k]; if (v > acc || v !== v) { acc = v; if (v !== v) break; } } break;
        case "min": acc = Infinity; for (let k = 0; k < n; k++) { const v = x[base + k]; if (v < acc || v !== v) { acc = v; if (v !== v) break; } } break;
      }
      out[o] = acc;
    }
    return;
  }
  const row = new Float64Array(inner);
  const round = x instanceof Float32Array ? Math.fround : (v: number) => v;
  for (let o = 0; o < outer; o++) {
    row.fill(op === "sum" || op === "sumsq" ? 0 : op === "prod" ? 1 : op === "max" ? -Infinity : Infinity);
    for (let k = 0; k < n; k++) {
      const base = xOff + (o * n + k) * inner;
      switch (op) {
        case "sum": for (let i = 0; i < inner; i++) row[i] += x[base + i]; break;
        case "sumsq": for (let i = 0; i < inner; i++) { const v = x[base + i]; row[i] += round(v * v); } break;
        case "prod": for (let i = 0; i < inner; i++) row[i] *= x[base + i]; break;
        case "max": for (let i = 0; i < inner; i++) { const v = x[base + i]; if (v > row[i] || v !== v) row[i] = v; } break;
        case "min": for (let i = 0; i < inner; i++) { const v = x[base + i]; if (v < row[i] || v !== v) row[i] = v; } break;
      }
    }
    out.set(row, o * inner);
  }
}

/** Running sums along the middle axis of a contiguous [outer, n, inner] block (float64 accumulation). */
export function cumsum(x: FloatArray, xOff: number, outer: number, n: number, inner: number, out: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 0;
      for (let k = 0; k < n; k++) { acc += x[xOff + base + k * inner]; out[base + k * inner] = acc; }
    }
  }
}

/** Like reduce max/min over [outer, n, inner], also writing the index of the first extreme (first NaN wins). */
export function argReduce(op: "max" | "min", x: FloatArray, xOff: number, outer: number, n: number, inner: number,
  values: FloatArray, indices: FloatArray): void {
  const sign = op === "max" ? 1 : -1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = xOff + o * n * inner + i;
      let best = x[base], bestK = 0;
      for (let k = 1; k < n && best === best; k++) {
        const v = x[base + k * inner];
        if (v !== v || sign * (v - best) > 0) { best = v; bestK = k; }
      }
      values[o * inner + i] = best;
      indices[o * inner + i] = bestK;
    }
  }
}

/** out[o, k, i] = product of x[o, j, i] over j != k (prefix times suffix products: exact with zeros). */
export function exclusiveProd(x: FloatArray, xOff: number, outer: number, n: number, inner: number, out: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 1;
      for (let k = 0; k < n; k++) { out[base + k * inner] = acc; acc *= x[xOff + base + k * inner]; }
      acc = 1;
      for (let k = n - 1; k >= 0; k--) { out[base + k * inner] *= acc; acc *= x[xOff + base + k * inner]; }
    }
  }
}

const BLOCK_K = 64;
const BLOCK_N = 512;

/** A batch of matrices in flat storage: element (b, r, c) is at offset + b*batchStride + r*rowStride + c*colStride. */
export interface MatrixOperand {
  data: FloatArray;
  offset: number;
  batchStride: number;
  rowStride: number;
  colStride: number;
}

/**
 * out[b] = a[b] @ b[b] for `batch` pairs, a: [M, K], b: [K, N], out: contiguous [batch, M, N], zero-filled.
 * Two loop orders, chosen by b's layout (a may have any strides):
 * - b's rows contiguous: i-k-j, blocked over k and j so a panel of b stays in cache, four k steps per pass over
 *   an out row (a quarter of the loads and stores of out);
 * - b's columns contiguous (b is a transposed view, as in x @ W.T) with a's rows contiguous: dot products over k,
 *   four columns at a time so each load of a is used four times.
 * The op copies b into one of these layouts if it is in neither. A batch stride of 0 broadcasts.
 */
export function matmul(a: MatrixOperand, b: MatrixOperand, out: FloatArray, batch: number, M: number, K: number, N: number): void {
  const A = a.data, B = b.data;
  const ars = a.rowStride, acs = a.colStride;
  if (b.colStride !== 1 && b.rowStride === 1 && acs === 1) {
    const bcs = b.colStride;
    for (let bt = 0; bt < batch; bt++) {
      const aBase = a.offset + bt * a.batchStride, bBase = b.offset + bt * b.batchStride, oBase = bt * M * N;
      for (let i = 0; i < M; i++) {
        const ar = aBase + i * ars, o = oBase + i * N;
        let j = 0;
        for (; j + 3 < N; j += 4) {
          const b0 = bBase + j * bcs, b1 = b0 + bcs, b2 = b1 + bcs, b3 = b2 + bcs;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let k = 0; k < K; k++) {
            const av = A[ar + k];
            s0 += av * B[b0 + k]; s1 += av * B[b1 + k]; s2 += av * B[b2 + k]; s3 += av * B[b3 + k];
          }
          out[o + j] = s0; out[o + j + 1] = s1; out[o + j + 2] = s2; out[o + j + 3] = s3;
        }
        for (; j < N; j++) {
          const b0 = bBase + j * bcs;
          let s = 0;
          for (let k = 0; k < K; k++) s += A[ar + k] * B[b0 + k];
          out[o + j] = s;
        }
      }
    }
    return;
  }
  const brs = b.rowStride;
  for (let bt = 0; bt < batch; bt++) {
    const aBase = a.offset + bt * a.batchStride, bBase = b.offset + bt * b.batchStride, oBase = bt * M * N;
    for (let k0 = 0; k0 < K; k0 += BLOCK_K) {
      const k1 = Math.min(k0 + BLOCK_K, K);
      for (let j0 = 0; j0 < N; j0 += BLOCK_N) {
        const j1 = Math.min(j0 + BLOCK_N, N);
        for (let i = 0; i < M; i++) {
          const o = oBase + i * N, ar = aBase + i * ars;
          let k = k0;
          for (; k + 3 < k1; k += 4) {
            const a0 = A[ar + k * acs], a1 = A[ar + (k + 1) * acs], a2 = A[ar + (k + 2) * acs], a3 = A[ar + (k + 3) * acs];
            const b0 = bBase + k * brs, b1 = b0 + brs, b2 = b1 + brs, b3 = b2 + brs;
            for (let j = j0; j < j1; j++) out[o + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
          }
          for (; k < k1; k++) {
            const a0 = A[ar + k * acs], b0 = bBase + k * brs;
            for (let j = j0; j < j1; j++) out[o + j] += a0 * B[b0 + j];
          }
        }
      }
    }
  }
}

/** out[o, j, i] = x[o, index[o, j, i], i]; x is [outer, D, inner] contiguous, index and out are [outer, J, inner]. */
export function gather(x: FloatArray, xOff: number, outer: number, D: number, inner: number, index: FloatArray, J: number, out: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < J; j++) {
      const r = (o * J + j) * inner;
      for (let i = 0; i < inner; i++) out[r + i] = x[xOff + (o * D + index[r + i]) * inner + i];
    }
  }
}

/** The adjoint of gather: out[o, index[o, j, i], i] += src[o, j, i]. */
export function scatterAdd(src: FloatArray, outer: number, D: number, inner: number, index: FloatArray, J: number, out: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < J; j++) {
      const r = (o * J + j) * inner;
      for (let i = 0; i < inner; i++) out[(o * D + index[r + i]) * inner + i] += src[r + i];
    }
  }
}

/** out[o, j, :] = x[o, index[j], :]; x is [outer, D, inner] contiguous, out is [outer, J, inner]. */
export function indexSelect(x: FloatArray, xOff: number, outer: number, D: number, inner: number, index: FloatArray, out: FloatArray): void {
  const J = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < J; j++) {
      const from = xOff + (o * D + index[j]) * inner;
      out.set(x.subarray(from, from + inner), (o * J + j) * inner);
    }
  }
}

/** The adjoint of indexSelect: out[o, index[j], :] += src[o, j, :]. */
export function indexAdd(src: FloatArray, outer: number, D: number, inner: number, index: FloatArray, out: FloatArray): void {
  const J = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < J; j++) {
      const to = (o * D + index[j]) * inner, from = (o * J + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] += src[from + i];
    }
  }
}

/** out (contiguous, shape `shape`) = cond ? a : b, each operand read through its broadcast strides. */
export function where(shape: readonly number[], cond: FloatArray, cOff: number, cStrides: readonly number[],
  a: FloatArray, aOff: number, aStrides: readonly number[], b: FloatArray, bOff: number, bStrides: readonly number[],
  out: FloatArray): void {
  if (out.length === 0) return;
  forEachRow(shape, [cStrides, aStrides, bStrides, contiguous(shape)], [cOff, aOff, bOff, 0], (p, n, s) => {
    const [ci, ai, bi, oi] = p, [cs, as, bs] = s;
    for (let i = 0; i < n; i++) out[oi + i] = cond[ci + i * cs] !== 0 ? a[ai + i * as] : b[bi + i * bs];
  });
}
