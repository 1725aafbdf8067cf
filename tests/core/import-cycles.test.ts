/**
 * No import cycles in src/ (issue #15, item 3): no source file imports one that imports it back,
 * directly or through a chain. Every relative import and re-export of src/**\/*.ts that exists at
 * run time is read (`import`, `export ... from`, `import("...")`), resolved to a file, and the
 * strongly connected components of the graph are found with Tarjan's algorithm (Tarjan 1972,
 * SIAM J Comput 1:146); a component of more than one file, or a file importing itself, is a cycle.
 * Type-only imports (`import type`, `export type`, or braces holding only `type` names) are erased
 * by the compiler and load nothing (eslint-plugin-import's `no-cycle` and madge's `skipTypeImports`
 * leave them out); they are checked too, in a second test: a cycle of types alone still means two
 * files that cannot be read one without the other.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = resolve(__dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Resolves a relative specifier as TypeScript's bundler/node resolution does for .ts sources. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec.replace(/\.js$/, ""));
  for (const c of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(c) && statSync(c).isFile() && c.endsWith(".ts")) return c;
  }
  return undefined;
}

/** True when an import or export clause loads nothing at run time (`type` keyword, or only `type` names in braces). */
function typeOnly(clause: string): boolean {
  const c = clause.trim();
  if (/^type\b/.test(c)) return true;
  const braces = c.match(/^\{([^}]*)\}$/);
  if (!braces) return false;
  const names = braces[1]
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  return names.length > 0 && names.every((n) => /^type\s/.test(n));
}

/**
 * Relative module specifiers that a source file loads at run time (comments stripped first, so
 * examples in JSDoc do not count; type-only imports left out, see the header).
 */
function relativeImports(text: string, includeTypes = false): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const specs: string[] = [];
  for (const [, clause, s] of code.matchAll(/\b(?:import|export)\s+([^;]*?)\s*\bfrom\s*["'](\.{1,2}\/[^"']*)["']/g)) {
    if (includeTypes || !typeOnly(clause)) specs.push(s);
  }
  for (const [, s] of code.matchAll(/\bimport\s*["'](\.{1,2}\/[^"']*)["']/g)) specs.push(s);
  for (const [, s] of code.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']*)["']\s*\)/g)) specs.push(s);
  return specs;
}

/** Strongly connected components of a directed graph (Tarjan), each as a list of nodes. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

function importGraph(includeTypes = false): { graph: Map<string, string[]>; unresolved: string[] } {
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const f of sourceFiles(src)) {
    const deps: string[] = [];
    for (const spec of relativeImports(readFileSync(f, "utf8"), includeTypes)) {
      const target = resolveImport(f, spec);
      if (target === undefined) unresolved.push(`${relative(src, f)} -> ${spec}`);
      else if (target.startsWith(src)) deps.push(target);
    }
    graph.set(f, deps);
  }
  return { graph, unresolved };
}

describe("import cycles in src", () => {
  it("finds cycles in a small graph (the checker itself)", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    const comps = stronglyConnected(g).filter((c) => c.length > 1 || (g.get(c[0]) ?? []).includes(c[0]));
    expect(comps.sort()).toEqual([["a", "b", "c"], ["e"]]);
  });

  it("reads imports, re-exports and dynamic imports that load code; not type-only imports, not comments", () => {
    const text = [
      'import { a } from "./a";',
      'import type { B } from "../b/index";',
      'import { type C, c } from "./c";',
      'import { type D1, type D2 } from "./d";',
      'export { e } from "./e";',
      'export * from "./f";',
      'export type { G } from "./g";',
      "import {\n  h,\n  type H,\n} from './h';",
      'import * as i from "./i";',
      'import "./j";',
      'const k = await import("./k");',
      '// import { x } from "./commented";',
      '/** @example import { y } from "./in-jsdoc" */',
      'import { z } from "node:fs";',
    ].join("\n");
    expect(relativeImports(text)).toEqual(["./a", "./c", "./e", "./f", "./h", "./i", "./j", "./k"]);
  });

  it("every relative import resolves to a source file", () => {
    expect(importGraph().unresolved).toEqual([]);
  });

  it("no file imports one that imports it back, directly or through a chain", () => {
    const { graph } = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    const cycles = stronglyConnected(graph)
      .filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]))
      .map((c) => c.map((f) => relative(src, f)).join(" <-> "));
    expect(cycles).toEqual([]);
  });

  it("none either when type-only imports count", () => {
    const { graph } = importGraph(true);
    const cycles = stronglyConnected(graph)
      .filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]))
      .map((c) => c.map((f) => relative(src, f)).join(" <-> "));
    expect(cycles).toEqual([]);
  });
});
