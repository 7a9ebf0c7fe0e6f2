// The public surface of "gradflow". Everything a code block can import is exported here, and nothing else.
export { torch } from "./torch";
export { F } from "./functional";
export { Tensor } from "./tensor";
export { GradflowError } from "./errors";
export { plot, table, progress } from "./plot";
export { input } from "./input";
export { watch, unwatch, type Watch, type WatchOptions, type LayerStats, type WatchSample } from "./lens/index";
export * as nn from "./nn/index";
export * as optim from "./optim/index";
export * as data from "./data/index";
