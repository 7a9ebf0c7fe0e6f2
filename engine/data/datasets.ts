// Seeded synthetic datasets for the book's experiments. Each returns { X: float32 [n, features], y: labels } and
// draws from its own generator seeded by `seed` (default 0), so a dataset is the same on every run and in every
// browser, and drawing it does not disturb torch's global random stream.
import { randperm, tensor } from "../creation";
import { int64 } from "../dtype";
import { Generator } from "../random";
import { checkShape } from "../shapes";
import type { Tensor } from "../tensor";
import { type OptionKind, options } from "../validate";

export interface LabeledData {
  /** Features, float32 [n_samples, n_features]. */
  X: Tensor;
  /** Class labels, int64 [n_samples]. */
  y: Tensor;
}

interface Common {
  n_samples?: number;
  seed?: number;
  /** Shuffle the rows (default true); false keeps samples grouped by class. */
  shuffle?: boolean;
}

function normals(g: Generator, n: number): Float64Array {
  const out = new Float64Array(n);
  g.fillNormal(out);
  return out;
}

/** Build the tensors from row-major features and labels, optionally shuffling rows together. */
function finish(features: Float64Array, labels: number[], nFeatures: number, g: Generator, shuffle: boolean): LabeledData {
  const n = labels.length;
  const order = shuffle ? Array.from(randperm(n, { generator: g }).toFlatArray()) : labels.map((_, i) => i);
  const X = new Float32Array(n * nFeatures);
  order.forEach((src, dst) => X.set(features.subarray(src * nFeatures, (src + 1) * nFeatures), dst * nFeatures));
  return {
    X: tensor(X).reshape(n, nFeatures),
    y: tensor(order.map((i) => labels[i]), { dtype: int64 }),
  };
}

/** The options, checked against the common ones plus `extra`; the [n_samples, features] data must pass the
 *  allocation guard. Returns the options and n_samples (its default when not given). */
function settings<O extends Common>(op: string, opts: unknown, defaultN: number, features: (o: O) => number,
  extra: Record<string, OptionKind> = {}): [O, number] {
  const o = options<O>(op, opts, { n_samples: "posint", seed: "int", shuffle: "bool", noise: "number", ...extra });
  const n = o.n_samples ?? defaultN;
  checkShape(op, [n, features(o)]);
  return [o, n];
}

/** Two interleaving half circles (scikit-learn's make_moons): class 0 on top, class 1 below, plus Gaussian noise. */
export function make_moons(given: Common & { noise?: number } = {}): LabeledData {
  const [opts, n] = settings<Common & { noise?: number }>("make_moons", given, 200, () => 2);
  const g = new Generator().manual_seed(opts.seed ?? 0);
  const nOuter = Math.floor(n / 2), nInner = n - nOuter;
  const features = new Float64Array(n * 2);
  const labels: number[] = [];
  const angle = (i: number, m: number) => (m > 1 ? (Math.PI * i) / (m - 1) : 0);
  for (let i = 0; i < nOuter; i++) {
    features.set([Math.cos(angle(i, nOuter)), Math.sin(angle(i, nOuter))], 2 * i);
    labels.push(0);
  }
  for (let i = 0; i < nInner; i++) {
    features.set([1 - Math.cos(angle(i, nInner)), 0.5 - Math.sin(angle(i, nInner))], 2 * (nOuter + i));
    labels.push(1);
  }
  const noise = normals(g, n * 2);
  for (let i = 0; i < features.length; i++) features[i] += (opts.noise ?? 0.1) * noise[i];
  return finish(features, labels, 2, g, opts.shuffle ?? true);
}

/** Gaussian clusters: centers drawn uniformly in [-10, 10]^n_features, samples split evenly between them. */
type BlobOptions = Common & { centers?: number; n_features?: number; cluster_std?: number };
export function make_blobs(given: BlobOptions = {}): LabeledData {
  const [opts, n] = settings<BlobOptions>("make_blobs", given, 200, (o) => Math.max(o.n_features ?? 2, o.centers ?? 3),
    { centers: "posint", n_features: "posint", cluster_std: "number" });
  const k = opts.centers ?? 3, d = opts.n_features ?? 2, std = opts.cluster_std ?? 1;
  const g = new Generator().manual_seed(opts.seed ?? 0);
  const centers = new Float64Array(k * d);
  g.fillUniform(centers, -10, 10);
  const noise = normals(g, n * d);
  const features = new Float64Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor((i * k) / n);
    for (let j = 0; j < d; j++) features[i * d + j] = centers[c * d + j] + std * noise[i * d + j];
    labels.push(c);
  }
  return finish(features, labels, d, g, opts.shuffle ?? true);
}

/** Interleaved spiral arms, one per class (the classic "not linearly separable" set); angular noise `noise`. */
export function make_spirals(given: Common & { n_classes?: number; noise?: number } = {}): LabeledData {
  const [opts, n] = settings<Common & { n_classes?: number; noise?: number }>("make_spirals", given, 300, () => 2, { n_classes: "posint" });
  const k = opts.n_classes ?? 3;
  const g = new Generator().manual_seed(opts.seed ?? 0);
  const noise = normals(g, n);
  const features = new Float64Array(n * 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor((i * k) / n);
    const first = Math.ceil((c * n) / k), size = Math.ceil(((c + 1) * n) / k) - first;
    const s = size > 1 ? (i - first) / (size - 1) : 0; // position along the arm, 0..1
    const theta = 4 * (c + s) + (opts.noise ?? 0.2) * noise[i];
    features.set([s * Math.sin(theta), s * Math.cos(theta)], 2 * i);
    labels.push(c);
  }
  return finish(features, labels, 2, g, opts.shuffle ?? true);
}

/** The features of make_badly_scaled: realistic units whose scales differ by up to seven orders of magnitude. */
export const BADLY_SCALED_FEATURES = [
  { name: "error_rate", mean: 0.005, std: 0.002 },
  { name: "rating", mean: 3, std: 1 },
  { name: "distance_m", mean: 300, std: 100 },
  { name: "income", mean: 50_000, std: 15_000 },
] as const;

/**
 * A tabular binary classification set whose features are on wildly different scales (see BADLY_SCALED_FEATURES),
 * while each matters equally: y = 1 when z·w + noise > 0, with z the standardized features and w = [1, -1, 1, -1].
 * Unscaled, gradient descent stalls (the loss surface is a steep narrow valley); after StandardScaler it trains fast.
 */
export function make_badly_scaled(given: Common & { noise?: number } = {}): LabeledData & { feature_names: string[] } {
  const [opts, n] = settings<Common & { noise?: number }>("make_badly_scaled", given, 500, () => BADLY_SCALED_FEATURES.length);
  const g = new Generator().manual_seed(opts.seed ?? 0);
  const d = BADLY_SCALED_FEATURES.length;
  const z = normals(g, n * d), eps = normals(g, n);
  const w = [1, -1, 1, -1];
  const features = new Float64Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    let score = (opts.noise ?? 0.3) * eps[i];
    BADLY_SCALED_FEATURES.forEach((f, j) => {
      features[i * d + j] = f.mean + f.std * z[i * d + j];
      score += w[j] * z[i * d + j];
    });
    labels.push(score > 0 ? 1 : 0);
  }
  return { ...finish(features, labels, d, g, opts.shuffle ?? true), feature_names: BADLY_SCALED_FEATURES.map((f) => f.name) };
}
