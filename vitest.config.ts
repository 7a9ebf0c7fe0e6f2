import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: { gradflow: fileURLToPath(new URL("./engine/index.ts", import.meta.url)) },
  },
  test: {
    include: ["tests/engine/**/*.test.ts", "tests/site/**/*.test.ts", "tests/content/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
