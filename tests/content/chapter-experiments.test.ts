// What the prose says an experiment shows, checked by running the experiment: each test runs a live block, often with
// a constant changed exactly as the text tells the reader to, and asserts the outcome the text describes.
import { describe, it, expect } from "vitest";
import { runTitled, numberAfter, type Output } from "./block-output";

const table = (out: Output, i = 0) => out.tables[i] as Record<string, any>[];
const row = (out: Output, key: string, value: unknown, i = 0) => table(out, i).find((r) => r[key] === value)!;
const first = (xs: number[]) => xs[0];
const last = (xs: number[]) => xs[xs.length - 1];

describe("forward and backward signal", () => {
  it("autograd's dL/dz is dL/dh times sigmoid'(z), and larger weights shrink dL/dW", async () => {
    const out = await runTitled("One layer, forward and backward");
    const engine = out.lines.find((l) => l.startsWith("dL/dz (engine)"))!.replace("dL/dz (engine)", "");
    const product = out.lines.find((l) => l.startsWith("dL/dh * slope "))!.replace("dL/dh * slope ", "");
    expect(engine.trim()).toBe(product.trim());
    const scaled = await runTitled("One layer, forward and backward", { weightScale: 10 });
    expect(numberAfter(scaled, "|dL/dW| =")).toBeLessThan(numberAfter(out, "|dL/dW| ="));
  });
});

describe("saturation", () => {
  it("a unit step moves the sigmoid less and less as x grows", async () => {
    const rows = table(await runTitled("How flat is flat?"));
    const changes = rows.map((r) => r["change of sigmoid"] as number);
    for (let i = 1; i < changes.length; i++) expect(changes[i]).toBeLessThan(changes[i - 1]);
    expect(last(changes)).toBeLessThan(1e-4);
  });

  it("raw features at scale 10 saturate the tanh layer and standardizing them fixes it", async () => {
    const out = await runTitled("Unscaled inputs saturate a tanh layer");
    expect(numberAfter(out, "raw")).toBeGreaterThan(50);
    expect(numberAfter(out, "standardized")).toBeLessThan(5);
  });

  it("the activation explorer works for every activation it offers, and reads 2.7 % for sigmoid at 5", async () => {
    for (const activation of ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu"]) {
      const out = await runTitled("Activation explorer", { activation, probe: -2 });
      expect(out.plots).toHaveLength(1);
    }
    const out = await runTitled("Activation explorer");
    expect(out.lines.join("\n")).toContain("which is 2.7 % of its largest slope");
  });
});

describe("vanishing and exploding gradients", () => {
  it("the worked numbers block prints seed 002's values", async () => {
    const text = (await runTitled("The worked numbers, computed by autograd")).lines.join("\n");
    expect(text).toContain("sigmoid'(5) = 0.0066");
    expect(text).toContain("that is 2.7 % of the maximum slope 0.25");
    expect(text).toContain("0.2^5 = 0.000320 reaches the first layer");
    expect(text).toContain("weight update at lr 0.1: 0.0000320");
  });

  it("the chain of sigmoids stays below the best-case bound 0.25^L", async () => {
    const out = await runTitled("A gradient fading through a chain of sigmoids");
    const [series] = out.plots;
    series["|dh_L / dh_l|"].forEach((g, i) => expect(g).toBeLessThanOrEqual(series["0.25^(L - l)"][i] * (1 + 1e-5)));
    expect(numberAfter(out, "gradient reaching the input:")).toBeLessThan(0.25 ** 10);
  });

  it("random Jacobians: gain below one vanishes, above one explodes, one stays level", async () => {
    const [series] = (await runTitled("Products of random Jacobians")).plots;
    expect(first(series["gain 0.8"]) / last(series["gain 0.8"])).toBeLessThan(1e-2);
    expect(first(series["gain 1.25"]) / last(series["gain 1.25"])).toBeGreaterThan(1e2);
    const ratio = first(series["gain 1"]) / last(series["gain 1"]);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });

  it("through time: radius 0.5 vanishes fast, 1 slowly, 3 explodes; clipping caps the norm", async () => {
    const out = await runTitled("Exploding and vanishing through time");
    const [series] = out.plots;
    const small = series["radius 0.5"], unit = series["radius 1"], large = series["radius 3"];
    expect(small[12] / small[0]).toBeLessThan(1e-3);
    expect(last(unit)).toBeLessThan(unit[0]);
    expect(last(unit) / unit[0]).toBeGreaterThan(last(small) / small[0]);
    expect(last(large) / large[0]).toBeGreaterThan(100);
    for (const line of out.lines) expect(numberAfter({ ...out, lines: [line] }, "after clipping to 1:")).toBeLessThanOrEqual(1.0005);
  });
});

describe("ReLU and dead units", () => {
  it("twenty layers: sigmoid's first layer gets ten orders of magnitude less; tanh and ReLU stay within a small factor", async () => {
    const [series] = (await runTitled("Twenty layers: sigmoid, tanh, ReLU")).plots;
    expect(first(series.sigmoid) / last(series.sigmoid)).toBeLessThan(1e-10);
    for (const name of ["tanh", "relu"]) {
      const ratio = first(series[name]) / last(series[name]);
      expect(ratio).toBeGreaterThan(0.05);
      expect(ratio).toBeLessThan(20);
    }
  });

  it("a strongly negative bias kills units, a zero bias does not", async () => {
    expect(numberAfter(await runTitled("Counting dead units"), "bias -2:")).toBeGreaterThan(10);
    expect(numberAfter(await runTitled("Counting dead units", { biasValue: 0 }), "bias 0:")).toBeLessThan(2);
  });

  it("dead-ReLU demo: lr 0.4 kills the deep layers and stalls the loss; the three fixes behave as described", async () => {
    const high = await runTitled("Dead-ReLU demo");
    const gentle = await runTitled("Dead-ReLU demo", { lr: 0.05 });
    expect(last(high.plots[0]["layer 4"])).toBeGreaterThan(0.5);
    expect(last(gentle.plots[0]["layer 4"])).toBeLessThan(last(high.plots[0]["layer 4"]) / 2);
    // "stalls far above what the same network reaches with gentler steps"
    expect(numberAfter(high, "final loss")).toBeGreaterThan(3 * numberAfter(gentle, "final loss"));
    // "the loss sits at 1, the variance of the standardized target" once a layer is all dead
    expect(numberAfter(high, "final loss")).toBeCloseTo(1, 1);

    // "every unit of the network receives exactly zero" with ReLU; "no unit does" with Leaky ReLU
    const stuck = (out: Output) => out.lines.find((l) => l.startsWith("units with zero gradient:"))!;
    expect(stuck(high)).toBe("units with zero gradient: 32, 32, 32, 32");
    const leaky = await runTitled("Dead-ReLU demo", { activation: "leaky_relu" });
    expect(stuck(leaky)).toBe("units with zero gradient: 0, 0, 0, 0");
    const leakyGentle = await runTitled("Dead-ReLU demo", { activation: "leaky_relu", lr: 0.05 });
    expect(numberAfter(leakyGentle, "final loss")).toBeLessThan(0.3);

    const he = await runTitled("Dead-ReLU demo", { init: "he", lr: 0.05 });
    expect(first(he.plots[0]["layer 4"])).toBeLessThan(first(gentle.plots[0]["layer 4"]));
    const heHigh = await runTitled("Dead-ReLU demo", { init: "he" });
    expect(heHigh.lines.join(" ")).toContain("final loss diverged");
  });

  it("the ReLU family's autograd derivatives match the closed forms", async () => {
    expect(numberAfter(await runTitled("Derivatives across the ReLU family"), "closed forms:")).toBeLessThan(1e-4);
  });
});

describe("activation and gradient statistics", () => {
  it("weight scale 3 saturates the tanh MLP, 0.3 collapses it", async () => {
    const saturated = table(await runTitled("Activation statistics in a tanh MLP", { weightScale: 3 }));
    expect(last(saturated)["saturated (|h| > 0.97)"]).toBeGreaterThan(0.3);
    const collapsed = table(await runTitled("Activation statistics in a tanh MLP", { weightScale: 0.3 }));
    expect(last(collapsed).std).toBeLessThan(0.1);
  });

  it("sigmoid activations have a mean near 0.5; ReLU has many exact zeros", async () => {
    const out = await runTitled("Comparing sigmoid, tanh, ReLU, GELU and SiLU");
    for (const r of table(out).filter((r) => r.activation === "sigmoid")) expect(Math.abs(r.mean - 0.5)).toBeLessThan(0.05);
    for (const r of table(out).filter((r) => r.activation === "relu")) expect(r.zeros).toBeGreaterThan(0.3);
  });

  it("weight scale 3 piles tanh outputs at ±1, 4 saturates more than half; 0.5 makes a spike at zero", async () => {
    expect(numberAfter(await runTitled("Histograms of tanh activations"), "last layer:")).toBeGreaterThan(25);
    expect(numberAfter(await runTitled("Histograms of tanh activations", { weightScale: 4 }), "last layer:")).toBeGreaterThan(50);
    const small = await runTitled("Histograms of tanh activations", { weightScale: 0.5 });
    const lastLayer = small.hists[0].find((s) => s.name === `layer 8`)!;
    const central = lastLayer.counts.filter((_, i) => Math.abs(lastLayer.edges[i]) < 0.2).reduce((a, b) => a + b, 0);
    expect(central / lastLayer.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.9);
  });

  it("watch(model): the sigmoid stack's gradient fades towards the first layer though nothing is saturated", async () => {
    const out = await runTitled("Watching every layer while a model trains");
    const layers = out.watches[0];
    const grads = layers.map((l) => l.grad_norm!);
    expect(grads[0] / grads[grads.length - 1]).toBeLessThan(1e-3); // "several orders of magnitude"
    for (const l of layers.filter((l) => l.type === "Sigmoid")) expect(l.saturated).toBeLessThan(0.01); // "reads zero"
    expect(numberAfter(out, "steps:")).toBeCloseTo(Math.LN2, 2); // "never leaves ln 2"
  });

  it("the training loop logs one norm per weight per step", async () => {
    const out = await runTitled("Logging gradient norms while training");
    const series = out.plots[0];
    expect(Object.keys(series)).toHaveLength(5);
    for (const norms of Object.values(series)) expect(norms).toHaveLength(100);
  });
});

describe("initialization, normalization, residuals, clipping", () => {
  it("each initializer's measured variance matches its formula", async () => {
    for (const r of table(await runTitled("Initializers against their formulas")))
      expect(r["measured variance"] / r.formula).toBeCloseTo(1, 1);
  });

  it("tanh: too small dies, too large saturates, Xavier survives; ReLU: He holds, Xavier shrinks, too large explodes", async () => {
    const tanh = await runTitled("Signal scale through depth for five initializations");
    expect(row(tanh, "init", "too small (std 0.01)")["std @ 20"]).toBeLessThan(1e-6);
    expect(row(tanh, "init", "too large (std 1)")["std @ 1"]).toBeGreaterThan(0.9);
    expect(row(tanh, "init", "Xavier")["std @ 20"]).toBeGreaterThan(0.05);
    expect(row(tanh, "init", "Xavier")["std @ 20"]).toBeLessThan(row(tanh, "init", "Xavier")["std @ 1"]);
    const relu = await runTitled("Signal scale through depth for five initializations", { activation: "relu" });
    const he = row(relu, "init", "He");
    expect(he["std @ 20"] / he["std @ 1"]).toBeGreaterThan(0.2);
    expect(he["std @ 20"] / he["std @ 1"]).toBeLessThan(5);
    const xavier = row(relu, "init", "Xavier");
    expect(xavier["std @ 20"] / xavier["std @ 1"]).toBeLessThan(Math.SQRT1_2 ** 10);
    expect(row(relu, "init", "too large (std 1)")["std @ 20"]).toBeGreaterThan(1e6);
  });

  it("LayerNorm: scaling the input leaves the output unchanged and divides the gradient by the scale", async () => {
    const out = await runTitled("LayerNorm: scale in, same output, smaller gradient");
    const grads = out.lines.map((l) => numberAfter({ ...out, lines: [l] }, "input gradient norm"));
    for (const l of out.lines) expect(numberAfter({ ...out, lines: [l] }, "output change")).toBeLessThan(1e-4);
    expect(grads[1] / grads[0]).toBeCloseTo(0.1, 2);
    expect(grads[2] / grads[0]).toBeCloseTo(0.01, 3);
  });

  it("normalization removes the saturation of a tanh stack initialized too large", async () => {
    const rows = table(await runTitled("Normalization rescues a saturated tanh stack"));
    const share = (n: string) => rows.find((r) => r.normalization === n)!["saturated (|h| > 0.97)"];
    const spread = (n: string) => {
      const r = rows.find((r) => r.normalization === n)!;
      return r["first-layer grad norm"] / r["last-layer grad norm"];
    };
    expect(share("none")).toBeGreaterThan(0.25);
    expect(share("LayerNorm")).toBeLessThan(0.1);
    expect(share("BatchNorm")).toBeLessThan(0.1);
    // "saturated and exploding at once", and normalization "brings the two ends back into line"
    expect(spread("none")).toBeGreaterThan(1);
    for (const n of ["LayerNorm", "BatchNorm"]) expect(Math.abs(Math.log(spread(n)))).toBeLessThan(Math.log(spread("none")));
  });

  it("a residual block has the inner network's parameters and passes gradient to its input", async () => {
    const out = await runTitled("A residual block");
    expect(out.lines[0]).toContain("net.0.weight");
    expect(numberAfter(out, "gradient norm at the input:")).toBeGreaterThan(0);
  });

  it("thirty layers: the plain stack's first layer starves, the residual stack's does not", async () => {
    const [series] = (await runTitled("Plain versus residual: thirty layers")).plots;
    expect(first(series.plain) / last(series.plain)).toBeLessThan(1e-6);
    expect(first(series.residual) / last(series.residual)).toBeGreaterThan(0.1);
  });

  it("clipping scales the gradient to the threshold and keeps its direction", async () => {
    const out = await runTitled("Clipping the global norm");
    expect(numberAfter(out, "norm before clipping")).toBeGreaterThan(1);
    expect(numberAfter(out, ", after")).toBeCloseTo(1, 3);
    expect(numberAfter(out, "before and after:")).toBeCloseTo(1, 5);
  });
});

describe("choosing an activation", () => {
  it("with default init the eight-layer sigmoid network does not learn; every other activation does", async () => {
    const rows = table(await runTitled("One network, seven activations"));
    const sigmoid = rows.find((r) => r.activation === "sigmoid")!;
    const tanh = rows.find((r) => r.activation === "tanh")!;
    expect(sigmoid["loss after 20 steps"]).toBeCloseTo(Math.LN2, 2);
    // "some four orders of magnitude smaller than the tanh network's"
    const orders = Math.log10(tanh["first-layer gradient at step 0"] / sigmoid["first-layer gradient at step 0"]);
    expect(orders).toBeGreaterThan(3.5);
    expect(orders).toBeLessThan(5.5);
    for (const r of rows.filter((r) => r.activation !== "sigmoid")) expect(r["loss after 20 steps"]).toBeLessThan(0.6);
  });
});

describe("the gradient-flow lab's things to try", () => {
  const lab = async (settings: Record<string, unknown>) => {
    const out = await runTitled("Gradient-flow lab", settings);
    return { out, summary: table(out)[0], norms: out.plots[0]["weight gradient"] };
  };

  it("1. sigmoid with the default init: the first layer's gradient is orders of magnitude below the last's", async () => {
    expect((await lab({ activation: "sigmoid" })).summary["first / last layer gradient"]).toBeLessThan(1e-6);
  });

  it("2-3. too large a tanh init piles activations at ±1, and LayerNorm undoes it", async () => {
    const edgeShare = (out: Output) => {
      const lastLayer = out.hists[0].find((s) => s.name === "last layer")!;
      const edges = lastLayer.counts.filter((_, i) => Math.abs(lastLayer.edges[i] + (lastLayer.edges[1] - lastLayer.edges[0]) / 2) > 0.9);
      return edges.reduce((a, b) => a + b, 0) / lastLayer.counts.reduce((a, b) => a + b, 0);
    };
    const large = await lab({ init: "too large" });
    const normed = await lab({ init: "too large", norm: "layernorm" });
    expect(edgeShare(large.out)).toBeGreaterThan(0.5);
    expect(edgeShare(normed.out)).toBeLessThan(edgeShare(large.out) / 2);
    const spread = (r: number) => Math.abs(Math.log10(r));
    expect(spread(normed.summary["first / last layer gradient"])).toBeLessThan(spread(large.summary["first / last layer gradient"]));
  });

  it("4. ReLU with He init has a nearly flat profile, unlike the default init", async () => {
    const plain = await lab({ activation: "relu" });
    const he = await lab({ activation: "relu", init: "he" });
    expect(plain.summary["first / last layer gradient"]).toBeLessThan(1e-4);
    expect(he.summary["first / last layer gradient"]).toBeGreaterThan(0.05);
  });

  it("5. fifty residual sigmoid blocks still send gradient to the first layer", async () => {
    const plain = await lab({ activation: "sigmoid", depth: 50 });
    const residual = await lab({ activation: "sigmoid", depth: 50, residual: true });
    expect(plain.summary["first / last layer gradient"]).toBeLessThan(1e-20);
    expect(residual.summary["first / last layer gradient"]).toBeGreaterThan(1e-3);
  });

  it("6. clipping scales an enormous total norm down to exactly one", async () => {
    const { out, summary, norms } = await lab({ init: "too large", clip: 1 });
    expect(summary["total gradient norm"]).toBeGreaterThan(1e3);
    expect(summary["after clipping"]).toBeCloseTo(1, 4);
    // "the whole weight-gradient profile moves down by the same factor; the gradient into each layer's output stays put"
    const unclipped = await lab({ init: "too large" });
    const factor = summary["after clipping"] / summary["total gradient norm"];
    norms.forEach((n, i) => expect(n / unclipped.norms[i]).toBeCloseTo(factor, 6));
    expect(out.plots[0]["gradient into the layer's output"]).toEqual(unclipped.out.plots[0]["gradient into the layer's output"]);
  });
});
