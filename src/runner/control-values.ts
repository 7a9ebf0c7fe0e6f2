// The reader's control values of one block (engine/input.ts), kept in localStorage beside the block's edits and
// carried in share links. Only values the reader set are stored; every other control takes its default.

import { isRecord, readJson, removeQuietly, writeJson } from "./stored-json";

const PREFIX = "gradflow:v1:controls:";

export type ControlValues = Record<string, number | string | boolean>;

/** Keeps only label → number/string/boolean entries, so a damaged or foreign value cannot reach a run. */
export function cleanValues(v: unknown): ControlValues {
  const out: ControlValues = {};
  if (!isRecord(v)) return out;
  for (const [label, value] of Object.entries(v))
    if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "string" || typeof value === "boolean") out[label] = value;
  return out;
}

/** Control values of one block on one page. Every method tolerates missing, full or corrupt storage. */
export class ControlStore {
  private readonly key: string;

  constructor(
    private readonly storage: Storage | undefined,
    page: string,
    blockId: string,
  ) {
    this.key = `${PREFIX}${page}#${blockId}`;
  }

  load(): ControlValues {
    return cleanValues(readJson(this.storage, this.key));
  }

  /** Saves the values (removes the entry when there are none); false when storage is unavailable or full. */
  save(values: ControlValues): boolean {
    return Object.keys(values).length ? writeJson(this.storage, this.key, values) : removeQuietly(this.storage, this.key);
  }
}
