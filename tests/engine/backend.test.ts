// The kernel backend this run uses (vitest runs the engine suite once per backend) and switching between them.
import { describe, expect, it } from "vitest";
import { torch } from "gradflow";

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
