/// <reference types="vite/client" />
// Every exercise's checks, by exercise key ("<chapter>/<id>"). Part of the runner worker's bundle (a few KB in all):
// the built site's worker cannot fetch chunks of its own (src/runner/runner-host.ts).
import type { CheckSuite } from "./checks";
import type { LoadChecks } from "./grade";

const modules = import.meta.glob<CheckSuite>("/content/chapters/*/exercises/*/checks.ts", { eager: true, import: "default" });

/** "/content/chapters/<chapter>/exercises/<id>/checks.ts" → "<chapter>/<id>". */
export const exerciseKeyOf = (path: string) => path.replace(/^.*\/chapters\/([^/]+)\/exercises\/([^/]+)\/[^/]+$/, "$1/$2");

const byKey = new Map(Object.entries(modules).map(([path, suite]) => [exerciseKeyOf(path), suite]));

export const loadChecks: LoadChecks = async (exercise) => byKey.get(exercise);
