"""NPS with intervals for 100 segments over 10M answers: custometrics against pandas, in one
process (issue 12's goal: at least 5x faster than the pandas groupby expression).

The data: 10M int64 scores 0..10 and a pandas Categorical of 100 region labels (int8 codes), both
seeded. The pandas side is the expression an analyst writes, groupby(region) over the shares of
promoters and detractors, then NPS, its Wald standard error and interval per group, plus the
total. custometrics' side is ``nps(scores, segments=region)`` (one pass over scores and codes on
every core, returning the same DataFrame shape). The two frames are compared first; then the best
of 7 runs of each is printed, and the ratio.

    make bench-segments
"""

import os
import time

import numpy as np
import pandas as pd

import custometrics as cm

N, K = 10_000_000, 100
rng = np.random.default_rng(12)
scores = rng.integers(0, 11, N)
region = pd.Categorical.from_codes(rng.integers(0, K, N).astype(np.int8), [f"region {k:03d}" for k in range(K)])
frame = pd.DataFrame({"score": scores, "region": region})
Z = 1.959963984540054


def with_pandas(df):
    g = df.assign(p=df.score >= 9, d=df.score <= 6).groupby("region", observed=False)[["p", "d"]].agg(["mean", "count"])
    pp, pd_, n = g[("p", "mean")], g[("d", "mean")], g[("p", "count")]
    total_p, total_d = (df.score >= 9).mean(), (df.score <= 6).mean()
    pp = pd.concat([pp, pd.Series([total_p], index=["total"])])
    pd_ = pd.concat([pd_, pd.Series([total_d], index=["total"])])
    n = pd.concat([n, pd.Series([len(df)], index=["total"])])
    score = 100 * (pp - pd_)
    se = 100 * np.sqrt((pp + pd_ - (pp - pd_) ** 2) / n)
    return pd.DataFrame({"score": score, "n": n, "std_error": se, "ci_low": (score - Z * se).clip(-100, 100),
                         "ci_high": (score + Z * se).clip(-100, 100)})


def with_custometrics(df):
    return cm.satisfaction.nps(df.score, segments=df.region)


def best(f, runs=7):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f(frame)
        times.append(time.perf_counter() - t)
    return min(times)


ours, theirs = with_custometrics(frame), with_pandas(frame)
for column in ("score", "std_error", "ci_low", "ci_high"):
    np.testing.assert_allclose(ours[column].to_numpy(float), theirs[column].to_numpy(float), rtol=1e-9, atol=1e-9)
np.testing.assert_array_equal(ours["n"].to_numpy(), theirs["n"].to_numpy())
assert list(ours.index) == list(theirs.index), "the same segments in the same order"

load = os.getloadavg()
t_cm, t_pd = best(with_custometrics), best(with_pandas)
print(f"NPS with Wald intervals, {K} segments + total over {N:,} answers (load {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f})")
print(f"  custometrics nps(scores, segments=region): {t_cm * 1e3:8.1f} ms")
print(f"  pandas groupby expression:                 {t_pd * 1e3:8.1f} ms")
print(f"  speed-up: {t_pd / t_cm:.2f}x (goal 5x)")
