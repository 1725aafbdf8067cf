/**
 * The command's output files (CONTRIBUTING.md, "Files"): checked before any work is done, so that an
 * output path never replaces an input (any CSV given, or inside a folder given) or another output of
 * the same run, whatever its spelling (relative, `..`, symlinks, hard links, a file not yet created in a
 * symlinked folder); then written through src/core/files.ts's `writeFileAtomic` (temporary file beside
 * the target, renamed over it), so an interrupt or a full disk never leaves a truncated file.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { sameFile, writeFileAtomic } from "../core/files";
import { CliUsageError } from "./io";
import type { ResolvedInputs } from "./load";

/** One output file and the flag that named it (for messages). */
export interface OutputPath {
  flag: string;
  path: string;
}

/**
 * Refuses (CliUsageError, exit 2) an output path that is one of the inputs (every file to load, and every
 * other CSV inside an input folder) or the same file as another output.
 */
export function checkOutputPaths(outputs: readonly OutputPath[], inputs: ResolvedInputs): void {
  const inputFiles = [...inputs.files.map((f) => f.path), ...(inputs.otherFiles ?? [])];
  outputs.forEach((o, i) => {
    for (const input of inputFiles) {
      if (sameFile(o.path, input)) {
        throw new CliUsageError(
          `${o.flag} "${o.path}" is the input file "${input}": refusing to overwrite an input; choose another output path`,
        );
      }
    }
    for (const other of outputs.slice(0, i)) {
      if (sameFile(o.path, other.path)) {
        throw new CliUsageError(`${o.flag} "${o.path}" and ${other.flag} "${other.path}" are the same file: give each output its own path`);
      }
    }
  });
}

/** Writes one output atomically (creating its folder); any failure is a CliUsageError naming the path. */
export function writeOutput(path: string, content: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, content);
  } catch (e) {
    throw new CliUsageError(`cannot write "${path}": ${(e as Error).message}`);
  }
}
