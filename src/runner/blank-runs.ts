// A block's type-stripped JavaScript, sent with the page as the few runs of characters that differ from the code
// (ts-blank-space only blanks, so this is a handful of numbers). Unedited blocks then run without the TypeScript
// parser, which the worker loads only when a reader's own edit needs it.

/** [start, end, char]: code[start..end) becomes `char` repeated (a space, or the ";" ts-blank-space sometimes adds). */
export type BlankRun = [number, number, string];

export function diffRuns(code: string, js: string): BlankRun[] {
  if (code.length !== js.length) throw new Error("diffRuns: stripped code must keep every position");
  const runs: BlankRun[] = [];
  for (let i = 0; i < code.length; i++) {
    if (code[i] === js[i]) continue;
    const last = runs.at(-1);
    if (last && last[1] === i && last[2] === js[i]) last[1] = i + 1;
    else runs.push([i, i + 1, js[i]]);
  }
  return runs;
}

export function applyRuns(code: string, runs: BlankRun[]): string {
  let out = "";
  let at = 0;
  for (const [start, end, char] of runs) {
    out += code.slice(at, start) + char.repeat(end - start);
    at = end;
  }
  return out + code.slice(at);
}
