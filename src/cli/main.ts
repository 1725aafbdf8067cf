#!/usr/bin/env node
/**
 * `ibd-lab`: the analyst's command line.
 *
 *   ibd-lab validate <csv files or folders...> [--table <name>] [--json] [--max-rejects <n>]
 *   ibd-lab report <csv files or folders...> --out report.html [--json] [--json-out file] [--quiet] [--strict] [--pk-patients <n>] [--pk-draws <n>]
 *   both: [--unit column=unit]... [--date-format DD/MM/YYYY] [--delimiter ";"] [--max-file-mb <n>] [--max-rejects-kept <n>]
 *
 * Files: only regular files are read (a device, FIFO or socket is refused before it is opened), each at
 * most --max-file-mb (default 2048 MiB); outputs are written to a temporary file beside the target and
 * renamed; an output path that is an input (or the other output) is refused before anything is loaded.
 *
 * Exit codes: 0 everything loaded (validate) / report written; 1 rows were
 * rejected (validate, or report --strict); 2 bad usage or unreadable input
 * (message on stderr).
 * `main(argv, io)` is exported so tests run the CLI in-process.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type { ReadCohortOptions } from "../cohort/read";
import { MAX_FILE_BYTES } from "../core/files";
import { reportHtml } from "./html";
import { type CliIo, CliUsageError, processIo } from "./io";
import { loadInputs, resolveInputs } from "./load";
import { checkOutputPaths, type OutputPath, writeOutput } from "./output";
import { createProgress } from "./progress";
import { buildReport, REPORT_STEPS, reportJson } from "./report";
import { formatValidate, validateJson } from "./validate";

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0, got "${v}"`);
    return n;
  };
}

/** --pk-draws: a whole number from 1 to 100,000 (forecastTroughs' MAX_DRAWS). */
function drawCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new InvalidArgumentError(`--pk-draws must be a whole number from 1 to 100000, got "${v}"`);
  return n;
}

/** Largest --max-file-mb: the loader's own limit (2 GiB - 1 byte) in MiB. */
const MAX_FILE_MB = 2048;

/** --max-file-mb: a number of MiB in (0, 2048]; fractions allowed (0.5 = 512 KiB). */
function fileMb(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0 || n > MAX_FILE_MB || Math.floor(n * 1024 * 1024) < 1)
    throw new InvalidArgumentError(`--max-file-mb must be a number of MiB greater than 0 and at most ${MAX_FILE_MB}, got "${v}"`);
  return n;
}

const DATE_FORMATS = ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "YYYY/MM/DD"] as const;

/** Loader options shared by both commands: declared units, date format, delimiter, limits. */
interface LoaderFlags {
  unit: string[];
  dateFormat?: string;
  delimiter?: string;
  maxFileMb?: number;
  maxRejectsKept: number;
}

function collectUnit(v: string, prev: string[]): string[] {
  if (!/^[^=]+=[^=]+$/.test(v)) throw new InvalidArgumentError(`--unit takes column=unit (e.g. albumin=g/L), got "${v}"`);
  return [...prev, v];
}

function loaderOptions(flags: LoaderFlags): Omit<ReadCohortOptions, "patients"> {
  const out: Omit<ReadCohortOptions, "patients"> = {};
  if (flags.unit.length) out.units = Object.fromEntries(flags.unit.map((u) => u.split("=").map((x) => x.trim()) as [string, string]));
  if (flags.dateFormat !== undefined) {
    if (!(DATE_FORMATS as readonly string[]).includes(flags.dateFormat)) {
      throw new CliUsageError(`unknown --date-format "${flags.dateFormat}": expected one of ${DATE_FORMATS.join(", ")}`);
    }
    out.dateFormat = flags.dateFormat as (typeof DATE_FORMATS)[number];
  }
  if (flags.delimiter !== undefined) {
    const d = flags.delimiter === "\\t" || flags.delimiter === "tab" ? "\t" : flags.delimiter;
    if (d.length !== 1 || d === '"' || d === "\n" || d === "\r")
      throw new CliUsageError(`--delimiter must be one character (or "tab"), got "${flags.delimiter}"`);
    out.delimiter = d;
  }
  if (flags.maxFileMb !== undefined) out.maxFileBytes = Math.min(MAX_FILE_BYTES, Math.floor(flags.maxFileMb * 1024 * 1024));
  out.maxRejectsKept = flags.maxRejectsKept;
  return out;
}

function withLoaderFlags(cmd: Command): Command {
  return cmd
    .option("--unit <column=unit>", "unit of a column whose header does not declare one, e.g. albumin=g/L (repeatable)", collectUnit, [])
    .option("--date-format <format>", `date format of every date column: ${DATE_FORMATS.join(", ")} (default: YYYY-MM-DD)`)
    .option("--delimiter <char>", 'field delimiter, one character or "tab" (default: ",")')
    .option(
      "--max-file-mb <n>",
      `largest input file read, in MiB, fractions allowed (default: ${MAX_FILE_MB}, i.e. 2 GiB - 1 byte)`,
      fileMb,
    )
    .option(
      "--max-rejects-kept <n>",
      "rejected rows kept in full per file (in --json and the report); every further one is only counted by column and reason",
      positiveInt("--max-rejects-kept"),
      1000,
    );
}

function packageVersion(): string {
  try {
    // src/cli and dist/cli both sit two levels below package.json
    return JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 * @example await main(["validate", "data/uc"]) // 0
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name("ibd-lab")
    .description("Validate cohort CSV files and build an offline HTML report (research and teaching use).")
    .version(packageVersion(), "-V, --version", "print the ibd-lab version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError("(run ibd-lab --help for usage)");

  withLoaderFlags(program.command("validate"))
    .description(
      "Load CSV files (or cohort folders) and print the load report: rows read, accepted, rejected (line, column, value, reason), conversions, warnings.",
    )
    .argument("<inputs...>", "CSV files named <table>.csv, or folders holding them")
    .option("--table <name>", "table held by the given file(s) when the file name does not say it")
    .option("--json", "print the load reports as JSON on stdout")
    .option("--max-rejects <n>", "rejected rows listed per file in text output", positiveInt("--max-rejects"), 50)
    .action((inputs: string[], opts: LoaderFlags & { table?: string; json?: boolean; maxRejects: number }) => {
      const loaded = loadInputs(resolveInputs(inputs, { table: opts.table }), loaderOptions(opts));
      const v = validateJson(loaded);
      io.stdout(opts.json ? `${JSON.stringify(v, null, 2)}\n` : formatValidate(v, { maxRejects: opts.maxRejects }));
      code = v.exitCode;
    });

  withLoaderFlags(program.command("report"))
    .description("Build a self-contained offline HTML report from cohort CSV files or a cohort folder.")
    .argument("<inputs...>", "CSV files named <table>.csv, or a cohort folder (patients.csv, visits.csv, labs.csv, ...)")
    .option("-o, --out <file>", "HTML file to write")
    .option("--json", "write the report content as JSON (to stdout, or to --json-out)")
    .option("--json-out <file>", "write the JSON to this file instead of stdout")
    .option("--title <text>", "report title", "ibd-lab cohort report")
    .option(
      "--pk-patients <n>",
      "most patients fitted to their levels and doses (taken in turn from each disease and drug)",
      positiveInt("--pk-patients"),
      8,
    )
    .option("--pk-draws <n>", "posterior draws per PK forecast (1 to 100000)", drawCount, 500)
    .option("-q, --quiet", "no progress line on stderr")
    .option("--strict", "exit 1 when rows were rejected while loading (the report is still written)")
    .action(
      (
        inputs: string[],
        opts: LoaderFlags & {
          out?: string;
          json?: boolean;
          jsonOut?: string;
          title: string;
          pkPatients: number;
          pkDraws: number;
          quiet?: boolean;
          strict?: boolean;
        },
      ) => {
        if (!opts.out && !opts.json && !opts.jsonOut)
          throw new CliUsageError("nothing to write: give --out <file.html>, --json or --json-out <file>");
        const readOptions = loaderOptions(opts);
        const resolved = resolveInputs(inputs, { tableFlag: false });
        // Before anything is loaded: no output may replace an input or the other output.
        const outputs: OutputPath[] = [];
        if (opts.out) outputs.push({ flag: "--out", path: opts.out });
        if (opts.jsonOut) outputs.push({ flag: "--json-out", path: opts.jsonOut });
        checkOutputPaths(outputs, resolved);
        const progress = createProgress(io, resolved.files.length + REPORT_STEPS.length + (opts.out ? 1 : 0), { quiet: opts.quiet });
        try {
          const loaded = loadInputs(resolved, readOptions, (f) => progress.step(`loading ${f.table}`));
          const report = buildReport(loaded, {
            title: opts.title,
            pkPatients: opts.pkPatients,
            pkDraws: opts.pkDraws,
            onStep: (s) => progress.step(s),
          });
          if (opts.out) {
            progress.step("writing HTML");
            writeOutput(opts.out, reportHtml(report));
          }
          // The JSON only when asked for: it is the largest string the command builds.
          if (opts.jsonOut || opts.json) {
            const json = `${JSON.stringify(reportJson(report), null, 2)}\n`;
            if (opts.jsonOut) writeOutput(opts.jsonOut, json);
            else io.stdout(json);
          }
          progress.done();
          const rejected = loaded.reports.reduce((k, r) => k + r.rejectedCount, 0);
          if (!opts.quiet) {
            if (opts.out) io.stderr(`report written to ${opts.out}\n`);
            if (rejected) {
              const all = loaded.reports.every((r) => r.rejected.length === r.rejectedCount);
              io.stderr(
                `note: ${rejected} row(s) were rejected while loading; ${all ? "they are listed" : `the first ${opts.maxRejectsKept} of each file are listed, all are counted by column and reason,`} in the report's load section\n`,
              );
            }
          }
          code = opts.strict && rejected > 0 ? 1 : 0;
        } finally {
          progress.done();
        }
      },
    );

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else (no command, unknown option, missing argument) is a usage error
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof CliUsageError) {
      io.stderr(`ibd-lab: error: ${e.message}\n`);
      return 2;
    }
    io.stderr(`ibd-lab: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 70;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((c) => {
    process.exitCode = c;
  });
}
