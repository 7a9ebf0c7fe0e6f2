// What a reader did survives a reload: the result panel of their last submission, their quiz answers with their
// feedback; and two tabs editing and submitting the same exercise end with the last write, never broken data.
import { test, expect, type Page } from "@playwright/test";
import { chapterPaths } from "./site-pages";
import { trackPageProblems } from "./page-problems";
import { loadSolution, submit, typeCode } from "./exercise-actions";

const chapter = chapterPaths.find((p) => p.includes("saturation-and-gradient-flow")) ?? chapterPaths[0]!;
const wrongSigmoidGrad = ['import { torch } from "gradflow";', "export function sigmoid_grad(x) {", "  return torch.sigmoid(x);", "}"].join("\n");

// Grading runs real code in the worker, the chapter is long and is loaded again: generous on a loaded machine.
test.describe.configure({ timeout: 180_000 });

test("the result panel of the last submission comes back after a reload, each check with its message", async ({ page }) => {
  const problems = trackPageProblems(page);
  await page.goto(chapter);
  const exercise = page.locator("#exercise-sigmoid-derivative");
  await typeCode(page, exercise, wrongSigmoidGrad);
  expect(await submit(exercise)).toBe("failed");
  const failing = await exercise.locator("[data-check='fail']").count();

  await page.reload();
  const results = page.locator("#exercise-sigmoid-derivative [data-results]");
  await expect(results).toBeVisible();
  await expect(results).toHaveAttribute("data-outcome", "failed");
  await expect(results).toContainText("Your last submission");
  await expect(results).toContainText("sigmoid_grad(0): expected 0.25, got 0.5");
  await expect(results).toContainText(/\d of 4 checks passed/);
  await expect(results.locator("[data-check='fail']")).toHaveCount(failing);
  expect(problems).toEqual([]);
});

test("quiz answers come back after a reload, checked, and the quiz goes on from there", async ({ page }) => {
  const problems = trackPageProblems(page);
  await page.goto(chapter);
  const numbers = page.locator("#quiz-saturation-by-the-numbers [data-question]").first();
  await numbers.getByRole("textbox").fill("6.65e-3");
  await numbers.getByRole("button", { name: /^Check/ }).click();
  await expect(numbers.locator("[data-feedback]")).toHaveText("Correct.");

  const quiz = page.locator("#quiz-dead-relu-diagnosis");
  const [first, second, explain] = [0, 1, 2].map((i) => quiz.locator("[data-question]").nth(i));
  await first!.getByLabel(/negative pre-activations on every example/).check();
  await first!.getByRole("button", { name: /^Check/ }).click();
  await explain!.getByRole("textbox").fill("Count the units that are zero on every example.");
  await explain!.getByRole("button", { name: "Compare with the model answer" }).click();
  await explain!.getByRole("button", { name: "Yes, I got it" }).click();
  await expect(quiz.locator("[data-badge]")).toContainText("2 of 3 answered right");
  // Typed but never checked: kept as written.
  await second!.getByLabel(/smaller learning rate/).check();

  await page.reload();
  await expect(numbers.getByRole("textbox")).toHaveValue("6.65e-3");
  await expect(numbers.locator("[data-feedback]")).toHaveText("Correct.");
  await expect(first!.getByLabel(/negative pre-activations on every example/)).toBeChecked();
  await expect(first!.locator("[data-feedback]")).toHaveText("Correct.");
  await expect(explain!.getByRole("textbox")).toHaveValue("Count the units that are zero on every example.");
  await expect(explain!.locator("[data-model]")).toBeVisible();
  await expect(explain!.locator("[data-feedback]")).toHaveText("Marked as understood.");
  await expect(second!.locator("[data-feedback]")).toBeEmpty();

  // The restored answers count: answering the last question completes the quiz.
  for (const option of [/smaller learning rate/, /Leaky ReLU/, /He initialization/]) await second!.getByLabel(option).check();
  await second!.getByRole("button", { name: /^Check/ }).click();
  await expect(quiz.locator("[data-badge]")).toHaveText("Passed");
  expect(problems).toEqual([]);
});

/** Every value the site keeps in this origin's localStorage parses as JSON. */
async function storedJsonIsWhole(page: Page): Promise<void> {
  const broken = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith("gradflow:"))
      .filter((key) => {
        try {
          JSON.parse(localStorage.getItem(key)!);
          return false;
        } catch {
          return true;
        }
      }),
  );
  expect(broken).toEqual([]);
}

test("two tabs editing and submitting the same exercise: last write wins, nothing breaks", async ({ context }) => {
  test.setTimeout(240_000); // two copies of the long chapter, the editor, two gradings
  const [a, b] = [await context.newPage(), await context.newPage()];
  const errors: string[] = [];
  for (const tab of [a, b]) {
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("dialog", (dialog) => void dialog.accept());
    await tab.goto(chapter);
  }
  const inA = a.locator("#exercise-sigmoid-derivative");
  const inB = b.locator("#exercise-sigmoid-derivative");
  const solution = (await inB.locator("[data-solution-code] pre").textContent())!;

  await typeCode(a, inA, wrongSigmoidGrad);
  expect(await submit(inA)).toBe("failed"); // submitting saves the edit at once
  await loadSolution(inB); // the later edit, from the other tab
  expect(await submit(inB)).toBe("passed");
  await storedJsonIsWhole(a);

  // Both tabs see progress from both: two attempts, passed. Reloaded, tab A shows tab B's later code and result.
  await expect(inA.locator("[data-badge]")).toHaveText(/^Passed/);
  await a.reload();
  await expect(inA.locator("[data-results]")).toHaveAttribute("data-outcome", "passed");
  expect(await inA.locator("[data-code]").innerText()).toContain(solution.trim().split("\n").at(-2)!.trim());
  await a.goto("/progress/");
  await expect(a.locator("[data-progress-item='saturation-and-gradient-flow/sigmoid-derivative'] [data-last]")).toContainText("2 attempts");
  await storedJsonIsWhole(a);
  expect(errors).toEqual([]);
});
