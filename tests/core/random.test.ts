import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors";
import { createRng, gammaVariate, resolveRng } from "../../src/core/random";

describe("createRng", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it("keeps a fixed stream across releases (sample data depends on it)", () => {
    // First three uniforms of seed 1, recorded when the generator was written.
    // If this changes, every generated dataset in data/ changes too.
    const r = createRng(1);
    const first = [r.uniform(), r.uniform(), r.uniform()];
    expect(first.map((x) => x.toFixed(12))).toMatchSnapshot();
  });

  it("draws uniforms in [0, 1) and normals with the right moments", () => {
    const r = createRng(2026);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = r.normal(10, 2);
      sum += z;
      sumSq += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    // Standard error of the mean is 2/sqrt(2e5) ~ 0.0045; 5 SE bounds.
    expect(Math.abs(mean - 10)).toBeLessThan(0.023);
    expect(Math.abs(sd - 2)).toBeLessThan(0.02);
  });

  it("rejects a non-integer seed", () => {
    expect(() => createRng(1.5)).toThrow(InputError);
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
  });

  it("resolveRng prefers an explicit rng, then the seed, then the default", () => {
    const rng = createRng(3);
    expect(resolveRng({ rng, seed: 9 }, 1)).toBe(rng);
    expect(resolveRng({ seed: 9 }, 1).uniform()).toBe(createRng(9).uniform());
    expect(resolveRng(undefined, 1).uniform()).toBe(createRng(1).uniform());
  });
});

describe("gammaVariate and resolveRng (issue 14)", () => {
  it("gamma variates have the gamma mean and variance (shape 0.5, 3 and 500, 4 Monte Carlo SEs)", () => {
    const rng = createRng(5);
    const n = 20000;
    for (const shape of [0.5, 3, 500]) {
      let s = 0;
      let q = 0;
      for (let i = 0; i < n; i++) {
        const g = gammaVariate(rng, shape);
        s += g;
        q += g * g;
      }
      const mean = s / n;
      const variance = q / n - mean * mean;
      expect(Math.abs(mean - shape)).toBeLessThan(4 * Math.sqrt(shape / n));
      expect(Math.abs(variance - shape) / shape).toBeLessThan(0.1);
    }
    expect(() => gammaVariate(rng, 0)).toThrow(InputError);
    expect(() => gammaVariate(rng, Number.NaN)).toThrow(InputError);
  });

  it("refuses an rng that is not a generator, and a seed that is not an integer", () => {
    expect(() => resolveRng({ rng: {} as never }, 1)).toThrow(/rng: got \{\}, expected a generator made by createRng/);
    expect(() => resolveRng({ seed: 2.5 }, 1)).toThrow(InputError);
  });
});
