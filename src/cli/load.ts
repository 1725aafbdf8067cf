/**
 * Turns the CLI's path arguments (CSV files and/or cohort folders) into cohort
 * tables with their load reports, through the cohort loader (`readCohortCsv`):
 * patients first, then every other table checked against its patient ids.
 */
import { lstatSync, readdirSync, type Stats, statSync } from "node:fs";
import { basename, join } from "node:path";
import { type CohortColumn, type CohortTable, type LoadReport, type ReadCohortOptions, readCohortCsv } from "../cohort/read";
import { COHORT_TABLE_NAMES, type CohortTableName, type ColumnSpec } from "../cohort/schema";
import { IbdLabError } from "../core/errors";
import { describeFileKind } from "../core/files";
import { CliUsageError } from "./io";

/** One CSV file and the cohort table it holds. */
export interface InputFile {
  path: string;
  table: CohortTableName;
}

/** Result of {@link resolveInputs}: the files to load and notes about files left out. */
export interface ResolvedInputs {
  files: InputFile[];
  notes: string[];
  /** CSV files inside the input folders that are not loaded (not a table name): outputs must not replace them either. */
  otherFiles?: string[];
}

const TABLES = COHORT_TABLE_NAMES as readonly string[];

function isTable(name: string): name is CohortTableName {
  return TABLES.includes(name);
}

/** Refuses a path that is not a regular file (after following symlinks): devices, FIFOs and sockets are never opened. */
function requireRegular(path: string, st: Stats): void {
  if (!st.isFile()) {
    let link = "";
    try {
      if (lstatSync(path).isSymbolicLink()) link = " (through a symlink)";
    } catch {
      link = "";
    }
    throw new CliUsageError(
      `cannot read "${path}": it is ${describeFileKind(st)}${link}, not a regular file (ibd-lab reads only regular CSV files)`,
    );
  }
}

/**
 * Resolves the path arguments. A folder contributes every `<table>.csv` it holds;
 * a file's table is `--table` (validate only) or its file name (`labs.csv`, `labs-2024.csv` is not guessed).
 * Every file to load must be a regular file (a symlink to one is fine); folders are not read recursively.
 * @param options.table The table every given file holds (`validate --table`).
 * @param options.tableFlag Whether the command has a `--table` flag, for the message about a file whose table cannot be told. Default: true.
 * @throws CliUsageError for a missing path, a device, FIFO or socket, an unknown table name, a file whose table cannot be told, or the same file twice.
 */
export function resolveInputs(paths: readonly string[], options: { table?: string; tableFlag?: boolean } = {}): ResolvedInputs {
  if (paths.length === 0) throw new CliUsageError("no input: give one or more CSV files or a cohort folder");
  if (options.table !== undefined && !isTable(options.table)) {
    throw new CliUsageError(`unknown table "${options.table}" for --table: expected one of ${TABLES.join(", ")}`);
  }
  const files: InputFile[] = [];
  const notes: string[] = [];
  const otherFiles: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new CliUsageError(`cannot read "${p}": no such file or folder`);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (e) {
        throw new CliUsageError(`cannot read folder "${p}": ${(e as Error).message}`);
      }
      const csv = names.filter((n) => n.toLowerCase().endsWith(".csv"));
      let found = 0;
      for (const n of csv) {
        const stem = n.slice(0, -4);
        if (isTable(stem)) {
          const path = join(p, n);
          let fst: Stats;
          try {
            fst = statSync(path);
          } catch (e) {
            throw new CliUsageError(
              `cannot read "${path}": ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file (a dangling symlink?)" : (e as Error).message}`,
            );
          }
          requireRegular(path, fst);
          files.push({ path, table: stem });
          found++;
        } else {
          otherFiles.push(join(p, n));
          notes.push(`${join(p, n)}: not a cohort table name, ignored (expected ${TABLES.map((t) => `${t}.csv`).join(", ")})`);
        }
      }
      if (found === 0)
        throw new CliUsageError(`folder "${p}" holds no cohort table (expected files named ${TABLES.map((t) => `${t}.csv`).join(", ")})`);
    } else {
      requireRegular(p, st);
      const stem = basename(p).replace(/\.csv$/i, "");
      const table = options.table ?? (isTable(stem) ? stem : undefined);
      if (!table) {
        throw new CliUsageError(
          options.tableFlag === false
            ? `cannot tell which table "${p}" holds: the file name must be a table name, one of ${TABLES.map((t) => `${t}.csv`).join(", ")} (copy or link it under that name, or put it in a cohort folder)`
            : `cannot tell which table "${p}" holds: name the file <table>.csv or pass --table <name> (one of ${TABLES.join(", ")})`,
        );
      }
      files.push({ path: p, table: table as CohortTableName });
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new CliUsageError(`file "${f.path}" given twice`);
    seen.add(f.path);
  }
  return { files, notes, otherFiles };
}

/**
 * Tables and reports of the loaded files. The same table may come from several
 * files (e.g. `data/uc data/cd`): their rows are concatenated in the order given.
 */
export interface LoadedInputs {
  data: Partial<Record<CohortTableName, CohortTable>>;
  /** One report per file, in load order (patients first). */
  reports: LoadReport[];
  /** Tables with no file. */
  missing: CohortTableName[];
  files: InputFile[];
  notes: string[];
  /** Whether the patient ids of the other tables were checked against patients.csv. */
  patientsChecked: boolean;
}

/** Concatenates tables of the same name (typed columns; a column absent from one file is missing there). */
export function concatTables(tables: CohortTable[]): CohortTable {
  if (tables.length === 1) return tables[0];
  const first = tables[0];
  const names: string[] = [];
  const types: Record<string, ColumnSpec["type"]> = {};
  for (const t of tables) {
    for (const n of Object.keys(t.columns)) {
      if (!(n in types)) {
        names.push(n);
        types[n] = t.types[n];
      }
    }
  }
  const nRows = tables.reduce((k, t) => k + t.nRows, 0);
  const columns: Record<string, CohortColumn> = {};
  for (const n of names) {
    const numeric = tables.some((t) => t.columns[n] instanceof Float64Array);
    if (numeric) {
      const out = new Float64Array(nRows).fill(Number.NaN);
      let at = 0;
      for (const t of tables) {
        const c = t.columns[n];
        if (c instanceof Float64Array) out.set(c.subarray(0, t.nRows), at);
        at += t.nRows;
      }
      columns[n] = out;
    } else {
      const out: (string | null)[] = new Array(nRows).fill(null);
      let at = 0;
      for (const t of tables) {
        const c = t.columns[n];
        if (Array.isArray(c)) for (let i = 0; i < t.nRows; i++) out[at + i] = c[i];
        at += t.nRows;
      }
      columns[n] = out;
    }
  }
  return {
    table: first.table,
    nRows,
    columns,
    types,
    get frame(): never {
      throw new CliUsageError("a concatenated table has no DataFrame; use its typed columns");
    },
  };
}

/**
 * Loads resolved files, patients first (so the others are checked against every patients file given).
 * @throws CliUsageError when a file cannot be read, its header is unusable (the loader's own message is kept),
 * or two patients files share a patient id.
 */
export function loadInputs(
  resolved: ResolvedInputs,
  options: Omit<ReadCohortOptions, "patients"> = {},
  onFile?: (f: InputFile) => void,
): LoadedInputs {
  const order = [...resolved.files].sort((a, b) => TABLES.indexOf(a.table) - TABLES.indexOf(b.table));
  const out: LoadedInputs = { data: {}, reports: [], missing: [], files: order, notes: [...resolved.notes], patientsChecked: false };
  const parts = new Map<CohortTableName, CohortTable[]>();
  const load = (f: InputFile, patients?: CohortTable) => {
    onFile?.(f);
    const opts: ReadCohortOptions = { ...options };
    if (patients) opts.patients = patients;
    try {
      const { data, report } = readCohortCsv(f.path, f.table, opts);
      out.reports.push(report);
      parts.set(f.table, [...(parts.get(f.table) ?? []), data]);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof IbdLabError) throw new CliUsageError(`cannot load "${f.path}" as ${f.table}: ${e.message}`);
      if (code) throw new CliUsageError(`cannot read "${f.path}": ${(e as Error).message}`);
      throw e;
    }
  };
  for (const f of order.filter((x) => x.table === "patients")) load(f);
  const pts = parts.get("patients");
  if (pts) {
    const merged = concatTables(pts);
    const ids = merged.columns.patient_id as (string | null)[];
    const seen = new Set<string>();
    for (const id of ids) {
      if (id === null) continue;
      if (seen.has(id))
        throw new CliUsageError(`patient id "${id}" appears in more than one patients file: give cohorts with distinct ids`);
      seen.add(id);
    }
    out.data.patients = merged;
    out.patientsChecked = true;
  } else if (order.length > 0) {
    out.notes.push("no patients.csv given: patient ids of the other tables were not checked");
  }
  for (const f of order.filter((x) => x.table !== "patients")) load(f, out.data.patients);
  for (const [table, list] of parts) if (table !== "patients") out.data[table] = concatTables(list);
  out.missing = (COHORT_TABLE_NAMES as readonly CohortTableName[]).filter((t) => !out.data[t]);
  return out;
}
