// One JSON value in the reader's storage, where any call may throw (blocked, full) and any text may be corrupt or
// written by an older version. Reads give undefined for what is missing or unreadable, writes answer false when
// they fail; nothing throws, so a faulty storage never breaks the page.

/** The parsed value at `key`: undefined when missing, unreadable or not JSON. Untrusted: validate before use. */
export function readJson(storage: Storage | undefined, key: string): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw == null ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
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
