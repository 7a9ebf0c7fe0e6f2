/// <reference types="vite/client" />
// Every exercise and quiz in the book, read from the chapter folders at build time:
//   content/chapters/<chapter>/exercises/<id>/exercise.md   (code exercise: frontmatter + prompt)
//     starter.ts  solution.ts  checks.ts  wrong/*.ts (plausible wrong answers, each naming the check it fails)
//   content/chapters/<chapter>/exercises/<id>/quiz.md       (concept questions: frontmatter + optional intro)
// Ids are unique across the book, so a chapter embeds one with just <Exercise id="…"/> or <Quiz id="…"/>.
import { parseFrontmatter } from "@astrojs/markdown-remark";

const files = import.meta.glob<string>(
  ["/content/chapters/*/exercises/*/{exercise.md,quiz.md,starter.ts,solution.ts}", "/content/chapters/*/exercises/*/wrong/*.ts"],
  { query: "?raw", import: "default", eager: true },
);

export const DEFAULT_TIME_LIMIT_MS = 20_000;

interface Entry {
  /** "<chapter>/<id>": the key progress is stored under and the worker grades by. */
  key: string;
  id: string;
  chapter: string;
  title: string;
  /** Position among its chapter's exercises (frontmatter `order`). */
  order: number;
  /** Markdown (with $math$). */
  prompt: string;
}

export interface WrongAnswer {
  file: string;
  code: string;
  /** The check this mistake must fail (the file's `// Fails: <check name>` line). */
  fails: string;
  /** Text the failure message must contain, so it points at the mistake (the `// Message: <text>` line). */
  message: string;
}

export interface CodeExercise extends Entry {
  kind: "code";
  starter: string;
  solution: string;
  hints: string[];
  timeLimitMs: number;
  wrong: WrongAnswer[];
}

export interface ChoiceOption {
  text: string;
  correct: boolean;
  /** Why this option is right or wrong; shown once the reader has answered. */
  why: string;
}

export type Question =
  | { kind: "choice"; prompt: string; multiple: boolean; options: ChoiceOption[] }
  | {
      kind: "numeric";
      prompt: string;
      /** An engine expression (evaluated at build time, like <Computed>), so the answer cannot drift from the engine. */
      answer: string;
      rtol: number;
      digits: number;
      why: string;
    }
  | { kind: "explain"; prompt: string; model: string };

export interface QuizEntry extends Entry {
  kind: "quiz";
  questions: Question[];
}

export type BookExercise = CodeExercise | QuizEntry;

class CatalogError extends Error {}

function need<T>(value: T | undefined | null, what: string, where: string): T {
  if (value === undefined || value === null || value === "") throw new CatalogError(`${where}: missing ${what}`);
  return value;
}

function question(raw: Record<string, any>, where: string): Question {
  const prompt = need<string>(raw.prompt, "prompt", where);
  switch (raw.kind) {
    case "choice": {
      const options = need<any[]>(raw.options, "options", where).map((o, i) => ({
        text: String(need(o.text, `options[${i}].text`, where)),
        correct: o.correct === true,
        why: String(need(o.why, `options[${i}].why`, where)),
      }));
      const correct = options.filter((o) => o.correct).length;
      if (correct === 0) throw new CatalogError(`${where}: no option is marked correct`);
      const multiple = raw.multiple === true;
      if (!multiple && correct > 1) throw new CatalogError(`${where}: ${correct} correct options but multiple is not set`);
      return { kind: "choice", prompt, multiple, options };
    }
    case "numeric":
      return {
        kind: "numeric",
        prompt,
        answer: need<string>(raw.answer, "answer (an engine expression)", where),
        rtol: typeof raw.rtol === "number" ? raw.rtol : 0.005,
        digits: typeof raw.digits === "number" ? raw.digits : 3,
        why: need<string>(raw.why, "why", where),
      };
    case "explain":
      return { kind: "explain", prompt, model: need<string>(raw.model, "model answer", where) };
    default:
      throw new CatalogError(`${where}: unknown question kind ${JSON.stringify(raw.kind)}`);
  }
}

/** "// Fails: name" → "name" */
const headerLine = (code: string, label: string) => new RegExp(`^// ${label}: (.+)$`, "m").exec(code)?.[1]?.trim();

function load(): BookExercise[] {
  const folders = new Map<string, Record<string, string>>();
  for (const [path, text] of Object.entries(files)) {
    const [, chapter, id, rest] = /\/chapters\/([^/]+)\/exercises\/([^/]+)\/(.+)$/.exec(path)!;
    const key = `${chapter}/${id}`;
    if (!folders.has(key)) folders.set(key, {});
    folders.get(key)![rest!] = text;
  }
  const entries = [...folders].map(([key, folder]): BookExercise => {
    const [chapter, id] = key.split("/") as [string, string];
    const where = `content/chapters/${key}`;
    const source = folder["exercise.md"] ?? folder["quiz.md"];
    if (!source) throw new CatalogError(`${where}: needs an exercise.md or a quiz.md`);
    const { frontmatter: meta, content } = parseFrontmatter(source);
    const base = { key, id, chapter, title: need<string>(meta.title, "title", where), order: Number(meta.order ?? 99), prompt: content.trim() };
    if (folder["quiz.md"]) {
      const questions = need<any[]>(meta.questions, "questions", where).map((q, i) => question(q, `${where} question ${i + 1}`));
      return { ...base, kind: "quiz", questions };
    }
    const wrong = Object.entries(folder)
      .filter(([name]) => name.startsWith("wrong/"))
      .map(([name, code]) => ({
        file: name,
        code,
        fails: need<string>(headerLine(code, "Fails"), "a `// Fails: <check name>` line", `${where}/${name}`),
        message: need<string>(headerLine(code, "Message"), "a `// Message: <text>` line", `${where}/${name}`),
      }));
    return {
      ...base,
      kind: "code",
      starter: need(folder["starter.ts"], "starter.ts", where),
      solution: need(folder["solution.ts"], "solution.ts", where),
      hints: Array.isArray(meta.hints) ? meta.hints.map(String) : [],
      timeLimitMs: typeof meta.timeLimit === "number" ? meta.timeLimit : DEFAULT_TIME_LIMIT_MS,
      wrong,
    };
  });
  const seen = new Map<string, string>();
  for (const e of entries) {
    const other = seen.get(e.id);
    if (other) throw new CatalogError(`exercise id "${e.id}" is used by both ${other} and ${e.key}; ids must be unique in the book`);
    seen.set(e.id, e.key);
  }
  return entries.sort((a, b) => a.chapter.localeCompare(b.chapter) || a.order - b.order || a.id.localeCompare(b.id));
}

export const bookExercises: BookExercise[] = load();

export function exerciseById(id: string): BookExercise {
  const found = bookExercises.find((e) => e.id === id);
  if (!found) throw new CatalogError(`No exercise or quiz with id "${id}" (looked in content/chapters/*/exercises/)`);
  return found;
}
