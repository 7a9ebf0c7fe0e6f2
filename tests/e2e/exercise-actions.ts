// What a reader does with an exercise, shared by the specs that grade one: type code, submit, load the solution.
import { expect, type Locator, type Page } from "@playwright/test";

/** Submits and waits for the result panel; returns "passed" or "failed". */
export async function submit(exercise: Locator): Promise<string> {
  const results = exercise.locator("[data-results]");
  await exercise.getByRole("button", { name: /^Submit/ }).click();
  await expect(results).toHaveAttribute("data-outcome", /^(passed|failed)$/, { timeout: 30_000 });
  return (await results.getAttribute("data-outcome"))!;
}

/** Replaces the exercise's code as a reader would type it (opens Monaco). */
export async function typeCode(page: Page, exercise: Locator, code: string): Promise<void> {
  await exercise.locator("[data-code]").click();
  await expect(exercise.locator(".monaco-editor")).toBeVisible({ timeout: 20_000 });
  // The editor takes focus once its language support is ready; type only then.
  await exercise.locator(".monaco-editor .view-lines").click();
  await expect(exercise.locator(".monaco-editor.focused")).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
  await expect(exercise.locator("[data-modified]")).toBeVisible();
}

/** Loads the reference solution into the editor (confirming the dialog if asked). */
export async function loadSolution(exercise: Locator): Promise<void> {
  await exercise.getByRole("button", { name: "Show the solution" }).click();
  await exercise.getByRole("button", { name: "Load it into the editor" }).click();
}

export async function passWithSolution(exercise: Locator): Promise<void> {
  await loadSolution(exercise);
  expect(await submit(exercise)).toBe("passed");
}
