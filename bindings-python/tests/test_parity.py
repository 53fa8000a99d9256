"""What a user switching from lifetimes 0.11.3 relies on: ``params_`` as a Series, predictions
with a Series of per-customer horizons, ``calibration_and_holdout_data`` with lifetimes' column
names, CLV on the customers' index (against lifetimes' own results on the CDNOW sample, written
by core/tests/data/generate_lifetimes_parity.py), ``save_model`` / ``load_model``, and
``errors="raise" | "coerce"`` on the per-customer predictions."""

import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import custometrics as cm
from custometrics.retention import (
    BetaGeo,
    BetaGeoBetaBinom,
    CoercedWarning,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    ShiftedBetaGeo,
    calibration_and_holdout_data,
    load_model,
    summary_data_from_transaction_data,
    summary_from_transactions,
)

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
REF = json.loads((DATA / "lifetimes_reference_parity.json").read_text())
META = REF["meta"]


@pytest.fixture(scope="module")
def log():
    """The CDNOW sample log with its dates as lifetimes' users read them (YYYYMMDD strings)."""
    return pd.read_csv(
        DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, names=["customer", "id2", "date", "cds", "dollars"],
        dtype={"date": str},
    )


@pytest.fixture(scope="module")
def cal(log):
    return calibration_and_holdout_data(
        log, "customer", "date", META["calibration_period_end"], META["observation_period_end"], freq="W",
        datetime_format="%Y%m%d", monetary_value_col="dollars",
    )


@pytest.fixture(scope="module")
def spend():
    """The CDNOW summary with spend (Fader & Hardie's file), indexed by customer ID."""
    df = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv", index_col="ID")
    return df.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})


# ---- calibration_and_holdout_data -----------------------------------------------------------


def test_calibration_and_holdout_data_is_lifetimes(cal):
    ref = REF["calibration"]
    assert list(cal.columns) == ref["columns"] and cal.index.name == ref["index_name"] and len(cal) == ref["n"]
    assert cal.index[: len(ref["head_index"])].tolist() == ref["head_index"]
    for c in ref["columns"]:
        np.testing.assert_allclose(cal[c].iloc[: len(ref["head"][c])], ref["head"][c], rtol=1e-12, err_msg=c)
        assert cal[c].sum() == pytest.approx(ref["sums"][c], rel=1e-12), c


def test_calibration_columns_are_the_summarys_renamed(log, cal):
    plain = summary_from_transactions(
        log["customer"], log["date"], log["dollars"], freq="W", observation_period_end="19980630",
        calibration_period_end="19970930", format="%Y%m%d",
    )
    assert plain.rename(columns=lambda c: {"frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal",
                                           "monetary_value": "monetary_value_cal"}.get(c, c)
                        )[cal.columns].equals(cal.rename_axis("customer_id"))
    one = summary_data_from_transaction_data(log, "customer", "date", "dollars", datetime_format="%Y%m%d", freq="W")
    assert one.index.name == "customer" and list(one.columns) == ["frequency", "recency", "T", "monetary_value"]
    with pytest.raises(KeyError, match="datetime_col='when'"):
        calibration_and_holdout_data(log, "customer", "when", "1997-09-30")


def test_models_read_lifetimes_calibration_columns(cal):
    m = BetaGeo().fit(cal)  # frequency_cal, recency_cal, T_cal
    same = BetaGeo().fit(cal["frequency_cal"], cal["recency_cal"], cal["T_cal"])
    assert m.params_.equals(same.params_)
    p = m.predict(cal["duration_holdout"], cal)
    assert p.index.equals(cal.index)


# ---- params_ ----------------------------------------------------------------------------------


def test_params_is_a_series_as_lifetimes(spend):
    m = BetaGeo().fit(spend)
    assert isinstance(m.params_, pd.Series) and isinstance(m.std_errors_, pd.Series)
    rounded = m.params_.round(2)
    assert list(rounded.index) == ["r", "alpha", "a", "b"] and rounded["r"] == round(m.params_["r"], 2)
    # the dict habits keep working
    assert m.params_["alpha"] == dict(m.params_)["alpha"] == m.params_.get("alpha")
    assert [k for k, _ in m.params_.items()] == list(m.params_.keys()) == ["r", "alpha", "a", "b"]
    again = BetaGeo.from_params(**m.params_)
    assert again.params_.equals(m.params_)


def test_params_without_pandas_is_a_dict(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    m = ShiftedBetaGeo.from_params(alpha=0.7, beta=1.2)
    assert m.params_ == {"alpha": 0.7, "beta": 1.2} and set(m.std_errors_) == {"alpha", "beta"}


# ---- horizons per customer, CLV on the index ----------------------------------------------------


def test_predict_takes_a_series_of_horizons_as_lifetimes(cal):
    m = BetaGeo.from_params(**META["bg_params"])
    horizons = pd.Series((cal.index.to_numpy() % 5 + 1) * 4.0, index=cal.index)
    p = m.predict(horizons, cal["frequency_cal"], cal["recency_cal"], cal["T_cal"])
    ref = REF["predict"]
    assert ref["is_series"] and isinstance(p, pd.Series) and p.index.equals(cal.index)
    np.testing.assert_allclose(p.iloc[: len(ref["head"])], ref["head"], rtol=1e-9)
    assert p.sum() == pytest.approx(ref["sum"], rel=1e-9)
    # each customer's value is the one-horizon prediction at her horizon
    for h in (4.0, 20.0):
        rows = horizons == h
        np.testing.assert_array_equal(p[rows], m.predict(h, cal[rows]))
    # arrays and lists too; the result is then an array
    arr = m.predict(horizons.to_numpy(), cal["frequency_cal"].to_numpy(), cal["recency_cal"].to_numpy(),
                    cal["T_cal"].to_numpy())
    np.testing.assert_array_equal(arr, p.to_numpy())


def test_horizons_are_checked_per_customer(cal):
    m = BetaGeo.from_params(**META["bg_params"])
    h = pd.Series(4.0, index=cal.index)
    h.iloc[3] = -1.0
    with pytest.raises(cm.CustometricsError) as info:
        m.predict(h, cal)
    assert info.value.field == "t" and info.value.index == 3 and info.value.label == cal.index[3]
    assert f"t[3] (customer {cal.index[3]})" in str(info.value)
    with pytest.raises(cm.InvalidInputError, match="index differs"):
        m.predict(h.reset_index(drop=True), cal)
    with pytest.raises(cm.InvalidInputError) as info:
        m.predict(np.ones(3), cal["frequency_cal"].to_numpy(), cal["recency_cal"].to_numpy(), cal["T_cal"].to_numpy())
    assert info.value.field == "t"


def test_pareto_conditional_pmf_takes_horizons_per_customer():
    m = ParetoNBD.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    got = m.conditional_probability_of_n_purchases_up_to_time(1, [13.0, 39.0], [2, 2], [30.43, 30.43], 38.86)
    want = [m.conditional_probability_of_n_purchases_up_to_time(1, t, 2, 30.43, 38.86) for t in (13.0, 39.0)]
    assert got.tolist() == want


def test_clv_is_a_series_on_the_customer_index_as_lifetimes(cal):
    bg = BetaGeo.from_params(**META["bg_params"])
    gg = GammaGamma.from_params(**META["gg_params"])
    repeat = cal[cal["frequency_cal"] > 0]
    clv = gg.customer_lifetime_value(bg, repeat, time=12, discount_rate=0.01, freq="W")
    ref = REF["clv"]
    assert ref["is_series"] and isinstance(clv, pd.Series) and len(clv) == ref["n"]
    assert clv.index[: len(ref["head_index"])].tolist() == ref["head_index"]
    np.testing.assert_allclose(clv.iloc[: len(ref["head"])], ref["head"], rtol=1e-9)
    assert clv.sum() == pytest.approx(ref["sum"], rel=1e-9)


# ---- save_model / load_model --------------------------------------------------------------------

DONATIONS = pd.read_csv(DATA / "donations.csv")


def _fitted(spend):
    return {
        "BetaGeo": BetaGeo().fit(spend),
        "ModifiedBetaGeo": ModifiedBetaGeo().fit(spend),
        "ParetoNBD": ParetoNBD(penalizer=0.01).fit(spend),
        "BetaGeoBetaBinom": BetaGeoBetaBinom().fit(DONATIONS),
        "GammaGamma": GammaGamma().fit(spend[spend["frequency"] > 0]),
        "ShiftedBetaGeo": ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241]),
    }


def _same(a, b):
    assert type(a) is type(b) and a.params_.equals(b.params_) and a.penalizer == b.penalizer
    np.testing.assert_array_equal(a.std_errors_.to_numpy(), b.std_errors_.to_numpy())
    if hasattr(a, "report_"):
        assert a.report_.log_likelihood == b.report_.log_likelihood == b.log_likelihood_
        assert (a.report_.iterations, a.report_.converged, a.report_.termination) == (
            b.report_.iterations, b.report_.converged, b.report_.termination)
        np.testing.assert_array_equal(a.report_.covariance, b.report_.covariance)
    else:
        assert not hasattr(b, "report_")
    assert getattr(a, "n_customers_", None) == getattr(b, "n_customers_", None)
    assert getattr(a, "_matrix_extent", None) == getattr(b, "_matrix_extent", None)


def test_every_model_round_trips_through_its_json_file(tmp_path, spend):
    for name, m in _fitted(spend).items():
        path = tmp_path / f"{name}.json"
        m.save_model(path)
        doc = json.loads(path.read_text())
        assert (doc["format"], doc["version"], doc["model"]) == ("custometrics.model", 1, name)
        _same(m, type(m)().load_model(path))
        _same(m, load_model(str(path)))
    bg = _fitted(spend)["BetaGeo"]
    back = load_model(tmp_path / "BetaGeo.json")
    np.testing.assert_array_equal(back.conditional_probability_alive_matrix(), bg.conditional_probability_alive_matrix())
    np.testing.assert_array_equal(back.predict(10, spend), bg.predict(10, spend))
    # a model made from its parameters has no fit; NaN standard errors are written as null
    made = GammaGamma.from_params(6.25, 3.74, 15.44)
    made.save_model(tmp_path / "made.json")
    doc = json.loads((tmp_path / "made.json").read_text())
    assert doc["fit"] is None and doc["std_errors"] == {"p": None, "q": None, "v": None}
    _same(made, load_model(tmp_path / "made.json"))


def test_a_file_of_another_model_or_a_damaged_file_is_refused(tmp_path, spend):
    path = tmp_path / "m.json"
    BetaGeo().fit(spend).save_model(path)
    with pytest.raises(cm.InvalidInputError, match="'BetaGeo' is invalid: a ParetoNBD") as info:
        ParetoNBD().load_model(path)
    assert info.value.field == "model"
    good = json.loads(path.read_text())

    def refused(change, field, error=cm.InvalidInputError):
        doc = json.loads(json.dumps(good))
        change(doc)
        path.write_text(json.dumps(doc))
        target = BetaGeo.from_params(1, 1, 1, 1)
        with pytest.raises(error) as info:
            target.load_model(path)
        assert info.value.field == field
        assert dict(target.params_) == {"r": 1, "alpha": 1, "a": 1, "b": 1}  # unchanged

    refused(lambda d: d.update(version=2), "version")
    refused(lambda d: d.update(format="pickle"), "format")
    refused(lambda d: d["params"].update(r=-1.0), "r", cm.OutOfRangeError)
    refused(lambda d: d["params"].update(r=True), "params.r")
    refused(lambda d: d["params"].pop("b"), "params")
    refused(lambda d: d["fit"].update(iterations=-3), "fit.iterations")
    refused(lambda d: d["fit"].update(covariance=[1.0]), "fit.covariance")
    refused(lambda d: d["fit"].update(matrix_extent={"max_frequency": 2}), "fit.matrix_extent")
    refused(lambda d: d.update(extra=1), "file")
    path.write_text(path.read_text().replace('"penalizer": 0.0', '"penalizer": NaN'))
    with pytest.raises(cm.InvalidInputError):
        BetaGeo().load_model(path)
    path.write_text("not json")
    with pytest.raises(cm.InvalidInputError) as info:
        load_model(path)
    assert info.value.field == "file"


# ---- errors="raise" | "coerce" ----------------------------------------------------------------


@pytest.fixture(scope="module")
def zero_spend(spend):
    """CDNOW with one repeat customer's mean spend 0 (the full log's customer 10244 has a $0
    repeat purchase); the customer at position 1246 is ID 1247."""
    bad = spend.copy()
    pos = int(np.flatnonzero(bad["frequency"].to_numpy() > 0)[500])
    bad.iloc[pos, bad.columns.get_loc("monetary_value")] = 0.0
    return bad, pos, bad.index[pos]


def test_raise_names_the_customer_by_index_label(spend, zero_spend):
    bad, pos, cid = zero_spend
    assert pos != cid  # the position and the label differ: the message must name the label
    bg, gg = BetaGeo().fit(spend), GammaGamma().fit(spend[spend["frequency"] > 0])
    for call in (
        lambda **k: gg.conditional_expected_average_profit(bad, **k),
        lambda **k: gg.customer_lifetime_value(bg, bad, freq="W", **k),
    ):
        with pytest.raises(cm.OutOfRangeError) as info:
            call()
        e = info.value
        assert (e.field, e.index, e.label) == ("monetary_value", pos, cid)
        assert str(e).startswith(f"monetary_value[{pos}] (ID {cid}) = 0")
    with pytest.raises(cm.OutOfRangeError) as info:  # arrays: no label, the position as before
        gg.conditional_expected_average_profit(bad["frequency"].to_numpy(), bad["monetary_value"].to_numpy())
    assert info.value.index == pos and str(info.value).startswith(f"monetary_value[{pos}] = 0")


def test_coerce_gives_nan_to_the_refused_customers_only_and_says_which(spend, zero_spend):
    bad, pos, cid = zero_spend
    bg, gg = BetaGeo().fit(spend), GammaGamma().fit(spend[spend["frequency"] > 0])
    bad = bad.copy()
    bad.iloc[10, bad.columns.get_loc("recency")] = bad["T"].iloc[10] + 1  # a second, other kind of refusal
    for name, call in {
        "profit": lambda df, **k: gg.conditional_expected_average_profit(df, **k),
        "clv": lambda df, **k: gg.customer_lifetime_value(bg, df, freq="W", **k),
        "alive": lambda df, **k: bg.conditional_probability_alive(df, **k),
        "predict": lambda df, **k: bg.predict(pd.Series(np.arange(len(df)) % 3 + 1.0, index=df.index), df, **k),
    }.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = call(bad, errors="coerce")
        refused = [10, pos] if name in ("clv",) else ([pos] if name == "profit" else [10])
        warned = [w.message for w in caught if isinstance(w.message, CoercedWarning)]
        assert len(warned) == 1, name
        w = warned[0]
        assert w.count == len(refused) and w.positions == refused and w.labels == [bad.index[i] for i in refused]
        assert f"{len(refused)} customer" in str(w) and f"({bad.index.name} {bad.index[refused[0]]})" in str(w)
        assert caught[0].filename == __file__  # the warning points at the caller's line
        assert got.index.equals(bad.index) and np.flatnonzero(got.isna()).tolist() == refused, name
        keep = np.setdiff1d(np.arange(len(bad)), refused)
        clean = call(spend)
        np.testing.assert_array_equal(got.iloc[keep], clean.iloc[keep], err_msg=name)
    # nothing to coerce: no warning, the same values as raise
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(bg.conditional_probability_alive(spend, errors="coerce"),
                                      bg.conditional_probability_alive(spend))


def test_coerce_with_many_refusals_and_one_customer():
    bg = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    n = 20_000
    rng = np.random.default_rng(1)
    f = rng.integers(0, 5, n).astype(float)
    t = np.full(n, 38.0)
    r = np.where(f > 0, rng.random(n) * t, 0.0)
    r[::7] = 50.0  # every seventh customer is older at her last purchase than her age
    with pytest.warns(CoercedWarning) as caught:
        got = bg.conditional_probability_alive(f, r, t, errors="coerce")
    assert np.flatnonzero(np.isnan(got)).tolist() == list(range(0, n, 7)) == caught[0].message.positions
    ok = np.ones(n, bool)
    ok[::7] = False
    np.testing.assert_array_equal(got[ok], bg.conditional_probability_alive(f[ok], r[ok], t[ok]))
    with pytest.warns(CoercedWarning):
        assert math.isnan(bg.conditional_probability_alive(2, 50.0, 38.0, errors="coerce"))
    with pytest.raises(cm.InvalidInputError) as info:
        bg.conditional_probability_alive(2, 5.0, 38.0, errors="ignore")
    assert info.value.field == "errors"
    # an option, not a customer, is never coerced
    with pytest.raises(cm.CustometricsError) as info:
        GammaGamma.from_params(6.25, 3.74, 15.44).customer_lifetime_value(
            bg, f, r, t, np.ones(n), discount_rate=-2.0, errors="coerce")
    assert info.value.field == "discount_rate"


def test_bgbb_and_pareto_take_errors_and_horizons_per_customer():
    bb = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    idx = pd.Index(["a", "b", "c", "d"], name="donor")
    f, r, n = (pd.Series(v, index=idx) for v in ([0, 3, 7, 2], [0, 4, 6, 5], [6, 6, 6, 6]))  # c: 7 > recency
    with pytest.raises(cm.CustometricsError) as info:
        bb.conditional_probability_alive(2, f, r, n)
    assert (info.value.index, info.value.label) == (2, "c") and "(donor 'c')" in str(info.value)
    with pytest.warns(CoercedWarning) as caught:
        got = bb.conditional_expected_number_of_purchases_up_to_time(pd.Series([1, 2, 3, 5], index=idx), f, r, n,
                                                                     errors="coerce")
    assert caught[0].message.labels == ["c"] and got.index.equals(idx)
    want = [bb.conditional_expected_number_of_purchases_up_to_time(m, int(f[k]), int(r[k]), 6)
            for m, k in ((1, "a"), (2, "b"), (5, "d"))]
    assert [got["a"], got["b"], got["d"]] == want and math.isnan(got["c"])
    pn = ParetoNBD.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    with pytest.warns(CoercedWarning):
        p = pn.conditional_probability_of_n_purchases_up_to_time(1, 39.0, [2, 2], [30.43, 50.0], 38.86, errors="coerce")
    assert p[0] == pn.conditional_probability_of_n_purchases_up_to_time(1, 39.0, 2, 30.43, 38.86) and math.isnan(p[1])
