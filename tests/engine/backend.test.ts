// The kernel backend this run uses (vitest runs the engine suite once per backend) and switching between them.
import { describe, expect, it } from "vitest";
import { F, torch } from "gradflow";

describe("kernel backend", () => {
  it("is the one GRADFLOW_BACKEND asks for, WASM by default", () => {
    expect(torch.get_backend()).toBe(process.env.GRADFLOW_BACKEND ?? "wasm");
  });

  it("switches both ways and rejects unknown names, naming the choices", () => {
    const start = torch.get_backend();
    try {
      torch.set_backend("js");
      expect(torch.get_backend()).toBe("js");
      torch.set_backend("wasm");
      expect(torch.get_backend()).toBe("wasm");
      expect(() => torch.set_backend("gpu" as "js")).toThrow(/set_backend: unknown backend "gpu"; use "js" or "wasm"/);
    } finally {
      torch.set_backend(start);
    }
  });
});

describe("both backends compute the same training step", () => {
  /** Loss and parameter gradients of a small network using every WASM kernel family, on the given backend. */
  function step(backend: "js" | "wasm") {
    const start = torch.get_backend();
    torch.set_backend(backend);
    try {
      torch.manual_seed(7);
      const x = torch.randn(33, 20);
      const w1 = torch.randn(20, 37, { requires_grad: true }), w2 = torch.randn(37, 11, { requires_grad: true });
      const w3 = torch.randn(11, 5, { requires_grad: true });
      const h1 = x.matmul(w1).mul(0.2).tanh();
      const h2 = F.gelu(h1.matmul(w2)).sigmoid().add(F.relu(h1.matmul(w2)));
      const p = F.softmax(h2.matmul(w3), -1);
      const loss = p.mul(torch.arange(5, { dtype: torch.float32 })).sum().add(h2.exp().mean()).add(h1.abs().amax());
      loss.backward();
      return { loss: loss.item(), grads: [w1, w2, w3].map((w) => w.grad!.tolist().flat() as number[]) };
    } finally {
      torch.set_backend(start);
    }
  }

  it("gives the same loss and gradients on js and wasm, to float32 tolerance", () => {
    const js = step("js"), wasm = step("wasm");
    expect(Math.abs(wasm.loss - js.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(js.loss));
    js.grads.forEach((g, k) => {
      const scale = Math.max(...g.map(Math.abs));
      g.forEach((v, i) => expect(Math.abs(wasm.grads[k][i] - v), `w${k + 1}[${i}]`).toBeLessThanOrEqual(1e-5 * scale));
    });
  });
});
