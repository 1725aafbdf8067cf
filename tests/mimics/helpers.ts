// Shared by the mimic tests: find a step by its mimic id (not by position, so new steps do not break
// the tests), and a context in which every step is excluded or not indicated (the gate opens).
import type { FlareContext, MimicId, Workup, WorkupStep } from "../../src/mimics/workup";

export function step(w: Workup, id: MimicId): WorkupStep {
  const s = w.steps.find((x) => x.mimic === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

export const clean: FlareContext = {
  drug: "infliximab",
  disease: "UC",
  adherence: "confirmed",
  weeksOnTherapy: 20,
  nsaidUse: false,
  results: { cdiffNaat: "negative", stoolCulture: "negative" },
};
