/** Where the stripper's own bundle (strip-types-module.ts) leaves its function for the runner worker. */
export const STRIP_TYPES_KEY = Symbol.for("gradflow.stripTypes");
