// The book's chapters: one folder per chapter under content/chapters/, its text in index.mdx.
// The folder name is the chapter's id and URL slug (/chapters/<folder>/).
import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

const chapters = defineCollection({
  loader: glob({
    pattern: "*/index.mdx",
    base: "./content/chapters",
    generateId: ({ entry }) => entry.split("/")[0]!,
  }),
  schema: z.object({
    title: z.string(),
    /** One or two sentences: shown on the home page and as the page's meta description. */
    description: z.string(),
    /** Position in the book (1, 2, …); the sidebar, home page and prev/next links follow it. */
    order: z.number().int().positive(),
  }),
});

export const collections = { chapters };
