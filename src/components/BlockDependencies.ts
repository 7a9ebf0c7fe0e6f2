// Blocks that build on others (`uses=`, resolved at build time into data-uses): which blocks a block runs first,
// and a "setup edited" marker on a block whose setup changed since it last ran.

const EDITED = "gradflow:block-edited";

/** The ids a block runs first, in order. */
export function usesOf(root: HTMLElement): string[] {
  return root.dataset.uses ? root.dataset.uses.split(",") : [];
}

/** Tells the blocks that build on `id` that its code changed. */
export function announceEdit(id: string): void {
  document.dispatchEvent(new CustomEvent<string>(EDITED, { detail: id }));
}

/** Shows a marker on the block when one of its setup blocks is edited; `clear` when it runs again. */
export class StaleMarker {
  private readonly marker: HTMLSpanElement;

  constructor(root: HTMLElement, uses: string[]) {
    this.marker = document.createElement("span");
    this.marker.className = "live-block__stale";
    this.marker.dataset.stale = "";
    this.marker.hidden = true;
    root.querySelector("[data-modified]")!.after(this.marker);
    document.addEventListener(EDITED, (event) => {
      const id = (event as CustomEvent<string>).detail;
      if (!uses.includes(id)) return;
      this.marker.textContent = `stale: "${id}" was edited, run again`;
      this.marker.hidden = false;
    });
  }

  clear(): void {
    this.marker.hidden = true;
  }
}
