// Dosing regimens checked against the labelled schedules and hand arithmetic (issue #22). Expected
// dose times are written out from the labels, never taken from the builders' output. All work
// happens inside `it` so that Stryker's per-test coverage sees it.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { MAX_DOSES } from "../../src/pk/check";
import { covariatePieces } from "../../src/pk/covariates";
import {
  continueRegimen,
  customRegimen,
  DEFAULT_INFUSION_DAYS,
  infliximabRegimen,
  repeatedRegimen,
  resolveDoses,
} from "../../src/pk/regimen";
import type { Regimen } from "../../src/pk/types";

/** The error a call throws (fails the test when it does not throw an InputError). */
function inputErrorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError, got no error");
}

const weeks = (r: Regimen) => r.doses.map((d) => d.timeDays / 7);

describe("infliximabRegimen: Remicade prescribing information (Janssen), sections 2.1-2.2", () => {
  it("5 mg/kg IV at weeks 0, 2 and 6, then every 8 weeks from week 14, up to week 52", () => {
    const r = infliximabRegimen();
    // 14 + 8k <= 52: weeks 14, 22, 30, 38, 46 (54 is past week 52).
    expect(weeks(r)).toEqual([0, 2, 6, 14, 22, 30, 38, 46]);
    expect(r.doses.map((d) => d.timeDays)).toEqual([0, 14, 42, 98, 154, 210, 266, 322]);
    for (const d of r.doses) {
      expect(d.route).toBe("iv");
      expect(d.mgPerKg).toBe(5);
      expect(d.amountMg).toBeUndefined();
      expect(d.infusionDays).toBeUndefined();
    }
    expect(r.name).toBe("infliximab induction + 5 mg/kg q8w");
    expect(r.maintenance).toEqual({ mgPerKg: 5, intervalDays: 56 });
  });

  it("untilWeeks is the last week a dose may start: a dose exactly at untilWeeks is given, later ones are not", () => {
    expect(weeks(infliximabRegimen({ untilWeeks: 0 }))).toEqual([0]);
    expect(weeks(infliximabRegimen({ untilWeeks: 1 }))).toEqual([0]);
    expect(weeks(infliximabRegimen({ untilWeeks: 2 }))).toEqual([0, 2]);
    expect(weeks(infliximabRegimen({ untilWeeks: 5 }))).toEqual([0, 2]);
    expect(weeks(infliximabRegimen({ untilWeeks: 6 }))).toEqual([0, 2, 6]);
    expect(weeks(infliximabRegimen({ untilWeeks: 13 }))).toEqual([0, 2, 6]);
    expect(weeks(infliximabRegimen({ untilWeeks: 14 }))).toEqual([0, 2, 6, 14]);
    expect(weeks(infliximabRegimen({ untilWeeks: 21.5 }))).toEqual([0, 2, 6, 14]);
    expect(weeks(infliximabRegimen({ untilWeeks: 22 }))).toEqual([0, 2, 6, 14, 22]);
    expect(weeks(infliximabRegimen({ untilWeeks: 54 }))).toEqual([0, 2, 6, 14, 22, 30, 38, 46, 54]);
  });

  it("intensification (label 2.1: 10 mg/kg; every 4 weeks): maintenance changes, induction stays 5 mg/kg", () => {
    const r = infliximabRegimen({ mgPerKg: 10, intervalWeeks: 4, untilWeeks: 30 });
    expect(weeks(r)).toEqual([0, 2, 6, 14, 18, 22, 26, 30]);
    expect(r.doses.map((d) => d.mgPerKg)).toEqual([5, 5, 5, 10, 10, 10, 10, 10]);
    expect(r.name).toBe("infliximab induction + 10 mg/kg q4w");
    expect(r.maintenance).toEqual({ mgPerKg: 10, intervalDays: 28 });
    const ind = infliximabRegimen({ inductionMgPerKg: 10, untilWeeks: 22 });
    expect(ind.doses.map((d) => d.mgPerKg)).toEqual([10, 10, 10, 5, 5]);
  });

  it("without induction, maintenance starts at day 0", () => {
    const r = infliximabRegimen({ induction: false, intervalWeeks: 6, untilWeeks: 18 });
    expect(weeks(r)).toEqual([0, 6, 12, 18]);
    expect(r.name).toBe("infliximab 5 mg/kg q6w");
    expect(r.maintenance?.intervalDays).toBe(42);
    expect(weeks(infliximabRegimen({ induction: false, untilWeeks: 0 }))).toEqual([0]);
    expect(weeks(infliximabRegimen({ induction: true, untilWeeks: 0 }))).toEqual([0]);
  });

  it("a given infusion duration is carried by every dose", () => {
    const r = infliximabRegimen({ infusionDays: 1 / 24, untilWeeks: 14 });
    expect(r.doses.map((d) => d.infusionDays)).toEqual([1 / 24, 1 / 24, 1 / 24, 1 / 24]);
  });

  it("rejects bad options, naming them", () => {
    expect(inputErrorOf(() => infliximabRegimen({ mgPerKg: 0 })).field).toBe("mgPerKg");
    expect(inputErrorOf(() => infliximabRegimen({ inductionMgPerKg: -5 })).field).toBe("inductionMgPerKg");
    expect(inputErrorOf(() => infliximabRegimen({ intervalWeeks: 0 })).field).toBe("intervalWeeks");
    expect(inputErrorOf(() => infliximabRegimen({ untilWeeks: -1 })).field).toBe("untilWeeks");
    // 200,000 weeks = 1,400,000 days, beyond the ±1,000,000-day limit of check.ts.
    expect(inputErrorOf(() => infliximabRegimen({ untilWeeks: 200_000 })).field).toBe("untilWeeks");
    expect(inputErrorOf(() => infliximabRegimen({ induction: "yes" as never })).field).toBe("induction");
    expect(inputErrorOf(() => infliximabRegimen({ infusionDays: 0 })).field).toBe("infusionDays");
  });

  it("at most MAX_DOSES doses: weekly doses up to week MAX_DOSES - 1 fit, one more does not", () => {
    // Without induction, weeks 0..n-1 are n doses.
    expect(infliximabRegimen({ induction: false, intervalWeeks: 1, untilWeeks: MAX_DOSES - 1 }).doses).toHaveLength(MAX_DOSES);
    const e = inputErrorOf(() => infliximabRegimen({ induction: false, intervalWeeks: 1, untilWeeks: MAX_DOSES }));
    expect(e.field).toBe("doses");
    expect(e.message).toMatch(/lengthen intervalWeeks or shorten untilWeeks/);
    // With induction: 3 + maintenance at 14, 15, ..., until: 3 + (until - 13) doses.
    const until = MAX_DOSES + 10;
    expect(infliximabRegimen({ intervalWeeks: 1, untilWeeks: until }).doses).toHaveLength(MAX_DOSES);
    expect(inputErrorOf(() => infliximabRegimen({ intervalWeeks: 1, untilWeeks: until + 1 })).field).toBe("doses");
  });
});

describe("repeatedRegimen", () => {
  it("adalimumab (Humira label, Crohn's disease): 160 mg, 80 mg two weeks later, then 40 mg every other week", () => {
    const r = repeatedRegimen({
      route: "sc",
      amountMg: 40,
      intervalDays: 14,
      count: 3,
      startDays: 28,
      loading: [
        { timeDays: 0, amountMg: 160, route: "sc" },
        { timeDays: 14, amountMg: 80, route: "sc" },
      ],
    });
    expect(r.doses.map((d) => d.timeDays)).toEqual([0, 14, 28, 42, 56]);
    expect(r.doses.map((d) => d.amountMg)).toEqual([160, 80, 40, 40, 40]);
    for (const d of r.doses) {
      expect(d.route).toBe("sc");
      expect("mgPerKg" in d).toBe(false);
    }
    expect(r.name).toBe("40 mg SC every 14 days");
    expect(r.maintenance).toEqual({ amountMg: 40, mgPerKg: undefined, intervalDays: 14 });
  });

  it("weight-based IV doses every 56 days from day 0, and a custom name", () => {
    const r = repeatedRegimen({ route: "iv", mgPerKg: 5, intervalDays: 56, count: 4 });
    expect(r.doses.map((d) => d.timeDays)).toEqual([0, 56, 112, 168]);
    expect(r.doses.map((d) => d.mgPerKg)).toEqual([5, 5, 5, 5]);
    expect(r.doses.every((d) => d.amountMg === undefined && d.route === "iv")).toBe(true);
    expect(r.name).toBe("5 mg/kg IV every 56 days");
    expect(r.maintenance).toEqual({ mgPerKg: 5, amountMg: undefined, intervalDays: 56 });
    const named = repeatedRegimen({ route: "iv", mgPerKg: 5, intervalDays: 56, count: 1, name: "q8w", infusionDays: 0.25 });
    expect(named.name).toBe("q8w");
    // toStrictEqual: no amountMg key at all, not even undefined.
    expect(named.doses).toStrictEqual([{ timeDays: 0, route: "iv", mgPerKg: 5, infusionDays: 0.25 }]);
    expect(repeatedRegimen({ route: "sc", amountMg: 0, intervalDays: 7, count: 0 }).doses).toEqual([]);
  });

  it("exactly one of amountMg or mgPerKg", () => {
    const both = inputErrorOf(() => repeatedRegimen({ route: "sc", amountMg: 40, mgPerKg: 1, intervalDays: 14, count: 2 }));
    expect(both.field).toBe("amountMg");
    expect(both.expected).toBe("exactly one of amountMg or mgPerKg");
    const neither = inputErrorOf(() => repeatedRegimen({ route: "sc", intervalDays: 14, count: 2 }));
    expect(neither.expected).toBe("exactly one of amountMg or mgPerKg");
  });

  it("rejects bad options, naming them", () => {
    const ok = { route: "sc" as const, amountMg: 40, intervalDays: 14, count: 2 };
    expect(inputErrorOf(() => repeatedRegimen(null as never)).field).toBe("options");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, route: "im" as never })).field).toBe("route");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, intervalDays: 0 })).field).toBe("intervalDays");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, count: 1.5 })).field).toBe("count");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, amountMg: -40 })).field).toBe("amountMg");
    expect(inputErrorOf(() => repeatedRegimen({ route: "iv", mgPerKg: -5, intervalDays: 56, count: 2 })).field).toBe("mgPerKg");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, infusionDays: -1 })).field).toBe("infusionDays");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, name: "" })).field).toBe("name");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, startDays: Number.NaN })).field).toBe("startDays");
    expect(inputErrorOf(() => repeatedRegimen({ ...ok, loading: [{ timeDays: 0, route: "sc" }] as never })).field).toBe("loading[0]");
  });

  it("the last dose must fall within ±1,000,000 days; with no doses nothing is checked", () => {
    // 999,990 + 1 x 14 = 1,000,004 days: out of range.
    const e = inputErrorOf(() => repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 2, startDays: 999_990 }));
    expect(e.field).toBe("last dose time (startDays + (count - 1) * intervalDays)");
    expect(repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 1, startDays: 999_990 }).doses).toHaveLength(1);
    // count 0: the "last dose" -999,990 - 14 would be out of range, but there is none.
    expect(repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 0, startDays: -999_990 }).doses).toEqual([]);
  });

  it("at most MAX_DOSES doses, loading doses included", () => {
    const loading = [{ timeDays: 0, amountMg: 160, route: "sc" as const }];
    const ok = repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 1, count: MAX_DOSES - 1, startDays: 1, loading });
    expect(ok.doses).toHaveLength(MAX_DOSES);
    const e = inputErrorOf(() => repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 1, count: MAX_DOSES, loading }));
    expect(e.field).toBe("count");
    expect(e.message).toMatch(/at most 5000 doses in a regimen, loading doses included\), got 5000, expected at most 4,999/);
  });
});

describe("resolveDoses", () => {
  it("mg/kg doses use the weight in force at each dose; flat doses stay; IV lasts 2 h by default, SC is 0", () => {
    // 70 kg until day 30, then 60 kg: 5 mg/kg is 350 mg at day 0 and 300 mg at day 42.
    const pieces = covariatePieces({ baseline: { weightKg: 70 }, changes: [{ timeDays: 30, weightKg: 60 }] });
    const reg = customRegimen("mixed", [
      { timeDays: 42, mgPerKg: 5, route: "iv" },
      { timeDays: 0, mgPerKg: 5, route: "iv", infusionDays: 0.5 },
      { timeDays: 7, amountMg: 40, route: "sc" },
      { timeDays: 14, mgPerKg: 1, route: "sc" },
    ]);
    expect(resolveDoses(reg, pieces)).toEqual([
      { timeDays: 0, amountMg: 350, route: "iv", durationDays: 0.5 },
      { timeDays: 7, amountMg: 40, route: "sc", durationDays: 0 },
      { timeDays: 14, amountMg: 70, route: "sc", durationDays: 0 },
      { timeDays: 42, amountMg: 300, route: "iv", durationDays: 2 / 24 },
    ]);
    expect(DEFAULT_INFUSION_DAYS).toBe(2 / 24);
  });

  it("the label schedule for a 70 kg patient: 8 infusions of 350 mg over 2 h", () => {
    const d = resolveDoses(infliximabRegimen(), covariatePieces({ weightKg: 70 }));
    expect(d.map((x) => x.amountMg)).toEqual([350, 350, 350, 350, 350, 350, 350, 350]);
    expect(d.map((x) => x.durationDays)).toEqual(Array(8).fill(2 / 24));
    expect(d.map((x) => x.timeDays)).toEqual([0, 14, 42, 98, 154, 210, 266, 322]);
  });

  it("rejects a malformed regimen with the dose's name", () => {
    const pieces = covariatePieces({ weightKg: 70 });
    const bad = { name: "bad", doses: [{ timeDays: 0, route: "iv", mgPerKg: -1 }] } as Regimen;
    expect(inputErrorOf(() => resolveDoses(bad, pieces)).field).toBe("regimen.doses[0].mgPerKg");
  });
});

describe("customRegimen and continueRegimen", () => {
  it("customRegimen copies and checks each dose", () => {
    const given = [{ timeDays: 0, mgPerKg: 10, route: "iv" as const, extra: 1 }];
    const r = customRegimen("rescue", given);
    expect(r).toEqual({ name: "rescue", doses: [{ timeDays: 0, mgPerKg: 10, route: "iv" }] });
    expect(r.doses[0]).not.toBe(given[0]);
    expect(inputErrorOf(() => customRegimen("", given)).field).toBe("name");
    expect(inputErrorOf(() => customRegimen("x", [{ timeDays: 0, route: "iv" }] as never)).field).toBe("regimen.doses[0]");
  });

  it("continueRegimen shifts the future schedule to startDays, keeps doses up to untilDays inclusive", () => {
    const history = customRegimen("induction", [
      { timeDays: 0, mgPerKg: 5, route: "iv" },
      { timeDays: 14, mgPerKg: 5, route: "iv" },
    ]);
    const future = repeatedRegimen({ route: "iv", mgPerKg: 10, intervalDays: 28, count: 4 });
    const all = continueRegimen(history, future, 42);
    // 42 + 28k: 42, 70, 98, 126.
    expect(all.doses.map((d) => d.timeDays)).toEqual([0, 14, 42, 70, 98, 126]);
    expect(all.doses.map((d) => d.mgPerKg)).toEqual([5, 5, 10, 10, 10, 10]);
    expect(all.name).toBe("induction, then 10 mg/kg IV every 28 days");
    expect(all.maintenance).toEqual({ mgPerKg: 10, amountMg: undefined, intervalDays: 28 });
    expect(continueRegimen(history, future, 42, 98).doses.map((d) => d.timeDays)).toEqual([0, 14, 42, 70, 98]);
    expect(continueRegimen(history, future, 42, 97).doses.map((d) => d.timeDays)).toEqual([0, 14, 42, 70]);
  });

  it("continueRegimen: unnamed regimens, bad times and the dose limit", () => {
    const h = { doses: [{ timeDays: 0, amountMg: 40, route: "sc" }] } as unknown as Regimen;
    const f = { doses: [{ timeDays: 0, amountMg: 40, route: "sc" }] } as unknown as Regimen;
    expect(continueRegimen(h, f, 14).name).toBe("history, then future");
    expect(inputErrorOf(() => continueRegimen(h, f, Number.NaN)).field).toBe("startDays");
    expect(inputErrorOf(() => continueRegimen(h, f, 0, Number.POSITIVE_INFINITY)).field).toBe("untilDays");
    expect(inputErrorOf(() => continueRegimen(h, f, 999_999.5 + 1)).field).toBe("startDays");
    const far = { doses: [{ timeDays: 10, amountMg: 40, route: "sc" }] } as unknown as Regimen;
    expect(inputErrorOf(() => continueRegimen(h, far, 999_995)).field).toBe("future.doses[0].timeDays + startDays");
    expect(inputErrorOf(() => continueRegimen(null as never, f, 0)).field).toBe("history");
    expect(inputErrorOf(() => continueRegimen(h, null as never, 0)).field).toBe("future");
    const half = repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 1, count: MAX_DOSES / 2 });
    expect(continueRegimen(half, half, MAX_DOSES).doses).toHaveLength(MAX_DOSES);
    const over = repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 1, count: MAX_DOSES / 2 + 1 });
    const e = inputErrorOf(() => continueRegimen(half, over, MAX_DOSES));
    expect(e.field).toBe("doses");
    expect(e.message).toMatch(/split the schedule/);
  });
});
