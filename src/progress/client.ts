// The page's progress store: shared by exercises, quizzes, the sidebar and /progress. Changes are announced with a
// "gradflow:progress" event in this tab; other tabs hear about them through the storage event.
import { browserStorage } from "../runner/storage";
import { noticeUnsaved } from "../runner/storage-notice";
import { PROGRESS_KEY, ProgressStore, type ProgressItems } from "./store";

export const progress = new ProgressStore(browserStorage());
const CHANGED = "gradflow:progress";

export function recordAttempt(key: string, passed: boolean, lastResult: string): void {
  if (!progress.record(key, passed, lastResult)) noticeUnsaved();
  dispatchEvent(new CustomEvent(CHANGED));
}

/** Calls `render` now and whenever progress changes, here or in another tab. */
export function onProgress(render: (items: ProgressItems) => void): void {
  const update = () => render(progress.read());
  addEventListener(CHANGED, update);
  window.addEventListener("storage", (event: StorageEvent) => (event.key === PROGRESS_KEY || event.key === null) && update());
  update();
}

export const announceChange = () => dispatchEvent(new CustomEvent(CHANGED));
