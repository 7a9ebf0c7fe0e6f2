// Learning-rate schedulers: each sets every param group's lr from its initial lr and the epoch count, using
// PyTorch's closed forms. As in PyTorch, constructing one applies epoch 0 and each step() advances one epoch;
// call scheduler.step() after optimizer.step(). Keyword arguments come as an options object or positionally:
// new StepLR(opt, { step_size: 30, gamma: 0.1 }) or new StepLR(opt, 30, 0.1).
import { fail } from "../errors";
import { type OptionKind, ctorOptions, describe, fnArg, intArg, isOptions, numberArg } from "../validate";
import { Optimizer } from "./optimizer";

type AnyOptimizer = Optimizer<{ lr: number }>;
/** The lr of a group at `epoch`, from the group's initial lr. */
type LrAt = (base_lr: number, epoch: number, group: number) => number;

export class LRScheduler {
  optimizer: AnyOptimizer;
  /** The lr of each group when the scheduler was created. */
  base_lrs: number[];
  last_epoch: number;
  private _last_lr: number[] = [];
  private readonly _lrAt: LrAt;

  constructor(optimizer: AnyOptimizer, lrAt: LrAt, last_epoch = -1) {
    const name = new.target.name;
    if (!(optimizer instanceof Optimizer)) fail(name, `expected an optimizer such as new optim.SGD(...), got ${describe(optimizer)}`);
    fnArg(name, "lr_lambda", lrAt);
    intArg(name, "last_epoch", last_epoch, -1);
    this.optimizer = optimizer;
    this._lrAt = lrAt;
    for (const g of optimizer.param_groups) {
      if (last_epoch === -1) g.initial_lr = g.lr;
      else if (g.initial_lr === undefined) fail(this.constructor.name, "param 'initial_lr' is not specified in param_groups when resuming an optimizer");
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
    this.step();
  }

  step(): void {
    this.last_epoch += 1;
    this._last_lr = this.optimizer.param_groups.map((g, i) => (g.lr = this._lrAt(this.base_lrs[i], this.last_epoch, i)));
  }

  /** The lrs set by the last step(), one per param group. */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }
}

interface Resume { last_epoch?: number }

/** A scheduler's settings, positional or as one options bag, checked (last_epoch is always accepted). */
function settings<O>(op: string, args: unknown[], spec: Record<string, OptionKind>): O & Resume {
  return ctorOptions(op, args, { ...spec, last_epoch: "int" }) as O & Resume;
}

/** lr = base_lr · gamma^⌊epoch / step_size⌋ (gamma defaults to 0.1). */
export class StepLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, step_size: number | ({ step_size: number; gamma?: number } & Resume), gamma = 0.1) {
    const o = settings<{ step_size: number; gamma?: number }>("StepLR", [step_size, gamma], { step_size: "posint", gamma: "number" });
    if (o.step_size === undefined || o.step_size === null) fail("StepLR", "step_size is required, e.g. new StepLR(opt, { step_size: 30 })");
    const g = o.gamma ?? 0.1;
    super(optimizer, (base, epoch) => base * g ** Math.floor(epoch / o.step_size), o.last_epoch);
  }
}

/** lr = base_lr · gamma^epoch. */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, gamma: number | ({ gamma: number } & Resume)) {
    const o = settings<{ gamma: number }>("ExponentialLR", [gamma], { gamma: "number" });
    if (o.gamma === undefined || o.gamma === null) fail("ExponentialLR", "gamma is required, e.g. new ExponentialLR(opt, 0.95)");
    super(optimizer, (base, epoch) => base * o.gamma ** epoch, o.last_epoch);
  }
}

/** lr = eta_min + (base_lr - eta_min) (1 + cos(π epoch / T_max)) / 2: half a cosine from base_lr down to eta_min. */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, T_max: number | ({ T_max: number; eta_min?: number } & Resume), eta_min = 0) {
    const o = settings<{ T_max: number; eta_min?: number }>("CosineAnnealingLR", [T_max, eta_min], { T_max: "posint", eta_min: "number" });
    if (o.T_max === undefined || o.T_max === null) fail("CosineAnnealingLR", "T_max is required, e.g. new CosineAnnealingLR(opt, { T_max: 100 })");
    const min = o.eta_min ?? 0;
    super(optimizer, (base, epoch) => min + ((base - min) * (1 + Math.cos((Math.PI * epoch) / o.T_max))) / 2, o.last_epoch);
  }
}

/** lr = base_lr · lr_lambda(epoch); one function for all groups or one per group. */
export class LambdaLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[] |
    ({ lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[] } & Resume)) {
    const o = isOptions(lr_lambda) ? settings<{ lr_lambda: unknown }>("LambdaLR", [lr_lambda], { lr_lambda: "any" })
      : { lr_lambda, last_epoch: undefined };
    if (!(optimizer instanceof Optimizer)) fail("LambdaLR", `expected an optimizer such as new optim.SGD(...), got ${describe(optimizer)}`);
    const fns = (Array.isArray(o.lr_lambda) ? o.lr_lambda : optimizer.param_groups.map(() => o.lr_lambda))
      .map((f) => fnArg<(epoch: number) => number>("LambdaLR", "lr_lambda", f));
    if (fns.length !== optimizer.param_groups.length) {
      fail("LambdaLR", `expected ${optimizer.param_groups.length} lr_lambdas (one per param group), got ${fns.length}`);
    }
    super(optimizer, (base, epoch, i) => base * numberArg("LambdaLR", "lr_lambda(epoch)", fns[i](epoch)), o.last_epoch);
  }
}
