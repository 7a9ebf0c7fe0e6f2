// The Optimizer base class: parameter groups with their hyperparameters, per-parameter state, zero_grad and step.
// Subclasses implement `_update` for one parameter; it runs on flat Float32Array/Float64Array views, with no tensor
// allocation per step (the update rules are elementwise, so a plain loop is both the clearest and the fastest form).
import { no_grad } from "../autograd";
import { zeros } from "../creation";
import { fail, fmtShape } from "../errors";
import type { FloatArray } from "../dtype";
import { Tensor, readContiguous } from "../tensor";
import { type OptionKind, describe, fnArg, isIterable, isOptions, options, tensorsArg } from "../validate";

/** One group of parameters sharing hyperparameters (a scheduler changes `lr` here). */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: any;
}
export type ParamsArg = Iterable<Tensor> | Iterable<{ params: Iterable<Tensor>; [option: string]: any }>;

/** What `_update` works on: the parameter's values, its gradient and state buffers, all flat and aligned. */
export interface FlatParam {
  /** Parameter values, updated in place: value[offset + i], i < n. */
  value: FloatArray;
  offset: number;
  grad: FloatArray;
  gradOffset: number;
  n: number;
}

export abstract class Optimizer<Options extends { lr: number }> {
  param_groups: ParamGroup[] = [];
  /** Per-parameter state (step count and buffers such as exp_avg), as in PyTorch. */
  state = new Map<Tensor, Record<string, any>>();
  defaults: Options;
  /** What each hyperparameter may hold, checked in the defaults and in every param group. */
  private readonly _spec: Record<string, OptionKind>;

  constructor(params: ParamsArg, defaults: Options, spec: Record<string, OptionKind> = { lr: "nonneg" }) {
    const name = new.target.name;
    this._spec = spec;
    this.defaults = options<Options>(name, defaults, spec);
    if (!isIterable(params) || params instanceof Tensor) {
      fail(name, `params must be a list of tensors (e.g. model.parameters()) or of param groups, got ${describe(params)}`);
    }
    const items = [...params] as unknown[];
    if (items.length === 0) fail(name, "optimizer got an empty parameter list; pass model.parameters()");
    const groups = isOptions(items[0]) ? items : [{ params: items }];
    for (const g of groups) this.add_param_group(g as { params: Iterable<Tensor> });
  }

  add_param_group(group: { params: Iterable<Tensor>; [option: string]: any }): void {
    const name = this.constructor.name;
    if (!isOptions(group)) fail(name, `a param group must be an object like { params, lr }, got ${describe(group)}`);
    options(name, group, { ...this._spec, params: "any" }); // params are checked just below
    const params = tensorsArg(name, "params", group.params);
    for (const p of params) {
      if (!p.is_leaf) fail(this.constructor.name, "can't optimize a non-leaf Tensor; optimize the leaf it was computed from");
      if (this.param_groups.some((g) => g.params.includes(p))) fail(this.constructor.name, "some parameters appear in more than one parameter group");
    }
    this.param_groups.push({ ...this.defaults, ...group, params });
  }

  /** Clear the gradients: to null (the default, as PyTorch 2) or to zeros. */
  zero_grad(set_to_none = true): void {
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (set_to_none) p.grad = null;
        else no_grad(() => p.grad!.zero_());
      }
    }
  }

  /** One update of every parameter that has a gradient. With a closure, re-evaluates the loss first and returns it. */
  step(closure?: () => Tensor | number): Tensor | number | undefined {
    const loss = closure === undefined || closure === null ? undefined : fnArg<() => Tensor | number>(this.constructor.name, "closure", closure)();
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        let state = this.state.get(p);
        if (state === undefined) this.state.set(p, (state = { step: 0 }));
        state.step += 1;
        withFlat(this.constructor.name, p, (flat) => this._update(flat, group, state!, p));
      }
    }
    return loss;
  }

  /** Apply the update rule to one parameter. `state.step` is already incremented (1 on the first step). */
  protected abstract _update(p: FlatParam, group: ParamGroup, state: Record<string, any>, param: Tensor): void;

  /** A zero buffer shaped like `p`, for state such as momentum. */
  protected buffer(state: Record<string, any>, name: string, p: Tensor): FloatArray {
    if (state[name] === undefined) state[name] = zeros(p.shape, { dtype: p.dtype });
    return (state[name] as Tensor).storage;
  }
}

/** Run `fn` on flat views of p and its gradient; a non-contiguous parameter is updated through a contiguous copy. */
function withFlat(op: string, p: Tensor, fn: (flat: FlatParam) => void): void {
  const g = p.grad!;
  if (g.shape.join() !== p.shape.join()) fail(op, `gradient of shape ${fmtShape(g.shape)} does not match its parameter's shape ${fmtShape(p.shape)}`);
  const gd = readContiguous(g);
  if (p.is_contiguous()) {
    fn({ value: p.storage, offset: p.offset, grad: gd.data, gradOffset: gd.offset, n: p.numel() });
    return;
  }
  no_grad(() => {
    const copy = p.detach().contiguous();
    fn({ value: copy.storage, offset: copy.offset, grad: gd.data, gradOffset: gd.offset, n: p.numel() });
    p.detach().copy_(copy);
  });
}
