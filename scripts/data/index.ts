/**
 * npm run data: writes every sample dataset in data/ from seeded generators.
 * Re-running it gives byte-identical files (tests/cohort/determinism.test.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cohortFiles } from "./cohort";
import { tourCsv } from "./tour";

export const DATA_DIR = join(__dirname, "..", "..", "data");

/** Every generated file: path in data/ and a function returning its text. */
export const GENERATED_FILES: Record<string, () => string> = {
  "tour.csv": () => tourCsv(),
  ...cohortFiles(),
};

if (require.main === module) {
  for (const [name, make] of Object.entries(GENERATED_FILES)) {
    const path = join(DATA_DIR, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, make());
    console.log(`wrote data/${name}`);
  }
}
