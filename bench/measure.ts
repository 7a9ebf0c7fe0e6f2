// Timing for benchmarks. The machine is shared (other processes come and go), so contestants of a row are timed
// interleaved — one turn each, round after round — and each reports the median of its calls: a burst of load or a
// GC pause then hits every contestant alike, and the ratios stay meaningful even when absolute times drift.
// Each call is timed twice: wall time, and this process's CPU time (process.cpuUsage). Under heavy load a call is
// preempted for the other processes' turns, and wall time counts that wait — more often for long calls than for
// short ones, whose median call slips through unpreempted — so wall-time ratios between a 1 ms and a 30 ms call
// are skewed by the load. CPU time counts only the work (plus this process's GC and compiler threads).

/** One side of a row: `activate` runs before each turn (e.g. switches the tfjs backend), `run` is the timed call. */
export interface Contestant {
  name: string;
  activate?: () => Promise<void>;
  run: () => void;
}

export interface Timing {
  /** Median CPU time per call. */
  cpuMs: number;
  /** Median wall time per call. */
  wallMs: number;
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
  const wall = contestants.map((): number[] => []);
  const cpu = contestants.map((): number[] => []);
  const start = performance.now();
  while (wall.some((t) => t.length < minRuns) || performance.now() - start < budgetMs) {
    for (let k = 0; k < contestants.length; k++) {
      const c = contestants[k];
      await c.activate?.();
      const turnStart = performance.now();
      do {
        const c0 = process.cpuUsage(), t0 = performance.now();
        c.run();
        wall[k].push(performance.now() - t0);
        const used = process.cpuUsage(c0);
        cpu[k].push((used.user + used.system) / 1000);
      } while (performance.now() - turnStart < turnMs);
    }
  }
  return wall.map((t, k) => ({ cpuMs: median(cpu[k]), wallMs: median(t), runs: t.length }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
