// Vitest configuration for mutation runs only (scripts/mutation.mjs): the normal configuration with
// `include` narrowed to the test files named in IBD_MUTATION_TESTS (comma-separated). The tests are
// chosen here rather than with Stryker's `testFiles` because StrykerJS 9.6.1 activates static
// mutants too late when `testFiles` is set, so they survive falsely (stryker-js issue #6144).
import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";

const tests = (process.env.IBD_MUTATION_TESTS ?? "").split(",").filter(Boolean);

export default defineConfig({ ...base, test: { ...base.test, include: tests.length > 0 ? tests : base.test?.include } });
