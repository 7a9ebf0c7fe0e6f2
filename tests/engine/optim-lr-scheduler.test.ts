// Learning-rate schedulers against their closed forms from PyTorch's documentation, epoch by epoch, including
// that construction applies epoch 0 and that the optimizer's groups see the new lr.
import { describe, expect, it } from "vitest";
import { optim, torch } from "gradflow";

const { StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR } = optim.lr_scheduler;

function makeOpt(lr = 0.1) {
  return new optim.SGD([torch.zeros(1, { requires_grad: true })], { lr });
}

/** lr after construction and after each of `epochs` steps. */
function lrs(opt: optim.Optimizer<any>, sched: { step(): void }, epochs: number): number[] {
  const out = [opt.param_groups[0].lr];
  for (let e = 0; e < epochs; e++) {
    opt.step();
    sched.step();
    out.push(opt.param_groups[0].lr);
  }
  return out;
}

function expectClose(actual: number[], expected: number[], digits = 10): void {
  expected.forEach((v, i) => expect(actual[i], `epoch ${i}`).toBeCloseTo(v, digits));
}

describe("lr_scheduler", () => {
  it("StepLR: base · gamma^⌊epoch / step_size⌋", () => {
    const opt = makeOpt();
    const sched = new StepLR(opt, { step_size: 3, gamma: 0.5 });
    expectClose(lrs(opt, sched, 7), Array.from({ length: 8 }, (_, e) => 0.1 * 0.5 ** Math.floor(e / 3)));
    expect(sched.get_last_lr()[0]).toBeCloseTo(0.1 * 0.25, 12);
    const opt2 = makeOpt();
    expectClose(lrs(opt2, new StepLR(opt2, 2), 4), [0.1, 0.1, 0.01, 0.01, 0.001]); // gamma defaults to 0.1
  });

  it("ExponentialLR: base · gamma^epoch", () => {
    const opt = makeOpt(0.3);
    expectClose(lrs(opt, new ExponentialLR(opt, 0.9), 5), Array.from({ length: 6 }, (_, e) => 0.3 * 0.9 ** e));
  });

  it("CosineAnnealingLR: eta_min + (base - eta_min)(1 + cos(π epoch / T_max)) / 2", () => {
    const opt = makeOpt();
    const sched = new CosineAnnealingLR(opt, { T_max: 10, eta_min: 0.001 });
    const expected = Array.from({ length: 11 }, (_, e) => 0.001 + (0.1 - 0.001) * (1 + Math.cos((Math.PI * e) / 10)) / 2);
    expectClose(lrs(opt, sched, 10), expected);
    expect(opt.param_groups[0].lr).toBeCloseTo(0.001, 12);
  });

  it("LambdaLR: base · lr_lambda(epoch), one function per group if given", () => {
    const a = torch.zeros(1, { requires_grad: true }), b = torch.zeros(1, { requires_grad: true });
    const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
    const sched = new LambdaLR(opt, [(e) => 1 / (e + 1), (e) => 0.5 ** e]);
    for (let e = 0; e < 3; e++) sched.step();
    expect(sched.get_last_lr()[0]).toBeCloseTo(0.1 / 4, 12);
    expect(sched.get_last_lr()[1]).toBeCloseTo(0.125, 12);
    expect(() => new LambdaLR(opt, [(e) => e])).toThrow(/expected 2 lr_lambdas/);
  });

  it("Adam with ExponentialLR (the seed's decaying-learning-rate setup) changes the step size", () => {
    const p = torch.tensor([1], { requires_grad: true });
    const opt = new optim.Adam([p], { lr: 0.1 });
    const sched = new ExponentialLR(opt, { gamma: 0.5 });
    const moves: number[] = [];
    for (let e = 0; e < 3; e++) {
      const before = p.item();
      opt.zero_grad();
      p.mul(1).sum().backward(); // constant gradient: Adam's step is exactly lr
      opt.step();
      sched.step();
      moves.push(before - p.item());
    }
    expectClose(moves, [0.1, 0.05, 0.025], 6); // p is float32
  });
});
