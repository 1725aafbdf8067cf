// The check shared by the figure tests of every module (issue #17 item 5): a log axis labels each tick with
// its full value. Plotly's automatic log ticks (dtick "D1"/"D2", the default on an axis spanning a few
// decades) print 20, 50, 200 as a small "2" and "5", so a reader takes 50 for 5; the toolkit's axes use
// logAxis (src/plot/figure.ts): explicit tickvals whose ticktext reads back as the tick's value.
import { expect } from "vitest";
import type { Figure } from "../../src/plot/figure";

// biome-ignore lint/suspicious/noExplicitAny: plotly layouts are untyped JSON read back in tests
type Axis = Record<string, any>;

/** The value a tick label says: a plain number ("50", "0.002") or plotly's power form ("2×10<sup>−5</sup>"). */
export function labelValue(text: string): number {
  const power = /^(?:(\d+(?:\.\d+)?)×)?10<sup>(−?)(\d+)<\/sup>$/.exec(text);
  if (power) return Number(power[1] ?? 1) * 10 ** ((power[2] ? -1 : 1) * Number(power[3]));
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/** Every layout axis of type "log", by name (xaxis, yaxis2, ...). */
export function logAxes(fig: Figure): [string, Axis][] {
  return Object.entries(fig.layout).filter(([k, v]) => /^[xy]axis\d*$/.test(k) && (v as Axis)?.type === "log") as [string, Axis][];
}

/**
 * Checks that every log axis of the figure labels only full values: either explicit ticks whose every label reads
 * back as its tick value (to 1e-12), or one label per decade (`dtick: 1`); never "D1"/"D2", never labelled minor
 * ticks. Returns how many log axes were checked, so a caller can also assert that the axis is a log axis at all.
 */
export function expectReadableLogAxes(fig: Figure): number {
  const axes = logAxes(fig);
  for (const [name, axis] of axes) {
    expect(["D1", "D2"], `${name}.dtick`).not.toContain(axis.dtick);
    if (axis.tickmode === "array") {
      const vals = axis.tickvals as number[];
      const text = axis.ticktext as string[];
      expect(Array.isArray(vals) && vals.length > 0, `${name}.tickvals`).toBe(true);
      expect(text, `${name}.ticktext`).toHaveLength(vals.length);
      vals.forEach((v, i) => {
        const said = labelValue(text[i]);
        expect(Math.abs(said - v), `${name}: label "${text[i]}" at tick ${v}`).toBeLessThanOrEqual(1e-12 * v);
      });
    } else {
      expect(axis.dtick, `${name}: neither explicit ticks nor one label per decade`).toBe(1);
    }
    expect(axis.minor?.ticktext, `${name}.minor has no labels`).toBeUndefined();
  }
  return axes.length;
}
