import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: { gradflow: fileURLToPath(new URL("./engine/index.ts", import.meta.url)) },
  },
  test: {
    testTimeout: 30_000,
    // The engine suite runs once per kernel backend (engine/kernels/index.ts reads GRADFLOW_BACKEND).
    projects: [
      { extends: true, test: { name: "engine:wasm", include: ["tests/engine/**/*.test.ts"], env: { GRADFLOW_BACKEND: "wasm" } } },
      { extends: true, test: { name: "engine:js", include: ["tests/engine/**/*.test.ts"], env: { GRADFLOW_BACKEND: "js" } } },
      { extends: true, test: { name: "site", include: ["tests/site/**/*.test.ts", "tests/content/**/*.test.ts"] } },
    ],
  },
});
