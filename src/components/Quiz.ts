// Quizzes in the page: each question is checked on its own; the quiz counts as passed once every question has been
// answered right (an explain prompt: marked right by the reader after comparing with the model answer).
import { gradeChoice, gradeNumeric } from "../exercises/quiz-grading";
import { onProgress, recordAttempt } from "../progress/client";
import { QuizAnswerStore, type Answer } from "../progress/quiz-answers";
import { browserStorage } from "../runner/storage";

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

/** Shows the model answer and the reader's own verdict on their explanation. */
function markExplain(question: HTMLElement, verdict: "right" | "wrong"): Verdict {
  question.querySelector<HTMLElement>("[data-model]")!.hidden = false;
  question.querySelector<HTMLElement>("[data-compare]")!.hidden = true;
  feedback(question, verdict, verdict === "right" ? "Marked as understood." : "Marked to revisit: reread the section and try again later.");
  return verdict;
}

/** The reader's current answer to a question, as saved. */
function answerOf(question: HTMLElement, self?: "right" | "wrong"): Answer {
  switch (question.dataset.question) {
    case "choice":
      return { kind: "choice", selected: [...question.querySelectorAll("input")].flatMap((input, i) => (input.checked ? [i] : [])) };
    case "numeric":
      return { kind: "numeric", value: question.querySelector("input")!.value };
    default:
      return { kind: "explain", text: question.querySelector("textarea")!.value, ...(self ? { self } : {}) };
  }
}

/** Puts a saved answer back and shows its feedback again; returns its verdict. */
function restore(question: HTMLElement, answer: Answer): Verdict {
  switch (answer.kind) {
    case "choice": {
      const inputs = [...question.querySelectorAll("input")];
      answer.selected.forEach((i) => inputs[i] && (inputs[i].checked = true));
      return answer.selected.length ? checkChoice(question) : undefined;
    }
    case "numeric":
      question.querySelector("input")!.value = answer.value;
      return answer.value ? checkNumeric(question) : undefined;
    case "explain":
      question.querySelector("textarea")!.value = answer.text;
      return answer.self && markExplain(question, answer.self);
  }
}

class QuizView {
  private readonly key: string;
  private readonly questions: HTMLElement[];
  private readonly verdicts: Verdict[];

  constructor(root: HTMLElement) {
    this.key = root.dataset.quiz!;
    this.questions = [...root.querySelectorAll<HTMLElement>("[data-question]")];
    // Each question's text as built, before any feedback is shown: a saved answer belongs to this text.
    const answers = new QuizAnswerStore(browserStorage(), this.key, this.questions.map((q) => q.textContent ?? ""));
    const saved = answers.load();
    this.verdicts = this.questions.map((question, i) => saved[i] && restore(question, saved[i]));
    const badge = root.querySelector<HTMLElement>("[data-badge]")!;
    this.questions.forEach((question, i) => {
      const before = saved[i];
      let self = before?.kind === "explain" ? before.self : undefined; // an explain prompt's mark
      const settle = (verdict: Verdict) => {
        answers.save(i, answerOf(question, self));
        if (verdict) this.answered(i, verdict);
      };
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
      // What the reader writes is kept as they write it (it is theirs, checked or not), with their mark if any.
      question.querySelector("textarea")?.addEventListener("input", () => answers.save(i, answerOf(question, self)));
      for (const button of question.querySelectorAll<HTMLButtonElement>("[data-self]"))
        button.addEventListener("click", () => {
          self = button.dataset.self as "right" | "wrong";
          settle(markExplain(question, self));
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
