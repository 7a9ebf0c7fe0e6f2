// The reader's progress on exercises and quizzes, kept in localStorage under one versioned key. Every read tolerates
// missing, corrupt or old data (bad entries are dropped, good ones kept); every write re-reads first and changes only
// its own entry, so two tabs never undo each other's results; a failed write is reported, never thrown.

import { isRecord, readJson, writeJson } from "../runner/stored-json";

export const PROGRESS_KEY = "gradflow:v1:progress";
/** Each exercise's last submission (last-report.ts) and each quiz's answers (quiz-answers.ts): a reset removes them too. */
export const REPORT_PREFIX = "gradflow:v1:report:";
export const QUIZ_PREFIX = "gradflow:v1:quiz:";
const RESET_PREFIXES = [REPORT_PREFIX, QUIZ_PREFIX];
export const EXPORT_FORMAT = "gradient-flow-progress";
/** Imports larger than this are refused before parsing (a real export is a few kilobytes). */
export const MAX_IMPORT_BYTES = 1_000_000;
export const TOO_LARGE = "This file is too large to be a progress export.";

export type Status = "passed" | "attempted";

export interface ItemProgress {
  status: Status;
  attempts: number;
  /** Milliseconds since the epoch. */
  lastAttempt: number;
  passedAt?: number;
  /** What the last attempt scored, for the reader: "3 of 4 checks", "2 of 3 answers". */
  lastResult?: string;
}

export type ProgressItems = Record<string, ItemProgress>;

/** "<chapter>/<id>" with lowercase letters, digits and dashes only: never __proto__ or anything odd. */
const KEY_PATTERN = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;
const MAX_TEXT = 200;

/** Imports with more entries than this are refused (the book has a few dozen exercises and quizzes). */
export const MAX_IMPORT_ITEMS = 1000;
/** The latest time a Date can hold: anything later cannot be formatted, so a hostile file could break /progress. */
const MAX_TIME = 8.64e15;

const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_TIME;

/** A clean copy of one entry, or undefined when it is not a valid entry. */
function cleanItem(o: unknown): ItemProgress | undefined {
  if (!isRecord(o)) return undefined;
  if (o.status !== "passed" && o.status !== "attempted") return undefined;
  if (!Number.isSafeInteger(o.attempts) || (o.attempts as number) < 0 || !isTime(o.lastAttempt)) return undefined;
  const item: ItemProgress = { status: o.status, attempts: o.attempts as number, lastAttempt: o.lastAttempt };
  if (isTime(o.passedAt)) item.passedAt = o.passedAt;
  if (typeof o.lastResult === "string") item.lastResult = o.lastResult.slice(0, MAX_TEXT);
  return item;
}

/** The valid entries of an untrusted object, and how many were dropped. */
export function cleanItems(v: unknown): { items: ProgressItems; dropped: number } {
  const items: ProgressItems = Object.create(null);
  let dropped = 0;
  if (!isRecord(v)) return { items, dropped };
  for (const [key, value] of Object.entries(v)) {
    const item = KEY_PATTERN.test(key) ? cleanItem(value) : undefined;
    if (item) items[key] = item;
    else dropped++;
  }
  return { items, dropped };
}

/** Combines two records of the same item: passed wins, counts and times take the larger. */
function mergeItem(a: ItemProgress | undefined, b: ItemProgress): ItemProgress {
  if (!a) return b;
  const latest = b.lastAttempt >= a.lastAttempt ? b : a;
  const passedAt = [a.passedAt, b.passedAt].filter(isTime);
  return {
    status: a.status === "passed" || b.status === "passed" ? "passed" : "attempted",
    attempts: Math.max(a.attempts, b.attempts),
    lastAttempt: latest.lastAttempt,
    ...(passedAt.length ? { passedAt: Math.min(...passedAt) } : {}),
    ...(latest.lastResult !== undefined ? { lastResult: latest.lastResult } : {}),
  };
}

export type ImportResult = { ok: true; items: ProgressItems; count: number } | { ok: false; error: string };

/** Validates an exported file's text. Hostile or malformed files are refused with a message; nothing is changed. */
export function parseExport(text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: TOO_LARGE };
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return { ok: false, error: "This file is not valid JSON, so it cannot be a progress export." };
  }
  if (!isRecord(o) || o.format !== EXPORT_FORMAT) return { ok: false, error: "This file is not a Gradient Flow progress export." };
  if (o.version !== 1) return { ok: false, error: `This export has version ${JSON.stringify(o.version)}; this site reads version 1.` };
  if (!isRecord(o.items))
    return { ok: false, error: "This export has no list of results; nothing was imported." };
  if (Object.keys(o.items).length > MAX_IMPORT_ITEMS)
    return { ok: false, error: `This export has more than ${MAX_IMPORT_ITEMS} entries; nothing was imported.` };
  const { items, dropped } = cleanItems(o.items);
  if (dropped) return { ok: false, error: `This export has ${dropped} invalid ${dropped === 1 ? "entry" : "entries"}; nothing was imported.` };
  return { ok: true, items, count: Object.keys(items).length };
}

export class ProgressStore {
  constructor(private readonly storage: Storage | undefined) {}

  /** Whether progress can be saved at all (false in some private modes or with storage blocked). */
  get available(): boolean {
    return this.storage !== undefined;
  }

  /** All valid entries; corrupt JSON, another version or bad entries read as nothing (for those entries). */
  read(): ProgressItems {
    const data = readJson(this.storage, PROGRESS_KEY);
    return isRecord(data) && data.version === 1 ? cleanItems(data.items).items : Object.create(null);
  }

  private write(items: ProgressItems): boolean {
    return writeJson(this.storage, PROGRESS_KEY, { version: 1, items });
  }

  /** Records one attempt; a pass is kept even if later attempts fail. False when it could not be saved. */
  record(key: string, passed: boolean, lastResult: string, now = Date.now()): boolean {
    if (!KEY_PATTERN.test(key)) return false;
    const items = this.read();
    const before = items[key];
    const attempt: ItemProgress = {
      status: passed ? "passed" : "attempted",
      attempts: (before?.attempts ?? 0) + 1,
      lastAttempt: now,
      lastResult: lastResult.slice(0, MAX_TEXT),
      ...(passed ? { passedAt: now } : {}),
    };
    items[key] = mergeItem(before, attempt);
    return this.write(items);
  }

  /** The export file's text. */
  exportJson(now = Date.now()): string {
    return JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: new Date(now).toISOString(), items: this.read() }, null, 2);
  }

  /** Merges imported entries into the current ones (nothing is lost on either side). */
  importItems(imported: ProgressItems): boolean {
    const items = this.read();
    for (const [key, item] of Object.entries(imported)) items[key] = mergeItem(items[key], item);
    return this.write(items);
  }

  /** Forgets all progress, with the saved results and quiz answers that go with it. */
  reset(): boolean {
    if (!this.storage) return false;
    try {
      const keys = Array.from({ length: this.storage.length }, (_, i) => this.storage!.key(i));
      for (const key of keys) if (key && RESET_PREFIXES.some((prefix) => key.startsWith(prefix))) this.storage.removeItem(key);
      this.storage.removeItem(PROGRESS_KEY);
      return true;
    } catch {
      return false;
    }
  }
}
