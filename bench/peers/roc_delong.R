# Peer for bench/roc.bench.ts: pROC roc() + ci.auc(method = "delong") on the same
# binary file (n doubles of scores, then n doubles of 0/1 labels). Only the pROC
# calls are timed; prints one JSON line: median seconds over `repeat` runs.
suppressPackageStartupMessages({ library(pROC); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; n <- as.integer(args[2]); rep_n <- as.integer(args[3])
con <- file(path, "rb"); scores <- readBin(con, "double", n); labels <- readBin(con, "double", n); close(con)
times <- numeric(rep_n)
for (i in seq_len(rep_n)) {
  t0 <- proc.time()[["elapsed"]]
  r <- roc(labels, scores, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  times[i] <- proc.time()[["elapsed"]] - t0
}
cat(toJSON(list(seconds = median(times), auc = as.numeric(ci[2]), lower = as.numeric(ci[1]), upper = as.numeric(ci[3]),
  pROC = as.character(packageVersion("pROC"))), auto_unbox = TRUE, digits = NA), "\n")
