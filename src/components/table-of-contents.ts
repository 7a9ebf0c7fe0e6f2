// Scroll-spy for "On this page": the current section is the last heading that has scrolled past
// the top fifth of the viewport. Marked with aria-current so it is announced, not only coloured.
const links = [...document.querySelectorAll<HTMLAnchorElement>("[data-toc-link]")];
const headings = links
  .map((link) => document.getElementById(link.dataset.tocLink!))
  .filter((heading): heading is HTMLElement => heading !== null);

function markCurrent() {
  const line = window.innerHeight * 0.2;
  let current = headings[0];
  for (const heading of headings) {
    if (heading.getBoundingClientRect().top <= line) current = heading;
    else break;
  }
  for (const link of links) {
    if (link.dataset.tocLink === current?.id) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}

if (headings.length > 0) {
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      markCurrent();
    });
  };
  addEventListener("scroll", schedule, { passive: true });
  addEventListener("resize", schedule, { passive: true });
  markCurrent();
}

export {};
