// The `nn` namespace: Module and its layers, nn.init, nn.utils, nn.functional (= F) and the loss modules.
import * as activation from "./activation";
import * as container from "./container";
import * as dropout from "./dropout";
import * as flatten from "./flatten";
import * as init from "./init";
import { keepClassNames } from "./keep-names";
import * as linear from "./linear";
import * as loss from "./loss";
import * as module from "./module";
import * as normalization from "./normalization";
import * as parameter from "./parameter";
import * as rnn from "./rnn";
import * as utils from "./utils";

keepClassNames(activation, container, dropout, flatten, linear, loss, module, normalization, parameter, rnn);

export { Module } from "./module";
export type { RemovableHandle, ForwardHook, ForwardPreHook, BackwardHook, StateDict } from "./module";
export { Parameter } from "./parameter";
export { Linear, Identity } from "./linear";
export { Flatten } from "./flatten";
export { Dropout } from "./dropout";
export { Sigmoid, Tanh, ReLU, LeakyReLU, PReLU, ELU, GELU, SiLU, Softplus, Hardtanh, Softmax, LogSoftmax } from "./activation";
export { LayerNorm, BatchNorm1d } from "./normalization";
export { Sequential, ModuleList } from "./container";
export { RNNCell, RNN } from "./rnn";
export { MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss } from "./loss";
export { init, utils };
export { F as functional } from "../functional";
