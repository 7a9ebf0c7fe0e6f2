// Data types. Storage is always a float array; the dtype is a label that decides printing, promotion and
// whether gradients may flow. float64 exists mainly so the gradient checker can run every op in double precision.
//   float32 -> Float32Array   float64 -> Float64Array
//   int64   -> Float32Array (integers are exact up to 2^24)   bool -> Float32Array holding 0/1
export class DType {
  constructor(
    readonly name: "float32" | "float64" | "int64" | "bool",
    readonly is_floating_point: boolean,
    /** Promotion order: bool < int64 < float32 < float64. */
    readonly rank: number,
  ) {}
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export const bool = new DType("bool", false, 0);
export const int64 = new DType("int64", false, 1);
export const float32 = new DType("float32", true, 2);
export const float64 = new DType("float64", true, 3);

export type FloatArray = Float32Array | Float64Array;

export function allocStorage(dtype: DType, n: number): FloatArray {
  return dtype === float64 ? new Float64Array(n) : new Float32Array(n);
}

export function promote(a: DType, b: DType): DType {
  return a.rank >= b.rank ? a : b;
}

/** The dtype a JS scalar behaves as in promotion ("weak": it never widens a tensor of the same category). */
export function scalarDtype(v: number | boolean): DType {
  if (typeof v === "boolean") return bool;
  return Number.isInteger(v) ? int64 : float32;
}

/** Result dtype of ops that always produce floats (exp, div, mean...). */
export function toFloating(d: DType): DType {
  return d.is_floating_point ? d : float32;
}
