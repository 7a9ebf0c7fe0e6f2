// plot.*, table and progress turn tensors or arrays into plain data messages; with no sink they do nothing.
import { afterEach, describe, expect, it } from "vitest";
import { plot, table, progress, torch } from "gradflow";
import { MAX_LINE_POINTS, MAX_SCATTER_POINTS } from "../../engine/plot-sample";
import { MAX_BARS } from "../../engine/plot";
import { MAX_HEATMAP_SIDE } from "../../engine/plot-blocks";
import { setOutputSink, type EngineMessage, type PlotSpec } from "../../engine/output";

function capture(fn: () => void): EngineMessage[] {
  const out: EngineMessage[] = [];
  setOutputSink((m) => out.push(m));
  fn();
  return out;
}
const plotOf = (fn: () => void): PlotSpec => {
  const [m] = capture(fn);
  if (m.type !== "plot") throw new Error("no plot");
  return m.plot;
};
/** A stand-in with PyTorch's tolist(), as our Tensor has. */
const tensor = (nested: unknown) => ({ tolist: () => nested });

afterEach(() => setOutputSink(null));

describe("plot data", () => {
  it("does nothing without a sink, so chapter code runs in Node", () => {
    expect(() => plot.line([1, 2, 3])).not.toThrow();
  });

  it("line: one series, several named series, x given positionally or as an option", () => {
    const one = plotOf(() => plot.line([3, 1, 2], { title: "t", logy: true }));
    expect(one).toMatchObject({ kind: "line", title: "t", logy: true, logx: false });
    expect(one.kind === "line" && [...one.series[0].x]).toEqual([0, 1, 2]);
    const named = plotOf(() => plot.line({ a: tensor([1, 2]), b: [3, 4] }, { x: [10, 20] }));
    expect(named.kind === "line" && named.series.map((s) => [s.name, [...s.x], [...s.y]])).toEqual([
      ["a", [10, 20], [1, 2]],
      ["b", [10, 20], [3, 4]],
    ]);
    const xy = plotOf(() => plot.line([0, 1], tensor([[5], [6]]), { xlabel: "x" }));
    expect(xy.kind === "line" && [xy.xlabel, [...xy.series[0].y]]).toEqual(["x", [5, 6]]);
    const spec = plotOf(() => plot.line({ x: [1, 2], series: { f: [0, 1] }, title: "s" }));
    expect(spec).toMatchObject({ kind: "line", title: "s" });
    expect(() => plot.line({ a: [1, 2, 3] }, { x: [1, 2] })).toThrow(/plot.line/);
  });

  it("hist: counts every finite sample in the range once, with edges shared by overlaid series", () => {
    const a = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const b = [-3, 0, 3, NaN, Infinity];
    const h = plotOf(() => plot.hist({ a, b }, { bins: 7 }));
    if (h.kind !== "hist") throw new Error("not a hist");
    const [lo, hi] = [Math.min(...a, -3), Math.max(...a, 3)];
    expect(h.series[0].edges[0]).toBeCloseTo(lo);
    expect(h.series[0].edges[7]).toBeCloseTo(hi);
    expect([...h.series[0].edges]).toEqual([...h.series[1].edges]);
    expect(h.series[0].counts.reduce((s, c) => s + c, 0)).toBe(1000);
    expect(h.series[1].counts.reduce((s, c) => s + c, 0)).toBe(3); // NaN and Infinity are left out
    // Independent count for one bin.
    const [l, r] = [h.series[0].edges[2], h.series[0].edges[3]];
    expect(h.series[0].counts[2]).toBe(a.filter((v) => v >= l && v < r).length);
  });

  it("bar, scatter and heatmap", () => {
    const bar = plotOf(() => plot.bar({ sigmoid: 0.25, tanh: 1 }));
    expect(bar.kind === "bar" && [bar.labels, [...bar.values]]).toEqual([["sigmoid", "tanh"], [0.25, 1]]);
    expect(() => plot.bar([1, 2], { labels: ["one"] })).toThrow(/labels/);
    const sc = plotOf(() => plot.scatter([1, 2], tensor([3, 4]), { name: "pts" }));
    expect(sc.kind === "scatter" && sc.series[0].name).toBe("pts");
    const hm = plotOf(() => plot.heatmap(tensor([[1, 2, 3], [4, 5, 6]])));
    expect(hm.kind === "heatmap" && [hm.rows, hm.cols, [...hm.values]]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
    expect(() => plot.heatmap([[1, 2], [3]])).toThrow(/rows/);
  });
});

describe("plots of millions of points are capped, keeping their shape", () => {
  const xy = (spec: PlotSpec) => {
    if (spec.kind !== "line" && spec.kind !== "scatter") throw new Error("not an x-y plot");
    return spec;
  };

  it("line: 5,000,000 points send at most the cap, every peak and dip kept, each point a real one", () => {
    const n = 5_000_000;
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 40_000) + 1e-3 * Math.sin(i));
    const spikes = [123_457, 2_500_001, 4_999_998];
    y[spikes[0]] = 50;
    y[spikes[1]] = -50;
    y[spikes[2]] = 7;
    const spec = xy(plotOf(() => plot.line(y, { title: "big" })));
    const [s] = spec.series;
    expect(spec.sampled).toEqual({ shown: s.y.length, total: n });
    expect(s.y.length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    expect(s.y.length).toBeGreaterThan(MAX_LINE_POINTS * 0.9);
    // Each kept point is the original one at its index, in order.
    for (let i = 0; i < s.x.length; i++) {
      expect(s.y[i]).toBe(y[s.x[i]]);
      if (i) expect(s.x[i]).toBeGreaterThan(s.x[i - 1]);
    }
    // Isolated spikes a stride-based sample would almost surely miss are all there.
    for (const k of spikes) expect([...s.x]).toContain(k);
    // The envelope is exact: the lowest and highest value of every stretch of n / (cap / 2) points survive.
    const parts = MAX_LINE_POINTS / 2;
    const kept = new Set(s.x);
    for (const j of [0, 1, 777, parts - 1]) {
      const [start, end] = [Math.floor((j * n) / parts), Math.floor(((j + 1) * n) / parts)];
      let [lo, hi] = [start, start];
      for (let i = start; i < end; i++) (lo = y[i] < y[lo] ? i : lo), (hi = y[i] > y[hi] ? i : hi);
      expect(kept.has(lo) && kept.has(hi)).toBe(true);
    }
  });

  it("line: several series share the cap, x values follow their points, NaN stretches stay gaps", () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const a = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? NaN : i));
    const b = torch.arange(n);
    const spec = xy(plotOf(() => plot.line({ a, b }, { x })));
    expect(spec.sampled!.total).toBe(2 * n);
    expect(spec.series[0].y.length + spec.series[1].y.length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    for (const s of spec.series) for (let i = 0; i < s.x.length; i++) expect(Number.isNaN(s.y[i]) || s.y[i] === s.x[i] * 2).toBe(true);
    expect(spec.series[0].y.some(Number.isNaN)).toBe(true);
    expect(spec.series[1].x[0]).toBe(0);
    expect(spec.series[1].y.at(-1)).toBe(n - 1);
  });

  it("scatter: a fixed sample of real pairs spread over the whole cloud, without moving torch's random state", () => {
    const n = 1_000_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    torch.manual_seed(3);
    const first = xy(plotOf(() => plot.scatter(xs, ys)));
    const draw = torch.rand(1).item();
    torch.manual_seed(3);
    expect(torch.rand(1).item()).toBe(draw);
    const [s] = first.series;
    expect(first.sampled).toEqual({ shown: MAX_SCATTER_POINTS, total: n });
    for (let i = 0; i < s.x.length; i++) expect(s.y[i]).toBe(Math.cos(s.x[i]));
    // One point from each of MAX_SCATTER_POINTS equal stretches: the sample covers the whole range evenly.
    const stretch = n / MAX_SCATTER_POINTS;
    s.x.forEach((x, j) => expect(Math.floor(x / stretch)).toBe(j));
    expect([...xy(plotOf(() => plot.scatter(xs, ys))).series[0].x]).toEqual([...s.x]);
  });

  it("bar: categories cannot be thinned out, so a chart of more than MAX_BARS bars is refused with what to use instead", () => {
    expect(() => plot.bar(torch.zeros(MAX_BARS))).not.toThrow();
    expect(() => plot.bar(torch.zeros(1_000_000))).toThrow(/^plot.bar: 1,000,000 bars are too many to draw \(at most 1,000\); use plot.line .* plot.hist/);
  });

  it("heatmap: a matrix of more than MAX_HEATMAP_SIDE rows or columns is sent as block means, with its shape", () => {
    torch.manual_seed(5);
    const big = torch.randn(300, 200);
    const spec = plotOf(() => plot.heatmap(big, { title: "w" }));
    if (spec.kind !== "heatmap") throw new Error("not a heatmap");
    const side = MAX_HEATMAP_SIDE;
    expect([spec.title, spec.rows, spec.cols, spec.values.length, spec.averagedFrom]).toEqual(["w", side, side, side * side, { rows: 300, cols: 200 }]);
    // 300 rows in 96 blocks of 3 or 4, 200 columns in blocks of 2 or 3: the first and the last block, by hand.
    const nested = big.tolist() as number[][];
    const mean = (rows: number[], cols: number[]) => rows.flatMap((i) => cols.map((j) => nested[i][j])).reduce((a, b) => a + b) / (rows.length * cols.length);
    expect(spec.values[0]).toBeCloseTo(mean([0, 1, 2], [0, 1]), 12);
    expect(spec.values[side * side - 1]).toBeCloseTo(mean([296, 297, 298, 299], [197, 198, 199]), 12);
  });

  it("heatmap: a matrix at the limit is sent unchanged, NaN and ±Infinity included, with no note", () => {
    const rows = Array.from({ length: MAX_HEATMAP_SIDE }, (_, i) => Array.from({ length: MAX_HEATMAP_SIDE }, (_, j) => [NaN, Infinity, -Infinity][i + j] ?? i - j));
    const spec = plotOf(() => plot.heatmap(rows));
    expect(spec.kind === "heatmap" && [spec.rows, spec.cols, spec.averagedFrom, [...spec.values]]).toEqual([MAX_HEATMAP_SIDE, MAX_HEATMAP_SIDE, undefined, rows.flat()]);
  });

  it("plots within the cap are sent whole, with no note", () => {
    const y = Float64Array.from({ length: MAX_LINE_POINTS }, Math.random);
    const line = xy(plotOf(() => plot.line(y)));
    expect(line.sampled).toBeUndefined();
    expect([...line.series[0].y]).toEqual([...y]);
    expect(xy(plotOf(() => plot.scatter(y.subarray(0, MAX_SCATTER_POINTS), y.subarray(0, MAX_SCATTER_POINTS)))).sampled).toBeUndefined();
  });
});

describe("table and progress", () => {
  it("table: columns in first-seen order, scalar tensors as numbers, keyed rows get a name column", () => {
    expect(capture(() => table([{ a: 1, b: tensor(2.5) }, { c: "x", a: null }]))).toEqual([
      { type: "table", columns: ["a", "b", "c"], rows: [[1, 2.5, null], [null, null, "x"]] },
    ]);
    expect(capture(() => table({ tanh: { mean: 0 }, relu: { mean: 0.4 } }))).toEqual([
      { type: "table", columns: ["", "mean"], rows: [["tanh", 0], ["relu", 0.4]] },
    ]);
  });

  it("progress", () => {
    expect(capture(() => progress(3, 10, "epoch"))).toEqual([{ type: "progress", value: 3, total: 10, label: "epoch" }]);
    expect(() => progress(1, 0)).toThrow(/total/);
  });
});
