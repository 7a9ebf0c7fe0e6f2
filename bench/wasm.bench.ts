// npm run bench:wasm — memory across a long training loop on the WASM backend: does anything leak?
// Trains an MLP (2-64-64-2, tanh, batch 64, SGD) for 10,000 steps and compares memory after a warm-up with memory
// at the end: the JS heap and ArrayBuffers (tensor storage) after a full GC, and the WebAssembly memory (the kernels'
// scratch area, which grows to the largest operation and is then reused). Exits non-zero if any of them grew by
// more than 1 MB. Run with --expose-gc (the npm script does) so the numbers are after collection, not GC timing.
import { F, data, nn, optim, torch } from "gradflow";
import { memoryBytes } from "../engine/kernels/wasm/wasm";

const STEPS = Number(process.argv[2] ?? 10_000), WARMUP = 200, LIMIT = 1 << 20;
const gc = (globalThis as { gc?: () => void }).gc;

function snapshot() {
  gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, wasm: memoryBytes() };
}

torch.set_backend("wasm");
torch.manual_seed(0);
const { X, y } = data.make_moons({ n_samples: 512, noise: 0.1 });
const model = new nn.Sequential(new nn.Linear(2, 64), new nn.Tanh(), new nn.Linear(64, 64), new nn.Tanh(), new nn.Linear(64, 2));
const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
const loader = new data.DataLoader({ X, y }, { batch_size: 64, shuffle: true, seed: 0 });

let step = 0, loss = NaN;
function train(steps: number): void {
  while (steps > 0) {
    for (const [xb, yb] of loader) {
      opt.zero_grad();
      const l = F.cross_entropy(model(xb), yb);
      l.backward();
      opt.step();
      loss = l.item();
      step++;
      if (--steps === 0) return;
    }
  }
}

train(WARMUP);
const before = snapshot();
const t0 = performance.now();
// quarter by quarter: a leak grows steadily, while warm-up effects (compiled code, inline caches) level off
const quarters: number[] = [];
for (let q = 0; q < 4; q++) {
  train(STEPS / 4);
  quarters.push(snapshot().heapUsed);
}
const seconds = (performance.now() - t0) / 1000;
const after = snapshot();

const mb = (b: number) => `${(b / 2 ** 20).toFixed(2)} MB`;
console.log(`${STEPS} training steps on the wasm backend in ${seconds.toFixed(1)} s (${(STEPS / seconds).toFixed(0)} steps/s), final loss ${loss.toFixed(4)}` +
  `${gc ? "" : " — run with --expose-gc for exact heap figures"}`);
let leaked = false;
for (const key of ["heapUsed", "arrayBuffers", "wasm"] as const) {
  const grew = after[key] - before[key];
  leaked ||= grew > LIMIT;
  console.log(`${key.padEnd(13)} after ${WARMUP} steps ${mb(before[key]).padStart(10)}   after ${step} steps ${mb(after[key]).padStart(10)}   change ${mb(grew).padStart(9)}`);
}
console.log(`heapUsed after each quarter of the run: ${quarters.map(mb).join(", ")}`);
console.log(leaked ? `LEAK: memory grew by more than ${mb(LIMIT)}` : `no leak: every figure within ${mb(LIMIT)}`);
process.exit(leaked ? 1 : 0);
