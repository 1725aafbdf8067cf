// A generator for tests that replays given standard-normal deviates in order, so that a simulation can
// be compared draw for draw with a reference computed from the same deviates (numpy in
// tests/fixtures/py/population.py and omega.py): normal(mean, sd) = mean + sd z[k]. Any other kind of
// draw, or one more than given, throws.
import type { Rng } from "../../src/core/random";

export function replayRng(z: number[]): Rng & { used: () => number } {
  let k = 0;
  const none = (): never => {
    throw new Error("population simulation should draw only normal deviates");
  };
  return {
    normal: (mean = 0, sd = 1) => {
      if (k >= z.length) throw new Error(`more than the ${z.length} deviates of the fixture were drawn`);
      return mean + sd * z[k++];
    },
    uniform: none,
    lognormal: none,
    int: none,
    bernoulli: none,
    fork: none,
    used: () => k,
  };
}
