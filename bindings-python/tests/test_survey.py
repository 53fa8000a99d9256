"""Segments, weights, interval methods and raking in Python: the shapes the wrappers give
(a DataFrame indexed by segment with a total row, labels carried through) and the errors, which
name the field and index as in every language. The numbers themselves are the golden cases'."""

import numpy as np
import pandas as pd
import pytest

import custometrics as cm
from custometrics import satisfaction as sat

SCORES = np.array([10, 9, 0, 8, 10, 3, 7, 9, 10, 1])


def test_a_categorical_gives_one_row_per_category_and_the_total():
    region = pd.Categorical(["e", "e", "e", "w", "w", "w", "w", "n", "n", "n"], categories=["n", "e", "w", "s"])
    f = sat.nps(SCORES, segments=region)
    assert list(f.index) == ["n", "e", "w", "s", "total"]
    assert f.loc["s", "n"] == 0 and np.isnan(f.loc["s", "score"])  # reported, not an error
    assert f.loc["total", "n"] == len(SCORES)
    for label in ("n", "e", "w"):
        mine = SCORES[np.asarray(region) == label]
        assert f.loc[label, "score"] == sat.nps(mine).score
        assert f.loc[label, "ci_low"] == sat.nps(mine).ci_low


def test_labels_of_a_series_integer_codes_and_a_frame_column_agree():
    labels = pd.Series(["b", "a", "a", "b", "c", "c", "a", "b", "c", "a"])
    by_label = sat.nps(SCORES, segments=labels)
    codes = pd.factorize(labels, sort=True)[0]
    by_code = sat.nps(SCORES, segments=codes)
    assert list(by_label.index) == ["a", "b", "c", "total"]
    np.testing.assert_array_equal(by_label["score"].to_numpy(), by_code["score"].to_numpy())
    assert list(by_code.index) == [0, 1, 2, "total"]


def test_weights_of_one_and_the_weighted_total():
    plain = sat.nps(SCORES)
    ones = sat.nps(SCORES, weights=np.ones(len(SCORES)))
    assert ones.score == plain.score and ones.effective_n == pytest.approx(len(SCORES))
    w = np.linspace(0.5, 2.0, len(SCORES))
    weighted = sat.nps(SCORES, weights=w)
    y = np.where(SCORES >= 9, 1.0, np.where(SCORES <= 6, -1.0, 0.0))
    assert weighted.score == pytest.approx(100 * (w * y).sum() / w.sum(), rel=1e-12)
    assert weighted.effective_n == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-12)


def test_every_method_keeps_the_interval_on_the_scale():
    for method in ("wald", "adjusted_wald", "bootstrap", "bayes"):
        r = sat.nps([10] * 21, method=method)
        assert -100 <= r.ci_low <= r.ci_high <= 100, method
        assert r.method == method
    assert sat.nps([10] * 21).note is not None  # Wald is zero-width there, and says so
    assert sat.nps([10] * 21, method="bayes", threshold=50).prob_above > 0.9
    for method in ("wilson", "agresti_coull", "clopper_pearson", "wald"):
        c = sat.csat([5, 5, 4, 1], method=method)
        assert 0 <= c.ci_low <= c.share <= c.ci_high <= 1, method


def test_csat_and_rate_segments_and_weights():
    f = sat.csat([5, 4, 1, 2], segments=["x", "x", "y", "y"], weights=[1, 2, 1, 1])
    assert f.loc["x", "share"] == 1.0 and f.loc["y", "share"] == 0.0
    assert f.loc["total", "share"] == pytest.approx(3 / 5)
    r = sat.satisfaction_rate([80, 60, 90], 70, segments=[0, 0, 1])
    assert list(r["count"]) == [1, 1, 2]


def test_rake_meets_the_margins_and_reports_convergence():
    region = pd.Categorical(["n", "n", "n", "s", "s"])
    r = sat.rake([(region, {"n": 50, "s": 50}), ([0, 1, 0, 1, 1], [30, 70])])
    assert r.converged and r.max_gap <= 1e-10
    w = r.weights
    assert w[:3].sum() == pytest.approx(50) and w[[0, 2]].sum() == pytest.approx(30)
    one = sat.rake([(region, {"n": 50, "s": 50}), ([0, 1, 0, 1, 1], [30, 70])], max_iterations=1)
    assert not one.converged


@pytest.mark.parametrize(
    "call, code, field, index",
    [
        (lambda: sat.nps(SCORES, weights=[1.0] * 9 + [-1.0]), "out_of_range", "weights", 9),
        (lambda: sat.nps(SCORES, weights=[1.0] * 9 + [np.nan]), "not_finite", "weights", 9),
        (lambda: sat.nps(SCORES, weights=[0.0] * 10), "invalid", "weights", None),
        (lambda: sat.nps(SCORES, weights=[1.0] * 3), "length_mismatch", "weights", None),
        (lambda: sat.nps(SCORES, segments=[0] * 9), "length_mismatch", "segments", None),
        (lambda: sat.nps(SCORES, segments=pd.Categorical(["a"] * 9 + [None])), "out_of_range", "segments", 9),
        (lambda: sat.nps(SCORES, method="median"), "invalid", "method", None),
        (lambda: sat.nps(SCORES, method="bootstrap", resamples=10), "out_of_range", "resamples", None),
        (lambda: sat.nps(SCORES, method="bayes", prior=-1.0), "out_of_range", "prior", None),
        (lambda: sat.csat([5, 4], method="exact"), "invalid", "method", None),
        (lambda: sat.csat([5, 4], confidence=0.0), "out_of_range", "confidence", None),
    ],
)
def test_bad_survey_input_names_field_and_index(call, code, field, index):
    with pytest.raises(cm.CustometricsError) as e:
        call()
    assert (e.value.code, e.value.field, e.value.index) == (code, field, index)


def _assert_holm(t):
    """Holm (1979): the k-th smallest p of m times (m - k + 1), made monotone, capped at 1."""
    p = t["p_value"].to_numpy()
    order = np.argsort(p)
    holm = np.minimum(1, np.maximum.accumulate(p[order] * (len(p) - np.arange(len(p)))))
    assert t["p_holm"].to_numpy()[order] == pytest.approx(holm)


def test_versus_rest_is_each_segment_against_the_others_with_holm():
    rng = np.random.default_rng(12)
    scores = rng.integers(0, 11, 600)
    region = rng.choice(["n", "s", "e", "w"], 600, p=[0.4, 0.3, 0.2, 0.1])
    scores[region == "w"] = np.minimum(scores[region == "w"] + 3, 10)  # one region happier
    t = sat.nps_versus_rest(scores, segments=region, confidence=0.9)
    assert list(t.index) == ["e", "n", "s", "w"]
    for seg in t.index:
        # the two-sample test of the segment against the rest, computed apart
        d = sat.nps_difference(scores[region == seg], scores[region != seg], confidence=0.9)
        row = t.loc[seg]
        assert row["score"] == pytest.approx(d.a.score) and row["rest_score"] == pytest.approx(d.b.score)
        assert row["difference"] == pytest.approx(d.difference)
        assert row["std_error"] == pytest.approx(d.std_error)
        assert row["p_value"] == pytest.approx(d.p_value)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((d.ci_low, d.ci_high))
    _assert_holm(t)
    assert t.loc["w", "difference"] > 0 and t.loc["w", "p_holm"] < 0.01


def test_versus_rest_leaves_an_empty_segment_out_and_names_bad_codes():
    t = sat.nps_versus_rest([10, 9, 0, 3], segments=[0, 0, 2, 2])
    assert np.isnan(t.loc[1, "score"]) and t.loc[0, "difference"] == 200.0
    with pytest.raises(cm.OutOfRangeError) as info:
        sat.nps_versus_rest([10, 9, 0, 3], segments=[0, 0, -1, 2])
    assert (info.value.field, info.value.index) == ("segments", 2)


def test_mean_by_segment_is_each_segments_mean_and_weights_of_one_change_nothing():
    rng = np.random.default_rng(5)
    values = rng.integers(1, 6, 400).astype(float)
    store = pd.Categorical(rng.choice(["b", "a", "c"], 400), categories=["c", "b", "a", "z"])
    f = sat.mean(values, scale=(1, 5), segments=store, confidence=0.9)
    assert list(f.index) == ["c", "b", "a", "z", "total"]
    assert f.loc["z", "n"] == 0 and np.isnan(f.loc["z", "mean"])  # reported, not an error
    for label in ("a", "b", "c"):
        alone = sat.mean(values[np.asarray(store) == label], scale=(1, 5), confidence=0.9)
        assert f.loc[label, "mean"] == alone.mean and f.loc[label, "ci_low"] == alone.ci_low
    assert f.loc["total", "mean"] == pytest.approx(values.mean(), rel=1e-15)
    ones = sat.mean(values, scale=(1, 5), segments=store, confidence=0.9, weights=np.ones(400))
    pd.testing.assert_frame_equal(ones, f)
    # int64, a pandas Series and a list read alike
    assert sat.mean(pd.Series(values.astype(np.int64)), scale=(1, 5)) == sat.mean(values.tolist(), scale=(1, 5))


def test_mean_versus_rest_is_welch_of_each_segment_against_the_others_with_holm():
    rng = np.random.default_rng(8)
    values = rng.integers(1, 8, 500).astype(float)
    region = rng.choice(["n", "s", "e", "w"], 500, p=[0.4, 0.3, 0.2, 0.1])
    weights = rng.uniform(0.5, 2.0, 500)
    values[region == "w"] = np.minimum(values[region == "w"] + 2, 7)  # one region happier
    t = sat.mean_versus_rest(values, scale=(1, 7), segments=region, weights=weights, confidence=0.9)
    assert list(t.index) == ["e", "n", "s", "w"]
    for seg in t.index:
        inside, rest = region == seg, region != seg
        d = sat.mean_difference(values[inside], values[rest], scale=(1, 7), confidence=0.9,
                                weights_a=weights[inside], weights_b=weights[rest])
        row = t.loc[seg]
        assert (row["mean"], row["rest_mean"]) == pytest.approx((d.a.mean, d.b.mean), rel=1e-13)
        assert (row["n"], row["rest_n"]) == (d.a.n, d.b.n)
        assert row["rest_effective_n"] == pytest.approx(d.b.effective_n, rel=1e-13)
        for k in ("difference", "std_error", "dof", "p_value", "ci_low", "ci_high"):
            assert row[k] == pytest.approx(getattr(d, k), rel=1e-11, abs=1e-12), k  # sums in another order
    _assert_holm(t)
    assert t.loc["w", "difference"] > 0 and t.loc["w", "p_holm"] < 0.01


def test_mean_versus_rest_leaves_untested_segments_out_and_names_bad_input():
    t = sat.mean_versus_rest([5, 4, 2, 1], scale=(1, 5), segments=[0, 0, 2, 2])
    assert np.isnan(t.loc[1, "difference"]) and t.loc[1, "n"] == 0 and t.loc[0, "difference"] == 3.0
    with pytest.raises(cm.OutOfRangeError) as info:
        sat.mean_versus_rest([5, 4, 2, 6], scale=(1, 5), segments=[0, 0, 1, 1])
    assert (info.value.field, info.value.index) == ("values", 3)
    with pytest.raises(cm.NotFiniteError) as info:
        sat.mean([5, 4, 2], scale=(1, 5), weights=[1, np.nan, 1])
    assert (info.value.field, info.value.index) == ("weights", 1)
    with pytest.raises(cm.OutOfRangeError) as info:
        sat.mean([5, 4, 2], scale=(5, 1))
    assert info.value.field == "scale.max"


def test_mean_trend_is_the_least_squares_line_of_the_answers_on_the_period():
    rng = np.random.default_rng(3)
    wave = np.repeat([0, 1, 3], [40, 50, 60])  # wave 2 has no answers: a gap in time
    values = np.clip(np.round(3 + 0.4 * wave + rng.normal(0, 1, len(wave))), 1, 7)
    t = sat.mean_trend(values, scale=(1, 7), periods=wave, confidence=0.9)
    slope, intercept = np.polyfit(wave, values, 1)
    assert t.slope == pytest.approx(slope, rel=1e-12)
    resid = values - (slope * wave + intercept)
    se = np.sqrt(resid @ resid / (len(values) - 2) / ((wave - wave.mean()) @ (wave - wave.mean())))
    assert t.std_error == pytest.approx(se, rel=1e-10) and t.dof == len(values) - 2
    assert t.ci_low < t.slope < t.ci_high and t.p_value < 0.01
    assert t.periods[2] is None and t.periods[3].mean == pytest.approx(values[wave == 3].mean(), rel=1e-15)
    # labels in their sorted order, a Categorical in its categories' order
    quarters = pd.Categorical(np.array(["q1", "q2", "q4"])[np.searchsorted([0, 1, 3], wave)],
                              categories=["q1", "q2", "q3", "q4"])
    assert sat.mean_trend(values, scale=(1, 7), periods=quarters, confidence=0.9) == t
    # weights of 1 are the unweighted line; other weights are weighted least squares (numpy's,
    # with the residuals' weighted mean square and Kish's effective n in place of n)
    assert sat.mean_trend(values, scale=(1, 7), periods=wave, confidence=0.9, weights=np.ones(len(values))) == t
    w = rng.uniform(0.5, 2.0, len(values))
    tw = sat.mean_trend(values, scale=(1, 7), periods=wave, confidence=0.9, weights=w)
    slope_w, intercept_w = np.polyfit(wave, values, 1, w=np.sqrt(w))
    resid_w = values - (slope_w * wave + intercept_w)
    n_eff = w.sum() ** 2 / (w * w).sum()
    xc = wave - (w @ wave) / w.sum()
    se_w = np.sqrt((w @ resid_w**2) / (n_eff - 2) / (w @ xc**2))
    assert tw.slope == pytest.approx(slope_w, rel=1e-10) and tw.dof == pytest.approx(n_eff - 2, rel=1e-12)
    assert tw.std_error == pytest.approx(se_w, rel=1e-9)
    with pytest.raises(cm.InvalidInputError) as info:  # effective size 2: no scatter left to estimate
        sat.mean_trend([3, 4, 5, 6], scale=(1, 7), periods=[0, 0, 1, 1], weights=[1, 0, 1, 0])
    assert info.value.field == "weights"


P = [[5, 6, 4], [4, 6, 5], [6, 7, 3], [3, 5, 5], [5, 4, 6], [7, 6, 4]]
E = [[6, 5, 4], [5, 5, 6], [6, 5, 5], [5, 5, 4], [4, 5, 5], [6, 5, 5]]


def test_disconfirmation_of_respondent_rows_by_segment_keeps_labels_and_column_names():
    cols = ["speed", "price", "care"]
    p, e = pd.DataFrame(P, columns=cols), pd.DataFrame(E, columns=cols)
    f = sat.disconfirmation(p, e, importance=[2, 1, 1], segments=["b", "a", "b", "a", "c", "c"])
    assert list(f.index) == ["a", "b", "c", "total"]
    assert {"speed", "speed_ci_low", "speed_ci_high", "speed_state", "overall_state", "mean"} <= set(f.columns)
    whole = sat.disconfirmation(P, E, importance=[2, 1, 1])  # a DataFrame reads as its rows
    assert isinstance(whole, sat.DisconfirmationEstimate)
    assert f.loc["total", "mean"] == whole.overall_gap.mean
    assert f.loc["total", "speed"] == whole.gaps[0].mean
    # Fortran order reads as the same rows
    assert sat.disconfirmation(np.asfortranarray(P), np.asarray(E), importance=[2, 1, 1]).gaps == whole.gaps
    b = sat.disconfirmation([P[0], P[2]], [E[0], E[2]], importance=[2, 1, 1])
    assert f.loc["b", "mean"] == b.overall_gap.mean and f.loc["b", "overall_state"] == b.overall_state


def test_disconfirmation_per_attribute_refuses_design_weights_and_names_importance():
    with pytest.raises(cm.InvalidInputError) as info:
        sat.disconfirmation([4, 6], [5, 5], weights=[1, 2])
    assert info.value.field == "weights" and "importance=" in str(info.value)
    with pytest.raises(cm.OutOfRangeError) as info:
        sat.disconfirmation([4, 6], [5, 5], importance=[1, -1])
    assert (info.value.field, info.value.index) == ("importance", 1)
    assert sat.disconfirmation([4, 6, 5], [5, 5, 3], importance=[1, 1, 2]).overall_gap == 1.0


@pytest.mark.parametrize("call, code, field, index", [
    (lambda: sat.disconfirmation(P, [r[:2] for r in E], segments=[0] * 6), "length_mismatch", "expectations", None),
    (lambda: sat.disconfirmation(P, [[9, 5, 5]] + E[1:], weights=np.ones(6)), "out_of_range", "expectations", 0),
    (lambda: sat.disconfirmation(P, E, weights=np.ones(5)), "length_mismatch", "weights", None),
    (lambda: sat.disconfirmation(P, E, importance=[0, 0, 0], weights=np.ones(6)), "invalid", "importance", None),
    (lambda: sat.ipa([r[:2] for r in E], P, segments=[0] * 6), "length_mismatch", "importance", None),
    (lambda: sat.ipa(E, [[5, 5, 0]] + P[1:], weights=np.ones(6)), "out_of_range", "performance", 2),
    (lambda: sat.ipa(None, [[5, 4], [4, 4], [6, 4], [3, 4]], overall=[5, 4, 6, 4]), "division_by_zero",
     "performance column", 1),
    (lambda: sat.ipa(None, P, overall=[5, 4, 6]), "length_mismatch", "overall", None),
    (lambda: sat.ipa(None, P, overall=[5, 4, 6, 4, 5, 6], method="ols"), "invalid", "method", None),
    (lambda: sat.ipa(E, P, overall=[5, 4, 6, 4, 5, 6]), "invalid", "overall", None),
    (lambda: sat.ipa(None, P), "invalid", "overall", None),
    (lambda: sat.ipa([6, 5], [4, 5], segments=[0, 1]), "invalid", "segments", None),
])
def test_disconfirmation_and_ipa_survey_errors_name_field_and_index(call, code, field, index):
    with pytest.raises(cm.CustometricsError) as e:
        call()
    assert (e.value.code, e.value.field, e.value.index) == (code, field, index)


def test_ipa_of_respondent_rows_stated_and_derived():
    cols = ["speed", "price", "care"]
    perf = pd.DataFrame(P, columns=cols)
    f = sat.ipa(pd.DataFrame(E, columns=cols), perf, segments=pd.Categorical(list("xxyyzz"), categories=list("zyxw")))
    assert list(f.index) == ["z", "y", "x", "w", "total"]
    assert f.loc["w", "n"] == 0 and np.isnan(f.loc["w", "speed_performance"])
    assert {"speed_performance", "speed_importance", "speed_quadrant", "importance_cut"} <= set(f.columns)
    whole = sat.ipa(E, P)
    assert isinstance(whole, sat.IpaEstimate) and whole.r_squared is None
    assert f.loc["total", "care_quadrant"] == whole.quadrants[2]
    means = sat.ipa(np.mean(E, axis=0), np.mean(P, axis=0))
    assert whole.quadrants == means.quadrants
    overall = [6, 5, 6, 4, 6, 5]
    d = sat.ipa(None, P, overall=overall, method="shapley", weights=[1, 2, 1, 1, 1, 1])
    k = sat.key_drivers(overall, P, method="shapley")
    assert d.importance.tolist() == k.importance.tolist() and d.r_squared == k.r_squared
    assert d.importance_intervals is None
