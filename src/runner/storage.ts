// A reader's edits, kept per block in localStorage. The key is versioned; the value remembers a hash of the block's
// original code, so when the author changes the block, an edit of the old version is dropped instead of shown.
// Every store reaches localStorage through browserStorage(), which tells the reader once when nothing can be saved.
import { noticeUnsaved } from "./storage-notice";
import { readJson, removeQuietly, writeJson } from "./stored-json";

const PREFIX = "gradflow:v1:edit:";

/** A fast 53-bit string hash (cyrb53), as base-36 text. Not cryptographic; it only tells versions of a block apart. */
export function hashCode(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

interface SavedEdit {
  original: string;
  code: string;
  savedAt: number;
}

function isSavedEdit(v: unknown): v is SavedEdit {
  const e = v as SavedEdit;
  return typeof v === "object" && v !== null && typeof e.original === "string" && typeof e.code === "string";
}

const PROBE_KEY = "gradflow:v1:probe";

/**
 * The storage `get` returns, wrapped so that any failing call (blocked, full) calls `onFault` before it throws on as
 * before; a small write is tried at once, so a storage that cannot save is reported on load, not on the first edit.
 * Undefined, after calling `onFault`, when there is no storage or it throws on access (some private modes).
 */
export function openStorage(get: () => Storage | undefined, onFault: () => void): Storage | undefined {
  let storage: Storage | undefined;
  try {
    storage = get() ?? undefined;
  } catch {
    storage = undefined;
  }
  if (!storage) {
    onFault();
    return undefined;
  }
  const raw = storage;
  const guard = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      onFault();
      throw error;
    }
  };
  const reporting: Storage = {
    get length() {
      return guard(() => raw.length);
    },
    key: (i) => guard(() => raw.key(i)),
    getItem: (key) => guard(() => raw.getItem(key)),
    setItem: (key, value) => guard(() => raw.setItem(key, value)),
    removeItem: (key) => guard(() => raw.removeItem(key)),
    clear: () => guard(() => raw.clear()),
  };
  try {
    reporting.setItem(PROBE_KEY, "");
    reporting.removeItem(PROBE_KEY);
  } catch {
    // Reported; every store still reads what it can and treats its writes as failed.
  }
  return reporting;
}

let pageStorage: { storage: Storage | undefined } | undefined;

/** The page's localStorage (undefined where unavailable); the reader is told once if it cannot save. */
export function browserStorage(): Storage | undefined {
  pageStorage ??= { storage: openStorage(() => globalThis.localStorage, noticeUnsaved) };
  return pageStorage.storage;
}

/** Edits of one block on one page. Every method tolerates missing, full or corrupt storage. */
export class EditStore {
  private readonly key: string;
  private readonly original: string;

  constructor(
    private readonly storage: Storage | undefined,
    page: string,
    blockId: string,
    originalCode: string,
  ) {
    this.key = `${PREFIX}${page}#${blockId}`;
    this.original = hashCode(originalCode);
  }

  /** The saved edit of this version of the block, if any; an edit of another version is removed. */
  load(): string | undefined {
    const saved = readJson(this.storage, this.key);
    if (saved === undefined) return undefined;
    if (isSavedEdit(saved) && saved.original === this.original) return saved.code;
    this.forget(); // stale or corrupt
    return undefined;
  }

  /** Saves the edit; false when storage is unavailable or full. */
  save(code: string): boolean {
    const edit: SavedEdit = { original: this.original, code, savedAt: Date.now() };
    return writeJson(this.storage, this.key, edit);
  }

  forget(): void {
    removeQuietly(this.storage, this.key);
  }
}

/** Calls `fn` once `ms` after the last call; `flush` runs a pending call now (before unload). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const call = (...args: A) => {
    pending = args;
    clearTimeout(timer);
    timer = setTimeout(call.flush, ms);
  };
  call.flush = () => {
    clearTimeout(timer);
    if (pending) fn(...pending);
    pending = undefined;
  };
  call.cancel = () => {
    clearTimeout(timer);
    pending = undefined;
  };
  return call;
}
