"""Peer for bench/refractory.bench.ts: the steroid-refractory rule written
independently with numpy, on the same JSON histories.

Rule (ECCO 2017; chapter): objective activity (calprotectin >= 250 ug/g) on or
after day 14 of a run of >= 40 mg/day prednisone-equivalent (5 mg prednisone =
4 mg methylprednisolone = 20 mg hydrocortisone), up to 7 days after the run
ends; or on or after day 3 of a run of IV methylprednisolone/hydrocortisone at
>= 40 mg/day prednisone-equivalent, up to 7 days after it ends. Courses add up
day by day; end dates are inclusive.
Prints one JSON line {"seconds", "ids", "numpy"} (median of `repeat` runs)."""
import json
import sys
import time
from datetime import date

import numpy as np

EQ = {"prednisone": 5.0, "prednisolone": 5.0, "methylprednisolone": 4.0, "hydrocortisone": 20.0}


def day(s):
    return date.fromisoformat(s).toordinal()


def runs(mask):
    """[start, end] index pairs of True runs."""
    m = np.concatenate(([False], mask, [False]))
    d = np.diff(m.astype(np.int8))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1) - 1))


def refractory(h):
    courses = h["steroids"]
    as_of = day(h["asOf"])
    spans = [(day(c["startDate"]), min(day(c["endDate"]), as_of)) for c in courses]
    first = min(s for s, _ in spans)
    n = as_of - first + 1
    pred = np.zeros(n)
    iv = np.zeros(n, dtype=bool)
    for c, (s, e) in zip(courses, spans):
        eq = c["doseMgPerDay"] * 5.0 / EQ[c["drug"]] if c["route"] != "rectal" else 0.0
        pred[s - first : e - first + 1] += eq
        if c["route"] == "iv" and c["drug"] in ("methylprednisolone", "hydrocortisone") and eq >= 40:
            iv[s - first : e - first + 1] = True
    act = np.array([day(a["date"]) - first for a in h["assessments"]])
    fc = np.array([a["calprotectinUgG"] for a in h["assessments"]], dtype=float)
    for mask, min_days in ((iv, 3), (pred >= 40, 14)):
        for a, b in runs(mask):
            if b - a + 1 < min_days:
                continue
            win = (act >= a + min_days - 1) & (act <= b + 7)
            if win.any():
                # any objectively active assessment in the window meets the rule
                if (fc[win] >= 250).any():
                    return True
    return False


def main():
    histories = json.load(open(sys.argv[1]))
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    times, ids = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ids = [h["patientId"] for h in histories if refractory(h)]
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"seconds": times[len(times) // 2], "ids": ids, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
