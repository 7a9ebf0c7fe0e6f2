// The components every chapter can use without importing them: the chapter page renders
// `<Content components={mdxComponents} />`. Add new chapter components here, one line each.
import Callout from "./Callout.astro";
import CodeBlock from "./CodeBlock.astro";
import Computed from "./Computed.astro";
import Exercise from "./Exercise.astro";
import Figure from "./Figure.astro";
import Quiz from "./Quiz.astro";
import Table from "./Table.astro";

export const mdxComponents = {
  Callout,
  // Written by src/markdown/remark-live-blocks.mjs for ```ts run fences.
  CodeBlock,
  Computed,
  Exercise,
  Figure,
  Quiz,
  // Markdown elements rendered through a component.
  table: Table,
};
