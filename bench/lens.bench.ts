// npx tsx bench/lens.bench.ts: the autograd lens's costs. (1) A 20-layer MLP's backward graph: reading it from the
// engine and laying it out (Node), then reading + layout + SVG + step-through control in Chromium, the renderer
// bundled with esbuild and run on a blank page. (2) watch(model)'s overhead on a training loop: steps with and
// without a watch, interleaved in turns of 1 s (mean per step). Prints markdown lines for bench/RESULTS.md.
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { F, nn, optim, torch, unwatch, watch, type Tensor } from "gradflow";
import { graphSpec } from "../engine/lens/index";
import { layoutGraph } from "../src/plot/graph-layout";
import { CHROMIUM_ARGS, findChromium } from "../tests/e2e/chromium-path.mjs";
import { machine } from "./machine";

function mlp(depth: number, width: number): nn.Sequential {
  const layers: nn.Module[] = [];
  for (let i = 0; i < depth; i++) layers.push(new nn.Linear(width, width), new nn.Tanh());
  return new nn.Sequential(...layers.slice(0, -1));
}

torch.manual_seed(0);
const DEPTH = 20;
const model = mlp(DEPTH, 32);
const x = torch.randn(16, 32);
const lossOf = () => F.mse_loss(model(x), torch.zeros(16, 32));
const spec = graphSpec(lossOf(), { model });

/**
 * Median wall time and mean CPU time of one call. On this shared two-core machine wall times stretch with the load
 * average; the process's CPU time (user + system) does not, so both are reported.
 */
function time(fn: () => void, calls = 20): { wallMs: number; cpuMs: number } {
  for (let i = 0; i < 5; i++) fn(); // warm-up (JIT)
  const walls: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    fn();
    walls.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: walls.sort((a, b) => a - b)[calls >> 1], cpuMs: (cpu.user + cpu.system) / 1000 / calls };
}
const extract = time(() => void graphSpec(lossOf(), { model }));
const layout = time(() => void layoutGraph(spec));

// In the browser: the page gets the spec as data (as from the worker) and times renderGraph end to end.
const bundle = await build({
  stdin: { contents: `import { renderGraph } from "./src/plot/graph"; (globalThis as any).renderGraph = renderGraph;`, resolveDir: process.cwd(), loader: "ts" },
  bundle: true, format: "iife", write: false, loader: { ".css": "empty" }, external: ["katex"],
});
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
let renderMs: number;
try {
  const page = await browser.newPage();
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  renderMs = await page.evaluate((s) => {
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const el = (globalThis as any).renderGraph(s, 720) as HTMLElement;
      document.body.replaceChildren(el);
      void el.getBoundingClientRect(); // include style and layout of the SVG
      times.push(performance.now() - t0);
    }
    return times.slice(2).sort((a, b) => a - b)[5];
  }, spec);
} finally {
  await browser.close();
}

// watch overhead: a 6-layer tanh MLP on a 64-example batch, one SGD step per call.
function trainer(watched: boolean, interval = 200): () => void {
  torch.manual_seed(1);
  const net = mlp(6, 64);
  const opt = new optim.SGD(net.parameters(), { lr: 0.01 });
  const xb = torch.randn(64, 64), yb = torch.randn(64, 64);
  const step = () => {
    const loss: Tensor = F.mse_loss(net(xb), yb);
    opt.zero_grad();
    loss.backward();
    opt.step();
  };
  if (watched) watch(net, { interval_ms: interval });
  return step;
}
const plain = trainer(false);
const watchedDefault = trainer(true);
const watchedEvery = trainer(true, 0);
/**
 * Mean time per step (sampled steps are the costly ones, so a median would hide them), contestants interleaved in
 * turns of 1 s: the throttle counts wall time, so each turn must be long enough to see it work as in a real loop.
 */
function meanStepMs(steps: (() => void)[], rounds = 6, turnMs = 1000): number[] {
  const total = steps.map(() => ({ ms: 0, n: 0 }));
  for (const step of steps) for (let i = 0; i < 5; i++) step(); // warm-up
  for (let r = 0; r < rounds; r++) {
    steps.forEach((step, k) => {
      const start = performance.now();
      while (performance.now() - start < turnMs) (step(), total[k].n++);
      total[k].ms += performance.now() - start;
    });
  }
  return total.map((t) => t.ms / t.n);
}
const [tPlain, tWatched, tEvery] = meanStepMs([plain, watchedDefault, watchedEvery]);
unwatch();

const m = machine();
const pct = (t: number) => `${(((t - tPlain) / tPlain) * 100).toFixed(1)} %`;
console.log(`Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`npx tsx bench/lens.bench.ts\`; load average ${m.load.join(" / ")} on ${m.cores} cores.`);
console.log(`- ${DEPTH}-layer MLP backward graph (${spec.nodes.length} nodes, ${spec.edges.length} edges): read from the engine (with the gradient replay) ` +
  `${extract.cpuMs.toFixed(1)} ms CPU (${extract.wallMs.toFixed(1)} ms wall), dagre layout ${layout.cpuMs.toFixed(1)} ms CPU (${layout.wallMs.toFixed(1)} ms wall) in Node; ` +
  `layout + SVG + step-through control in Chromium ${renderMs.toFixed(1)} ms wall (median of 10).`);
console.log(`- watch(model) on a 6-layer tanh MLP (64×64 batch, SGD): ${tPlain.toFixed(2)} ms/step plain, ${tWatched.toFixed(2)} ms/step watched ` +
  `at the default 200 ms interval (${pct(tWatched)}), ${tEvery.toFixed(2)} ms/step sampling every step (${pct(tEvery)}).`);
