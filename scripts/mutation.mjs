#!/usr/bin/env node
// Mutation testing of one module with its own tests (issue #22): StrykerJS 9 with the vitest runner.
//
//   npm run mutation -- src/discordance/accuracy.ts
//   npm run mutation -- src/pk                         (every .ts file of the folder)
//   npm run mutation -- src/pk/regimen.ts --tests tests/pk/regimen.test.ts,tests/pk/solvers.test.ts
//   npm run mutation -- src/pk/regimen.ts --importers  (every tests/pk file that imports it)
//
// Which tests: for src/<m>/<f>.ts, its own tests are tests/<m>/<f>.test.ts and tests/<m>/<f>-*.test.ts;
// when there are none, the files of tests/<m>/ that import src/<m>/<f> directly. `--importers` always
// uses the importing files (with the own tests), `--tests a,b` names them. Base options (perTest
// coverage, no incremental mode, concurrency 2, sandbox in the git-ignored .stryker-tmp) are in
// stryker.config.mjs; the tests reach vitest through IBD_MUTATION_TESTS (vitest.mutation.config.mts). Prints the score, (killed + timeout) / (killed + timeout + survived + no
// coverage), and every surviving mutant, and writes the module's row of docs/test-strength.md.
// Not run by CI (a module takes minutes; see docs/test-strength.md).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DOC = join(root, "docs/test-strength.md");
const TABLE_START = "<!-- mutation-table:start (written by scripts/mutation.mjs) -->";
const TABLE_END = "<!-- mutation-table:end -->";

function usage(message) {
  if (message) console.error(message);
  console.error("usage: npm run mutation -- <src file or folder> [--tests a.test.ts,b.test.ts | --importers] [--no-doc]");
  process.exit(2);
}

function parseArgs(argv) {
  const out = { target: undefined, tests: undefined, importers: false, doc: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--tests") out.tests = (argv[++i] ?? usage("--tests needs a list")).split(",").filter(Boolean);
    else if (a.startsWith("--tests=")) out.tests = a.slice(8).split(",").filter(Boolean);
    else if (a === "--importers") out.importers = true;
    else if (a === "--no-doc") out.doc = false;
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else if (out.target === undefined) out.target = a;
    else usage(`one target only (got ${out.target} and ${a})`);
  }
  if (out.target === undefined) usage("no target");
  return out;
}

const rel = (p) => relative(root, p).split("\\").join("/");

/** The .ts files to mutate: the file, or every .ts file of the folder (not recursive into tests). */
function sourceFiles(target) {
  const abs = resolve(root, target);
  if (!existsSync(abs)) usage(`no such file or folder: ${target}`);
  const r = rel(abs);
  if (!r.startsWith("src/")) usage(`the target must be under src/ (got ${r})`);
  if (statSync(abs).isFile()) return [r];
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) files.push(rel(p));
    }
  };
  walk(abs);
  return files.sort();
}

/** Test files of tests/<m>/ (recursively). */
function testFilesOf(module) {
  const dir = join(root, "tests", module);
  if (!existsSync(dir)) return [];
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts")) files.push(p);
    }
  };
  walk(dir);
  return files.sort();
}

/** src/<m>/<path>.ts -> its own tests (by name), else the tests of tests/<m>/ that import it directly. */
function testsFor(src, importers) {
  const [, module, ...rest] = src.replace(/\.ts$/, "").split("/");
  const inModule = rest.join("/");
  const candidates = testFilesOf(module);
  const name = basename(inModule);
  const own = candidates.filter((f) => {
    const b = basename(f, ".test.ts");
    return b === name || b.startsWith(`${name}-`);
  });
  if (own.length > 0 && !importers) return own.map(rel);
  const importPath = new RegExp(`from\\s+["'](?:\\.\\./)+src/${module}/${inModule}["']`);
  const importing = candidates.filter((f) => importPath.test(readFileSync(f, "utf8")));
  return [...new Set([...own, ...importing])].map(rel).sort();
}

function moduleName(target) {
  return rel(resolve(root, target));
}

function updateDoc(row) {
  const header = [
    "| Module | Score | Killed | Timeout | Survived | No coverage | Mutants | Tests | Run time | Date |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---|",
  ];
  let text = existsSync(DOC) ? readFileSync(DOC, "utf8") : `# Test strength\n\n${TABLE_START}\n${TABLE_END}\n`;
  if (!text.includes(TABLE_START) || !text.includes(TABLE_END)) text += `\n${TABLE_START}\n${TABLE_END}\n`;
  const before = text.slice(0, text.indexOf(TABLE_START) + TABLE_START.length);
  const inside = text.slice(before.length, text.indexOf(TABLE_END));
  const after = text.slice(text.indexOf(TABLE_END));
  const rows = inside
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .filter((l) => !l.startsWith(`| \`${row.module}\` `));
  const line = `| \`${row.module}\` | ${row.score} | ${row.killed} | ${row.timeout} | ${row.survived} | ${row.noCoverage} | ${row.valid} | ${row.tests} | ${row.time} | ${row.date} |`;
  rows.push(line);
  rows.sort();
  writeFileSync(DOC, `${before}\n${[...header, ...rows].join("\n")}\n${after}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const mutate = sourceFiles(args.target);
  if (mutate.length === 0) usage(`no .ts files in ${args.target}`);
  const tests = args.tests ?? [...new Set(mutate.flatMap((f) => testsFor(f, args.importers)))].sort();
  for (const t of tests) if (!existsSync(resolve(root, t))) usage(`no such test file: ${t}`);
  if (tests.length === 0) usage(`no tests found for ${args.target}: name them with --tests`);
  console.log(`mutating ${mutate.join(", ")}\nwith ${tests.join(", ")}`);

  process.chdir(root);
  const { default: base } = await import(join(root, "stryker.config.mjs"));
  const { Stryker } = await import("@stryker-mutator/core");
  const started = Date.now();
  // The tests go to vitest.mutation.config.mts, not to Stryker's `testFiles` (see that file).
  process.env.IBD_MUTATION_TESTS = tests.join(",");
  const results = await new Stryker({ ...base, mutate }).runMutationTest();
  const seconds = (Date.now() - started) / 1000;

  const count = (s) => results.filter((r) => r.status === s).length;
  const killed = count("Killed");
  const timeout = count("Timeout");
  const survived = count("Survived");
  const noCoverage = count("NoCoverage");
  const valid = killed + timeout + survived + noCoverage;
  const score = valid === 0 ? Number.NaN : (100 * (killed + timeout)) / valid;
  const left = results
    .filter((r) => r.status === "Survived" || r.status === "NoCoverage")
    .sort((a, b) => a.fileName.localeCompare(b.fileName) || a.location.start.line - b.location.start.line);

  console.log(`\n${left.length} mutant(s) not killed:`);
  for (const r of left) {
    const where = `${rel(resolve(root, r.fileName))}:${r.location.start.line}:${r.location.start.column + 1}`;
    const tag = r.status === "NoCoverage" ? " [no coverage]" : "";
    console.log(`  ${where}  ${r.mutatorName}${tag}  ->  ${(r.replacement ?? "").replace(/\s+/g, " ")}`);
  }
  const scoreText = Number.isNaN(score) ? "n/a" : `${score.toFixed(2)} %`;
  console.log(
    `\nscore ${scoreText}: killed ${killed} + timeout ${timeout} of ${valid} valid mutants ` +
      `(survived ${survived}, no coverage ${noCoverage}; ${results.length - valid} invalid or ignored) in ${seconds.toFixed(0)} s`,
  );
  if (args.doc) {
    updateDoc({
      module: moduleName(args.target),
      score: scoreText,
      killed,
      timeout,
      survived,
      noCoverage,
      valid,
      tests: tests.map((t) => `\`${t.replace(/^tests\//, "")}\``).join(", "),
      time: `${Math.round(seconds)} s`,
      date: new Date().toISOString().slice(0, 10),
    });
    console.log(`updated ${rel(DOC)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
