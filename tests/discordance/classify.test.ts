import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { classifyDiscordance, QUADRANTS } from "../../src/discordance/classify";
import { quadrantScatterFigure, quadrantSharesFigure, rocFigure } from "../../src/discordance/figures";
import { INSTRUMENT_IDS, INSTRUMENTS, instrumentThresholds, readingState } from "../../src/discordance/instruments";
import { roc } from "../../src/discordance/roc";

describe("instrument registry", () => {
  it("every instrument has a range, unit, both thresholds inside the range, and a citation", () => {
    for (const id of INSTRUMENT_IDS) {
      const i = INSTRUMENTS[id];
      expect(i.id).toBe(id);
      expect(i.citation.length).toBeGreaterThan(20);
      expect(i.unit.length).toBeGreaterThan(0);
      expect(i.remission.value).toBeGreaterThanOrEqual(i.min);
      if (i.max !== undefined) expect(i.active.value).toBeLessThanOrEqual(i.max);
      expect(i.active.value).toBeGreaterThanOrEqual(i.remission.value);
    }
  });
  it("reading states follow the cited thresholds (HBI <= 4 remission, CDAI < 150, SES-CD <= 2)", () => {
    expect(readingState(INSTRUMENTS.hbi, 4)).toBe("remission");
    expect(readingState(INSTRUMENTS.hbi, 5)).toBe("active");
    expect(readingState(INSTRUMENTS.cdai, 149.9)).toBe("remission");
    expect(readingState(INSTRUMENTS.cdai, 150)).toBe("active");
    expect(readingState(INSTRUMENTS.sesCd, 2)).toBe("remission");
    expect(readingState(INSTRUMENTS.calprotectinUgG, 180)).toBe("intermediate");
    expect(() => readingState(INSTRUMENTS.mayoEndoscopic, 4)).toThrow(/\[0, 3\]/);
  });
  it("thresholds can be overridden without touching the registry", () => {
    const strict = instrumentThresholds("mayoEndoscopic", { remission: { op: "<=", value: 0 } });
    expect(readingState(strict, 1)).toBe("intermediate");
    expect(readingState(INSTRUMENTS.mayoEndoscopic, 1)).toBe("remission");
    expect(() => instrumentThresholds("hbi", { remission: { op: "=<" as "<=", value: 4 } })).toThrow(InputError);
  });
});

describe("classifyDiscordance, one visit", () => {
  it("the chapter's patient A: symptomatic, Mayo endoscopic 0, normal calprotectin -> refractory-symptoms", () => {
    const c = classifyDiscordance({ partialMayo: 7, mayoEndoscopic: 0, calprotectinUgG: 30 });
    expect(c.quadrant).toBe("refractory-symptoms");
    expect(c.symptoms).toBe("symptomatic");
    expect(c.inflammation).toBe("remission");
    expect(c.reasons.join(" ")).toMatch(/bile acid/);
    expect(c.thresholds["mayoEndoscopic.remission"]).toBe("<= 1 points");
    expect(c.evidence.find((e) => e.instrument === "mayoEndoscopic")?.decisive).toBe(true);
  });
  it("the chapter's patient B: feels well, SES-CD 12 -> silent-inflammation", () => {
    const c = classifyDiscordance({ hbi: 2, sesCd: 12, calprotectinUgG: 900 });
    expect(c.quadrant).toBe("silent-inflammation");
    expect(c.reasons.join(" ")).toMatch(/treat the inflammation/);
  });
  it("concordant calls", () => {
    expect(classifyDiscordance({ cdai: 320, sesCd: 15 }).quadrant).toBe("concordant-active");
    expect(classifyDiscordance({ pro2Uc: 0, uceis: 0, crpMgL: 2 }).quadrant).toBe("concordant-remission");
  });
  it("endoscopy quiet but calprotectin high -> indeterminate (conflict), with the reason", () => {
    const c = classifyDiscordance({ hbi: 8, sesCd: 1, calprotectinUgG: 600 });
    expect(c.quadrant).toBe("indeterminate");
    expect(c.inflammation).toBe("conflicting");
    expect(c.reasons.join(" ")).toMatch(/Conflicting/);
  });
  it("missing objective evidence, grey-zone calprotectin, CRP-only normal, missing symptoms -> indeterminate", () => {
    expect(classifyDiscordance({ hbi: 8 }).quadrant).toBe("indeterminate");
    expect(classifyDiscordance({ hbi: 8, calprotectinUgG: 180 }).quadrant).toBe("indeterminate");
    expect(classifyDiscordance({ hbi: 8, crpMgL: 3 }).quadrant).toBe("indeterminate");
    expect(classifyDiscordance({ sesCd: 10, hbi: null }).quadrant).toBe("indeterminate");
  });
  it("without endoscopy calprotectin decides; a raised CRP alone counts as activity", () => {
    expect(classifyDiscordance({ hbi: 8, calprotectinUgG: 40 }).quadrant).toBe("refractory-symptoms");
    expect(classifyDiscordance({ hbi: 8, calprotectinUgG: 40, crpMgL: 25 }).quadrant).toBe("indeterminate");
    expect(classifyDiscordance({ hbi: 1, crpMgL: 25 }).quadrant).toBe("silent-inflammation");
  });
  it("overriding a threshold changes the call", () => {
    expect(classifyDiscordance({ hbi: 6, mayoEndoscopic: 1 }).quadrant).toBe("refractory-symptoms");
    const strict = classifyDiscordance(
      { hbi: 6, mayoEndoscopic: 1 },
      { thresholds: { mayoEndoscopic: { remission: { op: "<=", value: 0 }, active: { op: ">=", value: 1 } } } },
    );
    expect(strict.quadrant).toBe("concordant-active");
  });
  it("bad readings throw naming the instrument", () => {
    expect(() => classifyDiscordance({ hbi: -1, sesCd: 3 })).toThrow(/hbi/);
    expect(() => classifyDiscordance({ hbi: "many" as unknown as number, sesCd: 3 })).toThrow(InputError);
  });
});

describe("reliability-aware calls", () => {
  // SES-CD inter-reader ICC 0.83 (Khanna 2016, Gut); the SD used here is illustrative.
  const reliability = { sesCd: { reliability: 0.83, sd: 7 }, hbi: { reliability: 0.9, sd: 4 } };
  it("a reading right at the threshold is borderline, one far from it is not", () => {
    const near = classifyDiscordance({ hbi: 1, sesCd: 3 }, { reliability });
    const far = classifyDiscordance({ hbi: 1, sesCd: 25 }, { reliability });
    expect(near.quadrant).toBe("silent-inflammation");
    expect(near.uncertainty?.borderline).toBe(true);
    expect(far.uncertainty?.borderline).toBe(false);
    expect(far.uncertainty?.pOther).toBeLessThan(near.uncertainty?.pOther as number);
  });
  it("quadrant probabilities sum to 1 and match the stated normal model", () => {
    const c = classifyDiscordance({ hbi: 6, sesCd: 5 }, { reliability });
    const u = c.uncertainty;
    expect(u).toBeDefined();
    const sum = Object.values(u?.probabilities ?? {}).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
    // SES-CD 5 vs activity >= 3 (boundary 2.5 with the half-step continuity correction), SEM = 7·√(1 − 0.83):
    // P(inflamed) = Φ((5 − 2.5)/SEM); HBI 6 vs remission <= 4 (boundary 4.5), SEM = 4·√0.1: P(symptomatic) = Φ(1.5/SEM)
    expect(u?.pInflamed).toBeCloseTo(normalCdf((5 - 2.5) / (7 * Math.sqrt(0.17)), 0, 1), 12);
    expect(u?.pSymptomatic).toBeCloseTo(normalCdf((6 - 4.5) / (4 * Math.sqrt(0.1)), 0, 1), 12);
    expect(u?.probabilities["concordant-active"]).toBeCloseTo((u?.pInflamed as number) * (u?.pSymptomatic as number), 12);
  });
  it("an instrument without reliability is treated as exact and the reasons say so", () => {
    const c = classifyDiscordance({ hbi: 6, mayoEndoscopic: 2 }, { reliability: { hbi: { reliability: 0.9, sd: 4 } } });
    expect(c.uncertainty?.pInflamed).toBe(1);
    expect(c.reasons.join(" ")).toMatch(/treated as measured without error/);
  });
  it("log-scale calprotectin and the kelley model", () => {
    const rel = { calprotectinUgG: { reliability: 0.84, sd: 1.2, mean: Math.log(150), scale: "log" as const } };
    const obs = classifyDiscordance({ hbi: 1, calprotectinUgG: 300 }, { reliability: rel });
    const kel = classifyDiscordance({ hbi: 1, calprotectinUgG: 300 }, { reliability: rel, errorModel: "kelley" });
    expect(obs.quadrant).toBe("silent-inflammation");
    // Kelley shrinks ln 300 toward ln 150, below the activity boundary ln 250 -> less likely inflamed
    expect(kel.uncertainty?.pInflamed).toBeLessThan(obs.uncertainty?.pInflamed as number);
    expect(() =>
      classifyDiscordance(
        { hbi: 1, calprotectinUgG: 300 },
        { reliability: { calprotectinUgG: { reliability: 0.84, sd: 1 } }, errorModel: "kelley" },
      ),
    ).toThrow(/mean/);
  });
});

describe("classifyDiscordance, cohort", () => {
  const rows = [
    { patient_id: "P1", visit_date: "2025-01-01", hbi: 9, ses_cd: 0, calprotectin_ug_g: 20 },
    { patient_id: "P2", visit_date: "2025-01-02", hbi: 2, ses_cd: 14, calprotectin_ug_g: 800 },
    { patient_id: "P3", visit_date: "2025-01-03", hbi: 12, ses_cd: 9, calprotectin_ug_g: 400 },
    { patient_id: "P4", visit_date: "2025-01-04", hbi: 1, ses_cd: null, calprotectin_ug_g: 30 },
    { patient_id: "P5", visit_date: "2025-01-05", hbi: 10, ses_cd: null, calprotectin_ug_g: null },
  ];
  it("accepts snake_case columns, counts and shares every category", () => {
    const r = classifyDiscordance(rows);
    expect(r.calls.map((c) => c.quadrant)).toEqual([
      "refractory-symptoms",
      "silent-inflammation",
      "concordant-active",
      "concordant-remission",
      "indeterminate",
    ]);
    expect(r.n).toBe(5);
    for (const q of QUADRANTS) expect(r.counts[q]).toBe(1);
    expect(r.shares["refractory-symptoms"]).toBe(0.2);
    expect(r.calls[0].patientId).toBe("P1");
  });
  it("accepts a DataFrame-like table and names the row of a bad value", () => {
    const df = {
      columns: ["patient_id", "hbi", "sesCd"],
      values: [
        ["A", 3, 1],
        ["B", 99, "x"],
      ],
    };
    expect(() => classifyDiscordance(df)).toThrow(/row 2/);
    const ok = classifyDiscordance({ columns: ["hbi", "sesCd"], values: [[3, 1]] });
    expect(ok.counts["concordant-remission"]).toBe(1);
  });
  it("figures: scatter per quadrant with threshold lines; shares stack to 100 %", () => {
    const r = classifyDiscordance(rows);
    const f = quadrantScatterFigure(r.calls, { x: "hbi", y: "calprotectinUgG", logY: true });
    expect(f.data.length).toBe(4); // P5 lacks calprotectin
    expect((f.layout.shapes as unknown[]).length).toBe(4);
    const s = quadrantSharesFigure({ CD: r.counts });
    const total = s.data.reduce((acc, t) => acc + (t.y as number[])[0], 0);
    expect(total).toBeCloseTo(100, 10);
    const rf = rocFigure({ demo: roc([1, 2, 3, 4, 5], [0, 1, 0, 1, 1]) });
    expect(rf.data[0].name).toMatch(/AUC 0.833/);
  });
});

describe("classifyDiscordance on a real danfojs DataFrame", () => {
  it("reads instrument columns from the frame", async () => {
    const dfd = await import("danfojs-node");
    const df = new dfd.DataFrame({ patient_id: ["A", "B"], hbi: [9, 1], ses_cd: [0, 10], crp_mg_l: [1, 30] });
    const r = classifyDiscordance(df);
    expect(r.calls.map((c) => c.quadrant)).toEqual(["refractory-symptoms", "silent-inflammation"]);
    expect(r.calls[1].patientId).toBe("B");
  }, 60_000);
});

describe("reliability given as a SEM", () => {
  it("uses the SEM directly (SES-CD inter-reader SEM 3.07, Khanna 2016) and rejects incomplete input", () => {
    const c = classifyDiscordance({ hbi: 1, sesCd: 6 }, { reliability: { sesCd: { sem: 3.07 } } });
    expect(c.uncertainty?.pInflamed).toBeCloseTo(normalCdf((6 - 2.5) / 3.07, 0, 1), 12);
    expect(() => classifyDiscordance({ hbi: 1, sesCd: 6 }, { reliability: { sesCd: { reliability: 0.8 } } })).toThrow(/sd/);
  });
});

describe("hostile input (issue 14)", () => {
  it("prototype keys are never instruments", () => {
    expect(() => instrumentThresholds("constructor" as never)).toThrow(/instrument: got "constructor"/);
    expect(() => instrumentThresholds("__proto__" as never)).toThrow(InputError);
    expect(() => instrumentThresholds("hbi", null as never)).toThrow(/thresholds\.hbi: got null/);
    expect(() => classifyDiscordance({ hbi: 3 }, { symptomPriority: ["constructor" as never] })).toThrow(/symptomPriority\[0\]/);
    expect(() => classifyDiscordance({ hbi: 3 }, { thresholds: JSON.parse('{"constructor": {}}') })).toThrow(/thresholds/);
  });

  it("null options, malformed frames and ids that are not ids are InputErrors", () => {
    expect(() => classifyDiscordance({ hbi: 3 }, null as never)).toThrow(/options: got null/);
    expect(() => classifyDiscordance({ columns: ["hbi"], values: 5 } as never)).toThrow(/cohort\.values/);
    expect(() => classifyDiscordance({ hbi: 3, patientId: Number.NaN } as never)).toThrow(/patientId/);
  });

  it("the figures refuse values that are not their inputs", () => {
    expect(() => quadrantScatterFigure("constructor" as never, { x: "hbi", y: "sesCd" })).toThrow(/calls/);
    expect(() => quadrantScatterFigure([], undefined as never)).toThrow(/options: got undefined/);
    expect(() => quadrantScatterFigure([], { x: "constructor" as never, y: "sesCd" })).toThrow(/x: got "constructor"/);
    expect(() =>
      quadrantScatterFigure([{ quadrant: "indeterminate", evidence: [{ instrument: "hbi", value: Number.NaN }] }] as never, {
        x: "hbi",
        y: "sesCd",
      }),
    ).toThrow(/evidence\[0\]\.value/);
    expect(() => quadrantSharesFigure(undefined as never)).toThrow(/cohorts: got undefined/);
    expect(() => quadrantSharesFigure({ UC: { "concordant-active": Number.POSITIVE_INFINITY } } as never)).toThrow(InputError);
    expect(() => rocFigure({ a: {} } as never)).toThrow(/curves\.a\.curve/);
    expect(() => rocFigure("constructor" as never)).toThrow(/curves/);
  });
});
