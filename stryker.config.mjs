// StrykerJS base configuration (issue #22). Run through `npm run mutation -- <file or folder>`
// (scripts/mutation.mjs), which adds `mutate` for one module and names its tests in IBD_MUTATION_TESTS
// for vitest.mutation.config.mts; CI does not run it.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.mts", related: false },
  coverageAnalysis: "perTest",
  incremental: false,
  concurrency: 2,
  // The sandbox copy lives in .stryker-tmp (git-ignored) and is deleted after a run.
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // Large folders no unit test reads: kept out of the sandbox copy.
  ignorePatterns: ["/out", "/bench", "/dist", "/notebooks", "/docs", "/reports"],
  reporters: ["progress", "clear-text", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowEmojis: false, reportMutants: false, reportTests: false },
  timeoutMS: 10_000,
  logLevel: "info",
  fileLogLevel: "off",
};
