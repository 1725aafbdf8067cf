/**
 * Dosing regimens as data: a list of dose events (IV infusions with a
 * duration, SC doses absorbed first-order), with builders for the labelled
 * schedules (infliximab induction + maintenance, intensification) and custom
 * schedules. Doses in mg/kg are resolved with the weight in force at the dose.
 */
import { InputError } from "../core/errors";
import {
  assertCount,
  assertNonNegative,
  assertObject,
  assertOneOf,
  assertPositive,
  assertString,
  assertWithinLimit,
  optionalBoolean,
  optionalString,
  optionsObject,
} from "../core/validate";
import { checkDoses, checkRegimen, checkTimeDays, MAX_DOSES } from "./check";
import { type CovariatePiece, covariatesAt } from "./covariates";
import type { DoseEvent, Regimen } from "./types";

export type { DoseEvent, Regimen } from "./types";

/** A dose with its amount resolved, ready for the solvers. */
export interface ResolvedDose {
  timeDays: number;
  amountMg: number;
  route: "iv" | "sc";
  /** Infusion duration (days); 0 for SC or bolus. */
  durationDays: number;
}

/** Default IV infusion duration: 2 hours (infliximab label: "over a period of not less than 2 hours"). */
export const DEFAULT_INFUSION_DAYS = 2 / 24;

/**
 * Checks a regimen and resolves mg/kg doses with the weight in force at each dose.
 * @throws InputError for a negative or missing dose, bad time or duration.
 */
export function resolveDoses(regimen: Regimen, pieces: CovariatePiece[]): ResolvedDose[] {
  const doses = checkDoses(checkRegimen(regimen).doses, "regimen.doses");
  const out = doses.map((d, i) => {
    const f = `regimen.doses[${i}]`;
    const amount =
      d.amountMg !== undefined ? d.amountMg : assertNonNegative(d.mgPerKg, `${f}.mgPerKg`) * covariatesAt(pieces, d.timeDays).weightKg;
    const dur = d.route === "iv" ? assertPositive(d.infusionDays ?? DEFAULT_INFUSION_DAYS, `${f}.infusionDays`) : 0;
    return { timeDays: d.timeDays, amountMg: amount, route: d.route, durationDays: dur };
  });
  out.sort((a, b) => a.timeDays - b.timeDays);
  return out;
}

/** Options of {@link infliximabRegimen}. */
export interface InfliximabRegimenOptions {
  /** Maintenance dose, mg/kg. Default 5. */
  mgPerKg?: number;
  /** Induction dose, mg/kg (weeks 0, 2, 6). Default 5. */
  inductionMgPerKg?: number;
  /** Maintenance interval, weeks. Default 8. */
  intervalWeeks?: number;
  /** Include induction at weeks 0, 2, 6 (maintenance then starts at week 14). Default true. */
  induction?: boolean;
  /** Last week at which a dose may start. Default 52. */
  untilWeeks?: number;
  /** Infusion duration, days. Default 2 h. */
  infusionDays?: number;
}

/**
 * Infliximab IV: induction 5 mg/kg at weeks 0, 2 and 6, then maintenance every
 * 8 weeks from week 14 (Remicade prescribing information, Janssen, sections
 * 2.1-2.2). Intensification: `{ mgPerKg: 10 }` and/or `{ intervalWeeks: 4 }`.
 * Without induction, maintenance doses start at day 0.
 * @throws InputError for a dose or interval that is not a positive number, a negative `untilWeeks`,
 * or a schedule of more than {@link MAX_DOSES} doses (a tiny interval or a huge `untilWeeks`).
 * @example infliximabRegimen({ untilWeeks: 54 }).doses.map(d => d.timeDays / 7) // [0, 2, 6, 14, 22, ...]
 */
export function infliximabRegimen(options?: InfliximabRegimenOptions): Regimen {
  const o = optionsObject(options);
  const mgPerKg = assertPositive(o.mgPerKg ?? 5, "mgPerKg");
  const inductionMgPerKg = assertPositive(o.inductionMgPerKg ?? 5, "inductionMgPerKg");
  const interval = assertPositive(o.intervalWeeks ?? 8, "intervalWeeks");
  const until = assertNonNegative(o.untilWeeks ?? 52, "untilWeeks");
  checkTimeDays(until * 7, "untilWeeks");
  const induction = optionalBoolean(o.induction, "induction") ?? true;
  const infusionDays = o.infusionDays === undefined ? undefined : assertPositive(o.infusionDays, "infusionDays");
  const first = induction ? 14 : 0;
  const maintenance = until + 1e-9 >= first ? Math.floor((until + 1e-9 - first) / interval) + 1 : 0;
  assertWithinLimit((induction ? 3 : 0) + maintenance, "doses", MAX_DOSES, "lengthen intervalWeeks or shorten untilWeeks");
  const doses: DoseEvent[] = [];
  const iv = (w: number, mgkg: number): DoseEvent => ({ timeDays: w * 7, mgPerKg: mgkg, route: "iv", infusionDays });
  let w = 0;
  if (induction) {
    for (const iw of [0, 2, 6]) if (iw <= until) doses.push(iv(iw, inductionMgPerKg));
    w = 14;
  }
  for (let i = 0; i < maintenance; i++) doses.push(iv(w + i * interval, mgPerKg));
  const name = `infliximab ${induction ? "induction + " : ""}${mgPerKg} mg/kg q${interval}w`;
  return { name, doses, maintenance: { mgPerKg, intervalDays: interval * 7 } };
}

/** Options of {@link repeatedRegimen}. */
export interface RepeatedRegimenOptions {
  route: "iv" | "sc";
  /** Flat dose, mg (give this or `mgPerKg`). */
  amountMg?: number;
  /** Weight-based dose, mg/kg (give this or `amountMg`). */
  mgPerKg?: number;
  intervalDays: number;
  /** Number of doses: an integer from 0 to {@link MAX_DOSES} (loading doses included). */
  count: number;
  /** First dose time, days. Default 0. */
  startDays?: number;
  /** Loading doses before the repeated ones (e.g. adalimumab 160 / 80 mg). */
  loading?: DoseEvent[];
  infusionDays?: number;
  name?: string;
}

/**
 * A repeated schedule (IV or SC), optionally after loading doses.
 * @throws InputError for a missing or unknown route, not exactly one of `amountMg`/`mgPerKg`, an
 * interval that is not a positive number, a `count` that is not a whole number of doses, or a
 * schedule of more than {@link MAX_DOSES} doses.
 * @example
 * // adalimumab 40 mg every other week for a year
 * const ada = repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 26 });
 * ada.name // "40 mg SC every 14 days"
 * ada.doses.map((d) => d.timeDays) // [0, 14, 28, ...]
 */
export function repeatedRegimen(o: RepeatedRegimenOptions): Regimen {
  const opts = assertObject<RepeatedRegimenOptions>(o, "options");
  const route = assertOneOf(opts.route, "route", ["iv", "sc"] as const);
  const interval = assertPositive(opts.intervalDays, "intervalDays");
  const loading = opts.loading === undefined ? [] : checkDoses(opts.loading, "loading");
  const count = assertCount(
    opts.count,
    "count",
    0,
    MAX_DOSES - loading.length,
    `at most ${MAX_DOSES} doses in a regimen, loading doses included`,
  );
  const start = checkTimeDays(opts.startDays ?? 0, "startDays");
  if (count > 0) checkTimeDays(start + (count - 1) * interval, "last dose time (startDays + (count - 1) * intervalDays)");
  if ((opts.amountMg === undefined) === (opts.mgPerKg === undefined)) {
    throw new InputError({ field: "amountMg", value: opts.amountMg, expected: "exactly one of amountMg or mgPerKg" });
  }
  const amountMg = opts.amountMg === undefined ? undefined : assertNonNegative(opts.amountMg, "amountMg");
  const mgPerKg = opts.mgPerKg === undefined ? undefined : assertNonNegative(opts.mgPerKg, "mgPerKg");
  const infusionDays = opts.infusionDays === undefined ? undefined : assertPositive(opts.infusionDays, "infusionDays");
  const name = optionalString(opts.name, "name");
  const doses: DoseEvent[] = [...loading];
  for (let i = 0; i < count; i++) {
    const d: DoseEvent = { timeDays: start + i * interval, route, infusionDays };
    if (amountMg !== undefined) d.amountMg = amountMg;
    if (mgPerKg !== undefined) d.mgPerKg = mgPerKg;
    doses.push(d);
  }
  const amount = amountMg !== undefined ? `${amountMg} mg` : `${mgPerKg} mg/kg`;
  return {
    name: name ?? `${amount} ${route.toUpperCase()} every ${interval} days`,
    doses,
    maintenance: { mgPerKg, amountMg, intervalDays: interval },
  };
}

/**
 * A custom schedule from a list of doses (each copied and checked: a time, a route, exactly one of
 * `amountMg` or `mgPerKg`, an optional infusion duration).
 * @throws InputError for a name that is not a non-empty string, or a malformed dose (named
 * `regimen.doses[i]`, as simulate() names it).
 * @example
 * const rescue = customRegimen("rescue", [{ timeDays: 0, mgPerKg: 10, route: "iv" }, { timeDays: 14, mgPerKg: 10, route: "iv" }]);
 * rescue.doses[1] // { timeDays: 14, mgPerKg: 10, route: "iv" }
 */
export function customRegimen(name: string, doses: DoseEvent[]): Regimen {
  const n = assertString(name, "name");
  // named as in the regimen it builds, so the message matches the one simulate() gives for the same dose
  return { name: n, doses: checkDoses(doses, "regimen.doses") };
}

/**
 * Concatenates a history (doses already given) with a future schedule shifted to start at `startDays`.
 * @throws InputError for a malformed regimen, a start or end time that is not finite, or a combined
 * schedule of more than {@link MAX_DOSES} doses.
 * @example
 * const history = infliximabRegimen({ untilWeeks: 6 }); // induction at weeks 0, 2 and 6
 * const plan = continueRegimen(history, infliximabRegimen({ induction: false, mgPerKg: 10, intervalWeeks: 6, untilWeeks: 12 }), 98);
 * plan.doses.map((d) => d.timeDays) // [0, 14, 42, 98, 140, 182]
 * plan.doses.map((d) => d.mgPerKg) // [5, 5, 5, 10, 10, 10]
 */
export function continueRegimen(history: Regimen, future: Regimen, startDays: number, untilDays?: number): Regimen {
  const h = checkRegimen(history, "history");
  const f = checkRegimen(future, "future");
  const start = checkTimeDays(startDays, "startDays");
  const until = untilDays === undefined ? undefined : checkTimeDays(untilDays, "untilDays");
  const shifted = checkDoses(f.doses, "future.doses")
    .map((d, i) => ({ ...d, timeDays: checkTimeDays(d.timeDays + start, `future.doses[${i}].timeDays + startDays`) }))
    .filter((d) => until === undefined || d.timeDays <= until);
  const past = checkDoses(h.doses, "history.doses");
  assertWithinLimit(past.length + shifted.length, "doses", MAX_DOSES, "split the schedule");
  const name = `${h.name ?? "history"}, then ${f.name ?? "future"}`;
  return { name, doses: [...past, ...shifted], maintenance: f.maintenance };
}
