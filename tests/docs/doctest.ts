// The doc-test engine behind tests/docs/examples.test.ts (issue 15, item 2: executable documentation).
// It finds every function exported from src/index.ts with the TypeScript compiler API, reads its JSDoc
// @example blocks from the source text, and turns each block into a checked async function body.
// Hand-written because no maintained package checks JSDoc examples of TypeScript against their
// `// <literal>` comments at printed precision (the format is ours, see parseExpectation below).
import { join, relative } from "node:path";
import { runInThisContext } from "node:vm";
import { transformSync } from "esbuild";
import ts from "typescript";

export const REPO_ROOT = join(__dirname, "..", "..");

/** One exported function (or exported const arrow function) and its @example blocks. */
export interface DocFunction {
  name: string;
  /** The directory under src: "measurement", "pk", ... ("index" for src/index.ts itself). */
  module: string;
  /** Repository-relative path of the declaring file. */
  file: string;
  /** 1-based line of the declaration. */
  line: number;
  examples: DocExample[];
}

export interface DocExample {
  /** The example's code, with the JSDoc ` * ` prefixes and any ``` fences removed. */
  code: string;
  /** 1-based line in `file` of the first line of `code`. */
  line: number;
}

function moduleOf(file: string): string {
  const rel = relative(join(REPO_ROOT, "src"), file).split(/[\\/]/);
  return rel.length > 1 ? rel[0] : "index";
}

function isFunctionLike(decl: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(decl)) return true;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    let init: ts.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    return ts.isArrowFunction(init) || ts.isFunctionExpression(init);
  }
  return false;
}

/** The @example blocks of a declaration, read from the raw source so nothing in the code is reinterpreted as JSDoc. */
function examplesOf(decl: ts.Declaration): DocExample[] {
  const sf = decl.getSourceFile();
  const out: DocExample[] = [];
  for (const tag of ts.getJSDocTags(decl)) {
    if (tag.tagName.text !== "example") continue;
    const start = tag.tagName.end;
    // A tag's end stops before the next tag (or the closing */); strip the JSDoc line prefixes.
    const raw = sf.text.slice(start, tag.end).replace(/\*\/\s*$/, "");
    const startLine = sf.getLineAndCharacterOfPosition(start).line + 1;
    const lines = raw.split("\n").map((l, i) => (i === 0 ? l : l.replace(/^\s*\* ?/, "")));
    // Fences are allowed: ```ts ... ``` around the code.
    let code = lines.map((l) => (/^\s*```/.test(l) ? "" : l)).join("\n");
    code = code.replace(/\s+$/, "");
    if (code.trim() === "") continue;
    out.push({ code, line: startLine });
  }
  return out;
}

/**
 * Every function reachable from src/index.ts's export list, with its examples. Overloads and
 * re-exports are followed; a function declared twice (overloads) contributes the examples of all
 * its declarations once.
 */
export function collectDocFunctions(indexFile = join(REPO_ROOT, "src", "index.ts")): DocFunction[] {
  const program = ts.createProgram([indexFile], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    allowJs: false,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(indexFile);
  if (!sf) throw new Error(`cannot read ${indexFile}`);
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) throw new Error(`${indexFile} is not a module`);
  const out: DocFunction[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = (symbol.declarations ?? []).filter(isFunctionLike);
    if (decls.length === 0) continue;
    const first = decls[0];
    const file = first.getSourceFile().fileName;
    const seen = new Set<string>();
    const examples: DocExample[] = [];
    for (const d of decls)
      for (const e of examplesOf(d)) {
        const key = `${e.line}:${e.code}`;
        if (!seen.has(key)) {
          seen.add(key);
          examples.push(e);
        }
      }
    out.push({
      name: exported.name,
      module: moduleOf(file),
      file: relative(REPO_ROOT, file).split("\\").join("/"),
      line: first.getSourceFile().getLineAndCharacterOfPosition(first.getStart()).line + 1,
      examples,
    });
  }
  return out.sort((a, b) => a.module.localeCompare(b.module) || a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// Expectations: the literal after `//`.

/** A parsed expected value; numbers carry the tolerance implied by their printed precision. */
export type Expected =
  | { kind: "number"; value: number; tolerance: number; text: string }
  | { kind: "exact"; value: string | boolean | null | undefined }
  | { kind: "array"; items: Expected[]; prefix: boolean }
  | { kind: "object"; entries: [string, Expected][] };

/** What a line's comment asks for: a value check, an error check, or nothing (just run). */
export type Expectation = { kind: "value"; expected: Expected; text: string } | { kind: "throws"; error: string } | { kind: "none" };

const NUMBER = /^[-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+−]?\d+)?/;
const NOTE_BOUNDARY = /^(?:$|[\s:,(])/;

/** Half a unit of the last printed digit: "0.407" → 0.0005, "6" → 0.5, "1.5e-3" → 0.00005. */
export function printedTolerance(text: string): number {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  const decimals = m[2] ? m[2].length : 0;
  const exponent = m[3] ? Number(m[3]) : 0;
  return 0.5 * 10 ** (exponent - decimals);
}

class LiteralParser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(what: string): never {
    throw new Error(`${what} at column ${this.pos + 1} of ${JSON.stringify(this.src)}`);
  }

  ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  rest(): string {
    return this.src.slice(this.pos);
  }

  /** A value; `top` allows the ≈/~ prefix. Returns undefined (position unchanged) when no literal starts here. */
  value(top: boolean): Expected | undefined {
    const start = this.pos;
    if (top && /^[≈~]/.test(this.rest())) {
      this.pos++;
      this.ws();
    }
    const r = this.rest();
    const num = NUMBER.exec(r);
    if (num) {
      this.pos += num[0].length;
      // prose writes the minus sign as U+2212
      const n = num[0].replace(/−/g, "-");
      return { kind: "number", value: Number(n), tolerance: printedTolerance(n), text: num[0] };
    }
    if (r[0] === '"' || (!top && r[0] === "'")) return { kind: "exact", value: this.string() };
    const word = /^(true|false|null|undefined)\b/.exec(r);
    if (word) {
      this.pos += word[0].length;
      const v = word[1];
      return { kind: "exact", value: v === "true" ? true : v === "false" ? false : v === "null" ? null : undefined };
    }
    if (r[0] === "[") return this.array();
    if (r[0] === "{") return this.object();
    this.pos = start;
    return undefined;
  }

  string(): string {
    const q = this.src[this.pos];
    const re = q === '"' ? /^"(?:[^"\\]|\\.)*"/ : /^'(?:[^'\\]|\\.)*'/;
    const m = re.exec(this.rest());
    if (!m) this.fail("unterminated string");
    this.pos += m[0].length;
    return q === '"' ? JSON.parse(m[0]) : JSON.parse(`"${m[0].slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
  }

  array(): Expected {
    this.pos++; // [
    const items: Expected[] = [];
    let prefix = false;
    for (;;) {
      this.ws();
      if (this.src[this.pos] === "]") break;
      if (this.rest().startsWith("...")) {
        this.pos += 3;
        this.ws();
        if (this.src[this.pos] !== "]") this.fail("`...` must be the last element of an array");
        prefix = true;
        break;
      }
      const v = this.value(false);
      if (!v) this.fail("expected a literal");
      items.push(v);
      this.ws();
      if (this.src[this.pos] === ",") this.pos++;
      else if (this.src[this.pos] !== "]") this.fail("expected , or ]");
    }
    this.pos++; // ]
    return { kind: "array", items, prefix };
  }

  object(): Expected {
    this.pos++; // {
    const entries: [string, Expected][] = [];
    for (;;) {
      this.ws();
      if (this.src[this.pos] === "}") break;
      // `...` in an object says "and more keys": objects are compared as a subset anyway.
      if (this.rest().startsWith("...")) {
        this.pos += 3;
        this.ws();
        if (this.src[this.pos] !== "}") this.fail("`...` must be the last entry of an object");
        break;
      }
      let key: string;
      const c = this.src[this.pos];
      if (c === '"' || c === "'") key = this.string();
      else {
        const m = /^[A-Za-z_$][\w$]*|^\d+/.exec(this.rest());
        if (!m) this.fail("expected a key");
        key = m[0];
        this.pos += m[0].length;
      }
      this.ws();
      if (this.src[this.pos] !== ":") this.fail("expected :");
      this.pos++;
      this.ws();
      const v = this.value(false);
      if (!v) this.fail("expected a literal");
      entries.push([key, v]);
      this.ws();
      if (this.src[this.pos] === ",") this.pos++;
      else if (this.src[this.pos] !== "}") this.fail("expected , or }");
    }
    this.pos++; // }
    return { kind: "object", entries };
  }
}

/**
 * Reads a line comment (the text after `//`). A literal at its start, followed by the end or by
 * whitespace, `:`, `,` or `(` (a note), is an expectation; `throws Name` expects that error; anything
 * else is prose and the line is just run. An array or object that starts but does not parse is an
 * error (a typo in an expectation must not silently turn it into prose).
 */
export function parseExpectation(comment: string): Expectation {
  const text = comment.trim();
  const thr = /^throws\s+([A-Za-z_$][\w$]*)/.exec(text);
  if (thr) return { kind: "throws", error: thr[1] };
  const p = new LiteralParser(text);
  const structured = /^(?:[≈~]\s*)?[[{]/.test(text);
  let expected: Expected | undefined;
  try {
    expected = p.value(true);
  } catch (e) {
    if (structured) throw e;
    return { kind: "none" };
  }
  if (!expected) return { kind: "none" };
  if (!NOTE_BOUNDARY.test(p.rest())) {
    if (structured) p.fail("unexpected text after the literal (separate a note with a space, `:`, `,` or `(`)");
    return { kind: "none" };
  }
  return { kind: "value", expected, text: text.slice(0, p.pos) };
}

/** Why `actual` does not match `expected`, or undefined when it does. */
export function mismatch(expected: Expected, actual: unknown, path = ""): string | undefined {
  const at = path === "" ? "" : ` at ${path}`;
  switch (expected.kind) {
    case "number": {
      if (typeof actual !== "number") return `expected a number${at}, got ${describe(actual)}`;
      const diff = Math.abs(actual - expected.value);
      // The printed precision, plus a hair for the binary representation of the decimal boundary.
      const slack = expected.tolerance + 1e-12 * Math.max(Math.abs(actual), Math.abs(expected.value), expected.tolerance);
      if (!(diff <= slack)) return `expected ${expected.text} (±${expected.tolerance})${at}, got ${actual}`;
      return undefined;
    }
    case "exact":
      return actual === expected.value ? undefined : `expected ${describe(expected.value)}${at}, got ${describe(actual)}`;
    case "array": {
      const arr = Array.isArray(actual)
        ? actual
        : ArrayBuffer.isView(actual)
          ? Array.from(actual as unknown as ArrayLike<number>)
          : undefined;
      if (!arr) return `expected an array${at}, got ${describe(actual)}`;
      if (expected.prefix ? arr.length < expected.items.length : arr.length !== expected.items.length)
        return `expected ${expected.prefix ? "at least " : ""}${expected.items.length} element(s)${at}, got ${arr.length}: ${describe(arr)}`;
      for (let i = 0; i < expected.items.length; i++) {
        const m = mismatch(expected.items[i], arr[i], `${path}[${i}]`);
        if (m) return m;
      }
      return undefined;
    }
    case "object": {
      if (actual === null || typeof actual !== "object") return `expected an object${at}, got ${describe(actual)}`;
      for (const [k, v] of expected.entries) {
        if (!(k in actual)) return `expected key ${k}${at}, got ${describe(actual)}`;
        const m = mismatch(v, (actual as Record<string, unknown>)[k], `${path}.${k}`);
        if (m) return m;
      }
      return undefined;
    }
  }
}

/** A short printable form of a value for failure messages. */
export function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  if (typeof v === "function") return `[function ${v.name}]`;
  try {
    const s = JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x));
    if (s === undefined) return String(v);
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Compiling an example into a checked async function.

/** One checked line, as reported on failure. */
export interface Check {
  /** 1-based line in the source file. */
  line: number;
  /** The code checked (the expression, or the declared name). */
  code: string;
  expectation: Expectation;
}

export interface CompiledExample {
  /** JavaScript: an expression evaluating to `async (__api, __check, __throws, __at) => {...}`. */
  js: string;
  checks: Check[];
}

/**
 * Rewrites an example: each top-level statement whose trailing `//` comment holds an expectation
 * becomes a check (`expr // lit` checks expr; `const x = expr; // lit` runs the statement then checks
 * x; `// throws Name` runs the statement expecting that error). Other statements run as written.
 * `import ... from "ibd-lab"` lines are dropped (every public name is in scope already).
 */
export function compileExample(example: DocExample, publicNames: readonly string[]): CompiledExample {
  const sf = ts.createSourceFile("example.ts", example.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const text = example.code;
  const checks: Check[] = [];
  const parts: string[] = [];
  const lineOf = (pos: number) => example.line + sf.getLineAndCharacterOfPosition(pos).line;
  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const d = diagnostics[0];
    const msg = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    throw new Error(`line ${lineOf(d.start ?? 0)}: the example does not parse: ${msg}`);
  }
  for (const stmt of sf.statements) {
    const stmtText = text.slice(stmt.getStart(sf), stmt.end);
    if (ts.isImportDeclaration(stmt)) {
      const from = (stmt.moduleSpecifier as ts.StringLiteral).text;
      if (from === "ibd-lab") continue;
      throw new Error(`line ${lineOf(stmt.getStart(sf))}: examples import nothing but "ibd-lab" (found "${from}")`);
    }
    // An expectation on a line inside a statement means the statement ran on past that line: a next line that
    // starts with ( or [ continues the expression (no automatic semicolon). Say so instead of checking the wrong thing.
    const inner = innerExpectationLine(text, stmt.getStart(sf), stmt.end);
    if (inner !== undefined)
      throw new Error(
        `line ${lineOf(inner)}: an expectation inside a block, or on a line the next one continues (a line starting with ( or [), ` +
          `is never checked: put it on a top-level line, or end the line with ";"`,
      );
    // The first // comment on the statement's last line, after its end.
    const trailing = (ts.getTrailingCommentRanges(text, stmt.end) ?? []).find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
    const expectation: Expectation = trailing
      ? parseExpectationAt(text.slice(trailing.pos + 2, trailing.end), lineOf(trailing.pos))
      : { kind: "none" };
    const line = lineOf(stmt.end);
    parts.push(`__at(${lineOf(stmt.getStart(sf))});`);
    if (expectation.kind === "none") {
      parts.push(stmtText);
      continue;
    }
    const index = checks.length;
    if (expectation.kind === "throws") {
      checks.push({ line, code: stmtText.replace(/;\s*$/, ""), expectation });
      parts.push(`await __throws(${index}, async () => { ${stmtText}\n});`);
      continue;
    }
    if (ts.isExpressionStatement(stmt)) {
      const expr = text.slice(stmt.expression.getStart(sf), stmt.expression.end);
      checks.push({ line, code: expr, expectation });
      parts.push(`await __check(${index}, (${expr}\n));`);
    } else if (
      ts.isVariableStatement(stmt) &&
      stmt.declarationList.declarations.length === 1 &&
      ts.isIdentifier(stmt.declarationList.declarations[0].name)
    ) {
      const name = stmt.declarationList.declarations[0].name.text;
      checks.push({ line, code: name, expectation });
      parts.push(`${stmtText}\nawait __check(${index}, ${name});`);
    } else {
      throw new Error(
        `line ${line}: an expectation comment needs an expression or a single \`const name = ...\`, found ${ts.SyntaxKind[stmt.kind]}`,
      );
    }
  }
  const names = publicNames.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  // Public names live in an outer scope so an example may shadow one of them with its own const.
  const source = `(async (__api, __check, __throws, __at) => {\nconst { ${names.join(", ")} } = __api;\nreturn (async () => {\n${parts.join("\n")}\n})();\n})`;
  const js = transformSync(source, { loader: "ts", target: "es2022", format: "cjs" }).code.replace(/;\s*$/, "");
  return { js, checks };
}

/** The position of the first `//` comment strictly inside [start, end) that holds an expectation, if any. */
function innerExpectationLine(text: string, start: number, end: number): number | undefined {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text.slice(0, end));
  scanner.resetTokenState(start);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      let e: Expectation;
      try {
        e = parseExpectation(scanner.getTokenText().slice(2));
      } catch {
        continue;
      }
      if (e.kind !== "none") return scanner.getTokenStart();
    }
    // Template literals and regular expressions would need re-scanning; a stray token only ends the search.
    if (kind === ts.SyntaxKind.Unknown) return undefined;
  }
  return undefined;
}

function parseExpectationAt(comment: string, line: number): Expectation {
  try {
    return parseExpectation(comment);
  } catch (e) {
    throw new Error(`line ${line}: cannot read the expected value: ${(e as Error).message}`);
  }
}

/** The outcome of running one example. */
export interface ExampleRun {
  failures: string[];
  checked: number;
}

/**
 * Runs a compiled example with `api` (the module namespace of src/index.ts) in scope. Every check
 * runs; the first error thrown outside a `throws` line stops the example and is a failure.
 */
export async function runExample(
  compiled: CompiledExample,
  api: Record<string, unknown>,
  where: (line: number) => string,
): Promise<ExampleRun> {
  const failures: string[] = [];
  let checked = 0;
  const check = async (i: number, value: unknown) => {
    const c = compiled.checks[i];
    checked++;
    let actual = value;
    if (actual !== null && typeof actual === "object" && typeof (actual as { then?: unknown }).then === "function") actual = await actual;
    if (c.expectation.kind !== "value") return;
    const why = mismatch(c.expectation.expected, actual);
    if (why)
      failures.push(`${where(c.line)}: ${c.code}\n    expected: ${c.expectation.text}\n    actual:   ${describe(actual)}\n    (${why})`);
  };
  const throws = async (i: number, body: () => Promise<void>) => {
    const c = compiled.checks[i];
    checked++;
    if (c.expectation.kind !== "throws") return;
    try {
      await body();
    } catch (e) {
      const name = e instanceof Error ? e.name || e.constructor.name : typeof e;
      const ctor = e instanceof Error ? e.constructor.name : "";
      const wanted = c.expectation.error;
      const ok = name === wanted || ctor === wanted || hasAncestorNamed(e, wanted);
      if (!ok)
        failures.push(`${where(c.line)}: ${c.code}\n    expected: throws ${wanted}\n    actual:   threw ${name}: ${(e as Error).message}`);
      return;
    }
    failures.push(`${where(c.line)}: ${c.code}\n    expected: throws ${c.expectation.error}\n    actual:   returned normally`);
  };
  let at = 0;
  const mark = (line: number) => {
    at = line;
  };
  // The compiled example evaluates to an async function of the API and the check hooks (global scope, no module locals).
  const fn = runInThisContext(compiled.js, { filename: "jsdoc-example.js" }) as (
    a: unknown,
    c: unknown,
    t: unknown,
    m: unknown,
  ) => Promise<void>;
  try {
    await fn(api, check, throws, mark);
  } catch (e) {
    const err = e as Error;
    failures.push(`${where(at)}: threw ${err?.name ?? typeof e}: ${err?.message ?? String(e)}`);
  }
  return { failures, checked };
}

function hasAncestorNamed(e: unknown, name: string): boolean {
  let p = e === null || typeof e !== "object" ? null : Object.getPrototypeOf(e);
  while (p) {
    if (p.constructor?.name === name) return true;
    p = Object.getPrototypeOf(p);
  }
  return false;
}
