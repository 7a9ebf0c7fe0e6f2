// The autograd lens's graph data: exactly the nodes and edges PyTorch's next_functions would give, gradient norms
// against closed forms, parameter names from a model, and collapsing of big graphs (which op belongs to which
// module: lens-modules.test.ts).
import { afterEach, describe, expect, it } from "vitest";
import { F, nn, plot, torch, type Tensor } from "gradflow";
import { setOutputSink, type EngineMessage } from "../../engine/output";
import { graphSpec, MAX_GRAPH_NODES } from "../../engine/lens/index";
import type { GraphSpec } from "../../engine/lens/spec";
import { isGraphSpec } from "../../src/plot/graph-validate";

/** Edges as "from → to" label pairs, sorted, so tests read like the picture. */
function edgeLabels(g: GraphSpec): string[] {
  const label = (id: number) => g.nodes.find((n) => n.id === id)!.label;
  return g.edges.map((e) => `${label(e.from)} → ${label(e.to)}`).sort();
}

const norm = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));

afterEach(() => setOutputSink(null));

describe("graph of y = tanh(a·b + a).sum()", () => {
  const av = [0.5, -1, 2];
  const bv = [1.5, 0.25, -0.5];
  function build() {
    const a = torch.tensor(av, { requires_grad: true });
    const b = torch.tensor(bv, { requires_grad: true });
    const y = a.mul(b).add(a).tanh().sum();
    return { a, b, y };
  }

  it("has one node per grad_fn and per leaf, and one edge per next_functions entry", () => {
    const { y } = build();
    const g = graphSpec(y);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(["AddBackward0", "MulBackward0", "SumBackward0", "TanhBackward0", "leaf", "leaf"]);
    expect(g.edges).toHaveLength(6);
    expect(edgeLabels(g)).toEqual([
      "AddBackward0 → TanhBackward0",
      "MulBackward0 → AddBackward0",
      "TanhBackward0 → SumBackward0",
      "leaf → AddBackward0",
      "leaf → MulBackward0",
      "leaf → MulBackward0",
    ]);
    // Backward order: the output first, every node before the nodes it sends gradient to.
    expect(g.order[0]).toBe(g.nodes.find((n) => n.label === "SumBackward0")!.id);
    for (const e of g.edges) expect(g.order.indexOf(e.to)).toBeLessThan(g.order.indexOf(e.from));
    expect(g.nodes.find((n) => n.label === "MulBackward0")!.shape).toEqual([3]);
    expect(g.collapsed).toBe("none");
  });

  it("colors edges with the gradient each carries, from closed forms", () => {
    const { a, b, y } = build();
    const g = graphSpec(y);
    const local = av.map((x, i) => 1 - Math.tanh(x * bv[i] + x) ** 2); // ∂y/∂(a·b + a)
    const leafA = g.nodes.find((n) => n.id === g.edges.find((e) => g.nodes[e.to].label === "AddBackward0" && g.nodes[e.from].kind === "leaf")!.from)!;
    const toMul = g.edges.filter((e) => e.from === leafA.id && g.nodes[e.to].label === "MulBackward0")[0];
    const toAdd = g.edges.find((e) => e.from === leafA.id && g.nodes[e.to].label === "AddBackward0")!;
    expect(toAdd.grad_norm).toBeCloseTo(norm(local), 5);
    expect(toMul.grad_norm).toBeCloseTo(norm(local.map((l, i) => l * bv[i])), 5);
    const total = local.map((l, i) => l * (bv[i] + 1)); // ∂y/∂a
    expect(leafA.grad_norm).toBeCloseTo(norm(total), 5);
    leafA.grad!.forEach((v, i) => expect(v).toBeCloseTo(total[i], 5));
    // The lens replays backward on its own: no .grad is written.
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
  });

  it("after backward() frees the graph, shows the leaves' .grad and says how to see the rest", () => {
    const { a, b, y } = build();
    y.backward();
    const g = graphSpec(y);
    const leafNorms = g.nodes.filter((n) => n.kind === "leaf").map((n) => n.grad_norm!).sort();
    const expected = [a.grad!.norm().item(), b.grad!.norm().item()].sort();
    leafNorms.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(g.nodes.filter((n) => n.kind === "op").every((n) => n.grad_norm === null)).toBe(true);
    expect(g.notes.join(" ")).toMatch(/retain_graph: true/);
  });

  it("with retain_graph, the replay matches the .grad backward wrote", () => {
    const { a, b, y } = build();
    y.backward(undefined, { retain_graph: true });
    const g = graphSpec(y);
    expect(g.notes).toEqual([]);
    const leafNorms = g.nodes.filter((n) => n.kind === "leaf").map((n) => n.grad_norm!).sort();
    const expected = [a.grad!.norm().item(), b.grad!.norm().item()].sort();
    leafNorms.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it("plot.graph sends the graph through emit", () => {
    const out: EngineMessage[] = [];
    setOutputSink((m) => out.push(m));
    plot.graph(build().y, { title: "tiny" });
    expect(out).toHaveLength(1);
    expect(out[0].type).toBe("graph");
    if (out[0].type !== "graph") return;
    expect(out[0].graph.title).toBe("tiny");
    // The page drops messages that fail its shape check: what the engine sends must pass it, through a structured
    // clone as a worker would send it.
    expect(isGraphSpec(structuredClone(out[0].graph))).toBe(true);
    expect(isGraphSpec({ ...out[0].graph, edges: [{ from: 0, to: 99, grad_norm: null }] })).toBe(false);
  });

  it("refuses tensors without a graph and bad options, naming the fix", () => {
    expect(() => graphSpec(torch.ones(3))).toThrow(/requires_grad: true/);
    expect(() => graphSpec(build().y, { collapse: "layer" as never })).toThrow(/"module" or "none"/);
  });
});

describe("graph of a model", () => {
  function mlp(hidden: number[]) {
    const layers: nn.Module[] = [];
    for (let i = 0; i + 1 < hidden.length; i++) layers.push(new nn.Linear(hidden[i], hidden[i + 1]), new nn.Tanh());
    return new nn.Sequential(...layers.slice(0, -1));
  }
  function lossOf(model: nn.Module, inFeatures: number, outFeatures: number): Tensor {
    torch.manual_seed(0);
    return F.mse_loss(model(torch.randn(5, inFeatures)) as Tensor, torch.zeros(5, outFeatures));
  }

  it("names leaves by their parameters, each attributed to the module that owns it", () => {
    torch.manual_seed(0);
    const model = mlp([3, 4, 1]); // Linear(3,4), Tanh, Linear(4,1)
    const g = graphSpec(lossOf(model, 3, 1), { model });
    const leaves = g.nodes.filter((n) => n.kind === "leaf");
    expect(leaves.map((n) => n.label).sort()).toEqual(["0.bias", "0.weight", "2.bias", "2.weight"]);
    for (const n of leaves) expect(n.module).toBe(n.label.split(".")[0]);
    expect(g.nodes.find((n) => n.label === "0.weight")!.shape).toEqual([4, 3]);
  });

  it("collapses by module on its own above the size limit, with a note", () => {
    torch.manual_seed(0);
    const model = mlp(Array(61).fill(4)); // 60 Linear + 59 Tanh: 60·5 + 59 + 3 nodes
    const full = graphSpec(lossOf(model, 4, 4), { model, collapse: "none" });
    expect(full.nodes.length).toBe(MAX_GRAPH_NODES); // capped even when asked for every node
    expect(full.nodes.filter((n) => n.kind === "more")).toHaveLength(1);
    const auto = graphSpec(lossOf(model, 4, 4), { model });
    expect(auto.collapsed).toBe("auto");
    expect(auto.nodes.filter((n) => n.kind === "module")).toHaveLength(60 + 59); // Linear and Tanh modules
    expect(auto.nodes).toHaveLength(60 + 59 + 3);
    expect(auto.notes.join(" ")).toMatch(/362 nodes.*one node/);
  });

  it("without a model, a big graph keeps the nodes nearest the output and folds the rest into one", () => {
    torch.manual_seed(0);
    const model = mlp(Array(61).fill(4));
    const g = graphSpec(lossOf(model, 4, 4));
    expect(g.nodes).toHaveLength(MAX_GRAPH_NODES);
    const more = g.nodes.find((n) => n.kind === "more")!;
    expect(more.count).toBe(362 - (MAX_GRAPH_NODES - 1));
    expect(g.edges.some((e) => e.from === more.id)).toBe(true);
    expect(g.notes.join(" ")).toMatch(/pass \{ model \}/);
  });
});
