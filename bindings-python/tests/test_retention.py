"""custometrics.retention beyond the golden vectors: money in and out, input kinds, the fitted
model's attributes, transaction summaries from what a data scientist holds, and every kind of
bad input with its error class, field and index."""

import dataclasses
import datetime as dt
import doctest
import math
import sys
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import custometrics as cm
from custometrics import retention as ret
from custometrics.retention import ShiftedBetaGeo

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), "regular" segment
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.mark.parametrize("module", ["economics", "summary", "sbg", "_fitted"])
def test_docstring_examples(module):
    mod = sys.modules[f"custometrics.retention.{module}"]
    assert doctest.testmod(mod, raise_on_error=False).failed == 0


# ---- money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "margin",
    [100, Decimal("100"), Decimal("1E+2"), "100", " 100.00 ", 100.0, np.int64(100), np.float64(100.0), np.float32(100)],
)
def test_money_is_taken_in_every_usual_form(margin):
    v = ret.clv_closed_form(margin, 0.9, 0.1)
    assert isinstance(v, Decimal) and v == 450


def test_floats_are_read_at_their_shortest_repr_and_results_are_exact():
    # 0.1 is 0.1000000000000000055… in binary; as money it is the 0.1 that repr prints
    assert ret.clv_closed_form(0.1, 0.5) == Decimal("0.1")
    assert ret.clv_closed_form(np.float32(0.1), 0.5) == Decimal("0.1")
    assert ret.clv_closed_form(0.1 + 0.2, 0.5) == Decimal("0.30000000000000004")
    v = ret.clv("100", 0.8, discount=0.1)
    assert v.gross == Decimal("266.66666666666666666666666667")  # 28 significant digits, no float
    assert all(isinstance(getattr(v, f.name), Decimal) for f in dataclasses.fields(v))


def test_money_results_are_frozen_decimals_with_to_dict():
    ce = ret.customer_equity([ret.Cohort(10, "100", 0.9, acquisition_cost=50)], discount=0.1)
    assert ce.equity == Decimal(4000) and ce.customers == 10
    assert isinstance(ce.cohorts[0], ret.CohortValue) and ce.cohorts[0].net_clv == Decimal(400)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ce.equity = Decimal(0)  # type: ignore[misc]
    assert ce.to_dict()["cohorts"][0] == {"clv": Decimal(450), "net_clv": Decimal(400), "value": Decimal(4000)}
    p = ret.payback(5000, 50, 0.95, discount=0.01)
    assert p.periods is None and p.simple_periods == 100.0 and isinstance(p.clv, Decimal)
    imp = ret.retention_impact(0, 0.5, 0.1)
    assert imp.ratio is None and imp.relative_change is None


def test_customer_equity_takes_cohorts_mappings_and_a_frame():
    base = ret.Cohort(customers=1000, margin=100, retention=0.9)
    nxt = {"customers": 200, "margin": "100", "retention": 0.9, "acquisition_cost": 150, "acquired_in": 1}
    a = ret.customer_equity([base, nxt], discount=0.1)
    b = ret.customer_equity(pd.DataFrame([dataclasses.asdict(base), nxt]), discount=0.1)
    assert a == b
    assert a.equity.quantize(Decimal("0.000001")) == Decimal("504545.454545")


def test_rates_and_conversions():
    assert ret.churn_from_retention(0.75) == 0.25 and ret.retention_from_churn(0.25) == 0.75
    assert ret.convert_retention(0.81, 2, 1) == pytest.approx(0.9, rel=1e-15)
    assert ret.convert_churn(0.02, 1, 12) == pytest.approx(1 - 0.98**12, rel=1e-14)
    assert ret.expected_lifetime(0.75) == 4.0
    assert ret.cost_ratio(Decimal("500"), 100) == 5.0
    b = ret.break_even_retention_spend(100, 0.5, 0.25)
    assert b.present_value == 200 and b.per_period.quantize(Decimal("0.01")) == Decimal("66.67")


# ---- the batch kernel ---------------------------------------------------------------------------


def test_clv_many_is_a_float64_array_and_agrees_with_clv():
    margins = pd.Series([100.0, 50.0, 20.0])
    retention = np.array([0.9, 0.5, 0.0])
    out = ret.clv_many(margins, retention, discount=0.1, growth=0.02, horizon=12)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == (3,)
    for m, r, v in zip(margins, retention, out):
        assert v == pytest.approx(float(ret.clv(m, r, discount=0.1, growth=0.02, horizon=12).gross), rel=1e-13)
    assert ret.clv_many([100, 50], 0.9, discount=0.1).tolist() == pytest.approx([450.0, 225.0], rel=1e-14)


@settings(max_examples=100, deadline=None)
@given(
    st.floats(-1e6, 1e6),
    st.floats(0.0, 0.99),
    st.floats(0.0, 0.5),
    st.sampled_from(["end", "start"]),
)
def test_clv_many_matches_the_exact_decimal_formula(margin, retention, discount, timing):
    exact = ret.clv(margin, retention, discount=discount, timing=timing).gross
    fast = ret.clv_many([margin], [retention], discount=discount, timing=timing)[0]
    assert fast == pytest.approx(float(exact), rel=1e-12, abs=1e-9)


# ---- the shifted-beta-geometric model -------------------------------------------------------------


def test_sbg_fit_follows_the_lifetimes_habit():
    m = ShiftedBetaGeo()
    assert m.fit(REGULAR) is m
    assert set(m.params_.keys()) == {"alpha", "beta"} and set(m.std_errors_.keys()) == {"alpha", "beta"}
    assert (round(m.params_["alpha"], 3), round(m.params_["beta"], 3)) == (0.704, 1.182)  # Fader & Hardie 2007
    assert m.log_likelihood_ == pytest.approx(-1680.2652, abs=1e-4)  # the total, not a mean
    assert m.log_likelihood_ == pytest.approx(m.log_likelihood(REGULAR), rel=1e-13)
    assert m.report_.converged and m.report_.covariance.shape == (2, 2)
    assert math.sqrt(m.report_.covariance[0, 0]) == pytest.approx(m.std_errors_["alpha"], rel=1e-12)
    s = m.summary()
    assert isinstance(s, pd.DataFrame) and list(s.index) == ["alpha", "beta"]
    assert list(s.columns) == ["coef", "se(coef)", "lower 95% bound", "upper 95% bound"]
    assert s.loc["beta", "coef"] == m.params_["beta"]
    assert "alpha: 0.7041" in repr(m)


def test_sbg_summary_without_pandas_is_a_dict(monkeypatch):
    m = ShiftedBetaGeo().fit(HIGH_END)
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    s = m.summary()
    assert isinstance(s, dict) and s["alpha"]["coef"] == m.params_["alpha"]


def test_sbg_options():
    plain = ShiftedBetaGeo().fit(REGULAR)
    penalized = ShiftedBetaGeo(penalizer=0.1).fit(REGULAR)
    assert penalized.params_["beta"] < plain.params_["beta"] and penalized.report_.penalizer == 0.1
    started = ShiftedBetaGeo().fit(REGULAR, initial={"alpha": 0.5, "beta": 2.0})
    assert dict(started.params_) == pytest.approx(dict(plain.params_), rel=1e-8)
    loose = ShiftedBetaGeo().fit(REGULAR, max_iterations=1, require_convergence=False)
    assert not loose.report_.converged


def test_sbg_predictions_take_an_int_or_an_array():
    m = ShiftedBetaGeo.from_params(1.0, 1.0)  # θ uniform: S(t) = 1 / (t + 1)
    assert math.isnan(m.std_errors_["alpha"])
    assert m.survival(3) == pytest.approx(0.25, rel=1e-15) and isinstance(m.survival(3), float)
    np.testing.assert_allclose(m.survival(np.arange(4)), [1, 1 / 2, 1 / 3, 1 / 4], rtol=1e-15)
    np.testing.assert_allclose(m.survival_curve(3), m.survival([0, 1, 2, 3]), rtol=1e-15)
    assert m.retention_rate([1, 2, 3]).tolist() == [0.5, 2 / 3, 0.75]
    assert m.retention_curve(3).tolist() == [0.5, 2 / 3, 0.75]
    assert m.churn_probability(1) == 0.5
    assert m.expected_survivors(1000, 1).tolist() == pytest.approx([1000, 500], rel=1e-15)
    assert m.del_(0.1) == m.discounted_expected_lifetime(0.1) == pytest.approx(1.1 * math.log(11), rel=1e-13)
    derl = m.derl(0.1, np.array([0, 4]))
    assert derl[0] == m.discounted_expected_residual_lifetime(0.1, 0)
    assert m.del_(0.1) == pytest.approx(1 + derl[0] / 1.1, rel=1e-12)
    assert m.expected_clv(100, 0.1).quantize(Decimal("0.01")) == Decimal("263.77")
    assert m.expected_residual_value("100", 0.1, 4) > m.expected_residual_value(100, 0.1, 0)


def test_an_unfitted_model_says_so():
    with pytest.raises(AttributeError, match="not fitted"):
        ShiftedBetaGeo().survival(1)
    assert "not fitted" in repr(ShiftedBetaGeo())


# ---- transaction summaries ----------------------------------------------------------------------

IDS = [1, 1, 1, 2, 2, 3, 3, 3]
DAYS = ["2015-01-01", "2015-01-05", "2015-01-08", "2015-01-04", "2015-01-30", "2015-01-10", "2015-02-05", "2015-02-06"]
WANT = {"frequency": [2.0, 1.0, 2.0], "recency": [7.0, 26.0, 27.0], "T": [36.0, 33.0, 27.0]}  # lifetimes' README


@pytest.mark.parametrize(
    "times",
    [
        DAYS,
        np.array(DAYS, dtype="datetime64[D]"),
        np.array(DAYS, dtype="datetime64[ns]"),
        pd.to_datetime(pd.Series(DAYS)),
        pd.Series(DAYS, dtype=object),
        [dt.datetime.fromisoformat(d) + dt.timedelta(hours=15) for d in DAYS],
        [dt.date.fromisoformat(d) for d in DAYS],
        pd.to_datetime(pd.Series(DAYS)).dt.tz_localize("Asia/Shanghai"),  # wall-clock days
    ],
    ids=["str", "datetime64[D]", "datetime64[ns]", "pandas", "pandas-str", "datetime", "date", "tz-aware"],
)
def test_summary_reads_every_kind_of_time(times):
    s = ret.summary_from_transactions(IDS, times, as_frame=False)
    assert {k: getattr(s, k).tolist() for k in WANT} == WANT
    assert s.customer_id.tolist() == [1, 2, 3] and s.monetary_value is None


@pytest.mark.parametrize(
    "ids, want",
    [
        (np.array(IDS, dtype=np.int32), [1, 2, 3]),
        (np.array(IDS, dtype=np.uint64) + np.uint64(2**63), [2**63 + 1, 2**63 + 2, 2**63 + 3]),
        (pd.Series(IDS, dtype="float64"), [1, 2, 3]),
        ([f"c{i}" for i in IDS], ["c1", "c2", "c3"]),
        (pd.Series([f"c{i}" for i in IDS], dtype="string"), ["c1", "c2", "c3"]),
        (np.array(IDS, dtype=object), [1, 2, 3]),
    ],
    ids=["int32", "uint64", "float", "str", "pandas-string", "object-int"],
)
def test_summary_reads_ids_as_ints_or_strings(ids, want):
    s = ret.summary_from_transactions(ids, DAYS, as_frame=False)
    assert s.customer_id.tolist() == want and s.frequency.tolist() == WANT["frequency"]


def test_summary_is_a_frame_indexed_by_customer_with_lifetimes_columns():
    values = np.arange(1.0, 9.0)
    f = ret.summary_from_transactions(IDS, DAYS, values)
    assert isinstance(f, pd.DataFrame) and f.index.name == "customer_id"
    assert list(f.columns) == ["frequency", "recency", "T", "monetary_value"]
    assert f.loc[1, "monetary_value"] == (2 + 3) / 2
    h = ret.summary_from_transactions(
        IDS, DAYS, values, calibration_period_end="2015-01-20", observation_period_end=dt.date(2015, 2, 6)
    )
    assert list(h.columns) == [
        "frequency", "recency", "T", "monetary_value", "frequency_holdout", "monetary_value_holdout", "duration_holdout"
    ]
    assert h.loc[3].tolist() == [0.0, 0.0, 10.0, 0.0, 2.0, 7.5, 17.0]
    assert ret.summary_from_transactions(IDS, DAYS, as_frame=False).to_frame().equals(
        ret.summary_from_transactions(IDS, DAYS)
    )


def test_summary_options():
    hours = np.array(DAYS, dtype="datetime64[h]")
    by_hour = ret.summary_from_transactions(IDS, hours, freq="h", freq_multiplier=24, as_frame=False)
    assert by_hour.T.tolist() == WANT["T"]
    first = ret.summary_from_transactions(IDS, DAYS, include_first_transaction=True, as_frame=False)
    assert first.frequency.tolist() == [3.0, 2.0, 3.0]
    weeks = ret.summary_from_transactions(IDS, DAYS, freq="W", as_frame=False)
    assert weeks.T.tolist() == [5.0, 5.0, 4.0]


def test_summary_of_a_million_transactions_reads_datetime64_ns_without_conversion():
    rng = np.random.default_rng(1)
    n = 1_000_000
    ids = rng.integers(0, 50_000, n)
    t = np.datetime64("2020-01-01", "ns") + rng.integers(0, 365 * 86_400, n).astype("timedelta64[s]")
    a = ret.summary_from_transactions(ids, t, as_frame=False)
    b = ret.summary_from_transactions(ids, t.astype("datetime64[s]"), as_frame=False)
    assert len(a.customer_id) == len(np.unique(ids))
    np.testing.assert_array_equal(a.frequency, b.frequency)
    np.testing.assert_array_equal(a.T, b.T)


# ---- bad input: each kind, in its exception class, with field and index ------------------------------

BAD = [
    # empty data
    (lambda: ret.summary_from_transactions([], []), cm.EmptyInputError, "customers", None),
    (lambda: ShiftedBetaGeo().fit([1000]), cm.EmptyInputError, "survivors", None),
    (lambda: ret.customer_equity([]), cm.EmptyInputError, "cohorts", None),
    (lambda: ret.clv_many([], []), None, None, None),  # not an error: no customers, no values
    # survivor counts that increase or start at zero
    (lambda: ShiftedBetaGeo().fit([1000, 869, 870, 653]), cm.OutOfRangeError, "survivors", 2),
    (lambda: ShiftedBetaGeo().fit([0, 0, 0]), cm.OutOfRangeError, "survivors", 0),
    (lambda: ShiftedBetaGeo().fit([1000, -1]), cm.OutOfRangeError, "survivors", 1),
    (lambda: ShiftedBetaGeo().fit([1000, 1000, 1000]), cm.InvalidInputError, "survivors", None),
    (lambda: ShiftedBetaGeo().fit([1000, np.nan]), cm.NotFiniteError, "survivors", 1),
    # discount <= -1
    (lambda: ret.clv_closed_form(100, 0.5, discount=-1.0), cm.OutOfRangeError, "discount", None),
    (lambda: ret.clv(100, 0.5, discount=-2.0), cm.OutOfRangeError, "discount", None),
    (lambda: ret.clv_many([100], [0.5], discount=-1.0), cm.OutOfRangeError, "discount", None),
    (lambda: ShiftedBetaGeo.from_params(1, 1).del_(-1.0), cm.OutOfRangeError, "discount", None),
    # diverging CLV
    (lambda: ret.clv_closed_form(100, 1.0), cm.DivergesError, "retention", None),
    (lambda: ret.clv(100, 0.9, discount=0.1, growth=0.25), cm.DivergesError, "growth", None),
    (lambda: ret.clv_many([1, 2, 3], [0.5, 0.9, 1.0]), cm.DivergesError, "retention", 2),
    (lambda: ret.customer_equity([ret.Cohort(1, 1, 0.5), ret.Cohort(1, 1, 1.0)]), cm.DivergesError, "retention", 1),
    (lambda: ret.retention_impact(100, 0.95, 0.05), cm.DivergesError, "change", None),
    (lambda: ret.expected_lifetime(1.0), cm.DivergesError, "retention", None),
    (lambda: ShiftedBetaGeo.from_params(0.7, 1.2).del_(0.0), cm.DivergesError, "discount", None),
    # other named errors
    (lambda: ret.clv(float("nan"), 0.5), cm.NotFiniteError, "margin", None),
    (lambda: ret.clv(100, 0.5, acquisition_cost="12,50"), cm.InvalidInputError, "acquisition_cost", None),
    (lambda: ret.clv(100, 0.5, acquisition_cost=Decimal("Infinity")), cm.NotFiniteError, "acquisition_cost", None),
    (lambda: ret.clv(100, 0.5, horizon=-1), cm.OutOfRangeError, "horizon", None),
    (lambda: ret.clv(100, 0.5, timing="middle"), cm.InvalidInputError, "timing", None),  # type: ignore[arg-type]
    (lambda: ret.clv(100, 1.5), cm.OutOfRangeError, "retention", None),
    (lambda: ret.clv_many([1, 2], [0.5]), cm.LengthMismatchError, "retention", None),
    (lambda: ret.clv_many([1, np.inf], [0.5, 0.5]), cm.NotFiniteError, "margins", 1),
    (lambda: ret.customer_equity([ret.Cohort(1, "x", 0.5)]), cm.InvalidInputError, "margin", 0),
    (lambda: ret.customer_equity([{"customers": 1, "margin": 1}]), cm.InvalidInputError, "cohorts", 0),
    (lambda: ret.customer_equity([ret.Cohort(-1, 1, 0.5)]), cm.OutOfRangeError, "customers", 0),
    (lambda: ret.cost_ratio(500, 0), cm.DivisionByZeroError, "retention_cost", None),
    (lambda: ret.cost_ratio(-1, 1), cm.OutOfRangeError, "acquisition_cost", None),
    (lambda: ret.payback(100, 10, 0.5, horizon=2.5), cm.OutOfRangeError, "horizon", None),
    (lambda: ShiftedBetaGeo.from_params(0, 1), cm.OutOfRangeError, "alpha", None),
    (lambda: ShiftedBetaGeo.from_params(1, 1).retention_rate(0), cm.OutOfRangeError, "t", None),
    (lambda: ShiftedBetaGeo.from_params(1, 1).retention_rate([1, 0]), cm.OutOfRangeError, "t", 1),
    (lambda: ShiftedBetaGeo.from_params(1, 1).survival(1.5), cm.OutOfRangeError, "t", None),
    (lambda: ShiftedBetaGeo.from_params(1, 1).derl(0.1, [0, -1]), cm.OutOfRangeError, "renewals", 1),
    (lambda: ShiftedBetaGeo.from_params(1, 1).survival_curve(10**8), cm.OutOfRangeError, "periods", None),
    (lambda: ShiftedBetaGeo().fit(REGULAR, max_iterations=0), cm.OutOfRangeError, "max_iterations", None),
    (lambda: ShiftedBetaGeo(penalizer=-1).fit(REGULAR), cm.OutOfRangeError, "penalizer", None),
    (lambda: ShiftedBetaGeo().fit(REGULAR, initial=[1.0]), cm.LengthMismatchError, "initial", None),
    (lambda: ret.summary_from_transactions([1, 2], DAYS[:1]), cm.LengthMismatchError, "times", None),
    (lambda: ret.summary_from_transactions([1, 2], DAYS[:2], [1.0, np.nan]), cm.NotFiniteError, "values", 1),
    (lambda: ret.summary_from_transactions([1, 2], ["2015-01-01", "NaT"]), cm.NotFiniteError, "times", 1),
    (lambda: ret.summary_from_transactions([1, 2], ["2015-01-01", "soon"]), cm.InvalidInputError, "times", None),
    (lambda: ret.summary_from_transactions([1, 2], [0, 86_400]), cm.InvalidInputError, "times", None),
    (lambda: ret.summary_from_transactions([1, "b"], DAYS[:2]), cm.InvalidInputError, "customers", 1),
    (lambda: ret.summary_from_transactions([1.0, 2.5], DAYS[:2]), cm.InvalidInputError, "customers", 1),
    (lambda: ret.summary_from_transactions([1.0, 1e300], DAYS[:2]), cm.InvalidInputError, "customers", 1),
    (lambda: ret.summary_from_transactions([1.0, -(2.0**63) * 2], DAYS[:2]), cm.InvalidInputError, "customers", 1),
    (lambda: ret.summary_from_transactions([1], DAYS[:1], freq="M"), cm.InvalidInputError, "freq", None),
    (lambda: ret.summary_from_transactions([1], DAYS[:1], freq_multiplier=0), cm.OutOfRangeError, "freq_multiplier", None),
    (
        lambda: ret.summary_from_transactions([1], DAYS[:1], calibration_period_end="2016-01-01"),
        cm.OutOfRangeError,
        "calibration_end",
        None,
    ),
    (
        lambda: ret.summary_from_transactions([1], DAYS[:1], observation_period_end="2014-01-01"),
        cm.InvalidInputError,
        "observation_end",
        None,
    ),
    (
        lambda: ret.summary_from_transactions([1], DAYS[:1], observation_period_end="whenever"),
        cm.InvalidInputError,
        "observation_end",
        None,
    ),
]


@pytest.mark.parametrize("call, cls, field, index", BAD, ids=[f"{i}-{b[1].__name__ if b[1] else 'ok'}-{b[2]}" for i, b in enumerate(BAD)])
def test_bad_input_raises_the_named_error(call, cls, field, index):
    if cls is None:
        call()
        return
    with pytest.raises(cls) as info:
        call()
    err = info.value
    assert isinstance(err, cm.CustometricsError) and isinstance(err, ValueError)
    assert (err.field, err.index) == (field, index), str(err)
    want_start = field if index is None else f"{field}[{index}]"
    assert str(err).startswith(want_start), str(err)


def test_a_fit_that_does_not_converge_carries_its_last_iterate():
    with pytest.raises(cm.DidNotConvergeError) as info:
        ShiftedBetaGeo().fit(HIGH_END, max_iterations=1)
    err = info.value
    assert (err.code, err.field, err.index) == ("did_not_converge", None, None)
    assert len(err.last_iterate) == 2 and all(v > 0 for v in err.last_iterate)  # [alpha, beta]
    assert "sBG did not converge" in str(err)
