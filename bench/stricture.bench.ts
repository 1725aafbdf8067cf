/**
 * Stricture benchmark (issue 8), against its peer in the same run:
 * flow through 100,000 random bowel segments (30-60 cm of healthy bowel with two strictures in
 * series, shear-thinning power-law contents, fixed driving pressure) with `segmentFlowMlMin`, every
 * input validated, vs the same closed form vectorised in numpy (bench/peers/stricture_numpy.py).
 * Target: under 1 s for 100,000 segments (fast enough to sweep whole cohorts or slider grids);
 * results must agree to 1e-9 relative.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../src/core/random";
import { type BowelSegment, segmentFlowMlMin } from "../src/stricture/segment";
import { type BenchRow, benchDataDir, runPeer, timeIt } from "./lib";

export async function run(): Promise<BenchRow[]> {
  const n = 100_000;
  const rng = createRng(20261125);
  const cols = 9;
  const table = new Float64Array(n * cols);
  const segments: BowelSegment[] = [];
  const fluids: { consistencyPaSn: number; flowBehaviourIndex: number }[] = [];
  const pressures: number[] = [];
  for (let i = 0; i < n; i++) {
    const total = 30 + 30 * rng.uniform();
    const normal = 20 + 10 * rng.uniform();
    const l1 = 0.5 + 5 * rng.uniform();
    const d1 = 3 + 15 * rng.uniform();
    const l2 = 0.5 + 5 * rng.uniform();
    const d2 = 3 + 15 * rng.uniform();
    const k = 0.5 + 20 * rng.uniform();
    const nn = 0.2 + 0.8 * rng.uniform();
    const dp = 10 + 500 * rng.uniform();
    table.set([total, normal, l1, d1, l2, d2, k, nn, dp], i * cols);
    segments.push({
      lengthCm: total,
      normalDiameterMm: normal,
      strictures: [
        { lengthCm: l1, diameterMm: d1 },
        { lengthCm: l2, diameterMm: d2 },
      ],
    });
    fluids.push({ consistencyPaSn: k, flowBehaviourIndex: nn });
    pressures.push(dp);
  }
  const file = join(benchDataDir(), "stricture_segments.bin");
  writeFileSync(file, Buffer.from(table.buffer));
  const out = new Float64Array(n);
  const ours = await timeIt(
    () => {
      for (let i = 0; i < n; i++) out[i] = segmentFlowMlMin(segments[i], { pressureDropPa: pressures[i], fluid: fluids[i] });
    },
    { repeat: 5, warmup: 1 },
  );
  const peer = runPeer("/usr/bin/python3", [join(__dirname, "peers", "stricture_numpy.py"), file, "5"]);
  let checksum = 0;
  for (let i = 0; i < n; i++) checksum += out[i];
  const rel = Math.abs(checksum / Number(peer.checksum) - 1);
  const relFirst = Math.abs(out[0] / Number(peer.first) - 1);
  const agree = rel < 1e-9 && relFirst < 1e-9;
  return [
    {
      name: "segment flow: 100,000 segments x (healthy + 2 strictures), power law, validated inputs",
      oursSeconds: ours,
      peerSeconds: Number(peer.seconds),
      peerName: `numpy ${peer.numpy} vectorised closed form`,
      target: "< 1 s",
      met: ours < 1 && agree,
      notes: `sum of flows agrees to ${rel.toExponential(1)}, first to ${relFirst.toExponential(1)}; ${agree ? "agree to 1e-9" : "DISAGREE"}`,
    },
  ];
}
