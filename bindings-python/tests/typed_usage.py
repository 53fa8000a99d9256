"""How a typed user calls the fitted models: checked by ``mypy --strict`` (``make python-test``)
and run by ``test_typed_usage.py``, so every ``assert_type`` here is a type the checker infers
and a value the library returns. Nothing here needs a cast: a scalar call is a ``float``, an
array call an ``NDArray[np.float64]``, whose ``.mean()`` type-checks."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from typing_extensions import assert_type

import custometrics as cm
from custometrics.retention import (
    BetaGeo,
    BetaGeoBetaBinom,
    FitReport,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    FittedModel,
    ShiftedBetaGeo,
    TransactionSummary,
    calibration_and_holdout_data,
    load_model,
    summary_data_from_transaction_data,
    summary_from_transactions,
)

F64 = NDArray[np.float64]


def transaction_models() -> None:
    f = np.array([0.0, 2.0, 5.0])
    r = np.array([0.0, 30.43, 35.0])
    t = np.array([38.86, 38.86, 38.0])
    for m in (
        BetaGeo.from_params(0.243, 4.414, 0.793, 2.426),
        ModifiedBetaGeo.from_params(0.525, 6.183, 0.891, 1.614),
        ParetoNBD.from_params(0.553, 10.578, 0.606, 11.669),
    ):
        one = assert_type(m.conditional_probability_alive(2, 30.43, 38.86), float)
        many = assert_type(m.conditional_probability_alive(f, r, t), F64)
        mean: float = float(many.mean())
        assert isinstance(one, float) and isinstance(many, np.ndarray) and 0 <= mean <= 1
        assert_type(m.conditional_probability_alive(f, r, 38.86), F64)  # a common T
        out = np.empty(3)
        assert m.conditional_probability_alive(f, r, t, out=out) is out
        assert_type(m.expected_number_of_purchases_up_to_time(39), float)
        assert_type(m.expected_number_of_purchases_up_to_time([13, 26, 39]), F64)
        assert_type(m.conditional_expected_number_of_purchases_up_to_time(13, 2, 30.43, 38.86), float)
        assert_type(m.predict(13, f, r, t), F64)
        assert_type(m.probability_of_n_purchases_up_to_time(39, 1), float)
        assert_type(m.probability_of_n_purchases_up_to_time(39, np.arange(3)), F64)
        assert_type(m.conditional_probability_alive_matrix(2, 10), F64)
        assert_type(m.params_, "pd.Series[float]")
    pn = ParetoNBD.from_params(0.553, 10.578, 0.606, 11.669)
    assert_type(pn.conditional_probability_of_n_purchases_up_to_time(0, 39, 2, 30.43, 38.86), float)
    assert_type(pn.conditional_probability_of_n_purchases_up_to_time(1, 39, f, r, t), F64)


def fitting_and_summaries() -> None:
    log = summary_from_transactions([1, 1, 2, 3, 3, 3], ["2015-01-01", "2015-01-08", "2015-01-03",
                                                         "2015-01-02", "2015-01-05", "2015-02-01"])
    frame = assert_type(log, pd.DataFrame)
    columns = assert_type(summary_from_transactions([1, 2], ["2015-01-01", "2015-01-03"], as_frame=False),
                          TransactionSummary)
    assert isinstance(frame, pd.DataFrame) and isinstance(columns, TransactionSummary)
    m = BetaGeo().fit(frame, require_convergence=False)
    assert_type(m, BetaGeo)
    assert_type(m.report_, FitReport)
    assert_type(m.summary(), pd.DataFrame)
    assert_type(m.log_likelihood_, float)
    p = m.conditional_probability_alive(frame)  # a summary frame stands in for the columns
    assert_type(p, "pd.Series[float]")  # on the frame's index
    assert float(p.mean()) > 0 and p.index.equals(frame.index)
    freq: pd.Series[float] = frame["frequency"]  # `frame["..."]` is Series[Any], whose overload is Any
    assert_type(m.predict(10, freq, frame["recency"], frame["T"]), "pd.Series[float]")
    assert_type(m.expected_number_of_purchases_up_to_time(pd.Series([1.0, 2.0])), "pd.Series[float]")
    back = pickle.loads(pickle.dumps(m))
    assert back.params_.equals(m.params_)


def spend_and_value() -> None:
    gg = GammaGamma.from_params(6.25, 3.74, 15.44)
    bg = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    assert_type(gg.conditional_expected_average_profit(2, 20.0), float)
    assert_type(gg.conditional_expected_average_profit([2, 3], [20.0, 30.0]), F64)
    clv = assert_type(gg.customer_lifetime_value(bg, [2, 1], [30.43, 5.0], [38.86, 38.86], [22.35, 10.0]), F64)
    assert_type(gg.customer_lifetime_value(bg, 2, 30.43, 38.86, 22.35, freq="W"), float)
    assert float(clv.sum()) > 0
    spend = pd.DataFrame({"frequency": [2, 1], "recency": [30.43, 5.0], "T": [38.86, 38.86], "monetary_value": [22.35, 10.0]})
    assert_type(gg.customer_lifetime_value(bg, spend), "pd.Series[float]")
    spend_f: pd.Series[float] = spend["frequency"]
    assert_type(gg.conditional_expected_average_profit(spend_f, spend["monetary_value"]), "pd.Series[float]")


def discrete_and_contractual() -> None:
    bb = BetaGeoBetaBinom.from_params(1.204, 0.750, 0.657, 2.783)
    assert_type(bb.conditional_probability_alive(0, 6, 6, 6), float)
    assert_type(bb.conditional_probability_alive(1, [1, 6], [2, 6], [6, 6]), F64)
    assert_type(bb.expected_number_of_purchases_up_to_time(6), float)
    assert_type(bb.probability_of_n_purchases_up_to_time(6, [0, 1, 2]), F64)
    sbg = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    assert_type(sbg.survival(3), float)
    assert_type(sbg.survival(np.arange(5)), F64)
    assert_type(sbg.survival_curve(4), F64)
    assert_type(sbg.derl(0.1, 2), float)
    assert_type(sbg.expected_clv(Decimal("100"), 0.1), Decimal)
    try:
        ShiftedBetaGeo.from_params(-1, 1)
    except cm.OutOfRangeError as e:
        assert_type(e.field, Optional[str])
        assert e.field == "alpha"


def simulation_scorecard_and_plots() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from custometrics import plotting
    from custometrics.retention import HoldoutScorecard, generate_data, holdout_scorecard

    bg = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    customers = generate_data(bg, 39.0, size=50, seed=1)
    assert_type(customers, pd.DataFrame)
    holdout = customers.assign(frequency_holdout=1.0, duration_holdout=39.0)
    card = holdout_scorecard(bg, holdout)
    assert_type(card, HoldoutScorecard)
    assert_type(card.mae, float)
    assert_type(card.correlation, Optional[float])
    assert_type(card.to_frame(), pd.DataFrame)
    assert_type(plotting.plot_scorecard(card), Axes)
    fig, ax = plt.subplots()
    assert_type(plotting.plot_period_transactions(bg, data=customers, ax=ax), Axes)
    assert_type(plotting.plot_nps(cm.satisfaction.nps([10, 9, 0])), Axes)
    assert_type(plotting.plot_lorenz([1.0, 2.0, 7.0]), Axes)
    plt.close("all")


def switching_from_lifetimes(tmp: str) -> None:
    log = pd.DataFrame({"id": [1, 1, 2, 3, 3], "day": ["20150101", "20150108", "20150103", "20150102", "20150201"]})
    cal = assert_type(calibration_and_holdout_data(log, "id", "day", "20150110", "20150215",
                                                   datetime_format="%Y%m%d"), pd.DataFrame)
    one = assert_type(summary_data_from_transaction_data(log, "id", "day", datetime_format="%Y%m%d"), pd.DataFrame)
    assert list(one.columns) == ["frequency", "recency", "T"]
    m = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    params: pd.Series[float] = m.params_.round(3)
    assert float(params["r"]) == 0.243
    horizons: pd.Series[float] = cal["duration_holdout"]
    assert_type(m.predict(horizons, cal), "pd.Series[float]")
    assert_type(m.conditional_probability_alive(2, 30.43, 38.86, errors="coerce"), float)
    m.save_model(tmp + "/bg.json")
    back = assert_type(BetaGeo().load_model(tmp + "/bg.json"), BetaGeo)
    any_model = assert_type(load_model(tmp + "/bg.json"), FittedModel[Any])
    assert back.params_.equals(any_model.params_)


def run() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        switching_from_lifetimes(tmp)
    transaction_models()
    fitting_and_summaries()
    spend_and_value()
    discrete_and_contractual()
    simulation_scorecard_and_plots()
