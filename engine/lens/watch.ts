// watch(model): per-layer statistics of a training model, sampled at most every `interval_ms` so the loop keeps
// its speed. A forward hook on each layer measures its output; a tensor hook on that output (registered only on
// sampled steps) catches the gradient backward sends into it. unwatch() removes every hook. The returned handle keeps
// every finished sample, so a block can also plot the statistics itself (and with { show: false } draw only that).
import { is_grad_enabled } from "../autograd";
import { fail } from "../errors";
import { emit } from "../output";
import { options as checked } from "../validate";
import { Tensor } from "../tensor";
import type { LayerStats, WatchSample } from "./spec";

interface Hookable {
  named_modules(): Iterable<[string, Hookable]>;
  children(): Iterable<unknown>;
  _get_name(): string;
  register_forward_pre_hook(hook: (m: unknown, inputs: unknown[]) => unknown): { remove(): void };
  register_forward_hook(hook: (m: unknown, inputs: unknown[], output: unknown) => unknown): { remove(): void };
}

export interface WatchOptions {
  /** Least time between two sampled steps (default 200 ms); 0 samples every step. */
  interval_ms?: number;
  /** Draw the live table and charts under the block (default true); false only collects the handle's history. */
  show?: boolean;
}

/** What watch(model) returns: the statistics collected so far, as data for a block's own plots. */
export interface Watch {
  /**
   * Every finished sample, oldest first. A sample is finished once backward has reached all of its layers (or at
   * the next sampled step, or at unwatch()), so after `loss.backward()` the step's gradient norms are in it.
   */
  readonly history: readonly WatchSample[];
}

export interface ActivationStats {
  mean: number;
  std: number;
  saturated: number | null;
  dead: number | null;
}

/** The flat tails that count as saturated, by layer type: |tanh| > 0.99, sigmoid outside [0.01, 0.99]. */
const TAILS = new Map<string, [number, number]>([["Tanh", [-0.99, 0.99]], ["Sigmoid", [0.01, 0.99]]]);

/**
 * Mean, std (PyTorch's default, correction 1) and the saturated / dead fractions for the layer types they apply to.
 * One pass over the values (float64 sums of x and x²), since this runs on every watched layer at every sampled step.
 */
export function activationStats(type: string, out: Tensor): ActivationStats {
  const v = out.toFlatArray();
  const n = v.length;
  const tails = TAILS.get(type);
  const m = moments(v, tails?.[0] ?? -Infinity, tails?.[1] ?? Infinity);
  const sum = m[0], sq = m[1], outside = m[2];
  const mean = n ? sum / n : NaN;
  const std = Math.sqrt(Math.max(0, sq - sum * mean) / (n - 1));
  return { mean, std, saturated: tails ? outside / n : null, dead: type === "ReLU" ? deadFraction(out, v) : null };
}

const sums = new Float64Array(3);

/**
 * Σx, Σx² and how many x fall outside [low, high]: the loop alone in a function, with nothing after it that the
 * first (on-stack-replaced) compilation has not seen run, so V8 keeps it optimised instead of deoptimising at the
 * end of every call (as it did, ~80 times per run of the lab, when the loop sat inside activationStats and l2).
 */
function moments(v: ArrayLike<number>, low: number, high: number): Float64Array {
  let sum = 0;
  let sq = 0;
  let outside = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    sum += x;
    sq += x * x;
    if (x < low || x > high) outside++;
  }
  sums[0] = sum;
  sums[1] = sq;
  sums[2] = outside;
  return sums;
}

/** ‖g‖₂: this runs on every watched layer's gradient at every sampled step. */
function l2(g: Tensor): number {
  return Math.sqrt(moments(g.toFlatArray(), -Infinity, Infinity)[1]);
}

/** A ReLU unit is dead on this batch when its output is 0 for every example (dim 0 is the batch). */
function deadFraction(out: Tensor, v: ArrayLike<number>): number {
  const units = out.ndim >= 2 ? v.length / out.shape[0] : v.length;
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let alive = false;
    for (let i = j; i < v.length && !alive; i += units) alive = v[i] > 0;
    if (!alive) dead++;
  }
  return units ? dead / units : 0;
}

class Watcher implements Watch {
  private static count = 0;
  readonly id = ++Watcher.count;
  private readonly handles: { remove(): void }[] = [];
  private step = 0;
  private lastSample = -Infinity;
  /** The sampled step being filled in: activations in forward, gradient norms during backward. */
  private pending: { step: number; layers: LayerStats[]; awaiting: number } | null = null;
  private lastSent: LayerStats[] = [];
  readonly history: WatchSample[] = [];

  constructor(readonly model: Hookable, private readonly intervalMs: number, private readonly show: boolean) {
    this.handles.push(model.register_forward_pre_hook(() => void this.beginStep()));
    const layers = [...model.named_modules()].filter(([, m]) => [...m.children()].length === 0);
    layers.forEach(([name, layer], index) => {
      this.handles.push(layer.register_forward_hook((_m, _inputs, out) => void this.measure(index, name || layer._get_name(), layer._get_name(), out)));
    });
  }

  private beginStep(): void {
    if (!is_grad_enabled()) return; // evaluation passes are not training steps
    if (this.pending) this.send(false);
    this.step++;
    const now = performance.now();
    if (now - this.lastSample < this.intervalMs) return;
    this.lastSample = now;
    this.pending = { step: this.step, layers: [], awaiting: 0 };
  }

  private measure(index: number, name: string, type: string, out: unknown): void {
    const sample = this.pending;
    if (!sample || sample.step !== this.step || !is_grad_enabled() || !(out instanceof Tensor) || !out.dtype.is_floating_point) return;
    const row: LayerStats = { name, type, ...activationStats(type, out), grad_norm: null };
    sample.layers[index] = row;
    if (!out.requires_grad) return;
    sample.awaiting++;
    out.register_hook((g) => {
      row.grad_norm = l2(g);
      if (--sample.awaiting === 0 && this.pending === sample) this.send(false);
    });
  }

  send(final: boolean): void {
    const finished = this.pending;
    if (finished) this.lastSent = finished.layers.filter(Boolean);
    this.pending = null;
    if (this.lastSent.length === 0) return;
    const sample: WatchSample = { watch: this.id, step: finished?.step ?? this.step, layers: this.lastSent, final };
    if (finished) this.history.push(sample);
    if (this.show) emit({ type: "watch", watch: sample });
  }

  remove(): void {
    this.handles.forEach((h) => h.remove());
    this.send(true);
  }
}

const active: Watcher[] = [];

/**
 * Reports per-layer activation mean, std, saturated and dead-ReLU fractions and gradient norms while `model` trains,
 * as a live table and small charts under the block. `watch(model, { interval_ms: 200 })`; `unwatch()` stops.
 * The returned handle's `history` holds every sample as data: `const w = watch(model, { interval_ms: 0, show: false })`
 * samples every step and draws nothing, for a block that plots `w.history` itself.
 */
export function watch(model: Hookable, options: WatchOptions = {}): Watch {
  if (typeof model?.register_forward_hook !== "function" || typeof model.named_modules !== "function") {
    fail("watch", "expected an nn.Module, e.g. watch(model)");
  }
  options = checked("watch", options, { interval_ms: "nonneg", show: "bool" });
  const interval = options.interval_ms ?? 200;
  unwatch(model);
  const watcher = new Watcher(model, interval, options.show ?? true);
  active.push(watcher);
  return watcher;
}

/** Removes the hooks of `model`'s watch (or of every watch) and sends its last sample. */
export function unwatch(model?: Hookable): void {
  for (let i = active.length - 1; i >= 0; i--) {
    if (model !== undefined && active[i].model !== model) continue;
    active[i].remove();
    active.splice(i, 1);
  }
}
