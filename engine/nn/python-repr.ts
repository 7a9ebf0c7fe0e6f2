// Python's repr of the values that appear in module reprs, so `String(model)` matches PyTorch's print(model).

/** repr(float): `1.0`, `0.1`, `1e-05`, `-1.0`. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [mantissa, exp] = x.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** repr(bool): `True` / `False`. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** repr(tuple of ints): `(256,)`, `(4, 8)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(", ")})`;
}
