/**
 * repeatedReadings and discordanceVisits on the sample cohort: the long tables equal ones built independently
 * from tableRecords (src/cohort), and each measure's ICC(2,1) equals psych-checked icc() on them.
 */
import { describe, expect, it } from "vitest";
import { loadCohort } from "../../src/cohort/load";
import { tableRecords } from "../../src/cohort/records";
import { icc } from "../../src/measurement/icc";
import { repeatability } from "../../src/measurement/repeatability";
import { patientRecords } from "../../src/records/build";
import { repeatedReadings } from "../../src/records/ratings";
import { discordanceVisits } from "../../src/records/visits";

const cd = loadCohort("data/cd");
const records = patientRecords(cd);

describe("repeatedReadings", () => {
  const measures = repeatedReadings(records);

  it("lists the repeated measures of a CD cohort: HBI, PRO2, SES-CD and log calprotectin", () => {
    expect(measures.map((m) => [m.measure, m.unit, m.scale])).toEqual([
      ["hbi (two readings)", "points", "linear"],
      ["pro2 (two readings)", "points", "linear"],
      ["ses_cd (two readers)", "points", "linear"],
      ["log calprotectin (two stools)", "ln(ug/g)", "log"],
    ]);
  });

  it("log calprotectin pairs equal the labs rows with both days > 0, as natural logs", () => {
    const fc = measures.find((m) => m.instrument === "calprotectin")!;
    const ref = tableRecords(cd.data.labs!).filter((r) => (r.calprotectin_ug_g as number) > 0 && (r.calprotectin_day2_ug_g as number) > 0);
    expect(fc.ratings.length).toBe(2 * ref.length);
    const r = icc(
      ref.flatMap((x) => [
        { subject: `${x.patient_id}|${x.week}`, rater: 1, value: Math.log(x.calprotectin_ug_g as number) },
        { subject: `${x.patient_id}|${x.week}`, rater: 2, value: Math.log(x.calprotectin_day2_ug_g as number) },
      ]),
    );
    expect(repeatability(fc.ratings).reliability.value).toBeCloseTo(r.ICC2.value, 12);
  });

  it("HBI readings equal the visits rows", () => {
    const hbi = measures.find((m) => m.instrument === "hbi")!;
    const ref = tableRecords(cd.data.visits!).filter((r) => r.instrument === "hbi");
    expect(hbi.ratings.length).toBe(ref.length);
    const r = icc(ref.map((x) => ({ subject: `${x.patient_id}|${x.week}`, rater: x.reading as number, value: x.score as number })));
    expect(repeatability(hbi.ratings).reliability.value).toBeCloseTo(r.ICC2.value, 12);
  });
});

describe("discordanceVisits", () => {
  it("one visit per patient and week, first reading and reader under the id, the second under <id>Repeat", () => {
    const visits = discordanceVisits(records);
    const weeks = new Set(tableRecords(cd.data.visits!).map((r) => `${r.patient_id}|${r.week}`));
    for (const r of tableRecords(cd.data.labs!)) weeks.add(`${r.patient_id}|${r.week}`);
    for (const r of tableRecords(cd.data.endoscopy!)) weeks.add(`${r.patient_id}|${r.week}`);
    expect(visits.length).toBe(weeks.size);
    const v = visits.find((x) => x.patientId === "CD001" && x.week === 30)!;
    const hbi = tableRecords(cd.data.visits!).filter((r) => r.patient_id === "CD001" && r.week === 30 && r.instrument === "hbi");
    expect([v.hbi, v.hbiRepeat]).toEqual([hbi.find((r) => r.reading === 1)!.score, hbi.find((r) => r.reading === 2)!.score]);
    expect(v.calprotectinUgG).toBe(42); // teaching pin, notebook 02
  });
});
