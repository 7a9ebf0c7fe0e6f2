// Scroll-spy for "On this page": the current section is the last heading that has scrolled past
// the top fifth of the viewport. At the end of the page, where the last headings can never reach
// the top, the linked (#hash) heading or else the last one on screen wins.
// Marked with aria-current so it is announced, not only coloured.
const links = [...document.querySelectorAll<HTMLAnchorElement>("[data-toc-link]")];
const headings = links
  .map((link) => document.getElementById(link.dataset.tocLink!))
  .filter((heading): heading is HTMLElement => heading !== null);

function currentHeading(): HTMLElement | undefined {
  const line = innerHeight * 0.2;
  let current = headings[0];
  for (const heading of headings) {
    if (heading.getBoundingClientRect().top <= line) current = heading;
    else break;
  }
  const atEnd = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
  if (atEnd) {
    const onScreen = headings.filter((h) => h.getBoundingClientRect().top < innerHeight);
    const linked = onScreen.find((h) => `#${h.id}` === decodeURIComponent(location.hash));
    current = linked ?? onScreen.at(-1) ?? current;
  }
  return current;
}

function markCurrent() {
  const current = currentHeading();
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
  addEventListener("hashchange", schedule);
  markCurrent();
}

export {};
