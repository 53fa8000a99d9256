"""The golden cases of the survey means in golden.json: trust.trust_survey (run from this
directory: `python3 generate_golden_means.py`, with mpmath installed for Student's t; it replaces
the cases it owns).

The expected values are computed here from the definitions, independently of the library: each
rater's T = (C + R + I) / S and the weighted mean sum(w T) / sum(w) in exact fractions; Kish's
effective size (sum w)^2 / sum w^2; the linearised variance of the weighted mean
m / (m - 1) * sum w^2 (T - mean)^2 / (sum w)^2 over the m raters of positive weight, by two passes
in exact fractions (with every weight 1 it is s^2 / n); the interval mean -/+ t * SE with t the
two-sided 95 % quantile of Student's t on effective_n - 1 degrees of freedom, found by mpmath
(40 digits) as the root of the regularised incomplete beta I_{d/(d+t^2)}(d/2, 1/2) = 0.05 by bisection, clipped
to T's range [3 min/max, 3 max/min]. A segment whose raters all give one T (or with one rater)
has the distribution-free interval [v - p (v - lo), v + p (hi - v)], p = 1 - 0.05^(1/effective_n).
"""
import json
from fractions import Fraction
from pathlib import Path

import mpmath

mpmath.mp.dps = 40
OWNED = ("trust.trust_survey",)
LO, HI = Fraction(3, 10), Fraction(30)  # T's range on the 1..10 scale


def t_quantile(dof, confidence=mpmath.mpf("0.95")):
    """The two-sided quantile: P(|T| > c) = I_{d/(d+c^2)}(d/2, 1/2) falls from 1 to 0 as c
    grows, so bisection finds the c where it is 1 - confidence."""
    alpha = 1 - confidence
    d = mpmath.mpf(dof)
    p = lambda c: mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + c * c), regularized=True)
    lo, hi = mpmath.mpf(0), mpmath.mpf(1)
    while p(hi) > alpha:
        lo, hi = hi, hi * 2
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if p(mid) > alpha else (lo, mid)
    return (lo + hi) / 2


def mean_of(values, weights, lo=LO, hi=HI):
    """The expected fields of a Mean of these values and weights (fractions)."""
    pos = [(v, w) for v, w in zip(values, weights) if w > 0]
    sw = sum(w for _, w in pos)
    sw2 = sum(w * w for _, w in pos)
    mean = sum(w * v for v, w in pos) / sw
    n_eff = sw * sw / sw2
    out = {"mean": float(mean), "n": len(values), "effective_n": float(n_eff), "dof": float(n_eff - 1)}
    if len({v for v, _ in pos}) == 1:
        p = 1 - mpmath.power(mpmath.mpf("0.05"), 1 / mpmath.mpf(n_eff))
        v = mpmath.mpf(mean)
        out.update(std_error=0.0, ci_low=float(v - p * (v - mpmath.mpf(lo))), ci_high=float(v + p * (mpmath.mpf(hi) - v)))
        return out
    m = len(pos)
    var = Fraction(m, m - 1) * sum(w * w * (v - mean) ** 2 for v, w in pos) / (sw * sw)
    se = mpmath.sqrt(mpmath.mpf(var))
    half = t_quantile(mpmath.mpf(n_eff) - 1) * se
    low, high = max(mpmath.mpf(mean) - half, mpmath.mpf(lo)), min(mpmath.mpf(mean) + half, mpmath.mpf(hi))
    out.update(std_error=float(se), ci_low=float(low), ci_high=float(high), note=None)
    return out


def trust_case(name, c, r, i, s, segments=None, weights=None, source=""):
    t = [Fraction(a + b + d, e) for a, b, d, e in zip(c, r, i, s)]
    w = [Fraction(x).limit_denominator(10**9) if weights else Fraction(1) for x in (weights or t)]
    args = {"credibility": c, "reliability": r, "intimacy": i, "self_orientation": s}
    if weights is not None:
        args["weights"] = weights
    total = mean_of(t, w)
    if segments is None:
        expected = total
    else:
        args["segments"] = segments
        labels = sorted(set(segments))
        rows = []
        for g in labels:
            keep = [k for k, x in enumerate(segments) if x == g]
            rows.append(mean_of([t[k] for k in keep], [w[k] for k in keep]))
        expected = {"segments": rows, "total": total}
    return {"name": name, "function": "trust.trust_survey", "args": args, "expected": expected,
            "source": "generate_golden_means.py: T and the weighted mean and linearised variance in exact fractions, "
                      "Student's t quantile by mpmath (40 digits)" + source,
            "rtol": 1e-12}


def error(name, args, code, field, index, source):
    return {"name": name, "function": "trust.trust_survey", "args": args,
            "error": {"code": code, "field": field, "index": index}, "source": source}


C = [7, 9, 6, 8, 5, 10, 7, 6, 9, 4, 8, 8]
R = [8, 9, 6, 7, 6, 9, 8, 5, 9, 5, 8, 8]
I = [6, 9, 6, 5, 4, 8, 7, 7, 10, 3, 8, 8]
S = [3, 9, 2, 4, 6, 2, 5, 5, 3, 8, 4, 4]
REGION = ["north", "north", "north", "north", "south", "south", "south", "south", "south", "west", "east", "east"]
W = [1.5, 0.5, 2, 1, 1, 3, 0.25, 1, 2, 1, 0, 1.5]

CASES = [
    trust_case("trust survey by segment", C, R, I, S, segments=REGION,
               source="; west has one rater and east two with the same T: the distribution-free interval"),
    trust_case("trust survey weighted by segment", C, R, I, S, segments=REGION, weights=W,
               source="; a rater of weight 0 counts in n and nowhere else"),
    trust_case("trust survey weighted, no segments", C, R, I, S, weights=W),
    error("trust survey negative weight", {"credibility": C[:3], "reliability": R[:3], "intimacy": I[:3],
          "self_orientation": S[:3], "weights": [1, -2, 1]}, "out_of_range", "weights", 1,
          "input rule: design weights are 0 or positive"),
    error("trust survey confidence 1", {"credibility": C[:3], "reliability": R[:3], "intimacy": I[:3],
          "self_orientation": S[:3], "confidence": 1.0}, "out_of_range", "confidence", None,
          "input rule: confidence in (0, 1)"),
    error("trust survey segments of another length", {"credibility": C[:3], "reliability": R[:3], "intimacy": I[:3],
          "self_orientation": S[:3], "segments": [0, 1]}, "length_mismatch", "segments", None,
          "input rule: one segment code per rater"),
]

if __name__ == "__main__":
    path = Path(__file__).with_name("golden.json")
    doc = json.loads(path.read_text())
    kept = [c for c in doc["cases"] if c["function"] not in OWNED]
    at = max(i for i, c in enumerate(kept) if c["function"] == "trust.trust_over_raters") + 1
    doc["cases"] = kept[:at] + CASES + kept[at:]
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases of {', '.join(OWNED)} written")
