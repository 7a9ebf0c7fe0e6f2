import { torch, nn, F, optim, plot } from "gradflow";

/** Data and a fresh model, seeded, so runs can be compared. */
export function setup() {
  torch.manual_seed(0);
  const x = torch.randn(128, 4);
  const label = x.sum(1).gt(0).long();
  const model = new nn.Sequential(
    new nn.Linear(4, 32), new nn.Tanh(),
    new nn.Linear(32, 32), new nn.Tanh(),
    new nn.Linear(32, 2),
  );
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
    for (const p of model.parameters()) {
      squares += p.grad!.pow(2).sum().item();
    }
    total.push(Math.sqrt(squares));
    const linears = [...model].filter((l) => l instanceof nn.Linear);
    perLayer.push(linears.map((l) => l.weight.grad!.norm().item()));
    opt.step();
  }
  return { total, perLayer };
}

const { total, perLayer } = trainWithLogging();
const series = {
  total,
  "layer 1": perLayer.map((norms) => norms[0]!),
  "layer 3": perLayer.map((norms) => norms[2]!),
};
plot.line(series, { xlabel: "step", ylabel: "gradient norm" });
console.log(`logged ${total.length} steps`);
