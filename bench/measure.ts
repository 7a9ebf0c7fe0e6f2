// Timing for benchmarks. The machine is shared (other processes come and go), so contestants of a row are timed
// interleaved — one turn each, round after round — and each reports the median of its calls: a burst of load or a
// GC pause then hits every contestant alike, and the ratios stay meaningful even when absolute times drift.

/** One side of a row: `activate` runs before each turn (e.g. switches the tfjs backend), `run` is the timed call. */
export interface Contestant {
  name: string;
  activate?: () => Promise<void>;
  run: () => void;
}

export interface Timing {
  medianMs: number;
  /** Timed calls behind the median. */
  runs: number;
}

export interface MeasureOptions {
  /** Untimed calls per contestant first (JIT, caches, lazy allocations)... */
  warmup?: number;
  /** ...and for at least this long: V8 optimizes a long loop on a background thread, late when the machine is busy. */
  warmupMs?: number;
  /** Every contestant gets at least this many timed calls. */
  minRuns?: number;
  /** Keep taking rounds until this much time has passed in the row (after minRuns). */
  budgetMs?: number;
  /** Wall-time each contestant spends per turn (several calls if a call is short). */
  turnMs?: number;
}

export async function measureInterleaved(contestants: readonly Contestant[],
  { warmup = 2, warmupMs = 0, minRuns = 5, budgetMs = 4000, turnMs = 60 }: MeasureOptions = {}): Promise<Timing[]> {
  for (const c of contestants) {
    await c.activate?.();
    const start = performance.now();
    for (let i = 0; i < warmup || performance.now() - start < warmupMs; i++) c.run();
  }
  const times = contestants.map((): number[] => []);
  const start = performance.now();
  while (times.some((t) => t.length < minRuns) || performance.now() - start < budgetMs) {
    for (let k = 0; k < contestants.length; k++) {
      const c = contestants[k];
      await c.activate?.();
      const turnStart = performance.now();
      do {
        const t0 = performance.now();
        c.run();
        times[k].push(performance.now() - t0);
      } while (performance.now() - turnStart < turnMs);
    }
  }
  return times.map((t) => ({ medianMs: median(t), runs: t.length }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
