// Data helpers: seeded determinism, the geometry each generator promises, StandardScaler's statistics,
// DataLoader's batching and per-epoch seeded shuffling, and accuracy on every kind of model output.
import { describe, expect, it } from "vitest";
import { F, type Tensor, data, nn, optim, torch } from "gradflow";

const counts = (y: number[]) => y.reduce<Record<number, number>>((c, v) => ((c[v] = (c[v] ?? 0) + 1), c), {});

describe("synthetic datasets", () => {
  it("are reproducible by seed, independent of torch's global generator, and differ across seeds", () => {
    torch.manual_seed(1);
    const a = data.make_moons({ n_samples: 50, seed: 3 });
    torch.manual_seed(2);
    const b = data.make_moons({ n_samples: 50, seed: 3 });
    expect(a.X.tolist()).toEqual(b.X.tolist());
    expect(a.y.tolist()).toEqual(b.y.tolist());
    expect(data.make_moons({ n_samples: 50, seed: 4 }).X.tolist()).not.toEqual(a.X.tolist());
  });

  it("make_moons: noiseless points lie on the two unit half circles, balanced classes", () => {
    const { X, y } = data.make_moons({ n_samples: 101, noise: 0 });
    expect(X.shape).toEqual([101, 2]);
    expect(y.dtype).toBe(torch.int64);
    const pts = X.tolist() as number[][], labels = y.tolist() as number[];
    expect(counts(labels)).toEqual({ 0: 50, 1: 51 });
    pts.forEach(([px, py], i) => {
      const [cx, cy] = labels[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(px - cx, py - cy)).toBeCloseTo(1, 5);
      expect(labels[i] === 0 ? py >= -1e-6 : py <= 0.5 + 1e-6).toBe(true);
    });
  });

  it("make_blobs: one Gaussian cluster per center with the requested spread", () => {
    const { X, y } = data.make_blobs({ n_samples: 3000, centers: 3, n_features: 2, cluster_std: 0.5 });
    expect(counts(y.tolist() as number[])).toEqual({ 0: 1000, 1: 1000, 2: 1000 });
    for (const c of [0, 1, 2]) {
      const idx = torch.tensor((y.tolist() as number[]).flatMap((v, i) => (v === c ? [i] : [])), { dtype: torch.int64 });
      const std = X.index_select(0, idx).std(0).tolist() as number[];
      std.forEach((s) => expect(Math.abs(s - 0.5)).toBeLessThan(0.05));
    }
  });

  it("make_spirals: n_classes arms with radii spread over [0, 1]", () => {
    const { X, y } = data.make_spirals({ n_samples: 300, n_classes: 3 });
    expect(counts(y.tolist() as number[])).toEqual({ 0: 100, 1: 100, 2: 100 });
    const r = X.norm(2, { dim: 1 });
    expect(r.max().item()).toBeCloseTo(1, 5);
    expect(r.min().item()).toBeLessThan(0.01);
  });

  it("make_badly_scaled: feature scales span orders of magnitude, labels roughly balanced", () => {
    const { X, y, feature_names } = data.make_badly_scaled({ n_samples: 2000 });
    expect(feature_names).toEqual(data.BADLY_SCALED_FEATURES.map((f) => f.name));
    const std = X.std(0).tolist() as number[];
    data.BADLY_SCALED_FEATURES.forEach((f, j) => expect(Math.abs(std[j] / f.std - 1)).toBeLessThan(0.1));
    expect(Math.max(...std) / Math.min(...std)).toBeGreaterThan(1e6);
    const positive = y.float().mean().item();
    expect(positive).toBeGreaterThan(0.4);
    expect(positive).toBeLessThan(0.6);
  });
});

describe("StandardScaler", () => {
  it("fit_transform gives zero mean and unit population std per feature; inverse_transform undoes it", () => {
    const { X } = data.make_badly_scaled({ n_samples: 500 });
    const scaler = new data.StandardScaler();
    const Z = scaler.fit_transform(X);
    expect(Z.mean(0).abs().max().item()).toBeLessThan(1e-4);
    expect(Z.std(0, { correction: 0 }).sub(1).abs().max().item()).toBeLessThan(1e-4);
    const back = scaler.inverse_transform(Z);
    expect(back.sub(X).abs().div(X.abs().add(1e-3)).max().item()).toBeLessThan(1e-4);
  });

  it("gives a constant feature scale 1 and refuses to transform before fit", () => {
    const s = new data.StandardScaler().fit(torch.tensor([[1, 5], [3, 5]]));
    expect(s.scale_!.tolist()).toEqual([1, 1]);
    expect(s.transform(torch.tensor([[2, 5]])).tolist()).toEqual([[0, 0]]);
    expect(() => new data.StandardScaler().transform(torch.zeros(1, 2))).toThrow(/not fitted/);
  });
});

describe("the badly scaled set does what its chapter needs", () => {
  /** A 4-16-2 sigmoid MLP trained by full-batch SGD: accuracy, share of saturated hidden units, first-layer gradient. */
  function train(X: Tensor, y: Tensor) {
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(4, 16), new nn.Sigmoid(), new nn.Linear(16, 2));
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    for (let i = 0; i < 150; i++) {
      opt.zero_grad();
      F.cross_entropy(model(X), y).backward();
      opt.step();
    }
    const hidden = torch.sigmoid(model[0](X));
    return {
      accuracy: data.accuracy(model(X), y),
      saturated: hidden.sub(0.5).abs().gt(0.49).float().mean().item(),
      gradNorm: model[0].weight.grad.norm().item(),
    };
  }

  it("a sigmoid MLP stalls on the raw features and trains once they are standardized", () => {
    const { X, y } = data.make_badly_scaled({ n_samples: 500 });
    const raw = train(X, y), scaled = train(new data.StandardScaler().fit_transform(X), y);
    const msg = `raw ${JSON.stringify(raw)}, scaled ${JSON.stringify(scaled)}`;
    expect(raw.saturated, msg).toBeGreaterThan(0.9);
    expect(raw.accuracy, msg).toBeLessThan(0.65);
    expect(scaled.saturated, msg).toBeLessThan(0.1);
    expect(scaled.accuracy, msg).toBeGreaterThan(0.9);
  });
});

describe("DataLoader", () => {
  const X = torch.arange(10).float().reshape(10, 1);
  const y = torch.arange(10);

  it("without shuffle yields batches in order, the last one smaller unless drop_last", () => {
    const batches = [...new data.DataLoader(new data.TensorDataset(X, y), { batch_size: 4 })];
    expect(batches.map(([, yb]) => yb.tolist())).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(new data.DataLoader({ X, y }, { batch_size: 4, drop_last: true }).length).toBe(2);
  });

  it("with shuffle visits every example once per epoch, in a new seeded order each epoch", () => {
    const loader = new data.DataLoader({ X, y }, { batch_size: 3, shuffle: true, seed: 7 });
    const epoch = () => [...loader].flatMap(([xb, yb]) => {
      expect(xb.reshape(-1).tolist()).toEqual(yb.tolist()); // rows stay aligned
      return yb.tolist() as number[];
    });
    const first = epoch(), second = epoch();
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
    const again = new data.DataLoader({ X, y }, { batch_size: 3, shuffle: true, seed: 7 });
    expect([...again].flatMap(([, yb]) => yb.tolist() as number[])).toEqual(first);
  });

  it("TensorDataset checks that dim 0 agrees", () => {
    expect(() => new data.TensorDataset(torch.zeros(3, 2), torch.zeros(4))).toThrow(/size mismatch/);
    expect(new data.TensorDataset(X, y).get(2).map((t) => t.tolist())).toEqual([[2], 2]);
  });
});

describe("accuracy", () => {
  it("from class scores, binary logits, probabilities with a threshold, and labels", () => {
    const target = torch.tensor([0, 1, 1, 0], { dtype: torch.int64 });
    expect(data.accuracy(torch.tensor([[2, 1], [0, 3], [1, 0], [5, -5]]), target)).toBe(0.75);
    expect(data.accuracy(torch.tensor([-1, 2, 0.5, -3]), target)).toBe(1);
    expect(data.accuracy(torch.tensor([[0.2], [0.9], [0.4], [0.1]]), target, { threshold: 0.5 })).toBe(0.75);
    expect(data.accuracy(torch.tensor([0, 1, 0, 0], { dtype: torch.int64 }), target)).toBe(0.75);
  });
});
