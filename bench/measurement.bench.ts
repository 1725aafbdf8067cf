/**
 * icc() against R psych::ICC(x, lmer = FALSE) on the same 2,000 x 5 ratings in the same run
 * (target: >= 100x faster), and icc() alone on 1,000,000 x 5 (target: < 0.2 s).
 * The peer script (bench/peers/measurement_icc.R) reads the CSV written here and times only the ICC call.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../src/core/random";
import { icc } from "../src/measurement";
import { type BenchRow, benchDataDir, runPeer, timeIt } from "./lib";

function ratings(n: number, k: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const offsets = Array.from({ length: k }, () => rng.normal(0, 0.5));
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const t = rng.normal(10, 2);
    for (let j = 0; j < k; j++) data[i * k + j] = Math.round((t + offsets[j] + rng.normal(0, 1)) * 100) / 100;
  }
  return data;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const k = 5;
  // 1. 2,000 x 5 vs psych
  const n = 2000;
  const flat = ratings(n, k, 4);
  const matrix: number[][] = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * k, i * k + k)));
  const csv = join(benchDataDir(), "measurement_icc_2000x5.csv");
  writeFileSync(csv, `${["r1", "r2", "r3", "r4", "r5"].join(",")}\n${matrix.map((r) => r.join(",")).join("\n")}\n`);
  const ours = await timeIt(() => icc(matrix), { repeat: 21, warmup: 3 });
  const peer = runPeer("/usr/bin/Rscript", [join(__dirname, "peers", "measurement_icc.R"), csv], { timeoutMs: 900_000 });
  const mine = icc(matrix);
  const peerSeconds = Number(peer.seconds);
  const agree = Math.abs(mine.ICC2.value - Number(peer.ICC2)) < 1e-10 && Math.abs(mine.ICC2.lower - Number(peer.ICC2lower)) < 1e-8;
  rows.push({
    name: "icc 2,000 x 5 (number[][]) vs psych::ICC(lmer = FALSE)",
    oursSeconds: ours,
    peerSeconds,
    peerName: `psych ${String(peer.psych)}`,
    target: ">= 100x faster than psych::ICC",
    met: peerSeconds / ours >= 100 && agree,
    notes: `ICC2 ours ${mine.ICC2.value.toFixed(12)} psych ${Number(peer.ICC2).toFixed(12)} (${agree ? "agree" : "DISAGREE"})`,
  });
  // 2. 1,000,000 x 5 alone
  const big = ratings(1_000_000, k, 5);
  const input = { data: big, subjects: 1_000_000, raters: k };
  const bigSeconds = await timeIt(() => icc(input), { repeat: 7, warmup: 2 });
  rows.push({
    name: "icc 1,000,000 x 5 (flat Float64Array)",
    oursSeconds: bigSeconds,
    target: "< 0.2 s",
    met: bigSeconds < 0.2,
    notes: `ICC2 = ${icc(input).ICC2.value.toFixed(4)}`,
  });
  return rows;
}
