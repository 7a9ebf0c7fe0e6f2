// Optimizers against PyTorch's documented update rules. Each reference below is the algorithm box from PyTorch's
// documentation written out in float64 JS for a few parameters and steps; the engine's float32 run must agree.
// Closed forms check the references themselves: SGD on f(θ) = θ²/2 gives θ_t = θ_0 (1 - lr)^t, and Adam's first
// step moves every coordinate by lr in the direction of -sign(g).
import { describe, expect, it } from "vitest";
import { type Tensor, optim, torch } from "gradflow";

/** The gradient of our test objective f(θ) = Σ c_i θ_i² / 2 + Σ θ_i³ / 10, chosen so the gradient changes over steps. */
const coeffs = [1, 0.5, 2, 0.1];
const gradOf = (theta: number[]) => theta.map((t, i) => coeffs[i] * t + 0.3 * t * t);
const start = [1.5, -1.7, 0.3, 4];

function objective(p: Tensor): Tensor {
  return p.square().mul(torch.tensor(coeffs)).div(2).add(p.pow(3).div(10)).sum();
}

/** Run the engine's optimizer for `steps` steps from `start`, returning θ after each step. */
function run(make: (params: Tensor[]) => optim.Optimizer<any>, steps: number): number[][] {
  const p = torch.tensor(start, { requires_grad: true });
  const opt = make([p]);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zero_grad();
    objective(p).backward();
    opt.step();
    out.push(p.tolist() as number[]);
  }
  return out;
}

/** A float64 reference: `update(theta, g, state, t)` returns the new θ (t counts from 1). */
function reference(update: (theta: number[], g: number[], state: Record<string, number[]>, t: number) => number[], steps: number): number[][] {
  let theta = [...start];
  const state: Record<string, number[]> = {};
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    theta = update(theta, gradOf(theta), state, t);
    out.push(theta);
  }
  return out;
}

function expectTrajectory(actual: number[][], expected: number[][], tol = 2e-5): void {
  expected.forEach((row, t) => row.forEach((v, i) =>
    expect(Math.abs(actual[t][i] - v), `step ${t + 1}, coordinate ${i}: ${actual[t][i]} vs ${v}`).toBeLessThan(tol * (1 + Math.abs(v)))));
}

const zeros = () => start.map(() => 0);

describe("SGD", () => {
  it("plain SGD on θ²/2 follows θ_0 (1 - lr)^t", () => {
    const p = torch.tensor([2, -1], { requires_grad: true });
    const opt = new optim.SGD([p], { lr: 0.1 });
    for (let t = 0; t < 5; t++) {
      opt.zero_grad();
      p.square().sum().div(2).backward();
      opt.step();
    }
    expect(p.tolist()[0]).toBeCloseTo(2 * 0.9 ** 5, 6);
    expect(p.tolist()[1]).toBeCloseTo(-1 * 0.9 ** 5, 6);
  });

  const sgdRef = (lr: number, mu: number, damp: number, wd: number, nesterov: boolean) =>
    reference((theta, grad, s, t) => {
      const g = grad.map((v, i) => v + wd * theta[i]);
      if (mu === 0) return theta.map((v, i) => v - lr * g[i]);
      s.b = t === 1 ? [...g] : s.b.map((b, i) => mu * b + (1 - damp) * g[i]);
      const d = nesterov ? g.map((v, i) => v + mu * s.b[i]) : s.b;
      return theta.map((v, i) => v - lr * d[i]);
    }, 6);

  it.each([
    ["momentum", { lr: 0.05, momentum: 0.9 }, [0.05, 0.9, 0, 0, false]],
    ["momentum + dampening", { lr: 0.05, momentum: 0.9, dampening: 0.5 }, [0.05, 0.9, 0.5, 0, false]],
    ["nesterov", { lr: 0.05, momentum: 0.9, nesterov: true }, [0.05, 0.9, 0, 0, true]],
    ["weight decay", { lr: 0.1, weight_decay: 0.1 }, [0.1, 0, 0, 0.1, false]],
    ["everything", { lr: 0.02, momentum: 0.8, weight_decay: 0.01, nesterov: true }, [0.02, 0.8, 0, 0.01, true]],
  ] as const)("%s matches PyTorch's rule", (_name, opts, [lr, mu, damp, wd, nest]) => {
    expectTrajectory(run((ps) => new optim.SGD(ps, opts), 6), sgdRef(lr, mu, damp, wd, nest));
  });

  it("rejects nesterov without momentum", () => {
    expect(() => new optim.SGD([torch.zeros(1, { requires_grad: true })], { nesterov: true })).toThrow(/Nesterov/);
  });

  it("maximize ascends", () => {
    expectTrajectory(run((ps) => new optim.SGD(ps, { lr: 0.01, maximize: true }), 3),
      reference((theta, g) => theta.map((v, i) => v + 0.01 * g[i]), 3));
  });
});

const adamRef = (lr: number, b1: number, b2: number, eps: number, wd: number, decoupled: boolean, amsgrad = false) =>
  reference((theta, grad, s, t) => {
    const th = decoupled ? theta.map((v) => v * (1 - lr * wd)) : theta;
    const g = decoupled ? grad : grad.map((v, i) => v + wd * theta[i]);
    s.m = (s.m ?? zeros()).map((m, i) => b1 * m + (1 - b1) * g[i]);
    s.v = (s.v ?? zeros()).map((v, i) => b2 * v + (1 - b2) * g[i] * g[i]);
    s.vmax = amsgrad ? (s.vmax ?? zeros()).map((v, i) => Math.max(v, s.v[i])) : s.v;
    return th.map((v, i) => v - (lr * s.m[i] / (1 - b1 ** t)) / (Math.sqrt(s.vmax[i] / (1 - b2 ** t)) + eps));
  }, 8);

describe("Adam and AdamW", () => {
  it("the first Adam step moves each coordinate by lr against the gradient's sign", () => {
    const [first] = run((ps) => new optim.Adam(ps, { lr: 0.1 }), 1);
    gradOf(start).forEach((g, i) => expect(first[i]).toBeCloseTo(start[i] - 0.1 * Math.sign(g), 5));
  });

  it("Adam matches PyTorch's rule (defaults, custom betas, L2 weight decay, amsgrad)", () => {
    expectTrajectory(run((ps) => new optim.Adam(ps, { lr: 0.01 }), 8), adamRef(0.01, 0.9, 0.999, 1e-8, 0, false));
    expectTrajectory(run((ps) => new optim.Adam(ps, { lr: 0.05, betas: [0.8, 0.99] }), 8), adamRef(0.05, 0.8, 0.99, 1e-8, 0, false));
    expectTrajectory(run((ps) => new optim.Adam(ps, { lr: 0.05, weight_decay: 0.1 }), 8), adamRef(0.05, 0.9, 0.999, 1e-8, 0.1, false));
    expectTrajectory(run((ps) => new optim.Adam(ps, { lr: 0.05, amsgrad: true }), 8), adamRef(0.05, 0.9, 0.999, 1e-8, 0, false, true));
  });

  it("AdamW decays the weights directly (default weight_decay 0.01)", () => {
    expectTrajectory(run((ps) => new optim.AdamW(ps, { lr: 0.05 }), 8), adamRef(0.05, 0.9, 0.999, 1e-8, 0.01, true));
    expectTrajectory(run((ps) => new optim.AdamW(ps, { lr: 0.05, weight_decay: 0.5 }), 8), adamRef(0.05, 0.9, 0.999, 1e-8, 0.5, true));
  });
});

describe("RMSprop", () => {
  const rmsRef = (lr: number, alpha: number, eps: number, wd: number, mu: number, centered: boolean) =>
    reference((theta, grad, s) => {
      const g = grad.map((v, i) => v + wd * theta[i]);
      s.v = (s.v ?? zeros()).map((v, i) => alpha * v + (1 - alpha) * g[i] * g[i]);
      let avg = s.v;
      if (centered) {
        s.ga = (s.ga ?? zeros()).map((a, i) => alpha * a + (1 - alpha) * g[i]);
        avg = avg.map((v, i) => v - s.ga[i] ** 2);
      }
      const step = g.map((v, i) => v / (Math.sqrt(avg[i]) + eps));
      if (mu > 0) {
        s.b = (s.b ?? zeros()).map((b, i) => mu * b + step[i]);
        return theta.map((v, i) => v - lr * s.b[i]);
      }
      return theta.map((v, i) => v - lr * step[i]);
    }, 8);

  it.each([
    ["defaults", {}, [0.01, 0.99, 1e-8, 0, 0, false]],
    ["momentum", { lr: 0.005, momentum: 0.9 }, [0.005, 0.99, 1e-8, 0, 0.9, false]],
    ["centered", { lr: 0.005, centered: true, alpha: 0.9 }, [0.005, 0.9, 1e-8, 0, 0, true]],
    ["weight decay + momentum + centered", { lr: 0.003, weight_decay: 0.1, momentum: 0.5, centered: true }, [0.003, 0.99, 1e-8, 0.1, 0.5, true]],
  ] as const)("%s matches PyTorch's rule", (_name, opts, [lr, alpha, eps, wd, mu, centered]) => {
    expectTrajectory(run((ps) => new optim.RMSprop(ps, opts), 8), rmsRef(lr, alpha, eps, wd, mu, centered), 1e-4);
  });
});

describe("Optimizer mechanics", () => {
  it("param groups carry their own options; zero_grad clears; parameters without grad are skipped", () => {
    const a = torch.ones(2, { requires_grad: true }), b = torch.ones(2, { requires_grad: true }), c = torch.ones(1, { requires_grad: true });
    const opt = new optim.SGD([{ params: [a] }, { params: [b, c], lr: 1 }], { lr: 0.1 });
    a.sum().backward();
    b.sum().backward();
    opt.step();
    (a.tolist() as number[]).forEach((v) => expect(v).toBeCloseTo(0.9, 6));
    expect(b.tolist()).toEqual([0, 0]);
    expect(c.tolist()).toEqual([1]);
    opt.zero_grad();
    expect(a.grad).toBeNull();
  });

  it("step(closure) re-evaluates the loss and returns it", () => {
    const p = torch.tensor([3], { requires_grad: true });
    const opt = new optim.SGD([p], 0.5);
    const loss = opt.step(() => {
      opt.zero_grad();
      const l = p.square().sum();
      l.backward();
      return l;
    }) as Tensor;
    expect(loss.item()).toBe(9);
    expect(p.item()).toBe(0);
  });

  it("accepts a model's parameters() generator and refuses non-leaves and empty lists", () => {
    const x = torch.ones(2, { requires_grad: true });
    expect(() => new optim.Adam([x.mul(2)])).toThrow(/non-leaf/);
    expect(() => new optim.Adam([])).toThrow(/empty parameter list/);
  });

  it("updates a non-contiguous leaf through its strides", () => {
    const base = torch.tensor([[1, 2], [3, 4]]);
    const view = base.T;
    view.requires_grad_();
    view.grad = torch.ones(2, 2);
    new optim.SGD([view], 1).step();
    expect(base.tolist()).toEqual([[0, 1], [2, 3]]);
  });
});
