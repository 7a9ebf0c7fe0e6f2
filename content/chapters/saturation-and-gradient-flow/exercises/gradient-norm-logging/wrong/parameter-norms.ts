// Mistake: logs the norms of the parameters themselves instead of their gradients.
// Fails: per-layer weight-gradient norms at step 0
// Message: expected
import { torch, nn, F, optim, plot } from "gradflow";

/** Data and a fresh model, always the same (seeded), so runs can be compared. */
export function setup() {
  torch.manual_seed(0);
  const x = torch.randn(128, 4);
  const label = x.sum(1).gt(0).long();
  const model = new nn.Sequential(new nn.Linear(4, 32), new nn.Tanh(), new nn.Linear(32, 32), new nn.Tanh(), new nn.Linear(32, 2));
  return { x, label, model };
}

export function trainWithLogging(steps = 30) {
  const { x, label, model } = setup();
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const total: number[] = [];
  const perLayer: number[][] = [];
  for (let step = 0; step < steps; step++) {
    const loss = F.cross_entropy(model.forward(x), label);
    opt.zero_grad();
    loss.backward();
    let squares = 0;
    for (const p of model.parameters()) squares += p.pow(2).sum().item();
    total.push(Math.sqrt(squares));
    perLayer.push([...model].filter((l) => l instanceof nn.Linear).map((l) => (l as nn.Linear).weight.norm().item()));
    opt.step();
  }
  return { total, perLayer };
}

const { total, perLayer } = trainWithLogging();
plot.line(
  { total, "layer 1": perLayer.map((n) => n[0]!), "layer 3": perLayer.map((n) => n[2]!) },
  { xlabel: "step", ylabel: "gradient norm" },
);
console.log(`logged ${total.length} steps`);
