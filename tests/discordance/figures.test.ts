// Figures of src/discordance/figures.ts (issue #17 item 5): ROC cut-off markers say which curve, which
// criterion, the threshold with its unit and Se/Sp; the calprotectin log axis labels full values; figure
// text spells micrograms "µg". The expected thresholds are worked out by hand from pROC's convention
// (midpoints between consecutive distinct scores), and the old label "Youden: 89.50" is what they replace.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { classifyDiscordance } from "../../src/discordance/classify";
import { quadrantScatterFigure, rocFigure, rocPointLabel, rocTextPosition } from "../../src/discordance/figures";
import { roc, rocBestThreshold } from "../../src/discordance/roc";
import { expectReadableLogAxes } from "../plot/log-axes";

/** Micrograms spelled "ug" anywhere a reader would see it (the figure's JSON holds no identifiers). */
const UG_AS_U = /\bug\/(mL|g)\b/;

// 5 visits without and 5 with endoscopic activity. Youden's J is 0.6 at two thresholds: 70 (midway between
// 60 and 80; Se 5/5, Sp 3/5) and 89.5 (midway between 89 and 90; Se 4/5, Sp 4/5).
const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
const fc = roc([40, 60, 89, 150, 30, 90, 120, 200, 300, 80], labels);
// CRP (mg/L): Youden at 4.5, midway between 4 and 5 (Se 5/5, Sp 4/5)
const crp = roc([1, 3, 9, 2, 4, 12, 5, 30, 8, 15], labels);
const youdenFc = rocBestThreshold(fc).best[1];
const youdenCrp = rocBestThreshold(crp).best[0];

type Marker = { name: string; text: string[]; hovertext: string[]; x: number[]; y: number[]; textposition: string; hoverinfo: string };

describe("rocFigure: marked cut-offs", () => {
  it("the worked example: thresholds 70 and 89.5, and 4.5 for CRP", () => {
    expect(rocBestThreshold(fc).best).toEqual([
      { threshold: 70, sensitivity: 1, specificity: 0.6 },
      { threshold: 89.5, sensitivity: 0.8, specificity: 0.8 },
    ]);
    expect(youdenCrp).toEqual({ threshold: 4.5, sensitivity: 1, specificity: 0.8 });
  });

  it("labels the point with the curve, the criterion, the threshold in its unit and Se/Sp, without trailing zeros", () => {
    const f = rocFigure({ calprotectin: fc }, { points: { Youden: youdenFc }, thresholdUnit: "µg/g" });
    const m = f.data[2] as unknown as Marker;
    // was "Youden: 89.50": no curve, no unit, a zero suggesting a precision the midpoint does not have
    expect(m.hovertext).toEqual(["calprotectin, Youden cut-off 89.5 µg/g (Se 0.8, Sp 0.8)"]);
    // on the plot the same words in two lines, to fit a square plot
    expect(m.text).toEqual(["calprotectin, Youden cut-off<br>89.5 µg/g (Se 0.8, Sp 0.8)"]);
    expect(m.name).toBe("calprotectin, Youden cut-off");
    expect(m.hoverinfo).toBe("text");
    expect(m.textposition).toBe("bottom right");
    expect([m.x[0], m.y[0]]).toEqual([1 - 0.8, 0.8]);
  });

  it("finds the curve a point lies on, takes one unit per curve, and writes 'ug' as 'µg'", () => {
    const f = rocFigure(
      { calprotectin: fc, CRP: crp },
      { points: { Youden: youdenFc, "CRP Youden": youdenCrp }, thresholdUnit: { calprotectin: "ug/g", CRP: "mg/L" } },
    );
    const texts = f.data.slice(3).map((t) => (t as unknown as Marker).hovertext[0]);
    expect(texts).toEqual(["calprotectin, Youden cut-off 89.5 µg/g (Se 0.8, Sp 0.8)", "CRP, CRP Youden cut-off 4.5 mg/L (Se 1, Sp 0.8)"]);
    expect(JSON.stringify(f)).not.toMatch(UG_AS_U);
  });

  it("without thresholdUnit the threshold is a bare number (the documented default); a curve left out of the table has none", () => {
    const bare = rocFigure({ calprotectin: fc }, { points: { Youden: youdenFc } });
    expect((bare.data[2] as unknown as Marker).hovertext[0]).toBe("calprotectin, Youden cut-off 89.5 (Se 0.8, Sp 0.8)");
    const some = rocFigure({ calprotectin: fc, CRP: crp }, { points: { CRP: youdenCrp }, thresholdUnit: { calprotectin: "µg/g" } });
    expect((some.data[3] as unknown as Marker).hovertext[0]).toBe("CRP, CRP cut-off 4.5 (Se 1, Sp 0.8)");
  });

  it("an explicit curve names the point's curve; a point on none of several curves must name it", () => {
    const hand = { threshold: 100, sensitivity: 0.8, specificity: 0.8 };
    const f = rocFigure(
      { calprotectin: fc, CRP: crp },
      { points: { "registry cut-off": { ...hand, curve: "calprotectin" } }, thresholdUnit: "µg/g" },
    );
    // a criterion that already says "cut-off" is not followed by a second one
    expect((f.data[3] as unknown as Marker).hovertext[0]).toBe("calprotectin, registry cut-off 100 µg/g (Se 0.8, Sp 0.8)");
    expect((f.data[3] as unknown as Marker).name).toBe("calprotectin, registry cut-off");
    // one curve: the point is that curve's
    expect((rocFigure({ calprotectin: fc }, { points: { hand } }).data[2] as unknown as Marker).hovertext[0]).toMatch(
      /^calprotectin, hand cut-off 100 /,
    );
    expect(() => rocFigure({ calprotectin: fc, CRP: crp }, { points: { hand } })).toThrow(
      /points\.hand\.curve.*lies on none of: calprotectin, CRP/,
    );
    expect(() => rocFigure({ calprotectin: fc }, { points: { hand: { ...hand, curve: "CRP" } } })).toThrow(InputError);
    expect(() => rocFigure({ calprotectin: fc }, { thresholdUnit: { CRP: "mg/L" } })).toThrow(/thresholdUnit/);
    expect(() => rocFigure({ calprotectin: fc }, { thresholdUnit: { calprotectin: 5 as never } })).toThrow(/thresholdUnit\.calprotectin/);
  });

  it("an infinite threshold (pROC's ends) is written −∞/+∞ without a unit", () => {
    const f = rocFigure(
      { calprotectin: fc },
      { points: { all: { threshold: Number.NEGATIVE_INFINITY, sensitivity: 1, specificity: 0 } }, thresholdUnit: "µg/g" },
    );
    expect((f.data[2] as unknown as Marker).hovertext[0]).toBe("calprotectin, all cut-off −∞ (Se 1, Sp 0)");
  });

  it("two marked points: the more sensitive one is labelled above itself, the other below, so the labels run apart", () => {
    const f = rocFigure({ calprotectin: fc }, { points: { Youden: youdenFc, "Youden, all cases": rocBestThreshold(fc).best[0] } });
    const [low, high] = f.data.slice(2) as unknown as Marker[];
    expect([low.y[0], high.y[0]]).toEqual([0.8, 1]);
    expect(low.textposition).toBe("bottom right");
    expect(high.textposition).toBe("bottom right"); // Se 1 is the top of the plot: no room above
    const g = rocFigure(
      { CRP: crp, calprotectin: fc },
      { points: { a: youdenFc, b: { threshold: 150, sensitivity: 0.6, specificity: 1, curve: "calprotectin" } } },
    );
    expect((g.data.slice(3) as unknown as Marker[]).map((m) => m.textposition)).toEqual(["top right", "bottom right"]);
  });

  it("rocPointLabel keeps four significant digits, and labels run towards the middle of the plot", () => {
    expect(
      rocPointLabel({ curve: "fc", criterion: "Youden", threshold: 123.456, unit: "µg/g", sensitivity: 0.8125, specificity: 0.5 }),
    ).toBe("fc, Youden cut-off 123.5 µg/g (Se 0.81, Sp 0.5)");
    expect(rocTextPosition(0.2, 0.8)).toBe("bottom right");
    expect(rocTextPosition(0.7, 0.95)).toBe("bottom left");
    expect(rocTextPosition(0.2, 0.8, true)).toBe("top right");
    expect(rocTextPosition(0.2, 0.97, true)).toBe("bottom right"); // no room above
    expect(rocTextPosition(0.9, 0.05)).toBe("top left"); // no room below
  });
});

describe("quadrantScatterFigure: calprotectin on a log axis", () => {
  const calls = classifyDiscordance([
    { patientId: "A", hbi: 9, calprotectinUgG: 40 },
    { patientId: "B", hbi: 2, calprotectinUgG: 900 },
    { patientId: "C", hbi: 10, calprotectinUgG: 1200 },
    { patientId: "D", hbi: 1, calprotectinUgG: 30 },
  ]).calls;

  it("labels full values only (tests/plot/log-axes.ts: every ticktext reads back as its tick), covering the data and both thresholds", () => {
    const f = quadrantScatterFigure(calls, { x: "hbi", y: "calprotectinUgG", logY: true });
    expect(expectReadableLogAxes(f)).toBe(1);
    const y = f.layout.yaxis as { tickvals: number[]; ticktext: string[] };
    // 30-1200 µg/g: 1-2-5 ticks, so 50 is written "50" where plotly's D2 ticks wrote a small "5"
    for (const v of [50, 100, 200, 500, 1000]) expect(y.ticktext[y.tickvals.indexOf(v)]).toBe(String(v));
    expect(quadrantScatterFigure(calls, { x: "hbi", y: "calprotectinUgG" }).layout.yaxis).toMatchObject({ type: "linear" });
  });

  it("shows the registry's unit 'ug/g' as 'µg/g' on the axis", () => {
    const f = quadrantScatterFigure(calls, { x: "hbi", y: "calprotectinUgG", logY: true });
    expect((f.layout.yaxis as { title: { text: string } }).title.text).toBe("Faecal calprotectin (µg/g)");
    expect(JSON.stringify(f)).not.toMatch(UG_AS_U);
  });
});
