// Opens the search dialog (button, "/" or Ctrl/Cmd+K) and loads Pagefind's UI the first time,
// so readers who never search download none of it.
interface PagefindUIConstructor {
  new (options: Record<string, unknown>): unknown;
}
declare global {
  interface Window {
    PagefindUI?: PagefindUIConstructor;
  }
}

const dialog = document.querySelector<HTMLDialogElement>("[data-search-dialog]");
const mount = document.querySelector<HTMLElement>("[data-search-ui]");
let loading: Promise<void> | undefined;

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

function loadStylesheet(href: string) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

function loadPagefind(): Promise<void> {
  loading ??= (async () => {
    loadStylesheet("/pagefind/pagefind-ui.css");
    await loadScript("/pagefind/pagefind-ui.js");
    if (!window.PagefindUI || !mount) throw new Error("Pagefind UI missing");
    new window.PagefindUI({ element: mount, showSubResults: true, showImages: false, autofocus: true });
    // Pagefind's input has a placeholder but no accessible name; give it one.
    await new Promise(requestAnimationFrame);
    mount.querySelector("input")?.setAttribute("aria-label", "Search the book");
  })().catch(() => {
    if (mount) {
      mount.textContent = "The search index is built with the site: run `npm run build` (or `npm start`) first.";
    }
  });
  return loading;
}

async function openSearch() {
  if (!dialog || dialog.open) return;
  dialog.showModal();
  await loadPagefind();
  mount?.querySelector<HTMLInputElement>("input")?.focus();
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || !!target.closest(".monaco-editor");
}

document.querySelector("[data-search-open]")?.addEventListener("click", openSearch);
document.querySelector("[data-search-close]")?.addEventListener("click", () => dialog?.close());
// A click on the backdrop (the dialog element itself, outside its content) closes it.
dialog?.addEventListener("click", (event) => {
  if (event.target === dialog) dialog.close();
});

document.addEventListener("keydown", (event) => {
  const shortcut =
    (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) ||
    (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey));
  if (!shortcut) return;
  event.preventDefault();
  void openSearch();
});

export {};
