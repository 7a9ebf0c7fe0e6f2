// The one notice a reader gets when this browser cannot keep their work (storage blocked, full or failing): shown
// once per page, small and out of the way, and dismissible. Edits, control values and progress still work on the page.
import "./storage-notice.css";

let shown = false;

export function noticeUnsaved(): void {
  if (shown || typeof document === "undefined") return;
  shown = true;
  const show = () => {
    const note = document.createElement("p");
    note.className = "storage-notice";
    note.setAttribute("role", "status");
    note.textContent = "This browser is not letting the site save: your edits and progress last only until you leave this page. ";
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "storage-notice__dismiss";
    dismiss.textContent = "Dismiss";
    dismiss.addEventListener("click", () => note.remove());
    note.append(dismiss);
    document.body.append(note);
  };
  if (document.body) show();
  else addEventListener("DOMContentLoaded", show, { once: true });
}
