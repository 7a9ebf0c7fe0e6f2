// Our side of a row. Where the engine has kernel backends (torch.set_backend, WebAssembly SIMD with the JavaScript
// kernels as fallback), a row times both: "gradflow" on the default backend and "gradflow-js" forced to the JS
// kernels. Tensors are plain Float32Arrays on either backend, so the two share nothing but the code.
import { torch } from "gradflow";
import type { Contestant } from "./measure";

type KernelBackend = "js" | "wasm";
const kernels = torch as unknown as { set_backend?: (b: KernelBackend) => void; get_backend?: () => KernelBackend };

/** The default kernel backend ("js" when the engine has only one). */
export const defaultBackend: KernelBackend = kernels.get_backend?.() ?? "js";

/** One contestant per kernel backend; `make` builds a row's inputs and returns its timed call. */
export function ourContestants(make: () => () => void): Contestant[] {
  const { set_backend } = kernels;
  if (!set_backend || defaultBackend === "js") return [{ name: "gradflow", run: make() }];
  return [
    { name: "gradflow", activate: async () => set_backend(defaultBackend), run: make() },
    { name: "gradflow-js", activate: async () => set_backend("js"), run: make() },
  ];
}

/** Back to the default backend once a row is done. */
export function restoreBackend(): void {
  kernels.set_backend?.(defaultBackend);
}
