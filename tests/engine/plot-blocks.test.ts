// Block means that cap a heatmap (engine/plot-blocks.ts), against a naive reference that assigns every value to its
// block with arithmetic of its own: row i of R rows falls in block ceil((i + 1) · r / R) − 1 of r.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockMeans, MAX_HEATMAP_SIDE, type Matrix } from "../../engine/plot-blocks";

const side = MAX_HEATMAP_SIDE;

/** A rows × cols matrix of values in [-50, 50) from a small LCG, with about `wild` of them NaN, Infinity or -Infinity. */
function matrix(rows: number, cols: number, seed: number, wild = 0.05): Matrix {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const values = Float64Array.from({ length: rows * cols }, () => {
    const u = next();
    if (u < wild) return [NaN, Infinity, -Infinity][Math.floor((u / wild) * 3)];
    return next() * 100 - 50;
  });
  return { rows, cols, values };
}

/** The mean of the finite values of every block, NaN where a block has none, computed value by value. */
function reference({ rows, cols, values }: Matrix, r: number, c: number): Float64Array {
  const blockOf = (i: number, n: number, parts: number) => Math.ceil(((i + 1) * parts) / n) - 1;
  const sums = new Float64Array(r * c);
  const counts = new Float64Array(r * c);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      if (v === Infinity || v === -Infinity || Number.isNaN(v)) continue;
      const k = blockOf(i, rows, r) * c + blockOf(j, cols, c);
      sums[k] += v;
      counts[k] += 1;
    }
  return Float64Array.from(sums, (s, k) => (counts[k] > 0 ? s / counts[k] : NaN));
}

/** Block lengths along a side of n split into parts, by the reference's assignment. */
function blockLengths(n: number, parts: number): number[] {
  const lengths = new Array<number>(parts).fill(0);
  for (let i = 0; i < n; i++) lengths[Math.ceil(((i + 1) * parts) / n) - 1]++;
  return lengths;
}

function expectMatchesReference(m: Matrix) {
  const averaged = blockMeans(m, side);
  const [r, c] = [Math.min(m.rows, side), Math.min(m.cols, side)];
  expect(averaged).not.toBeNull();
  expect([averaged!.rows, averaged!.cols, averaged!.values.length]).toEqual([r, c, r * c]);
  const expected = reference(m, r, c);
  const close = (v: number, e: number) => (Number.isNaN(e) ? Number.isNaN(v) : Math.abs(v - e) <= 1e-12 * Math.max(1, Math.abs(e)));
  const wrong = [...averaged!.values.keys()].filter((k) => !close(averaged!.values[k], expected[k]));
  expect(wrong.map((k) => [k, averaged!.values[k], expected[k]])).toEqual([]);
}

describe("heatmap block means", () => {
  it("match the naive reference on random shapes, and blocks along a side differ in length by at most one", () => {
    const shape = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 })).filter(([r, c]) => r > side || c > side);
    fc.assert(
      fc.property(shape, fc.integer(), fc.double({ min: 0, max: 0.5, noNaN: true }), ([rows, cols], seed, wild) => {
        expectMatchesReference(matrix(rows, cols, seed, wild));
        for (const n of [rows, cols]) {
          const lengths = blockLengths(n, Math.min(n, side));
          expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
          expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("sides that do not divide evenly, one-row and one-column matrices", () => {
    for (const [rows, cols] of [[97, 300], [1, 5000], [5000, 1], [96, 97], [3001, 95]]) expectMatchesReference(matrix(rows, cols, rows * 7919 + cols));
  });

  it("a matrix at or below the limit on both sides is left alone", () => {
    for (const [rows, cols] of [[side, side], [side, 1], [1, side], [0, 0], [1, 1], [40, 7]]) expect(blockMeans(matrix(rows, cols, 1), side)).toBeNull();
  });

  it("each cell ignores NaN and ±Infinity in its block; a block of nothing finite is NaN", () => {
    // 2 × side rows and columns: every block is 2 × 2.
    const n = 2 * side;
    const values = new Float64Array(n * n).fill(1);
    const set = (i: number, j: number, v: number) => (values[i * n + j] = v);
    [[0, 0], [0, 1], [1, 0], [1, 1]].forEach(([i, j]) => set(i, j, NaN)); // block (0, 0): all NaN
    [[0, 2, NaN], [0, 3, Infinity], [1, 2, 2], [1, 3, 4]].forEach(([i, j, v]) => set(i, j, v)); // block (0, 1): 2 and 4
    [[2, 0, Infinity], [2, 1, -Infinity], [3, 0, Infinity], [3, 1, -Infinity]].forEach(([i, j, v]) => set(i, j, v)); // (1, 0)
    const averaged = blockMeans({ rows: n, cols: n, values }, side)!;
    expect(averaged.values[0]).toBeNaN();
    expect(averaged.values[1]).toBe(3);
    expect(averaged.values[side]).toBeNaN();
    expect(averaged.values.filter((v) => v === 1)).toHaveLength(side * side - 3);
  });
});
