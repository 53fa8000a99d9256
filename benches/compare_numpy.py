"""Times the Python binding against the equivalent numpy expression in the same process.

    make bench-python        (or: .venv/bin/python benches/compare_numpy.py)

Goals (issue 2, 10 million rows): NPS at least 2x faster than
``((s >= 9).mean() - (s <= 6).mean()) * 100``; trust scores at least 1.5x faster than
``(c + r + i) / s``. Prints a Markdown table for benches/README.md.
"""

import sys
import timeit

import numpy as np

from custometrics import satisfaction, trust

N = 10_000_000
rng = np.random.default_rng(2026)
s = rng.integers(0, 11, N).astype(np.float64)
c, r, i, so = (rng.uniform(1, 10, N) for _ in range(4))


def best(fn, repeat=7):
    fn()  # warm up
    return min(timeit.repeat(fn, number=1, repeat=repeat))


# Same answers first: a benchmark of different computations means nothing.
assert satisfaction.nps(s).score == ((s >= 9).mean() - (s <= 6).mean()) * 100 or abs(
    satisfaction.nps(s).score - ((s >= 9).mean() - (s <= 6).mean()) * 100
) < 1e-9
np.testing.assert_array_equal(trust.trust_scores(c, r, i, so), (c + r + i) / so)

rows = [
    ("NPS (validates 0..10 integers, counts, SE, CI)", lambda: satisfaction.nps(s),
     "((s >= 9).mean() - (s <= 6).mean()) * 100", lambda: ((s >= 9).mean() - (s <= 6).mean()) * 100, 2.0),
    ("trust scores (validates 1..10, element-wise T)", lambda: trust.trust_scores(c, r, i, so),
     "(c + r + i) / s", lambda: (c + r + i) / so, 1.5),
]
print(f"10 million rows, best of 7, numpy {np.__version__}, Python {sys.version.split()[0]}\n")
print("| computation | custometrics | numpy | numpy expression | speed-up | goal |")
print("|---|---:|---:|---|---:|---:|")
ok = True
for name, ours, expr, theirs, goal in rows:
    a, b = best(ours), best(theirs)
    ok &= b / a >= goal
    print(f"| {name} | {a * 1e3:.1f} ms | {b * 1e3:.1f} ms | `{expr}` | {b / a:.2f}x | {goal}x |")
sys.exit(0 if ok else 1)
