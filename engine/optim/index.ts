// The `optim` namespace: optimizers and optim.lr_scheduler.
import * as lr_scheduler from "./lr_scheduler";

export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamsArg } from "./optimizer";
export { SGD } from "./sgd";
export { Adam, AdamW } from "./adam";
export { RMSprop } from "./rmsprop";
export { lr_scheduler };
