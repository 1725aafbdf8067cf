/**
 * The report's PK forecasts go through the one path (issue 13): for one patient of each disease and drug,
 * the fit in `ibd-lab report --json-out` equals a direct `mapEstimate` on `pkSubject(patientRecords(...))`
 * (same registry model, same etas to 1e-9), uses the doses in administrations.csv (changing a dose there
 * changes the forecast) and fits a censored (<0.4) trough by M3. The bugs this replaces: every Crohn's
 * patient fitted with the UC model, and a label schedule assumed for everyone.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCohort } from "../../src/cohort/load";
import { mapEstimate } from "../../src/pk/bayes";
import { patientRecords } from "../../src/records/build";
import { pkSubject } from "../../src/records/pk";
import { run } from "./helpers";

interface Fit {
  patientId: string;
  drug: string;
  disease: string;
  modelId: string;
  administrationsUsed: number;
  levelsUsed: number;
  levelsCensored: number;
  converged: boolean;
  etas: Record<string, number>;
  nextDoseDays: number;
  recommended: string | null;
}
interface PkSection {
  id: string;
  fits: Fit[];
  tables: { caption: string; rows: Record<string, unknown>[] }[];
}

let dir: string;
let fits: Fit[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ibd-report-pk-"));
  const out = join(dir, "r.json");
  const r = await run(["report", "data/uc", "data/cd", "--json-out", out, "--pk-patients", "12", "--pk-draws", "200", "--quiet"]);
  expect(r.code).toBe(0);
  fits = (JSON.parse(readFileSync(out, "utf8")).sections as PkSection[]).find((s) => s.id === "pk")!.fits;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records = {
  UC: patientRecords(loadCohort("data/uc")),
  CD: patientRecords(loadCohort("data/cd")),
};

describe("report PK fits equal the direct path on patient records", () => {
  const expectedModel: Record<string, string> = {
    "UC infliximab": "infliximab-fasanmade-2009",
    "CD infliximab": "infliximab-fasanmade-2011",
    "UC adalimumab": "adalimumab-ternant-2015",
    "CD adalimumab": "adalimumab-ternant-2015",
    "UC vedolizumab": "vedolizumab-rosario-2015",
    "CD vedolizumab": "vedolizumab-rosario-2015",
  };
  for (const [combo, modelId] of Object.entries(expectedModel)) {
    it(`${combo}: model ${modelId}, etas to 1e-9, doses and levels as in the records`, () => {
      const [disease, drug] = combo.split(" ");
      const mine = fits.filter((f) => f.disease === disease && f.drug === drug);
      expect(mine.length).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f.modelId).toBe(modelId);
        expect(f.converged).toBe(true);
        const rec = records[disease as "UC" | "CD"].find((r) => r.patientId === f.patientId)!;
        const s = pkSubject(rec, { drug });
        const direct = mapEstimate(s.model, s.regimen, s.observations, s.covariates);
        expect(s.modelId).toBe(f.modelId);
        expect(Object.keys(f.etas)).toEqual(Object.keys(direct.etas));
        for (const k of Object.keys(direct.etas)) expect(Math.abs(f.etas[k] - direct.etas[k])).toBeLessThan(1e-9);
        expect(f.administrationsUsed).toBe(rec.administrations.filter((a) => a.drug === drug).length);
        expect([f.levelsUsed, f.levelsCensored]).toEqual([s.levelsUsed, s.levelsCensored]);
        expect(f.levelsUsed).toBe(rec.drugLevels.filter((l) => l.drug === drug).length - s.excludedLevels.length);
      }
    });
  }

  it("a patient with a <0.4 trough is fitted with M3, the censored level neither dropped nor zero", () => {
    const f = fits.find((x) => x.levelsCensored > 0);
    expect(f).toBeDefined();
    const rec = records[f!.disease as "UC" | "CD"].find((r) => r.patientId === f!.patientId)!;
    const below = rec.drugLevels.filter((l) => l.drug === f!.drug && l.censored === "below");
    expect(below.length).toBe(f!.levelsCensored);
    expect(below.every((l) => l.valueUgMl === null && l.limitUgMl === 0.4)).toBe(true);
    const s = pkSubject(rec, { drug: f!.drug });
    const fit = mapEstimate(s.model, s.regimen, s.observations, s.covariates);
    expect(fit.levelsCensored).toBe(f!.levelsCensored);
    expect(fit.method).toMatch(/M3 \(Beal 2001\)/);
    // without the censored level, or with it as a measured 0, the fit differs
    const dropped = mapEstimate(
      s.model,
      s.regimen,
      s.observations.filter((o) => !o.censored),
      s.covariates,
    );
    expect(Math.abs(dropped.etas.CL - fit.etas.CL)).toBeGreaterThan(1e-4);
  });
});

describe("the forecast follows administrations.csv", () => {
  it("changing one dose changes the fit and the forecast", async () => {
    const f = fits.find((x) => x.disease === "CD" && x.drug === "infliximab")!;
    const copy = join(dir, "cd");
    cpSync("data/cd", copy, { recursive: true });
    const path = join(copy, "administrations.csv");
    const lines = readFileSync(path, "utf8").split("\n");
    const mine = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith(`${f.patientId},`) && l.includes(",infliximab,"));
    // the dose before the patient's last level: double it
    const [line, i] = mine[mine.length - 2];
    const cells = line.split(",");
    cells[4] = String(2 * Number(cells[4]));
    lines[i] = cells.join(",");
    writeFileSync(path, lines.join("\n"));
    const out = join(dir, "changed.json");
    const r = await run(["report", copy, "--json-out", out, "--pk-patients", "12", "--pk-draws", "200", "--quiet"]);
    expect(r.code).toBe(0);
    const pk = (JSON.parse(readFileSync(out, "utf8")).sections as PkSection[]).find((s) => s.id === "pk")!;
    const g = pk.fits.find((x) => x.patientId === f.patientId)!;
    expect(g).toBeDefined();
    expect(Math.abs(g.etas.CL - f.etas.CL)).toBeGreaterThan(1e-3);
    const rec = patientRecords(loadCohort(copy)).find((x) => x.patientId === f.patientId)!;
    const s = pkSubject(rec, { drug: "infliximab" });
    expect(s.regimen.doses.map((d) => d.amountMg)).toContain(Number(cells[4]));
    const direct = mapEstimate(s.model, s.regimen, s.observations, s.covariates);
    for (const k of Object.keys(direct.etas)) expect(Math.abs(g.etas[k] - direct.etas[k])).toBeLessThan(1e-9);
  });
});
