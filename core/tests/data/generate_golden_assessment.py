"""Writes core/tests/data/golden_assessment.json: the golden vectors of the assessment module,
read by the Rust, Python and JS suites alike.

    python3 core/tests/data/generate_golden_assessment.py   # needs mpmath (pip install mpmath)

The expected values are computed here from the definitions, independently of custometrics:

- Sums, shares, means, medians, ranks and decision-matrix totals in exact rational arithmetic
  (fractions.Fraction), converted to float at the end; sample variances likewise.
- Student's t: critical values by bisection (160 halvings) on the two-sided tail
  I_{df/(df+t^2)}(df/2, 1/2) (mpmath.betainc, regularised) at 40 digits; the same tail gives the
  p-values of Welch's test (Welch 1947; Welch-Satterthwaite degrees of freedom).
- r_wg(j) of James, Demaree & Wolf (1984): J(1 - s2/sEU) / (J(1 - s2/sEU) + s2/sEU), with s2 the
  mean of the items' sample variances, sEU = (A^2 - 1)/12 for A scale points, and 0 where
  s2 >= sEU (LeBreton & Senter 2008).
- AHP (Saaty 1977, 1980): the principal eigenvector by mpmath.eig at 40 digits (not by power
  iteration, which custometrics uses), lambda_max, CI = (lambda_max - n)/(n - 1), CR = CI/RI with
  Saaty's random indices.
- Weight sensitivity of the decision matrix: every tie point t where alternative b's total,
  t r_bk + (1 - t) B_b, meets the best one's, solved exactly with fractions; the nearest in [0, 1].

Answers and scores are drawn from a fixed linear congruential generator, so reruns give the same
file. Error cases state which input is wrong and what code, field and index the error must name.
"""

import json
from fractions import Fraction as F
from pathlib import Path

from mpmath import betainc, eig, matrix, mp, mpf

mp.dps = 40
HERE = Path(__file__).parent

COUNTS = [7, 5, 4, 7, 4, 7, 6]
IDS = [
    "culture_and_climate",
    "being_with_customers",
    "find_and_fix_problems",
    "customer_information",
    "reaching_out",
    "capability_and_empowerment",
    "process_and_product_improvement",
]
RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
NAN = "NaN"


class Lcg:
    def __init__(self, seed):
        self.s = seed

    def next(self, n):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.s >> 33) % n


def fl(x):
    return None if x is None else float(x)


def mean(v):
    return sum(v, F(0)) / len(v)


def var(v):
    m = mean(v)
    return sum(((x - m) ** 2 for x in v), F(0)) / (len(v) - 1)


def sqrt(x):
    return mp.sqrt(mpf(x.numerator) / x.denominator) if isinstance(x, F) else mp.sqrt(x)


def t_tail(t, df):
    df = mpf(df)
    return betainc(df / 2, mpf(1) / 2, 0, df / (df + mpf(t) ** 2), regularized=True)


def t_crit(conf, df):
    alpha = 1 - mpf(conf)
    lo, hi = mpf(0), mpf(1)
    while t_tail(hi, df) > alpha:
        lo, hi = hi, 2 * hi
    for _ in range(160):  # bisection to far below f64 precision
        mid = (lo + hi) / 2
        if t_tail(mid, df) > alpha:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# ---------------------------------------------------------------- orientation


def score_row(row, counts, high, policy, max_missing, low_answer):
    cats, j, answered_all, missing = [], 0, 0, 0
    low_items = []
    for c in counts:
        vals = row[j : j + c]
        got = [F(v) for v in vals if v != NAN]
        for k, v in enumerate(vals):
            if v != NAN and v <= low_answer:
                low_items.append(j + k)
        missing += c - len(got)
        cats.append((got, c))
        j += c
    n_items = sum(counts)
    if policy == "omit" and (missing > F(max_missing) * n_items or any(not g for g, _ in cats)):
        return None
    out = []
    for got, c in cats:
        total = sum(got, F(0)) / len(got) * c
        out.append(dict(total=total, max=c * high, share=total / (c * high), answered=len(got)))
    total = sum((c["total"] for c in out), F(0))
    share = total / (n_items * high)
    weakest = sorted(range(len(out)), key=lambda k: (out[k]["share"], k))
    return dict(categories=out, total=total, max=n_items * high, share=share, weakest_first=weakest, low_items=low_items, missing=missing)


def stats(shares, conf):
    n = len(shares)
    if n == 0:
        return dict(n=0, mean_share=None, sd=None, std_error=None, ci_low=None, ci_high=None)
    m = mean(shares)
    if n == 1:
        return dict(n=1, mean_share=fl(m), sd=None, std_error=None, ci_low=None, ci_high=None)
    sd = sqrt(var(shares))
    se = sd / mp.sqrt(n)
    h = t_crit(conf, n - 1) * se
    mm = mpf(m.numerator) / m.denominator
    return dict(n=n, mean_share=fl(m), sd=fl(sd), std_error=fl(se), ci_low=fl(mm - h), ci_high=fl(mm + h))


def rwg(rows, items, points, policy):
    seu = F(points * points - 1, 12)
    vs = []
    for j in items:
        vals = [F(r[j]) for r in rows if r[j] != NAN]
        if len(vals) > 1:
            vs.append(var(vals))
    if not vs:
        return None
    ratio = mean(vs) / seu
    if ratio >= 1:
        return 0.0
    J = len(vs)
    return fl(J * (1 - ratio) / (J * (1 - ratio) + ratio))


def welch(a, b, conf):
    if not a or not b:
        return dict(difference=None, std_error=None, df=None, t=None, p_value=None, ci_low=None, ci_high=None)
    d = mean(a) - mean(b)
    if len(a) < 2 or len(b) < 2:
        return dict(difference=fl(d), std_error=None, df=None, t=None, p_value=None, ci_low=None, ci_high=None)
    va, vb = var(a) / len(a), var(b) / len(b)
    se2 = va + vb
    if se2 == 0:
        df, t = F(len(a) + len(b) - 2), (0.0 if d == 0 else float("inf") * (1 if d > 0 else -1))
        p = 1.0 if d == 0 else 0.0
        se = mpf(0)
    else:
        df = se2 * se2 / (va * va / (len(a) - 1) + vb * vb / (len(b) - 1))
        se = sqrt(se2)
        t = (mpf(d.numerator) / d.denominator) / se
        p = t_tail(t, mpf(df.numerator) / df.denominator)
    dfm = mpf(df.numerator) / df.denominator
    h = t_crit(conf, dfm) * se
    dm = mpf(d.numerator) / d.denominator
    return dict(difference=fl(d), std_error=fl(se), df=fl(df), t=fl(t), p_value=fl(p), ci_low=fl(dm - h), ci_high=fl(dm + h))


def orientation(answers, counts=COUNTS, high=5, low=1, groups=None, policy="raise", max_missing=0.2, conf=0.95, low_answer=2):
    scored = [score_row(r, counts, high, policy, max_missing, low_answer) for r in answers]
    starts = [sum(counts[:k]) for k in range(len(counts))]
    points = high - low + 1

    def group(members):
        ok = [r for r in members if scored[r] is not None]
        cats = []
        for k, c in enumerate(counts):
            s = stats([scored[r]["categories"][k]["share"] for r in ok], conf)
            s["rwg"] = rwg([answers[r] for r in ok], range(starts[k], starts[k] + c), points, policy)
            cats.append(s)
        ov = stats([scored[r]["share"] for r in ok], conf)
        ov["rwg"] = rwg([answers[r] for r in ok], range(sum(counts)), points, policy)
        return dict(n=len(ok), excluded=len(members) - len(ok), categories=cats, overall=ov), ok

    res = dict(respondents=[None if s is None else jsonable(s) for s in scored], excluded=[i for i, s in enumerate(scored) if s is None])
    res["all"], _ = group(list(range(len(answers))))
    gs, members = [], {}
    for i, g in enumerate(groups or []):
        members.setdefault(g, []).append(i)
    labels = list(members)
    oks = {}
    for g in labels:
        st, oks[g] = group(members[g])
        st["group"] = g
        gs.append(st)
    res["groups"] = gs
    gaps = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            cats = [
                welch([scored[r]["categories"][k]["share"] for r in oks[a]], [scored[r]["categories"][k]["share"] for r in oks[b]], conf)
                for k in range(len(counts))
            ]
            ov = welch([scored[r]["share"] for r in oks[a]], [scored[r]["share"] for r in oks[b]], conf)
            gaps.append(dict(a=a, b=b, categories=cats, overall=ov))
    res["gaps"] = gaps
    return res


def jsonable(s):
    return dict(
        categories=[{k: (fl(v) if isinstance(v, F) else v) for k, v in c.items()} for c in s["categories"]],
        total=fl(s["total"]),
        max=s["max"],
        share=fl(s["share"]),
        weakest_first=s["weakest_first"],
        low_items=s["low_items"],
        missing=s["missing"],
    )


def flat_expected(res, paths):
    out = {}
    for p in paths:
        out[p] = pick(res, p)
    return out


def pick(v, path):
    if path == ".":
        return v
    steps = path.split(".")

    def walk(v, steps):
        if not steps:
            return v
        if v is None:
            return None
        s, rest = steps[0], steps[1:]
        if s == "*":
            return [walk(x, rest) for x in v]
        return walk(v[s], rest)

    return walk(v, steps)


def answers_matrix(rng, rows, cols, lo=1, hi=5, bias=None):
    out = []
    for r in range(rows):
        row = []
        for c in range(cols):
            v = lo + rng.next(hi - lo + 1)
            if bias is not None:
                v = min(hi, max(lo, v + bias[r]))
            row.append(v)
        out.append(row)
    return out


# ---------------------------------------------------------------- excellence

GBT = [("4.1", 100), ("4.2", 80), ("4.3", 90), ("4.4", 120), ("4.5", 110), ("4.6", 100), ("4.7", 400)]


def units(frame_items):
    us = []
    for k, (cid, pts) in enumerate(GBT):
        if cid in frame_items:
            us += [(iid, k, F(p)) for iid, p in frame_items[cid]]
        else:
            us.append((cid, k, F(pts)))
    return us


def sheet(us, percents, policy):
    units_out, cats, missing = [], [F(0)] * len(GBT), 0
    nan_cat = [False] * len(GBT)
    for (iid, k, pts), p in zip(us, percents):
        if p is None:
            missing += 1
            earned = F(0) if policy == "omit" else None
        else:
            earned = pts * p / 100
        if earned is None:
            nan_cat[k] = True
        else:
            cats[k] += earned
        units_out.append(dict(unit=iid, band=band(p), points=fl(pts), percent=fl(p) if p is not None else NAN, earned=fl(earned) if earned is not None else NAN, lost=fl(pts - earned) if earned is not None else NAN))
    lost = [pts - (pts * p / 100 if p is not None else 0) for (_, _, pts), p in zip(us, percents)]
    prio = sorted(range(len(us)), key=lambda j: (-lost[j], j))
    cat_out = [dict(category=cid, points=pts, earned=fl(cats[k]), share=fl(cats[k] / pts)) for k, (cid, pts) in enumerate(GBT)]
    return dict(units=units_out, categories=cat_out, total=fl(sum(cats, F(0))), points=1000, priorities=prio, missing=missing)


BANDS = [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)]  # the scoring guidelines' bands


def band(p):
    return None if p is None else next((k for k, (lo, hi) in enumerate(BANDS) if lo <= p <= hi), None)


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def excellence(scores, frame_items=None, policy="raise", disagreement=20):
    us = units(frame_items or {})
    rows = [[None if x == NAN else F(x) for x in r] for r in scores]
    examiners = [sheet(us, r, policy) for r in rows]
    cons = []
    for j, (iid, _, _) in enumerate(us):
        vals = [r[j] for r in rows if r[j] is not None]
        rng = max(vals) - min(vals)
        cons.append(
            dict(unit=iid, n=len(vals), median=fl(median(vals)), mean=fl(mean(vals)), min=fl(min(vals)), max=fl(max(vals)), range=fl(rng), sd=fl(sqrt(var(vals))) if len(vals) > 1 else None, disagree=rng > disagreement)
        )
    med = [median([r[j] for r in rows if r[j] is not None]) for j in range(len(us))]
    mn = [mean([r[j] for r in rows if r[j] is not None]) for j in range(len(us))]
    dis = sorted([j for j, c in enumerate(cons) if c["disagree"]], key=lambda j: (-cons[j]["range"], j))
    return dict(examiners=examiners, units=cons, consensus=sheet(us, med, "raise"), consensus_mean=sheet(us, mn, "raise"), disagreements=dis)


# ---------------------------------------------------------------- decision


def decision(scores, weights, cost=None, normalise="none"):
    m, n = len(scores), len(weights)
    W = [F(str(w)) for w in weights]  # decimals as written: 0.4 is 2/5
    w = [x / sum(W) for x in W]
    cost = cost or [False] * n
    X = [[F(str(x)) for x in r] for r in scores]
    R = [[None] * n for _ in range(m)]
    for j in range(n):
        col = [X[i][j] for i in range(m)]
        for i in range(m):
            x = col[i]
            if normalise == "none":
                r = x
            elif normalise == "min_max":
                lo, hi = min(col), max(col)
                r = F(1) if hi == lo else ((hi - x) if cost[j] else (x - lo)) / (hi - lo)
            else:
                norm2 = sum((c * c for c in col), F(0))
                rr = mpf(x.numerator) / x.denominator / mp.sqrt(mpf(norm2.numerator) / norm2.denominator) if norm2 else mpf(0)
                r = 1 - rr if cost[j] else rr
            R[i][j] = r
    tot = [sum((w[j] * R[i][j] for j in range(n)), F(0) if normalise != "vector" else mpf(0)) for i in range(m)]
    order = sorted(range(m), key=lambda i: (-tot[i], i))
    ranks = [None] * m
    for pos, i in enumerate(order):
        ranks[i] = 1 if pos == 0 else (ranks[order[pos - 1]] if tot[i] == tot[order[pos - 1]] else pos + 1)
    best = [i for i in order if ranks[i] == 1]
    margin = None if m < 2 else (0.0 if ranks[order[1]] == 1 else fl(tot[order[0]] - tot[order[1]]))
    sens = []
    top = order[0]
    for k in range(n):
        wk = w[k]
        if wk == 1:
            sens.append(dict(weight=fl(wk), threshold=None, change=None, new_top=None))
            continue
        B = [sum((w[j] * R[i][j] for j in range(n) if j != k), F(0) if normalise != "vector" else mpf(0)) / (1 - wk) for i in range(m)]
        cand = None
        for b in range(m):
            if b == top:
                continue
            d0 = B[top] - B[b]
            slope = (R[top][k] - R[b][k]) - d0
            if slope == 0:
                continue
            t = -d0 / slope
            if 0 <= t <= 1 and (cand is None or abs(t - wk) < abs(cand[0] - wk)):
                cand = (t, b)
        sens.append(dict(weight=fl(wk), threshold=fl(cand[0]) if cand else None, change=fl(cand[0] - wk) if cand else None, new_top=cand[1] if cand else None))
    return dict(weights=[fl(x) for x in w], normalised=[[fl(x) for x in r] for r in R], totals=[fl(x) for x in tot], ranks=ranks, order=order, best=best, margin=margin, sensitivity=sens)


# ---------------------------------------------------------------- AHP


def ahp(a):
    n = len(a)
    A = matrix([[mpf(F(x).numerator) / F(x).denominator for x in r] for r in a])
    E, ER = eig(A)
    k = max(range(n), key=lambda i: mp.re(E[i]))
    lam = mp.re(E[k])
    v = [mp.re(ER[i, k]) for i in range(n)]
    s = sum(v)
    w = [x / s for x in v]
    ci = (lam - n) / (n - 1) if n > 1 else mpf(0)
    ri = RI[n - 1] if n <= 15 else None
    cr = None if ri is None else (ci / ri if ri > 0 else mpf(0))
    return dict(weights=[fl(x) for x in w], lambda_max=fl(lam), ci=fl(ci), random_index=ri, cr=fl(cr), inconsistent=bool(cr is not None and cr > 0.1))


# ---------------------------------------------------------------- cases


def case(name, function, args, expected, source):
    return dict(name=name, function=function, args=args, expected=expected, source=source)


def err(name, function, args, code, field, index, source):
    return dict(name=name, function=function, args=args, error=dict(code=code, field=field, index=index), source=source)


SRC_OR = "Customer-orientation scoring by its definition (category total over items x 5; overall out of 200), computed with exact fractions; t intervals and Welch's test with mpmath's regularised incomplete beta; r_wg(j) of James, Demaree & Wolf (1984). generate_golden_assessment.py."
SRC_EX = "GB/T 19580 points (4.1 100, 4.2 80, 4.3 90, 4.4 120, 4.5 110, 4.6 100, 4.7 400): earned = points x percent/100, medians and means of examiners, exact fractions. generate_golden_assessment.py."
SRC_DE = "Weighted decision matrix by its definition (weights normalised, min-max or vector normalisation, weighted sums, competition ranks), tie points of the weight sensitivity solved exactly with fractions. generate_golden_assessment.py."
SRC_AHP = "AHP (Saaty 1980): principal eigenvector by mpmath.eig at 40 digits, lambda_max, CI = (lambda_max - n)/(n - 1), CR = CI/RI with Saaty's random indices. generate_golden_assessment.py."

RESP_PATHS = ["respondents.*.total", "respondents.*.share", "respondents.*.weakest_first", "respondents.*.low_items", "respondents.*.missing", "respondents.*.categories.*.total", "respondents.*.categories.*.share"]
GROUP_PATHS = [
    "excluded",
    "all.n",
    "all.excluded",
    "all.categories.*.mean_share",
    "all.categories.*.sd",
    "all.categories.*.std_error",
    "all.categories.*.ci_low",
    "all.categories.*.ci_high",
    "all.categories.*.rwg",
    "all.overall.mean_share",
    "all.overall.ci_low",
    "all.overall.ci_high",
    "all.overall.rwg",
]
GAP_PATHS = [
    "groups.*.group",
    "groups.*.n",
    "groups.*.categories.*.mean_share",
    "groups.*.categories.*.rwg",
    "groups.*.overall.ci_low",
    "gaps.*.a",
    "gaps.*.b",
    "gaps.*.categories.*.difference",
    "gaps.*.categories.*.std_error",
    "gaps.*.categories.*.df",
    "gaps.*.categories.*.t",
    "gaps.*.categories.*.p_value",
    "gaps.*.categories.*.ci_low",
    "gaps.*.categories.*.ci_high",
    "gaps.*.overall.difference",
    "gaps.*.overall.p_value",
]


def main():
    rng = Lcg(19580)
    cases = []

    # One respondent, the shipped form.
    one = [[4, 5, 3, 4, 2, 4, 5, 1, 2, 3, 4, 4, 5, 5, 4, 3, 3, 4, 2, 4, 5, 3, 4, 4, 4, 3, 3, 5, 4, 4, 3, 2, 4, 4, 3, 3, 4, 2, 1, 3]]
    r = orientation(one)
    cases.append(case("orientation one respondent", "assessment.orientation", dict(answers=one), flat_expected(r, RESP_PATHS + ["all.n", "all.categories.*.mean_share", "all.categories.*.sd", "all.categories.*.rwg"]), SRC_OR + " One respondent: no spread, no agreement figure."))

    # A team of 12 on the shipped form.
    team = answers_matrix(rng, 12, 40)
    r = orientation(team)
    cases.append(case("orientation team of twelve", "assessment.orientation", dict(answers=team), flat_expected(r, RESP_PATHS[:2] + GROUP_PATHS), SRC_OR))

    # Managers against front-line staff.
    bias = [1, 1, 1, 0, 1, 1, -1, -1, 0, -1, -1, -1, 0, -1]
    staff = answers_matrix(rng, 14, 40, bias=bias)
    labels = ["managers"] * 6 + ["front line"] * 8
    r = orientation(staff, groups=labels)
    cases.append(case("orientation managers against front line", "assessment.orientation", dict(answers=staff, groups=labels), flat_expected(r, ["all.n"] + GAP_PATHS), SRC_OR + " Welch's t-test of managers - front line per category."))

    # Three departments, 90 % intervals.
    dept = answers_matrix(rng, 9, 40)
    dl = ["sales", "service", "sales", "logistics", "service", "sales", "logistics", "service", "logistics"]
    r = orientation(dept, groups=dl, conf=0.9)
    cases.append(case("orientation three departments 90%", "assessment.orientation", dict(answers=dept, groups=dl, confidence=0.9), flat_expected(r, GAP_PATHS + ["all.categories.*.ci_low"]), SRC_OR + " Every pair of departments in order of first appearance; confidence 0.9."))

    # Missing answers under omit: prorated categories, respondents left out.
    miss = answers_matrix(rng, 6, 40)
    for i, j in [(0, 3), (0, 17), (2, 0), (2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (2, 6), (4, 9), (5, 20), (5, 21), (5, 22), (5, 23), (5, 24), (5, 25), (5, 26), (5, 27), (5, 28)]:
        miss[i][j] = NAN
    r = orientation(miss, policy="omit")
    cases.append(case("orientation omit prorates and leaves out", "assessment.orientation", dict(answers=miss, nan_policy="omit"), flat_expected(r, ["excluded", "all.n", "all.excluded", "respondents.*.total", "respondents.*.missing", "respondents.*.categories.*.answered", "all.categories.*.mean_share", "all.categories.*.rwg", "all.overall.ci_high"]), SRC_OR + " Missing answers: a category's total is its answered items' mean x its item count; respondent 2 misses all of category 1, respondent 5 nine of 40 items (> 0.2): both left out."))

    # A caller-defined instrument on a 0-10 scale.
    inst = dict(categories=[["speed", 3], ["care", 2]], low=0, high=10)
    cust = answers_matrix(rng, 7, 5, lo=0, hi=10)
    cl = ["north", "north", "south", "north", "south", "south", "south"]
    r = orientation(cust, counts=[3, 2], high=10, low=0, groups=cl)
    cases.append(case("orientation caller-defined 0-10 form", "assessment.orientation", dict(answers=cust, instrument=inst, groups=cl), flat_expected(r, ["respondents.*.total", "respondents.*.share", "respondents.*.low_items", "all.categories.*.mean_share", "all.categories.*.rwg", "gaps.*.categories.*.p_value", "gaps.*.overall.df"]), SRC_OR + " Instrument of two categories (3 and 2 items) on a 0-10 scale: maxima 30 and 20, A = 11 scale points."))

    # Perfect agreement and zero variance in the gap.
    same = [[4] * 40, [4] * 40, [2] * 40, [2] * 40]
    r = orientation(same, groups=["a", "a", "b", "b"])
    cases.append(case("orientation unanimous groups", "assessment.orientation", dict(answers=same, groups=["a", "a", "b", "b"]), flat_expected(r, ["groups.*.categories.*.rwg", "gaps.*.overall.difference", "gaps.*.overall.p_value", "gaps.*.overall.df", "gaps.*.overall.ci_low"]), SRC_OR + " Everyone in a group answers alike: r_wg = 1; zero variance: p = 0 (t = inf, which JSON cannot carry), df = n_a + n_b - 2, interval of width 0."))

    base = [[3] * 40]
    bad = [row[:] for row in base]
    bad[0][12] = 6
    cases.append(err("orientation answer above the scale", "assessment.orientation", dict(answers=bad), "out_of_range", "answers", 12, "6 is outside the 1-5 scale."))
    bad = [row[:] for row in base] + [[3] * 40]
    bad[1][5] = 2.5
    cases.append(err("orientation answer not whole", "assessment.orientation", dict(answers=bad), "out_of_range", "answers", 45, "Answers are whole numbers; row-major index 40 + 5."))
    cases.append(err("orientation wrong number of answers", "assessment.orientation", dict(answers=[[3] * 39]), "length_mismatch", "answers", None, "The shipped form has 40 statements."))
    bad = [[3] * 40]
    bad[0][7] = NAN
    cases.append(err("orientation missing answer under raise", "assessment.orientation", dict(answers=bad), "not_finite", "answers", 7, "nan_policy defaults to raise."))
    cases.append(err("orientation groups of the wrong length", "assessment.orientation", dict(answers=[[3] * 40, [4] * 40], groups=["a"]), "length_mismatch", "groups", None, "One group label per respondent."))
    bad = [[NAN] * 10 + [3] * 30]
    cases.append(err("orientation everyone left out", "assessment.orientation", dict(answers=bad, nan_policy="omit"), "invalid", "answers", None, "10 of 40 missing is more than 0.2."))

    # ---------------- excellence
    ex1 = [[50, 40, 60, 45, 50, 40, 35]]
    r = excellence(ex1)
    cases.append(case("excellence one examiner", "assessment.excellence", dict(scores=ex1), flat_expected(r, ["examiners.*.total", "examiners.*.categories.*.earned", "examiners.*.units.*.band", "examiners.*.priorities", "consensus.total"]), SRC_EX))
    items = {"4.3": [["4.3.1", 40], ["4.3.2", 50]], "4.7": [["4.7.1", 120], ["4.7.2", 90], ["4.7.3", 80], ["4.7.4", 60], ["4.7.5", 50]]}
    exr = Lcg(2012)
    exs = [[5 * exr.next(21) for _ in range(12)] for _ in range(5)]
    r = excellence(exs, items)
    cases.append(case("excellence five examiners with item splits", "assessment.excellence", dict(scores=exs, frame_items=items), flat_expected(r, ["examiners.*.total", "units.*.unit", "units.*.median", "units.*.mean", "units.*.range", "units.*.sd", "units.*.disagree", "disagreements", "consensus.total", "consensus.categories.*.earned", "consensus.priorities", "consensus.units.*.band", "consensus_mean.total", "consensus_mean.categories.*.share"]), SRC_EX + " Item splits are example data of the caller (4.3: 40 + 50; 4.7: 120 + 90 + 80 + 60 + 50), not the standard's text."))
    ex4 = [[50, 40, 60, 45, 50, 40, 35], [55, 40, 30, 45, 50, 40, 40], [60, 45, 45, 50, 55, 45, 40], [50, 40, 35, 45, 50, 40, 35]]
    r = excellence(ex4, disagreement=10)
    cases.append(case("excellence disagreement threshold 10", "assessment.excellence", dict(scores=ex4, disagreement=10), flat_expected(r, ["units.*.median", "units.*.range", "disagreements", "consensus.units.*.percent", "consensus.units.*.band", "consensus.total"]), SRC_EX + " Four examiners: medians of even counts fall between multiples of 5 (52.5, 40 and 37.5)."))
    exm = [[50, NAN, 60, 45, 50, 40, 35], [55, 40, 30, 45, 50, 40, 40]]
    r = excellence(exm, policy="omit")
    cases.append(case("excellence omit a missing score", "assessment.excellence", dict(scores=exm, nan_policy="omit"), flat_expected(r, ["examiners.*.total", "examiners.*.missing", "units.*.n", "units.*.median", "consensus.total"]), SRC_EX + " The first examiner did not score 4.2: their sum leaves it out; the consensus uses the one examiner who scored it."))
    cases.append(err("excellence percent not a multiple of 5", "assessment.excellence", dict(scores=[[50, 42, 60, 45, 50, 40, 35]]), "out_of_range", "scores", 1, "Percentages go in steps of 5."))
    cases.append(err("excellence percent above 100", "assessment.excellence", dict(scores=[[50, 40, 60, 45, 50, 40, 35], [50, 40, 60, 45, 50, 105, 35]]), "out_of_range", "scores", 12, "Percentages are at most 100."))
    cases.append(err("excellence wrong number of scores", "assessment.excellence", dict(scores=[[50, 40, 60]]), "length_mismatch", "scores", None, "GB/T 19580 without item splits has 7 units."))
    cases.append(err("excellence item points do not add up", "assessment.excellence", dict(scores=[[50] * 8], frame_items={"4.3": [["4.3.1", 40], ["4.3.2", 40]]}), "invalid", "categories[2].items", None, "40 + 40 is not 4.3's 90 points."))
    cases.append(err("excellence unknown category", "assessment.excellence", dict(scores=[[50] * 7], frame_items={"4.9": [["4.9.1", 10]]}), "invalid", "category", None, "GB/T 19580 has no category 4.9."))

    # ---------------- decision
    sup = [[8, 6, 100], [6, 9, 90], [9, 5, 120]]
    r = decision(sup, [5, 3, 2], [False, False, True], "min_max")
    cases.append(case("decision suppliers min-max with a cost", "assessment.decision", dict(scores=sup, weights=[5, 3, 2], cost=[False, False, True], normalise="min_max"), flat_expected(r, ["weights", "normalised", "totals", "ranks", "order", "best", "margin", "sensitivity.*.threshold", "sensitivity.*.change", "sensitivity.*.new_top"]), SRC_DE + " The second and third tie at 0.5."))
    dm = [[7, 8, 6, 9], [9, 6, 7, 5], [6, 9, 8, 7], [8, 7, 7, 8]]
    r = decision(dm, [0.4, 0.3, 0.2, 0.1])
    cases.append(case("decision four alternatives raw 1-10 scores", "assessment.decision", dict(scores=dm, weights=[0.4, 0.3, 0.2, 0.1], alternatives=["A", "B", "C", "D"]), flat_expected(r, ["weights", "totals", "ranks", "order", "margin", "sensitivity.*.threshold", "sensitivity.*.new_top"]) | {"alternatives": ["A", "B", "C", "D"]}, SRC_DE))
    vec = [[250, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4], [275, 32, 8, 4]]
    r = decision(vec, [0.25, 0.25, 0.25, 0.25], [True, False, False, False], "vector")
    cases.append(case("decision vector normalisation", "assessment.decision", dict(scores=vec, weights=[1, 1, 1, 1], cost=[True, False, False, False], normalise="vector"), flat_expected(r, ["normalised", "totals", "ranks", "order", "margin", "sensitivity.*.threshold"]), SRC_DE + " Vector normalisation x/||x||, 1 - x/||x|| for the cost (price); square roots with mpmath."))
    cases.append(err("decision negative weight", "assessment.decision", dict(scores=sup, weights=[5, -3, 2]), "out_of_range", "weights", 1, "Weights are non-negative."))
    cases.append(err("decision weights all zero", "assessment.decision", dict(scores=sup, weights=[0, 0, 0]), "invalid", "weights", None, "Weights need a positive sum."))
    cases.append(err("decision missing score", "assessment.decision", dict(scores=[[8, 6, 100], [6, NAN, 90]], weights=[1, 1, 1]), "not_finite", "scores", 4, "An alternative missing a score; nan_policy raise."))
    cases.append(err("decision weights of the wrong length", "assessment.decision", dict(scores=sup, weights=[1, 1]), "length_mismatch", "weights", None, "One weight per criterion."))
    cases.append(err("decision cost without normalisation", "assessment.decision", dict(scores=sup, weights=[1, 1, 1], cost=[False, False, True]), "invalid", "cost", 2, "Raw scores of a cost cannot be added to benefits."))

    # ---------------- AHP
    cons = [[1, 2, 4], [F(1, 2), 1, 2], [F(1, 4), F(1, 2), 1]]
    r = ahp(cons)
    cases.append(case("ahp consistent 3x3", "assessment.ahp", dict(pairwise=[[float(x) for x in row] for row in cons]), flat_expected(r, ["weights", "lambda_max", "random_index", "inconsistent"]), SRC_AHP + " Consistent: weights 4/7, 2/7, 1/7, lambda_max = 3."))
    m4 = [[1, 3, 5, 7], [F(1, 3), 1, 3, 5], [F(1, 5), F(1, 3), 1, 3], [F(1, 7), F(1, 5), F(1, 3), 1]]
    r = ahp(m4)
    cases.append(case("ahp 4x3 Saaty scale", "assessment.ahp", dict(pairwise=[[float(x) for x in row] for row in m4]), flat_expected(r, ["weights", "lambda_max", "ci", "cr", "inconsistent"]), SRC_AHP))
    m5 = [[1, 5, 3, 7, 6], [F(1, 5), 1, F(1, 3), 5, 3], [F(1, 3), 3, 1, 6, 3], [F(1, 7), F(1, 5), F(1, 6), 1, F(1, 3)], [F(1, 6), F(1, 3), F(1, 3), 3, 1]]
    r = ahp(m5)
    cases.append(case("ahp 5x5", "assessment.ahp", dict(pairwise=[[float(x) for x in row] for row in m5]), flat_expected(r, ["weights", "lambda_max", "ci", "cr", "inconsistent"]), SRC_AHP))
    cyc = [[1, 3, F(1, 3)], [F(1, 3), 1, 3], [3, F(1, 3), 1]]
    r = ahp(cyc)
    cases.append(case("ahp cyclic judgements flagged", "assessment.ahp", dict(pairwise=[[float(x) for x in row] for row in cyc]), flat_expected(r, ["weights", "lambda_max", "ci", "cr", "inconsistent"]), SRC_AHP + " A > B > C > A: CR far above 0.1, flagged."))
    cases.append(err("ahp not square", "assessment.ahp", dict(pairwise=[[1, 2, 3], [0.5, 1, 2]]), "length_mismatch", "pairwise", None, "A pairwise matrix is n x n."))
    cases.append(err("ahp not positive", "assessment.ahp", dict(pairwise=[[1, 0], [0, 1]]), "out_of_range", "pairwise", 1, "Comparisons are positive ratios."))
    cases.append(err("ahp not reciprocal", "assessment.ahp", dict(pairwise=[[1, 3], [0.5, 1]]), "invalid", "pairwise", 2, "a_21 must be 1/a_12 = 1/3."))

    about = (
        "Golden vectors for custometrics.assessment, read by the Rust suite (and the Python and JS suites once the module "
        "is bound). A 2-D argument is a list of rows. 'instrument' {categories: [[id, items]...], low, high} is a "
        "caller-defined form (default: the shipped 40-item form); 'frame_items' {category id: [[item id, points]...]} "
        "supplies item splits of GB/T 19580. Every expected value was computed by generate_golden_assessment.py from the "
        "definitions, not by custometrics."
    )
    # the conventions every golden file repeats (README.md, 'Golden vectors')
    conventions = json.loads((HERE / "golden.json").read_text())["conventions"]
    out = dict(about=about, conventions=conventions, cases=cases)
    text = json.dumps(out, indent=1, ensure_ascii=False, allow_nan=False, default=str)
    (HERE / "golden_assessment.json").write_text(text + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
