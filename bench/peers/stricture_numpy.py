"""Peer for bench/stricture.bench.ts: flow through N bowel segments (healthy
bowel + two strictures in series, power-law contents) at a fixed driving
pressure, written independently and vectorised with numpy.

For each part, the pressure at flow Q is c * Q**n with
c = (2 K L / R) * ((3 + 1/n) / (pi R^3))**n   (SI units; Bird, Stewart & Lightfoot 2002, eq. 8.3-9),
so the segment flow is Q = (dP / sum c)**(1/n).

Input: a little-endian float64 file with 9 columns per segment:
  totalCm, normalDiameterMm, s1LengthCm, s1DiameterMm, s2LengthCm, s2DiameterMm, K (Pa s^n), n, dP (Pa).
Prints one JSON line {"seconds", "checksum", "first", "numpy"} (median of `repeat` runs).
"""
import json
import sys
import time

import numpy as np


def coef(radius_m, length_m, k, n):
    return (2 * k * length_m / radius_m) * ((3 + 1 / n) / (np.pi * radius_m**3)) ** n


def flows(a):
    total_cm, dn, l1, d1, l2, d2, k, n, dp = a.T
    healthy_cm = total_cm - l1 - l2
    c = (
        coef(dn / 2000, healthy_cm / 100, k, n)
        + coef(d1 / 2000, l1 / 100, k, n)
        + coef(d2 / 2000, l2 / 100, k, n)
    )
    q_m3s = (dp / c) ** (1 / n)
    return q_m3s * 60e6  # mL/min


def main():
    path, repeat = sys.argv[1], int(sys.argv[2])
    a = np.fromfile(path, dtype="<f8").reshape(-1, 9)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        q = flows(a)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"seconds": times[len(times) // 2], "checksum": float(q.sum()), "first": float(q[0]), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
