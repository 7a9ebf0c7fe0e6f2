// Equal stretches of indices, and the block means that cap what one heatmap sends to the page. A heatmap is drawn as
// one SVG rect per cell, and a 4,000 × 4,000 matrix sent whole would post 16 million numbers across the worker
// boundary for the page to average in one long main-thread task; a figure at most 720 pixels wide cannot show more
// than about a hundred cells a side anyway. No imports: the page imports this file too, to place the cells it is sent.

/** Most cells a heatmap sends per side: at most 96 × 96 ≈ 9,000 rects on the page. */
export const MAX_HEATMAP_SIDE = 96;

/** Start of stretch `j` of `parts` equal stretches of `n` indices (their lengths differ by at most one). */
export const stretchStart = (j: number, n: number, parts: number) => Math.floor((j * n) / parts);

/** A row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  values: Float64Array;
}

/**
 * `matrix` with neither side longer than `side`, or null when it already fits (it is then sent unchanged). A longer
 * side is cut into `side` equal stretches; each cell is the mean of the finite values in its block, so one NaN or
 * Infinity does not blank out or saturate thousands of values around it (the color key ignores non-finite values too),
 * and a block with no finite value is NaN, a gap, as a NaN cell of a small heatmap is.
 */
export function blockMeans(matrix: Matrix, side: number): Matrix | null {
  const { rows, cols, values } = matrix;
  if (rows <= side && cols <= side) return null;
  const [r, c] = [Math.min(rows, side), Math.min(cols, side)];
  const blockOfCol = new Uint32Array(cols);
  for (let j = 0; j < c; j++) blockOfCol.fill(j, stretchStart(j, cols, c), stretchStart(j + 1, cols, c));
  const sums = new Float64Array(r * c);
  const counts = new Float64Array(r * c);
  for (let bi = 0; bi < r; bi++)
    for (let i = stretchStart(bi, rows, r); i < stretchStart(bi + 1, rows, r); i++)
      for (let j = 0; j < cols; j++) {
        const v = values[i * cols + j];
        if (!Number.isFinite(v)) continue;
        sums[bi * c + blockOfCol[j]] += v;
        counts[bi * c + blockOfCol[j]]++;
      }
  return { rows: r, cols: c, values: sums.map((sum, k) => (counts[k] ? sum / counts[k] : NaN)) };
}
