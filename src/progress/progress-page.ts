// /progress in the browser: fills each row from the stored progress, and runs export, import and reset.
import { onProgress, progress, announceChange } from "./client";
import { MAX_IMPORT_BYTES, TOO_LARGE, parseExport, type ItemProgress } from "./store";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function statusText(item: ItemProgress | undefined): string {
  if (!item) return "Not attempted";
  if (item.status === "passed") return "Passed";
  return "Attempted";
}

function lastText(item: ItemProgress | undefined): string {
  if (!item) return "—";
  const tries = `${item.attempts} ${item.attempts === 1 ? "attempt" : "attempts"}`;
  return `${dateFormat.format(item.lastAttempt)} · ${item.lastResult ? `${item.lastResult} · ` : ""}${tries}`;
}

const message = document.querySelector<HTMLElement>("[data-message]")!;
function say(text: string, kind: "info" | "error" = "info"): void {
  message.dataset.kind = kind;
  message.textContent = text;
}

onProgress((items) => {
  for (const row of document.querySelectorAll<HTMLElement>("[data-progress-item]")) {
    const item = items[row.dataset.progressItem!];
    const status = row.querySelector<HTMLElement>("[data-status]")!;
    status.textContent = statusText(item);
    status.dataset.status = item?.status ?? "new";
    row.querySelector("[data-last]")!.textContent = lastText(item);
  }
  for (const count of document.querySelectorAll<HTMLElement>("[data-chapter-count]")) {
    const rows = [...document.querySelectorAll<HTMLElement>("[data-progress-item]")].filter((r) =>
      r.dataset.progressItem!.startsWith(`${count.dataset.chapterCount}/`),
    );
    const passed = rows.filter((r) => items[r.dataset.progressItem!]?.status === "passed").length;
    count.textContent = `${passed} of ${rows.length} done`;
  }
  if (!progress.available) say("This browser does not let the site store anything, so progress cannot be kept here.", "error");
});

document.querySelector("[data-export]")!.addEventListener("click", () => {
  const blob = new Blob([progress.exportJson()], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `gradient-flow-progress-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  say("Progress exported.");
});

const fileInput = document.querySelector<HTMLInputElement>("[data-import]")!;
fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  fileInput.value = "";
  if (!file) return;
  // A huge file is refused before it is read into memory.
  if (file.size > MAX_IMPORT_BYTES) return say(`Nothing imported: ${TOO_LARGE}`, "error");
  const parsed = parseExport(await file.text());
  if (!parsed.ok) return say(`Nothing imported: ${parsed.error}`, "error");
  if (!progress.importItems(parsed.items)) return say("Nothing imported: this browser's storage is blocked or full.", "error");
  announceChange();
  say(`Imported ${parsed.count} ${parsed.count === 1 ? "result" : "results"}, merged with what was here.`);
});

document.querySelector("[data-reset]")!.addEventListener("click", () => {
  if (!confirm("Delete all your progress in this browser? Export it first if you may want it back.")) return;
  if (progress.reset()) {
    announceChange();
    say("All progress was reset.");
  } else say("Progress could not be reset: this browser's storage is blocked.", "error");
});
