/**
 * npm run data: writes every sample dataset in data/ from seeded generators.
 * Re-running it gives byte-identical files (tests/data/determinism.test.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tourCsv } from "./tour";

const dataDir = join(__dirname, "..", "..", "data");

/** Every generated file: name in data/ and a function returning its text. */
export const GENERATED_FILES: Record<string, () => string> = {
  "tour.csv": () => tourCsv(),
};

if (require.main === module) {
  for (const [name, make] of Object.entries(GENERATED_FILES)) {
    writeFileSync(join(dataDir, name), make());
    console.log(`wrote data/${name}`);
  }
}
