// Caps how many points one plot sends to the page. A plot of millions of points would be posted whole and drawn as
// one SVG mark per point (or one path through all of them), freezing the page; a 720-pixel-wide plot cannot show more
// than a few thousand distinct x positions anyway. The rules keep the picture's shape:
// - lines keep, in each of `budget / 2` equal stretches of the series, its lowest and its highest point, so every peak,
//   dip and spike is still drawn and the envelope of the curve is exact;
// - scatter plots keep one point drawn at random (a fixed seed, so the same data always shows the same points) from
//   each of `budget` equal stretches, so the cloud's density is kept and regular patterns in the data cannot alias.
import { Generator } from "./random";
import { stretchStart } from "./plot-blocks";

/** The sample's seed. A generator of its own: sampling a plot must not move torch's random state. */
const SAMPLE_SEED = 0x9e3779b9;

/** Most points one line plot sends, over all its series. */
export const MAX_LINE_POINTS = 20_000;
/** Most points one scatter plot sends: each is an SVG circle of its own, so fewer than a line's path vertices. */
export const MAX_SCATTER_POINTS = 5_000;

/**
 * Indices (increasing) of the points a line of `y.length` points keeps within `budget` points: all of them when they
 * fit, else the lowest and the highest of each of `budget / 2` stretches. A stretch with no comparable value (all NaN)
 * keeps its first point, so the gap is still drawn.
 */
export function lineIndices(y: ArrayLike<number>, budget: number): Uint32Array | null {
  const n = y.length;
  if (n <= budget) return null;
  const parts = Math.max(1, Math.floor(budget / 2));
  const kept = new Uint32Array(2 * parts);
  let count = 0;
  for (let j = 0; j < parts; j++) {
    const start = stretchStart(j, n, parts);
    const end = stretchStart(j + 1, n, parts);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = y[i];
      if (v !== v) continue; // NaN
      if (lo < 0 || v < y[lo]) lo = i;
      if (hi < 0 || v > y[hi]) hi = i;
    }
    if (lo < 0) kept[count++] = start;
    else if (lo === hi) kept[count++] = lo;
    else {
      kept[count++] = Math.min(lo, hi);
      kept[count++] = Math.max(lo, hi);
    }
  }
  return kept.subarray(0, count);
}

/** Indices (increasing) of the points a scatter of `n` points keeps within `budget`: one per stretch, at random. */
export function scatterIndices(n: number, budget: number): Uint32Array | null {
  if (n <= budget) return null;
  const random = new Generator().manual_seed(SAMPLE_SEED);
  return Uint32Array.from({ length: budget }, (_, j) => {
    const start = stretchStart(j, n, budget);
    return start + Math.floor(random.uniform() * (stretchStart(j + 1, n, budget) - start));
  });
}

/** The values at `indices`, or a copy of all of them when `indices` is null (nothing was dropped). */
export function gather(values: Float64Array, indices: Uint32Array | null): Float64Array {
  return indices ? Float64Array.from(indices, (i) => values[i]) : values.slice();
}
