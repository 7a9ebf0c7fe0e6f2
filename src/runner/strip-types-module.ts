// The TypeScript stripper as a script of its own, which the built site's runner runs from a blob: URL when a block
// needs it (runner-host.ts, worker.ts): its frame cannot fetch the site's files. Large, so never part of the worker's
// bundle.
// Vite bundles it like a worker, which keeps no exports, so it hands the function over on the global scope.
import { stripTypes } from "./strip-types";
import { STRIP_TYPES_KEY } from "./strip-types-key";

(globalThis as Record<symbol, unknown>)[STRIP_TYPES_KEY] = stripTypes;
