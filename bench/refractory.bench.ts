/**
 * Steroid-refractory rule over a synthetic cohort: 20,000 seeded steroid
 * histories (1-3 overlapping or consecutive courses of prednisone,
 * methylprednisolone or hydrocortisone, oral or IV, plus 1-4 calprotectin
 * measurements) classified by classifyRefractoriness (the full classifier:
 * all rules run, we count the steroid-refractory label), against an
 * independent numpy implementation of the same rule (bench/peers/refractory_numpy.py,
 * Debian python3-numpy) in the same run. Besides the timing, the peer is a
 * cross-check: both sides must flag exactly the same patients.
 * Target: no slower than 2x the peer, and identical patient sets.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../src/core/random";
import { classifyRefractoriness } from "../src/refractory/classify";
import { addDays } from "../src/refractory/dates";
import type { SteroidDrug, TreatmentHistory } from "../src/refractory/types";
import { type BenchRow, benchDataDir, runPeer, timeIt } from "./lib";

const N = 20_000;

export function makeHistories(n: number, seed = 11): TreatmentHistory[] {
  const rng = createRng(seed);
  const drugs: SteroidDrug[] = ["prednisone", "prednisone", "methylprednisolone", "hydrocortisone"];
  const out: TreatmentHistory[] = [];
  for (let i = 0; i < n; i++) {
    const start = addDays("2020-01-01", rng.int(1000));
    const steroids: TreatmentHistory["steroids"] = [];
    let cursor = 0;
    const k = 1 + rng.int(3);
    for (let c = 0; c < k; c++) {
      const drug = drugs[rng.int(drugs.length)];
      const iv = drug !== "prednisone" && rng.bernoulli(0.5);
      const predEq = [30, 35, 39, 40, 40, 45, 60][rng.int(7)];
      const factor = drug === "methylprednisolone" ? 0.8 : drug === "hydrocortisone" ? 4 : 1;
      const len = iv ? 2 + rng.int(5) : 7 + rng.int(20);
      const s = cursor + (rng.bernoulli(0.3) ? -rng.int(5) : rng.int(10));
      steroids.push({
        drug,
        route: iv ? "iv" : "oral",
        doseMgPerDay: predEq * factor,
        startDate: addDays(start, Math.max(0, s)),
        endDate: addDays(start, Math.max(0, s) + len - 1),
      });
      cursor = Math.max(0, s) + len;
    }
    const assessments = Array.from({ length: 1 + rng.int(4) }, () => ({
      date: addDays(start, rng.int(cursor + 10)),
      calprotectinUgG: Math.round(rng.lognormal(Math.log(250), 1)),
    }));
    out.push({ patientId: `S${i}`, asOf: addDays(start, cursor + 30), mimicsExcluded: true, steroids, assessments });
  }
  return out;
}

export async function run(): Promise<BenchRow[]> {
  const histories = makeHistories(N);
  const path = join(benchDataDir(), "refractory_histories.json");
  writeFileSync(path, JSON.stringify(histories));
  let ours: string[] = [];
  const oursSeconds = await timeIt(
    () => {
      ours = histories.filter((h) => classifyRefractoriness(h).labels.includes("steroid-refractory")).map((h) => h.patientId);
    },
    { repeat: 3, warmup: 1 },
  );
  const peer = runPeer("/usr/bin/python3", [join(__dirname, "peers", "refractory_numpy.py"), path, "3"]);
  const peerIds = new Set(peer.ids as string[]);
  const same = ours.length === peerIds.size && ours.every((id) => peerIds.has(id));
  const peerSeconds = peer.seconds as number;
  return [
    {
      name: `steroid-refractory rule, ${N} histories`,
      oursSeconds,
      peerSeconds,
      peerName: `numpy ${peer.numpy} (same rule, independent code)`,
      target: "<= 2x the peer's time and the same flagged patients",
      met: same && oursSeconds <= 2 * peerSeconds,
      notes: `ours flagged ${ours.length}, peer ${peerIds.size}, ${same ? "identical sets" : "SETS DIFFER"}; ours runs every rule of the classifier`,
    },
  ];
}
