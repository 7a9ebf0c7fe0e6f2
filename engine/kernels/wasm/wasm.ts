// The WASM backend's kernels, same signatures as ../js.ts for the float32 cases they cover. The module is
// instantiated synchronously from inlined bytes (kernels.wasm.ts), so it works in Node, vitest and a Vite worker
// with no await. Its memory is one scratch area: each call copies its operands in, runs, and copies the result
// out into the tensor's own storage. The area grows to the largest call seen and is then reused by every call, so
// a training loop allocates nothing here after its first step and nothing can leak.
import { type BinaryOp, type MatrixOperand, type ReduceOp, type UnaryOp, collapse, contiguous } from "../js";
import { WASM_BASE64 } from "./kernels.wasm";

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  unary(op: number, x: number, out: number, n: number, p1: number, p2: number): void;
  unaryBackward(op: number, v: number, g: number, out: number, n: number): void;
  binary(op: number, a: number, aRow: number, aStep: number, b: number, bRow: number, bStep: number, out: number, rows: number, n: number): void;
  reduceRows(op: number, x: number, outer: number, n: number, out: number): void;
  sumMiddle(x: number, outer: number, n: number, inner: number, out: number, acc: number): void;
  softmaxRows(x: number, rows: number, n: number, out: number): void;
  packA(src: number, rs: number, cs: number, M: number, K: number, dst: number): void;
  packB(src: number, rs: number, cs: number, K: number, N: number, dst: number): void;
  gemm(pa: number, pb: number, c: number, Mp: number, K: number, Np: number): void;
  fillUniform(state: number, out: number, n: number, from: number, to: number): void;
}

/** The instance, or null where WebAssembly or its SIMD128 extension is missing (compiling then throws). */
function instantiate(): Exports | null {
  if (typeof WebAssembly !== "object") return null;
  try {
    const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
  } catch {
    return null;
  }
}

// Instantiated on first use, not at import: importing the engine (as the page's main thread does for its output
// types) does no work, and bundlers can drop this module where no kernel runs.
let wasm: Exports | null | undefined;
let base = 0;
let heap: Float32Array;

/** Whether the WASM kernels load here; the first call instantiates them. Every kernel below needs it true. */
export function available(): boolean {
  if (wasm === undefined) {
    wasm = instantiate();
    if (wasm) {
      base = wasm.heapBase();
      heap = new Float32Array(wasm.memory.buffer);
    }
  }
  return wasm !== null;
}

/** Thrown before a kernel touches anything when WebAssembly memory cannot grow to its operands (the 4 GB address
 * space, or a browser's limit): the registry then runs the JS kernel instead. */
export class ScratchFull extends Error {}

/**
 * Byte offsets of scratch buffers of the given float counts, each rounded up to 64 bytes (the elementwise kernels
 * read and write four whole vectors per step). Growing the memory replaces its buffer, so `heap` is re-viewed after a grow.
 */
function scratch(...floats: number[]): number[] {
  const ptrs: number[] = [];
  let top = base;
  for (const n of floats) {
    ptrs.push(top);
    top += Math.ceil(n / 16) * 64;
  }
  const have = wasm!.memory.buffer.byteLength;
  if (top > have) {
    try {
      wasm!.memory.grow(Math.ceil((top - have) / 65536));
    } catch {
      throw new ScratchFull(`WebAssembly memory cannot grow to ${top} bytes`);
    }
    heap = new Float32Array(wasm!.memory.buffer);
  }
  return ptrs;
}

/** Bytes of WebAssembly memory in use (it only grows, to the largest operation so far). */
export function memoryBytes(): number {
  return wasm ? wasm.memory.buffer.byteLength : 0;
}

const UNARY_CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sqrt: 2, square: 3, reciprocal: 4, exp: 5, tanh: 6, sigmoid: 7, relu: 8, gelu: 9, gelu_tanh: 10,
  silu: 11, leaky_relu: 12, clamp: 13,
};

/** Whether the WASM unary kernel implements `op`. */
export const hasUnary = (op: UnaryOp): boolean => UNARY_CODES[op] !== undefined;

export function unary(op: UnaryOp, x: Float32Array, xOff: number, out: Float32Array, n: number, p1: number, p2: number): void {
  const [px, po] = scratch(n, n);
  heap.set(x.subarray(xOff, xOff + n), px >> 2);
  wasm!.unary(UNARY_CODES[op]!, px, po, n, p1, p2);
  out.set(heap.subarray(po >> 2, (po >> 2) + n));
}

export type BackwardOp = "tanh" | "sigmoid" | "relu" | "gelu";
const BACKWARD_CODES: Record<BackwardOp, number> = { tanh: 0, sigmoid: 1, relu: 2, gelu: 3 };

/** out = g * f'(·) in one pass: from the forward output y for tanh and sigmoid, from the input x for relu and gelu. */
export function unaryBackward(op: BackwardOp, v: Float32Array, vOff: number, g: Float32Array, gOff: number, out: Float32Array, n: number): void {
  const [pv, pg, po] = scratch(n, n, n);
  heap.set(v.subarray(vOff, vOff + n), pv >> 2);
  heap.set(g.subarray(gOff, gOff + n), pg >> 2);
  wasm!.unaryBackward(BACKWARD_CODES[op], pv, pg, po, n);
  out.set(heap.subarray(po >> 2, (po >> 2) + n));
}

const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

/**
 * out (contiguous, shape `shape`) = a op b through broadcast strides, for add/sub/mul/div when the walk collapses to
 * at most [rows, n] with each operand contiguous or broadcast along the row (same shapes, scalars, a bias row);
 * returns false for other walks, which the JS kernel runs.
 */
export function binary(op: BinaryOp, shape: readonly number[], a: Float32Array, aOff: number, aStrides: readonly number[],
  b: Float32Array, bOff: number, bStrides: readonly number[], out: Float32Array): boolean {
  const code = BINARY_CODES[op];
  if (code === undefined) return false;
  const c = collapse(shape, [aStrides, bStrides, contiguous(shape)]);
  const nd = c.shape.length;
  if (nd > 2) return false;
  const n = nd === 0 ? 1 : c.shape[nd - 1], rows = nd === 2 ? c.shape[0] : 1;
  const [aStep, bStep] = nd === 0 ? [0, 0] : [c.strides[0][nd - 1], c.strides[1][nd - 1]];
  if (aStep > 1 || bStep > 1) return false;
  const [aRow, bRow] = nd === 2 ? [c.strides[0][0], c.strides[1][0]] : [0, 0];
  const aSpan = (rows - 1) * aRow + (n - 1) * aStep + 1, bSpan = (rows - 1) * bRow + (n - 1) * bStep + 1;
  const [pa, pb, po] = scratch(aSpan, bSpan, rows * n);
  heap.set(a.subarray(aOff, aOff + aSpan), pa >> 2);
  heap.set(b.subarray(bOff, bOff + bSpan), pb >> 2);
  wasm!.binary(code, pa, 4 * aRow, aStep, pb, 4 * bRow, bStep, po, rows, n);
  out.set(heap.subarray(po >> 2, (po >> 2) + rows * n));
  return true;
}

const REDUCE_CODES: Partial<Record<ReduceOp, number>> = { sum: 0, max: 1, min: 2, sumsq: 3 };
export const hasReduce = (op: ReduceOp): boolean => REDUCE_CODES[op] !== undefined;

/** Reduce each row of a contiguous [outer, n] block (sum and sumsq in float64, max/min propagating NaN). */
export function reduceRows(op: ReduceOp, x: Float32Array, xOff: number, outer: number, n: number, out: Float32Array): void {
  const [px, po] = scratch(outer * n, outer);
  heap.set(x.subarray(xOff, xOff + outer * n), px >> 2);
  wasm!.reduceRows(REDUCE_CODES[op]!, px, outer, n, po);
  out.set(heap.subarray(po >> 2, (po >> 2) + outer));
}

/** Sums over the middle axis of a contiguous [outer, n, inner] block (float64 accumulation). */
export function sumMiddle(x: Float32Array, xOff: number, outer: number, n: number, inner: number, out: Float32Array): void {
  const size = outer * n * inner;
  const [px, po, pacc] = scratch(size, outer * inner, 2 * inner + 8);
  heap.set(x.subarray(xOff, xOff + size), px >> 2);
  wasm!.sumMiddle(px, outer, n, inner, po, pacc);
  out.set(heap.subarray(po >> 2, (po >> 2) + outer * inner));
}

/** Softmax of each row of a contiguous [rows, n] block. */
export function softmaxRows(x: Float32Array, xOff: number, rows: number, n: number, out: Float32Array): void {
  const [px, po] = scratch(rows * n, rows * n);
  heap.set(x.subarray(xOff, xOff + rows * n), px >> 2);
  wasm!.softmaxRows(px, rows, n, po);
  out.set(heap.subarray(po >> 2, (po >> 2) + rows * n));
}

/** Generator.fillUniform's numbers (xoshiro128** state in `state`, advanced as the JS loop would), in WASM. */
export function fillUniform(state: Uint32Array, out: Float32Array, from: number, to: number): void {
  const n = out.length;
  const [ps, po] = scratch(4, n);
  const words = new Uint32Array(wasm!.memory.buffer, ps, 4);
  words.set(state);
  wasm!.fillUniform(ps, po, n, from, to);
  state.set(words);
  out.set(heap.subarray(po >> 2, (po >> 2) + n));
}

const MR = 4, NR = 8; // the microkernel's register block (kernels.as.ts)

/** How many floats from the operand's offset the kernel reads (strides are never negative). */
function span(m: MatrixOperand, batch: number, rows: number, cols: number): number {
  return (batch - 1) * m.batchStride + (rows - 1) * m.rowStride + (cols - 1) * m.colStride + 1;
}

/**
 * Same contract as the JS matmul (out contiguous [batch, M, N], already zero). Each matrix is packed into panels
 * of MR rows / NR columns (any strides, so transposed views need no copy first) and multiplied by a register-blocked
 * SIMD microkernel; C is padded to whole tiles in scratch and its rows copied out.
 */
export function matmul(a: MatrixOperand, b: MatrixOperand, out: Float32Array, batch: number, M: number, K: number, N: number): void {
  if (M === 0 || N === 0 || K === 0 || batch === 0) return;
  const Mp = Math.ceil(M / MR) * MR, Np = Math.ceil(N / NR) * NR;
  const aSpan = span(a, batch, M, K), bSpan = span(b, batch, K, N);
  const [sa, sb, pa, pb, pc] = scratch(aSpan, bSpan, Mp * K, K * Np, Mp * Np);
  heap.set((a.data as Float32Array).subarray(a.offset, a.offset + aSpan), sa >> 2);
  heap.set((b.data as Float32Array).subarray(b.offset, b.offset + bSpan), sb >> 2);
  const c = pc >> 2;
  for (let bt = 0; bt < batch; bt++) {
    if (bt === 0 || a.batchStride !== 0) wasm!.packA(sa + 4 * bt * a.batchStride, a.rowStride, a.colStride, M, K, pa);
    if (bt === 0 || b.batchStride !== 0) wasm!.packB(sb + 4 * bt * b.batchStride, b.rowStride, b.colStride, K, N, pb);
    wasm!.gemm(pa, pb, pc, Mp, K, Np);
    const o = bt * M * N;
    if (Np === N) out.set(heap.subarray(c, c + M * N), o);
    else for (let i = 0; i < M; i++) out.set(heap.subarray(c + i * Np, c + i * Np + N), o + i * N);
  }
}
