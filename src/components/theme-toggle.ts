// Theme toggle: flips data-theme on <html>, stores the choice, and keeps following the system
// for readers who never chose.
const KEY = "gradflow:theme";
type Theme = "light" | "dark";

const root = document.documentElement;
const systemDark = matchMedia("(prefers-color-scheme: dark)");

function current(): Theme {
  return root.dataset.theme === "dark" ? "dark" : "light";
}

function apply(theme: Theme) {
  root.dataset.theme = theme;
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-theme-toggle]")) {
    button.setAttribute("aria-label", theme === "dark" ? "Switch to light theme" : "Switch to dark theme");
  }
}

function stored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

apply(current());

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-theme-toggle]")) {
  button.addEventListener("click", () => {
    const next: Theme = current() === "dark" ? "light" : "dark";
    apply(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Not persisted when storage is blocked; the switch still applies to this page.
    }
  });
}

systemDark.addEventListener("change", (event) => {
  if (stored() === null) apply(event.matches ? "dark" : "light");
});
