// watch(model): per-layer statistics compared with the same quantities computed directly with tensor ops, the
// throttle, and unwatch removing every hook.
import { afterEach, describe, expect, it } from "vitest";
import { F, nn, torch, unwatch, watch, type Tensor } from "gradflow";
import { setOutputSink, type EngineMessage } from "../../engine/output";
import type { WatchSample } from "../../engine/lens/spec";
import { isWatchSample } from "../../src/plot/graph-validate";

function capture(): WatchSample[] {
  const samples: WatchSample[] = [];
  setOutputSink((m: EngineMessage) => void (m.type === "watch" && samples.push(m.watch)));
  return samples;
}

afterEach(() => {
  unwatch();
  setOutputSink(null);
});

function setup() {
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(4, 16), new nn.Tanh(), new nn.Linear(16, 16), new nn.ReLU(), new nn.Linear(16, 1), new nn.Sigmoid());
  // Large weights push tanh and sigmoid into their tails, and a negative bias kills some ReLU units.
  torch.no_grad(() => {
    model[0].weight.mul_(6);
    model[2].bias.sub_(0.6);
    model[4].weight.mul_(8);
  });
  const x = torch.randn(32, 4);
  const y = torch.rand(32, 1);
  return { model, x, y };
}

describe("watch", () => {
  it("reports each layer's mean, std, saturated and dead fractions and output-gradient norm, as computed directly", () => {
    const { model, x, y } = setup();
    const samples = capture();
    watch(model, { interval_ms: 0 });
    F.mse_loss(model(x), y).backward();
    unwatch();
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples.every((s) => isWatchSample(structuredClone(s)))).toBe(true); // the page's shape check accepts them
    const rows = samples[0].layers;
    expect(rows.map((r) => `${r.name} ${r.type}`)).toEqual(["0 Linear", "1 Tanh", "2 Linear", "3 ReLU", "4 Linear", "5 Sigmoid"]);

    // The same forward pass by hand, keeping every layer's output and its gradient.
    const outs: Tensor[] = [];
    let h = x;
    for (const layer of model) {
      h = layer(h);
      h.retain_grad();
      outs.push(h);
    }
    F.mse_loss(h, y).backward();
    outs.forEach((out, i) => {
      expect(rows[i].mean).toBeCloseTo(out.mean().item(), 5);
      expect(rows[i].std).toBeCloseTo(out.std().item(), 5);
      expect(rows[i].grad_norm!).toBeCloseTo(out.grad!.norm().item(), 5);
    });
    const fraction = (mask: Tensor) => mask.float().mean().item();
    expect(rows[1].saturated).toBeCloseTo(fraction(outs[1].abs().gt(0.99)), 6);
    expect(rows[5].saturated).toBeCloseTo(fraction(outs[5].sub(0.5).abs().gt(0.49)), 6); // outside [0.01, 0.99]
    expect(rows[3].dead).toBeCloseTo(fraction(outs[3].gt(0).float().sum(0).eq(0)), 6);
    expect(rows[1].saturated).toBeGreaterThan(0); // the setup really saturates and kills units
    expect(rows[3].dead).toBeGreaterThan(0);
    for (const i of [0, 2, 4]) expect([rows[i].saturated, rows[i].dead]).toEqual([null, null]);
  });

  it("samples at most once per interval, and unwatch sends a final sample and removes every hook", () => {
    const { model, x, y } = setup();
    const samples = capture();
    watch(model, { interval_ms: 60_000 });
    for (let step = 0; step < 5; step++) F.mse_loss(model(x), y).backward();
    expect(samples.map((s) => s.step)).toEqual([1]);
    unwatch();
    expect(samples.at(-1)!.final).toBe(true);
    const count = samples.length;
    F.mse_loss(model(x), y).backward();
    watch(model, { interval_ms: 0 });
    unwatch(model);
    expect(samples.length).toBe(count); // no sample without a step after watching again
    // The hooks are gone: the model's graph has no hook nodes and its forward is plain again.
    expect(String(model(x).grad_fn)).toBe("<SigmoidBackward0 object>");
  });

  it("does not count evaluation passes under no_grad as steps, nor let them overwrite a training step's sample", () => {
    const { model, x, y } = setup();
    const samples = capture();
    watch(model, { interval_ms: 0 });
    torch.no_grad(() => model(x));
    const out = model(x);
    torch.no_grad(() => model(x.mul(3))); // between forward and backward, as a validation pass might be
    F.mse_loss(out, y).backward();
    expect(samples.map((s) => s.step)).toEqual([1]);
    expect(samples[0].layers.at(-1)!.mean).toBeCloseTo(out.mean().item(), 6);
  });

  it("keeps every finished sample in the returned handle's history, with { show: false } drawing nothing", () => {
    const { model, x, y } = setup();
    const samples = capture();
    const view = watch(model, { interval_ms: 0, show: false });
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) {
      const out = model(x);
      if (step === 2) out.retain_grad();
      const loss = F.mse_loss(out, y);
      loss.backward();
      losses.push(loss.item());
      // Each step is finished, gradient norms included, as soon as backward has run.
      expect(view.history.map((s) => s.step)).toEqual(Array.from({ length: step + 1 }, (_, i) => i + 1));
      if (step === 2) expect(view.history[2].layers.at(-1)!.grad_norm).toBeCloseTo(out.grad!.norm().item(), 5);
    }
    unwatch(model);
    expect(samples).toEqual([]);
    expect(view.history).toHaveLength(3); // unwatch adds no sample when none is pending
    expect(view.history.every((s) => s.layers.length === 6 && s.layers.every((l) => l.grad_norm !== null))).toBe(true);

    // Drawn or not, the history holds what the page would have been sent.
    const shown = watch(model, { interval_ms: 0 });
    F.mse_loss(model(x), y).backward();
    unwatch(model);
    expect(samples.filter((s) => !s.final)).toEqual(shown.history);
  });
});
