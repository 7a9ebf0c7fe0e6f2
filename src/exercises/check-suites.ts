/// <reference types="vite/client" />
// Every exercise's checks, loaded on demand by exercise key ("<chapter>/<id>"). In the page's worker each checks.ts is
// its own chunk, fetched only when that exercise is graded.
import type { CheckSuite } from "./checks";
import type { LoadChecks } from "./grade";

const modules = import.meta.glob<{ default: CheckSuite }>("/content/chapters/*/exercises/*/checks.ts");

/** "/content/chapters/<chapter>/exercises/<id>/checks.ts" → "<chapter>/<id>". */
export const exerciseKeyOf = (path: string) => path.replace(/^.*\/chapters\/([^/]+)\/exercises\/([^/]+)\/[^/]+$/, "$1/$2");

const byKey = new Map(Object.entries(modules).map(([path, load]) => [exerciseKeyOf(path), load]));

export const loadChecks: LoadChecks = async (exercise) => (await byKey.get(exercise)?.())?.default;
