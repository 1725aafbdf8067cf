// Notebooks are committed with outputs cleared, run on the tslab kernel, and
// import the toolkit only by package name (CONTRIBUTING.md, "Notebooks").
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(__dirname, "..", "..", "notebooks");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

describe("committed notebooks", () => {
  it("exist, including the tour", () => {
    expect(notebooks).toContain("00-tour.ipynb");
    for (const nb of notebooks) expect(nb).toMatch(/^\d\d-[a-z0-9-]+\.ipynb$/);
  });

  for (const nb of notebooks) {
    it(`${nb}: tslab kernel, cleared outputs, imports by package name, starts with a title`, () => {
      const json = JSON.parse(readFileSync(join(dir, nb), "utf8")) as { metadata: { kernelspec: { name: string } }; cells: Cell[] };
      expect(json.metadata.kernelspec.name).toBe("tslab");
      const src = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
      expect(src(json.cells[0])).toMatch(/^# /);
      for (const [i, c] of json.cells.entries()) {
        if (c.cell_type !== "code") continue;
        expect(c.outputs ?? [], `${nb} cell ${i + 1} has outputs`).toEqual([]);
        expect(c.execution_count ?? null, `${nb} cell ${i + 1} has an execution count`).toBeNull();
        expect(src(c), `${nb} cell ${i + 1} imports src by a relative path`).not.toMatch(/from\s+["']\.\.?\//);
      }
    });
  }
});
