// Runs benchmark rows: for each row, gradflow and every tfjs backend are timed interleaved in the same process.
import { type Contestant, measureInterleaved } from "./measure";
import { type Machine, machine } from "./machine";
import { defaultBackend, ourContestants, restoreBackend } from "./ours";
import { PEERS, type PeerBackend, peerInfo, useTf } from "./peers";
import type { Row, Unit } from "./rows";

export type ContestantName = "gradflow" | "gradflow-js" | `tfjs-${PeerBackend}`;

export interface Measured {
  /** Median CPU time per call (what throughput is computed from) and median wall time. */
  cpuMs: number;
  wallMs: number;
  throughput: number;
  runs: number;
}

export interface RowResult {
  id: string;
  label: string;
  unit: Unit;
  /** gradflow-js is there when the engine has a WASM backend (then "gradflow" is the WASM one). */
  results: Record<Exclude<ContestantName, "gradflow-js">, Measured> & { "gradflow-js"?: Measured };
}

export interface BenchResults {
  date: string;
  machine: Machine;
  /** Load averages when the run finished (machine.load is at the start). */
  loadAfter: number[];
  peers: string;
  /** The kernel backend "gradflow" ran on. */
  ourBackend: string;
  /** CPU time this process got over wall time: how much of one core the contestants actually had. */
  cpuShare: number;
  rows: RowResult[];
}

async function runRow(row: Row): Promise<RowResult> {
  const contestants: Contestant[] = ourContestants(row.ours);
  const tf = await useTf(PEERS[0]);
  for (const backend of PEERS) {
    await useTf(backend);
    tf.engine().startScope(); // the row's tfjs inputs, disposed when the row is done
    contestants.push({ name: `tfjs-${backend}`, activate: async () => void (await useTf(backend)), run: row.peer(tf) });
  }
  const timings = await measureInterleaved(contestants, row.timing ?? { warmup: 3, warmupMs: 200, minRuns: 5, budgetMs: 2000, turnMs: 50 });
  for (let i = 0; i < PEERS.length; i++) tf.engine().endScope();
  tf.disposeVariables();
  restoreBackend();
  const results = {} as RowResult["results"];
  contestants.forEach((c, i) => {
    const { cpuMs, wallMs, runs } = timings[i];
    results[c.name as ContestantName] = { cpuMs, wallMs, runs, throughput: row.perCall / (cpuMs / 1000) };
  });
  return { id: row.id, label: row.label, unit: row.unit, results };
}

/** Runs `rows` in order, calling `onRow` as each finishes (so progress shows while the suite runs). */
export async function runSuite(rows: readonly Row[], onRow: (r: RowResult) => void): Promise<BenchResults> {
  const peers = await peerInfo();
  const start = machine();
  const cpu0 = process.cpuUsage(), wall0 = performance.now();
  const results: RowResult[] = [];
  for (const row of rows) {
    const r = await runRow(row);
    onRow(r);
    results.push(r);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
  return { date: new Date().toISOString(), machine: start, loadAfter: machine().load, peers, ourBackend: defaultBackend, cpuShare, rows: results };
}
