// TensorDataset and DataLoader, as in torch.utils.data: a dataset of aligned tensors, and an iterator over
// mini-batches of it with an optional seeded shuffle (a new order every epoch, the same sequence on every run).
import { randperm } from "../creation";
import { fail, fmtShape } from "../errors";
import { Generator } from "../random";
import type { Tensor } from "../tensor";

/** Aligned tensors indexed along dim 0: new TensorDataset(X, y). */
export class TensorDataset {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) fail("TensorDataset", "expected at least one tensor");
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
    this.dataset = dataset instanceof TensorDataset ? dataset : new TensorDataset(dataset.X, dataset.y);
    this.batch_size = opts.batch_size ?? 1;
    if (!Number.isInteger(this.batch_size) || this.batch_size < 1) fail("DataLoader", `batch_size must be a positive integer, got ${this.batch_size}`);
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

