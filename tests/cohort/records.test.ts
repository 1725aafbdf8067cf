import { describe, expect, it } from "vitest";
import { parseCohortCsv, tableRecords } from "../../src/cohort/index";

describe("tableRecords", () => {
  it("gives the same values as the danfojs frame: numbers, ISO dates, null for missing", () => {
    const csv =
      "patient_id,sample_date,week,crp_mg_l,albumin_g_dl,calprotectin_ug_g\nP1,2024-01-08,0,3.5,4.1,\nP2,2024-02-29,2,NA,3.2,120\n";
    const { data } = parseCohortCsv(csv, "labs");
    const rows = tableRecords(data);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      patient_id: "P1",
      sample_date: "2024-01-08",
      week: 0,
      crp_mg_l: 3.5,
      albumin_g_dl: 4.1,
      calprotectin_ug_g: null,
    });
    expect(rows[1]).toMatchObject({ patient_id: "P2", sample_date: "2024-02-29", week: 2, crp_mg_l: null, calprotectin_ug_g: 120 });
    const frameRows = (data.frame.values as unknown[][]).map((r) => Object.fromEntries(data.frame.columns.map((c, j) => [c, r[j]])));
    for (const [i, r] of rows.entries()) {
      for (const [k, v] of Object.entries(r)) expect(frameRows[i][k] ?? null, `${k} row ${i}`).toEqual(v);
    }
  });
});
