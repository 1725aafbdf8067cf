/**
 * Simulating a model under a regimen for one patient: chooses the exact closed
 * form for linear models and the RODAS4 integrator for nonlinear ones, applies
 * piecewise-constant covariates by restarting from the state at each change
 * point, and returns concentrations at the requested times.
 */
import { InputError } from "../core/errors";
import { pexp } from "../core/portable-math";
import { assertInRange, assertObject, assertOneOf, assertWithinLimit, optionsObject } from "../core/validate";
import { checkModel, checkRegimen, checkTimeDays, checkTimes, MAX_OUTPUT_TIMES } from "./check";
import { type CovariatePiece, covariatePieces } from "./covariates";
import { advanceLinear, type LinearCoefficients, linearCoefficients } from "./linear";
import { individualParameters } from "./models";
import { dopri5, newOdeStats, type OdeStats, rodas4, StiffnessDetected } from "./ode";
import { type Regimen, type ResolvedDose, resolveDoses } from "./regimen";
import { buildSystem } from "./systems";
import type { CovariateInput, IndividualParameters, PkModel } from "./types";

/**
 * Which solver to use. "auto": the closed form for linear models; for
 * nonlinear ones Dormand-Prince with Hairer's stiffness test, switching to
 * RODAS4 for the rest of the simulation when the problem turns stiff (the
 * strategy of lsoda, Petzold 1983, SIAM J Sci Stat Comput 4:136).
 */
export type SolverName = "auto" | "closed-form" | "rodas4" | "dopri5";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /**
   * Output times, days (sorted or not), at most {@link MAX_OUTPUT_TIMES}. Default: daily from the first
   * dose to 8 weeks after the last.
   */
  timesDays?: ArrayLike<number>;
  /** Random effects (log scale) by parameter name, e.g. `{ CL: 0.3 }`. Default none (typical patient). */
  etas?: Record<string, number>;
  /** Default "auto": closed form for linear models; Dormand-Prince switching to RODAS4 on stiffness otherwise. */
  solver?: SolverName;
  /** ODE relative tolerance, in [1e-13, 0.01]. Default 1e-8. */
  rtol?: number;
  /** ODE absolute tolerance (state units: mg, nmol, nM), in [1e-16, 1]. Default 1e-10. */
  atol?: number;
}

/** A simulated profile. Concentrations in ug/mL. */
export interface Simulation {
  timesDays: Float64Array;
  /**
   * Free (unbound) drug concentration, ug/mL. Whether an assay reads free or total drug depends on
   * the assay (see `DrugMeasure`); compare a measured level with the form its assay reads
   * (`totalUgMl` for total), as mapEstimate's `drugMeasure` option does.
   */
  concentrationUgMl: Float64Array;
  /** Total (free + target-bound) drug, ug/mL; same as free for non-TMDD models. */
  totalUgMl: Float64Array;
  /** Total target, nM (TMDD models); zeros otherwise. */
  targetNm: Float64Array;
  /** Free (unbound) central target, nM (TMDD models); zeros otherwise. */
  freeTargetNm: Float64Array;
  /** Free peripheral target, nM (double-target TMDD); zeros otherwise. */
  peripheralFreeTargetNm: Float64Array;
  /** Eliminated amount so far, mg (ODE solution of linear/MM models; mass-balance checks). NaN-free: zeros when not tracked. */
  eliminatedMg: Float64Array;
  doses: ResolvedDose[];
  /** Solver actually used ("rodas4" when "auto" switched to it). */
  solver: Exclude<SolverName, "auto">;
  /** Integrator statistics (ODE solvers). */
  stats?: OdeStats;
}

/** Parameters per covariate piece. */
export interface ParameterPiece {
  startDays: number;
  endDays: number;
  params: IndividualParameters;
}

/** Individual parameters on each covariate piece. */
export function parameterPieces(model: PkModel, pieces: CovariatePiece[], etas: Record<string, number> = {}): ParameterPiece[] {
  return pieces.map((pc) => ({ startDays: pc.startDays, endDays: pc.endDays, params: individualParameters(model, pc.covariates, etas) }));
}

function defaultTimes(doses: ResolvedDose[]): Float64Array {
  const last = doses.length ? doses[doses.length - 1].timeDays : 0;
  const end = Math.ceil(last + 56);
  const first = doses.length ? Math.floor(doses[0].timeDays) : 0;
  assertWithinLimit(
    end - first + 1,
    "default output times (daily from the first dose to 8 weeks after the last)",
    MAX_OUTPUT_TIMES,
    "give timesDays",
  );
  const out = new Float64Array(end - first + 1);
  for (let i = 0; i < out.length; i++) out[i] = first + i;
  return out;
}

function sortedTimes(times: ArrayLike<number>): { sorted: Float64Array; order: Int32Array | null } {
  const sorted = checkTimes(times, "timesDays");
  const n = sorted.length;
  let isSorted = true;
  for (let i = 1; i < n; i++) if (sorted[i] < sorted[i - 1]) isSorted = false;
  if (isSorted) return { sorted, order: null };
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => sorted[a] - sorted[b]);
  return { sorted: Float64Array.from(order, (i) => sorted[i]), order };
}

/**
 * Exact simulation of a linear model (closed form) on sorted times. Pieces must
 * cover the time range; returns central concentrations (ug/mL).
 * Events at the same time are handled as: outputs first (pre-dose levels), then doses.
 */
export function simulateLinearSorted(
  pieces: ReadonlyArray<{ startDays: number; endDays: number; coef: LinearCoefficients }>,
  doses: ResolvedDose[],
  times: Float64Array,
  out = new Float64Array(times.length),
): Float64Array {
  const s = new Float64Array(3);
  const nd = doses.length;
  // infusion end times and rates (small arrays)
  const infEnd: number[] = [];
  const infRate: number[] = [];
  let rate = 0;
  let pi = 0;
  while (pi < pieces.length - 1 && (nd ? doses[0].timeDays : times[0]) >= pieces[pi].endDays) pi++;
  let coef = pieces[pi].coef;
  let t = Math.min(nd ? doses[0].timeDays : Infinity, times.length ? times[0] : Infinity);
  let di = 0;
  let oi = 0;
  // outputs before anything happens are zero
  const nt = times.length;
  while (oi < nt && times[oi] < t) out[oi++] = 0;
  let pdt = -1;
  let pcoef: LinearCoefficients | undefined;
  let m11 = 1;
  let m12 = 0;
  let m21 = 0;
  let m22 = 1;
  while (oi < nt) {
    // next event time
    let next = times[oi];
    if (di < nd && doses[di].timeDays < next) next = doses[di].timeDays;
    for (let k = 0; k < infEnd.length; k++) if (infEnd[k] < next) next = infEnd[k];
    if (pieces[pi].endDays < next) next = pieces[pi].endDays;
    const dt = next - t;
    if (rate === 0 && s[0] === 0 && coef.twoCompartment) {
      // fast path: free decay, cached propagator exp(M dt)
      if (dt !== pdt || coef !== pcoef) {
        const ea = pexp(-coef.alpha * dt);
        const eb = pexp(-coef.beta * dt);
        const a = coef.p1;
        const b = coef.p2;
        m11 = ea * a[0] + eb * b[0];
        m12 = ea * a[1] + eb * b[1];
        m21 = ea * a[2] + eb * b[2];
        m22 = ea * a[3] + eb * b[3];
        pdt = dt;
        pcoef = coef;
      }
      const x1 = s[1];
      const x2 = s[2];
      s[1] = m11 * x1 + m12 * x2;
      s[2] = m21 * x1 + m22 * x2;
    } else advanceLinear(coef, s, dt, rate);
    t = next;
    // events at t: infusion ends, piece changes, outputs, then dose starts
    for (let k = infEnd.length - 1; k >= 0; k--) {
      if (infEnd[k] <= t) {
        infEnd.splice(k, 1);
        infRate.splice(k, 1);
        rate = 0;
        for (const r of infRate) rate += r;
      }
    }
    while (pi < pieces.length - 1 && pieces[pi].endDays <= t) {
      pi++;
      coef = pieces[pi].coef;
    }
    while (oi < nt && times[oi] <= t) out[oi++] = s[1] / coef.v1;
    while (di < nd && doses[di].timeDays <= t) {
      const d = doses[di++];
      if (d.route === "sc") s[0] += coef.f * d.amountMg;
      else if (d.durationDays > 0) {
        infEnd.push(t + d.durationDays);
        const r = d.amountMg / d.durationDays;
        infRate.push(r);
        rate += r;
      } else s[1] += d.amountMg;
    }
  }
  return out;
}

/** Checks the ODE tolerances of an options object (undefined keeps the solver's default). */
export function checkTolerances(o: { rtol?: unknown; atol?: unknown }): { rtol?: number; atol?: number } {
  return {
    rtol: o.rtol === undefined ? undefined : assertInRange(o.rtol, "rtol", 1e-13, 0.01),
    atol: o.atol === undefined ? undefined : assertInRange(o.atol, "atol", 1e-16, 1),
  };
}

/**
 * Simulates one patient. Linear models use the exact closed form (unless
 * another solver is asked for); Michaelis-Menten and TMDD models use Dormand-Prince,
 * switching to RODAS4 when the stiffness test fires (`solver: "auto"`).
 *
 * @throws InputError for a malformed model or regimen, a negative dose, a zero weight, albumin in
 * g/L (UnitError), more than {@link MAX_OUTPUT_TIMES} output times, etc.
 * @example
 * const sim = simulate(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 });
 * sim.timesDays[98] // 98
 * sim.concentrationUgMl[98] // 2.45 ug/mL at week 14, just before the first maintenance dose
 */
export function simulate(model: PkModel, regimen: Regimen, covariates: CovariateInput, options?: SimulateOptions): Simulation {
  checkModel(model);
  checkRegimen(regimen);
  const o = optionsObject(options);
  const tol = checkTolerances(o);
  let solver: SolverName = assertOneOf(o.solver ?? "auto", "solver", ["auto", "closed-form", "rodas4", "dopri5"] as const);
  const cp = covariatePieces(covariates, model.requiredCovariates);
  const doses = resolveDoses(regimen, cp);
  const pp = parameterPieces(model, cp, o.etas === undefined ? undefined : assertObject<Record<string, number>>(o.etas, "etas"));
  const { sorted, order } = sortedTimes(o.timesDays ?? defaultTimes(doses));
  if (solver === "auto" && model.structure === "linear") solver = "closed-form";
  if (solver === "closed-form" && model.structure !== "linear") {
    throw new InputError({ field: "options.solver", value: solver, expected: `an ODE solver for a ${model.structure} model` });
  }
  const n = sorted.length;
  let conc = new Float64Array(n);
  let total = new Float64Array(n);
  let target = new Float64Array(n);
  let freeTarget = new Float64Array(n);
  let peripheralFreeTarget = new Float64Array(n);
  let elim = new Float64Array(n);
  let stats: OdeStats | undefined;
  if (solver === "closed-form") {
    simulateLinearSorted(
      pp.map((q) => ({ startDays: q.startDays, endDays: q.endDays, coef: linearCoefficients(q.params) })),
      doses,
      sorted,
      conc,
    );
    total = conc.slice();
  } else {
    stats = newOdeStats();
    const r = simulateOdeSorted(model, pp, doses, sorted, solver, tol, stats);
    solver = r.solver;
    conc = r.conc;
    total = r.total;
    target = r.target;
    freeTarget = r.freeTarget;
    peripheralFreeTarget = r.peripheralFreeTarget;
    elim = r.elim;
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(conc[i]))
      throw new InputError(
        { field: "simulation", value: conc[i], expected: "finite concentrations" },
        `non-finite concentration at t = ${sorted[i]}`,
      );
  }
  if (order) {
    const unsort = (a: Float64Array) => {
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) b[order[i]] = a[i];
      return b;
    };
    return {
      timesDays: unsort(sorted),
      concentrationUgMl: unsort(conc),
      totalUgMl: unsort(total),
      targetNm: unsort(target),
      freeTargetNm: unsort(freeTarget),
      peripheralFreeTargetNm: unsort(peripheralFreeTarget),
      eliminatedMg: unsort(elim),
      doses,
      solver,
      stats,
    };
  }
  return {
    timesDays: sorted,
    concentrationUgMl: conc,
    totalUgMl: total,
    targetNm: target,
    freeTargetNm: freeTarget,
    peripheralFreeTargetNm: peripheralFreeTarget,
    eliminatedMg: elim,
    doses,
    solver,
    stats,
  };
}

/** ODE simulation on sorted output times (segment by segment between events). */
export function simulateOdeSorted(
  model: PkModel,
  pp: ParameterPiece[],
  doses: ResolvedDose[],
  times: Float64Array,
  solver: "rodas4" | "dopri5" | "auto",
  tol: { rtol?: number; atol?: number },
  stats: OdeStats = newOdeStats(),
): {
  conc: Float64Array;
  total: Float64Array;
  target: Float64Array;
  freeTarget: Float64Array;
  peripheralFreeTarget: Float64Array;
  elim: Float64Array;
  solver: "rodas4" | "dopri5";
} {
  const n = times.length;
  const conc = new Float64Array(n);
  const total = new Float64Array(n);
  const target = new Float64Array(n);
  const freeTarget = new Float64Array(n);
  const peripheralFreeTarget = new Float64Array(n);
  const elim = new Float64Array(n);
  const t0 = Math.min(doses.length ? doses[0].timeDays : Infinity, n ? times[0] : Infinity);
  let pi = 0;
  while (pi < pp.length - 1 && t0 >= pp[pi].endDays) pi++;
  const sys = buildSystem(model.structure, pp[pi].params, model.molecularWeightKDa, { depot: doses.some((d) => d.route === "sc") });
  const y = sys.initialState();
  const record = (i: number, yy: Float64Array) => {
    conc[i] = sys.freeUgMl(yy);
    total[i] = sys.totalUgMl(yy);
    target[i] = sys.targetNm(yy);
    if (sys.freeTargetNm) freeTarget[i] = sys.freeTargetNm(yy);
    if (sys.peripheralFreeTargetNm) peripheralFreeTarget[i] = sys.peripheralFreeTargetNm(yy);
    elim[i] = sys.eliminatedMg(yy);
  };
  let method: "rodas4" | "dopri5" = solver === "auto" ? "dopri5" : solver;
  const opts = { ...tol, jacobian: sys.jacobian, detectStiffness: solver === "auto" };
  const y0 = new Float64Array(y.length);
  // breakpoints
  const bps = new Set<number>();
  for (const d of doses) {
    bps.add(d.timeDays);
    if (d.durationDays > 0) bps.add(d.timeDays + d.durationDays);
  }
  for (const q of pp) if (Number.isFinite(q.startDays)) bps.add(q.startDays);
  if (n) bps.add(times[n - 1]);
  const points = [...bps].filter((b) => b >= t0).sort((a, b) => a - b);
  let t = t0;
  let oi = 0;
  while (oi < n && times[oi] < t0) {
    record(oi, y);
    oi++;
  }
  let di = 0;
  const infusions: Array<{ end: number; rate: number }> = [];
  for (const bp of points) {
    if (bp > t) {
      const onOut = (i: number, yy: Float64Array) => {
        if (times[i] < bp) record(i, yy);
      };
      if (method === "dopri5") {
        y0.set(y);
        const oi0 = oi;
        try {
          oi = dopri5(sys.rhs, y, t, bp, opts, stats, times, oi, onOut);
        } catch (e) {
          if (!(e instanceof StiffnessDetected)) throw e;
          // redo this segment with the stiff method, and keep it from now on
          method = "rodas4";
          y.set(y0);
          stats.lastH = 0;
          oi = rodas4(sys.rhs, y, t, bp, opts, stats, times, oi0, onOut);
        }
      } else oi = rodas4(sys.rhs, y, t, bp, opts, stats, times, oi, onOut);
      // outputs at exactly bp are recorded below, before doses at bp
      while (oi > 0 && oi <= n && times[oi - 1] >= bp) oi--;
      t = bp;
    }
    for (let k = infusions.length - 1; k >= 0; k--) if (infusions[k].end <= t) infusions.splice(k, 1);
    while (pi < pp.length - 1 && pp[pi].endDays <= t) {
      pi++;
      sys.setParameters(pp[pi].params);
    }
    while (oi < n && times[oi] <= t) record(oi++, y);
    while (di < doses.length && doses[di].timeDays <= t) {
      const d = doses[di++];
      if (d.route === "sc") sys.addDepot(y, d.amountMg);
      else infusions.push({ end: t + d.durationDays, rate: d.amountMg / d.durationDays });
    }
    sys.rateMgDay = infusions.reduce((a, b) => a + b.rate, 0);
  }
  while (oi < n) record(oi++, y);
  return { conc, total, target, freeTarget, peripheralFreeTarget, elim, solver: method };
}

/** One predicted trough. */
export interface Trough {
  /** Time of the dose the trough precedes, days. */
  timeDays: number;
  troughUgMl: number;
}

/**
 * Predicted troughs: the concentration just before each dose after the first
 * (and, with `includeEnd`, at `endDays`).
 * @example
 * const troughs = predictTroughs(INFLIXIMAB_FASANMADE_2009, infliximabRegimen(), { weightKg: 70, albuminGdl: 4 });
 * troughs[2] // { timeDays: 98, troughUgMl: 2.45 }: before the first maintenance dose
 */
export function predictTroughs(
  model: PkModel,
  regimen: Regimen,
  covariates: CovariateInput,
  options?: Omit<SimulateOptions, "timesDays"> & { endDays?: number },
): Trough[] {
  checkModel(model);
  checkRegimen(regimen);
  const o = optionsObject(options);
  const times = [...new Set(regimen.doses.map((d) => d.timeDays))].sort((a, b) => a - b).slice(1);
  if (o.endDays !== undefined) times.push(checkTimeDays(o.endDays, "endDays"));
  const { endDays: _endDays, ...simOptions } = o;
  const sim = simulate(model, regimen, covariates, { ...simOptions, timesDays: times });
  return times.map((t, i) => ({ timeDays: t, troughUgMl: sim.concentrationUgMl[i] }));
}
