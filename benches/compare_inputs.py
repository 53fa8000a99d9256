"""Every public array function x input kind on 10 million rows (lists on 1 million), as the
ratio of its time to the same call on a contiguous float64 numpy array: the input layer's cost.

    make bench-inputs            # or: .venv/bin/python benches/compare_inputs.py [rows [function ...]]

Named functions (as in the table's first column) time only those rows.

Each figure is the best of REPEAT runs, the input kinds of one function timed in turn within
each round (so that a change of the machine's load hits every kind alike). The goal is every
ratio within 1.25x of float64 (lists excepted: numpy's own list conversion is the floor there).
"""

import sys
import time

import numpy as np
import pandas as pd

from custometrics import loyalty, retention, satisfaction, tiers, trust

try:
    import polars as pl
except ImportError:
    pl = None

N = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
N_LIST = min(N, 1_000_000)
REPEAT = 7
rng = np.random.default_rng(2026)

BG = retention.BetaGeo.from_params(0.24, 4.41, 0.79, 2.43)
GG = retention.GammaGamma.from_params(6.25, 3.74, 15.44)

KINDS = {
    "float64": lambda x: x.astype(np.float64),
    "int64": lambda x: x,
    "float32": lambda x: x.astype(np.float32),
    "pandas": lambda x: pd.Series(x.astype(np.float64)),
    "Int64": lambda x: pd.Series(x, dtype="Int64"),
}
if pl is not None:
    KINDS["polars"] = lambda x: pl.Series(x)
KINDS["list"] = lambda x: x[:N_LIST].tolist()


def ints(lo, hi, n=N):
    return rng.integers(lo, hi + 1, n)


FREQ = ints(0, 20)
REC = FREQ * 2
AGE = np.full(N, 40)

# name, function of the converted arrays, the int64 arrays it takes
CASES = [
    ("nps", lambda s: satisfaction.nps(s), [ints(0, 10)]),
    ("csat", lambda s: satisfaction.csat(s), [ints(1, 5)]),
    ("satisfaction_rate", lambda s: satisfaction.satisfaction_rate(s, 4), [ints(1, 5)]),
    ("trust_scores", lambda c, r, i, s: trust.trust_scores(c, r, i, s), [ints(1, 10) for _ in range(4)]),
    ("dick_basu", lambda a, p: loyalty.dick_basu(a, p), [ints(1, 7), ints(0, 12)]),
    ("jones_sasser", lambda s, l: loyalty.jones_sasser(s, l), [ints(1, 5), ints(1, 5)]),
    ("abc", lambda v: tiers.abc(v), [ints(0, 100_000)]),
    ("quantile_scores", lambda v: tiers.quantile_scores(v), [ints(0, 100_000)]),
    ("rfm_scores", lambda r, f, m: tiers.rfm_scores(r, f, m), [ints(0, 365), FREQ, ints(0, 100_000)]),
    ("gini", lambda v: tiers.gini(v), [ints(0, 100_000)]),
    ("clv_many", lambda m: retention.clv_many(m, 0.8, discount=0.1), [ints(0, 500)]),
    ("BG P(alive)", lambda f, r, t: BG.conditional_probability_alive(f, r, t), [FREQ, REC, AGE]),
    ("GG profit", lambda f, m: GG.conditional_expected_average_profit(f, m), [FREQ + 1, ints(5, 500)]),
]


def interleaved(calls):
    """{name: best time} of the zero-argument ``calls``, each called once per round, in turn."""
    times = {k: float("inf") for k in calls}
    for _ in range(REPEAT):
        for k, call in calls.items():
            t0 = time.perf_counter()
            call()
            times[k] = min(times[k], time.perf_counter() - t0)
    return times


def frame_case():
    """BG/NBD P(alive) from a DataFrame summary, the path the README shows."""
    cols = {"frequency": FREQ, "recency": REC, "T": AGE}
    frames = {
        "float64": pd.DataFrame({k: v.astype(np.float64) for k, v in cols.items()}),
        "int64": pd.DataFrame(cols),
        "Int64": pd.DataFrame({k: pd.array(v, dtype="Int64") for k, v in cols.items()}),
    }
    if pl is not None:
        frames["polars"] = pl.DataFrame(cols)
    return interleaved({k: (lambda f=f: BG.conditional_probability_alive(f)) for k, f in frames.items()})


def main():
    kinds = list(KINDS)
    print(f"{N:,} rows (lists: {N_LIST:,}); best of {REPEAT}; ratio to the float64 call")
    head = f"| {'function':<22} | {'float64 ms':>10} | " + " | ".join(f"{k:>8}" for k in kinds[1:]) + " |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    misses = []
    only = set(sys.argv[2:])
    for name, fn, raw in CASES:
        if only and name not in only:
            continue
        inputs = {k: [KINDS[k](a) for a in raw] for k in kinds}
        inputs["float64 list-size"] = [KINDS["float64"](a[:N_LIST]) for a in raw]
        t = interleaved({k: (lambda args=args: fn(*args)) for k, args in inputs.items()})
        base, base_list = t["float64"], t["float64 list-size"]
        cells = []
        for k in kinds[1:]:
            ratio = t[k] / (base_list if k == "list" else base)
            cells.append(f"{ratio:>7.2f}x")
            if k != "list" and ratio > 1.25:
                misses.append(f"{name} / {k}: {ratio:.2f}x")
        del inputs
        print(f"| {name:<22} | {base * 1e3:>10.1f} | " + " | ".join(cells) + " |", flush=True)
    if only and "BG P(alive), DataFrame" not in only:
        print("\nover 1.25x:", ", ".join(misses) if misses else "none")
        return
    t = frame_case()
    cells = [f"{t[k] / t['float64']:>7.2f}x" if k in t else f"{'-':>8}" for k in kinds[1:]]
    print(f"| {'BG P(alive), DataFrame':<22} | {t['float64'] * 1e3:>10.1f} | " + " | ".join(cells) + " |")
    for k in t:
        if k != "float64" and t[k] / t["float64"] > 1.25:
            misses.append(f"BG P(alive) DataFrame / {k}: {t[k] / t['float64']:.2f}x")
    print("\nover 1.25x:", ", ".join(misses) if misses else "none")


if __name__ == "__main__":
    main()
