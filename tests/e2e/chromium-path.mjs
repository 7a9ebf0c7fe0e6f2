// Finds the system Chromium the browser tests drive (Playwright never downloads a browser here).
// Order: $CHROME_PATH, then the usual Debian/Ubuntu/Chrome install locations.
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file exists there.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `No Chromium found (looked in ${CANDIDATES.join(", ")}).\n` +
        "Install one (Debian: `apt-get install chromium`) or set CHROME_PATH to a Chromium or Chrome binary.",
    );
  }
  return found;
}

/** Flags for a headless run in a container: no sandbox (root), no GPU, no background network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
