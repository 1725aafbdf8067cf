// live(): what a notebook cell sends. The two scripts (plotly.js and the ibd-lab bundle) go to the page once
// per kernel session, each as an output of its own that tslab's newDisplay() replaces by a hidden marker, so
// a notebook saved from Jupyter does not carry 5 MB (issue 17 item 2); the calculator's own output is small
// and loads what the page lacks from the Jupyter server. The browser side is tested in Jupyter's UI
// (tests/browser/jupyter-ui.test.ts).
import { afterEach, describe, expect, it } from "vitest";
import { EnvironmentError, InputError } from "../../src/core/errors";
import { live, liveHtml } from "../../src/live/show";
import { resetShow } from "../../src/plot/show";

afterEach(() => resetShow());

function recorder() {
  const outputs: string[][] = [];
  return {
    outputs,
    target: {
      display: { html: (s: string) => outputs.push([s]) },
      newDisplay: () => {
        const versions: string[] = [];
        outputs.push(versions);
        return { html: (s: string) => versions.push(s) };
      },
    },
  };
}

describe("live", () => {
  it("sends plotly.js and the bundle once per session, each replaced by its marker, then the calculator", () => {
    const before = process.env.IBD_LAB_INLINE_ASSETS;
    delete process.env.IBD_LAB_INLINE_ASSETS;
    try {
      const { outputs, target } = recorder();
      live("occupancy", { target });
      expect(outputs).toHaveLength(3);
      expect(outputs[0][0]).toContain("plotly.js v");
      expect(outputs[0][1]).toBe('<div class="ibd-asset" data-ibd-asset="plotly" style="display:none"></div>');
      expect(outputs[1][0]).toContain("window.IbdLab=IbdLab");
      expect(outputs[1][1]).toBe('<div class="ibd-asset" data-ibd-asset="ibd-lab-bundle" style="display:none"></div>');
      expect(outputs[2]).toHaveLength(1);
      expect(outputs[2][0]).toContain('data-ibd-live="occupancy"');
      expect(outputs[2][0]).not.toContain("plotly.js v");
      expect(outputs[2][0]).not.toContain("window.IbdLab=IbdLab");
      // the calculator asks the Jupyter server for what the page lacks, by file name and content hash
      expect(outputs[2][0]).toMatch(/ibdLabAsset\("plotly\.min\.js","Plotly","[0-9a-f]{12}"\)/);
      expect(outputs[2][0]).toMatch(/ibdLabAsset\("ibd-lab\.js","IbdLab","[0-9a-f]{12}"\)/);
      live("post-test", { target });
      expect(outputs).toHaveLength(4);
      expect(outputs[3][0]).toContain('data-ibd-live="post-test"');
      // includeScripts: true resends both, false sends none
      live("post-test", { target, includeScripts: true });
      expect(outputs).toHaveLength(7);
      live("post-test", { target, includeScripts: false });
      expect(outputs).toHaveLength(8);
    } finally {
      if (before !== undefined) process.env.IBD_LAB_INLINE_ASSETS = before;
    }
  });

  it("the starting result is in the output as text, for a page whose scripts do not run", () => {
    const html = liveHtml("post-test", { values: { pretestProbability: 0.3 }, includeScripts: false });
    expect(html).toContain("This calculator recomputes in the page");
    expect(html).toContain('"values":{"pretestProbability":0.3}');
  });

  it("an unknown calculator or input is an InputError; outside a kernel an EnvironmentError that says where to run", () => {
    const { target } = recorder();
    expect(() => live("nope" as never, { target })).toThrow(InputError);
    expect(() => live("occupancy", { target, values: { nope: 1 } as never })).toThrow(/values\.nope/);
    expect(() => live("occupancy", { target: {} as never })).toThrow(/target/);
    let err: unknown;
    try {
      live("occupancy");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/live\(\) must run in a tslab notebook.*liveHtml/);
  });
});
