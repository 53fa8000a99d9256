"""custometrics.retention.expected_cumulative_transactions against lifetimes 0.11.3 on the CDNOW
log (core/tests/data/lifetimes_reference_tracking.json), and its periods against the summary's."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import custometrics
from custometrics.retention import BetaGeo, expected_cumulative_transactions, summary_from_transactions

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
REF = json.loads((DATA / "lifetimes_reference_tracking.json").read_text())


@pytest.fixture(scope="module")
def cdnow_log():
    return pd.read_csv(
        DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, names=["customer", "id2", "date", "cds", "dollars"],
        dtype={"date": str},
    )


@pytest.mark.parametrize("case", REF["cases"], ids=lambda c: f"freq_multiplier={c['freq_multiplier']}")
def test_agrees_with_lifetimes_on_cdnow(cdnow_log, case):
    m = BetaGeo.from_params(**REF["meta"]["params"])
    track = expected_cumulative_transactions(
        m, cdnow_log, "date", "customer", case["t"], datetime_format="%Y%m%d", freq=case["freq"],
        freq_multiplier=case["freq_multiplier"],
    )
    assert list(track.columns) == ["actual", "predicted"]
    assert track["actual"].tolist() == case["actual"]
    np.testing.assert_allclose(track["predicted"], case["predicted"], rtol=1e-12, atol=1e-12)
    assert track.index.tolist() == list(range(len(case["actual"])))


def test_dates_as_index(cdnow_log):
    m = BetaGeo.from_params(**REF["meta"]["params"])
    track = expected_cumulative_transactions(
        m, cdnow_log, "date", "customer", 546, datetime_format="%Y%m%d", freq_multiplier=7, set_index_date=True
    )
    # row i covers the days up to (i + 1) * 7 - 1 after 1997-01-01: the index is that last day
    assert track.index[0] == pd.Timestamp("1997-01-07") and track.index[-1] == pd.Timestamp("1998-06-30")
    assert len(track) == 78


@pytest.mark.parametrize("freq, seconds", [("s", 1), ("min", 60), ("h", 3600), ("D", 86400), ("W", 604800)])
def test_periods_are_the_summarys(freq, seconds):
    # purchases spread over about 40 periods of each length, some in the same period
    rng = np.random.default_rng(4)
    n = 3000
    customers = rng.integers(0, 300, n)
    start = np.datetime64("2021-03-03T17:29:41")  # a Wednesday, mid-period for every length
    times = start + (rng.random(n) * 40 * seconds).astype("timedelta64[s]")
    tx = pd.DataFrame({"id": customers, "at": times})
    summary = summary_from_transactions(tx["id"], tx["at"], freq=freq)
    # a model that predicts nothing is enough: the actual counts are what is compared
    m = BetaGeo.from_params(r=1e-9, alpha=1.0, a=1.0, b=1.0)
    span = int((times.max() - times.min()) / np.timedelta64(seconds, "s")) + 2
    track = expected_cumulative_transactions(m, tx, "at", "id", span, freq=freq)
    assert track["actual"].iloc[-1] == summary["frequency"].sum()


def test_first_purchase_cohorts_weight_the_prediction():
    # customers 1 and 2 first buy on days 0 and 2; by the end of day 3 they are 4 and 2 days old
    tx = pd.DataFrame({"c": ["x", "y", "x"], "d": ["2022-05-02", "2022-05-04", "2022-05-03"]})
    m = BetaGeo.from_params(r=0.5, alpha=2.0, a=0.6, b=3.0)
    track = expected_cumulative_transactions(m, tx, "d", "c", 4)
    e = m.expected_number_of_purchases_up_to_time
    np.testing.assert_allclose(track["predicted"], [e(1.0), e(2.0), e(3.0) + e(1.0), e(4.0) + e(2.0)], rtol=1e-15)
    assert track["actual"].tolist() == [0, 1, 1, 1]


def test_bad_arguments():
    tx = pd.DataFrame({"c": [1, 2], "d": ["2022-05-02", "2022-05-04"]})
    m = BetaGeo.from_params(r=0.5, alpha=2.0, a=0.6, b=3.0)
    with pytest.raises(KeyError, match="datetime_col='day'"):
        expected_cumulative_transactions(m, tx, "day", "c", 4)
    with pytest.raises(custometrics.InvalidInputError) as e:
        expected_cumulative_transactions(m, tx, "d", "c", 4, freq="M")
    assert e.value.field == "freq"
    with pytest.raises(custometrics.InvalidInputError) as e:
        expected_cumulative_transactions(m, tx, "d", "c", 0)
    assert e.value.field == "t"
    with pytest.raises(custometrics.InvalidInputError) as e:
        expected_cumulative_transactions(m, tx, "d", "c", 3, freq_multiplier=7)
    assert e.value.field == "t"
    with pytest.raises(TypeError, match="DataFrame"):
        expected_cumulative_transactions(m, {"c": [1], "d": ["2022-01-01"]}, "d", "c", 4)
    with pytest.raises(custometrics.InvalidInputError) as e:
        expected_cumulative_transactions(m, tx.assign(d=pd.to_datetime(["2022-05-02", None])), "d", "c", 4)
    assert (e.value.field, e.value.index) == ("times", 1)
    with pytest.raises(custometrics.InvalidInputError) as e:
        expected_cumulative_transactions(m, tx.assign(c=[1, "two"]), "d", "c", 4)
    assert e.value.field == "customers"
    with pytest.raises(TypeError, match="model"):
        expected_cumulative_transactions(object(), tx, "d", "c", 4)


def test_string_ids(cdnow_log):
    m = BetaGeo.from_params(**REF["meta"]["params"])
    as_text = cdnow_log.assign(customer="c" + cdnow_log["customer"].astype(str))
    a = expected_cumulative_transactions(m, cdnow_log, "date", "customer", 100, datetime_format="%Y%m%d")
    b = expected_cumulative_transactions(m, as_text, "date", "customer", 100, datetime_format="%Y%m%d")
    pd.testing.assert_frame_equal(a, b)
