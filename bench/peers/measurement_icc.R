# Peer for bench/measurement.bench.ts: psych::ICC(x, lmer = FALSE) on the CSV the bench wrote.
# Usage: Rscript measurement_icc.R <csv>. Times only the ICC call; prints one JSON line.
suppressPackageStartupMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1]))
t0 <- proc.time()[["elapsed"]]
r <- psych::ICC(x, lmer = FALSE)
secs <- proc.time()[["elapsed"]] - t0
res <- r$results
cat(sprintf('{"seconds": %.6f, "ICC1": %.15g, "ICC2": %.15g, "ICC3": %.15g, "ICC2lower": %.15g, "psych": "%s"}\n',
            secs, res$ICC[1], res$ICC[2], res$ICC[3], res[["lower bound"]][2], as.character(packageVersion("psych"))))
