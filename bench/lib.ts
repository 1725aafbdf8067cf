/**
 * Shared helpers for `npm run bench`: timing, running a peer (R or Python) on
 * the same data in the same run, and printing one comparable line per case.
 * Benchmarks live in `bench/*.bench.ts`, each exporting `run(): Promise<BenchRow[]>`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const BENCH_DATA_DIR = join(__dirname, "data");

export function benchDataDir(): string {
  mkdirSync(BENCH_DATA_DIR, { recursive: true });
  return BENCH_DATA_DIR;
}

/** One measured comparison. Times in seconds; memory in MiB where measured. */
export interface BenchRow {
  name: string;
  oursSeconds: number;
  /** Peer's time on the same task in the same run, when there is a peer. */
  peerSeconds?: number;
  peerName?: string;
  /** Peak resident memory (MiB) of ours and the peer, when measured. */
  oursPeakMiB?: number;
  peerPeakMiB?: number;
  /** Human-readable target, e.g. ">= 100x faster than psych::ICC". */
  target: string;
  /** Whether the target was met. */
  met: boolean;
  notes?: string;
}

/** Median wall time (s) of `repeat` runs of fn after `warmup` runs. */
export async function timeIt(fn: () => unknown | Promise<unknown>, options: { repeat?: number; warmup?: number } = {}): Promise<number> {
  const repeat = options.repeat ?? 5;
  const warmup = options.warmup ?? 1;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Runs a peer script and parses the JSON object it prints on its last stdout line.
 * Run under `/usr/bin/time -v` when `measureMemory` is set, adding `peakMiB`.
 */
export function runPeer(
  command: string,
  args: string[],
  options: { measureMemory?: boolean; timeoutMs?: number } = {},
): Record<string, unknown> {
  const cmd = options.measureMemory ? "/usr/bin/time" : command;
  const fullArgs = options.measureMemory ? ["-v", command, ...args] : args;
  const r = spawnSync(cmd, fullArgs, { encoding: "utf8", timeout: options.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`peer ${command} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  }
  const lines = r.stdout.trim().split("\n");
  const out = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  if (options.measureMemory) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (m) out.peakMiB = Number(m[1]) / 1024;
  }
  return out;
}

export function formatRow(r: BenchRow): string {
  const ratio =
    r.peerSeconds !== undefined
      ? r.oursSeconds <= r.peerSeconds
        ? `${(r.peerSeconds / r.oursSeconds).toPrecision(3)}x faster than the peer`
        : `${(r.oursSeconds / r.peerSeconds).toPrecision(3)}x the peer's time (slower)`
      : "";
  const mem =
    r.oursPeakMiB !== undefined
      ? ` | peak ${r.oursPeakMiB.toFixed(0)} MiB${r.peerPeakMiB !== undefined ? ` vs ${r.peerPeakMiB.toFixed(0)} MiB (${(r.oursPeakMiB / r.peerPeakMiB).toFixed(2)}x)` : ""}`
      : "";
  const peer = r.peerSeconds !== undefined ? ` | ${r.peerName ?? "peer"} ${r.peerSeconds.toFixed(4)} s | ${ratio}` : "";
  return `${r.met ? "MET " : "MISS"} ${r.name}: ours ${r.oursSeconds.toFixed(4)} s${peer}${mem} | target ${r.target}${r.notes ? ` | ${r.notes}` : ""}`;
}
