"""Peer for bench/pk.bench.ts: MAP fit of one patient (3 levels, etas on CL and V1) with
scipy.optimize.minimize(method="BFGS") on the same objective as src/pk/bayes.ts (defined in
tests/fixtures/py/pk_map.py). Prints one JSON line: median seconds per fit and the optimum."""
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "py"))
from pk_map import CASES, make_objective  # noqa: E402

repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 200
case = CASES[0]
f = make_objective(case)
minimize(f, np.zeros(2), method="BFGS")
times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    r = minimize(f, np.zeros(2), method="BFGS")
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": float(np.median(times)), "etaCL": float(r.x[0]), "etaV1": float(r.x[1]), "objective": float(r.fun), "scipy": scipy.__version__}))
