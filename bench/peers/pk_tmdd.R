# Peer for bench/pk.bench.ts: infliximab QSS-TMDD (Berends 2019) for n patients over one year
# with deSolve::lsoda and an R derivative function, at the tolerances given on the command line.
# Input: binary file of n doubles CL then n doubles V1 (individual values written by the bench).
# Output: binary file of n x length(times) free concentrations (ug/mL), patient-major; prints one
# JSON line with the elapsed seconds of the simulation loop only.
suppressPackageStartupMessages({ library(deSolve); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; n <- as.integer(args[2]); out_path <- args[3]; rtol <- as.numeric(args[4]); atol <- as.numeric(args[5])
con <- file(path, "rb"); CL <- readBin(con, "double", n); V1 <- readBin(con, "double", n); close(con)
MW <- 149.1; NMOL_PER_MG <- 1000 / MW
Q <- 0.344; V2 <- 1.64; KSS <- 13.6; KINT <- 0.984; KDEG <- 5.12; R0 <- 5
weeks <- c(0, 2, 6, seq(14, 52, by = 8)); dose <- 5 * 70; dur <- 2 / 24
times <- 0:365
qss_free <- function(ctot, rtot, k) {
  if (ctot <= 0) return(0)
  b <- ctot - rtot - k; d <- sqrt(b * b + 4 * k * ctot)
  if (b >= 0) 0.5 * (b + d) else 2 * k * ctot / (d - b)
}
rhs <- function(t, y, p) {
  ctot <- y[1] / p[2]
  c <- qss_free(ctot, y[3], KSS)
  bound <- ctot - c
  dist <- Q * c - Q * y[2] / V2
  list(c(p[3] * NMOL_PER_MG - p[1] * c - KINT * p[2] * bound - dist, dist, KDEG * R0 - KDEG * y[3] - (KINT - KDEG) * bound))
}
starts <- weeks * 7
bps <- sort(unique(c(starts, starts + dur, max(times))))
res <- matrix(0, nrow = length(times), ncol = n)
t0 <- proc.time()[["elapsed"]]
for (i in seq_len(n)) {
  y <- c(0, 0, R0); t <- 0
  out <- numeric(length(times))
  for (bp in bps[bps > 0]) {
    rate <- if (any(t >= starts - 1e-12 & t < starts + dur - 1e-12)) dose / dur else 0
    inside <- times >= t & times < bp
    tt <- sort(unique(c(t, times[inside], bp)))
    sol <- lsoda(y, tt, rhs, c(CL[i], V1[i], rate), rtol = rtol, atol = atol, maxsteps = 1e6)
    idx <- match(times[inside], sol[, 1])
    for (k in seq_along(idx)) {
      yy <- sol[idx[k], -1]
      out[which(inside)[k]] <- qss_free(yy[1] / V1[i], yy[3], KSS) / NMOL_PER_MG
    }
    y <- sol[nrow(sol), -1]; t <- bp
  }
  out[length(times)] <- qss_free(y[1] / V1[i], y[3], KSS) / NMOL_PER_MG
  res[, i] <- out
}
elapsed <- proc.time()[["elapsed"]] - t0
con <- file(out_path, "wb"); writeBin(as.vector(res), con); close(con)
cat(toJSON(list(seconds = elapsed, deSolve = as.character(packageVersion("deSolve"))), auto_unbox = TRUE, digits = NA), "\n")
