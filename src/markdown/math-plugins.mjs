// The math pipeline every piece of Markdown in the book goes through (chapters, and exercise prompts, options and
// hints): $…$ parsed, typeset by KaTeX at build time, a bad formula failing the build, trailing punctuation kept
// on the formula's line.
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { rehypeFailOnMathErrors } from "./rehype-fail-on-math-errors.mjs";
import { rehypeMathPunctuation } from "./rehype-math-punctuation.mjs";

export const mathRemarkPlugins = [remarkMath];

export const mathRehypePlugins = [[rehypeKatex, { throwOnError: true, strict: "error" }], rehypeFailOnMathErrors, rehypeMathPunctuation];
