import { torch, nn, F, optim, data } from "gradflow";
import type { Tensor } from "gradflow";

const { X, y } = data.make_badly_scaled({ n_samples: 400 });
const rawTrain = X.narrow(0, 0, 320);
const yTrain = y.narrow(0, 0, 320).float();

// Standardized with statistics of the training rows.
export const xTrain = new data.StandardScaler().fit_transform(
  rawTrain,
);

// ReLU hidden units, with the He init that suits them.
export const model = new nn.Sequential(
  new nn.Linear(4, 32),
  new nn.ReLU(),
  new nn.Linear(32, 32),
  new nn.ReLU(),
  new nn.Linear(32, 1),
);
for (const layer of model)
  if (layer instanceof nn.Linear) {
    nn.init.kaiming_uniform_(layer.weight, { nonlinearity: "relu" });
    nn.init.zeros_(layer.bias!);
  }

// Adam's steps stay near its learning rate, however large the
// gradients; the rate shrinks by 1 % after every epoch.
const optimizer = new optim.Adam(model.parameters(), {
  lr: 0.001,
});
const { ExponentialLR } = optim.lr_scheduler;
const decay = new ExponentialLR(optimizer, 0.99);
const lossOn = (x: Tensor, target: Tensor) =>
  F.binary_cross_entropy_with_logits(model(x).squeeze(1), target);
const batches = new data.DataLoader(
  { X: xTrain, y: yTrain },
  { batch_size: 64, shuffle: true },
);
for (let epoch = 0; epoch < 30; epoch++) {
  for (const [xb, yb] of batches) {
    optimizer.zero_grad();
    lossOn(xb, yb).backward();
    optimizer.step();
  }
  decay.step();
}
const final = torch.no_grad(() => lossOn(xTrain, yTrain).item());
console.log("training loss after 30 epochs:", final.toFixed(4));
