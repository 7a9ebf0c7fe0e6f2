// Formatting results: a console table, the Markdown of bench/RESULTS.md, and the machine-readable bench/results.json.
import type { BenchResults, RowResult } from "./suite";

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));
const ratio = (x: number): string => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

export const HEADER = ["row", "unit", "gradflow", "gradflow-js", "tfjs-cpu", "tfjs-wasm",
  "vs cpu", "vs wasm", "js vs cpu", "js vs wasm", "% fp32 peak"];

/**
 * One row's cells: throughputs; ratios ours / peer (> 1 means gradflow is faster) for the default kernels and for
 * the JS kernels ("—" when the engine has only JS kernels, then "gradflow" is them); the peak fraction of GFLOP/s rows.
 */
export function cells(r: RowResult, peakGflops: number): string[] {
  const { gradflow: g, "gradflow-js": js, "tfjs-cpu": c, "tfjs-wasm": w } = r.results;
  const peak = r.unit === "GFLOP/s" ? `${((100 * g.throughput) / peakGflops).toFixed(1)} %` : "";
  return [r.label, r.unit, fmt(g.throughput), js ? fmt(js.throughput) : "—", fmt(c.throughput), fmt(w.throughput),
    ratio(g.throughput / c.throughput), ratio(g.throughput / w.throughput),
    js ? ratio(js.throughput / c.throughput) : "—", js ? ratio(js.throughput / w.throughput) : "—", peak];
}

const WIDTHS = [46, 8, 9, 11, 9, 9, 8, 8, 9, 10, 11];
const padded = (xs: string[]): string => xs.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i]))).join(" ");

export const consoleHeader = (): string => padded(HEADER);
export const consoleLine = (r: RowResult, peakGflops: number): string => padded(cells(r, peakGflops));

const mdRow = (xs: string[]) => `| ${xs.join(" | ")} |`;

/** The generated part of RESULTS.md: machine, method, the table. */
export function markdown(res: BenchResults): string {
  const m = res.machine;
  const misses = res.rows.filter((r) => Math.min(r.results.gradflow.throughput, r.results["gradflow-js"]?.throughput ?? Infinity) <
    r.results["tfjs-cpu"].throughput);
  return [
    `Measured ${res.date.slice(0, 16).replace("T", " ")} UTC by \`npm run bench\` (one run, all rows below come from it).`,
    "",
    `- CPU: ${m.cpu}, ${m.ghz.toFixed(3)} GHz, ${m.cores} cores; Node ${m.node}`,
    `- Peers: ${res.peers}`,
    `- Load average (1/5/15 min): ${m.load.join(" / ")} at the start, ${res.loadAfter.join(" / ")} at the end — on ${m.cores} cores`,
    `- This process got ${(100 * res.cpuShare).toFixed(0)} % of one core over the run (CPU time / wall time)`,
    `- Single-core fp32 peak: 2 FMA/cycle × 8 lanes × 2 flop/FMA × ${m.ghz.toFixed(3)} GHz = ${m.peakGflops.toFixed(1)} GFLOP/s`,
    "",
    res.ourBackend === "js" ? "gradflow ran on its JavaScript kernels (the engine has no other backend in this run)."
      : `"gradflow" is the engine on its default ${res.ourBackend} kernels; "gradflow-js" the same engine with ` +
        '`torch.set_backend("js")`, its JavaScript fallback ("js vs" columns).',
    "",
    "The machine is shared with other jobs, so absolute figures are noisy and drift from run to run. Each row times",
    "every contestant interleaved (one turn each, round after round, after warm-up; five calls each for matmul 512²",
    "and the 10-layer step and two for 1024², where one tfjs-cpu call takes seconds), so load hits all alike, and a call's",
    "time is the CPU time this process spent in it (median over the calls): wall time would also count the time the",
    "process waited for the other jobs, which on this machine is most of it, and more often for long calls than for",
    "short ones. The **ratios** are the figures to read: gradflow throughput over the peer's, above 1× gradflow is",
    "faster. bench/results.json has the wall-time medians too.",
    "",
    mdRow(HEADER),
    mdRow(HEADER.map((_, i) => (i < 2 ? "---" : "---:"))),
    ...res.rows.map((r) => mdRow(cells(r, m.peakGflops))),
    "",
    misses.length === 0 ? "Every row is at least as fast as tfjs-backend-cpu."
      : `Rows slower than tfjs-backend-cpu: ${misses.map((r) => r.label).join("; ")}.`,
  ].join("\n");
}
