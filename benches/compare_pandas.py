"""Times the tiers kernels of the Python binding against numpy and pandas in the same process.

    make bench-pandas        (or: .venv/bin/python benches/compare_pandas.py [customers])

Goals (issue 3, 10 million customers): ABC tiers at least 10x faster than numpy argsort +
cumsum; RFM scores at least 10x faster than three pandas ``qcut`` calls on ranks; Curry tiers and
Gini well under a second; peak extra memory no more than two arrays the size of the input (one
float64 column: 8 bytes per customer, so 16). Every pair is first checked to compute the same
answer. Prints a Markdown table for benches/README.md; exits 1 when a goal is missed.

Memory is the peak extra memory of one call: the resident-set growth (the peak reset through
/proc/self/clear_refs, read from /proc/self/status: VmHWM against VmRSS before the call), which
sees Rust's allocations and numpy's alike, and the peak of numpy's allocations alone as
tracemalloc traces them (freed heap pages are handed back to the system first, with glibc's
malloc_trim, so that a call reusing them still shows). Outputs count: a uint8 tier per customer is
1 byte.
"""

import ctypes
import gc
import os
import re
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from custometrics import tiers

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
rng = np.random.default_rng(2026)
# Customer value in whole cents: running sums are exact, so both sides place every ABC boundary
# identically (the tie rule is the documented one: value descending, then input order).
value = np.round(rng.gamma(1.2, 8000.0, N))
# RFM inputs on continuous scales: with no ties, qcut on first-ranks and the library's min-rank
# rule are the same function, so the outputs can be compared element for element.
recency = rng.exponential(60.0, N)
frequency = rng.gamma(1.5, 3.0, N)
monetary = rng.lognormal(4.0, 1.0, N)


# ---- the numpy / pandas side ------------------------------------------------------------------


def numpy_abc(v, a=0.8, b=0.95):
    order = np.argsort(-v, kind="stable")
    ranked = v[order]
    before = np.cumsum(ranked) - ranked
    total = ranked.sum()
    out = np.empty(len(v), dtype=np.uint8)
    out[order] = (before >= a * total).astype(np.uint8) + (before >= b * total)
    return out


def numpy_curry(v, shares=(0.01, 0.04, 0.15, 0.80)):
    n = len(v)
    order = np.argsort(-v, kind="stable")
    cuts = np.floor(np.cumsum(shares)[:-1] * n + 0.5).astype(np.int64)
    out = np.empty(n, dtype=np.uint8)
    out[order] = np.searchsorted(cuts, np.arange(n), side="right")
    return out


def numpy_gini(v):
    s = np.sort(v)
    n = len(s)
    return float(2 * np.dot(np.arange(1, n + 1, dtype=np.float64), s) / (n * s.sum()) - (n + 1) / n)


def pandas_rfm(r, f, m, q=5):
    score = lambda x, asc: pd.qcut(pd.Series(x).rank(method="first", ascending=asc), q, labels=False) + 1  # noqa: E731
    rs, fs, ms = score(r, False), score(f, True), score(m, True)
    return rs.to_numpy(), fs.to_numpy(), ms.to_numpy(), (rs * 100 + fs * 10 + ms).to_numpy()


# ---- measurement --------------------------------------------------------------------------------


def _status(key):
    with open("/proc/self/status") as f:
        return int(re.search(key + r":\s+(\d+) kB", f.read()).group(1)) * 1024


RSS = os.access("/proc/self/clear_refs", os.W_OK)
try:  # glibc: hand freed heap pages back first, so that reusing them does not hide an allocation
    _trim = ctypes.CDLL("libc.so.6").malloc_trim
except (OSError, AttributeError):
    _trim = lambda _: 0  # noqa: E731


def peak_extra(fn):
    """(resident-set growth or None, numpy's traced peak) of one call, in bytes."""
    gc.collect()
    _trim(0)
    if RSS:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        base = _status("VmRSS")
    tracemalloc.start()
    try:
        fn()
        traced = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (_status("VmHWM") - base if RSS else None), traced


def best(fn, repeat):
    fn()  # warm up (thread pool, page faults of the first output)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# ---- same answers first -------------------------------------------------------------------------

ours_abc = tiers.abc(value)
np.testing.assert_array_equal(ours_abc, numpy_abc(value))
np.testing.assert_array_equal(tiers.curry(value), numpy_curry(value))
g = tiers.gini(value)
assert abs(g - numpy_gini(value)) <= 1e-9 * g, (g, numpy_gini(value))
s = tiers.rfm_scores(recency, frequency, monetary)
pr, pf, pm, pc = pandas_rfm(recency, frequency, monetary)
for ours, theirs in ((s.r, pr), (s.f, pf), (s.m, pm), (s.code, pc)):
    np.testing.assert_array_equal(ours, theirs)
del ours_abc, s, pr, pf, pm, pc

rows = [
    # name, ours, reference label, reference, speed-up goal, time goal (s)
    ("ABC tiers (A 80 %, B 95 % of value)", lambda: tiers.abc(value),
     "numpy `argsort` + `cumsum`", lambda: numpy_abc(value), 10.0, None),
    ("RFM scores (quintiles, recency reversed, cell code)", lambda: tiers.rfm_scores(recency, frequency, monetary),
     "3 × pandas `qcut(rank(method=\"first\"), 5)`", lambda: pandas_rfm(recency, frequency, monetary), 10.0, None),
    ("Curry tiers (1 / 4 / 15 / 80 %)", lambda: tiers.curry(value),
     "numpy `argsort` + `searchsorted`", lambda: numpy_curry(value), None, 1.0),
    ("Gini coefficient", lambda: tiers.gini(value),
     "numpy `sort` + `dot`", lambda: numpy_gini(value), None, 1.0),
]

mb = lambda b: "–" if b is None else f"{b / 2**20:.0f} MB"  # noqa: E731
input_bytes = 8 * N
print(f"{N:,} customers, best of 5 (numpy/pandas: best of 3), numpy {np.__version__}, pandas {pd.__version__}, "
      f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; one input column = {mb(input_bytes)}\n")
print("| computation | custometrics | numpy / pandas | reference | speed-up | goal "
      "| peak extra memory: RSS (numpy traced) | reference's |")
print("|---|---:|---:|---|---:|---:|---:|---:|")
ok = True
for name, ours, ref_name, ref, speed_goal, time_goal in rows:
    a, b = best(ours, 5), best(ref, 3)
    (rss, traced), (ref_rss, ref_traced) = peak_extra(ours), peak_extra(ref)
    goal = f"{speed_goal:.0f}x" if speed_goal else f"< {time_goal:.0f} s"
    ok &= (b / a >= speed_goal) if speed_goal else (a < time_goal)
    ok &= max(rss or 0, traced) <= 2 * input_bytes
    print(f"| {name} | {a * 1e3:.0f} ms | {b * 1e3:.0f} ms | {ref_name} | {b / a:.1f}x | {goal} "
          f"| {mb(rss)} ({mb(traced)}) | {mb(ref_rss)} ({mb(ref_traced)}) |")
print(f"\nmemory goal: at most {mb(2 * input_bytes)} (two input columns) per call")
sys.exit(0 if ok else 1)
