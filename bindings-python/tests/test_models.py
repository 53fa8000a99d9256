"""The transaction and spend models (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma) from Python:
side by side with lifetimes 0.11.3 on the data its wheel ships (the figures lifetimes computed
are in core/tests/data/lifetimes_reference_*.json, written by generate_lifetimes_reference.py
there), the lifetimes-style API, every bad input with its class, field and index, and
property tests."""

import json
import math
import sys
import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import custometrics as cm
from custometrics.retention import BetaGeo, BetaGeoBetaBinom, GammaGamma, ModifiedBetaGeo, ParetoNBD

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
REL = 1e-3  # the bar for agreement with lifetimes
NAMES = {
    "bgnbd": ("r", "alpha", "a", "b"),
    "mbgnbd": ("r", "alpha", "a", "b"),
    "paretonbd": ("r", "alpha", "s", "beta"),
    "gammagamma": ("p", "q", "v"),
    "bgbb": ("alpha", "beta", "gamma", "delta"),
}
CONTINUOUS = {"bgnbd": BetaGeo, "mbgnbd": ModifiedBetaGeo, "paretonbd": ParetoNBD}


def reference(name):
    return json.loads((DATA / f"lifetimes_reference_{name}.json").read_text())


def cdnow():
    return pd.read_csv(DATA / "cdnow_customers_summary.csv")


def cdnow_spend():
    df = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv")
    df.columns = ["customer_id", "frequency", "recency", "T", "monetary_value"]
    return df


def close(ours, theirs, rel=REL, floor=0.0):
    """Every element within ``rel`` relative (of max(|theirs|, floor))."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape
    worst = np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), floor))
    assert worst <= rel, f"max relative difference {worst:.3e} > {rel:e}"


@pytest.mark.parametrize("module", ["transaction", "gamma_gamma", "bgbb"])
def test_docstring_examples(module):
    mod = sys.modules[f"custometrics.retention.{module}"]
    assert doctest.testmod(mod, raise_on_error=False).failed == 0


# ---- side by side with lifetimes -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fitted():
    """Each continuous model fitted on CDNOW once (weeks)."""
    df = cdnow()
    return {name: cls().fit(df["frequency"], df["recency"], df["T"]) for name, cls in CONTINUOUS.items()}


@pytest.mark.parametrize("name", sorted(CONTINUOUS))
def test_continuous_models_agree_with_lifetimes_on_cdnow(name, fitted):
    ref, m, df = reference(name), fitted[name], cdnow()
    assert list(m.params_.index) == list(NAMES[name])
    close([m.params_[k] for k in NAMES[name]], [ref["params"][k] for k in NAMES[name]])
    close(m.log_likelihood_, ref["log_likelihood_total"], rel=1e-6)  # the total, not a mean
    assert m.log_likelihood_ == pytest.approx(m.log_likelihood(df), rel=1e-12)
    if "std_errors" in ref:  # lifetimes gives none for Pareto/NBD
        close([m.std_errors_[k] for k in NAMES[name]], [ref["std_errors"][k] for k in NAMES[name]])
    f, r, T = df["frequency"], df["recency"], df["T"]
    # every customer's P(alive) and E[Y(39) | history]
    close(m.conditional_probability_alive(f, r, T), ref["probability_alive"], floor=1e-12)
    close(m.conditional_expected_number_of_purchases_up_to_time(ref["t"], f, r, T), ref["conditional_expected"], floor=1e-12)
    ts = [float(t) for t in ref["expected"]]
    close(m.expected_number_of_purchases_up_to_time(ts), list(ref["expected"].values()))
    if "pmf" in ref:
        close(m.probability_of_n_purchases_up_to_time(ref["t"], [int(n) for n in ref["pmf"]]), list(ref["pmf"].values()))
    # at lifetimes' own parameters the formulas agree much more closely
    theirs = type(m).from_params(**ref["params"])
    close(theirs.conditional_probability_alive(f, r, T), ref["probability_alive"], rel=1e-8, floor=1e-12)
    # conditional_probability_alive_matrix: [recency, frequency], T = max_recency; the fitted
    # model takes lifetimes' defaults from its data (29 and 38 for CDNOW)
    grids = ref["probability_alive_matrix"]
    default = np.asarray(grids["default"]["matrix"])
    assert default.shape == (39, 30) == (grids["default"]["max_recency"] + 1, grids["default"]["max_frequency"] + 1)
    close(m.conditional_probability_alive_matrix(), default)
    for grid in grids.values():
        ours = theirs.conditional_probability_alive_matrix(grid["max_frequency"], grid["max_recency"])
        assert isinstance(ours, np.ndarray) and ours.dtype == np.float64
        close(ours, grid["matrix"], rel=1e-12)


def test_pareto_nbd_conditional_pmf_agrees_with_lifetimes(fitted):
    ref, df = reference("paretonbd"), cdnow()
    f, r, T = df["frequency"], df["recency"], df["T"]
    theirs = ParetoNBD.from_params(**ref["params"])
    for t, by_n in ref["conditional_pmf"].items():
        for n, want in by_n.items():
            # lifetimes subtracts hypergeometric terms (B2 - sum of B3): 1e-11 is what it keeps
            got = theirs.conditional_probability_of_n_purchases_up_to_time(int(n), float(t), f, r, T)
            close(got, want, rel=1e-11)
            close(fitted["paretonbd"].conditional_probability_of_n_purchases_up_to_time(int(n), float(t), df), want)
    one = theirs.conditional_probability_of_n_purchases_up_to_time(3, 39, 2, 30.43, 38.86)
    assert isinstance(one, float)
    assert one == theirs.conditional_probability_of_n_purchases_up_to_time(3, 39, [2], [30.43], [38.86])[0]


def test_the_alive_matrix_defaults_need_data():
    m = ParetoNBD.from_params(0.553, 10.578, 0.606, 11.669)
    for args, field in (((), "max_frequency"), ((3,), "max_recency")):
        with pytest.raises(cm.InvalidInputError, match="not fitted to data") as info:
            m.conditional_probability_alive_matrix(*args)
        assert (info.value.field, info.value.index) == (field, None)
    assert m.conditional_probability_alive_matrix(0, 4).shape == (5, 1)  # 0 is 0, not "the default"
    fitted = BetaGeo().fit([0, 2, 1, 5, 0], [0, 20, 3, 30, 0], [40.5, 38, 35, 31, 40])
    assert fitted.conditional_probability_alive_matrix().shape == (41, 6)  # int(max T) + 1, max frequency + 1
    assert fitted.conditional_probability_alive_matrix(max_recency=10).shape == (11, 6)
    grid = fitted.conditional_probability_alive_matrix(2, 10)
    assert (grid[:, 0] == 1.0).all()  # BG/NBD: no repeat purchase, no dropout, at any recency
    assert grid[7, 2] == fitted.conditional_probability_alive(2, 7, 10)


@pytest.mark.parametrize("name", ["bgnbd", "paretonbd"])
def test_penalizer_means_lifetimes_penalizer_coef(name):
    pen = reference(name)["penalized"]
    m = CONTINUOUS[name](penalizer=pen["penalizer"]).fit(cdnow())
    close([m.params_[k] for k in NAMES[name]], [pen["params"][k] for k in NAMES[name]])
    assert m.report_.penalizer == pen["penalizer"]
    close(m.log_likelihood_, pen["log_likelihood_total"], rel=1e-6)


def test_gamma_gamma_and_clv_agree_with_lifetimes(fitted):
    ref, df = reference("gammagamma"), cdnow_spend()
    repeat = df[df["frequency"] > 0]
    gg = GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    close([gg.params_[k] for k in "pqv"], [ref["params"][k] for k in "pqv"])
    close(gg.log_likelihood_, ref["log_likelihood_total"], rel=1e-6)
    close([gg.std_errors_[k] for k in "pqv"], [ref["std_errors"][k] for k in "pqv"])
    pen = GammaGamma(penalizer=0.1).fit(repeat)
    close([pen.params_[k] for k in "pqv"], [ref["penalized"]["params"][k] for k in "pqv"])
    check = GammaGamma.independence_check(repeat["frequency"], repeat["monetary_value"])
    assert check.correlation == pytest.approx(ref["frequency_monetary_correlation"], rel=1e-12)
    assert check.n == len(repeat) and 0 < check.p_value < 0.01  # spend does rise with frequency here
    close(gg.conditional_expected_average_profit(df["frequency"], df["monetary_value"]), ref["conditional_expected_average_profit"])
    clv = ref["clv"]
    for name in ("bgnbd", "paretonbd"):
        ours = gg.customer_lifetime_value(
            fitted[name], df["frequency"], df["recency"], df["T"], df["monetary_value"],
            time=clv["months"], discount_rate=clv["discount_rate"], freq=clv["freq"],
        )
        close(ours, clv[name], floor=1e-9)
        # the frame stands in for its columns
        np.testing.assert_array_equal(gg.customer_lifetime_value(fitted[name], df, time=12, freq="W"), ours)


def test_bg_bb_agrees_with_lifetimes_on_donations():
    ref, d = reference("bgbb"), pd.read_csv(DATA / "donations.csv")
    m = BetaGeoBetaBinom().fit(d["frequency"], d["recency"], d["periods"], weights=d["weights"])
    names = NAMES["bgbb"]
    close([m.params_[k] for k in names], [ref["params"][k] for k in names])
    close(m.log_likelihood_, ref["log_likelihood_total"], rel=1e-6)
    close([m.std_errors_[k] for k in names], [ref["std_errors"][k] for k in names])
    assert m.n_customers_ == d["weights"].sum() == 11_104
    x, tx, n = d["frequency"], d["recency"], d["periods"]
    close(m.conditional_probability_alive(0, x, tx, n), ref["probability_alive_m0"])
    close(m.conditional_probability_alive(5, x, tx, n), ref["probability_alive_m5"])
    close(m.conditional_expected_number_of_purchases_up_to_time(5, x, tx, n), ref["conditional_expected_m5"])
    counts = m.expected_number_of_transactions_in_first_n_periods(6)
    assert isinstance(counts, pd.DataFrame) and counts.index.name == "frequency"
    close(counts["model"].to_numpy(), list(ref["expected_counts_first_6"].values()))
    # the frame (with its `periods` and `weights` columns) stands in for the arguments
    assert BetaGeoBetaBinom().fit(d).params_.equals(m.params_)


# ---- the lifetimes-style API ---------------------------------------------------------------------


def test_fit_returns_the_model_with_lifetimes_attributes(fitted):
    m = BetaGeo()
    df = cdnow()
    assert m.fit(df["frequency"], df["recency"], df["T"]) is m
    assert set(m.params_.keys()) == set(m.std_errors_.keys()) == {"r", "alpha", "a", "b"}
    assert m.report_.converged and m.report_.covariance.shape == (4, 4) and m.n_customers_ == 2357
    assert math.sqrt(m.report_.covariance[1, 1]) == pytest.approx(m.std_errors_["alpha"], rel=1e-12)
    s = m.summary()
    assert list(s.index) == ["r", "alpha", "a", "b"] and list(s.columns)[:2] == ["coef", "se(coef)"]
    assert "custometrics.retention.BetaGeo: r: 0.2426" in repr(m)
    assert m.params_.equals(fitted["bgnbd"].params_)  # deterministic: the same data, the same bits


@pytest.mark.parametrize(
    "make",
    [
        lambda df: (df,),
        lambda df: (df["frequency"], df["recency"], df["T"]),
        lambda df: (df["frequency"].to_numpy(), df["recency"].to_numpy(), df["T"].to_numpy()),
        lambda df: (df["frequency"].astype(int).tolist(), df["recency"].tolist(), df["T"].tolist()),
        lambda df: (df["frequency"].astype("int64"), df["recency"], df["T"]),
    ],
    ids=["frame", "series", "numpy", "lists", "int64"],
)
def test_fits_and_predictions_take_frames_series_arrays_and_lists(make, fitted):
    df = cdnow()
    m = BetaGeo().fit(*make(df))
    assert m.params_.equals(fitted["bgnbd"].params_)
    given = make(df)
    p = m.conditional_probability_alive(*given)
    if isinstance(given[0], (pd.DataFrame, pd.Series)):  # a Series in, a Series out, on the same index
        assert isinstance(p, pd.Series) and p.index.equals(df.index)
        p = p.to_numpy()
    assert isinstance(p, np.ndarray) and p.dtype == np.float64 and p.shape == (len(df),)


def test_a_frame_is_read_by_column_name_never_as_its_transpose():
    df = cdnow()[["T", "recency", "frequency"]]  # any column order; `df.T` would be the transpose
    m = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    np.testing.assert_array_equal(
        m.conditional_probability_alive(df), m.conditional_probability_alive(df["frequency"], df["recency"], df["T"])
    )
    with pytest.raises(KeyError, match="recency"):
        m.conditional_probability_alive(df.drop(columns="recency"))
    with pytest.raises(TypeError, match="missing column"):
        m.conditional_probability_alive([1, 2], [1, 2])


def test_one_customer_as_numbers_gives_a_float_and_numbers_broadcast():
    m = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    one = m.conditional_probability_alive(2, 30.43, 38.86)
    assert isinstance(one, float)
    many = m.conditional_probability_alive([2, 0], [30.43, 0], [38.86, 38.86])
    assert many[0] == one and many[1] == 1.0
    assert m.conditional_probability_alive([2, 0], [30.43, 0], 38.86).tolist() == many.tolist()  # a common T
    assert isinstance(m.expected_number_of_purchases_up_to_time(39), float)
    assert m.predict(39, 2, 30.43, 38.86) == m.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86)
    pmf = m.probability_of_n_purchases_up_to_time(39, np.arange(200))
    assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
    assert pmf[3] == m.probability_of_n_purchases_up_to_time(39, 3)


def test_weights_fit_grouped_data_as_the_rows_they_stand_for():
    df = cdnow()
    grouped = df.groupby(["frequency", "recency", "T"]).size().reset_index(name="weights")
    assert len(grouped) < len(df)
    a = BetaGeo().fit(df)
    b = BetaGeo().fit(grouped["frequency"], grouped["recency"], grouped["T"], weights=grouped["weights"])
    c = BetaGeo().fit(grouped)  # the frame's weights column
    for k in a.params_.keys():
        assert b.params_[k] == pytest.approx(a.params_[k], rel=1e-9) and c.params_[k] == b.params_[k]


def test_options_and_unconverged_fits():
    df = cdnow()
    plain = ParetoNBD().fit(df)
    started = ParetoNBD().fit(df, initial={"r": 1, "alpha": 1, "s": 1, "beta": 1})
    assert dict(started.params_) == pytest.approx(dict(plain.params_), rel=1e-7)
    loose = BetaGeo().fit(df, max_iterations=1, require_convergence=False)
    assert not loose.report_.converged and loose.report_.iterations == 1


def test_an_unfitted_model_says_so():
    with pytest.raises(AttributeError, match="not fitted"):
        BetaGeo().conditional_probability_alive(1, 1, 2)
    with pytest.raises(AttributeError, match="fit"):
        BetaGeoBetaBinom.from_params(1, 1, 1, 1).expected_number_of_transactions_in_first_n_periods(6)


def test_clv_needs_a_custometrics_transaction_model():
    gg = GammaGamma.from_params(6.25, 3.74, 15.44)
    with pytest.raises(TypeError, match="transaction_model"):
        gg.customer_lifetime_value(object(), [1], [1], [2], [10])  # type: ignore[arg-type]
    bg = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    one = gg.customer_lifetime_value(bg, 2, 30.43, 38.86, 22.35, freq="W")
    assert isinstance(one, float) and one > 0
    assert gg.customer_lifetime_value(bg, 2, 30.43, 38.86, 22.35, time=0, freq="W") == 0.0


# ---- bad input: each kind, in its exception class, with field and index --------------------------

BG = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
PN = ParetoNBD.from_params(0.553, 10.578, 0.606, 11.669)
GG = GammaGamma.from_params(6.25, 3.74, 15.44)
BB = BetaGeoBetaBinom.from_params(1.204, 0.750, 0.657, 2.783)

BAD = [
    # recency > T
    (lambda: BetaGeo().fit([1, 2], [3, 5], [4, 4]), cm.OutOfRangeError, "recency", 1),
    (lambda: ParetoNBD().fit([1, 2], [3, 5], [4, 4]), cm.OutOfRangeError, "recency", 1),
    (lambda: BG.conditional_probability_alive([1, 2], [3, 5], [4, 4]), cm.OutOfRangeError, "recency", 1),
    (lambda: BG.conditional_probability_alive(2, 5, 4), cm.OutOfRangeError, "recency", None),
    (lambda: BG.predict(39, [1, 2], [3, 5], [4, 4]), cm.OutOfRangeError, "recency", 1),
    (lambda: BB.conditional_probability_alive(0, [1, 2], [3, 7], [6, 6]), cm.OutOfRangeError, "recency", 1),
    # negative or non-integer frequency
    (lambda: BetaGeo().fit([1, -1], [3, 0], [4, 4]), cm.OutOfRangeError, "frequency", 1),
    (lambda: ModifiedBetaGeo().fit([1, 1.5], [3, 3], [4, 4]), cm.OutOfRangeError, "frequency", 1),
    (lambda: BG.conditional_probability_alive([0, 0.5], [0, 1], [4, 4]), cm.OutOfRangeError, "frequency", 1),
    (lambda: BetaGeoBetaBinom().fit([1, 1.5], [3, 3], [6, 6]), cm.OutOfRangeError, "frequency", 1),
    (lambda: GammaGamma().fit([1, 2.5], [3, 3]), cm.OutOfRangeError, "frequency", 1),
    (lambda: GG.conditional_expected_average_profit([1, -2], [3, 3]), cm.OutOfRangeError, "frequency", 1),
    # recency non-zero when frequency is zero
    (lambda: BetaGeo().fit([1, 0], [3, 2], [4, 4]), cm.OutOfRangeError, "recency", 1),
    (lambda: BG.conditional_probability_alive(0, 2, 4), cm.OutOfRangeError, "recency", None),
    (lambda: BetaGeoBetaBinom().fit([1, 0], [3, 2], [6, 6]), cm.OutOfRangeError, "recency", 1),
    # T <= 0
    (lambda: BetaGeo().fit([1, 0], [3, 0], [4, 0]), cm.OutOfRangeError, "T", 1),
    (lambda: ParetoNBD().fit([1, 0], [3, 0], [4, -1]), cm.OutOfRangeError, "T", 1),
    (lambda: BG.conditional_probability_alive([0, 0], [0, 0], [4, 0]), cm.OutOfRangeError, "T", 1),
    (lambda: BetaGeoBetaBinom().fit([1, 0], [3, 0], [6, 0]), cm.OutOfRangeError, "n_periods", 1),
    # empty data
    (lambda: BetaGeo().fit([], [], []), cm.EmptyInputError, "frequency", None),
    (lambda: ParetoNBD().fit(cdnow().iloc[:0]), cm.EmptyInputError, "frequency", None),
    (lambda: BetaGeoBetaBinom().fit([], [], []), cm.EmptyInputError, "frequency", None),
    (lambda: GammaGamma().fit([], []), cm.EmptyInputError, "frequency", None),
    (lambda: GammaGamma.independence_check([1], [2]), cm.EmptyInputError, "frequency", None),
    # monetary value <= 0 for Gamma-Gamma
    (lambda: GammaGamma().fit([1, 2], [10, 0]), cm.OutOfRangeError, "monetary_value", 1),
    (lambda: GammaGamma().fit([1, 2], [10, -5]), cm.OutOfRangeError, "monetary_value", 1),
    (lambda: GG.conditional_expected_average_profit([1, 2], [10, 0]), cm.OutOfRangeError, "monetary_value", 1),
    (lambda: GG.customer_lifetime_value(BG, [1, 1], [1, 1], [2, 2], [3, 0]), cm.OutOfRangeError, "monetary_value", 1),
    # other named errors
    (lambda: BetaGeo().fit([1, 0], [3, 0], [4, np.nan]), cm.NotFiniteError, "T", 1),
    (lambda: BetaGeo().fit([1, 0], [3, 0], [4]), cm.LengthMismatchError, "T", None),
    (lambda: BetaGeo().fit([1, 0], [3, 0], [4, 4], [1, -1]), cm.OutOfRangeError, "weights", 1),
    (lambda: BetaGeo().fit([1, 0], [3, 0], [4, 4], [0, 0]), cm.InvalidInputError, "weights", None),
    (lambda: BetaGeo(penalizer=-1).fit([1, 0], [3, 0], [4, 4]), cm.OutOfRangeError, "penalizer", None),
    (lambda: BetaGeo().fit([1, 0], [3, 0], [4, 4], initial=[1.0]), cm.LengthMismatchError, "initial", None),
    (lambda: BetaGeo.from_params(0, 1, 1, 1), cm.OutOfRangeError, "r", None),
    (lambda: ParetoNBD.from_params(1, 1, 1, np.inf), cm.NotFiniteError, "beta", None),
    (lambda: BG.predict(-1, 2, 3, 4), cm.OutOfRangeError, "t", None),
    (lambda: BG.expected_number_of_purchases_up_to_time([1, -1]), cm.OutOfRangeError, "t", 1),
    (lambda: BG.probability_of_n_purchases_up_to_time(3, [1, 1.5]), cm.OutOfRangeError, "n", 1),
    (lambda: BG.probability_of_n_purchases_up_to_time(3, -1), cm.OutOfRangeError, "n", None),
    (lambda: BB.conditional_probability_alive(-1, 1, 1, 1), cm.OutOfRangeError, "m_periods_in_future", None),
    (lambda: BB.expected_number_of_purchases_up_to_time([1, 2.5]), cm.OutOfRangeError, "n_periods", 1),
    (lambda: GammaGamma.from_params(0.1, 0.5, 1).conditional_expected_average_profit(0, 0), cm.DivergesError, "q", None),
    (lambda: GG.customer_lifetime_value(BG, [1], [1], [2], [3], discount_rate=-1), cm.OutOfRangeError, "discount_rate", None),
    (lambda: GG.customer_lifetime_value(BG, [1], [1], [2], [3], freq="Y"), cm.InvalidInputError, "freq", None),
    (lambda: GG.customer_lifetime_value(BG, [1], [1], [2], [3], time=1.5), cm.OutOfRangeError, "time", None),
    (lambda: GG.customer_lifetime_value(BG, [1, 1], [1, 3], [2, 2], [3, 3]), cm.OutOfRangeError, "recency", 1),
    # conditional_probability_alive_matrix: whole numbers, an age of at least 1, at most 2**24 cells
    (lambda: BG.conditional_probability_alive_matrix(-1, 10), cm.OutOfRangeError, "max_frequency", None),
    (lambda: PN.conditional_probability_alive_matrix(2.5, 10), cm.OutOfRangeError, "max_frequency", None),
    (lambda: BG.conditional_probability_alive_matrix(np.nan, 10), cm.NotFiniteError, "max_frequency", None),
    (lambda: BG.conditional_probability_alive_matrix(3, -1), cm.OutOfRangeError, "max_recency", None),
    (lambda: PN.conditional_probability_alive_matrix(3, 0.5), cm.OutOfRangeError, "max_recency", None),
    (lambda: ModifiedBetaGeo.from_params(1, 1, 1, 1).conditional_probability_alive_matrix(3, 0), cm.OutOfRangeError, "max_recency", None),
    (lambda: BG.conditional_probability_alive_matrix(2**24, 1), cm.OutOfRangeError, "max_frequency", None),
    # Pareto/NBD conditional PMF: n a whole number, t >= 0, valid histories
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(-1, 39, 1, 1, 2), cm.OutOfRangeError, "n", None),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(1.5, 39, [1], [1], [2]), cm.OutOfRangeError, "n", None),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(1, -1, 1, 1, 2), cm.OutOfRangeError, "t", None),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(1, np.inf, [1], [1], [2]), cm.NotFiniteError, "t", None),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(1, 39, [1, 2], [3, 5], [4, 4]), cm.OutOfRangeError, "recency", 1),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(1, 39, [1, 0.5], [3, 0], [4, 4]), cm.OutOfRangeError, "frequency", 1),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(1, 39, [-1, 1], [0, 0], [4, 4]), cm.OutOfRangeError, "frequency", 0),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(0, 39, 0, 2, 4), cm.OutOfRangeError, "recency", None),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(0, 39, [0, 0], [0, 0], [4, 0]), cm.OutOfRangeError, "T", 1),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(0, 39, [0, 0], [0, 0], [4]), cm.LengthMismatchError, "T", None),
    (lambda: PN.conditional_probability_of_n_purchases_up_to_time(0, 39, [], [], []), cm.EmptyInputError, "frequency", None),
    # out=: a writable, C-contiguous float64 array of the customers' length that is no input
    (lambda: BG.conditional_probability_alive([1, 2], [1, 2], [3, 3], out=np.zeros(3)), cm.LengthMismatchError, "out", None),
    (lambda: BG.conditional_probability_alive([1, 2], [1, 2], [3, 3], out=np.zeros(2, np.float32)), cm.InvalidInputError, "out", None),
    (lambda: BG.conditional_probability_alive([1, 2], [1, 2], [3, 3], out=[0.0, 0.0]), cm.InvalidInputError, "out", None),
    (lambda: BG.conditional_probability_alive([1, 2], [1, 2], [3, 3], out=np.zeros(4)[::2]), cm.InvalidInputError, "out", None),
    (lambda: BG.conditional_probability_alive([1, 2], [1, 2], [3, 3], out=np.zeros((1, 2))), cm.InvalidInputError, "out", None),
    (lambda: BG.conditional_probability_alive(1, 1, 3, out=np.zeros(1)), cm.InvalidInputError, "out", None),
    (lambda: _shared_out(BG.conditional_probability_alive), cm.InvalidInputError, "out", None),
    (lambda: BG.conditional_probability_alive([1, 2], [1, 2], [3, 3], out=_read_only(2)), cm.InvalidInputError, "out", None),
    (lambda: BG.conditional_probability_alive([1, 2], [1, 4], [3, 3], out=np.zeros(2)), cm.OutOfRangeError, "recency", 1),
    (lambda: BB.conditional_probability_alive(1, [1], [1], [2], out=np.zeros(2)), cm.LengthMismatchError, "out", None),
    (lambda: GG.customer_lifetime_value(BG, [1], [1], [2], [3], out=np.zeros(1, int)), cm.InvalidInputError, "out", None),
]


def _shared_out(method):
    """`method` with out= its frequency array itself."""
    f = np.array([1.0, 2.0])
    return method(f, np.array([1.0, 2.0]), np.array([3.0, 3.0]), out=f)


def _donations():
    d = pd.read_csv(DATA / "donations.csv")
    return d["frequency"].to_numpy(float), d["recency"].to_numpy(float), d["periods"].to_numpy(float)


def _read_only(n):
    a = np.zeros(n)
    a.flags.writeable = False
    return a


@pytest.mark.parametrize(
    "call",
    [
        lambda m, f, r, t, mv, **o: m["bgnbd"].conditional_probability_alive(f, r, t, **o),
        lambda m, f, r, t, mv, **o: m["mbgnbd"].conditional_probability_alive(f, r, t, **o),
        lambda m, f, r, t, mv, **o: m["paretonbd"].conditional_probability_alive(f, r, t, **o),
        lambda m, f, r, t, mv, **o: m["bgnbd"].conditional_expected_number_of_purchases_up_to_time(39, f, r, t, **o),
        lambda m, f, r, t, mv, **o: m["paretonbd"].predict(39, f, r, t, **o),
        lambda m, f, r, t, mv, **o: m["paretonbd"].conditional_probability_of_n_purchases_up_to_time(2, 39, f, r, t, **o),
        lambda m, f, r, t, mv, **o: GG.conditional_expected_average_profit(f[f > 0], mv[f > 0], **o),
        lambda m, f, r, t, mv, **o: GG.customer_lifetime_value(m["bgnbd"], f, r, t, mv, freq="W", **o),
        lambda m, f, r, t, mv, **o: BB.conditional_probability_alive(2, *_donations(), **o),
        lambda m, f, r, t, mv, **o: BB.conditional_expected_number_of_purchases_up_to_time(2, *_donations(), **o),
    ],
)
def test_out_receives_the_results_and_is_returned(call):
    """out= gives the same bits as a new array, in the array given (garbage in it beforehand is
    overwritten), and returns that array."""
    models = {
        "bgnbd": BG,
        "mbgnbd": ModifiedBetaGeo.from_params(0.243, 4.414, 0.793, 2.426),
        "paretonbd": PN,
    }
    spend = cdnow_spend()
    f, r, t, mv = (spend[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    fresh = call(models, f, r, t, mv)
    out = np.full(fresh.size, np.nan)
    got = call(models, f, r, t, mv, out=out)
    assert got is out
    assert np.array_equal(out.view(np.int64), fresh.view(np.int64))


@pytest.mark.parametrize(
    "call, cls, field, index", BAD, ids=[f"{i}-{b[1].__name__}-{b[2]}" for i, b in enumerate(BAD)]
)
def test_bad_input_raises_the_named_error(call, cls, field, index):
    with pytest.raises(cls) as info:
        call()
    err = info.value
    assert isinstance(err, cm.CustometricsError) and isinstance(err, ValueError)
    assert (err.field, err.index) == (field, index), str(err)
    assert str(err).startswith(field if index is None else f"{field}[{index}]"), str(err)


@pytest.mark.parametrize(
    "fit, k, name",
    [
        (lambda o: BetaGeo().fit(cdnow(), **o), 4, "BG/NBD"),
        (lambda o: ModifiedBetaGeo().fit(cdnow(), **o), 4, "MBG/NBD"),
        (lambda o: ParetoNBD().fit(cdnow(), **o), 4, "Pareto/NBD"),
        (lambda o: GammaGamma().fit(cdnow_spend().query("frequency > 0"), **o), 3, "Gamma-Gamma"),
        (lambda o: BetaGeoBetaBinom().fit(pd.read_csv(DATA / "donations.csv"), **o), 4, "BG/BB"),
    ],
    ids=["bgnbd", "mbgnbd", "paretonbd", "gammagamma", "bgbb"],
)
def test_a_fit_that_does_not_converge_carries_its_last_iterate(fit, k, name):
    with pytest.raises(cm.DidNotConvergeError) as info:
        fit({"max_iterations": 1})
    err = info.value
    assert (err.code, err.field, err.index) == ("did_not_converge", None, None)
    assert len(err.last_iterate) == k and all(v > 0 and math.isfinite(v) for v in err.last_iterate)
    assert str(err).startswith(f"{name} did not converge")


# ---- properties ----------------------------------------------------------------------------------

positive = st.floats(0.05, 20.0)


@st.composite
def histories(draw, n=20):
    """Valid (frequency, recency, T) histories."""
    T = np.array(draw(st.lists(st.floats(0.5, 100.0), min_size=n, max_size=n)))
    x = np.array(draw(st.lists(st.integers(0, 50), min_size=n, max_size=n)), dtype=float)
    share = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n)))
    return x, np.where(x > 0, share * T, 0.0), T


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(CONTINUOUS)), positive, positive, positive, positive, histories())
def test_p_alive_is_a_probability_and_expectations_rise_with_t(name, p0, p1, p2, p3, h):
    m = CONTINUOUS[name].from_params(p0, p1, p2, p3)
    x, r, T = h
    p = m.conditional_probability_alive(x, r, T)
    assert np.all((p >= 0) & (p <= 1))
    horizons = [0.0, 1.0, 10.0, 52.0, 200.0]
    e = m.expected_number_of_purchases_up_to_time(horizons)
    assert e[0] == 0 and np.all(np.diff(e) >= -1e-12 * np.abs(e[1:]))
    cond = np.array([m.conditional_expected_number_of_purchases_up_to_time(t, x, r, T) for t in horizons])
    assert np.all(cond >= 0) and np.all(np.diff(cond, axis=0) >= -1e-9 * np.abs(cond[1:]))


@settings(max_examples=60, deadline=None)
@given(positive, positive, positive, positive, st.integers(1, 30), st.data())
def test_bg_bb_p_alive_is_a_probability_and_expectations_rise(alpha, beta, gamma, delta, n, data):
    m = BetaGeoBetaBinom.from_params(alpha, beta, gamma, delta)
    tx = data.draw(st.integers(0, n))
    x = data.draw(st.integers(1, tx)) if tx > 0 else 0
    ps = [m.conditional_probability_alive(k, x, tx, n) for k in range(4)]
    assert all(0 <= p <= 1 for p in ps) and all(b <= a + 1e-12 for a, b in zip(ps, ps[1:]))  # dropout only grows
    e = [m.conditional_expected_number_of_purchases_up_to_time(k, x, tx, n) for k in range(5)]
    assert e[0] == 0 and all(b >= a - 1e-12 for a, b in zip(e, e[1:]))
    assert np.all(np.diff(m.expected_number_of_purchases_up_to_time(np.arange(10))) >= -1e-12)


@settings(max_examples=40, deadline=None)
@given(positive, st.floats(1.05, 20.0), positive, st.integers(0, 100), st.floats(0.01, 1e4))
def test_expected_spend_lies_between_the_customer_mean_and_the_population_mean(p, q, v, x, mean):
    gg = GammaGamma.from_params(p, q, v)
    population = p * v / (q - 1)
    got = gg.conditional_expected_average_profit(x, mean if x > 0 else 0.0)
    if x == 0:
        assert got == pytest.approx(population, rel=1e-12)
    else:
        lo, hi = sorted([mean, population])
        assert lo * (1 - 1e-12) <= got <= hi * (1 + 1e-12)


# ---- the form of a prediction: a Series in, a Series out on the same index ----------------------
def test_series_and_frames_give_series_on_their_index():
    df = cdnow().set_index(np.arange(len(cdnow())) * 3 + 1000)  # customer ids, not positions
    p = BG.conditional_probability_alive(df)
    assert isinstance(p, pd.Series) and p.index.equals(df.index) and p.dtype == np.float64
    np.testing.assert_array_equal(p.to_numpy(), BG.conditional_probability_alive(
        df["frequency"].to_numpy(), df["recency"].to_numpy(), df["T"].to_numpy()))
    e = BG.predict(10, df["frequency"], df["recency"].to_numpy(), 40.0)  # mixed: the Series' index
    assert isinstance(e, pd.Series) and e.index.equals(df.index)
    clv = GG.customer_lifetime_value(BG, df.assign(monetary_value=20.0))
    assert isinstance(clv, pd.Series) and clv.index.equals(df.index)
    out = np.empty(len(df))
    shared = BG.conditional_probability_alive(df, out=out)
    assert isinstance(shared, pd.Series) and np.shares_memory(shared.to_numpy(), out)
    horizons = pd.Series([1.0, 5.0], index=["a", "b"])
    assert BG.expected_number_of_purchases_up_to_time(horizons).index.tolist() == ["a", "b"]
    assert isinstance(BG.conditional_probability_alive(2, 30.43, 38.86), float)  # one customer: a float
    assert isinstance(BG.conditional_probability_alive([2, 0], [30.43, 0], [38.86, 38.86]), np.ndarray)


def test_series_with_different_indexes_are_refused_not_paired_by_position():
    df = cdnow()
    shuffled = df["recency"].sample(frac=1.0, random_state=1)  # the same customers, another order
    with pytest.raises(cm.InvalidInputError) as e:
        BG.conditional_probability_alive(df["frequency"], shuffled, df["T"])
    assert e.value.field == "recency" and "frequency" in str(e.value)
    aligned = BG.conditional_probability_alive(df["frequency"], shuffled.reindex(df.index), df["T"])
    np.testing.assert_array_equal(aligned.to_numpy(), BG.conditional_probability_alive(df).to_numpy())


def test_polars_in_gives_polars_out():
    pl = pytest.importorskip("polars")
    df = cdnow()
    p = BG.conditional_probability_alive(pl.from_pandas(df[["frequency", "recency", "T"]]))
    assert isinstance(p, pl.Series) and p.len() == len(df)
    np.testing.assert_array_equal(p.to_numpy(), BG.conditional_probability_alive(df).to_numpy())
