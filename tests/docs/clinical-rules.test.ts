// docs/clinical-rules.md is the one place a clinician audits the rules (issue 21); it must not drift from the code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INDUCTION } from "../../src/drugs/induction";
import { AGA_2017_REACTIVE_TROUGH_TARGETS_UG_ML } from "../../src/refractory/tdm";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "clinical-rules.md"), "utf8");

describe("docs/clinical-rules.md", () => {
  it("covers every decision function", () => {
    for (const f of [
      "classifyRefractoriness",
      "objectiveActivity",
      "inductionWeeks",
      "tdmDecision",
      "assessAsucDay3",
      "flareWorkup",
      "recommendRegimen",
      "infliximabLabelStatus",
      "pathwayFailure",
    ])
      expect(doc, f).toContain(`\`${f}\``);
  });

  it("states the induction table as coded, drug by drug", () => {
    for (const [drug, rows] of Object.entries(INDUCTION)) {
      const line = doc.split("\n").find((l) => l.startsWith(`| ${drug} |`));
      expect(line, drug).toBeDefined();
      const [uc, cd] = (line as string).split("|").slice(2, 4);
      for (const [cell, rule] of [
        [uc, rows.UC],
        [cd, rows.CD],
      ] as const) {
        expect(cell, `${drug}`).toMatch(new RegExp(`\\b${rule.weeks}\\b`));
        if (rule.extendedWeeks) expect(cell, `${drug} extended`).toMatch(new RegExp(`extended ${rule.extendedWeeks}\\b`));
        if (!rule.licensed) expect(cell, `${drug} licence`).toMatch(/not licensed/);
      }
    }
  });

  it("states the AGA 2017 reactive targets as coded", () => {
    for (const [drug, target] of Object.entries(AGA_2017_REACTIVE_TROUGH_TARGETS_UG_ML)) expect(doc).toContain(`${drug} >= ${target}`);
  });
});
