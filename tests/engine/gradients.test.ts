// Every differentiable op against float64 central differences (see gradcheck.ts), including broadcast operands
// and reductions over every dim with and without keepdim.
import { beforeEach, describe, expect, it } from "vitest";
import { F, type Tensor, torch } from "gradflow";
import { gradcheck, input } from "./gradcheck";

beforeEach(() => torch.manual_seed(1234));

const broadcastPairs: [number[], number[]][] = [[[3, 4], [3, 4]], [[3, 4], [4]], [[2, 1, 3], [4, 1]], [[3, 1], [1, 4]], [[], [2, 3]]];

describe("binary ops with broadcasting", () => {
  const ops: [string, (a: Tensor, b: Tensor) => Tensor, number?, number?][] = [
    ["add", (a, b) => a.add(b)],
    ["add alpha", (a, b) => a.add(b, { alpha: -2.5 })],
    ["sub", (a, b) => a.sub(b)],
    ["mul", (a, b) => a.mul(b)],
    ["div", (a, b) => a.div(b), 0.5, 2],
    ["pow (tensor exponent)", (a, b) => a.pow(b), 0.5, 2],
    ["maximum", (a, b) => torch.maximum(a, b)],
    ["minimum", (a, b) => torch.minimum(a, b)],
    ["where", (a, b) => torch.where(a.gt(0), a, b)],
  ];
  for (const [name, f, lo, hi] of ops) {
    for (const [sa, sb] of broadcastPairs) {
      it(`${name} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}`, () => {
        gradcheck(f, [input(sa, lo, hi), input(sb, lo, hi)]);
        gradcheck((b, a) => f(a, b), [input(sb, lo, hi), input(sa, lo, hi)]);
      });
    }
  }
  it("scalar operands on either side", () => {
    gradcheck((a) => torch.sub(3, a), [input([2, 3])]);
    gradcheck((a) => torch.div(2, a), [input([2, 3], 0.5, 2)]);
    gradcheck((a) => torch.pow(2, a), [input([2, 3])]);
    gradcheck((a) => a.pow(3), [input([2, 3])]);
    gradcheck((a) => a.pow(-1.5), [input([2, 3], 0.5, 2)]);
    gradcheck((a) => a.mul(-4).add(1.5).div(3), [input([2, 3])]);
  });
});

describe("unary math", () => {
  const ops: [string, (a: Tensor) => Tensor, number?, number?][] = [
    ["neg", (a) => a.neg()], ["abs", (a) => a.abs()], ["sign", (a) => a.sign()], ["exp", (a) => a.exp()],
    ["log", (a) => a.log(), 0.2, 3], ["log1p", (a) => a.log1p(), -0.5, 3], ["sqrt", (a) => a.sqrt(), 0.2, 3],
    ["rsqrt", (a) => a.rsqrt(), 0.2, 3], ["square", (a) => a.square()], ["reciprocal", (a) => a.reciprocal(), 0.5, 2],
    ["sin", (a) => a.sin()], ["cos", (a) => a.cos()], ["erf", (a) => a.erf()],
    ["clamp", (a) => a.clamp(-0.5, 0.7)], ["clamp min only", (a) => a.clamp({ min: 0.1 })],
    ["masked_fill", (a) => a.masked_fill(a.lt(0), 2.5)], ["clone", (a) => a.clone()],
  ];
  for (const [name, f, lo, hi] of ops) it(name, () => gradcheck(f, [input([3, 4], lo, hi)]));
});

describe("activations", () => {
  const ops: [string, (a: Tensor) => Tensor][] = [
    ["sigmoid", (a) => torch.sigmoid(a)], ["tanh", (a) => torch.tanh(a)], ["relu", (a) => F.relu(a)],
    ["leaky_relu", (a) => F.leaky_relu(a, 0.1)], ["elu", (a) => F.elu(a, { alpha: 0.7 })],
    ["gelu", (a) => F.gelu(a)], ["gelu tanh", (a) => F.gelu(a, { approximate: "tanh" })], ["silu", (a) => F.silu(a)],
    ["softplus", (a) => F.softplus(a)], ["softplus beta/threshold", (a) => F.softplus(a, { beta: 2, threshold: 1 })],
    ["hardtanh", (a) => F.hardtanh(a, { min_val: -0.5, max_val: 1 })],
  ];
  for (const [name, f] of ops) it(name, () => gradcheck(f, [input([3, 4], -3, 3)], { atol: 2e-6 }));
  for (const dim of [0, 1, 2, -1]) {
    it(`softmax and log_softmax over dim ${dim}`, () => {
      gradcheck((a) => F.softmax(a, dim), [input([2, 3, 4])]);
      gradcheck((a) => F.log_softmax(a, { dim }), [input([2, 3, 4])]);
    });
  }
});

describe("reductions over every dim, with and without keepdim", () => {
  const dims: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1, 2]];
  const reductions: [string, (a: Tensor, dim: number | number[] | undefined, keepdim: boolean) => Tensor][] = [
    ["sum", (a, dim, keepdim) => a.sum(dim ?? null, { keepdim })],
    ["mean", (a, dim, keepdim) => a.mean({ dim, keepdim })],
    ["var", (a, dim, keepdim) => a.var({ dim, keepdim })],
    ["var correction=0", (a, dim, keepdim) => a.var({ dim, keepdim, correction: 0 })],
    ["std", (a, dim, keepdim) => a.std({ dim, keepdim })],
    ["logsumexp", (a, dim, keepdim) => a.logsumexp(dim ?? null, { keepdim })],
    ["amax", (a, dim, keepdim) => a.amax(dim ?? null, { keepdim })],
    ["amin", (a, dim, keepdim) => a.amin(dim ?? null, { keepdim })],
    ["norm 2", (a, dim, keepdim) => a.norm(2, { dim, keepdim })],
    ["norm 1", (a, dim, keepdim) => a.norm(1, { dim, keepdim })],
    ["norm inf", (a, dim, keepdim) => a.norm(Infinity, { dim, keepdim })],
    ["norm 3", (a, dim, keepdim) => a.norm({ p: 3, dim, keepdim })],
  ];
  for (const [name, f] of reductions) {
    for (const dim of dims) {
      for (const keepdim of [false, true]) {
        it(`${name} dim=${JSON.stringify(dim)} keepdim=${keepdim}`, () => gradcheck((a) => f(a, dim, keepdim), [input([2, 3, 4])]));
      }
    }
  }
  for (const dim of [0, 1, 2, -1]) {
    for (const keepdim of [false, true]) {
      it(`max/min/prod along dim ${dim} keepdim=${keepdim}`, () => {
        gradcheck((a) => a.max(dim, { keepdim }).values, [input([2, 3, 4])]);
        gradcheck((a) => a.min(dim, keepdim).values, [input([2, 3, 4])]);
        gradcheck((a) => a.prod(dim, { keepdim }), [input([2, 3, 4])]);
      });
    }
  }
  it("full max, min and prod (also with a zero in the input)", () => {
    gradcheck((a) => a.max(), [input([2, 3, 4])]);
    gradcheck((a) => a.min(), [input([2, 3, 4])]);
    gradcheck((a) => a.prod(), [input([2, 3])]);
    const withZero = torch.tensor([[1.5, 0, -2], [0.5, 3, 1]], { dtype: torch.float64, requires_grad: true });
    gradcheck((a) => a.prod(1), [withZero]);
  });
});

describe("matrix products", () => {
  const cases: [number[], number[]][] = [
    [[4], [4]], [[3, 4], [4]], [[4], [4, 2]], [[3, 4], [4, 2]], [[2, 3, 4], [2, 4, 5]], [[2, 3, 4], [4, 5]],
    [[3, 4], [2, 4, 5]], [[2, 1, 3, 4], [5, 4, 2]], [[2, 3, 4], [4]],
  ];
  for (const [sa, sb] of cases) {
    it(`matmul ${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`, () => gradcheck((a, b) => a.matmul(b), [input(sa), input(sb)]));
  }
  it("mm, dot, outer, matmul with a transposed operand", () => {
    gradcheck((a, b) => torch.mm(a, b), [input([3, 4]), input([4, 2])]);
    gradcheck((a, b) => torch.dot(a, b), [input([5]), input([5])]);
    gradcheck((a, b) => torch.outer(a, b), [input([3]), input([4])]);
    gradcheck((a, b) => a.matmul(b.T), [input([3, 4]), input([2, 4])]);
    gradcheck((a, b) => a.T.matmul(b), [input([4, 3]), input([4, 2])]);
  });
  it("the gradient of a transposed operand reaches the tensor behind the view contiguous, as its .grad", () => {
    const x = torch.randn(5, 4), w = torch.randn(3, 4, { requires_grad: true });
    x.matmul(w.T).sum().backward();
    expect(w.grad!.is_contiguous()).toBe(true);
    expect(w.grad!.tolist()).toEqual(torch.ones(5, 3).T.matmul(x).tolist()); // d/dW sum(x Wᵀ) = 1ᵀ x
  });
});

describe("shape and indexing ops", () => {
  const ops: [string, (a: Tensor) => Tensor][] = [
    ["reshape", (a) => a.reshape(4, -1)], ["view", (a) => a.view([6, 4])], ["flatten", (a) => a.flatten(1)],
    ["squeeze/unsqueeze", (a) => a.unsqueeze(1).unsqueeze(-1).squeeze()], ["transpose", (a) => a.transpose(0, 2)],
    ["permute", (a) => a.permute(2, 0, 1)], ["T", (a) => a.T], ["mT", (a) => a.mT], ["contiguous", (a) => a.transpose(0, 1).contiguous()],
    ["expand", (a) => a.unsqueeze(0).expand(3, -1, -1, -1)], ["repeat", (a) => a.repeat(2, 1, 3)], ["repeat more dims", (a) => a.repeat(2, 1, 1, 2)],
    ["select", (a) => a.select(1, -1)], ["narrow", (a) => a.narrow(2, 1, 2)],
    ["idx slices", (a) => a.idx(":, 1:, ::2")], ["idx int, ellipsis, null", (a) => a.idx(0, "...", null, -1)],
    ["idx tensor index", (a) => a.idx(":", torch.tensor([2, 0, 2], { dtype: torch.int64 }))],
    ["gather", (a) => a.gather(2, torch.tensor([[[0, 3], [1, 1], [2, 0]], [[3, 3], [0, 1], [2, 2]]], { dtype: torch.int64 }))],
    ["index_select", (a) => a.index_select(-1, torch.tensor([3, 0, 3], { dtype: torch.int64 }))],
    ["split", (a) => torch.cat(a.split(2, 2).map((p, i) => p.mul(i + 1)), 2)],
    ["split sizes", (a) => torch.cat(a.split([1, 2], 1).map((p, i) => p.mul(i + 2)), 1)],
    ["chunk", (a) => torch.stack(a.chunk(2, 2).map((p, i) => p.mul(i - 3)), 0)],
    ["unbind", (a) => torch.stack(a.unbind(1).map((p, i) => p.mul(i + 1)), -1)],
    ["view of a view chain", (a) => a.T.reshape(-1).idx("3:20:4")],
    ["flip", (a) => a.flip(0, 2)], ["cumsum", (a) => a.cumsum(1)], ["cumsum last dim of a view", (a) => a.T.cumsum(-1)],
    ["tril", (a) => a.tril()], ["triu with offset", (a) => a.triu(1)],
    ["view splitting a dim of a strided tensor", (a) => a.transpose(0, 1).view(3, 2, 2, 2)],
    ["masked_select", (a) => a.masked_select(a.gt(0))], ["bool mask over leading dims", (a) => a.idx(torch.tensor([true, false]))],
  ];
  for (const [name, f] of ops) it(name, () => gradcheck(f, [input([2, 3, 4])]));
  it("cat and stack of several inputs", () => {
    gradcheck((a, b) => torch.cat([a, b, a], 1), [input([2, 3]), input([2, 1])]);
    gradcheck((a, b) => torch.stack([a, b], 1), [input([2, 3]), input([2, 3])]);
  });
});

describe("second derivatives (backward of backward) against finite differences of the first", () => {
  /** x -> d sum(f(x) * w) / dx, built with create_graph so it can be differentiated again. */
  const gradientOf = (f: (a: Tensor) => Tensor) => {
    const w = torch.randn(f(input([2, 3]).detach()).shape, { dtype: torch.float64 });
    return (a: Tensor) => torch.autograd.grad(f(a).mul(w).sum(), a, { create_graph: true })[0]!;
  };
  const ops: [string, (a: Tensor) => Tensor][] = [
    ["sigmoid", (a) => a.sigmoid()], ["tanh", (a) => a.tanh()], ["gelu", (a) => F.gelu(a)], ["silu", (a) => F.silu(a)],
    ["softmax", (a) => F.softmax(a, 1)], ["log_softmax", (a) => F.log_softmax(a, 0)], ["exp * log1p", (a) => a.exp().mul(a.square().log1p())],
    ["div", (a) => a.div(a.square().add(1))], ["var", (a) => a.var(1)], ["std", (a) => a.std()], ["norm", (a) => a.norm()],
    ["logsumexp", (a) => a.logsumexp(1)], ["matmul", (a) => a.matmul(a.T)], ["pow", (a) => a.abs().add(0.5).pow(a)],
    ["prod", (a) => a.prod(1)], ["max(dim) and amax", (a) => a.max(1, true).values.mul(a.amax(0, true))],
    ["gather, index_select, idx", (a) => a.idx(":, 1:").gather(1, torch.tensor([[1, 0], [0, 0]], { dtype: torch.int64 })).square()],
    ["cat, stack, repeat, expand", (a) => torch.cat([a.square(), torch.stack([a, a]).sum(0).repeat(1, 2)], 1).mul(a.sin().sum(1, true).expand(2, 9))],
    ["where, clamp, maximum", (a) => torch.where(a.gt(0), a.square(), a.exp()).clamp(-1, 2).mul(torch.maximum(a, a.cos()))],
  ];
  for (const [name, f] of ops) it(name, () => gradcheck(gradientOf(f), [input([2, 3])], { atol: 1e-5, rtol: 1e-4 }));
});
