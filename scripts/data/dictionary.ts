/**
 * Regenerates the column tables of data/README.md (between its
 * `<!-- dictionary:<table>:begin/end -->` markers) from the cohort schema; the
 * hand-written text around them is kept byte for byte.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { updateDataDictionary } from "../../src/cohort/dictionary";

/** The data dictionary, data/README.md. */
export const README_PATH = join(__dirname, "..", "..", "data", "README.md");

/** data/README.md as `npm run data` writes it: the current file with its dictionary sections regenerated. */
export function readmeWithDictionary(path = README_PATH): string {
  return updateDataDictionary(readFileSync(path, "utf8"));
}
