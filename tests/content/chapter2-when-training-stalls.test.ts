// Chapter 2, "When training stalls": what the prose says each experiment shows, checked by running the live blocks
// (sometimes with a constant changed exactly as the text invites the reader to), plus independent references for the
// chapter's <Computed> numbers. The central claim: the broken configuration never learns and the fixed one reaches
// the loss threshold.
import { describe, it, expect } from "vitest";
import * as gradflow from "gradflow";
import { evaluateExpression, formatComputed, type ComputedFormat } from "../../src/components/computed-value";
import { readChapters, liveBlocks, computedUses } from "./chapter-source";
import { runWith, numberAfter, type Output } from "./block-output";
import { sigmoid, sigmoidSlope } from "./reference-math";

const chapter = readChapters().find((c) => c.slug === "when-training-stalls")!;
const blocks = liveBlocks(chapter.source);

/** The loss of a constant 50 % prediction: the level a network that learned nothing sits at. */
const CHANCE_LOSS = Math.log(2);
/** The training loss the fixed network must reach, as in the "make it train" exercise. */
const LOSS_THRESHOLD = 0.2;

type Row = Record<string, any>;

/** Runs the block with `id=…` after its setup blocks (constants replaced as a reader would edit them). */
function run(id: string, constants: Record<string, unknown> = {}): Promise<Output> {
  const block = blocks.find((b) => b.id === id);
  if (!block) throw new Error(`chapter 2 has no live block with id=${id}`);
  return runWith(block, constants);
}

const rowsOf = (out: Output, i = 0) => out.tables[i] as Row[];
const last = (xs: number[]) => xs[xs.length - 1];

describe("the settings the prose states are the ones the blocks use", () => {
  const code = (id: string) => blocks.find((b) => b.id === id)!.code;
  it("broken run and diagnosis: SGD at 10 for thirty epochs, batches of 64, 320 training rows, 32 sigmoid units", () => {
    for (const id of ["broken-run", "diagnose-stall"]) {
      expect(code(id)).toMatch(/^const lr = 10;$/m);
      expect(code(id)).toMatch(/^const epochs = 30;$/m);
      expect(code(id)).toContain("batch_size: 64");
      expect(code(id)).toContain("X.narrow(0, 0, 320)");
      expect(code(id)).toContain("new nn.Linear(4, 32),\n  new nn.Sigmoid(),\n  new nn.Linear(32, 32),");
    }
  });

  it("the comparison: SGD at 10 for 30 epochs on the same split, Adam from 0.001 decaying by 0.99 per epoch", () => {
    expect(code("bench")).toMatch(/^  lr: 10,$/m);
    expect(code("bench")).toMatch(/^const epochs = 30;$/m);
    expect(code("bench")).toContain("batch_size: 64");
    expect(code("bench")).toContain("X.narrow(0, 0, 320)");
    expect(code("bench")).toContain("X.narrow(0, 320, 80)");
    expect(code("comparison")).toMatch(/^const adamLr = 0\.001;$/m);
    expect(code("comparison")).toMatch(/^const gamma = 0\.99;$/m);
    // "30 epochs of five mini-batches of 64 rows are only 150 steps"
    expect(code("bench")).toMatch(/^const epochs = 30;$/m);
    expect(Math.ceil(320 / 64)).toBe(5);
    expect(5 * 30).toBe(150);
    expect(chapter.source).toContain("30 epochs of five mini-batches\nof 64 rows are only 150 steps");
  });

  it("every fix block builds on the bench and carries no training code of its own", () => {
    for (const id of ["fix-standardize", "fix-init", "fix-relu", "comparison"]) {
      const block = blocks.find((b) => b.id === id)!;
      expect(block.setup.map((b) => b.id)).toEqual(["bench"]);
      expect(block.code).not.toMatch(/function train|DataLoader|make_badly_scaled/);
    }
  });
});

describe("the broken run", () => {
  it("the prose's feature scales are the data set's, seven orders of magnitude apart", () => {
    const means = Object.fromEntries(gradflow.data.BADLY_SCALED_FEATURES.map((f) => [f.name, f.mean]));
    expect(means).toEqual({ error_rate: 0.005, rating: 3, distance_m: 300, income: 50_000 });
    expect(chapter.source).toContain("an error rate around\n$0.005$, a rating around $3$, a distance around $300$ metres and an income around $50\\,000$");
    expect(Math.log10(means.income / means.error_rate)).toBeCloseTo(7, 5);
  });

  it("never gets below the loss of a constant prediction, at the chapter's learning rate or a smaller one", async () => {
    for (const lr of [10, 1, 0.1]) {
      const out = await run("broken-run", { lr });
      expect(numberAfter(out, "lowest loss in 30 epochs:"), `lr ${lr}`).toBeGreaterThan(CHANCE_LOSS - 0.01);
    }
  });

  it("piles both hidden layers' outputs into the extreme bins and leaves the first layer practically no gradient", async () => {
    const out = await run("broken-run");
    for (const layer of out.hists[0]) {
      const total = layer.counts.reduce((a, b) => a + b, 0);
      const extremes = layer.counts[0] + last(layer.counts);
      expect(extremes / total, layer.name).toBeGreaterThan(0.99);
    }
    expect(numberAfter(out, "|grad| of 0.weight:")).toBeLessThan(1e-12);
    expect(numberAfter(out, "|grad| of 2.weight:")).toBeLessThan(0.01);
    expect(numberAfter(out, "|grad| of 4.weight:")).toBeGreaterThan(0.1);
  });
});

describe("diagnosis", () => {
  it("layer 1 starts saturated with a tiny gradient; after training both layers are saturated, layer 1's gradient ~0", async () => {
    const rows = rowsOf(await run("diagnose-stall"));
    const [before1, before2, after1, after2] = rows;
    expect(before1.saturated).toBeGreaterThan(0.99);
    // Values that are all exactly 0 or 1 with mean m have population std sqrt(m (1 - m)); the table's std is the
    // sample std, larger by sqrt(n / (n - 1)), a negligible factor for 320 × 32 values.
    expect(before1.std / Math.sqrt(before1.mean * (1 - before1.mean))).toBeCloseTo(1, 3);
    expect(before1["|grad W|"]).toBeLessThan(before2["|grad W|"] / 1000);
    expect(before2.saturated).toBeLessThan(0.3);
    expect(before2["|grad W|"]).toBeGreaterThan(0.1);
    expect(after1.saturated).toBeGreaterThan(0.99);
    expect(after2.saturated).toBeGreaterThan(0.99);
    expect(after1["|grad W|"]).toBeLessThan(1e-12);
  });
});

describe("fix 1: standardized inputs", () => {
  it("the scaler learns the training rows' column means and population stds", async () => {
    const { X } = gradflow.data.make_badly_scaled({ n_samples: 400 });
    const rows = (X.narrow(0, 0, 320).tolist() as number[][]);
    const mean = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
    const std = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - m) ** 2, 0) / rows.length));
    const out = await run("scaler");
    const parse = (label: string) => (out.lines.find((l) => l.startsWith(label))!.match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? []).map(Number);
    parse("mean_").forEach((v, j) => expect(v / mean[j]).toBeCloseTo(1, 3));
    parse("scale_").forEach((v, j) => expect(v / std[j]).toBeCloseTo(1, 3));
  });

  it("standardizing takes the first layer from all saturated to a few percent", async () => {
    const share = Object.fromEntries(rowsOf(await run("scaler")).map((r) => [r.rows, r["saturated share"]]));
    expect(share.raw).toBe(1);
    expect(share["scaled train"]).toBeLessThan(0.1);
    expect(share["scaled test"]).toBeLessThan(0.1);
  });

  it("both the scaler and the normalization layer turn the stall into learning, after a rough first epoch", async () => {
    const [curves] = (await run("fix-standardize")).plots;
    const scaler = curves["2 + StandardScaler"], layer = curves["2b + normalization layer"];
    expect(Math.min(...curves["1 broken"])).toBeGreaterThan(CHANCE_LOSS);
    for (const curve of [scaler, layer]) {
      expect(curve[0]).toBeGreaterThan(1);
      expect(curve.findIndex((loss) => loss < CHANCE_LOSS)).toBeLessThan(5); // "within a few epochs"
      expect(last(curve)).toBeLessThan(LOSS_THRESHOLD);
    }
    expect(Math.abs(last(layer) / last(scaler) - 1)).toBeLessThan(0.5);
  });
});

describe("fix 2: initialization", () => {
  it("Xavier and He stay within their bounds; the standard normal saturates a fifth of a sigmoid layer", async () => {
    const rows = Object.fromEntries(rowsOf(await run("init")).map((r) => [r.init, r]));
    const bounds = { "Xavier uniform": Math.sqrt(6 / 64), "He uniform": Math.sqrt(6 / 32) };
    for (const [name, a] of Object.entries(bounds)) {
      expect(rows[name]["largest |w|"]).toBeLessThanOrEqual(a);
      expect(rows[name]["largest |w|"]).toBeGreaterThan(0.9 * a);
      expect(rows[name]["std of z"]).toBeLessThan(1);
      expect(rows[name]["saturated share"]).toBe(0);
    }
    expect(rows["standard normal"]["std of z"]).toBeGreaterThan(2);
    expect(rows["standard normal"]["saturated share"]).toBeGreaterThan(0.15);
    expect(rows["standard normal"]["saturated share"]).toBeLessThan(0.25);
  });

  it("in a wider layer the standard normal saturates more, the scaled initializers still nothing", async () => {
    const at = async (width: number) => Object.fromEntries(rowsOf(await run("init", { width })).map((r) => [r.init, r]));
    const narrow = await at(32), wide = await at(256);
    expect(wide["standard normal"]["saturated share"]).toBeGreaterThan(narrow["standard normal"]["saturated share"]);
    expect(wide["Xavier uniform"]["saturated share"]).toBe(0);
    expect(wide["He uniform"]["saturated share"]).toBe(0);
  });

  it("Xavier starts far lower than the standard normal and ends in about the same place", async () => {
    const [curves] = (await run("fix-init")).plots;
    const scaled = curves["2 + StandardScaler"], xavier = curves["3 + Xavier init"];
    expect(xavier[0]).toBeLessThan(scaled[0] / 2);
    expect(last(xavier) / last(scaled)).toBeGreaterThan(0.5);
    expect(last(xavier) / last(scaled)).toBeLessThan(2);
  });
});

describe("fix 3: ReLU with the same learning rate", () => {
  it("explodes to a loss in the tens of thousands and ends no better than a constant prediction", async () => {
    const [curves] = (await run("fix-relu")).plots;
    const relu = curves["4 + ReLU, He init"];
    expect(relu[0]).toBeGreaterThan(1e4);
    expect(Math.min(...relu.slice(1))).toBeGreaterThan(CHANCE_LOSS - 0.05);
  });
});

describe("the comparison: broken against fixed", () => {
  const ADAM = "5 + Adam, ExponentialLR";
  /** The comparison block's rows by recipe and its curves, with Adam's rate and decay as the reader sets them. */
  async function compared(constants: { adamLr?: number; gamma?: number } = {}) {
    const out = await run("comparison", constants);
    return { rows: Object.fromEntries(rowsOf(out).map((r) => [r.recipe, r])), curves: out.plots[0] };
  }
  const final = "final loss", worst = "worst loss";

  it("the broken recipe stays above chance; Adam from 0.001 with ExponentialLR reaches the threshold, falling every epoch", async () => {
    const { rows, curves } = await compared();
    expect(Math.min(...curves["1 broken"])).toBeGreaterThan(2 * CHANCE_LOSS); // "never approaches" ln 2
    expect(rows["1 broken"][final]).toBeGreaterThan(CHANCE_LOSS);
    expect(rows["1 broken"]["test accuracy"]).toBeLessThan(0.6);

    const fixed = rows[ADAM];
    expect(fixed[final]).toBeLessThan(LOSS_THRESHOLD);
    expect(fixed["test accuracy"]).toBeGreaterThan(0.9);
    const adam = curves[ADAM];
    for (let i = 1; i < adam.length; i++) expect(adam[i], `epoch ${i + 1}`).toBeLessThan(adam[i - 1]); // "goes down in every epoch"
    expect(fixed[worst]).toBeLessThan(CHANCE_LOSS); // "never rises above the ln 2 line"
    for (const [name, row] of Object.entries(rows)) {
      if (row === fixed) continue;
      expect(row[worst], `${name}: the only recipe never above ln 2`).toBeGreaterThan(CHANCE_LOSS);
      expect(fixed[worst], `worst loss vs ${name}`).toBeLessThan(row[worst]);
    }
    expect(rows["2 + StandardScaler"]["test accuracy"]).toBeGreaterThan(0.9);
    expect(rows["4 + ReLU, He init"][worst]).toBeGreaterThan(1e4);
    expect(rows["4 + ReLU, He init"]["test accuracy"]).toBeLessThan(0.6);
  });

  it("it does not end lowest: both SGD recipes on standardized inputs end below it, plain SGD lowest of all", async () => {
    const { rows } = await compared();
    expect(rows["2 + StandardScaler"][final]).toBeLessThan(rows[ADAM][final]);
    expect(rows["3 + Xavier init"][final]).toBeLessThan(rows[ADAM][final]);
    for (const [name, row] of Object.entries(rows))
      if (name !== "2 + StandardScaler") expect(rows["2 + StandardScaler"][final], name).toBeLessThan(row[final]);
  });

  it("the quiz: from 0.01 instead of 0.001, Adam ends much lower and still never rises above ln 2", async () => {
    const slow = (await compared()).rows[ADAM];
    const fast = (await compared({ adamLr: 0.01 })).rows[ADAM];
    expect(fast[final]).toBeLessThan(slow[final] / 2); // "much lower", not "about the same"
    expect(fast[worst]).toBeLessThan(CHANCE_LOSS); // no explosion
  });

  it("at 0.001, 0.01 and 0.1 the ReLU network under Adam never rises above ln 2", async () => {
    for (const adamLr of [0.001, 0.01, 0.1])
      expect((await compared({ adamLr })).rows[ADAM][worst], `adamLr ${adamLr}`).toBeLessThan(CHANCE_LOSS);
  });

  it("the decay: from 0.001 no decay ends a little lower; from 0.1 no decay bounces, gamma 0.9 settles lower", async () => {
    const decayed = (await compared()).rows[ADAM][final];
    const constant = (await compared({ gamma: 1 })).rows[ADAM][final];
    expect(constant).toBeLessThan(decayed);
    expect(constant).toBeGreaterThan(0.75 * decayed); // "a little"

    const bold = (await compared({ adamLr: 0.1, gamma: 1 })).curves[ADAM];
    const settled = (await compared({ adamLr: 0.1, gamma: 0.9 })).curves[ADAM];
    expect(last(bold)).toBeGreaterThan(1.5 * Math.min(...bold)); // "well above the lowest point it reached"
    expect(last(settled)).toBeLessThan(1.05 * Math.min(...settled)); // "settles"
    expect(last(settled)).toBeLessThan(last(bold));
  });
});

describe("questions readers ask", () => {
  it("the sigmoid's slope matches sigma(1 - sigma) and is exactly flat at 1000", async () => {
    for (const row of rowsOf(await run("faq-saturation"))) {
      expect(row["sigmoid(x)"]).toBeCloseTo(sigmoid(row.x), 6);
      expect(row["slope at x"]).toBeCloseTo(sigmoidSlope(row.x), 6);
    }
    const far = rowsOf(await run("faq-saturation")).find((r) => r.x === 1000)!;
    expect(far["slope at x"]).toBe(0);
    expect(far["sigmoid(x + 1) - sigmoid(x)"]).toBe(0);
  });

  it("a unit started far out gets a first gradient hundreds of times smaller and stays on its plateau", async () => {
    const out = await run("faq-slow");
    const near = out.lines.find((l) => l.startsWith("w from 1:"))!, far = out.lines.find((l) => l.startsWith("w from 8:"))!;
    const wrap = (line: string): Output => ({ ...out, lines: [line] });
    expect(numberAfter(wrap(near), "first gradient") / numberAfter(wrap(far), "first gradient")).toBeGreaterThan(200);
    expect(numberAfter(wrap(near), "output")).toBeLessThan(0.1);
    expect(numberAfter(wrap(far), "output")).toBeGreaterThan(0.99);
  });

  it("ReLU's slope is 1 for every positive input and 0 for every negative one", async () => {
    const line = (await run("faq-relu")).lines.find((l) => l.startsWith("relu"))!;
    expect(line).toContain("tensor([0., 0., 1., 1., 1., 1.])");
  });

  it("five SGD steps at 10 kill most of the second ReLU layer; at 0.1 none die", async () => {
    const share = (out: Output) => Number(last(out.lines).split(",").pop());
    expect(share(await run("faq-dead"))).toBeGreaterThan(0.5);
    expect(share(await run("faq-dead", { lr: 0.1 }))).toBe(0);
  });
});

describe("<Computed> numbers in chapter 2", () => {
  const references: Record<string, number> = {
    "Math.log(2)": 0.6931471805599453,
    "Math.sqrt(6 / (32 + 32))": 0.30618621784789724,
    "Math.sqrt(6 / 32)": 0.4330127018922193,
    "0.001 * Math.pow(0.99, 30)": 0.001 * Array.from({ length: 30 }).reduce<number>((lr) => lr * 0.99, 1),
  };
  for (const use of computedUses(chapter.source)) {
    it(`${use.expr}`, () => {
      expect(references[use.expr], `add an independent reference for <Computed expr="${use.expr}">`).toBeDefined();
      const options = { digits: use.digits, format: use.format as ComputedFormat | undefined };
      const value = evaluateExpression(use.expr, gradflow as any);
      expect(formatComputed(value, options)).toBe(formatComputed(references[use.expr], options));
    });
  }
});
