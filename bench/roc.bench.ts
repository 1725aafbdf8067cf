/**
 * roc() with its DeLong CI on 1,000,000 scores vs pROC roc() + ci.auc(method = "delong")
 * on the same data in the same run (bench/peers/roc_delong.R reads the same file;
 * only the pROC calls are timed). Target: at least 2x faster.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../src/core/random";
import { roc } from "../src/discordance/roc";
import { type BenchRow, benchDataDir, runPeer, timeIt } from "./lib";

export async function run(): Promise<BenchRow[]> {
  const n = 1_000_000;
  const rng = createRng(20261125);
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.uniform() < 0.3 ? 1 : 0;
    labels[i] = y;
    // Rounded to 1e-3 so that ties occur, as with real assay values.
    scores[i] = Math.round((rng.normal() + 0.9 * y) * 1000) / 1000;
  }
  const file = join(benchDataDir(), "roc_1e6.bin");
  const buf = Buffer.alloc(16 * n);
  for (let i = 0; i < n; i++) {
    buf.writeDoubleLE(scores[i], 8 * i);
    buf.writeDoubleLE(labels[i], 8 * (n + i));
  }
  writeFileSync(file, buf);

  let result = roc(scores, labels);
  const ours = await timeIt(
    () => {
      result = roc(scores, labels);
    },
    { repeat: 5, warmup: 1 },
  );
  const peer = runPeer("/usr/bin/Rscript", [join(__dirname, "peers", "roc_delong.R"), file, String(n), "3"]);
  const peerSeconds = Number(peer.seconds);
  const agree =
    Math.abs(result.auc.value - Number(peer.auc)) < 1e-9 &&
    Math.abs(result.auc.lower - Number(peer.lower)) < 1e-9 &&
    Math.abs(result.auc.upper - Number(peer.upper)) < 1e-9;
  return [
    {
      name: "roc + DeLong CI, 1e6 scores",
      oursSeconds: ours,
      peerSeconds,
      peerName: `pROC ${peer.pROC} roc + ci.auc(delong)`,
      target: ">= 2x faster than pROC",
      met: peerSeconds / ours >= 2 && agree,
      notes: `AUC ${result.auc.value.toFixed(6)} (${result.auc.lower.toFixed(6)}-${result.auc.upper.toFixed(6)}); pROC ${Number(peer.auc).toFixed(6)} (${Number(peer.lower).toFixed(6)}-${Number(peer.upper).toFixed(6)}); ${agree ? "agree to 1e-9" : "DISAGREE"}`,
    },
  ];
}
