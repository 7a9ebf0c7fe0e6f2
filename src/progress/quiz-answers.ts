// The reader's answers to each quiz question, so a reload shows them again (checked, with their feedback) instead of
// a blank quiz. One versioned key per quiz; each answer remembers a hash of its question, so an answer to a question
// the author has since changed is dropped. Read back as untrusted data; texts are capped.
import { hashCode } from "../runner/storage";
import { isRecord, readJson, writeJson } from "../runner/stored-json";
import { QUIZ_PREFIX } from "./store";

const MAX_TEXT = 5000;
const MAX_OPTIONS = 50;

export type Answer =
  | { kind: "choice"; selected: number[] }
  | { kind: "numeric"; value: string }
  /** An explain prompt: what the reader wrote, and how they marked it against the model answer, once they did. */
  | { kind: "explain"; text: string; self?: "right" | "wrong" };

type Saved = Answer & { question: string };

/** A clean copy of one saved answer, or undefined when it is not a valid one. */
function cleanAnswer(v: unknown): Saved | undefined {
  if (!isRecord(v) || typeof v.question !== "string") return undefined;
  const question = v.question;
  switch (v.kind) {
    case "choice": {
      const selected = v.selected;
      if (!Array.isArray(selected) || selected.length > MAX_OPTIONS) return undefined;
      if (!selected.every((i) => Number.isInteger(i) && i >= 0 && i < MAX_OPTIONS)) return undefined;
      return { kind: "choice", selected: [...new Set(selected as number[])], question };
    }
    case "numeric":
      return typeof v.value === "string" ? { kind: "numeric", value: v.value.slice(0, 100), question } : undefined;
    case "explain":
      if (typeof v.text !== "string") return undefined;
      return { kind: "explain", text: v.text.slice(0, MAX_TEXT), ...(v.self === "right" || v.self === "wrong" ? { self: v.self } : {}), question };
    default:
      return undefined;
  }
}

/** The answers of one quiz, by question number. Every method tolerates missing, full or corrupt storage. */
export class QuizAnswerStore {
  private readonly key: string;

  /** `questions`: each question's text, so a changed question does not get an old answer. */
  constructor(
    private readonly storage: Storage | undefined,
    quiz: string,
    private readonly questions: string[],
  ) {
    this.key = QUIZ_PREFIX + quiz;
  }

  private readAll(): Record<string, Saved> {
    const answers: Record<string, Saved> = Object.create(null);
    const data = readJson(this.storage, this.key);
    if (!isRecord(data) || data.version !== 1 || !isRecord(data.answers)) return answers;
    for (const [index, value] of Object.entries(data.answers)) {
      const answer = cleanAnswer(value);
      if (/^\d{1,3}$/.test(index) && answer) answers[index] = answer;
    }
    return answers;
  }

  /** The saved answer of each question (undefined where none, or where the question has changed). */
  load(): (Answer | undefined)[] {
    const answers = this.readAll();
    return this.questions.map((text, i) => {
      const saved = answers[i];
      if (!saved || saved.question !== hashCode(text)) return undefined;
      const { question: _, ...answer } = saved;
      return answer;
    });
  }

  /** Saves one question's answer, keeping the others (re-read first, so two tabs keep each other's answers). */
  save(index: number, answer: Answer): boolean {
    if (!this.storage || !(index in this.questions)) return false;
    const answers = this.readAll();
    const clean = cleanAnswer({ ...answer, question: hashCode(this.questions[index]!) });
    if (!clean) return false;
    answers[index] = clean;
    return writeJson(this.storage, this.key, { version: 1, answers });
  }
}
