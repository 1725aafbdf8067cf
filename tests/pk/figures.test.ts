// src/pk/figures.ts with logY (issue #17 item 5): the concentration axis labels full values, never plotly's
// minor-tick digits (tests/plot/log-axes.ts is the check), and spans the curves, the measured levels and
// the target. Concentrations are typed in by hand so the expected ticks can be worked out from logAxis's rule.
import { describe, expect, it } from "vitest";
import { predictionBandFigure, profileFigure } from "../../src/pk/figures";
import type { PredictionBands } from "../../src/pk/population";
import { expectReadableLogAxes } from "../plot/log-axes";

describe("profileFigure and predictionBandFigure on a log axis", () => {
  it("profileFigure: ticks cover the curve, the measured level and the target, each labelled with its value", () => {
    const f = profileFigure([{ name: "typical", timesDays: [0, 14, 56], concentrationUgMl: [120, 18, 2.4] }], {
      logY: true,
      targetUgMl: 5,
      observed: [{ timeDays: 56, concentrationUgMl: 1.1 }],
    });
    expect(expectReadableLogAxes(f)).toBe(1);
    const y = f.layout.yaxis as { tickvals: number[]; ticktext: string[]; title: { text: string } };
    // 1.1 to 120 µg/mL, 2.04 decades: 1-2-5 ticks from 0.1 to 500
    expect(y.tickvals).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(y.ticktext[y.tickvals.indexOf(50)]).toBe("50");
    expect(y.title.text).toBe("Concentration (µg/mL)");
    expect(profileFigure([{ name: "t", timesDays: [0, 7], concentrationUgMl: [10, 5] }]).layout.yaxis).toMatchObject({ type: "linear" });
  });

  it("predictionBandFigure: the band's edges set the axis; zero concentrations (before a dose) are left out", () => {
    const bands: PredictionBands = {
      timesDays: new Float64Array([0, 7, 14]),
      probabilities: [0.05, 0.5, 0.95],
      quantilesUgMl: [new Float64Array([0, 3, 0.02]), new Float64Array([0, 9, 0.4]), new Float64Array([0, 30, 4])],
    } as unknown as PredictionBands;
    const f = predictionBandFigure(bands, { logY: true });
    expect(expectReadableLogAxes(f)).toBe(1);
    // 0.02 to 30 µg/mL, 3.18 decades: 1-2-5 ticks, 0.01 ... 50 visible
    const y = f.layout.yaxis as { tickvals: number[]; ticktext: string[] };
    expect(y.tickvals[0]).toBe(0.001);
    expect(y.ticktext).toContain("0.02");
    expect(y.ticktext).toContain("20");
  });
});
