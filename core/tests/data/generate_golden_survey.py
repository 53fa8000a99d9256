"""Writes the "survey ..." cases of golden.json: NPS and proportion intervals, weights and
segments, with reference values from scipy and statsmodels (never from custometrics).

Run it in a throwaway virtual environment (it is not part of the test suite):

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy scipy statsmodels
    /tmp/ref/bin/python core/tests/data/generate_golden_survey.py

It replaces every case whose name starts with "survey " and keeps the others. Written with
numpy 2.x, scipy 1.17.1, statsmodels 0.15.0.
"""

import json
import math
from pathlib import Path

import numpy as np
from scipy import integrate, optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden.json"
Z95 = stats.norm.ppf(0.975)


def cats(scores):
    s = np.asarray(scores)
    return int((s >= 9).sum()), int(((s >= 7) & (s <= 8)).sum()), int((s <= 6).sum())


def adjusted_wald(p, q, d, conf=0.95):
    """Rocks (2016): 3 pseudo-answers, 3/4 promoter, 3/4 detractor, 3/2 passive."""
    z = stats.norm.ppf(0.5 + conf / 2)
    n = p + q + d + 3
    pp, pd = (p + 0.75) / n, (d + 0.75) / n
    c = pp - pd
    half = z * math.sqrt((pp + pd - c * c) / n)
    return max(-100, 100 * (c - half)), min(100, 100 * (c + half))


def posterior(p, q, d, prior, conf, threshold):
    """Dirichlet(prior + counts): P(p+ - p- <= t) = int f_X(x) P(Y >= x - t | x) dx with
    X ~ Beta(a, b + c), Y | X = x ~ (1 - x) Beta(c, b); quantiles by root finding."""
    a, b, c = prior + p, prior + q, prior + d

    def cdf(t):
        def g(x):
            y = (x - t) / (1 - x) if x < 1 else 0.0
            tail = 1.0 if y <= 0 else (0.0 if y >= 1 else stats.beta.sf(y, c, b))
            return stats.beta.pdf(x, a, b + c) * tail

        return integrate.quad(g, 0, 1, limit=200, epsabs=1e-12)[0]

    lo = optimize.brentq(lambda t: cdf(t) - (1 - conf) / 2, -0.999999, 0.999999)
    hi = optimize.brentq(lambda t: cdf(t) - (1 + conf) / 2, -0.999999, 0.999999)
    return 100 * lo, 100 * hi, 1 - cdf(threshold / 100)


def exact_bootstrap(p, q, d, conf):
    """The exact distribution of the resampled NPS (multinomial over n answers) and its
    (1-conf)/2 and (1+conf)/2 quantiles."""
    n = p + q + d
    probs = np.array([p, q, d]) / n
    vals, ws = [], []
    for kp in range(n + 1):
        for kd in range(n + 1 - kp):
            vals.append(100 * (kp - kd) / n)
            ws.append(stats.multinomial.pmf([kp, n - kp - kd, kd], n, probs))
    order = np.argsort(vals)
    v, cw = np.asarray(vals)[order], np.cumsum(np.asarray(ws)[order])
    q_ = lambda r: v[np.searchsorted(cw, r)]
    return q_((1 - conf) / 2), q_((1 + conf) / 2)


def weighted_nps(scores, w):
    s, w = np.asarray(scores, float), np.asarray(w, float)
    y = np.where(s >= 9, 1.0, np.where(s <= 6, -1.0, 0.0))
    W = w.sum()
    m = (w * y).sum() / W
    se = math.sqrt(((w * (y - m)) ** 2).sum() / W**2)
    return 100 * m, 100 * se, W**2 / (w**2).sum()


def case(name, function, args, expected, source, **tol):
    return {"name": "survey " + name, "function": "satisfaction." + function, "args": args, "expected": expected,
            "source": source, **tol}


def error(name, function, args, code, field, index):
    return {"name": "survey " + name, "function": "satisfaction." + function, "args": args,
            "error": {"code": code, "field": field, "index": index}, "source": "input rule: " + name}


cases = []

# NPS: adjusted Wald on the n = 21 unanimous sample and on a mixed one.
for label, scores in [("21 promoters", [10] * 21), ("mixed 20", [10] * 9 + [8] * 5 + [3] * 6)]:
    lo, hi = adjusted_wald(*cats(scores))
    cases.append(case(f"nps adjusted wald {label}", "nps", {"scores": scores, "method": "adjusted_wald"},
                      {"ci_low": lo, "ci_high": hi, "method": "adjusted_wald"},
                      "Rocks (2016), The American Statistician 70(4): Wald interval with 3/4 promoter, 3/4 "
                      "detractor and 3/2 passive pseudo-answers added; scipy.stats.norm.ppf for z"))

# Wald clipped to the scale (the n = 21 example would reach 108.7 unclipped).
scores = [10] * 18 + [0] * 2 + [8]
p, q, d = cats(scores)
n = p + q + d
c = (p - d) / n
se = math.sqrt(((p + d) / n - c * c) / n)
cases.append(case("nps wald clipped to 100", "nps", {"scores": scores},
                  {"score": 100 * c, "std_error": 100 * se, "ci_low": 100 * c - Z95 * 100 * se, "ci_high": 100.0},
                  "Wald: 100(p+ - p-) +/- z SE; upper end min(100, ...) as the scale's bound"))

# Bayes: Dirichlet(1 + counts), credible interval and P(NPS > 30), 10000 seeded draws against
# numerical integration; Monte Carlo error of the draws is ~0.4 points and ~0.005 in P.
scores = [10] * 12 + [7] * 5 + [2] * 3
lo, hi, above = posterior(*cats(scores), 1.0, 0.95, 30.0)
cases.append(case("nps bayes uniform prior", "nps", {"scores": scores, "method": "bayes", "threshold": 30.0, "seed": 3},
                  {"ci_low": lo, "ci_high": hi, "method": "bayes"},
                  "posterior Dirichlet(1+12, 1+5, 1+3): quantiles of p+ - p- by scipy.integrate.quad over "
                  "scipy.stats.beta and brentq; atol 1.5 points covers the 10000 draws' error", atol=1.5))
cases.append(case("nps bayes P above 30", "nps", {"scores": scores, "method": "bayes", "threshold": 30.0, "seed": 3},
                  {"prob_above": above}, "as above: 1 - CDF(0.30); atol 0.02 covers the draws' error", atol=0.02))

# Bootstrap: the exact multinomial bootstrap distribution's quantiles; the draws' percentile
# interpolates between order statistics, so within one step of 100/n points.
scores = [10] * 8 + [8] * 6 + [4] * 6
lo, hi = exact_bootstrap(*cats(scores), 0.95)
cases.append(case("nps bootstrap n 20", "nps", {"scores": scores, "method": "bootstrap", "seed": 11},
                  {"ci_low": float(lo), "ci_high": float(hi), "score": 10.0},
                  "exact bootstrap distribution of the resampled NPS (scipy.stats.multinomial over every "
                  "outcome), its 2.5 % and 97.5 % quantiles; atol 5 = one step of 100/20 points", atol=5.0))

# Proportions: statsmodels.stats.proportion.proportion_confint.
for count, nobs, method, sm, conf in [(7, 10, "wilson", "wilson", 0.95), (7, 10, "agresti_coull", "agresti_coull", 0.95),
                                      (7, 10, "clopper_pearson", "beta", 0.95), (7, 10, "wald", "normal", 0.95),
                                      (10, 10, "clopper_pearson", "beta", 0.9), (10, 10, "wilson", "wilson", 0.95),
                                      (1, 40, "agresti_coull", "agresti_coull", 0.99)]:
    lo, hi = proportion_confint(count, nobs, alpha=1 - conf, method=sm)
    responses = [5] * count + [2] * (nobs - count)
    cases.append(case(f"csat {method} {count} of {nobs} at {conf}", "csat",
                      {"responses": responses, "method": method, "confidence": conf},
                      {"share": count / nobs, "ci_low": max(0.0, lo), "ci_high": min(1.0, hi), "method": method},
                      f"statsmodels 0.15 proportion_confint({count}, {nobs}, alpha={1 - conf:.2g}, method='{sm}'), "
                      "clipped to [0, 1]", rtol=1e-9))
lo, hi = proportion_confint(3, 8, alpha=0.1, method="wilson")
cases.append(case("satisfaction rate wilson 90%", "satisfaction_rate",
                  {"ratings": [90, 75, 80, 40, 50, 60, 65, 10], "threshold": 75.0, "confidence": 0.9},
                  {"count": 3, "n": 8, "ci_low": lo, "ci_high": hi, "method": "wilson"},
                  "statsmodels 0.15 proportion_confint(3, 8, alpha=0.1, method='wilson')", rtol=1e-9))

# Weights: weighted shares, Kish's effective n, linearised SE (numpy).
scores = [10, 9, 8, 3, 0, 10, 7, 6]
w = [1.5, 0.5, 2.0, 1.0, 1.0, 3.0, 0.5, 0.5]
score, se, neff = weighted_nps(scores, w)
cases.append(case("nps weighted", "nps", {"scores": scores, "weights": w},
                  {"score": score, "std_error": se, "effective_n": neff, "n": 8,
                   "ci_low": max(-100, score - Z95 * se), "ci_high": min(100, score + Z95 * se)},
                  "numpy: sum(w y)/sum(w) with y = +1/0/-1, SE^2 = sum(w^2 (y - mean)^2)/sum(w)^2, Kish "
                  "n_eff = sum(w)^2/sum(w^2); Wald interval"))
hits = np.array([5, 4, 3, 5, 1, 2]) >= 4
wc = np.array([2.0, 1.0, 1.0, 0.5, 0.5, 3.0])
p = (wc * hits).sum() / wc.sum()
neff = wc.sum() ** 2 / (wc**2).sum()
lo, hi = proportion_confint(p * neff, neff, method="wilson")
cases.append(case("csat weighted wilson", "csat", {"responses": [5, 4, 3, 5, 1, 2], "weights": wc.tolist()},
                  {"share": p, "effective_n": neff, "ci_low": lo, "ci_high": hi},
                  "numpy weighted share; Wilson at Kish's n_eff: statsmodels proportion_confint(p n_eff, n_eff, "
                  "method='wilson')", rtol=1e-9))

# Segments: one result per segment and the total (numpy per group).
scores = [10, 9, 0, 8, 10, 3, 7, 9, 10, 1]
seg = [0, 0, 0, 1, 1, 1, 1, 3, 3, 3]
segs = []
for k in range(4):
    s = [x for x, g in zip(scores, seg) if g == k]
    if not s:
        segs.append(None)
        continue
    p, q, d = cats(s)
    segs.append({"score": 100 * (p - d) / len(s), "n": len(s), "promoters": p})
p, q, d = cats(scores)
cases.append(case("nps by segment", "nps", {"scores": scores, "segments": seg},
                  {"segments": segs, "total": {"score": 100 * (p - d) / len(scores), "n": len(scores)}},
                  "numpy: NPS of each group's scores; segment 2 has no answers (null)"))

responses = [5, 4, 1, 2, 5, 5, 3]
seg = ["north", "north", "north", "south", "south", "west", "west"]
labels = sorted(set(seg))
rows = []
for k in labels:
    r = [x for x, g in zip(responses, seg) if g == k]
    hits = sum(x >= 4 for x in r)
    lo, hi = proportion_confint(hits, len(r), method="wilson")
    rows.append({"count": hits, "n": len(r), "share": hits / len(r), "ci_low": lo, "ci_high": hi})
cases.append(case("csat by segment labels", "csat", {"responses": responses, "segments": seg},
                  {"segments": rows, "total": {"count": int(sum(x >= 4 for x in responses)), "n": len(responses)}},
                  "per label (sorted) the top-2-box share and statsmodels 0.15 proportion_confint(method='wilson')",
                  rtol=1e-9))
ratings = [80, 60, 90, 70, 50, 95]
seg = [1, 1, 0, 0, 0, 1]
w = [1.0, 2.0, 1.0, 1.0, 2.0, 1.0]
rows = []
for k in (0, 1):
    idx = [i for i, g in enumerate(seg) if g == k]
    ww = np.array([w[i] for i in idx])
    h = np.array([ratings[i] >= 70 for i in idx], float)
    p = (ww * h).sum() / ww.sum()
    rows.append({"share": p, "effective_n": ww.sum() ** 2 / (ww**2).sum(),
                 "std_error": math.sqrt(((ww * (h - p)) ** 2).sum()) / ww.sum()})
cases.append(case("satisfaction rate weighted by segment", "satisfaction_rate",
                  {"ratings": ratings, "threshold": 70.0, "segments": seg, "weights": w},
                  {"segments": rows}, "numpy: weighted share, Kish n_eff and linearised SE per segment"))

# Each segment against the rest: the two-sample Wald test of NPS, then Holm over the segments.
scores = [10, 9, 10, 10, 8, 0, 3, 6, 9, 7, 10, 2, 5, 9, 10, 4]
seg = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3]


def nps_se(s):
    p, q, d = cats(s)
    n = len(s)
    pp, pd = p / n, d / n
    return 100 * (pp - pd), 100 * math.sqrt((pp + pd - (pp - pd) ** 2) / n)


z90 = stats.norm.ppf(0.95)
rows, ps = [], []
for k in range(4):
    inside = [x for x, g in zip(scores, seg) if g == k]
    if not inside:
        rows.append(None)
        continue
    (a, sa), (b, sb) = nps_se(inside), nps_se([x for x, g in zip(scores, seg) if g != k])
    se = math.hypot(sa, sb)
    p_value = 2 * stats.norm.sf(abs(a - b) / se)
    ps.append(p_value)
    rows.append({"score": a, "rest_score": b, "difference": a - b, "std_error": se, "p_value": p_value,
                 "ci_low": a - b - z90 * se, "ci_high": a - b + z90 * se})
holm = iter(multipletests(ps, method="holm")[1])
for r in rows:
    if r is not None:
        r["p_holm"] = next(holm)
cases.append(case("nps versus rest", "nps_versus_rest", {"scores": scores, "segments": seg, "confidence": 0.9},
                  {"segments": rows}, "numpy: the two-sample Wald test of each segment against the others "
                  "(scipy norm); statsmodels 0.15 multipletests(method='holm'); segment 2 has no answers (null)",
                  rtol=1e-9))


def ipf(margins, base=None, sweeps=1000):
    """Deming & Stephan (1940) iterative proportional fitting, numpy, until nothing moves."""
    n = len(margins[0][0])
    w = np.ones(n) if base is None else np.asarray(base, float)
    for _ in range(sweeps):
        for codes, targets in margins:
            codes = np.asarray(codes)
            sums = np.bincount(codes, weights=w, minlength=len(targets))
            w = w * (np.asarray(targets, float) / sums)[codes]
    return w


margins = [([0, 0, 0, 1, 1, 2, 2, 2], [40.0, 35.0, 25.0]), ([0, 1, 0, 1, 1, 0, 1, 0], [55.0, 45.0])]
w = ipf(margins)
cases.append(case("rake two margins", "rake", {"margins": [list(m) for m in margins]},
                  {"weights": w.tolist(), "converged": True, "effective_n": w.sum() ** 2 / (w**2).sum()},
                  "numpy iterative proportional fitting (Deming & Stephan 1940), 1000 sweeps", rtol=1e-9))
base = [1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0]
w = ipf(margins, base)
cases.append(case("rake from base weights", "rake", {"margins": [list(m) for m in margins], "base": base},
                  {"weights": w.tolist(), "converged": True},
                  "numpy iterative proportional fitting from the base weights, 1000 sweeps", rtol=1e-9))

cases += [
    error("rake code outside the targets", "rake", {"margins": [[[0, 3], [1.0, 1.0]]]}, "out_of_range",
          "margins[0].codes", 1),
    error("rake margins of different totals", "rake", {"margins": [[[0, 1], [1.0, 1.0]], [[0, 1], [1.0, 2.0]]]},
          "invalid", "margins[1].targets", None),
    error("rake negative base weight", "rake", {"margins": [[[0, 1], [1.0, 1.0]]], "base": [1.0, -2.0]},
          "out_of_range", "base", 1),
]

cases += [
    error("nps negative weight", "nps", {"scores": [10, 9, 0], "weights": [1, -1, 1]}, "out_of_range", "weights", 1),
    error("nps weight beyond 1e100", "nps", {"scores": [10, 9, 0], "weights": [1, 1e300, 1]}, "out_of_range",
          "weights", 1),
    error("nps NaN weight", "nps", {"scores": [10, 9, 0], "weights": [1, 1, "NaN"]}, "not_finite", "weights", 2),
    error("nps all-zero weights", "nps", {"scores": [10, 9], "weights": [0, 0]}, "invalid", "weights", None),
    error("nps weights length", "nps", {"scores": [10, 9], "weights": [1, 1, 1]}, "length_mismatch", "weights", None),
    error("nps segment code negative", "nps", {"scores": [10, 9, 5], "segments": [0, 1, -1]}, "out_of_range",
          "segments", 2),
    error("nps segment code fractional", "nps", {"scores": [10, 9, 5], "segments": [0, 1.5, 1]}, "out_of_range",
          "segments", 1),
    error("nps segments length", "nps", {"scores": [10, 9, 5], "segments": [0, 1]}, "length_mismatch", "segments",
          None),
    error("nps resamples below 100", "nps", {"scores": [10, 9], "method": "bootstrap", "resamples": 99},
          "out_of_range", "resamples", None),
    error("nps prior not positive", "nps", {"scores": [10, 9], "method": "bayes", "prior": 0.0}, "out_of_range",
          "prior", None),
    error("csat confidence 1", "csat", {"responses": [5, 4], "confidence": 1.0}, "out_of_range", "confidence", None),
]

golden = json.loads(GOLDEN.read_text())
golden["cases"] = [c for c in golden["cases"] if not c["name"].startswith("survey ")] + cases
GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
print(f"{len(cases)} survey cases")
