// Number and shape text shared by the graph, its step-through and the watch view.

/** Three significant digits, exponent form outside [1e-3, 1e4): gradient norms span many decades. */
export const formatNorm = (v: number) =>
  v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);

export const shapeText = (shape: number[]) => `[${shape.join(", ")}]`;
