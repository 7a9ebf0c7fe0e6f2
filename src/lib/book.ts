// The book's outline: chapters in reading order, each with its sections (h2 headings).
// Pages, the sidebar and prev/next links all read the order from here, so it is defined once.
import { getCollection, render, type CollectionEntry } from "astro:content";

export type Chapter = CollectionEntry<"chapters">;
export interface Section {
  slug: string;
  text: string;
}
export interface OutlineEntry {
  id: string;
  title: string;
  description: string;
  order: number;
  href: string;
  sections: Section[];
}

export const chapterHref = (id: string) => `/chapters/${id}/`;

export async function chaptersInOrder(): Promise<Chapter[]> {
  const chapters = await getCollection("chapters");
  return chapters.sort((a, b) => a.data.order - b.data.order);
}

let outline: Promise<OutlineEntry[]> | undefined;

/** Rendering every chapter for its headings is not free, so the outline is computed once per build. */
export function bookOutline(): Promise<OutlineEntry[]> {
  outline ??= chaptersInOrder().then((chapters) =>
    Promise.all(
      chapters.map(async (chapter) => {
        const { headings } = await render(chapter);
        return {
          id: chapter.id,
          title: chapter.data.title,
          description: chapter.data.description,
          order: chapter.data.order,
          href: chapterHref(chapter.id),
          sections: headings.filter((h) => h.depth === 2).map(({ slug, text }) => ({ slug, text })),
        };
      }),
    ),
  );
  return outline;
}
