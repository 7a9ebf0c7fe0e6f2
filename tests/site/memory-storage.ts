// An in-memory Storage for the store tests, with the two faults a real localStorage shows: `full` makes writes throw
// like an exceeded quota, `blocked` makes every call throw like storage the browser denies.
export class MemoryStorage implements Storage {
  readonly data = new Map<string, string>();
  full = false;
  blocked = false;

  constructor(faults: { full?: boolean; blocked?: boolean } = {}) {
    this.full = faults.full ?? false;
    this.blocked = faults.blocked ?? false;
  }

  private check(): void {
    if (this.blocked) throw new DOMException("blocked", "SecurityError");
  }

  get length() {
    this.check();
    return this.data.size;
  }
  key(i: number) {
    this.check();
    return [...this.data.keys()][i] ?? null;
  }
  getItem(k: string) {
    this.check();
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.check();
    if (this.full) throw new DOMException("quota", "QuotaExceededError");
    this.data.set(k, String(v));
  }
  removeItem(k: string) {
    this.check();
    this.data.delete(k);
  }
  clear() {
    this.check();
    this.data.clear();
  }
}
