// One JSON value in the reader's storage, where any call may throw (blocked, full) and any text may be corrupt or
// written by an older version. Reads give undefined when nothing can be read, writes answer false when they fail;
// nothing throws, so a faulty storage never breaks the page.

/** What a text that is not JSON reads as: a value no validator accepts, so the store drops it like any bad value. */
const NOT_JSON = Symbol("not JSON");

/**
 * The parsed value at `key`, untrusted (validate before use): undefined when nothing is stored or storage refuses to
 * read, so a store need not clean up after a key it never wrote.
 */
export function readJson(storage: Storage | undefined, key: string): unknown {
  let raw: string | null | undefined;
  try {
    raw = storage?.getItem(key);
  } catch {
    return undefined;
  }
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return NOT_JSON;
  }
}

/** Saves `value` as JSON at `key`; false when there is no storage or it is full or blocked. */
export function writeJson(storage: Storage | undefined, key: string, value: unknown): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Removes `key`; false when storage refuses (callers validate on load, so a stale value is never trusted). */
export function removeQuietly(storage: Storage | undefined, key: string): boolean {
  if (!storage) return false;
  try {
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/** A plain object (not null, not an array): the shape every stored record has. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
