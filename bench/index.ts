/**
 * npm run bench [filter...]: runs every bench/*.bench.ts (or those whose file
 * name contains a filter word), each against its peer in the same run, prints
 * one line per case and writes bench/results/latest.json.
 *
 * Each bench file runs in a fresh Node process, so one benchmark's heap (the
 * million-row CSV, the population buffers) does not slow the next one down.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchRow, formatRow } from "./lib";

const CHILD_FLAG = "--child";
const ROWS_MARKER = "@@bench-rows@@";

async function runChild(file: string): Promise<void> {
  const mod = (await import(join(__dirname, file))) as { run: () => Promise<BenchRow[]> };
  const rows = await mod.run();
  console.log(`${ROWS_MARKER}${JSON.stringify(rows)}`);
}

function runInChild(file: string): BenchRow[] {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, CHILD_FLAG, file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = r.stdout.split("\n");
  for (const line of lines) if (line && !line.startsWith(ROWS_MARKER)) console.log(line);
  const marker = lines.find((l) => l.startsWith(ROWS_MARKER));
  if (r.status !== 0 || !marker) throw new Error(`bench ${file} failed (exit ${r.status})`);
  return JSON.parse(marker.slice(ROWS_MARKER.length)) as BenchRow[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === CHILD_FLAG) return runChild(args[1]);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => args.length === 0 || args.some((w) => f.includes(w)))
    .sort();
  const rows: BenchRow[] = [];
  for (const f of files) {
    console.log(`\n== ${f}`);
    for (const row of runInChild(f)) {
      console.log(formatRow(row));
      rows.push(row);
    }
  }
  const dir = join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log(`\n${rows.filter((r) => r.met).length} of ${rows.length} targets met; results in bench/results/latest.json`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
