// Exercises, quizzes and progress in Chromium, as a reader uses them: a wrong submission shows failing checks with
// messages; the reference solution passes, the sidebar and /progress update, and the result survives a reload; a quiz
// answered wrong then right; export then import restores progress in a fresh profile; bad files and blocked storage
// never break the page.
import { test, expect } from "@playwright/test";
import { passWithSolution, submit, typeCode } from "./exercise-actions";
import { chapterPaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0]!;
const sigmoidKey = "saturation-and-gradient-flow/sigmoid-derivative";

test.slow(); // grading runs real code in the worker, and the chapter is long

test("a wrong submission lists the failing checks with what was expected and what came back", async ({ page }) => {
  const problems = trackPageProblems(page);
  await page.goto(chapter);
  const exercise = page.locator("#exercise-sigmoid-derivative");
  await typeCode(page, exercise, [
    'import { torch } from "gradflow";',
    "export function sigmoid_grad(x) {",
    "  return torch.sigmoid(x);",
    "}",
  ].join("\n"));
  expect(await submit(exercise)).toBe("failed");
  const failing = exercise.locator("[data-check='fail']");
  await expect(failing.first()).toBeVisible();
  await expect(exercise.locator("[data-results]")).toContainText("sigmoid_grad(0): expected 0.25, got 0.5");
  await expect(exercise.locator("[data-results]")).toContainText(/\d of 4 checks passed/);
  await expect(exercise.locator("[data-badge]")).toHaveText("Attempted 1×");
  expect(problems).toEqual([]);
});

test("code that throws shows its error instead of checks", async ({ page }) => {
  await page.goto(chapter);
  const exercise = page.locator("#exercise-repeated-multiplication");
  await typeCode(page, exercise, 'throw new Error("not yet");');
  expect(await submit(exercise)).toBe("failed");
  await expect(exercise.locator("[data-results]")).toContainText("stopped with an error before the checks could run");
  await expect(exercise.locator("[data-results]")).toContainText("not yet");
});

test("hints open one at a time; the solution asks for confirmation before a first attempt", async ({ page }) => {
  await page.goto(chapter);
  const exercise = page.locator("#exercise-dead-unit-fraction");
  const hints = exercise.locator(".exercise__hints li:not([hidden])");
  await expect(hints).toHaveCount(0);
  await exercise.getByRole("button", { name: /Show a hint/ }).click();
  await expect(hints).toHaveCount(1);
  await exercise.getByRole("button", { name: /Show a hint/ }).click();
  await expect(hints).toHaveCount(2);
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await exercise.getByRole("button", { name: "Show the solution" }).click();
  expect(asked).toContain("not submitted an attempt");
  await expect(exercise.locator("[data-solution]")).toBeHidden();
});

test("the solution passes; the sidebar and /progress update, and the result survives a reload", async ({ page }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(chapter);
  const exercise = page.locator("#exercise-sigmoid-derivative");
  const badge = page.locator(`#book-contents [data-chapter-progress]`).first();
  await expect(badge).toHaveText(/^0\/\d+$/);
  await passWithSolution(exercise);
  await expect(exercise.locator("[data-check='fail']")).toHaveCount(0);
  await expect(exercise.locator("[data-results]")).toContainText("All 4 checks passed");
  await expect(badge).toHaveText(/^1\/\d+$/);

  await page.reload();
  await expect(page.locator("#exercise-sigmoid-derivative [data-badge]")).toHaveText(/^Passed/);
  await expect(page.locator(`#book-contents [data-chapter-progress]`).first()).toHaveText(/^1\/\d+$/);

  await page.goto("/progress/");
  const row = page.locator(`[data-progress-item='${sigmoidKey}']`);
  await expect(row.locator("[data-status]")).toHaveText("Passed");
  await expect(row.locator("[data-last]")).toContainText("4 of 4 checks");
});

test("a quiz answered wrong, then right", async ({ page }) => {
  await page.goto(chapter);
  const numbers = page.locator("#quiz-saturation-by-the-numbers");
  const first = numbers.locator("[data-question]").first();
  await first.getByRole("textbox").fill("0.25");
  await first.getByRole("button", { name: /^Check/ }).click();
  await expect(first.locator("[data-feedback]")).toHaveAttribute("data-verdict", "wrong");
  await first.getByRole("textbox").fill("6.65e-3");
  await first.getByRole("button", { name: /^Check/ }).click();
  await expect(first.locator("[data-feedback]")).toHaveText("Correct.");
  await expect(first.locator("[data-why]")).toBeVisible();

  const dead = page.locator("#quiz-dead-relu-diagnosis [data-question]").first();
  await dead.getByLabel(/saturate for large positive inputs/).check();
  await dead.getByRole("button", { name: /^Check/ }).click();
  await expect(dead.locator("[data-feedback]")).toHaveAttribute("data-verdict", "wrong");
  await expect(dead.locator(".quiz-option__why:not([hidden])")).toContainText("ReLU does not saturate");
  await dead.getByLabel(/negative pre-activations on every example/).check();
  await dead.getByRole("button", { name: /^Check/ }).click();
  await expect(dead.locator("[data-feedback]")).toHaveText("Correct.");
  await expect(page.locator("#quiz-dead-relu-diagnosis [data-badge]")).toContainText("1 of 3 answered right");

  const explain = page.locator("#quiz-dead-relu-diagnosis [data-question='explain']");
  await explain.getByRole("textbox").fill("Count the units that are zero on every example.");
  await explain.getByRole("button", { name: "Compare with the model answer" }).click();
  await expect(explain.locator("[data-model]")).toBeVisible();
  await explain.getByRole("button", { name: "Yes, I got it" }).click();
  await expect(page.locator("#quiz-dead-relu-diagnosis [data-badge]")).toContainText("2 of 3 answered right");
});

test("export, then import into a fresh profile, restores progress; a bad file is refused", async ({ page, browser }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(chapter);
  await passWithSolution(page.locator("#exercise-sigmoid-derivative"));
  await page.goto("/progress/");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export to a file" }).click();
  const file = await (await download).path();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto("/progress/");
  const row = other.locator(`[data-progress-item='${sigmoidKey}'] [data-status]`);
  await expect(row).toHaveText("Not attempted");
  await other.locator("[data-import]").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{not json") });
  await expect(other.locator("[data-message]")).toContainText("Nothing imported");
  await expect(row).toHaveText("Not attempted");
  await other.locator("[data-import]").setInputFiles(file!);
  await expect(other.locator("[data-message]")).toContainText("Imported 1 result");
  await expect(row).toHaveText("Passed");
  await other.goto(chapter);
  await expect(other.locator("#exercise-sigmoid-derivative [data-badge]")).toHaveText(/^Passed/);
  await fresh.close();
});

test("reset asks first, then clears progress everywhere", async ({ page }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(chapter);
  await passWithSolution(page.locator("#exercise-sigmoid-derivative"));
  await page.goto("/progress/");
  await page.getByRole("button", { name: /Reset all progress/ }).click();
  await expect(page.locator(`[data-progress-item='${sigmoidKey}'] [data-status]`)).toHaveText("Not attempted");
});

test("with storage blocked or corrupt, exercises still grade and the reader is told once", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get: () => { throw new DOMException("blocked", "SecurityError"); } });
  });
  const problems = trackPageProblems(page);
  await page.goto(chapter);
  page.on("dialog", (dialog) => void dialog.accept());
  const exercise = page.locator("#exercise-sigmoid-derivative");
  await passWithSolution(exercise);
  await expect(page.locator(".storage-notice")).toHaveCount(1);
  expect(problems).toEqual([]);
});

test("corrupt stored progress does not break the page", async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem("gradflow:v1:progress", "{corrupt"));
  const problems = trackPageProblems(page);
  await page.goto("/progress/");
  await expect(page.locator(`[data-progress-item='${sigmoidKey}'] [data-status]`)).toHaveText("Not attempted");
  expect(problems).toEqual([]);
});
