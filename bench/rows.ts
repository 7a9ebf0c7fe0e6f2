// The benchmark rows: each is one task written twice — in gradflow, and in TensorFlow.js the way a tfjs user would
// write it — so a row compares the same work. `perCall` is the work of one call in the row's unit, so a
// throughput is perCall / seconds and ratios are throughput ratios (> 1: gradflow is faster).
import { F, nn, optim, torch, type Tensor } from "gradflow";
import type { MeasureOptions } from "./measure";
import type { Tf } from "./peers";

export type Unit = "GFLOP/s" | "Melem/s" | "steps/s";

export interface Row {
  id: string;
  label: string;
  unit: Unit;
  perCall: number;
  /** Inputs are built once; the returned function is the timed call. */
  ours: () => () => void;
  peer: (tf: Tf) => () => void;
  /** Timing for rows where one tfjs-cpu call takes seconds: a few interleaved calls, no time budget. */
  timing?: MeasureOptions;
}

const N_ELEMENTS = 1 << 20;
// Five calls per contestant: with three, a median under this machine's load swung by up to 2x between runs.
const SLOW: MeasureOptions = { warmup: 1, minRuns: 5, budgetMs: 0, turnMs: 0 };

function matmulRow(n: number): Row {
  return {
    id: `matmul-${n}`, label: `matmul ${n}×${n} @ ${n}×${n}`, unit: "GFLOP/s", perCall: (2 * n ** 3) / 1e9,
    // Kernels are warm from the smaller sizes; a 1024² call is seconds of CPU time on tfjs-cpu, steady to a few %.
    timing: n >= 1024 ? { ...SLOW, warmup: 0, minRuns: 2 } : n >= 512 ? SLOW : undefined,
    ours: () => {
      const a = torch.randn(n, n), b = torch.randn(n, n);
      return () => void a.matmul(b);
    },
    peer: (tf) => {
      const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
      return () => tf.tidy(() => void tf.matMul(a, b));
    },
  };
}

type Activation = "tanh" | "sigmoid" | "gelu";

const oursActivation: Record<Activation, (x: Tensor) => Tensor> = {
  tanh: (x) => x.tanh(),
  sigmoid: (x) => x.sigmoid(),
  gelu: (x) => F.gelu(x),
};

// tfjs has no gelu op; tfjs-layers builds the exact (erf) GELU from core ops like this.
const peerActivation = (tf: Tf): Record<Activation, (x: import("@tensorflow/tfjs-core").Tensor) => import("@tensorflow/tfjs-core").Tensor> => ({
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
});

function activationForward(act: Activation): Row {
  return {
    id: `${act}-forward`, label: `${act} forward, 1M`, unit: "Melem/s", perCall: N_ELEMENTS / 1e6,
    ours: () => {
      const x = torch.randn(N_ELEMENTS);
      return () => void oursActivation[act](x);
    },
    peer: (tf) => {
      const x = tf.randomNormal([N_ELEMENTS]), f = peerActivation(tf)[act];
      return () => tf.tidy(() => void f(x));
    },
  };
}

/** Forward, then the backward of an upstream gradient dy (the vector-Jacobian product a layer computes). */
function activationBackward(act: Activation): Row {
  return {
    id: `${act}-forward-backward`, label: `${act} forward+backward, 1M`, unit: "Melem/s", perCall: N_ELEMENTS / 1e6,
    ours: () => {
      const x = torch.randn(N_ELEMENTS, { requires_grad: true }), dy = torch.randn(N_ELEMENTS);
      return () => void torch.autograd.grad(oursActivation[act](x), x, { grad_outputs: dy });
    },
    peer: (tf) => {
      const x = tf.randomNormal([N_ELEMENTS]), dy = tf.randomNormal([N_ELEMENTS]);
      const vjp = tf.grad(peerActivation(tf)[act]);
      return () => tf.tidy(() => void vjp(x, dy));
    },
  };
}

const sumRow: Row = {
  id: "sum", label: "sum, 1M", unit: "Melem/s", perCall: N_ELEMENTS / 1e6,
  ours: () => {
    const x = torch.randn(N_ELEMENTS);
    return () => void x.sum();
  },
  peer: (tf) => {
    const x = tf.randomNormal([N_ELEMENTS]);
    return () => tf.tidy(() => void tf.sum(x));
  },
};

const BATCH = 64, LR = 0.01;

/** Layer widths of an MLP: 128 inputs, `hidden` tanh layers of width 256, 10 classes. */
const widths = (hidden: number): number[] => [128, ...Array<number>(hidden).fill(256), 10];

/** One SGD step (zero_grad, forward, cross-entropy, backward, update) on a fixed batch. */
function trainStepRow(hidden: number): Row {
  const w = widths(hidden);
  return {
    id: `train-mlp-${hidden}`, label: `train step, MLP 128-${hidden > 2 ? `256×${hidden}` : "256-256"}-10 tanh, batch ${BATCH}`, unit: "steps/s", perCall: 1,
    timing: hidden > 2 ? { ...SLOW, warmup: 2 } : undefined,
    ours: () => {
      torch.manual_seed(0);
      const layers: nn.Module[] = [];
      for (let i = 0; i + 1 < w.length; i++) {
        layers.push(new nn.Linear(w[i], w[i + 1]));
        if (i + 2 < w.length) layers.push(new nn.Tanh());
      }
      const model = new nn.Sequential(...layers);
      const opt = new optim.SGD(model.parameters(), { lr: LR });
      const x = torch.randn(BATCH, w[0]), y = torch.randint(0, 10, [BATCH]);
      return () => {
        opt.zero_grad();
        F.cross_entropy(model(x), y).backward();
        opt.step();
      };
    },
    peer: (tf) => {
      // PyTorch's default Linear init range, so both nets see activations of the same size.
      const params = w.slice(0, -1).map((fanIn, i) => {
        const bound = 1 / Math.sqrt(fanIn);
        return { W: tf.variable(tf.randomUniform([fanIn, w[i + 1]], -bound, bound)), b: tf.variable(tf.randomUniform([w[i + 1]], -bound, bound)) };
      });
      const x = tf.randomNormal([BATCH, w[0]]);
      const labels = tf.oneHot(tf.randomUniform([BATCH], 0, 10, "int32"), 10);
      const opt = tf.train.sgd(LR);
      const loss = () => {
        let h = x;
        params.forEach(({ W, b }, i) => {
          h = tf.add(tf.matMul(h, W), b);
          if (i + 1 < params.length) h = tf.tanh(h);
        });
        return tf.losses.softmaxCrossEntropy(labels, h) as import("@tensorflow/tfjs-core").Scalar;
      };
      return () => tf.tidy(() => void opt.minimize(loss));
    },
  };
}

export const ROWS: readonly Row[] = [
  ...[128, 256, 512, 1024].map(matmulRow),
  ...(["tanh", "sigmoid", "gelu"] as const).flatMap((a) => [activationForward(a), activationBackward(a)]),
  sumRow,
  trainStepRow(2),
  trainStepRow(10),
];

/** `--only <text>` keeps the rows whose id contains the text; no flag runs them all. */
export function selectRows(argv: readonly string[]): { rows: readonly Row[]; partial: boolean } {
  const i = argv.indexOf("--only");
  if (i < 0) return { rows: ROWS, partial: false };
  const rows = ROWS.filter((r) => r.id.includes(argv[i + 1] ?? ""));
  if (rows.length === 0) throw new Error(`--only ${argv[i + 1]}: no row id matches; ids are ${ROWS.map((r) => r.id).join(", ")}`);
  return { rows, partial: true };
}
