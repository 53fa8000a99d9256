"""Reference values of P(X(t) = n) for BG/NBD and MBG/NBD at extreme parameters, from the
closed forms of Fader, Hardie & Lee (2005, eq. 8 of "Counting your customers the easy way") and
Batislam, Denizel & Filiztekin (2007) evaluated in mpmath at 1000 digits (enough for
1 + 1e-300 and for the negative binomial tail as 1 minus the finite sum of its first n terms),
with the gamma and beta ratios as rising factorials (n is a small whole number). Writes pmf_extremes_mpmath.json beside this file;
core/tests/suite/models_extremes.rs compares the core with it. Does not call custometrics.

    python core/tests/data/generate_pmf_extremes_mpmath.py
"""

import itertools
import json
import pathlib

import mpmath as mp

mp.mp.dps = 1000


def nb(j, r, alpha, t):
    """P(N = j) of the negative binomial with p = t/(alpha + t)."""
    return mp.rf(r, j) / mp.factorial(j) * mp.exp(-r * mp.log1p(t / alpha)) * (t / (alpha + t)) ** j


def beta_shift(a, b, m):
    """B(a, b + m) / B(a, b) for a whole m >= 0."""
    return mp.rf(b, m) / mp.rf(a + b, m)


def pmf(model, n, t, r, alpha, a, b):
    r, alpha, a, b, t = (mp.mpf(v) for v in (r, alpha, a, b, t))
    tail = 1 - mp.fsum(nb(j, r, alpha, t) for j in range(n))
    if model == "BetaGeo":
        # B(a+1, b+n-1)/B(a, b) = a/(a+b+n-1) * B(a, b+n-1)/B(a, b)
        first = beta_shift(a, b, n) * nb(n, r, alpha, t)
        second = a / (a + b + n - 1) * beta_shift(a, b, n - 1) * tail if n > 0 else 0
    else:
        first = beta_shift(a, b, n + 1) * nb(n, r, alpha, t)
        second = a / (a + b + n) * beta_shift(a, b, n) * tail
    return first + second


# Parameters at the ends of what double precision holds (the sweep went to 1e-300 and
# 1e300), with ordinary ones beside them, and the horizons t and counts n the sweep used.
PARAMS = [
    (1e-300, 1e300, 1e-300, 1e300),
    (1e300, 1e300, 1e-300, 1e300),
    (1e-8, 1e8, 1e-8, 1e8),
    (1e8, 1e-8, 1e8, 1e-8),
    (1e8, 1e8, 1e-8, 1e8),
    (0.243, 4.414, 0.793, 2.426),  # the paper's CDNOW estimates
    (0.243, 4.414, 1e-8, 1e8),
    (1e6, 1e6, 0.5, 3.0),
]
CASES = []
for model, p, t, n in itertools.product(["BetaGeo", "ModifiedBetaGeo"], PARAMS, [1e-3, 1.0, 39.0, 1e6], [0, 1, 2, 7]):
    v = pmf(model, n, t, *p)
    CASES.append({"model": model, "params": list(p), "t": t, "n": n, "p": float(v)})

out = {
    "source": "core/tests/data/generate_pmf_extremes_mpmath.py: mpmath " + mp.__version__ + " at 1000 digits, closed forms of FHL 2005 (BG/NBD) and Batislam et al. 2007 (MBG/NBD)",
    "cases": CASES,
}
(pathlib.Path(__file__).parent / "pmf_extremes_mpmath.json").write_text(json.dumps(out, indent=1) + "\n")
