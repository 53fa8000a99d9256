"""custometrics.retention.holdout_scorecard: metrics recomputed here from the model's own
predictions, the calibration table against a pandas groupby, and the tracking against the
summary's holdout counts on the CDNOW log."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import custometrics
from custometrics.retention import (
    BetaGeo, BetaGeoBetaBinom, ParetoNBD, HoldoutScorecard, holdout_scorecard, summary_from_transactions,
)

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
BG = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)


@pytest.fixture(scope="module")
def cdnow():
    log = pd.read_csv(
        DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, names=["customer", "id2", "date", "cds", "dollars"],
        dtype={"date": str},
    )
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
    summary = summary_from_transactions(
        log["customer"], log["date"], calibration_period_end="1997-09-30", observation_period_end="1998-06-30",
        freq="D", freq_multiplier=7,
    )
    return log, summary


def small():
    return pd.DataFrame(
        {
            "frequency": [0, 1, 2, 0, 5, 3],
            "recency": [0.0, 5.0, 9.0, 0.0, 9.5, 2.0],
            "T": [10.0, 10.0, 10.0, 8.0, 10.0, 9.0],
            "frequency_holdout": [0, 1, 3, 1, 4, 0],
            "duration_holdout": [10.0] * 6,
        },
        index=pd.Index([11, 12, 13, 14, 15, 16], name="customer_id"),
    )


def test_metrics_are_the_definitions():
    frame = small()
    card = holdout_scorecard(BG, frame, max_frequency=3)
    predicted = BG.conditional_expected_number_of_purchases_up_to_time(10.0, frame)
    actual = frame["frequency_holdout"].to_numpy(float)
    error = predicted.to_numpy() - actual
    assert card.model == "BetaGeo" and card.n_customers == 6 and card.duration_holdout == 10
    assert card.mae == pytest.approx(np.abs(error).mean(), rel=1e-14)
    assert card.rmse == pytest.approx(np.sqrt((error**2).mean()), rel=1e-14)
    assert card.bias == pytest.approx(error.mean(), rel=1e-14, abs=1e-15)
    assert card.predicted_total == pytest.approx(predicted.sum(), rel=1e-14)
    assert card.actual_total == 9.0
    assert card.total_error == pytest.approx((predicted.sum() - 9) / 9, rel=1e-12)
    assert card.correlation == pytest.approx(np.corrcoef(predicted, actual)[0, 1], rel=1e-12)
    # per customer, on the summary's index
    assert card.customers.index.equals(frame.index)
    np.testing.assert_allclose(card.customers["predicted"], predicted, rtol=1e-15)
    # by frequency: 0, 1, 2 and 3+ (customers 13 and 15 pooled)
    table = card.by_frequency
    assert table.index.tolist() == ["0", "1", "2", "3+"]
    assert table["customers"].tolist() == [2, 1, 1, 2]
    expected = pd.DataFrame({"b": np.minimum(frame["frequency"], 3), "a": actual, "p": predicted.to_numpy()}).groupby("b").mean()
    np.testing.assert_allclose(table["actual"], expected["a"], rtol=1e-15)
    np.testing.assert_allclose(table["predicted"], expected["p"], rtol=1e-15)
    np.testing.assert_allclose(table["error"], expected["p"] - expected["a"], rtol=1e-15)
    assert card.tracking is None and card.tracking_mape is None


def test_frame_and_dict_forms():
    card = holdout_scorecard(BG, small())
    frame = card.to_frame()
    assert frame.columns.tolist() == ["value"] and frame.index.name == "metric"
    assert frame.loc["rmse", "value"] == card.rmse and np.isnan(frame.loc["tracking_mape", "value"])
    d = card.to_dict()
    assert d["mae"] == card.mae and d["by_frequency"]["index"] == card.by_frequency.index.tolist()
    assert d["tracking"] is None
    assert repr(card).startswith("HoldoutScorecard(model='BetaGeo'")
    assert isinstance(card, HoldoutScorecard)


def test_lifetimes_column_names_and_weights():
    frame = small()
    renamed = frame.rename(columns={"frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal"})
    a, b = holdout_scorecard(BG, frame), holdout_scorecard(BG, renamed)
    assert a.metrics() == b.metrics()
    # weights count identical customers: the same as repeating the rows
    weighted = frame.assign(weights=[1, 2, 1, 3, 1, 1])
    repeated = frame.loc[frame.index.repeat([1, 2, 1, 3, 1, 1])]
    w, r = holdout_scorecard(BG, weighted), holdout_scorecard(BG, repeated)
    for k in ("n_customers", "mae", "rmse", "bias", "predicted_total", "actual_total", "correlation"):
        assert getattr(w, k) == pytest.approx(getattr(r, k), rel=1e-12), k
    pd.testing.assert_frame_equal(w.by_frequency, r.by_frequency, rtol=1e-12)


def test_bgbb_predictions():
    m = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    frame = pd.DataFrame({"frequency": [0, 3, 6], "recency": [0, 4, 6], "n_periods": [6, 6, 6],
                          "frequency_holdout": [0, 2, 5], "duration_holdout": [5, 5, 5]})
    card = holdout_scorecard(m, frame)
    expected = m.conditional_expected_number_of_purchases_up_to_time(5, [0, 3, 6], [0, 4, 6], [6, 6, 6])
    np.testing.assert_allclose(card.customers["predicted"], expected, rtol=1e-15)


def test_cdnow_with_tracking(cdnow):
    log, summary = cdnow
    m = BetaGeo().fit(summary)
    card = holdout_scorecard(m, summary, log, "date", "customer", freq_multiplier=7)
    assert card.n_customers == 2357 and card.actual_total == summary["frequency_holdout"].sum() == 1882
    assert card.calibration_periods == 273  # 1997-01-01 .. 1997-09-30
    track = card.tracking
    assert track.index.tolist() == list(range(7, 547, 7)) and track.columns.tolist() == ["actual", "predicted", "error"]
    # the tracked repeat transactions after the calibration end are the summary's holdout purchases
    assert track["actual"].iloc[-1] - track.loc[273, "actual"] == 1882
    holdout = track[track.index > 273]
    mape = (100 * (holdout["predicted"] - holdout["actual"]).abs() / holdout["actual"]).mean()
    assert card.tracking_mape == pytest.approx(mape, rel=1e-14)
    assert card.tracking_end_error == pytest.approx(track["error"].iloc[-1], rel=1e-14)
    # the model under-predicts CDNOW's holdout, as Fader, Hardie & Lee (2005) show in their figure 4
    assert card.bias < 0 and 0.55 < card.correlation < 0.7


def test_a_log_that_is_not_the_summarys(cdnow):
    log, summary = cdnow
    shifted = log.assign(date=log["date"] + pd.to_timedelta(3 * (log["customer"] == 4).astype(int), unit="D"))
    with pytest.raises(custometrics.InvalidInputError) as e:
        holdout_scorecard(BG, summary, shifted, "date", "customer", freq_multiplier=7)
    assert e.value.field == "transactions" and "customer 4" in str(e.value)
    with pytest.raises(custometrics.InvalidInputError) as e:
        holdout_scorecard(BG, summary, log[log["customer"] != 18], "date", "customer", freq_multiplier=7)
    assert "customer 18" in str(e.value)
    with pytest.raises(TypeError, match="datetime_col"):
        holdout_scorecard(BG, summary, log)


def test_bad_input_is_named():
    frame = small()
    bad = frame.assign(frequency_holdout=[0, 1, -1, 0, 0, 0])
    with pytest.raises(custometrics.InvalidInputError) as e:
        holdout_scorecard(BG, bad)
    assert (e.value.field, e.value.index) == ("frequency_holdout", 2) and "customer 13" in str(e.value)
    with pytest.raises(custometrics.InvalidInputError) as e:
        holdout_scorecard(BG, frame.assign(duration_holdout=0.0))
    assert e.value.field == "duration_holdout"
    with pytest.raises(KeyError, match="frequency_holdout"):
        holdout_scorecard(BG, frame.drop(columns="frequency_holdout"))
    with pytest.raises(custometrics.InvalidInputError) as e:
        holdout_scorecard(BG, frame, max_frequency=0)
    assert e.value.field == "max_frequency"
    with pytest.raises(TypeError, match="BetaGeo"):
        holdout_scorecard(object(), frame)
    # an invalid history is the model's own error, naming the column and customer
    with pytest.raises(custometrics.CustometricsError) as e:
        holdout_scorecard(ParetoNBD.from_params(1, 1, 1, 1), frame.assign(recency=[0.0, 5.0, 11.0, 0.0, 9.5, 2.0]))
    assert e.value.field == "recency"


def test_no_holdout_purchases():
    card = holdout_scorecard(BG, small().assign(frequency_holdout=0))
    assert card.total_error is None and card.correlation is None
    assert card.bias == pytest.approx(card.mae) and card.actual_total == 0
