"""The golden cases of the survey means in golden.json: trust.trust_survey and
satisfaction.csi_survey, servqual_survey, mean_difference, mean, mean_versus_rest and mean_trend (run from this
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

SERVQUAL by segment: each respondent's item gaps P - E, dimension gaps (the mean of the dimension's
items), unweighted score (the mean of the dimension gaps) and weighted score (importance shares
times dimension gaps) in exact fractions; their means and intervals on [-(max - min), max - min].

The difference of two samples' means: each side's mean and variance as above, SE = sqrt(v_a + v_b),
Welch-Satterthwaite dof = (v_a + v_b)^2 / (v_a^2 / df_a + v_b^2 / df_b) with df = effective_n - 1,
the two-sided p-value I_{dof/(dof+t^2)}(dof/2, 1/2) and the 95 % interval by mpmath; unweighted
this is Welch's (1947) test as scipy.stats.ttest_ind(a, b, equal_var=False) computes it.

The mean of answers on a scale (by segment or not) as the trust scores' above, on the given scale.
Each segment against the rest: the difference above of the segment's answers and every other
answer, and Holm's (1979) step-down adjustment of the p-values of the segments tested.

The trend of a mean over periods: the ordinary least-squares line of the answers on their period
code in exact fractions (slope Sxy/Sxx, residual sum of squares Syy - slope Sxy, standard error
sqrt(SSE/(n-2)/Sxx)), the two-sided p-value of t = slope/SE on n - 2 degrees of freedom and the
95 % interval by mpmath; each period's mean as above. Weighted: the sums weighted (Sxx =
sum w (x - mean)^2, ...) and Kish's effective size (sum w)^2 / sum w^2 for n.
"""
import json
from fractions import Fraction
from pathlib import Path

import mpmath

mpmath.mp.dps = 40
OWNED = ("trust.trust_survey", "satisfaction.csi_survey", "satisfaction.mean_difference",
         "satisfaction.servqual_survey", "satisfaction.mean", "satisfaction.mean_versus_rest",
         "satisfaction.mean_trend")
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


def csi_case(name, ratings, scale, importance=None, segments=None, weights=None, source=""):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    m = len(ratings[0])
    w = [Fraction(x) for x in importance] if importance else [Fraction(1)] * m
    w = [x / sum(w) for x in w]
    index = [sum(wj * 100 * (Fraction(x) - lo) / (hi - lo) for wj, x in zip(w, row)) for row in ratings]
    dw = [Fraction(x).limit_denominator(10**9) for x in weights] if weights else [Fraction(1)] * len(ratings)

    def estimate(keep):
        est = {"index": mean_of([index[k] for k in keep], [dw[k] for k in keep], Fraction(0), Fraction(100)),
               # each attribute's mean and interval (the fields every binding's result has)
               "attributes": [{k: v for k, v in mean_of([Fraction(ratings[k][j]) for k in keep], [dw[k] for k in keep],
                                                        lo, hi).items() if k in ("mean", "ci_low", "ci_high")}
                              for j in range(m)],
               "importance": [float(x) for x in w]}
        return est

    args = {"ratings": ratings, "scale": list(scale)}
    if importance:
        args["importance"] = importance
    if weights:
        args["weights"] = weights
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

def welch(fa, wa, fb, wb, lo, hi):
    """The expected fields of a MeanDifference of a - b (fractions, their design weights)."""

    def moments(v, w):
        pos = [(x, y) for x, y in zip(v, w) if y > 0]
        sw, sw2 = sum(y for _, y in pos), sum(y * y for _, y in pos)
        mean = sum(x * y for x, y in pos) / sw
        m = len(pos)
        var = Fraction(m, m - 1) * sum(y * y * (x - mean) ** 2 for x, y in pos) / (sw * sw)
        return mean, var, sw * sw / sw2 - 1

    (ma, va, da), (mb, vb, db) = moments(fa, wa), moments(fb, wb)
    d = ma - mb
    se = mpmath.sqrt(mpmath.mpf(va + vb))
    dof = (va + vb) ** 2 / (va ** 2 / da + vb ** 2 / db)
    t = mpmath.mpf(d) / se
    md = mpmath.mpf(dof)
    p = mpmath.betainc(md / 2, mpmath.mpf(1) / 2, 0, md / (md + t * t), regularized=True)
    half = t_quantile(md) * se
    width = mpmath.mpf(hi - lo)
    return {"difference": float(d), "std_error": float(se), "dof": float(dof), "p_value": float(p),
            "ci_low": float(max(mpmath.mpf(d) - half, -width)), "ci_high": float(min(mpmath.mpf(d) + half, width)),
            "a": mean_of(fa, wa, lo, hi), "b": mean_of(fb, wb, lo, hi), "note": None}, p


def weights_of(weights, n):
    return [Fraction(x).limit_denominator(10**9) for x in weights] if weights else [Fraction(1)] * n


def difference_case(name, a, b, scale, weights_a=None, weights_b=None):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    fa, fb = [Fraction(x) for x in a], [Fraction(x) for x in b]
    expected, _ = welch(fa, weights_of(weights_a, len(a)), fb, weights_of(weights_b, len(b)), lo, hi)
    args = {"a": a, "b": b, "scale": list(scale)}
    if weights_a:
        args["weights_a"] = weights_a
    if weights_b:
        args["weights_b"] = weights_b
    return {"name": name, "function": "satisfaction.mean_difference", "args": args, "expected": expected,
            "source": "generate_golden_means.py: Welch's t-test with Kish effective sizes, the variances in exact "
                      "fractions, Student's t by mpmath (40 digits)",
            "rtol": 1e-11}


def survey_args(values, scale, segments, weights):
    args = {"values": values, "scale": list(scale)}
    if segments is not None:
        args["segments"] = segments
    if weights is not None:
        args["weights"] = weights
    return args


def mean_case(name, values, scale, segments=None, weights=None, source=""):
    """The mean of answers on a scale with its t interval, by segment (integer codes) or not."""
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    v, w = [Fraction(x) for x in values], weights_of(weights, len(values))
    total = mean_of(v, w, lo, hi)
    if segments is None:
        expected = total
    else:
        groups = [[k for k in range(len(v)) if segments[k] == g] for g in range(max(segments) + 1)]
        expected = {"segments": [mean_of([v[k] for k in keep], [w[k] for k in keep], lo, hi) if keep else None
                                 for keep in groups], "total": total}
    return {"name": name, "function": "satisfaction.mean", "args": survey_args(values, scale, segments, weights),
            "expected": expected,
            "source": "generate_golden_means.py: the weighted mean and linearised variance in exact fractions, "
                      "Student's t quantile by mpmath (40 digits)" + source,
            "rtol": 1e-12}


def holm(p):
    """Holm's (1979) step-down adjustment: the i-th smallest of m p-values becomes
    max over j <= i of min(1, (m - j + 1) p_(j)) (1-based)."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [None] * len(p), mpmath.mpf(0)
    for rank, i in enumerate(order):
        running = max(running, min(mpmath.mpf(1), (len(p) - rank) * p[i]))
        out[i] = running
    return out


def versus_rest_case(name, values, scale, segments, weights=None, source=""):
    """Each segment's mean against the mean of every answer outside it (Welch), Holm-adjusted
    over the segments tested; null for a segment without answers or without a rest."""
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    v, w = [Fraction(x) for x in values], weights_of(weights, len(values))
    tests = []
    for g in range(max(segments) + 1):
        inside = [k for k in range(len(v)) if segments[k] == g]
        rest = [k for k in range(len(v)) if segments[k] != g]
        if not inside or not rest:
            tests.append(None)
            continue
        tests.append(welch([v[k] for k in inside], [w[k] for k in inside], [v[k] for k in rest], [w[k] for k in rest],
                           lo, hi))
    tested = [i for i, t in enumerate(tests) if t is not None]
    adjusted = dict(zip(tested, holm([tests[i][1] for i in tested])))
    # each side's mean, n and effective n: the fields every binding's result has (Python's rows are flat)
    side = lambda m: {k: m[k] for k in ("mean", "n", "effective_n")}
    rows = [None if t is None else {"test": {**t[0], "a": side(t[0]["a"]), "b": side(t[0]["b"])},
                                    "p_holm": float(adjusted[i])} for i, t in enumerate(tests)]
    return {"name": name, "function": "satisfaction.mean_versus_rest",
            "args": survey_args(values, scale, segments, weights), "expected": {"segments": rows},
            "source": "generate_golden_means.py: Welch's t-test of each segment against the other answers as "
                      "mean_difference's cases, Holm's adjustment in mpmath (40 digits)" + source,
            "rtol": 1e-11}


def trend_case(name, values, scale, periods, weights=None, source=""):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    y, x = [Fraction(v) for v in values], [Fraction(k) for k in periods]
    w = [Fraction(v) for v in weights] if weights else [Fraction(1)] * len(y)
    total = sum(w)
    mx, my = sum(u * a for u, a in zip(w, x)) / total, sum(u * b for u, b in zip(w, y)) / total
    sxx = sum(u * (a - mx) ** 2 for u, a in zip(w, x))
    sxy = sum(u * (a - mx) * (b - my) for u, a, b in zip(w, x, y))
    syy = sum(u * (b - my) ** 2 for u, b in zip(w, y))
    slope = sxy / sxx
    dof = total ** 2 / sum(u * u for u in w) - 2  # Kish's effective n - 2: n - 2 unweighted
    se = mpmath.sqrt(mpmath.mpf((syy - slope * sxy) / dof / sxx))
    t = mpmath.mpf(slope) / se
    md = mpmath.mpf(dof)
    p = mpmath.betainc(md / 2, mpmath.mpf(1) / 2, 0, md / (md + t * t), regularized=True)
    half = t_quantile(md) * se
    means = []
    for k in range(max(periods) + 1):
        keep = [(v, u) for v, u, g in zip(y, w, periods) if g == k]
        means.append(mean_of([v for v, _ in keep], [u for _, u in keep], lo, hi)["mean"] if keep else None)
    args = {"values": values, "scale": list(scale), "periods": periods}
    if weights:
        args["weights"] = weights
    return {"name": name, "function": "satisfaction.mean_trend", "args": args,
            "expected": {"slope": float(slope), "std_error": float(se), "t": float(t), "dof": float(dof),
                         "p_value": float(p), "ci_low": float(mpmath.mpf(slope) - half),
                         "ci_high": float(mpmath.mpf(slope) + half), "periods.*.mean": means},
            "source": "generate_golden_means.py: the (weighted) least-squares line in exact fractions, Kish's "
                      "effective n for n when weighted, Student's t by mpmath (40 digits)" + source,
            "rtol": 1e-11}


# Scores of 1..5 from four stores; store 2 has no answers.
STORE_V = [4, 5, 3, 4, 5, 2, 4, 3, 2, 4, 3, 1, 3, 2, 5, 4, 4, 5]
STORE = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3]
STORE_W = [1, 2, 0.5, 1, 1.5, 1, 1, 2, 0.75, 1, 1, 0.5, 1.25, 1, 1, 2, 0, 1]


def servqual_case(name, expectations, perceptions, dimensions, scale, importance=None, segments=None, weights=None):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    width = hi - lo
    names = list(dimensions)
    shares = [Fraction(x) / sum(Fraction(y) for y in importance) for x in importance] if importance else None
    per = []
    for e, p in zip(expectations, perceptions):
        gaps = [Fraction(b) - Fraction(a) for a, b in zip(e, p)]
        dims = [sum(gaps[i] for i in dimensions[d]) / len(dimensions[d]) for d in names]
        per.append((dims, sum(dims) / len(dims), sum(s * g for s, g in zip(shares, dims)) if shares else None))
    dw = [Fraction(x).limit_denominator(10**9) for x in weights] if weights else [Fraction(1)] * len(per)

    def estimate(keep):
        w = [dw[k] for k in keep]
        out = {"dimensions": names,
               "dimension_gaps": [{k: v for k, v in mean_of([per[k][0][d] for k in keep], w, -width, width).items()
                                   if k in ("mean", "ci_low", "ci_high")} for d in range(len(names))],
               "unweighted": mean_of([per[k][1] for k in keep], w, -width, width)}
        out["weighted"] = ({k: v for k, v in mean_of([per[k][2] for k in keep], w, -width, width).items()
                            if k in ("mean", "ci_low", "ci_high")} if shares else None)
        return out

    args = {"expectations": expectations, "perceptions": perceptions, "dimensions": dimensions, "scale": list(scale)}
    if importance:
        args["importance"] = importance
    if weights:
        args["weights"] = weights
    everyone = list(range(len(per)))
    if segments is None:
        expected = estimate(everyone)
    else:
        args["segments"] = segments
        groups = [[k for k in everyone if segments[k] == g] for g in range(max(segments) + 1)]
        expected = {"segments": [estimate(keep) if keep else None for keep in groups], "total": estimate(everyone)}
    return {"name": name, "function": "satisfaction.servqual_survey", "args": args, "expected": expected,
            "source": "generate_golden_means.py: each respondent's gaps and scores and their weighted means and "
                      "linearised variances in exact fractions, Student's t quantile by mpmath (40 digits)",
            "rtol": 1e-12}


SQ_E = [[6, 7, 6, 7, 5], [5, 6, 6, 6, 6], [7, 7, 6, 5, 6], [6, 5, 7, 6, 7], [4, 6, 5, 6, 5], [7, 6, 7, 7, 6], [5, 5, 6, 4, 6]]
SQ_P = [[5, 6, 6, 4, 5], [6, 6, 5, 6, 7], [5, 7, 4, 5, 6], [6, 6, 6, 7, 5], [5, 4, 5, 6, 6], [6, 5, 7, 6, 4], [5, 6, 6, 5, 6]]
SQ_DIMS = {"assurance": [0, 1], "empathy": [2, 3], "tangibles": [4]}  # in key order: the Rust suite reads a JSON object sorted


def unanimous_difference_case():
    """Five answers of 5 against four of 3 on 1..5: no spread on either side. Each side's
    distribution-free interval at 1 - 0.05/2, [v - p (v - 1), v + p (5 - v)] with
    p = 1 - 0.025^(1/n), combined; the p-value twice the level at which the two just meet."""
    lo, hi = mpmath.mpf(1), mpmath.mpf(5)

    def free(v, n, alpha):
        p = 1 - mpmath.power(alpha, 1 / mpmath.mpf(n))
        return v - p * (v - lo), v + p * (hi - v)

    def combined(alpha):
        (al, ah), (bl, bh) = free(mpmath.mpf(5), 5, alpha), free(mpmath.mpf(3), 4, alpha)
        return max(al - bh, lo - hi), min(ah - bl, hi - lo)

    low, high = combined(mpmath.mpf("0.025"))
    meet, part = mpmath.mpf(0), mpmath.mpf(1)
    for _ in range(200):
        mid = (meet + part) / 2
        meet, part = (meet, mid) if combined(mid)[0] > 0 else (mid, part)
    return {"name": "mean difference of two unanimous samples", "function": "satisfaction.mean_difference",
            "args": {"a": [5] * 5, "b": [3] * 4, "scale": [1, 5]},
            "expected": {"difference": 2.0, "std_error": 0.0, "dof": 0.0, "p_value": float(min(2 * part, 1)),
                         "ci_low": float(low), "ci_high": float(high)},
            "source": "generate_golden_means.py: no spread on either side: the distribution-free intervals at "
                      "1 - 0.05/2 combined (Bonferroni), the p-value by bisection in mpmath",
            "rtol": 1e-10}


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
             weights=DW),
    csi_case("csi survey weighted, no segments", RATINGS, (0, 10), importance=[1, 1, 2], weights=DW),
    {"name": "csi survey design weights of another length", "function": "satisfaction.csi_survey",
     "args": {"ratings": RATINGS[:3], "scale": [1, 10], "weights": [1, 1]},
     "error": {"code": "length_mismatch", "field": "weights", "index": None},
     "source": "input rule: one design weight per respondent"},
    {"name": "csi survey rating off the scale", "function": "satisfaction.csi_survey",
     "args": {"ratings": [[5, 6], [11, 6]], "scale": [1, 10], "segments": [0, 1]},
     "error": {"code": "out_of_range", "field": "ratings", "index": 2},
     "source": "input rule: ratings on the scale (row-major index 2: row 1, column 0), as csi"},
    difference_case("mean difference of two waves (Welch)", [4, 5, 3, 4, 5, 2, 4], [3, 2, 4, 3, 1, 3, 2, 3, 2], (1, 5)),
    difference_case("mean difference weighted", [7.5, 9, 6, 8, 5.5, 10], [6, 7, 5, 8, 4], (1, 10),
                    weights_a=[1, 2, 0.5, 1, 1.5, 1], weights_b=[2, 1, 1, 0.5, 1]),
    unanimous_difference_case(),
    servqual_case("servqual survey by segment with importance", SQ_E, SQ_P, SQ_DIMS, (1, 7), importance=[30, 50, 20],
                  segments=[0, 0, 0, 2, 2, 2, 2]),
    servqual_case("servqual survey weighted by segment", SQ_E, SQ_P, SQ_DIMS, (1, 7), segments=[1, 0, 1, 0, 1, 0, 0],
                  weights=[1, 2, 0.5, 1, 1.5, 1, 1]),
    servqual_case("servqual survey weighted, no segments", SQ_E, SQ_P, SQ_DIMS, (1, 7), importance=[1, 1, 2],
                  weights=[1, 2, 0.5, 1, 1.5, 1, 1]),
    {"name": "servqual survey rating off the scale", "function": "satisfaction.servqual_survey",
     "args": {"expectations": [[5, 6], [4, 5]], "perceptions": [[5, 8], [4, 5]], "dimensions": {"a": [0], "b": [1]},
              "scale": [1, 7], "segments": [0, 1]},
     "error": {"code": "out_of_range", "field": "perceptions", "index": 1},
     "source": "input rule: ratings on the scale (default 1..7)"},
    mean_case("mean of answers on a scale", STORE_V, (1, 5)),
    mean_case("mean by segment, weighted", STORE_V, (1, 5), segments=STORE, weights=STORE_W,
              source="; store 2 has no answers (null), an answer of weight 0 counts in n and nowhere else"),
    mean_case("mean weighted, no segments", STORE_V, (1, 5), weights=STORE_W),
    mean_case("mean of one unanimous segment", [5, 5, 5, 4, 2], (1, 5), segments=[0, 0, 0, 1, 1],
              source="; segment 0 is unanimous: the distribution-free interval"),
    versus_rest_case("mean of each segment against the rest", STORE_V, (1, 5), STORE,
                     source="; store 2 has no answers (null)"),
    versus_rest_case("mean of each segment against the rest, weighted", STORE_V, (1, 5), STORE, weights=STORE_W),
    trend_case("mean trend over four waves (one without answers)", [4, 3, 5, 4, 2, 5, 4, 4, 5, 3, 5, 5, 4, 5],
               (1, 5), [0, 0, 0, 0, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3], source="; wave 2 has no answers (null)"),
    trend_case("mean trend weighted", [4, 3, 5, 4, 2, 5, 4, 4, 5, 3, 5, 5, 4, 5], (1, 5),
               [0, 0, 0, 0, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3], weights=[1, 2, 0.5, 1, 1.5, 1, 0.75, 2, 1, 0.5, 1, 1, 2, 1]),
    {"name": "mean trend weights of effective size 2", "function": "satisfaction.mean_trend",
     "args": {"values": [3, 4, 5, 4], "scale": [1, 5], "periods": [0, 0, 1, 1], "weights": [1, 0, 1, 0]},
     "error": {"code": "invalid", "field": "weights", "index": None},
     "source": "input rule: two answers' worth of weight leave no scatter to estimate the line's error from"},
    {"name": "mean trend needs two periods", "function": "satisfaction.mean_trend",
     "args": {"values": [3, 4, 5], "scale": [1, 5], "periods": [1, 1, 1]},
     "error": {"code": "invalid", "field": "segments", "index": None},
     "source": "input rule: a line needs answers in two periods"},
    {"name": "mean versus rest without segments", "function": "satisfaction.mean_versus_rest",
     "args": {"values": [3, 4, 5], "scale": [1, 5]},
     "error": {"code": "invalid", "field": "segments", "index": None},
     "source": "input rule: each segment against the rest needs segment codes"},
    {"name": "mean answer off the scale", "function": "satisfaction.mean",
     "args": {"values": [3, 4, 6], "scale": [1, 5], "segments": [0, 1, 1]},
     "error": {"code": "out_of_range", "field": "values", "index": 2},
     "source": "input rule: answers on the scale"},
    {"name": "mean negative weight", "function": "satisfaction.mean",
     "args": {"values": [3, 4, 5], "scale": [1, 5], "weights": [1, -1, 1]},
     "error": {"code": "out_of_range", "field": "weights", "index": 1},
     "source": "input rule: design weights are 0 or positive"},
    {"name": "mean difference negative weight", "function": "satisfaction.mean_difference",
     "args": {"a": [3, 4], "b": [2, 3, 4], "scale": [1, 5], "weights_b": [1, -1, 1]},
     "error": {"code": "out_of_range", "field": "weights_b", "index": 1},
     "source": "input rule: design weights are 0 or positive; the sample is named"},
    {"name": "mean difference answer off the scale", "function": "satisfaction.mean_difference",
     "args": {"a": [3, 6], "b": [2, 3, 4], "scale": [1, 5]},
     "error": {"code": "out_of_range", "field": "a", "index": 1},
     "source": "input rule: answers on the scale"},
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
