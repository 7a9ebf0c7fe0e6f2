// The one error type the engine throws. Every message names the op, the shapes or argument involved, and a fix,
// so a reader sees what went wrong in their own terms: `matmul: cannot multiply [64, 128] by [256, 10] (...)`.
export class GradflowError extends Error {
  override name = "GradflowError";
  /** The op that raised it, e.g. "matmul". */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.op = op;
  }
}

/** `[64, 128]` — how shapes appear in every message. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

export function fail(op: string, message: string): never {
  throw new GradflowError(op, message);
}
