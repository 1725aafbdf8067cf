/**
 * Dosing regimens as data: a list of dose events (IV infusions with a
 * duration, SC doses absorbed first-order), with builders for the labelled
 * schedules (infliximab induction + maintenance, intensification) and custom
 * schedules. Doses in mg/kg are resolved with the weight in force at the dose.
 */
import { InputError } from "../core/errors";
import { assertFinite, assertNonNegative, assertPositive } from "../core/validate";
import { type CovariatePiece, covariatesAt } from "./covariates";

/** One dose. Give exactly one of `amountMg` or `mgPerKg`. */
export interface DoseEvent {
  /** Start of the dose, days after the first dose of the regimen (or any origin shared with observations). */
  timeDays: number;
  amountMg?: number;
  mgPerKg?: number;
  /** "iv" infusion into the central compartment, or "sc" into the absorption depot. */
  route: "iv" | "sc";
  /** Infusion duration, days (IV only). Default 2 h = 1/12 day. */
  infusionDays?: number;
}

/** A named schedule of doses. */
export interface Regimen {
  name: string;
  doses: DoseEvent[];
  /** Maintenance dose and interval, when the regimen has them (used to rank intensity). */
  maintenance?: { mgPerKg?: number; amountMg?: number; intervalDays: number };
}

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
  if (!regimen || !Array.isArray(regimen.doses))
    throw new InputError({ field: "regimen.doses", value: regimen, expected: "an array of dose events" });
  const out = regimen.doses.map((d, i) => {
    const f = `regimen.doses[${i}]`;
    assertFinite(d.timeDays, `${f}.timeDays`);
    if (d.route !== "iv" && d.route !== "sc") throw new InputError({ field: `${f}.route`, value: d.route, expected: '"iv" or "sc"' });
    if ((d.amountMg === undefined) === (d.mgPerKg === undefined)) {
      throw new InputError({ field: f, value: d, expected: "exactly one of amountMg or mgPerKg" });
    }
    let amount: number;
    if (d.amountMg !== undefined) amount = assertNonNegative(d.amountMg, `${f}.amountMg`);
    else amount = assertNonNegative(d.mgPerKg, `${f}.mgPerKg`) * covariatesAt(pieces, d.timeDays).weightKg;
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
 * @example infliximabRegimen({ untilWeeks: 54 }).doses.map(d => d.timeDays / 7) // [0, 2, 6, 14, 22, ...]
 */
export function infliximabRegimen(options: InfliximabRegimenOptions = {}): Regimen {
  const mgPerKg = assertPositive(options.mgPerKg ?? 5, "mgPerKg");
  const inductionMgPerKg = assertPositive(options.inductionMgPerKg ?? 5, "inductionMgPerKg");
  const interval = assertPositive(options.intervalWeeks ?? 8, "intervalWeeks");
  const until = assertNonNegative(options.untilWeeks ?? 52, "untilWeeks");
  const induction = options.induction ?? true;
  const doses: DoseEvent[] = [];
  const iv = (w: number, mgkg: number): DoseEvent => ({ timeDays: w * 7, mgPerKg: mgkg, route: "iv", infusionDays: options.infusionDays });
  let w = 0;
  if (induction) {
    for (const iw of [0, 2, 6]) if (iw <= until) doses.push(iv(iw, inductionMgPerKg));
    w = 14;
  }
  for (; w <= until + 1e-9; w += interval) doses.push(iv(w, mgPerKg));
  const name = `infliximab ${induction ? "induction + " : ""}${mgPerKg} mg/kg q${interval}w`;
  return { name, doses, maintenance: { mgPerKg, intervalDays: interval * 7 } };
}

/** Options of {@link repeatedRegimen}. */
export interface RepeatedRegimenOptions {
  route: "iv" | "sc";
  amountMg?: number;
  mgPerKg?: number;
  intervalDays: number;
  /** Number of doses. */
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
 * @example repeatedRegimen({ route: "sc", amountMg: 40, intervalDays: 14, count: 26 }) // adalimumab 40 mg every other week
 */
export function repeatedRegimen(o: RepeatedRegimenOptions): Regimen {
  const interval = assertPositive(o.intervalDays, "intervalDays");
  const count = assertNonNegative(o.count, "count");
  const start = o.startDays ?? 0;
  const doses: DoseEvent[] = [...(o.loading ?? [])];
  for (let i = 0; i < count; i++) {
    const d: DoseEvent = { timeDays: start + i * interval, route: o.route, infusionDays: o.infusionDays };
    if (o.amountMg !== undefined) d.amountMg = o.amountMg;
    if (o.mgPerKg !== undefined) d.mgPerKg = o.mgPerKg;
    doses.push(d);
  }
  const amount = o.amountMg !== undefined ? `${o.amountMg} mg` : `${o.mgPerKg} mg/kg`;
  return {
    name: o.name ?? `${amount} ${o.route.toUpperCase()} every ${interval} days`,
    doses,
    maintenance: { mgPerKg: o.mgPerKg, amountMg: o.amountMg, intervalDays: interval },
  };
}

/** A custom schedule from a list of doses. */
export function customRegimen(name: string, doses: DoseEvent[]): Regimen {
  return { name, doses: doses.map((d) => ({ ...d })) };
}

/**
 * Concatenates a history (doses already given) with a future schedule shifted to start at `startDays`.
 * @example continueRegimen(history, infliximabRegimen({ induction: false, mgPerKg: 10 }), 126)
 */
export function continueRegimen(history: Regimen, future: Regimen, startDays: number, untilDays?: number): Regimen {
  const shifted = future.doses
    .map((d) => ({ ...d, timeDays: d.timeDays + startDays }))
    .filter((d) => untilDays === undefined || d.timeDays <= untilDays);
  return { name: `${history.name}, then ${future.name}`, doses: [...history.doses, ...shifted], maintenance: future.maintenance };
}
