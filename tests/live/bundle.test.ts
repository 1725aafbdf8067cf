// The browser bundle (dist/browser/ibd-lab.js, built by `npm run build` with esbuild) computes exactly what
// Node computes: the same TypeScript, so every number must be identical, not merely close. The bundle runs
// here in a bare V8 context (no DOM, no Node modules), as it would in a page before any element is touched.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { roc } from "../../src/discordance/roc";
import { CALCULATOR_NAMES, calculator } from "../../src/live/calculators/index";
import { icc } from "../../src/measurement/icc";
import { postTestProbability } from "../../src/mimics/bayes";
import { INFLIXIMAB_FASANMADE_2011 } from "../../src/pk/index";
import { infliximabRegimen } from "../../src/pk/regimen";
import { simulate } from "../../src/pk/simulate";
import { tubeFlowMlMin } from "../../src/stricture/tube";
import { defaults, moved, plain } from "./scenarios";

const BUNDLE = join(__dirname, "..", "..", "dist", "browser", "ibd-lab.js");
// biome-ignore lint/suspicious/noExplicitAny: the bundle's global is untyped
let B: any;

beforeAll(() => {
  const ctx = createContext({});
  runInContext(readFileSync(BUNDLE, "utf8"), ctx, { filename: "ibd-lab.js" });
  B = (ctx as { IbdLab?: unknown }).IbdLab;
});

function outcome(f: () => unknown): unknown {
  try {
    return { value: plain(f()) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

describe("browser bundle = Node library", () => {
  it("loads without a DOM and exposes the chapter modules and the calculators", () => {
    expect(B).toBeDefined();
    for (const m of ["measurement", "discordance", "mimics", "pk", "refractory", "stricture", "live"]) expect(typeof B[m]).toBe("object");
    expect([...B.live.CALCULATOR_NAMES]).toEqual([...CALCULATOR_NAMES]);
  });

  for (const name of CALCULATOR_NAMES) {
    it(`${name}: identical outputs, notes and figure at the defaults and at moved inputs`, () => {
      const node = calculator(name);
      const page = B.live.calculator(name);
      for (const values of [defaults(node), moved(node)]) {
        expect(outcome(() => page.compute(values))).toEqual(outcome(() => node.compute(values)));
      }
    });
  }

  it("direct library calls give identical numbers (ICC, ROC, Bayes, PK simulation, Poiseuille flow)", () => {
    const ratings = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ]; // Shrout & Fleiss 1979, Table 2
    expect(plain(B.measurement.icc(ratings))).toEqual(plain(icc(ratings)));
    const scores = [12, 40, 95, 150, 180, 260, 300, 420, 510, 800];
    const labels = [false, false, true, false, true, false, true, true, true, true];
    expect(plain(B.discordance.roc(scores, labels))).toEqual(plain(roc(scores, labels)));
    const test = { sensitivity: 0.9, specificity: 0.8 };
    expect(plain(B.mimics.postTestProbability(0.1, test, "positive"))).toEqual(plain(postTestProbability(0.1, test, "positive")));
    const sim = (lib: { simulate: typeof simulate; infliximabRegimen: typeof infliximabRegimen }, model: unknown) =>
      lib.simulate(
        model as typeof INFLIXIMAB_FASANMADE_2011,
        lib.infliximabRegimen({ mgPerKg: 5 }),
        { weightKg: 70, albuminGdl: 3.5 },
        {
          timesDays: [7, 14, 42, 98, 154],
        },
      );
    expect(plain(sim(B.pk, B.pk.INFLIXIMAB_FASANMADE_2011))).toEqual(
      plain(sim({ simulate, infliximabRegimen }, INFLIXIMAB_FASANMADE_2011)),
    );
    const tube = { radiusMm: 3, lengthCm: 5, pressureDropPa: 100 };
    expect(B.stricture.tubeFlowMlMin(tube, { viscosityMPaS: 100 })).toBe(tubeFlowMlMin(tube, { viscosityMPaS: 100 }));
  });
});
