// The progress store under normal use and under storage faults: missing, corrupt, old-version or hostile data,
// a full or blocked localStorage, two tabs writing, and export/import round trips that refuse bad files.
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "./memory-storage";
import { EXPORT_FORMAT, PROGRESS_KEY, ProgressStore, parseExport } from "../../src/progress/store";

const KEY = "saturation-and-gradient-flow/sigmoid-derivative";

describe("recording attempts", () => {
  it("counts attempts, keeps the latest result and keeps a pass once earned", () => {
    const store = new ProgressStore(new MemoryStorage());
    expect(store.record(KEY, false, "1 of 4 checks", 1000)).toBe(true);
    expect(store.read()[KEY]).toEqual({ status: "attempted", attempts: 1, lastAttempt: 1000, lastResult: "1 of 4 checks" });
    store.record(KEY, true, "4 of 4 checks", 2000);
    store.record(KEY, false, "3 of 4 checks", 3000);
    expect(store.read()[KEY]).toEqual({ status: "passed", attempts: 3, lastAttempt: 3000, passedAt: 2000, lastResult: "3 of 4 checks" });
  });

  it("two tabs recording different exercises both keep their results (each write re-reads first)", () => {
    const shared = new MemoryStorage();
    const tabA = new ProgressStore(shared);
    const tabB = new ProgressStore(shared);
    tabA.record("ch/a", true, "ok", 1);
    tabB.record("ch/b", false, "no", 2);
    expect(Object.keys(new ProgressStore(shared).read()).sort()).toEqual(["ch/a", "ch/b"]);
  });

  it("refuses keys that are not <chapter>/<id>", () => {
    const store = new ProgressStore(new MemoryStorage());
    expect(store.record("__proto__", true, "x")).toBe(false);
    expect(store.record("a/b/c", true, "x")).toBe(false);
    expect(store.read()).toEqual({});
  });
});

describe("storage faults", () => {
  it("reads nothing, and saves nothing, without throwing when storage is unavailable", () => {
    const store = new ProgressStore(undefined);
    expect(store.available).toBe(false);
    expect(store.read()).toEqual({});
    expect(store.record(KEY, true, "ok")).toBe(false);
    expect(store.reset()).toBe(false);
  });

  it("reports a full storage as a failed save and keeps what was there", () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    store.record("ch/a", true, "ok", 1);
    storage.full = true;
    expect(store.record("ch/b", true, "ok", 2)).toBe(false);
    storage.full = false;
    expect(Object.keys(store.read())).toEqual(["ch/a"]);
  });

  it("treats a storage that throws on read as empty", () => {
    const storage = new MemoryStorage();
    storage.blocked = true;
    expect(new ProgressStore(storage).read()).toEqual({});
  });

  it.each([
    ["not JSON", "{oops"],
    ["JSON null", "null"],
    ["an array", "[1,2]"],
    ["another version", JSON.stringify({ version: 0, items: { "ch/a": { status: "passed", attempts: 1, lastAttempt: 1 } } })],
  ])("reads %s as no progress, and the next save replaces it", (_what, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, raw);
    const store = new ProgressStore(storage);
    expect(store.read()).toEqual({});
    expect(store.record("ch/b", true, "ok", 5)).toBe(true);
    expect(JSON.parse(storage.getItem(PROGRESS_KEY)!)).toMatchObject({ version: 1, items: { "ch/b": { status: "passed" } } });
  });

  it("drops only the corrupt entries and keeps the valid ones", () => {
    const storage = new MemoryStorage();
    storage.setItem(
      PROGRESS_KEY,
      JSON.stringify({
        version: 1,
        items: {
          "ch/good": { status: "passed", attempts: 2, lastAttempt: 10, passedAt: 9 },
          "ch/bad-status": { status: "maybe", attempts: 1, lastAttempt: 1 },
          "ch/bad-count": { status: "attempted", attempts: -1, lastAttempt: 1 },
          "not a key": { status: "passed", attempts: 1, lastAttempt: 1 },
        },
      }),
    );
    expect(Object.keys(new ProgressStore(storage).read())).toEqual(["ch/good"]);
  });

  it("a reset removes progress, saved results and quiz answers, and leaves other keys alone", () => {
    const storage = new MemoryStorage();
    storage.setItem("gradflow:v1:edit:/x#b", "kept");
    storage.setItem("gradflow:v1:report:ch/a", "{}");
    storage.setItem("gradflow:v1:quiz:ch/q", "{}");
    storage.setItem("another-site", "kept");
    const store = new ProgressStore(storage);
    store.record("ch/a", true, "ok");
    store.reset();
    expect([...storage.data.keys()].sort()).toEqual(["another-site", "gradflow:v1:edit:/x#b"]);
  });
});

describe("export and import", () => {
  it("round-trips: an export imported into a fresh store restores the same progress", () => {
    const source = new ProgressStore(new MemoryStorage());
    source.record("ch/a", true, "4 of 4 checks", 100);
    source.record("ch/b", false, "1 of 3 answered right", 200);
    const text = source.exportJson(300);
    expect(JSON.parse(text)).toMatchObject({ format: EXPORT_FORMAT, version: 1, exportedAt: new Date(300).toISOString() });
    const parsed = parseExport(text);
    expect(parsed.ok).toBe(true);
    const target = new ProgressStore(new MemoryStorage());
    target.importItems(parsed.ok ? parsed.items : {});
    expect(target.read()).toEqual(source.read());
  });

  it("merges instead of overwriting: a pass on either side wins, counts take the larger", () => {
    const here = new ProgressStore(new MemoryStorage());
    here.record("ch/a", false, "here", 500);
    here.record("ch/a", false, "here", 600);
    const imported = { "ch/a": { status: "passed" as const, attempts: 1, lastAttempt: 100, passedAt: 100, lastResult: "there" } };
    here.importItems(imported);
    expect(here.read()["ch/a"]).toEqual({ status: "passed", attempts: 2, lastAttempt: 600, passedAt: 100, lastResult: "here" });
  });

  it.each([
    ["not JSON", "<html>", "not valid JSON"],
    ["another file", JSON.stringify({ hello: 1 }), "not a Gradient Flow progress export"],
    ["a future version", JSON.stringify({ format: EXPORT_FORMAT, version: 2, items: {} }), "version 2"],
    ["a hostile key", `{"format":"${EXPORT_FORMAT}","version":1,"items":{"__proto__":{"status":"passed","attempts":1,"lastAttempt":1}}}`, "1 invalid entry"],
    ["a bad entry", JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: { "ch/a": { status: "passed", attempts: "many", lastAttempt: 1 } } }), "1 invalid entry"],
    ["a huge file", " ".repeat(1_000_001), "too large"],
    ["an empty file", "", "not valid JSON"],
    ["a bare string", '"gradient-flow-progress"', "not a Gradient Flow progress export"],
    ["a version as text", JSON.stringify({ format: EXPORT_FORMAT, version: "1", items: {} }), 'version "1"'],
    ["items as a list", JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: [{ status: "passed", attempts: 1, lastAttempt: 1 }] }), "no list of results"],
    ["no items", JSON.stringify({ format: EXPORT_FORMAT, version: 1 }), "no list of results"],
    ["a constructor key", `{"format":"${EXPORT_FORMAT}","version":1,"items":{"constructor":{"status":"passed","attempts":1,"lastAttempt":1}}}`, "1 invalid entry"],
    ["a nested __proto__ key", `{"format":"${EXPORT_FORMAT}","version":1,"items":{"ch/a":{"__proto__":{"status":"passed"},"attempts":1,"lastAttempt":1}}}`, "1 invalid entry"],
    ["a status of another type", JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: { "ch/a": { status: 1, attempts: 1, lastAttempt: 1 } } }), "1 invalid entry"],
    ["an unsafe attempt count", JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: { "ch/a": { status: "passed", attempts: 1e300, lastAttempt: 1 } } }), "1 invalid entry"],
    // Intl.DateTimeFormat throws on times past the year 275760: such a file would break /progress.
    ["a time no date can hold", JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: { "ch/a": { status: "passed", attempts: 1, lastAttempt: 1e300 } } }), "1 invalid entry"],
    ["deeply nested arrays", "[".repeat(400_000) + "]".repeat(400_000), "not a Gradient Flow progress export"],
    ["deeply nested items", `{"format":"${EXPORT_FORMAT}","version":1,"items":{"ch/a":${"[".repeat(200_000)}${"]".repeat(200_000)}}}`, "1 invalid entry"],
    ["too many entries", JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`ch/e${i}`, { status: "passed", attempts: 1, lastAttempt: 1 }])) }), "more than 1000 entries"],
  ])("refuses %s with a message", (_what, text, error) => {
    const parsed = parseExport(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });

  it("a refused import leaves current progress untouched (nothing is written)", () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    store.record("ch/a", true, "ok", 1);
    const before = storage.getItem(PROGRESS_KEY);
    expect(parseExport("{broken").ok).toBe(false);
    expect(storage.getItem(PROGRESS_KEY)).toBe(before);
  });

  it("a hostile file pollutes no prototype and leaves stored progress byte for byte as it was", () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage);
    store.record("ch/a", true, "ok", 1);
    const before = storage.getItem(PROGRESS_KEY);
    const hostile = `{"format":"${EXPORT_FORMAT}","version":1,"items":{"__proto__":{"polluted":true},"ch/b":{"status":"passed","attempts":1,"lastAttempt":1}}}`;
    const parsed = parseExport(hostile);
    expect(parsed.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(storage.getItem(PROGRESS_KEY)).toBe(before);
  });

  it("caps long texts from imported files", () => {
    const parsed = parseExport(JSON.stringify({ format: EXPORT_FORMAT, version: 1, items: { "ch/a": { status: "attempted", attempts: 1, lastAttempt: 1, lastResult: "x".repeat(5000) } } }));
    expect(parsed.ok && parsed.items["ch/a"]!.lastResult!.length).toBe(200);
  });
});
