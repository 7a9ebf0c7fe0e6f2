// Broken storage never costs the reader their page: with localStorage blocked, full, or failing on every call, pages
// load, blocks run, exercises grade and quizzes check, nothing throws, and the reader is told once that their work
// cannot be saved. Corrupt or old-version data is dropped entry by entry, and valid data beside it is kept.
import { test, expect } from "@playwright/test";
import { chapterPaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";
import { loadSolution, submit } from "./exercise-actions";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0]!;
test.slow(); // grading runs real code in the worker, and the chapter is long

/** Init scripts that break localStorage before any page script runs. */
const faults = {
  "blocked (throws on access, as in some private modes)": () => {
    Object.defineProperty(window, "localStorage", {
      get: () => {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  },
  "full (every save exceeds the quota)": () => {
    Storage.prototype.setItem = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  },
  "failing on every call": () => {
    for (const name of ["getItem", "setItem", "removeItem", "key", "clear"] as const)
      Storage.prototype[name] = function () {
        throw new DOMException("storage failed", "UnknownError");
      };
  },
};

for (const [what, breakStorage] of Object.entries(faults))
  test(`storage ${what}: the page works and says once that work cannot be saved`, async ({ page }) => {
    await page.addInitScript(breakStorage);
    const problems = trackPageProblems(page);
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(chapter);
    const notice = page.locator(".storage-notice");
    await expect(notice).toHaveCount(1);
    await expect(notice).toHaveAttribute("role", "status");

    // Edit (load the solution), run, grade, answer a quiz: every save fails, nothing else does.
    const exercise = page.locator("#exercise-sigmoid-derivative");
    await loadSolution(exercise);
    const block = exercise.locator("[data-live-block]");
    await block.getByRole("button", { name: /^Run/ }).click();
    await expect(block).toHaveAttribute("data-state", "ok", { timeout: 30_000 });
    expect(await submit(exercise)).toBe("passed");
    await expect(exercise.locator("[data-badge]")).toHaveText("Not attempted"); // nothing could be recorded
    const question = page.locator("#quiz-saturation-by-the-numbers [data-question]").first();
    await question.getByRole("textbox").fill("6.65e-3");
    await question.getByRole("button", { name: /^Check/ }).click();
    await expect(question.locator("[data-feedback]")).toHaveText("Correct.");
    await expect(notice).toHaveCount(1);

    await page.goto("/progress/");
    await expect(page.locator("[data-progress-item]").first()).toBeVisible();
    await expect(page.locator(".storage-notice")).toHaveCount(1);
    expect(problems).toEqual([]);
  });

test("corrupt and old-version data is dropped; valid data beside it is kept; nothing throws", async ({ page }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(chapter);
  // A valid edit and a valid quiz answer, saved by the page itself.
  const exercise = page.locator("#exercise-sigmoid-derivative");
  await loadSolution(exercise);
  await exercise.getByRole("button", { name: /^Submit/ }).click();
  await expect(exercise.locator("[data-results]")).toHaveAttribute("data-outcome", "passed", { timeout: 30_000 });
  const question = page.locator("#quiz-saturation-by-the-numbers [data-question]").first();
  await question.getByRole("textbox").fill("6.65e-3");
  await question.getByRole("button", { name: /^Check/ }).click();

  // Then every other kind of key is damaged: torn JSON, wrong types, other versions, hostile keys.
  const blockIds = await page.locator("[data-live-block]").evaluateAll((blocks) => blocks.map((b) => b.id));
  await page.evaluate(
    ({ path, ids }) => {
      const damaged: Record<string, string> = {
        [`gradflow:v1:edit:${path}#${ids[0]}`]: '{"original":"x","code":"torn',
        [`gradflow:v1:edit:${path}#${ids[1]}`]: JSON.stringify({ original: 5, code: ["not", "code"] }),
        [`gradflow:v1:controls:${path}#${ids[2]}`]: '{"__proto__":{"polluted":1},"depth":"1e999"',
        "gradflow:v1:report:saturation-and-gradient-flow/repeated-multiplication": '{"version":1,"status":"ok","report":{"type":"grade","results":"all"}}',
        "gradflow:v1:report:saturation-and-gradient-flow/dead-unit-fraction": JSON.stringify({ version: 1, status: "ok", output: [], savedAt: 1e300 }),
        "gradflow:v1:quiz:saturation-and-gradient-flow/dead-relu-diagnosis": '{"version":1,"answers":{"0":{"kind":"choice","selected":[99,-1]}}}',
        "gradflow:v1:quiz:saturation-and-gradient-flow/why-sigmoid-saturates": "[[[[[[",
        "gradflow:v0:progress": "an old version's key",
      };
      for (const [key, value] of Object.entries(damaged)) localStorage.setItem(key, value);
      // Progress: one valid entry kept beside a hostile one and one from a time no date can hold.
      const progress = JSON.parse(localStorage.getItem("gradflow:v1:progress")!);
      progress.items["saturation-and-gradient-flow/dead-unit-fraction"] = { status: "passed", attempts: 1, lastAttempt: 1e300 };
      progress.items.constructor = { status: "passed", attempts: 1, lastAttempt: 1 };
      localStorage.setItem("gradflow:v1:progress", JSON.stringify(progress));
    },
    { path: new URL(page.url()).pathname, ids: blockIds },
  );

  const problems = trackPageProblems(page);
  await page.reload();
  await expect(exercise.locator("[data-badge]")).toHaveText(/^Passed/);
  await expect(exercise.locator("[data-results]")).toHaveAttribute("data-outcome", "passed");
  await expect(exercise.locator("[data-modified]")).toBeVisible();
  await expect(question.getByRole("textbox")).toHaveValue("6.65e-3");
  await expect(page.locator("#exercise-dead-unit-fraction [data-results]")).toBeHidden();
  await expect(page.locator(".storage-notice")).toHaveCount(0); // storage works: nothing to tell
  await page.goto("/progress/");
  await expect(page.locator("[data-progress-item='saturation-and-gradient-flow/sigmoid-derivative'] [data-status]")).toHaveText("Passed");
  await expect(page.locator("[data-progress-item='saturation-and-gradient-flow/dead-unit-fraction'] [data-status]")).toHaveText("Not attempted");
  expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
  expect(problems).toEqual([]);
});

test("importing a malformed or hostile progress file is refused with a message; current progress stays as it was", async ({ page }) => {
  const key = "saturation-and-gradient-flow/sigmoid-derivative";
  const progress = JSON.stringify({ version: 1, items: { [key]: { status: "passed", attempts: 3, lastAttempt: 1e12, passedAt: 1e12 } } });
  await page.addInitScript((value) => localStorage.getItem("gradflow:v1:progress") ?? localStorage.setItem("gradflow:v1:progress", value), progress);
  const problems = trackPageProblems(page);
  await page.goto("/progress/");
  const status = page.locator(`[data-progress-item='${key}'] [data-status]`);
  await expect(status).toHaveText("Passed");
  const head = '{"format":"gradient-flow-progress","version":1,"items":';
  const entry = '{"status":"passed","attempts":1,"lastAttempt":1}';
  const files: [string, string | Buffer][] = [
    ["not JSON", "<html><script>alert(1)</script>"],
    ["binary", Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x89, 0x50])],
    ["huge", Buffer.alloc(5_000_000, 0x20)],
    ["prototype pollution", `${head}{"__proto__":${entry},"${key}":${entry}}}`],
    ["constructor key", `${head}{"constructor":{"prototype":${entry}}}}`],
    ["wrong types", `${head}{"${key}":{"status":true,"attempts":"1","lastAttempt":null}}}`],
    ["items as a list", `${head}[${entry}]}`],
    ["deeply nested", `${head}{"${key}":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`],
    ["a time no date can hold", `${head}{"${key}":{"status":"attempted","attempts":1,"lastAttempt":1e300}}}`],
    ["another version", '{"format":"gradient-flow-progress","version":99,"items":{}}'],
  ];
  for (const [name, body] of files) {
    await page.locator("[data-import]").setInputFiles({ name: `${name}.json`, mimeType: "application/json", buffer: Buffer.from(body) });
    await expect(page.locator("[data-message]"), name).toHaveText(/^Nothing imported: /);
    await page.locator("[data-message]").evaluate((m) => (m.textContent = ""));
  }
  await expect(status).toHaveText("Passed");
  expect(await page.evaluate(() => localStorage.getItem("gradflow:v1:progress"))).toBe(progress);
  expect(await page.evaluate(() => ({} as Record<string, unknown>).status)).toBeUndefined();
  expect(problems).toEqual([]);
});
