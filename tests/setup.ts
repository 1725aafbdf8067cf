// Seeded randomness everywhere (CONTRIBUTING.md): property tests draw from a fixed
// seed so that every CI run checks the same cases. Change the seed locally to explore.
import fc from "fast-check";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });
