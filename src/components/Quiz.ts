// Quizzes in the page: each question is checked on its own; the quiz counts as passed once every question has been
// answered right (an explain prompt: marked right by the reader after comparing with the model answer).
import { gradeChoice, gradeNumeric } from "../exercises/quiz-grading";
import { onProgress, recordAttempt } from "../progress/client";

type Verdict = "right" | "wrong" | undefined;

function feedback(question: HTMLElement, verdict: Exclude<Verdict, undefined> | "unreadable", text: string): void {
  const p = question.querySelector<HTMLElement>("[data-feedback]")!;
  p.dataset.verdict = verdict === "unreadable" ? "wrong" : verdict;
  p.textContent = text;
}

function checkChoice(question: HTMLElement): Verdict {
  const options = [...question.querySelectorAll<HTMLElement>(".quiz-option")];
  const inputs = options.map((o) => o.querySelector("input")!);
  const selected = inputs.flatMap((input, i) => (input.checked ? [i] : []));
  if (!selected.length) {
    feedback(question, "unreadable", "Choose an answer first.");
    return undefined;
  }
  const correct = options.map((o) => o.dataset.correct !== undefined);
  const right = gradeChoice(selected, correct);
  // Explain every option the reader chose, and, once right, every option.
  options.forEach((option, i) => {
    const chosen = inputs[i]!.checked;
    const show = chosen || right;
    option.querySelector<HTMLElement>(".quiz-option__why")!.hidden = !show;
    // Chosen options are marked right or wrong; once the answer is right, the right ones are marked too.
    option.dataset.verdict = chosen ? (correct[i] ? "right" : "wrong") : right && correct[i] ? "right" : "";
  });
  const multiple = inputs[0]?.type === "checkbox";
  feedback(question, right ? "right" : "wrong", right ? "Correct." : multiple ? "Not quite: check the explanations and try again." : "Not this one: read why, and try again.");
  return right ? "right" : "wrong";
}

function checkNumeric(question: HTMLElement): Verdict {
  const input = question.querySelector<HTMLInputElement>("input")!;
  const verdict = gradeNumeric(input.value, Number(input.dataset.answer), Number(input.dataset.rtol));
  if (verdict.kind === "unreadable") {
    feedback(question, "unreadable", "Enter a number, such as 0.0066 or 6.6e-3.");
    return undefined;
  }
  const right = verdict.kind === "correct";
  input.setAttribute("aria-invalid", String(!right));
  question.querySelector<HTMLElement>("[data-why]")!.hidden = !right;
  feedback(question, right ? "right" : "wrong", right ? "Correct." : `${verdict.value} is not within ${+(Number(input.dataset.rtol) * 100).toFixed(2)} % of the answer. Try again.`);
  return right ? "right" : "wrong";
}

class QuizView {
  private readonly key: string;
  private readonly questions: HTMLElement[];
  private readonly verdicts: Verdict[];

  constructor(root: HTMLElement) {
    this.key = root.dataset.quiz!;
    this.questions = [...root.querySelectorAll<HTMLElement>("[data-question]")];
    this.verdicts = this.questions.map(() => undefined);
    const badge = root.querySelector<HTMLElement>("[data-badge]")!;
    this.questions.forEach((question, i) => {
      const settle = (verdict: Verdict) => verdict && this.answered(i, verdict);
      question.querySelector("[data-check]")?.addEventListener("click", () =>
        settle(question.dataset.question === "choice" ? checkChoice(question) : checkNumeric(question)),
      );
      question.querySelector("input[type=text]")?.addEventListener("keydown", (event) => {
        if ((event as KeyboardEvent).key === "Enter") settle(checkNumeric(question));
      });
      question.querySelector("[data-compare]")?.addEventListener("click", (event) => {
        question.querySelector<HTMLElement>("[data-model]")!.hidden = false;
        (event.currentTarget as HTMLButtonElement).hidden = true;
      });
      for (const button of question.querySelectorAll<HTMLButtonElement>("[data-self]"))
        button.addEventListener("click", () => {
          const verdict = button.dataset.self as "right" | "wrong";
          feedback(question, verdict, verdict === "right" ? "Marked as understood." : "Marked to revisit: reread the section and try again later.");
          settle(verdict);
        });
    });
    onProgress((items) => {
      const item = items[this.key];
      root.dataset.status = item?.status ?? "new";
      badge.textContent = !item ? "Not attempted" : item.status === "passed" ? "Passed" : `In progress · ${item.lastResult ?? ""}`;
    });
  }

  private answered(index: number, verdict: "right" | "wrong"): void {
    this.verdicts[index] = verdict;
    const right = this.verdicts.filter((v) => v === "right").length;
    const total = this.verdicts.length;
    recordAttempt(this.key, right === total, `${right} of ${total} answered right`);
  }
}

for (const root of document.querySelectorAll<HTMLElement>("[data-quiz]")) new QuizView(root);
