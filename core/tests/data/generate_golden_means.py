"""The golden cases of the survey means in golden.json: trust.trust_survey and
satisfaction.csi_survey (run from this
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

The CSI by segment: each respondent's index I = sum_j w_j 100 (x_j - min) / (max - min) in exact
fractions (w the stated importance normalised to sum 1, or equal), its mean and interval on
[0, 100] as above, and each attribute's mean and interval on the rating scale.
"""
import json
from fractions import Fraction
from pathlib import Path

import mpmath

mpmath.mp.dps = 40
OWNED = ("trust.trust_survey", "satisfaction.csi_survey")
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


def csi_case(name, ratings, scale, importance=None, segments=None, design_weights=None, source=""):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    m = len(ratings[0])
    w = [Fraction(x) for x in importance] if importance else [Fraction(1)] * m
    w = [x / sum(w) for x in w]
    index = [sum(wj * 100 * (Fraction(x) - lo) / (hi - lo) for wj, x in zip(w, row)) for row in ratings]
    dw = [Fraction(x).limit_denominator(10**9) for x in design_weights] if design_weights else [Fraction(1)] * len(ratings)

    def estimate(keep):
        est = {"index": mean_of([index[k] for k in keep], [dw[k] for k in keep], Fraction(0), Fraction(100)),
               # each attribute's mean and interval (the fields every binding's result has)
               "attributes": [{k: v for k, v in mean_of([Fraction(ratings[k][j]) for k in keep], [dw[k] for k in keep],
                                                        lo, hi).items() if k in ("mean", "ci_low", "ci_high")}
                              for j in range(m)],
               "weights": [float(x) for x in w]}
        return est

    args = {"ratings": ratings, "scale": list(scale)}
    if importance:
        args["weights"] = importance
    if design_weights:
        args["design_weights"] = design_weights
    everyone = list(range(len(ratings)))
    if segments is None:
        expected = estimate(everyone)
    else:
        args["segments"] = segments
        groups = [[k for k in everyone if segments[k] == g] for g in range(max(segments) + 1)]  # integer codes
        expected = {"segments": [estimate(keep) if keep else None for keep in groups],
                    "total": estimate(everyone)}
    return {"name": name, "function": "satisfaction.csi_survey", "args": args, "expected": expected,
            "source": "generate_golden_means.py: each respondent's index and the weighted means and linearised "
                      "variances in exact fractions, Student's t quantile by mpmath (40 digits)" + source,
            "rtol": 1e-12}


RATINGS = [[8, 7, 9], [6, 5, 7], [9, 9, 8], [7, 8, 6], [5, 6, 4], [10, 9, 9], [7, 7, 7], [8, 6, 9], [4, 5, 6]]
CHANNEL = [0, 0, 0, 1, 1, 1, 1, 3, 3]
DW = [1, 2, 0.5, 1, 1, 1.5, 2, 1, 1]

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
    csi_case("csi survey by segment, stated importance", RATINGS, (1, 10), importance=[3, 2, 1], segments=CHANNEL,
             source="; channel 2 has no respondents (null)"),
    csi_case("csi survey weighted by segment, equal importance", RATINGS, (1, 10), segments=CHANNEL,
             design_weights=DW),
    csi_case("csi survey weighted, no segments", RATINGS, (0, 10), importance=[1, 1, 2], design_weights=DW),
    {"name": "csi survey design weights of another length", "function": "satisfaction.csi_survey",
     "args": {"ratings": RATINGS[:3], "scale": [1, 10], "design_weights": [1, 1]},
     "error": {"code": "length_mismatch", "field": "weights", "index": None},
     "source": "input rule: one design weight per respondent"},
    {"name": "csi survey rating off the scale", "function": "satisfaction.csi_survey",
     "args": {"ratings": [[5, 6], [11, 6]], "scale": [1, 10], "segments": [0, 1]},
     "error": {"code": "out_of_range", "field": "ratings", "index": 2},
     "source": "input rule: ratings on the scale (row-major index 2: row 1, column 0), as csi"},
]

if __name__ == "__main__":
    path = Path(__file__).with_name("golden.json")
    doc = json.loads(path.read_text())
    kept = [c for c in doc["cases"] if c["function"] not in OWNED]
    at = max(i for i, c in enumerate(kept) if c["function"] == "trust.trust_over_raters") + 1
    # stable order: the trust cases, then the CSI cases, after trust_over_raters
    doc["cases"] = kept[:at] + CASES + kept[at:]
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases of {', '.join(OWNED)} written")
