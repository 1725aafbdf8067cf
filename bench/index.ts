/**
 * npm run bench [filter...]: runs every bench/*.bench.ts (or those whose file
 * name contains a filter word), each against its peer in the same run, prints
 * one line per case and writes bench/results/latest.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchRow, formatRow } from "./lib";

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort();
  const rows: BenchRow[] = [];
  for (const f of files) {
    console.log(`\n== ${f}`);
    const mod = (await import(join(__dirname, f))) as { run: () => Promise<BenchRow[]> };
    for (const row of await mod.run()) {
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
