// Mistake: builds the total norm from the weight gradients only, leaving the biases out.
// Fails: total norm at step 0 covers every parameter
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
    const norms = [...model].filter((l) => l instanceof nn.Linear).map((l) => (l as nn.Linear).weight.grad!.norm().item());
    perLayer.push(norms);
    total.push(Math.sqrt(norms.reduce((a, n) => a + n * n, 0)));
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
