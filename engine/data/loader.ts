// TensorDataset and DataLoader, as in torch.utils.data: a dataset of aligned tensors, and an iterator over
// mini-batches of it with an optional seeded shuffle (a new order every epoch, the same sequence on every run).
import { randperm } from "../creation";
import { fail, fmtShape } from "../errors";
import { Generator } from "../random";
import type { Tensor } from "../tensor";
import { describe, intArg, isOptions, options, tensorArg } from "../validate";

/** Aligned tensors indexed along dim 0: new TensorDataset(X, y). */
export class TensorDataset {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) fail("TensorDataset", "expected at least one tensor");
    tensors.forEach((t, i) => tensorArg("TensorDataset", `tensors[${i}]`, t));
    const n = tensors[0].shape[0];
    for (const t of tensors) {
      if (t.ndim === 0 || t.shape[0] !== n) fail("TensorDataset", `size mismatch between tensors: ${tensors.map((x) => fmtShape(x.shape)).join(", ")}; dim 0 must agree`);
    }
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].shape[0];
  }
  /** The i-th example: one slice of each tensor. */
  get(i: number): Tensor[] {
    const n = this.length;
    if (intArg("TensorDataset", "index", i) < -n || i >= n) fail("TensorDataset", `index ${i} is out of range for a dataset of ${n} examples`);
    return this.tensors.map((t) => t.select(0, i));
  }
}

export interface DataLoaderOptions {
  batch_size?: number;
  shuffle?: boolean;
  /** Skip the last batch if it is smaller than batch_size. */
  drop_last?: boolean;
  /** Seed of the loader's own shuffling generator (default 0). */
  seed?: number;
}

/**
 * Mini-batches of a dataset: `for (const [xb, yb] of new DataLoader(new TensorDataset(X, y), { batch_size: 32, shuffle: true }))`.
 * Also accepts `{ X, y }` (what the make_* datasets return) in place of a TensorDataset.
 */
export class DataLoader implements Iterable<Tensor[]> {
  readonly dataset: TensorDataset;
  readonly batch_size: number;
  readonly shuffle: boolean;
  readonly drop_last: boolean;
  private readonly generator: Generator;

  constructor(dataset: TensorDataset | { X: Tensor; y: Tensor }, opts: DataLoaderOptions = {}) {
    if (!(dataset instanceof TensorDataset) && !(isOptions(dataset) && "X" in dataset && "y" in dataset)) {
      fail("DataLoader", `expected a TensorDataset or { X, y }, got ${describe(dataset)}`);
    }
    this.dataset = dataset instanceof TensorDataset ? dataset : new TensorDataset(dataset.X, dataset.y);
    opts = options("DataLoader", opts, { batch_size: "posint", shuffle: "bool", drop_last: "bool", seed: "int" });
    this.batch_size = opts.batch_size ?? 1;
    this.shuffle = opts.shuffle ?? false;
    this.drop_last = opts.drop_last ?? false;
    this.generator = new Generator().manual_seed(opts.seed ?? 0);
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }

  *[Symbol.iterator](): IterableIterator<Tensor[]> {
    const n = this.dataset.length;
    const order = this.shuffle ? randperm(n, { generator: this.generator }) : null;
    for (let b = 0; b < this.length; b++) {
      const start = b * this.batch_size, size = Math.min(this.batch_size, n - start);
      if (order === null) {
        yield this.dataset.tensors.map((t) => t.narrow(0, start, size));
      } else {
        const idx = order.narrow(0, start, size);
        yield this.dataset.tensors.map((t) => t.index_select(0, idx));
      }
    }
  }
}

