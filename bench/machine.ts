// What the numbers were measured on: CPU, clock, Node, load. The fp32 peak is what one core could do at best with
// 256-bit vectors: 2 FMA instructions per cycle × 8 float32 lanes × 2 flops per FMA × clock.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

export interface Machine {
  cpu: string;
  ghz: number;
  /** Single-core fp32 peak in GFLOP/s. */
  peakGflops: number;
  node: string;
  cores: number;
  /** 1-, 5- and 15-minute load averages. */
  load: number[];
}

export function machine(): Machine {
  const info = readFileSync("/proc/cpuinfo", "utf8");
  const field = (name: string) => info.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, "m"))?.[1].trim() ?? "unknown";
  const ghz = Number(field("cpu MHz")) / 1000;
  return {
    cpu: `${field("model name")} (family ${field("cpu family")}, model ${field("model")})`,
    ghz,
    peakGflops: 2 * 8 * 2 * ghz,
    node: process.version,
    cores: (info.match(/^processor\s*:/gm) ?? []).length,
    load: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
