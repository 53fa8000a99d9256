"""The golden cases of satisfaction.disconfirmation_survey and satisfaction.ipa_survey in
golden.json (run from anywhere with numpy and mpmath installed: `python3
generate_golden_survey_ipa.py`; it replaces the cases it owns and keeps the others).

The expected values are computed here from the definitions, independently of the library, with
the helpers of generate_golden_means.py (imported, not copied): the weighted mean, Kish's
effective size, the linearised variance of the weighted mean and the Student t interval with the
quantile found by mpmath (40 digits), clipped to the range of the values, and the
distribution-free interval of a segment without spread.

Disconfirmation by segment: each respondent's gap P - E per attribute and importance-weighted
gap sum_j w_j (P_j - E_j) (w the stated importance normalised to sum 1, or equal) in exact
fractions; their means and intervals on [-(max - min), max - min]; the state of each mean gap
(below 0 dissatisfied, at least the delight margin delighted, otherwise satisfied), the exact
fraction decides.

IPA by segment: each attribute's mean performance (and, with stated importance, mean importance
rating) and interval on the rating scale in exact fractions; the cuts are the given ones or the
means of the segment's attribute means; an attribute at or above a cut is high (Martilla & James
1977 quadrants). Derived importance: Johnson's (2000) relative weights of the overall rating on
the performance ratings of the whole sample by numpy.linalg.eigh (generate_golden_key_drivers.py's
relative_weights_eigh), or Shapley values by their definition over every order of the attributes
(its shapley), the same shares in every segment.
"""
import json
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_golden_means import mean_of  # noqa: E402
from generate_golden_key_drivers import relative_weights_eigh, shapley  # noqa: E402

OWNED = ("satisfaction.disconfirmation_survey", "satisfaction.ipa_survey")
KEEP = ("mean", "ci_low", "ci_high")


def short(m):
    return {k: v for k, v in m.items() if k in KEEP}


def state(gap, margin):
    if gap < 0:
        return "dissatisfied"
    return "delighted" if gap >= margin else "satisfied"


def design_weights(weights, n):
    return [Fraction(x).limit_denominator(10**9) for x in weights] if weights else [Fraction(1)] * n


def by_segment(args, segments, n, estimate):
    everyone = list(range(n))
    if segments is None:
        return estimate(everyone)
    args["segments"] = segments
    groups = [[k for k in everyone if segments[k] == g] for g in range(max(segments) + 1)]
    return {"segments": [estimate(keep) if keep else None for keep in groups], "total": estimate(everyone)}


def disconfirmation_case(name, perceptions, expectations, scale=(1, 7), importance=None, delight_margin=1,
                         segments=None, weights=None, source=""):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    width = hi - lo
    m = len(perceptions[0])
    w = [Fraction(x) for x in importance] if importance else [Fraction(1)] * m
    w = [x / sum(w) for x in w]
    margin = Fraction(delight_margin)
    gaps = [[Fraction(p) - Fraction(e) for p, e in zip(pr, er)] for pr, er in zip(perceptions, expectations)]
    overall = [sum(wj * g for wj, g in zip(w, row)) for row in gaps]
    dw = design_weights(weights, len(gaps))

    def estimate(keep):
        ws = [dw[k] for k in keep]
        exact = lambda vals: sum(x * y for x, y in zip(vals, ws)) / sum(ws)  # noqa: E731
        cols = [[gaps[k][j] for k in keep] for j in range(m)]
        ov = [overall[k] for k in keep]
        return {"gaps": [short(mean_of(c, ws, -width, width)) for c in cols],
                "states": [state(exact(c), margin) for c in cols],
                "overall_gap": mean_of(ov, ws, -width, width),
                "overall_state": state(exact(ov), margin),
                "importance": [float(x) for x in w]}

    args = {"perceptions": perceptions, "expectations": expectations, "scale": list(scale)}
    if importance:
        args["importance"] = importance
    if delight_margin != 1:
        args["delight_margin"] = delight_margin
    if weights:
        args["weights"] = weights
    expected = by_segment(args, segments, len(gaps), estimate)
    return {"name": name, "function": "satisfaction.disconfirmation_survey", "args": args, "expected": expected,
            "source": "generate_golden_survey_ipa.py: each respondent's gaps and importance-weighted gap and their "
                      "weighted means and linearised variances in exact fractions, Student's t quantile by mpmath "
                      "(40 digits)" + source,
            "rtol": 1e-12}


def quadrants(imp, perf, ic, pc):
    out = []
    for i, p in zip(imp, perf):
        assert i != ic or isinstance(i, Fraction), "a tie decided in floats"
        out.append({(True, False): "concentrate_here", (True, True): "keep_up_the_good_work",
                    (False, False): "low_priority", (False, True): "possible_overkill"}[(i >= ic, p >= pc)])
    return out


def ipa_case(name, performance, importance=None, overall=None, method="relative_weights", scale=(1, 7),
             cuts=(None, None), segments=None, weights=None, source=""):
    lo, hi = Fraction(scale[0]), Fraction(scale[1])
    m = len(performance[0])
    dw = design_weights(weights, len(performance))
    derived = None
    if overall is not None:
        y, x = np.array(overall, dtype=float), np.array(performance, dtype=float)
        derived = relative_weights_eigh(y, x) if method == "relative_weights" else shapley(y, x)[0]

    def estimate(keep):
        ws = [dw[k] for k in keep]
        exact = lambda vals: sum(a * b for a, b in zip(vals, ws)) / sum(ws)  # noqa: E731
        perf_cols = [[Fraction(performance[k][j]) for k in keep] for j in range(m)]
        perf = [exact(c) for c in perf_cols]
        out = {"performance": [short(mean_of(c, ws, lo, hi)) for c in perf_cols]}
        if derived is None:
            imp_cols = [[Fraction(importance[k][j]) for k in keep] for j in range(m)]
            imp = [exact(c) for c in imp_cols]
            out["importance"] = [float(x) for x in imp]
            out["importance_intervals"] = [short(mean_of(c, ws, lo, hi)) for c in imp_cols]
            out["r_squared"] = None
            ic = Fraction(cuts[0]) if cuts[0] is not None else sum(imp) / m
        else:
            imp = [float(x) for x in derived]
            out["importance"] = imp
            out["importance_intervals"] = None
            out["r_squared"] = float(sum(derived))
            ic = cuts[0] if cuts[0] is not None else float(np.mean(derived))
            # no share within rounding of the cut: the float comparison decides as the exact one
            assert all(abs(i - ic) > 1e-9 for i in imp)
        pc = Fraction(cuts[1]) if cuts[1] is not None else sum(perf) / m
        out["importance_cut"] = float(ic)
        out["performance_cut"] = float(pc)
        out["quadrants"] = quadrants(imp, perf, ic, pc)
        return out

    args = {"performance": performance, "scale": list(scale)}
    if importance is not None:
        args["importance"] = importance
    if overall is not None:
        args["overall"] = overall
        args["method"] = method
    if cuts[0] is not None:
        args["importance_cut"] = cuts[0]
    if cuts[1] is not None:
        args["performance_cut"] = cuts[1]
    if weights:
        args["weights"] = weights
    expected = by_segment(args, segments, len(performance), estimate)
    how = ("the attribute means and their weighted means and linearised variances in exact fractions, Student's t "
           "quantile by mpmath (40 digits)")
    if derived is not None:
        how += (", the importance shares by " + ("Johnson's relative weights with numpy.linalg.eigh"
                                                 if method == "relative_weights" else
                                                 "the Shapley value over every order of the attributes with "
                                                 "numpy.linalg.lstsq"))
    return {"name": name, "function": "satisfaction.ipa_survey", "args": args, "expected": expected,
            "source": "generate_golden_survey_ipa.py: " + how + source,
            "rtol": 1e-10 if derived is not None else 1e-12, **({"atol": 1e-13} if derived is not None else {})}


def error(name, function, args, code, field, index, source):
    return {"name": name, "function": function, "args": args, "error": {"code": code, "field": field, "index": index},
            "source": "input rule: " + source}


P = [[5, 6, 4], [4, 6, 5], [6, 7, 3], [3, 5, 5], [5, 4, 6], [7, 6, 4], [4, 5, 5], [6, 6, 2]]
E = [[6, 5, 4], [5, 5, 6], [6, 5, 5], [5, 5, 4], [4, 5, 5], [6, 5, 5], [5, 6, 5], [5, 4, 4]]
SHOP = [0, 0, 0, 2, 2, 2, 2, 0]
DW = [1, 2, 0.5, 1, 1.5, 1, 1, 2]

PERF = [[6, 3, 5], [5, 4, 6], [7, 2, 5], [4, 4, 6], [5, 3, 7], [6, 5, 4], [3, 4, 5], [6, 2, 6], [5, 5, 5]]
IMP = [[7, 6, 3], [6, 7, 4], [7, 5, 2], [5, 6, 4], [6, 7, 3], [7, 6, 5], [5, 5, 3], [6, 6, 4], [7, 7, 2]]
REGION = [0, 0, 0, 1, 1, 1, 3, 3, 3]
RW = [1, 2, 0.5, 1, 1.5, 1, 2, 1, 1]
OVERALL = [6, 5, 6, 4, 6, 6, 3, 5, 6]

CASES = [
    disconfirmation_case("disconfirmation survey by segment with importance", P, E, importance=[2, 1, 1],
                         segments=SHOP, source="; shop 1 has no respondents (null)"),
    disconfirmation_case("disconfirmation survey weighted by segment, delight margin 0.5", P, E,
                         delight_margin=0.5, segments=[1, 0, 1, 0, 1, 0, 0, 1], weights=DW),
    disconfirmation_case("disconfirmation survey weighted, no segments, 1..5 scale",
                         [[min(x, 5) for x in r] for r in P], [[min(x, 5) for x in r] for r in E], scale=(1, 5),
                         importance=[1, 1, 2], weights=DW),
    error("disconfirmation survey matrices of another shape", "satisfaction.disconfirmation_survey",
          {"perceptions": [[5, 6], [4, 5]], "expectations": [[5, 6, 7], [4, 5, 6]], "segments": [0, 1]},
          "length_mismatch", "expectations", None, "one expectation per perception"),
    error("disconfirmation survey rating off the scale", "satisfaction.disconfirmation_survey",
          {"perceptions": [[5, 6], [4, 5]], "expectations": [[5, 6], [0, 5]], "segments": [0, 1]},
          "out_of_range", "expectations", 2, "ratings on the scale (default 1..7; row-major index 2: row 1, column 0)"),
    error("disconfirmation survey negative importance", "satisfaction.disconfirmation_survey",
          {"perceptions": [[5, 6], [4, 5]], "expectations": [[5, 6], [4, 5]], "importance": [1, -1], "weights": [1, 1]},
          "out_of_range", "importance", 1, "importance weights are non-negative"),
    error("disconfirmation survey all-zero importance", "satisfaction.disconfirmation_survey",
          {"perceptions": [[5, 6], [4, 5]], "expectations": [[5, 6], [4, 5]], "importance": [0, 0], "weights": [1, 1]},
          "invalid", "importance", None, "importance weights are not all zero"),
    error("disconfirmation survey importance of another length", "satisfaction.disconfirmation_survey",
          {"perceptions": [[5, 6], [4, 5]], "expectations": [[5, 6], [4, 5]], "importance": [1, 2, 3],
           "weights": [1, 1]},
          "length_mismatch", "importance", None, "one importance weight per attribute"),
    error("disconfirmation survey design weights of another length", "satisfaction.disconfirmation_survey",
          {"perceptions": [[5, 6], [4, 5]], "expectations": [[5, 6], [4, 5]], "weights": [1, 1, 1]},
          "length_mismatch", "weights", None, "one design weight per respondent"),
    ipa_case("ipa survey stated importance by segment", PERF, importance=IMP, segments=REGION,
             source="; region 2 has no respondents (null)"),
    ipa_case("ipa survey stated importance weighted, given cuts", PERF, importance=IMP, weights=RW, cuts=(5.5, 4.5)),
    ipa_case("ipa survey derived importance (relative weights) weighted by segment", PERF, overall=OVERALL,
             segments=REGION, weights=RW, source="; the shares come from the whole sample, unweighted"),
    ipa_case("ipa survey derived importance (Shapley), no segments", PERF, overall=OVERALL, method="shapley"),
    error("ipa survey importance of another shape", "satisfaction.ipa_survey",
          {"performance": [[5, 6], [4, 5]], "importance": [[5, 6, 7], [4, 5, 6]], "segments": [0, 1]},
          "length_mismatch", "importance", None, "one importance rating per performance rating"),
    error("ipa survey importance off the scale", "satisfaction.ipa_survey",
          {"performance": [[5, 6], [4, 5]], "importance": [[5, 6], [4, 9]], "segments": [0, 1]},
          "out_of_range", "importance", 3, "ratings on the scale (default 1..7)"),
    error("ipa survey performance off the scale", "satisfaction.ipa_survey",
          {"performance": [[5, 6], [0.5, 5]], "importance": [[5, 6], [4, 5]], "weights": [1, 1]},
          "out_of_range", "performance", 2, "ratings on the scale (default 1..7)"),
    error("ipa survey derived from a constant attribute", "satisfaction.ipa_survey",
          {"performance": [[5, 4], [4, 4], [6, 4], [3, 4]], "overall": [5, 4, 6, 4], "segments": [0, 0, 1, 1]},
          "division_by_zero", "performance column", 1, "key drivers need attributes that vary"),
    error("ipa survey overall of another length", "satisfaction.ipa_survey",
          {"performance": [[5, 4], [4, 3], [6, 5], [3, 4]], "overall": [5, 4, 6], "weights": [1, 1, 1, 1]},
          "length_mismatch", "overall", None, "one overall rating per respondent"),
]

if __name__ == "__main__":
    path = HERE / "golden.json"
    doc = json.loads(path.read_text())
    kept = [c for c in doc["cases"] if c["function"] not in OWNED]
    at = max(i for i, c in enumerate(kept) if c["function"] == "satisfaction.servqual_survey") + 1
    doc["cases"] = kept[:at] + CASES + kept[at:]
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases of {', '.join(OWNED)} written")
