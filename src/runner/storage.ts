// A reader's edits, kept per block in localStorage. The key is versioned; the value remembers a hash of the block's
// original code, so when the author changes the block, an edit of the old version is dropped instead of shown.

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

/** localStorage, or undefined where it is unavailable (blocked cookies, some private modes). */
export function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
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
    let saved: unknown;
    try {
      const raw = this.storage?.getItem(this.key);
      if (raw == null) return undefined;
      saved = JSON.parse(raw);
    } catch {
      saved = undefined;
    }
    if (isSavedEdit(saved) && saved.original === this.original) return saved.code;
    this.forget(); // stale or corrupt
    return undefined;
  }

  /** Saves the edit; false when storage is unavailable or full. */
  save(code: string): boolean {
    if (!this.storage) return false;
    try {
      const edit: SavedEdit = { original: this.original, code, savedAt: Date.now() };
      this.storage.setItem(this.key, JSON.stringify(edit));
      return true;
    } catch {
      return false;
    }
  }

  forget(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // Nothing to do: an edit we cannot remove is ignored on load anyway once the original changes.
    }
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
