// The kernel registry the ops call: each hot kernel goes to the WASM backend when it is selected and the call is
// one it implements (float32 storage, a supported op), and to the JavaScript reference kernels otherwise — float64
// (the gradient checker), binary ops other than add/sub/mul/div or on walks the WASM kernel does not take, and the
// strided, index and copy kernels run in JavaScript.
// The backend is WASM wherever WebAssembly SIMD loads, unless GRADFLOW_BACKEND=js is set in the environment (the
// test suite runs once per backend) or `torch.set_backend("js")` is called.
import { fail } from "../errors";
import type { FloatArray } from "../dtype";
import * as js from "./js";
import * as wasm from "./wasm/wasm";

export type { BinaryOp, MatrixOperand, ReduceOp, UnaryOp } from "./js";
export {
  argReduce, cumsum, erf, exclusiveProd, gather, indexAdd, indexSelect, scatterAdd, stridedCopy, where,
} from "./js";

export type Backend = "js" | "wasm";

function initialBackend(): Backend {
  const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.GRADFLOW_BACKEND;
  if (requested === "js") return "js";
  if (requested === "wasm" && !wasm.available()) throw new Error("GRADFLOW_BACKEND=wasm but WebAssembly SIMD is unavailable");
  return wasm.available() ? "wasm" : "js";
}

let backend: Backend | undefined; // chosen on the first kernel call, so importing the engine does no work
const current = (): Backend => (backend ??= initialBackend());

/**
 * Choose the kernels: "wasm" (WebAssembly SIMD128, the default where it loads) or "js" (the reference), e.g.
 * `torch.set_backend("js")` to time the same code on both.
 */
export function set_backend(name: Backend): void {
  if (name !== "js" && name !== "wasm") fail("set_backend", `unknown backend ${JSON.stringify(name)}; use "js" or "wasm"`);
  if (name === "wasm" && !wasm.available()) fail("set_backend", "WebAssembly with SIMD128 is not available here; use \"js\"");
  backend = name;
}

/** The backend in use: "wasm" or "js". */
export function get_backend(): Backend {
  return current();
}

const useWasm = (...arrays: FloatArray[]): boolean => current() === "wasm" && arrays.every((a) => a instanceof Float32Array);

/** Run a WASM kernel: false (the caller then runs the JS kernel) if it declines the call or its operands do not fit. */
function ran(kernel: () => boolean | void): boolean {
  try {
    return kernel() !== false;
  } catch (e) {
    if (e instanceof wasm.ScratchFull) return false;
    throw e;
  }
}

/** Fills `out` with Generator.fillUniform's numbers from xoshiro128** `state` (advancing it) when the WASM backend
 * runs float32: false when the caller's JavaScript loop must (the numbers are the same either way). */
export function fillUniform(state: Uint32Array, out: FloatArray, from: number, to: number): boolean {
  return useWasm(out) && ran(() => wasm.fillUniform(state, out as Float32Array, from, to));
}

export function unary(op: js.UnaryOp, x: FloatArray, xOff: number, out: FloatArray, n: number, p1 = 0, p2 = 0): void {
  if (useWasm(x, out) && wasm.hasUnary(op) && ran(() => wasm.unary(op, x as Float32Array, xOff, out as Float32Array, n, p1, p2))) return;
  js.unary(op, x, xOff, out, n, p1, p2);
}

export function binary(op: js.BinaryOp, shape: readonly number[], a: FloatArray, aOff: number, aStrides: readonly number[],
  b: FloatArray, bOff: number, bStrides: readonly number[], out: FloatArray): void {
  if (out.length > 0 && useWasm(a, b, out) &&
    ran(() => wasm.binary(op, shape, a as Float32Array, aOff, aStrides, b as Float32Array, bOff, bStrides, out as Float32Array))) return;
  js.binary(op, shape, a, aOff, aStrides, b, bOff, bStrides, out);
}

export function reduce(op: js.ReduceOp, x: FloatArray, xOff: number, outer: number, n: number, inner: number, out: FloatArray): void {
  if (useWasm(x, out) && inner === 1 && wasm.hasReduce(op) &&
    ran(() => wasm.reduceRows(op, x as Float32Array, xOff, outer, n, out as Float32Array))) return;
  if (useWasm(x, out) && inner > 1 && op === "sum" &&
    ran(() => wasm.sumMiddle(x as Float32Array, xOff, outer, n, inner, out as Float32Array))) return;
  js.reduce(op, x, xOff, outer, n, inner, out);
}

export function matmul(a: js.MatrixOperand, b: js.MatrixOperand, out: FloatArray, batch: number, M: number, K: number, N: number): void {
  if (useWasm(a.data, b.data, out) && ran(() => wasm.matmul(a, b, out as Float32Array, batch, M, K, N))) return;
  js.matmul(a, b, out, batch, M, K, N);
}

/** Fused softmax over the rows of a contiguous [rows, n] float32 block; false when the JS op path must run. */
export function softmaxRows(x: FloatArray, xOff: number, rows: number, n: number, out: FloatArray): boolean {
  return useWasm(x, out) && ran(() => wasm.softmaxRows(x as Float32Array, xOff, rows, n, out as Float32Array));
}

/** Fused activation backward g * f'(·) (from y for tanh/sigmoid, from x for relu/gelu); false when not on WASM. */
export function unaryBackward(op: wasm.BackwardOp, v: FloatArray, vOff: number, g: FloatArray, gOff: number, out: FloatArray, n: number): boolean {
  return useWasm(v, g, out) && ran(() => wasm.unaryBackward(op, v as Float32Array, vOff, g as Float32Array, gOff, out as Float32Array, n));
}
