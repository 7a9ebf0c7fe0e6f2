// Quiz answers per question, kept so a reload shows them again: tied to each question's text, validated on read.
import { describe, expect, it } from "vitest";
import { QuizAnswerStore } from "../../src/progress/quiz-answers";
import { MemoryStorage } from "./memory-storage";

const QUIZ = "ch/quiz";
const KEY = `gradflow:v1:quiz:${QUIZ}`;
const questions = ["Which saturates?", "σ′(5) to three figures", "Explain dead units"];

describe("QuizAnswerStore", () => {
  it("round-trips each kind of answer per question", () => {
    const storage = new MemoryStorage();
    const store = new QuizAnswerStore(storage, QUIZ, questions);
    expect(store.load()).toEqual([undefined, undefined, undefined]);
    store.save(0, { kind: "choice", selected: [2, 0] });
    store.save(1, { kind: "numeric", value: "6.65e-3" });
    store.save(2, { kind: "explain", text: "They never activate.", self: "right" });
    expect(new QuizAnswerStore(storage, QUIZ, questions).load()).toEqual([
      { kind: "choice", selected: [2, 0] },
      { kind: "numeric", value: "6.65e-3" },
      { kind: "explain", text: "They never activate.", self: "right" },
    ]);
  });

  it("drops the answer of a question whose text changed, keeps the others", () => {
    const storage = new MemoryStorage();
    new QuizAnswerStore(storage, QUIZ, questions).save(0, { kind: "choice", selected: [1] });
    new QuizAnswerStore(storage, QUIZ, questions).save(1, { kind: "numeric", value: "0.0066" });
    const revised = ["Which of these saturates?", questions[1]!, questions[2]!];
    expect(new QuizAnswerStore(storage, QUIZ, revised).load()).toEqual([undefined, { kind: "numeric", value: "0.0066" }, undefined]);
  });

  it("two tabs answering different questions keep each other's answers (each save re-reads first)", () => {
    const storage = new MemoryStorage();
    const tabA = new QuizAnswerStore(storage, QUIZ, questions);
    const tabB = new QuizAnswerStore(storage, QUIZ, questions);
    tabA.save(0, { kind: "choice", selected: [1] });
    tabB.save(1, { kind: "numeric", value: "1" });
    tabA.save(1, { kind: "numeric", value: "2" }); // the same question: last write wins
    expect(tabB.load()).toEqual([{ kind: "choice", selected: [1] }, { kind: "numeric", value: "2" }, undefined]);
    expect(() => JSON.parse(storage.getItem(KEY)!)).not.toThrow();
  });

  it.each([
    ["not JSON", "{torn"],
    ["another version", JSON.stringify({ version: 2, answers: {} })],
    ["answers as a list", JSON.stringify({ version: 1, answers: [{ kind: "numeric", value: "1" }] })],
  ])("%s reads as no answers, and the next save replaces it", (_what, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, raw);
    const store = new QuizAnswerStore(storage, QUIZ, questions);
    expect(store.load()).toEqual([undefined, undefined, undefined]);
    expect(store.save(1, { kind: "numeric", value: "1" })).toBe(true);
    expect(store.load()[1]).toEqual({ kind: "numeric", value: "1" });
  });

  it("hostile entries are dropped one by one: odd indices, wrong types, out-of-range options, prototype keys", () => {
    const storage = new MemoryStorage();
    const good = new QuizAnswerStore(storage, QUIZ, questions);
    good.save(1, { kind: "numeric", value: "1" });
    const saved = JSON.parse(storage.getItem(KEY)!);
    const question = saved.answers[1].question;
    storage.setItem(
      KEY,
      `{"version":1,"answers":{"__proto__":{"kind":"numeric","value":"x","question":"${question}"},` +
        `"0":{"kind":"choice","selected":[1e9],"question":"${question}"},` +
        `"1":{"kind":"numeric","value":"1","question":"${question}"},` +
        `"2":{"kind":"explain","text":{"toString":1},"question":"${question}"},` +
        `"constructor":{"kind":"numeric","value":"x","question":"${question}"}}}`,
    );
    expect(good.load()).toEqual([undefined, { kind: "numeric", value: "1" }, undefined]);
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  it("caps what a reader writes, and tolerates full, blocked or missing storage", () => {
    const storage = new MemoryStorage();
    const store = new QuizAnswerStore(storage, QUIZ, questions);
    store.save(2, { kind: "explain", text: "w".repeat(100_000) });
    expect(storage.getItem(KEY)!.length).toBeLessThan(6000);
    expect(store.save(7, { kind: "numeric", value: "1" })).toBe(false); // no such question
    const full = new MemoryStorage({ full: true });
    expect(new QuizAnswerStore(full, QUIZ, questions).save(0, { kind: "choice", selected: [0] })).toBe(false);
    const blocked = new MemoryStorage({ blocked: true });
    expect(new QuizAnswerStore(blocked, QUIZ, questions).load()).toEqual([undefined, undefined, undefined]);
    expect(new QuizAnswerStore(undefined, QUIZ, questions).save(0, { kind: "choice", selected: [0] })).toBe(false);
  });
});
