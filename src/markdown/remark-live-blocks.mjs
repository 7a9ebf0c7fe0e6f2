// Turns ```ts run fences into live code blocks. Placeholder until the runner lands: passes the tree through.
export function remarkLiveBlocks() {
  return () => {};
}
