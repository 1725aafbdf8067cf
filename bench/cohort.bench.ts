/**
 * Cohort CSV loading: a generated 1,000,000-row x 8-column labs CSV (units
 * declared in the header, so two columns are converted) loaded by
 * readCohortCsv with full validation (known patients, ranges, dates, duplicate
 * keys, unit conversion), against pandas.read_csv (Debian python3-pandas,
 * bench/peers/cohort_pandas.py) doing the same parse + conversion, in the same
 * run. Each side runs in its own process under /usr/bin/time -v for peak memory.
 * Target (issue 3): at most 1.5x pandas' time and 2x its peak memory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCohortCsv } from "../src/cohort/read";
import { createRng } from "../src/core/random";
import { type BenchRow, benchDataDir, runPeer } from "./lib";

const ROWS = 1_000_000;
const PATIENTS = 10_000;

function patientId(i: number): string {
  return `P${String(i).padStart(5, "0")}`;
}

/** Writes the bench file once (seeded; same bytes every time). */
export function makeLabsCsv(path: string): void {
  if (existsSync(path) && statSync(path).size > 0) return;
  const rng = createRng(7);
  const perPatient = ROWS / PATIENTS;
  const parts: string[] = [
    "patient_id,sample_date,week,crp [mg/dL],albumin [g/L],hemoglobin_g_dl,calprotectin_ug_g,calprotectin_day2_ug_g\n",
  ];
  const day0 = Date.UTC(2019, 0, 7) / 86_400_000;
  for (let p = 0; p < PATIENTS; p++) {
    const id = patientId(p + 1);
    const start = day0 + rng.int(1000);
    let chunk = "";
    for (let k = 0; k < perPatient; k++) {
      const date = new Date((start + k * 7) * 86_400_000).toISOString().slice(0, 10);
      const b = rng.uniform();
      const crpMgDl = Math.exp(Math.log(0.15) + 2.5 * b + rng.normal(0, 0.5));
      const albGl = 43 - 12 * b + rng.normal(0, 2);
      const hb = 14 - 2 * b + rng.normal(0, 0.8);
      const fcp = Math.exp(Math.log(35) + 3.6 * b + rng.normal(0, 0.35));
      const fcp2 = fcp * Math.exp(rng.normal(0, 0.38));
      chunk += `${id},${date},${k},${crpMgDl.toFixed(2)},${albGl.toFixed(1)},${hb.toFixed(1)},${Math.round(fcp)},${Math.round(fcp2)}\n`;
    }
    parts.push(chunk);
  }
  writeFileSync(path, parts.join(""));
}

function childLoad(path: string, repeat: number): void {
  const known = new Set<string>();
  for (let i = 1; i <= PATIENTS; i++) known.add(patientId(i));
  const times: number[] = [];
  let rows = 0;
  let rejected = 0;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    const { data, report } = readCohortCsv(path, "labs", { patients: known });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    rows = data.nRows;
    rejected = report.rejected.length;
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ seconds: times[Math.floor(times.length / 2)], rows, rejected }));
}

export async function run(): Promise<BenchRow[]> {
  const path = join(benchDataDir(), "labs_1m.csv");
  makeLabsCsv(path);
  const repeat = 3;
  const ours = spawnSync("/usr/bin/time", ["-v", process.execPath, "--import", "tsx", __filename, "--child", path, String(repeat)], {
    cwd: join(__dirname, ".."),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (ours.status !== 0) throw new Error(`ours failed: ${ours.stderr}`);
  const oursOut = JSON.parse(ours.stdout.trim().split("\n").pop()!) as { seconds: number; rows: number; rejected: number };
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(ours.stderr);
  const oursPeak = m ? Number(m[1]) / 1024 : undefined;
  const peer = runPeer("/usr/bin/python3", [join(__dirname, "peers", "cohort_pandas.py"), path, String(repeat)], { measureMemory: true });
  const peerSeconds = peer.seconds as number;
  const peerPeak = peer.peakMiB as number | undefined;
  const timeOk = oursOut.seconds <= 1.5 * peerSeconds;
  const memOk = oursPeak !== undefined && peerPeak !== undefined && oursPeak <= 2 * peerPeak;
  return [
    {
      name: `readCohortCsv labs 1M x 8 (validate + 2 unit conversions), ${oursOut.rows} rows accepted, ${oursOut.rejected} rejected`,
      oursSeconds: oursOut.seconds,
      peerSeconds,
      peerName: `pandas ${peer.pandas} read_csv`,
      oursPeakMiB: oursPeak,
      peerPeakMiB: peerPeak,
      target: "<= 1.5x pandas time and <= 2x pandas peak memory",
      met: timeOk && memOk,
      notes: `median of ${repeat}; peak RSS of each process (ours includes Node/tsx startup)`,
    },
  ];
}

if (require.main === module && process.argv.includes("--child")) {
  const i = process.argv.indexOf("--child");
  childLoad(process.argv[i + 1], Number(process.argv[i + 2] ?? 3));
}
