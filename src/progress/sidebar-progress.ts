// Per-chapter progress in the sidebar: each chapter link carries data-chapter-progress="<chapter>" and
// data-total="<number of exercises and quizzes>"; this fills in "n/total" from the stored progress.
import { onProgress } from "./client";

onProgress((items) => {
  for (const badge of document.querySelectorAll<HTMLElement>("[data-chapter-progress]")) {
    const chapter = badge.dataset.chapterProgress!;
    const total = Number(badge.dataset.total);
    const passed = Math.min(total, Object.entries(items).filter(([key, item]) => key.startsWith(`${chapter}/`) && item.status === "passed").length);
    badge.textContent = `${passed}/${total}`;
    badge.setAttribute("aria-label", `${passed} of ${total} exercises done`);
    badge.dataset.complete = String(passed === total);
    badge.hidden = false;
  }
});
