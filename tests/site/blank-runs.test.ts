// Build-time stripping travels as runs of changed characters; applying them to the code gives back exactly the
// stripped JavaScript.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyRuns, diffRuns } from "../../src/runner/blank-runs";
import { stripTypes } from "../../src/runner/strip-types";

describe("blank runs", () => {
  it("round-trips ts-blank-space output", () => {
    const code = 'import type { Tensor } from "gradflow";\nconst f = (x: Tensor): Tensor => x;\nlet n!: number;\nconsole.log(f as unknown, n);';
    const { js, errors } = stripTypes(code);
    expect(errors).toEqual([]);
    const runs = diffRuns(code, js);
    expect(applyRuns(code, runs)).toBe(js);
  });

  it("round-trips any same-length rewrite", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const n = Math.min(a.length, b.length);
        const [code, js] = [a.slice(0, n), b.slice(0, n)];
        expect(applyRuns(code, diffRuns(code, js))).toBe(js);
      }),
    );
  });
});
