"""The golden cases of the survey tests in golden.json: satisfaction.nps_chi_square,
csat_difference, satisfaction_rate_difference and nps_trend (run from this directory:
`python3 generate_golden_survey_tests.py`, with mpmath installed for Student's t; it replaces the
cases it owns).

Pearson's chi-square of the segments x NPS categories table is computed in exact fractions from
its definition, sum over cells of (observed - expected)^2 / expected with expected = row total x
column total / n; the p-value of 4 degrees of freedom from the closed form
P(chi2_4 >= x) = exp(-x/2) (1 + x/2); Cramer's V = sqrt(x / (n (min(rows, columns) - 1))).

The difference of two shares: Newcombe (1998, Statistics in Medicine 17:873-890), method 10, the
hybrid of the two samples' Wilson (1927) score intervals; the two-proportion z-test with the
pooled share. His example (a), 56/70 against 48/80, prints the interval 0.0524 to 0.3339.

The NPS trend: ordinary least squares of each answer's value (+100, 0, -100) on its period code,
in exact fractions; the slope's standard error sqrt(SSE / (n - 2) / Sxx); the two-sided p-value
of Student's t and the interval's critical value by mpmath at 40 digits. Weighted: the sums are
weighted (Sxx = sum w (x - mean)^2, ...), n is Kish's effective size (sum w)^2 / sum w^2, and the
same formula gives the standard error on n - 2 degrees of freedom.
"""
import json
import math
from fractions import Fraction
from pathlib import Path
from statistics import NormalDist

FUNCTION = "satisfaction.nps_chi_square"
OWNED = (FUNCTION, "satisfaction.csat_difference", "satisfaction.satisfaction_rate_difference",
         "satisfaction.nps_trend")
Z95 = NormalDist().inv_cdf(0.975)


def category(v):
    return 0 if v >= 9 else (1 if v >= 7 else 2)


def table_case():
    scores = [10, 9, 10, 10, 8, 0, 3, 6, 9, 7, 10, 2, 5, 9, 10, 4, 10, 10, 9, 8, 7, 7, 8, 0, 1, 10, 9, 9, 8, 6, 5]
    segments = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 0, 0, 1, 3]
    table = {}
    for v, g in zip(scores, segments):
        table.setdefault(g, [0, 0, 0])[category(v)] += 1
    rows = [table[k] for k in sorted(table)]
    n = sum(map(sum, rows))
    columns = [sum(r[c] for r in rows) for c in range(3)]
    expected = [Fraction(sum(r) * columns[c], n) for r in rows for c in range(3)]
    observed = [r[c] for r in rows for c in range(3)]
    x = sum((o - e) ** 2 / e for o, e in zip(observed, expected))
    dof = (len(rows) - 1) * (3 - 1)
    assert dof == 4 and all(columns)
    xf = float(x)
    return {
        "name": "nps chi-square of categories by segment",
        "function": FUNCTION,
        "args": {"scores": scores, "segments": segments},
        "expected": {
            "statistic": xf, "dof": dof, "p_value": math.exp(-xf / 2) * (1 + xf / 2),
            "cramers_v": math.sqrt(xf / (n * 2)), "n": n, "segments": len(rows), "min_expected": float(min(expected)),
        },
        "source": f"generate_golden_survey_tests.py: Pearson's chi-square in exact fractions on the 3 x 3 table {rows} "
                  "(segment 2 has no answers); P(chi2_4 >= x) = exp(-x/2)(1 + x/2); V = sqrt(x / (n (3 - 1)))",
        "rtol": 1e-12,
    }


def error(name, args, code, field, index, source, function=FUNCTION):
    return {"name": name, "function": function, "args": args,
            "error": {"code": code, "field": field, "index": index}, "source": source}


def wilson(hits, n, z=Z95):
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return p, centre - half, centre + half


def difference(hits_a, n_a, hits_b, n_b):
    """Newcombe's method 10 and the pooled z-test: the expected fields of a ShareDifference."""
    (p1, l1, u1), (p2, l2, u2) = wilson(hits_a, n_a), wilson(hits_b, n_b)
    d = p1 - p2
    pooled = (hits_a + hits_b) / (n_a + n_b)
    z = d / math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return {
        "difference": d,
        "std_error": math.sqrt(p1 * (1 - p1) / n_a + p2 * (1 - p2) / n_b),
        "z": z, "p_value": math.erfc(abs(z) / math.sqrt(2)),
        "ci_low": d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        "ci_high": d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
        "a.share": p1, "b.share": p2, "a.ci_low": l1, "b.ci_high": u2,
    }


NEWCOMBE = "Newcombe (1998), Statistics in Medicine 17:873-890, example (a) 56/70 vs 48/80: method 10 interval 0.0524 to 0.3339"
DIFFERENCES = [
    {"name": "csat difference: Newcombe's example (a), as printed", "function": "satisfaction.csat_difference",
     "args": {"responses_a": [5] * 56 + [1] * 14, "responses_b": [4] * 48 + [2] * 32},
     "expected": {"difference": 0.2, "ci_low": 0.0524, "ci_high": 0.3339},
     "source": NEWCOMBE + " (his four printed digits, to 1e-3 relative)", "rtol": 1e-3},
    {"name": "csat difference: Newcombe's example (a), full precision", "function": "satisfaction.csat_difference",
     "args": {"responses_a": [5] * 56 + [1] * 14, "responses_b": [4] * 48 + [2] * 32},
     "expected": difference(56, 70, 48, 80),
     "source": "generate_golden_survey_tests.py: Wilson intervals and Newcombe's method 10 in Python floats; "
               "pooled two-proportion z-test, p = erfc(|z|/sqrt 2); " + NEWCOMBE, "rtol": 1e-12},
    {"name": "satisfaction rate difference, threshold 7", "function": "satisfaction.satisfaction_rate_difference",
     "args": {"ratings_a": [9, 7, 8, 10, 6, 3, 7, 9], "ratings_b": [5, 7, 2, 6, 8, 4], "threshold": 7},
     "expected": difference(6, 8, 2, 6),
     "source": "generate_golden_survey_tests.py: 6 of 8 ratings at or above 7 against 2 of 6; Wilson, Newcombe's "
               "method 10 and the pooled z-test as above", "rtol": 1e-12},
    error("csat difference names the second sample", {"responses_a": [5, 4], "responses_b": [5, 6]},
          "out_of_range", "responses_b", 1, "input rule: 6 is off the 1-5 scale, in the second sample",
          "satisfaction.csat_difference"),
    error("satisfaction rate difference names the first sample", {"ratings_a": [7, "NaN"], "ratings_b": [5, 6],
          "threshold": 7}, "not_finite", "ratings_a", 1, "input rule: NaN under nan_policy raise, in the first sample",
          "satisfaction.satisfaction_rate_difference"),
]


CASES = [
    table_case(),
    error("nps chi-square refuses weights", {"scores": [10, 0, 9, 3], "segments": [0, 0, 1, 1], "weights": [1, 2, 1, 1]},
          "invalid", "weights", None, "the test counts answers: a weighted design is refused, not tested as if unweighted"),
    error("nps chi-square needs two categories", {"scores": [10, 9, 9, 10], "segments": [0, 0, 1, 1]},
          "invalid", "scores", None, "every answer a promoter: no table to test"),
    error("nps chi-square needs two segments with answers", {"scores": [10, 0, 9, 3], "segments": [1, 1, 1, 1]},
          "invalid", "segments", None, "one segment with answers (code 0 has none): nothing to compare"),
    error("nps chi-square names a bad score", {"scores": [10, 0, 11, 3], "segments": [0, 0, 1, 1]},
          "out_of_range", "scores", 2, "input rule: 11 is off the 0-10 scale"),
]

def trend_case(name, scores, periods, weights=None, source=""):
    import mpmath
    mpmath.mp.dps = 40
    y = [Fraction(100 if v >= 9 else (0 if v >= 7 else -100)) for v in scores]
    w = [Fraction(v) for v in weights] if weights else [Fraction(1)] * len(y)
    by_period = [[(b, u) for a, b, u in zip(periods, y, w) if a == k] for k in range(max(periods) + 1)]
    # the NPS of each period: its answers' weighted mean value
    period_scores = [float(sum(b * u for b, u in v) / sum(u for _, u in v)) if v else None for v in by_period]
    x = [Fraction(k) for k in periods]
    total = sum(w)
    mx, my = sum(u * a for u, a in zip(w, x)) / total, sum(u * b for u, b in zip(w, y)) / total
    sxx = sum(u * (a - mx) ** 2 for u, a in zip(w, x))
    sxy = sum(u * (a - mx) * (b - my) for u, a, b in zip(w, x, y))
    syy = sum(u * (b - my) ** 2 for u, b in zip(w, y))
    slope = sxy / sxx
    n = total ** 2 / sum(u * u for u in w)  # Kish's effective size: the count when unweighted
    dof = n - 2
    se = mpmath.sqrt(mpmath.mpf(syy - slope * sxy) / mpmath.mpf(dof) / mpmath.mpf(sxx))
    t = mpmath.mpf(slope) / se
    d = mpmath.mpf(dof)
    p = mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + t * t), regularized=True)
    crit = mpmath.findroot(lambda c: mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + c * c),
                                                    regularized=True) - mpmath.mpf("0.05"), 2)
    args = {"scores": scores, "periods": periods}
    if weights:
        args["weights"] = weights
    return {
        "name": name, "function": "satisfaction.nps_trend", "args": args,
        "expected": {"slope": float(slope), "std_error": float(se), "t": float(t), "dof": float(dof),
                     "p_value": float(p), "ci_low": float(mpmath.mpf(slope) - crit * se),
                     "ci_high": float(mpmath.mpf(slope) + crit * se), "periods.*.score": period_scores},
        "source": "generate_golden_survey_tests.py: least squares of +100/0/-100 on the period code in exact "
                  "fractions; Student's t p-value and 95 % critical value by mpmath (40 digits)" + source,
        "rtol": 1e-12,
    }


TREND_SCORES = [0, 3, 6, 9, 10, 7, 2, 9, 10, 10, 8, 5, 9, 10, 10, 4, 9, 7, 10, 6, 10, 9, 10]
TREND_PERIODS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4]
TREND_WEIGHTS = [1, 2, 0.5, 1, 1.5, 1, 0.75, 2, 1, 0.5, 1, 1, 2, 1, 0.5, 1.5, 1, 1, 0.25, 1, 2, 1, 1.5]


TRENDS = [
    trend_case("nps trend over five quarters (one without answers)", TREND_SCORES, TREND_PERIODS),
    trend_case("nps trend weighted", TREND_SCORES, TREND_PERIODS, TREND_WEIGHTS,
               "; weighted least squares, Kish's effective n = (sum w)^2 / sum w^2 for n"),
    error("nps trend weights of effective size 2", {"scores": [10, 0, 9, 3], "periods": [0, 0, 1, 1],
                                                    "weights": [1, 0, 1, 0]},
          "invalid", "weights", None, "two answers' worth of weight: no scatter to estimate the error from",
          "satisfaction.nps_trend"),
    error("nps trend needs two periods", {"scores": [10, 0, 9, 3], "periods": [2, 2, 2, 2]},
          "invalid", "segments", None, "one period with answers: no trend", "satisfaction.nps_trend"),
    error("nps trend needs three answers", {"scores": [10, 0], "periods": [0, 1]},
          "empty", "scores", None, "a line through two answers has no scatter to estimate its error from",
          "satisfaction.nps_trend"),
]

if __name__ == "__main__":
    path = Path(__file__).with_name("golden.json")
    doc = json.loads(path.read_text())
    kept = [c for c in doc["cases"] if c["function"] not in OWNED]
    at = max(i for i, c in enumerate(kept) if c["function"] == "satisfaction.nps_versus_rest") + 1
    doc["cases"] = kept[:at] + CASES + DIFFERENCES + TRENDS + kept[at:]
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES) + len(DIFFERENCES) + len(TRENDS)} cases of {', '.join(OWNED)} written")
