// Induction length per drug and disease against the EU SmPC, section 4.2 (posology), each cited below.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { INDUCTION, inductionWeeks } from "../../src/drugs/induction";

describe("INDUCTION: the week at which response is judged, per SmPC 4.2", () => {
  it.each([
    // Remicade 4.2 (UC): clinical response usually within 14 weeks (three doses).
    ["infliximab", "UC", 14, undefined],
    // Remicade 4.2 (CD) stops non-responders after 2 doses (week 6); judged at week 14 as in PANTS (Kennedy 2019).
    ["infliximab", "CD", 14, undefined],
    // Humira 4.2 (UC): response usually within 2-8 weeks; do not continue without response by then.
    ["adalimumab", "UC", 8, undefined],
    // Humira 4.2 (CD): some non-responders at week 4 benefit from continuing through week 12.
    ["adalimumab", "CD", 12, undefined],
    // Simponi 4.2 (UC): response usually within 12-14 weeks (after 4 doses).
    ["golimumab", "UC", 14, undefined],
    // Entyvio 4.2 (UC, IV): discontinue without therapeutic benefit by week 10.
    ["vedolizumab", "UC", 10, undefined],
    // Entyvio 4.2 (CD, IV): dose at week 10 for non-responders; discontinue without benefit by week 14.
    ["vedolizumab", "CD", 14, undefined],
    // Stelara 4.2 (UC and CD): consider discontinuing without benefit 16 weeks after the IV induction dose.
    ["ustekinumab", "UC", 16, undefined],
    ["ustekinumab", "CD", 16, undefined],
    // Skyrizi 4.2 (CD): consider discontinuing without therapeutic benefit by week 24.
    ["risankizumab", "CD", 24, undefined],
    // Omvoh 4.2 (UC): extended IV induction at weeks 12, 16, 20; discontinue without benefit by week 24.
    ["mirikizumab", "UC", 12, 24],
    // Xeljanz 4.2 (UC): 10 mg twice daily for 8 weeks, extendable by 8; discontinue without benefit by week 16.
    ["tofacitinib", "UC", 8, 16],
    // Rinvoq 4.2 (UC): 45 mg for 8 weeks, extendable by 8; discontinue without benefit by week 16.
    ["upadacitinib", "UC", 8, 16],
    // Rinvoq 4.2 (CD): 45 mg for 12 weeks; extended 30 mg; discontinue without benefit after 24 weeks.
    ["upadacitinib", "CD", 12, 24],
  ] as const)("%s in %s: week %d (extended: %s)", (drug, disease, weeks, extendedWeeks) => {
    const rule = INDUCTION[drug][disease];
    expect(rule.weeks).toBe(weeks);
    expect(rule.extendedWeeks).toBe(extendedWeeks);
    expect(rule.licensed).toBe(true);
    expect(rule.verified).toBe(true);
    expect(rule.source).toMatch(/SmPC 4\.2/);
  });

  it("ozanimod in UC: the Zeposia SmPC gives no stopping week; 10 weeks is the True North induction (Sandborn 2021)", () => {
    expect(INDUCTION.ozanimod.UC.weeks).toBe(10);
    expect(INDUCTION.ozanimod.UC.source).toMatch(/no stopping week.*True North.*Sandborn 2021/);
  });

  it("figures that could not be checked against the label text are marked unverified", () => {
    expect(INDUCTION.risankizumab.UC.verified).toBe(false);
    expect(INDUCTION.mirikizumab.CD.verified).toBe(false);
    for (const [drug, disease] of [
      ["golimumab", "CD"],
      ["certolizumab", "UC"],
      ["certolizumab", "CD"],
      ["tofacitinib", "CD"],
      ["ozanimod", "CD"],
    ] as const) {
      expect(INDUCTION[drug][disease].licensed).toBe(false);
      expect(INDUCTION[drug][disease].verified).toBe(false);
    }
  });
});

describe("inductionWeeks(drug, disease?, { extended? })", () => {
  it("uses the extended figure only when asked and when the label has one", () => {
    expect(inductionWeeks("upadacitinib", "UC", { extended: true }).weeks).toBe(16);
    expect(inductionWeeks("upadacitinib", "UC").weeks).toBe(8);
    const noExt = inductionWeeks("adalimumab", "UC", { extended: true });
    expect(noExt.weeks).toBe(8);
    expect(noExt.extended).toBe(false);
    expect(noExt.reason).toMatch(/the adalimumab label has no extended induction in UC/);
  });

  it("without a disease takes the longer of the two figures", () => {
    expect(inductionWeeks("risankizumab").weeks).toBe(24);
    expect(inductionWeeks("adalimumab").reason).toMatch(/longer induction \(12 weeks; UC 8, CD 12\)/);
    expect(inductionWeeks("ustekinumab").reason).toMatch(/the same in UC and CD/);
  });

  it("throws typed errors naming the argument", () => {
    expect(() => inductionWeeks("etanercept" as never, "UC")).toThrow(InputError);
    expect(() => inductionWeeks("infliximab", "IBD-U" as never)).toThrow(/disease/);
    expect(() => inductionWeeks("infliximab", "UC", { extended: "yes" as never })).toThrow(/options\.extended/);
  });
});
