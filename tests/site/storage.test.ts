// Saved edits: keyed per page and block, tied to the original code, tolerant of broken storage; share links
// round-trip any code through the URL fragment.
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { EditStore, debounce, hashCode, openStorage } from "../../src/runner/storage";
import { decodeCode, encodeCode, readShareFragment, shareUrl } from "../../src/runner/share";
import { MemoryStorage } from "./memory-storage";

describe("EditStore", () => {
  const original = 'console.log("original");';

  it("saves, loads and forgets an edit per page and block", () => {
    const storage = new MemoryStorage();
    const store = new EditStore(storage, "/chapters/a/", "block-1", original);
    expect(store.load()).toBeUndefined();
    expect(store.save("edited")).toBe(true);
    expect(new EditStore(storage, "/chapters/a/", "block-1", original).load()).toBe("edited");
    expect(new EditStore(storage, "/chapters/a/", "block-2", original).load()).toBeUndefined();
    expect(new EditStore(storage, "/chapters/b/", "block-1", original).load()).toBeUndefined();
    store.forget();
    expect(store.load()).toBeUndefined();
  });

  it("drops an edit made to a different version of the block", () => {
    const storage = new MemoryStorage();
    new EditStore(storage, "/p/", "b", original).save("edited");
    const changed = new EditStore(storage, "/p/", "b", original + "\n// the author changed this");
    expect(changed.load()).toBeUndefined();
    expect(storage.length).toBe(0); // the stale edit is removed, not left behind
  });

  it("loading a block that was never edited writes nothing (every block loads on every page view)", () => {
    const storage = new MemoryStorage();
    const removeItem = vi.spyOn(storage, "removeItem");
    expect(new EditStore(storage, "/p/", "b", original).load()).toBeUndefined();
    expect(removeItem).not.toHaveBeenCalled();
  });

  it("keys are versioned", () => {
    const storage = new MemoryStorage();
    new EditStore(storage, "/p/", "b", original).save("edited");
    expect(storage.key(0)).toMatch(/^gradflow:v1:edit:/);
  });

  it("survives corrupt data, a full quota and missing storage", () => {
    const storage = new MemoryStorage();
    const store = new EditStore(storage, "/p/", "b", original);
    store.save("x");
    storage.setItem(storage.key(0)!, "{not json");
    expect(store.load()).toBeUndefined();
    expect(new EditStore(new MemoryStorage({ full: true }), "/p/", "b", original).save("x")).toBe(false);
    const none = new EditStore(undefined, "/p/", "b", original);
    expect(none.save("x")).toBe(false);
    expect(none.load()).toBeUndefined();
    expect(() => none.forget()).not.toThrow();
  });

  it("hashes tell versions apart", () => {
    const codes = ["", "a", "b", "ab", "ba", original, original + " "];
    expect(new Set(codes.map(hashCode)).size).toBe(codes.length);
  });
});

describe("openStorage: the page's storage, telling the reader when it cannot save", () => {
  const open = (get: () => Storage | undefined) => {
    const faults = vi.fn();
    return { storage: openStorage(get, faults), faults };
  };

  it("a working storage is passed through, with no fault and no probe left behind", () => {
    const raw = new MemoryStorage();
    raw.setItem("other", "kept");
    const { storage, faults } = open(() => raw);
    storage!.setItem("k", "v");
    expect(storage!.getItem("k")).toBe("v");
    expect(faults).not.toHaveBeenCalled();
    expect([raw.key(0), raw.key(1), raw.length]).toEqual(["other", "k", 2]);
  });

  it.each([
    ["throws on access (private mode, blocked cookies)", () => { throw new DOMException("blocked", "SecurityError"); }],
    ["is missing", () => undefined],
  ])("storage that %s is undefined, reported at once", (_what, get) => {
    const { storage, faults } = open(get as () => Storage | undefined);
    expect(storage).toBeUndefined();
    expect(faults).toHaveBeenCalledTimes(1);
    // Every store works on without it.
    expect(new EditStore(storage, "/p/", "b", "x").save("y")).toBe(false);
  });

  it("a full storage is reported on open (the probe write fails) and on each failed save, which still returns false", () => {
    const { storage, faults } = open(() => new MemoryStorage({ full: true }));
    expect(faults).toHaveBeenCalledTimes(1);
    expect(new EditStore(storage, "/p/", "b", "x").save("y")).toBe(false);
    expect(faults).toHaveBeenCalledTimes(2);
  });

  it("a storage that fills up later is reported when a save fails; what was saved before stays", () => {
    const raw = new MemoryStorage();
    const { storage, faults } = open(() => raw);
    const store = new EditStore(storage, "/p/", "b", "x");
    expect(store.save("first")).toBe(true);
    raw.full = true;
    expect(store.save("second")).toBe(false);
    expect(faults).toHaveBeenCalledTimes(1);
    expect(store.load()).toBe("first");
  });

  it("corrupt or old-version values of one block are dropped; other blocks' edits are kept", () => {
    const { storage } = open(() => new MemoryStorage());
    new EditStore(storage, "/p/", "good", "x").save("kept edit");
    for (const [id, raw] of [
      ["torn", '{"original":"abc","code":"half'],
      ["typed", JSON.stringify({ original: 1, code: ["x"] })],
      ["null", "null"],
    ]) {
      storage!.setItem(`gradflow:v1:edit:/p/#${id}`, raw!);
      expect(new EditStore(storage, "/p/", id!, "x").load()).toBeUndefined();
      expect(storage!.getItem(`gradflow:v1:edit:/p/#${id}`)).toBeNull();
    }
    storage!.setItem("gradflow:v0:edit:/p/#good", "an old version's key, never read");
    expect(new EditStore(storage, "/p/", "good", "x").load()).toBe("kept edit");
  });
});

describe("debounce", () => {
  it("calls once with the last arguments after the quiet period; flush and cancel act at once", () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const save = debounce((s: string) => calls.push(s), 100);
    save("a");
    save("b");
    vi.advanceTimersByTime(99);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["b"]);
    save("c");
    save.flush();
    expect(calls).toEqual(["b", "c"]);
    save("d");
    save.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual(["b", "c"]);
    vi.useRealTimers();
  });
});

describe("share links", () => {
  it("round-trip any code, compressed", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 2000 }), (code) => decodeCode(encodeCode(code)) === code));
    const long = 'import { torch } from "gradflow";\n'.repeat(50);
    expect(encodeCode(long).length).toBeLessThan(long.length / 5);
  });

  it("put the block and code in the fragment, and read them back", () => {
    const code = 'console.log("héllo", 1 < 2 && 3 > 2);';
    const url = shareUrl("https://book.example/chapters/x/?a=1#old", "block-3", code);
    const parsed = new URL(url);
    expect(parsed.pathname + parsed.search).toBe("/chapters/x/?a=1");
    expect(readShareFragment(parsed.hash)).toEqual({ blockId: "block-3", code });
  });

  it("ignore other fragments and damaged payloads", () => {
    expect(readShareFragment("#forward-and-backward-signal")).toBeUndefined();
    expect(readShareFragment("#share=block-1.AAAA")).toBeUndefined();
    expect(readShareFragment("#share=1bad.eJwrAAA")).toBeUndefined();
  });
});
