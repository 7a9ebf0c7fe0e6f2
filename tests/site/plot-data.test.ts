// plot.*, table and progress turn tensors or arrays into plain data messages; with no sink they do nothing.
import { afterEach, describe, expect, it } from "vitest";
import { plot, table, progress } from "gradflow";
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
