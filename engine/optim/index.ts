// The `optim` namespace: optimizers and optim.lr_scheduler.
import { keepClassNames } from "../nn/keep-names";
import * as adam from "./adam";
import * as lr_scheduler from "./lr_scheduler";
import * as optimizer from "./optimizer";
import * as rmsprop from "./rmsprop";
import * as sgd from "./sgd";

keepClassNames(adam, lr_scheduler, optimizer, rmsprop, sgd);

export { Optimizer } from "./optimizer";
export type { ParamGroup, ParamsArg } from "./optimizer";
export { SGD } from "./sgd";
export { Adam, AdamW } from "./adam";
export { RMSprop } from "./rmsprop";
export { lr_scheduler };
