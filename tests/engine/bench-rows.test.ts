// Every benchmark row's gradflow side runs: `npm run bench` is not part of `npm test`, so an engine change that
// breaks a row (an option it passes being refused, say) is caught here instead of in the next benchmark session.
import { describe, expect, it } from "vitest";
import { ROWS } from "../../bench/rows";

describe("benchmark rows", () => {
  it.each(ROWS.map((row) => [row.id, row] as const))("%s builds and runs one call", (_id, row) => {
    const call = row.ours();
    expect(() => call()).not.toThrow();
  });
});
