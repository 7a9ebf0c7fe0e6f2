// Error messages name the op, the shapes or argument, and a fix.
import { describe, expect, it } from "vitest";
import { F, GradflowError, nn, optim, torch } from "gradflow";

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GradflowError);
    return (e as Error).message;
  }
  throw new Error("expected a GradflowError");
}

describe("error messages", () => {
  it("matmul names both shapes and the inner sizes", () => {
    const msg = messageOf(() => torch.randn(64, 128).matmul(torch.randn(256, 10)));
    expect(msg.startsWith("matmul: cannot multiply [64, 128] by [256, 10] (inner sizes 128 and 256 differ)")).toBe(true);
    expect(messageOf(() => torch.mm(torch.randn(3), torch.randn(3, 2)))).toMatch(/^mm: expects two 2-D tensors, got shapes \[3\] and \[3, 2\]/);
  });

  it("broadcasting names the op, both shapes and the dim", () => {
    expect(messageOf(() => torch.ones(2, 3).add(torch.ones(4)))).toBe(
      "add: shapes [2, 3] and [4] cannot be broadcast: size 3 and size 4 differ at dim -1 (sizes must match or one of them must be 1)");
  });

  it("reshape and view say what sizes would work", () => {
    expect(messageOf(() => torch.ones(2, 3).reshape(4, 2))).toMatch(/^reshape: shape \[4, 2\] is invalid for input of size 6/);
    expect(messageOf(() => torch.ones(2, 3).T.view(6))).toMatch(/use \.reshape\(\.\.\.\) instead/);
  });

  it("dims and indices out of range", () => {
    expect(messageOf(() => torch.ones(2, 3).sum(2))).toBe("sum: dim 2 is out of range for a tensor with 2 dims (expected a dim in [-2, 1])");
    expect(messageOf(() => torch.ones(2, 3).select(1, 3))).toBe("select: index 3 is out of bounds for dimension 1 with size 3");
    expect(messageOf(() => torch.ones(3).gather(0, torch.tensor([5], { dtype: torch.int64 })))).toMatch(/index 5 is out of bounds/);
    expect(messageOf(() => torch.ones(3).index_select(0, torch.tensor([0.5])))).toMatch(/integer tensor.*\.long\(\)/);
  });

  it("cat, stack and expand name the offending shapes", () => {
    expect(messageOf(() => torch.cat([torch.ones(2, 3), torch.ones(2, 4)], 0))).toMatch(/tensor 0 has shape \[2, 3\] but tensor 1 has shape \[2, 4\]/);
    expect(messageOf(() => torch.stack([torch.ones(2), torch.ones(3)]))).toMatch(/\[2\] at entry 0 and \[3\] at entry 1/);
    expect(messageOf(() => torch.ones(2, 3).expand(4, 3))).toMatch(/^expand: the expanded size 4 must match the existing size 2 at dim 0/);
  });

  it("item, backward and bad data explain themselves", () => {
    expect(messageOf(() => torch.ones(2, 3).item())).toMatch(/^item: a Tensor with 6 elements cannot be converted/);
    expect(messageOf(() => torch.ones(3, { requires_grad: true }).mul(2).backward())).toMatch(/torch\.ones_like\(y\)/);
    expect(messageOf(() => torch.tensor([[1, 2], [3]]))).toBe(
      "tensor: expected sequence of length 2 at dim 1 (got 1); nested arrays must be rectangular");
    expect(messageOf(() => torch.randint(5, 2, [3]))).toMatch(/low < high/);
  });

  it("plain arrays where a tensor is expected name the op", () => {
    expect(messageOf(() => torch.ones(2).add([1, 2] as any))).toBe("add: expected a Tensor or a number, got an array; wrap arrays with torch.tensor(...)");
  });

  it("absurd allocations fail clearly instead of crashing", () => {
    expect(messageOf(() => torch.zeros(100000, 100000))).toBe(
      "zeros: shape [100000, 100000] has 10000000000 elements, more than the limit of 2^28 = 268435456; use a smaller shape");
    expect(messageOf(() => torch.ones(20000, 1).mul(torch.ones(1, 20000)))).toMatch(/^mul: shape \[20000, 20000\] has 400000000 elements/);
    expect(messageOf(() => torch.zeros(-1))).toMatch(/invalid size -1/);
  });

  it("errors carry the op name", () => {
    try {
      torch.ones(2).matmul(torch.ones(3));
    } catch (e) {
      expect((e as GradflowError).op).toBe("matmul");
      expect((e as Error).name).toBe("GradflowError");
    }
  });

  it("wrong argument types name the op and the argument (engine/validate.ts)", () => {
    expect(messageOf(() => torch.zeros("3" as any))).toMatch(/^zeros: expected size as integers or one list of integers, got a string "3"/);
    expect(messageOf(() => torch.randn(2.5))).toBe("randn: size must be an integer, got 2.5");
    expect(messageOf(() => torch.ones(2, { dtype: "float32" as any }))).toMatch(/^ones: dtype must be a torch dtype such as torch\.float32/);
    expect(messageOf(() => torch.ones(2, 3).sum({ keepdim: "yes" as any }))).toBe('sum: keepdim must be true or false, got a string "yes"');
    expect(messageOf(() => torch.ones(2).softmax(undefined as any))).toMatch(/^softmax: dim is required/);
    expect(messageOf(() => torch.manual_seed(1.5))).toBe("manual_seed: seed must be an integer, got 1.5");
    expect(messageOf(() => torch.no_grad(5 as any))).toBe("no_grad: fn must be a function, got 5");
    expect(messageOf(() => new (torch.Tensor as any)([1, 2]))).toMatch(/^Tensor: .*torch\.tensor\(data\)/);
  });

  it("layers, losses and optimizers check their arguments", () => {
    expect(messageOf(() => new nn.Linear(3.5, 2))).toBe("Linear: in_features must be a non-negative integer, got 3.5");
    expect(messageOf(() => F.mse_loss(torch.ones(2), [1, 2] as any))).toBe(
      "mse_loss: target must be a Tensor, got an array; wrap arrays with torch.tensor(...)");
    expect(messageOf(() => new optim.Adam([torch.ones(1, { requires_grad: true })], { betas: 0.9 as any }))).toBe(
      "Adam: betas must be a pair [beta1, beta2], got 0.9");
    expect(messageOf(() => new optim.SGD(torch.ones(1) as any))).toMatch(/^SGD: params must be a list of tensors/);
  });
});

describe("a misspelt option is refused, as Python refuses an unexpected keyword argument", () => {
  it("names the op and the key, and lists the keys the op takes", () => {
    const x = torch.randn(2, 3);
    expect(messageOf(() => x.sum({ dimm: 0 } as any))).toBe('sum: got an unexpected option "dimm"; valid options are dim, keepdim');
    expect(messageOf(() => new nn.Linear(3, 4, { baias: false } as any))).toBe('Linear: got an unexpected option "baias"; valid options are bias');
    expect(messageOf(() => x.max({ dimm: 1 } as any))).toMatch(/^max: got an unexpected option "dimm"/);
    expect(messageOf(() => torch.zeros(2, { dtyp: torch.float64 } as any))).toMatch(/^zeros: got an unexpected option "dtyp"; valid options are .*dtype/);
    expect(messageOf(() => F.gelu(x, { approx: "tanh" } as any))).toBe('gelu: got an unexpected option "approx"; valid options are approximate');
    expect(messageOf(() => new optim.SGD([torch.ones(1, { requires_grad: true })], { lr: 0.1, momentun: 0.9 } as any))).toMatch(
      /^SGD: got an unexpected option "momentun"; valid options are lr, momentum/);
    expect(messageOf(() => F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 2]), { label_smothing: 0.1 } as any))).toMatch(/^cross_entropy: got an unexpected option "label_smothing"/);
  });

  it("ops that also take their one argument as a bag check it too: clamp, softmax, cumsum, LambdaLR", () => {
    const x = torch.randn(2, 3);
    expect(messageOf(() => x.clamp({ mn: 0 } as any))).toBe('clamp: got an unexpected option "mn"; valid options are min, max');
    expect(x.clamp({ min: 0 }).min().item()).toBeGreaterThanOrEqual(0);
    expect(messageOf(() => F.softmax(x, { dims: 1 } as any))).toMatch(/^softmax: got an unexpected option "dims"; valid options are dim/);
    expect(messageOf(() => x.cumsum({ axis: 0 } as any))).toMatch(/^cumsum: got an unexpected option "axis"; valid options are dim/);
    const sgd = new optim.SGD([torch.ones(1, { requires_grad: true })], { lr: 1 });
    const scheduler = new optim.lr_scheduler.LambdaLR(sgd, { lr_lambda: (epoch: number) => 0.5 ** epoch });
    sgd.step();
    scheduler.step();
    expect(sgd.param_groups[0].lr).toBe(0.5);
    expect(messageOf(() => new optim.lr_scheduler.LambdaLR(sgd, { lr_lamda: () => 1 } as any))).toMatch(/^LambdaLR: got an unexpected option "lr_lamda"/);
  });

  it("each reduction takes only its own options: correction belongs to var and std, p to norm", () => {
    const x = torch.randn(4, 3);
    expect(() => x.std({ dim: 0, correction: 0 })).not.toThrow();
    expect(messageOf(() => x.sum({ correction: 0 } as any))).toMatch(/^sum: got an unexpected option "correction"/);
    expect(() => x.norm({ p: 1, dim: 1 })).not.toThrow();
    expect(messageOf(() => x.norm({ pp: 1 } as any))).toMatch(/^norm: got an unexpected option "pp"; valid options are dim, keepdim, p/);
  });
});

describe("max and min of an empty tensor follow PyTorch", () => {
  const empty = torch.empty(0, 3);

  it("with no dim there is nothing to take the extreme of: the op asks for a dim", () => {
    for (const op of ["max", "min", "amax", "amin", "argmax", "argmin"] as const) {
      expect(messageOf(() => (torch.empty(0) as any)[op]())).toMatch(
        new RegExp(`^${op}: Expected reduction dim to be specified for input.numel\\(\\) == 0 .*Specify the reduction dim with the 'dim' argument`));
    }
  });

  it("reducing an empty dim is refused, naming it", () => {
    expect(messageOf(() => empty.amax(0))).toMatch(/^amax: Expected reduction dim 0 to have non-zero size/);
    expect(messageOf(() => empty.amin([1, 0]))).toMatch(/^amin: Expected reduction dim 0 to have non-zero size/);
    expect(messageOf(() => empty.max(0))).toMatch(/^max: Expected reduction dim 0 to have non-zero size/);
    expect(messageOf(() => torch.empty(2, 0).argmin(1))).toMatch(/^argmin: Expected reduction dim 1 to have non-zero size/);
  });

  it("reducing a non-empty dim gives an empty result of the reduced shape, with gradients", () => {
    expect(empty.amax(1).shape).toEqual([0]);
    expect(empty.amin(1, { keepdim: true }).shape).toEqual([0, 1]);
    const { values, indices } = empty.max(1);
    expect([values.shape, indices.shape, indices.dtype]).toEqual([[0], [0], torch.int64]);
    expect(torch.empty(2, 0).argmax(0).shape).toEqual([0]);
    const leaf = torch.empty(0, 3, { requires_grad: true });
    leaf.amax(1).sum().backward();
    expect(leaf.grad!.shape).toEqual([0, 3]);
  });
});
