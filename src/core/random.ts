/**
 * Seeded pseudo-random numbers. Every simulation and every sample dataset in
 * ibd-lab draws from an {@link Rng} made here and passed in explicitly
 * (`{ seed }` or `{ rng }` options); there is no global generator.
 *
 * Hand-written on purpose: the sample data must be byte-identical across
 * installs, so the stream cannot depend on a dependency's release. The
 * generator is xoshiro128** (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47:36), seeded through SplitMix32;
 * normals use the Marsaglia polar method (Marsaglia & Bray 1964, SIAM Rev 6:260).
 */
import { InputError } from "./errors";
import { pexp, pln, ppow } from "./portable-math";

/** A seeded generator of uniform and normal deviates. */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal, or normal with the given mean and sd. */
  normal(mean?: number, sd?: number): number;
  /** Log-normal whose log has the given mean and sd. */
  lognormal(meanLog: number, sdLog: number): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** Bernoulli trial with probability p. */
  bernoulli(p: number): boolean;
  /** An independent generator derived from this one (for parallel streams). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Makes a generator from an integer seed.
 * @example
 * const first = createRng(42).normal(); // 0.3188: the same value on every machine and every run
 * createRng(42).normal() === first // true (a seed is a reproducible analysis)
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new InputError({ field: "seed", value: seed, expected: "an integer" });
  }
  const sm = splitmix32(seed);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | undefined;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const uniform = (): number => {
    // 53-bit resolution from two 32-bit outputs.
    const hi = nextU32() >>> 5;
    const lo = nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const stdNormal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * pln(s)) / s);
    spare = v * m;
    return u * m;
  };
  const rng: Rng = {
    uniform,
    normal: (mean = 0, sd = 1) => mean + sd * stdNormal(),
    lognormal: (meanLog, sdLog) => pexp(meanLog + sdLog * stdNormal()),
    int: (n) => Math.floor(uniform() * n),
    bernoulli: (p) => uniform() < p,
    fork: () => createRng(nextU32() ^ 0x5bd1e995),
  };
  return rng;
}

/**
 * A gamma(shape, scale 1) variate drawn from a generator, by the squeeze method of Marsaglia &
 * Tsang (2000, "A simple method for generating gamma variables", ACM TOMS 26:363) for shape >= 1,
 * and the boost gamma(a) = gamma(a + 1)·U^(1/a) for shape < 1 (same paper, section 6). A
 * chi-square variate with k degrees of freedom is 2·gammaVariate(rng, k/2).
 * @throws InputError for a shape that is not a finite number > 0.
 * @example 2 * gammaVariate(createRng(1), 4.5) // chi-square with 9 df
 */
export function gammaVariate(rng: Rng, shape: number): number {
  if (typeof shape !== "number" || !Number.isFinite(shape) || shape <= 0) {
    throw new InputError({ field: "shape", value: shape, expected: "a finite number > 0" });
  }
  if (shape < 1) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform();
    return gammaVariate(rng, shape + 1) * ppow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && pln(u) < 0.5 * x * x + d * (1 - v + pln(v))) return d * v;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Resolves the `{ seed, rng }` pair every simulation accepts; `rng` wins, else `seed` (default given).
 * @throws InputError for a seed that is not an integer, or an `rng` that is not a generator
 * (an object with `uniform`, `normal`, `lognormal`, `int`, `bernoulli` and `fork` functions, as {@link createRng} makes).
 */
export function resolveRng(options: { seed?: number; rng?: Rng } | undefined, defaultSeed: number): Rng {
  const rng = options?.rng;
  if (rng !== undefined) {
    const r = rng as unknown as Record<string, unknown> | null;
    if (r === null || typeof r !== "object" || RNG_METHODS.some((m) => typeof r[m] !== "function")) {
      throw new InputError({ field: "rng", value: rng, expected: "a generator made by createRng(seed)" });
    }
    return rng;
  }
  return createRng(options?.seed ?? defaultSeed);
}

const RNG_METHODS = ["uniform", "normal", "lognormal", "int", "bernoulli", "fork"] as const;
