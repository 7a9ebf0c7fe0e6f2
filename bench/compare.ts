// npm run bench:compare: re-runs the benchmark and flags every row where gradflow is more than 20 % slower than in
// the committed bench/results.json. It does not overwrite the recorded results.
//
// Both figures must drop: gradflow's throughput (from CPU time per call) and its ratio to tfjs-backend-cpu timed
// interleaved in the same run. On this shared machine either can move by 10–20 % on its own (caches and the sibling
// hyperthread are shared with other jobs, and tfjs-cpu's own timings drift), but a slower engine moves both.
// A row regresses when each falls below 0.8× its recorded value.
// `npm run bench:compare -- --only train` checks a subset. Exits 1 if any row regressed.
import { committedResults } from "./results-file";
import { selectRows } from "./rows";
import { defaultBackend } from "./ours";
import { type Measured, type RowResult, runSuite } from "./suite";

const THRESHOLD = 0.8;

const baseline = committedResults();
if (baseline === null) {
  console.error("No recorded results: run `npm run bench` and commit bench/results.json first.");
  process.exit(2);
}
const recorded = new Map(baseline.rows.map((r) => [r.id, r]));
const pct = (x: number) => `${x >= 1 ? "+" : ""}${((x - 1) * 100).toFixed(0)} %`;

/** Our figure on the default kernels, or on the JS kernels (which were "gradflow" in a run without a WASM backend). */
function ours(ourBackend: string | undefined, r: RowResult, kernels: "default" | "js"): Measured | undefined {
  if (kernels === "default") return r.results.gradflow;
  return r.results["gradflow-js"] ?? ((ourBackend ?? "js") === "js" ? r.results.gradflow : undefined);
}

console.log(`Comparing with results recorded ${baseline.date} (load ${baseline.machine.load.join(" / ")}).`);
console.log(`${"row".padEnd(52)} ${"vs cpu then".padStart(11)} ${"vs cpu now".padStart(10)} ${"change".padStart(8)} ${"absolute".padStart(9)}`);
let regressions = 0;
const { rows } = selectRows(process.argv.slice(2));
await runSuite(rows, (now) => {
  const then = recorded.get(now.id);
  if (!then) return void console.log(`${now.label.padEnd(52)} (new row, nothing recorded)`);
  for (const kernels of ["default", "js"] as const) {
    const a = ours(baseline.ourBackend, then, kernels), b = ours(defaultBackend, now, kernels);
    if (!a || !b) continue;
    const before = a.throughput / then.results["tfjs-cpu"].throughput, after = b.throughput / now.results["tfjs-cpu"].throughput;
    const change = after / before;
    const absolute = b.throughput / a.throughput;
    const flag = change < THRESHOLD && absolute < THRESHOLD ? "  << SLOWER" : "";
    if (flag) regressions++;
    const label = `${now.label}${kernels === "js" && defaultBackend !== "js" ? " [js]" : ""}`;
    console.log(`${label.padEnd(52)} ${before.toFixed(2).padStart(10)}× ${after.toFixed(2).padStart(9)}× ` +
      `${pct(change).padStart(8)} ${pct(absolute).padStart(9)}${flag}`);
  }
});
console.log(regressions === 0 ? "\nNo row more than 20 % slower." : `\n${regressions} row(s) more than 20 % slower than recorded.`);
process.exit(regressions === 0 ? 0 : 1);
