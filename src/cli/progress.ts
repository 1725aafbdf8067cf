/**
 * A one-line progress indicator on stderr, redrawn in place with `\r`:
 * `[#####.....] 3/6 reliability`. Hand-written (a dozen lines) rather than a
 * package: the report has a handful of coarse steps, so a bar library's
 * throttling, multi-bar and ETA machinery would add a dependency for nothing.
 * Silent when stderr is not a TTY (pipes, CI logs) or with `--quiet`.
 */
import type { CliIo } from "./io";

export interface Progress {
  /** Starts step `label` (1-based index `i` of `total`). */
  step(label: string): void;
  /** Clears the line at the end. */
  done(): void;
}

export function createProgress(io: CliIo, total: number, options: { quiet?: boolean } = {}): Progress {
  const enabled = io.stderrIsTTY && !options.quiet;
  let i = 0;
  let last = 0;
  const width = 20;
  return {
    step(label: string) {
      i = Math.min(i + 1, total);
      if (!enabled) return;
      const filled = Math.round((width * (i - 1)) / Math.max(total, 1));
      const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${i}/${total} ${label}`;
      io.stderr(`\r${line.padEnd(last)}`);
      last = line.length;
    },
    done() {
      if (enabled && last > 0) io.stderr(`\r${" ".repeat(last)}\r`);
      last = 0;
    },
  };
}
