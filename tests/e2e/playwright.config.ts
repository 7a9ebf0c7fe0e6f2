// End-to-end tests against the built site (dist/), served by a tiny static server, in the system
// Chromium (see chromium-path.mjs; Playwright never downloads a browser here).
// Any tests/e2e/**/*.spec.ts file is picked up. Run: `npm run build && npm run test:e2e`.
import { defineConfig } from "@playwright/test";
import { findChromium, CHROMIUM_ARGS } from "./chromium-path.mjs";

const port = Number(process.env.E2E_PORT ?? 4322);
const baseURL = `http://127.0.0.1:${port}`;
// E2E_RESULTS moves reports and traces elsewhere, e.g. when two developers test in one work tree.
const results = process.env.E2E_RESULTS ?? "../../test-results";

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: `${results}/e2e-artifacts`,
  fullyParallel: true,
  // Two cores: one browser per core.
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: `${results}/e2e.json` }]],
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    // The offline service worker would precache the whole site (~25 MB) in every test's fresh profile; only
    // offline.spec.ts, which tests it, lets it register.
    serviceWorkers: "block",
  },
  webServer: {
    command: `node tests/e2e/static-server.mjs ${port}`,
    cwd: "../..",
    url: `${baseURL}/`,
    // Never reuse: a server left on the port may be serving another build.
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
