// A display equation wider than the column scrolls sideways inside its own box. Keyboard readers
// must be able to scroll it too, so such boxes (and only those) become focusable, labelled regions.
// Re-checked on resize, because whether a formula overflows depends on the screen width.
const SELECTOR = ".katex-display";

function update() {
  for (const box of document.querySelectorAll<HTMLElement>(SELECTOR)) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Equation (scrolls sideways)");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
addEventListener("resize", () => {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
});
// Web fonts change formula widths: measure again once they are in.
void document.fonts.ready.then(update);
update();

export {};
