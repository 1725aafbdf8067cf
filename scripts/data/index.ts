/**
 * npm run data: writes every sample dataset in data/ from seeded generators,
 * then regenerates the column tables of the data dictionary (data/README.md)
 * from the cohort schema. Re-running it gives byte-identical files
 * (tests/cohort/generate.test.ts, tests/cohort/dictionary.test.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cohortFiles } from "./cohort";
import { README_PATH, readmeWithDictionary } from "./dictionary";

export const DATA_DIR = join(__dirname, "..", "..", "data");

/** Every generated file: path in data/ and a function returning its text. */
export const GENERATED_FILES: Record<string, () => string> = {
  ...cohortFiles(),
};

if (require.main === module) {
  for (const [name, make] of Object.entries(GENERATED_FILES)) {
    const path = join(DATA_DIR, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, make());
    console.log(`wrote data/${name}`);
  }
  const readme = readmeWithDictionary();
  if (readme !== readFileSync(README_PATH, "utf8")) {
    writeFileSync(README_PATH, readme);
    console.log("wrote data/README.md (dictionary tables from src/cohort/schema.ts)");
  } else {
    console.log("data/README.md dictionary tables already match src/cohort/schema.ts");
  }
}
