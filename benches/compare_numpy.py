"""Times the Python binding against the equivalent numpy expression in the same process.

    make bench-python        (or: .venv/bin/python benches/compare_numpy.py)

Goals (issues 2 and 9, 10 million rows): NPS at least 2x faster than
``((s >= 9).mean() - (s <= 6).mean()) * 100`` on float64 and on int64 scores, on both cores and
on one; trust scores at least 1.5x faster than ``(c + r + i) / s`` on both cores. The script runs once with
every core, then again in a child process pinned to the first core with one thread
(``RAYON_NUM_THREADS=1`` and the affinity ``taskset -c 0`` would set); each ratio compares the
two sides in the same process. Prints Markdown tables for benches/README.md.
"""

import os
import platform
import subprocess
import sys
import timeit

ONE_CORE = "--one-core" in sys.argv
if ONE_CORE:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import numpy as np  # noqa: E402  (after pinning, so that its threads are pinned too)

from custometrics import satisfaction, trust  # noqa: E402

N = 10_000_000
rng = np.random.default_rng(2026)
si = rng.integers(0, 11, N)  # int64: the dtype survey answers arrive in
s = si.astype(np.float64)
c, r, i, so = (rng.uniform(1, 10, N) for _ in range(4))


def best(fn, repeat=7):
    fn()  # warm up
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def numpy_nps(x):
    return ((x >= 9).mean() - (x <= 6).mean()) * 100


# Same answers first: a benchmark of different computations means nothing.
for x in (s, si):
    assert abs(satisfaction.nps(x).score - numpy_nps(x)) < 1e-9
assert satisfaction.nps(si) == satisfaction.nps(s)
np.testing.assert_array_equal(trust.trust_scores(c, r, i, so), (c + r + i) / so)

rows = [
    ("NPS, float64 scores (validates 0..10 integers, counts, SE, CI)", lambda: satisfaction.nps(s),
     "((s >= 9).mean() - (s <= 6).mean()) * 100", lambda: numpy_nps(s), 2.0),
    ("NPS, int64 scores", lambda: satisfaction.nps(si),
     "the same on int64", lambda: numpy_nps(si), 2.0),
    ("trust scores (validates 1..10, element-wise T)", lambda: trust.trust_scores(c, r, i, so),
     "(c + r + i) / s", lambda: (c + r + i) / so, None if ONE_CORE else 1.5),  # goal on both cores
]
cores = "one core (RAYON_NUM_THREADS=1, pinned to CPU 0)" if ONE_CORE else f"{len(os.sched_getaffinity(0))} cores"
load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
print(f"### {cores}\n")
print(f"10 million rows, best of 7, numpy {np.__version__}, Python {platform.python_version()}, "
      f"load average {load} before the run\n")
print("| computation | custometrics | ns/score | numpy | numpy expression | speed-up | goal |")
print("|---|---:|---:|---:|---|---:|---:|")
ok = True
for name, ours, expr, theirs, goal in rows:
    a, b = best(ours), best(theirs)
    ok &= goal is None or b / a >= goal
    shown = "—" if goal is None else f"{goal}x"
    print(f"| {name} | {a * 1e3:.1f} ms | {a * 1e9 / N:.2f} | {b * 1e3:.1f} ms | `{expr}` | {b / a:.2f}x | {shown} |")
print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n", flush=True)

if not ONE_CORE:
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    ok &= subprocess.run([sys.executable, __file__, "--one-core"], env=env, check=False).returncode == 0
sys.exit(0 if ok else 1)
