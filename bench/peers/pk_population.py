"""Peer for bench/pk.bench.ts: the same 100,000 virtual patients x one year of infliximab
(Fasanmade 2009, 70 kg, albumin 4 g/dL; 5 mg/kg weeks 0, 2, 6 then q8w) on a daily grid,
by vectorised numpy superposition of 2-compartment infusion responses.
Input: binary file of n doubles CL then n doubles V1. Prints one JSON line with the seconds
and a checksum (sum of all concentrations) plus a few values for agreement checks."""
import json
import sys
import time

import numpy as np

path, n = sys.argv[1], int(sys.argv[2])
raw = np.fromfile(path, dtype="<f8")
CL, V1 = raw[:n], raw[n:2 * n]
Q, V2 = 7.14, 4.13
weeks = [0, 2, 6] + list(range(14, 53, 8))
dose, dur = 5 * 70, 2 / 24
t = np.arange(0, 366, dtype=float)
t0 = time.perf_counter()
k10, k12, k21 = CL / V1, Q / V1, Q / V2
s = k10 + k12 + k21
alpha = (s + np.sqrt(s * s - 4 * k10 * k21)) / 2
beta = k10 * k21 / alpha
A = (alpha - k21) / (V1 * (alpha - beta))
B = (k21 - beta) / (V1 * (alpha - beta))
C = np.zeros((n, t.size))
rate = dose / dur
for w in weeks:
    tau = t - w * 7
    m = tau > 0
    tt = tau[m]
    for coef, lam in ((A, alpha), (B, beta)):
        lam2 = lam[:, None]
        during = (rate * coef / lam)[:, None] * (1 - np.exp(-lam2 * np.minimum(tt, dur)[None, :]))
        after = np.exp(-lam2 * np.maximum(tt - dur, 0)[None, :])
        C[:, m] += during * after
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "checksum": float(C.sum()), "c0_98": float(C[0, 98]), "c1_300": float(C[1, 300]), "numpy": np.__version__}))
