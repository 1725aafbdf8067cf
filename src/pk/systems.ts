/**
 * Right-hand sides of the PK models as ODE systems, for the integrators in `ode.ts`: one file per
 * model structure in `systems/`, each exporting its builder, and {@link SYSTEM_BUILDERS}, the table
 * keyed by {@link ModelStructure} that {@link buildSystem} reads (no switch on the structure).
 * Adding a structure is one new file in `systems/`, one member of `ModelStructure` (`types.ts`)
 * and one row of the table; the type `Record<ModelStructure, SystemBuilder>` makes a missing row a
 * compile error.
 *
 * - linear, michaelis-menten: `systems/michaelis-menten.ts` (amounts in mg)
 * - tmdd-qss: `systems/tmdd-qss.ts`; tmdd-qe: `systems/tmdd-qe.ts` (Gibiansky 2008; nmol and nM)
 * - tmdd-full: `systems/tmdd-full.ts` (Mager & Jusko 2001)
 * - tmdd-qss-double: `systems/tmdd-qss-double.ts` (Ternant 2021)
 *
 * Shared helpers sit below every system and import none of them: `systems/system.ts` (the
 * {@link PkSystem} interface) and `systems/qss.ts` (QSS algebra). The dispatcher is this file
 * beside the folder, not a `systems/index.ts`: `from "./systems"` resolves to `systems.ts` (or
 * `.js`) before `systems/index`, so a `dist/pk/systems.js` left by an earlier build would shadow an
 * index file and run stale code.
 */
import { InputError } from "../core/errors";
import { buildLinearOdeSystem, buildMichaelisMentenSystem } from "./systems/michaelis-menten";
import type { PkSystem, SystemOptions, SystemTable } from "./systems/system";
import { buildTmddFullSystem } from "./systems/tmdd-full";
import { buildTmddQeSystem } from "./systems/tmdd-qe";
import { buildTmddQssSystem } from "./systems/tmdd-qss";
import { buildDoubleQssSystem } from "./systems/tmdd-qss-double";
import type { IndividualParameters, ModelStructure } from "./types";

export { qssFree, qssFreeNm, qssFreeTargetNm } from "./systems/qss";
export type { PkSystem, SystemBuilder, SystemOptions, SystemTable } from "./systems/system";

/** The system builder of each model structure. */
export const SYSTEM_BUILDERS: SystemTable = Object.freeze({
  linear: buildLinearOdeSystem,
  "michaelis-menten": buildMichaelisMentenSystem,
  "tmdd-qss": buildTmddQssSystem,
  "tmdd-qe": buildTmddQeSystem,
  "tmdd-full": buildTmddFullSystem,
  "tmdd-qss-double": buildDoubleQssSystem,
});

/**
 * Builds the ODE system of a model structure, looked up in {@link SYSTEM_BUILDERS}. With
 * `depot: false` (IV-only regimens) the absorption compartment is left out, so every state index
 * above shifts down by one; the solvers never see the difference.
 * @throws InputError for a structure with no system, or parameters the structure cannot use.
 * @example
 * const p = individualParameters(INFLIXIMAB_BERENDS_2019_QSS, { weightKg: 70, albuminGdl: 3.8 });
 * const sys = buildSystem("tmdd-qss", p, 149.1, { depot: false });
 * sys.dim // 3
 * Array.from(sys.initialState()) // [0, 0, 0.000381]
 */
export function buildSystem(
  structure: ModelStructure,
  p0: IndividualParameters,
  molecularWeightKDa: number,
  options: SystemOptions = {},
): PkSystem {
  const build = Object.hasOwn(SYSTEM_BUILDERS, structure) ? SYSTEM_BUILDERS[structure] : undefined;
  if (build === undefined)
    throw new InputError({ field: "structure", value: structure, expected: `one of ${Object.keys(SYSTEM_BUILDERS).join(", ")}` });
  return build(p0, molecularWeightKDa, options);
}
