// `npm test`: every suite, in the order a failure is cheapest to find.
//   1. vitest (tests/engine, tests/site, tests/content)
//   2. the site build (astro build + Pagefind index): a broken formula or page fails here
//   3. the Playwright end-to-end suite (tests/e2e) in the system Chromium against the built site
// Ends with one line, `N passed, N failed`, summing all suites; exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const results = "test-results";
mkdirSync(results, { recursive: true });
const vitestJson = `${results}/vitest.json`;
const e2eJson = `${results}/e2e.json`;
rmSync(vitestJson, { force: true });
rmSync(e2eJson, { force: true });

const tally = [];

function run(name, command, args) {
  console.log(`\n━━ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`━━ ${name} finished in ${seconds} s (exit ${status})`);
  return status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

// 1. Unit, property and content tests.
const vitestOk = run("vitest", "npx", [
  "vitest", "run", "--passWithNoTests", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  // A test file that fails to import has no test results but must still count as a failure.
  const brokenFiles = vitest.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
  tally.push({ suite: "vitest", passed: vitest.numPassedTests, failed: vitest.numFailedTests + brokenFiles });
} else {
  tally.push({ suite: "vitest", passed: 0, failed: 1 });
}
if (vitest && !vitestOk && tally[0].failed === 0) tally[0].failed = 1;

// 2. The build is a test too: KaTeX errors and broken pages fail it.
const buildOk = run("build", "npm", ["run", "build"]);
tally.push({ suite: "build", passed: buildOk ? 1 : 0, failed: buildOk ? 0 : 1 });

// 3. End-to-end, only when there is a site to test.
if (buildOk && existsSync("dist/index.html")) {
  const e2eOk = run("e2e", "npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts"]);
  const stats = readJson(e2eJson)?.stats;
  const e2e = stats
    ? { suite: "e2e", passed: stats.expected + stats.flaky, failed: stats.unexpected }
    : { suite: "e2e", passed: 0, failed: 1 };
  if (!e2eOk && e2e.failed === 0) e2e.failed = 1;
  tally.push(e2e);
} else {
  console.log("\n━━ e2e skipped: the site did not build");
  tally.push({ suite: "e2e", passed: 0, failed: 1 });
}

console.log("");
for (const { suite, passed, failed } of tally) console.log(`${suite.padEnd(8)} ${passed} passed, ${failed} failed`);
const passed = tally.reduce((sum, t) => sum + t.passed, 0);
const failed = tally.reduce((sum, t) => sum + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
