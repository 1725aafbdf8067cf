"""Peer for bench/cohort.bench.ts: pandas.read_csv on the same 1,000,000-row labs CSV,
with the same work as ours: parse dates, convert CRP mg/dL -> mg/L and albumin g/L -> g/dL.
Prints one JSON line {"seconds": ..., "rows": ...} (median of `repeat` runs)."""
import json
import sys
import time

import pandas as pd


def load(path):
    df = pd.read_csv(path, parse_dates=["sample_date"], date_format="%Y-%m-%d") if int(pd.__version__.split(".")[0]) >= 2 else pd.read_csv(path, parse_dates=["sample_date"])
    df["crp [mg/dL]"] = df["crp [mg/dL]"] * 10.0
    df["albumin [g/L]"] = df["albumin [g/L]"] * 0.1
    return df


def main():
    path = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    times = []
    rows = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        df = load(path)
        times.append(time.perf_counter() - t0)
        rows = len(df)
        del df
    times.sort()
    print(json.dumps({"seconds": times[len(times) // 2], "rows": rows, "pandas": pd.__version__}))


if __name__ == "__main__":
    main()
