// npm run bench: gradflow against tfjs-backend-cpu and tfjs-backend-wasm, every row in one run. Prints the table as
// rows finish and writes bench/RESULTS.md and bench/results.json. `npm run bench -- --only matmul` runs the rows
// whose id contains "matmul" and only prints (a partial run does not replace the recorded results).
import { consoleHeader, consoleLine, markdown } from "./report";
import { RESULTS_MD, writeResults } from "./results-file";
import { selectRows } from "./rows";
import { runSuite } from "./suite";
import { machine } from "./machine";

const { rows, partial } = selectRows(process.argv.slice(2));
const peak = machine().peakGflops;
const t0 = performance.now();
console.log(consoleHeader());
const res = await runSuite(rows, (r) => console.log(consoleLine(r, peak)));
console.log(`\n${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${res.machine.load.join(" / ")} → ${res.loadAfter.join(" / ")}; ` +
  `this process got ${(100 * res.cpuShare).toFixed(0)} % of a core`);
if (!partial) {
  writeResults(res, markdown(res));
  console.log(`wrote ${RESULTS_MD} and results.json`);
}
