// Property tests: random shapes for broadcasting and views, and random small graphs checked with the float64
// gradient checker.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, torch } from "gradflow";
import { gradcheck } from "./gradcheck";

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });

/** A shape that broadcasts with `shape`: a suffix of it, with some sizes replaced by 1. */
const broadcastPartner = (shape: number[]) =>
  fc.tuple(fc.integer({ min: 0, max: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }))
    .map(([drop, ones]) => shape.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)));

function valuesAt(t: Tensor, index: number[]): number {
  let v: Tensor = t;
  const lead = index.length - t.ndim;
  index.slice(lead).forEach((i, d) => (v = v.select(0, t.shape[d] === 1 ? 0 : i)));
  return v.item();
}

describe("broadcasting properties", () => {
  it("a + b has the broadcast shape and matches per-element addition", () => {
    fc.assert(fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), broadcastPartner(s))), fc.integer(), ([sa, sb], seed) => {
      torch.manual_seed(seed);
      const a = torch.randn(sa), b = torch.randn(sb);
      const c = a.add(b);
      expect(c.shape).toEqual(sa);
      expect(b.add(a).tolist()).toEqual(c.tolist());
      const idx = sa.map((s) => s - 1);
      expect(valuesAt(c, idx)).toBeCloseTo(valuesAt(a, idx) + valuesAt(b, idx), 5);
    }), { numRuns: 60 });
  });

  it("sum over all dims equals the sum over any dim order; transpose twice is the identity", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.integer(), (shape, seed) => {
      torch.manual_seed(seed);
      const x = torch.randn(shape, { dtype: torch.float64 });
      let partial = x;
      for (let d = shape.length - 1; d >= 0; d--) partial = partial.sum(d);
      expect(partial.item()).toBeCloseTo(x.sum().item(), 9);
      const d0 = 0, d1 = shape.length - 1;
      expect(x.transpose(d0, d1).transpose(d0, d1).tolist()).toEqual(x.tolist());
      expect(x.reshape(-1).reshape(shape).tolist()).toEqual(x.tolist());
      expect(x.permute(...shape.map((_, i) => shape.length - 1 - i)).contiguous().T.tolist()).toEqual(x.tolist());
    }), { numRuns: 60 });
  });
});

type Step = { op: number; left: number; right: number };
const unaryOps: ((a: Tensor) => Tensor)[] = [
  (a) => a.tanh(), (a) => a.sigmoid(), (a) => a.exp().mul(0.3), (a) => a.square(), (a) => a.sin(), (a) => a.mul(a.abs().add(1).log()),
  (a) => a.softmax(-1), (a) => a.sum(-1, { keepdim: true }), (a) => a.mean(0, { keepdim: true }), (a) => a.T.contiguous().T,
];
const binaryOps: ((a: Tensor, b: Tensor) => Tensor)[] = [
  (a, b) => a.add(b), (a, b) => a.sub(b), (a, b) => a.mul(b), (a, b) => a.div(b.square().add(1)), (a, b) => torch.maximum(a, b),
];

describe("random small graphs", () => {
  it("every random composition of ops passes the float64 gradient check", () => {
    const stepArb = fc.record({ op: fc.integer({ min: 0, max: unaryOps.length + binaryOps.length - 1 }), left: fc.nat(), right: fc.nat() });
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer(),
      (steps: Step[], rows, cols, seed) => {
        torch.manual_seed(seed);
        const x = torch.randn([rows, cols], { dtype: torch.float64 }).requires_grad_();
        const y = torch.randn([cols], { dtype: torch.float64 }).requires_grad_();
        const graph = (a: Tensor, b: Tensor): Tensor => {
          const pool: Tensor[] = [a, b];
          for (const s of steps) {
            const l = pool[s.left % pool.length], r = pool[s.right % pool.length];
            pool.push(s.op < unaryOps.length ? unaryOps[s.op](l) : binaryOps[s.op - unaryOps.length](l, r));
          }
          return pool[pool.length - 1].add(a.sum().mul(0)); // keep both inputs in the graph
        };
        gradcheck(graph, [x, y], { atol: 1e-5, rtol: 1e-4 });
      }), { numRuns: 80 });
  });
});
