// Layers against their defining formulas (written out here with plain tensor arithmetic or JS numbers), train/eval
// behaviour, and float64 finite-difference gradient checks of the composite layers.
import { describe, expect, it } from "vitest";
import { F, type Tensor, nn, torch } from "gradflow";
import { gradcheck } from "./gradcheck";

describe("Linear", () => {
  it("computes x Wᵀ + b", () => {
    const layer = new nn.Linear(2, 3);
    torch.no_grad(() => {
      layer.weight.copy_(torch.tensor([[1, 2], [3, 4], [5, 6]]));
      layer.bias!.copy_(torch.tensor([0.5, -0.5, 1]));
    });
    expect(layer(torch.tensor([[1, -1]])).tolist()).toEqual([[-0.5, -1.5, 0]]);
    expect(new nn.Linear(2, 3, { bias: false }).bias).toBeNull();
  });

  it("has the gradients of a linear map", () => {
    const layer = new nn.Linear(3, 2).double();
    gradcheck((x) => layer(x), [torch.randn(4, 3, { dtype: torch.float64, requires_grad: true })]);
    gradcheck((w, b) => F.linear(torch.ones(2, 3, { dtype: torch.float64 }), w, b),
      [torch.randn(2, 3, { dtype: torch.float64, requires_grad: true }), torch.randn(2, { dtype: torch.float64, requires_grad: true })]);
  });
});

describe("activation modules", () => {
  it("equal their functional forms", () => {
    const x = torch.linspace(-4, 4, 17);
    const pairs: [nn.Module, Tensor][] = [
      [new nn.Sigmoid(), F.sigmoid(x)],
      [new nn.Tanh(), F.tanh(x)],
      [new nn.ReLU(), F.relu(x)],
      [new nn.LeakyReLU(0.2), F.leaky_relu(x, 0.2)],
      [new nn.ELU({ alpha: 0.5 }), F.elu(x, { alpha: 0.5 })],
      [new nn.GELU({ approximate: "tanh" }), F.gelu(x, { approximate: "tanh" })],
      [new nn.SiLU(), F.silu(x)],
      [new nn.Softplus({ beta: 2 }), F.softplus(x, { beta: 2 })],
      [new nn.Hardtanh(), F.hardtanh(x)],
      [new nn.Softmax(0), F.softmax(x, 0)],
      [new nn.Identity(), x],
    ];
    for (const [m, expected] of pairs) expect(torch.allclose(m(x), expected), String(m)).toBe(true);
  });

  it("PReLU: max(0, x) + a min(0, x) with a learnable slope (0.25 at start), per channel if asked", () => {
    const prelu = new nn.PReLU();
    const x = torch.tensor([-2, -1, 0, 3], { requires_grad: true });
    const y = prelu(x);
    expect(y.tolist()).toEqual([-0.5, -0.25, 0, 3]);
    y.sum().backward();
    expect(prelu.weight.grad!.item()).toBe(-3); // d/da of a·(-2) + a·(-1)
    const perChannel = new nn.PReLU({ num_parameters: 2, init: 0.5 });
    expect(perChannel(torch.tensor([[-2, -2], [4, -4]])).tolist()).toEqual([[-1, -1], [4, -2]]);
  });
});

describe("LayerNorm", () => {
  it("normalizes each example over its features (biased variance), then scales and shifts", () => {
    const x = torch.randn(4, 6);
    const ln = new nn.LayerNorm(6);
    const mu = x.mean(1, { keepdim: true });
    const sigma2 = x.sub(mu).square().mean(1, { keepdim: true });
    expect(torch.allclose(ln(x), x.sub(mu).div(sigma2.add(1e-5).sqrt()), { atol: 1e-5 })).toBe(true);
    torch.no_grad(() => {
      ln.weight!.fill_(2);
      ln.bias!.fill_(1);
    });
    const y = ln(x);
    expect(Math.abs(y.mean().item() - 1)).toBeLessThan(1e-5);
    expect(y.std(1, { correction: 0 }).sub(2).abs().max().item()).toBeLessThan(1e-3);
  });

  it("without elementwise_affine has no parameters; gradients check out", () => {
    expect([...new nn.LayerNorm(4, { elementwise_affine: false }).parameters()]).toHaveLength(0);
    const ln = new nn.LayerNorm([2, 3]).double();
    torch.no_grad(() => ln.weight!.normal_());
    gradcheck((x) => ln(x), [torch.randn(2, 2, 3, { dtype: torch.float64, requires_grad: true })]);
  });
});

describe("BatchNorm1d", () => {
  it("training: normalizes with batch statistics and updates running stats (momentum 0.1, unbiased variance)", () => {
    const bn = new nn.BatchNorm1d(3);
    const x = torch.randn(8, 3).mul(torch.tensor([1, 2, 3])).add(torch.tensor([0, 5, -5]));
    const y = bn(x);
    expect(y.mean(0).abs().max().item()).toBeLessThan(1e-5);
    expect(y.std(0, { correction: 0 }).sub(1).abs().max().item()).toBeLessThan(1e-3);
    const expectedMean = x.mean(0).mul(0.1);
    const expectedVar = x.var(0).mul(0.1).add(0.9); // running_var starts at 1; unbiased batch variance
    expect(torch.allclose(bn.running_mean!, expectedMean, { atol: 1e-6 })).toBe(true);
    expect(torch.allclose(bn.running_var!, expectedVar, { atol: 1e-5 })).toBe(true);
    expect(bn.num_batches_tracked!.item()).toBe(1);
    bn(x);
    expect(torch.allclose(bn.running_mean!, expectedMean.mul(0.9).add(x.mean(0).mul(0.1)), { atol: 1e-6 })).toBe(true);
  });

  it("eval: uses the running statistics and leaves them alone", () => {
    const bn = new nn.BatchNorm1d(2);
    torch.no_grad(() => {
      bn.running_mean!.copy_(torch.tensor([1, -1]));
      bn.running_var!.copy_(torch.tensor([4, 9]));
    });
    bn.eval();
    const y = bn(torch.tensor([[3, 2]]));
    expect(y.sub(torch.tensor([[2 / Math.sqrt(4 + 1e-5), 3 / Math.sqrt(9 + 1e-5)]])).abs().max().item()).toBeLessThan(1e-6);
    expect(bn.running_mean!.tolist()).toEqual([1, -1]);
  });

  it("momentum null is a cumulative average; 3-D input normalizes over batch and length", () => {
    const bn = new nn.BatchNorm1d(2, { momentum: null });
    const a = torch.randn(4, 2), b = torch.randn(4, 2);
    bn(a);
    bn(b);
    expect(torch.allclose(bn.running_mean!, a.mean(0).add(b.mean(0)).div(2), { atol: 1e-6 })).toBe(true);
    const y = new nn.BatchNorm1d(2)(torch.randn(3, 2, 5));
    expect(y.mean([0, 2]).abs().max().item()).toBeLessThan(1e-5);
  });

  it("has correct gradients in training mode, and refuses a single example per channel", () => {
    const bn = new nn.BatchNorm1d(3).double();
    torch.no_grad(() => bn.weight!.normal_());
    gradcheck((x) => bn(x), [torch.randn(5, 3, { dtype: torch.float64, requires_grad: true })]);
    expect(() => new nn.BatchNorm1d(3)(torch.randn(1, 3))).toThrow(/more than 1 value per channel/);
  });
});

describe("Dropout and Flatten", () => {
  it("Dropout zeroes a fraction p and scales survivors by 1/(1-p) in training; identity in eval", () => {
    const drop = new nn.Dropout(0.25);
    const y = drop(torch.ones(100_000));
    const zeros = y.eq(0).float().mean().item();
    expect(Math.abs(zeros - 0.25)).toBeLessThan(0.01);
    expect(y.max().item()).toBeCloseTo(1 / 0.75, 5);
    drop.eval();
    expect(drop(torch.ones(10)).sum().item()).toBe(10);
  });

  it("Flatten keeps the batch dim", () => {
    expect(new nn.Flatten()(torch.zeros(2, 3, 4)).shape).toEqual([2, 12]);
  });
});

describe("RNNCell and RNN", () => {
  it("RNNCell: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)", () => {
    const cell = new nn.RNNCell(3, 4);
    const x = torch.randn(2, 3), h = torch.randn(2, 4);
    const expected = torch.tanh(x.matmul(cell.weight_ih.T).add(cell.bias_ih!).add(h.matmul(cell.weight_hh.T)).add(cell.bias_hh!));
    expect(torch.allclose(cell(x, h), expected, { atol: 1e-6 })).toBe(true);
    const bound = 1 / Math.sqrt(4);
    expect([...cell.parameters()].every((p) => p.abs().max().item() <= bound)).toBe(true);
  });

  it("RNN equals stepping cells with the same weights, for each layer; batch_first and unbatched inputs", () => {
    const rnn = new nn.RNN(3, 4, { num_layers: 2 });
    const cells = [0, 1].map((l) => {
      const c = new nn.RNNCell(l === 0 ? 3 : 4, 4);
      const src = rnn as any;
      c.load_state_dict({
        weight_ih: src[`weight_ih_l${l}`], weight_hh: src[`weight_hh_l${l}`], bias_ih: src[`bias_ih_l${l}`], bias_hh: src[`bias_hh_l${l}`],
      });
      return c;
    });
    const x = torch.randn(5, 2, 3); // [L, N, features]
    const [out, hN] = rnn(x);
    let seq = x.unbind(0);
    const last: Tensor[] = [];
    for (const cell of cells) {
      let h = torch.zeros(2, 4);
      seq = seq.map((xt) => (h = cell(xt, h)));
      last.push(h);
    }
    expect(torch.allclose(out, torch.stack(seq), { atol: 1e-6 })).toBe(true);
    expect(torch.allclose(hN, torch.stack(last), { atol: 1e-6 })).toBe(true);

    const bf = new nn.RNN(3, 4, { batch_first: true });
    bf.load_state_dict(Object.fromEntries(Object.entries(rnn.state_dict()).filter(([k]) => k.endsWith("l0"))));
    const [outBf] = bf(x.transpose(0, 1));
    const [outOne] = bf(x.transpose(0, 1).select(0, 0).unsqueeze(0));
    expect(torch.allclose(outBf.select(0, 0), outOne.select(0, 0), { atol: 1e-6 })).toBe(true);
    const [unbatched, hUn] = new nn.RNN(3, 4)(torch.randn(7, 3));
    expect([unbatched.shape, hUn.shape]).toEqual([[7, 4], [1, 4]]);
  });
});
