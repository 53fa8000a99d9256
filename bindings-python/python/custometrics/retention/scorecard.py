"""How well a fitted model predicts a holdout period, in one call: :func:`holdout_scorecard`
takes a calibration/holdout summary (:func:`~custometrics.retention.summary_from_transactions`
with ``calibration_period_end``, or lifetimes' ``calibration_and_holdout_data`` frame) and a
fitted model, predicts each customer's holdout purchases from their calibration history, and
compares them with what the customers did:

- per customer: MAE, RMSE and bias (mean of predicted − actual), the Pearson correlation;
- in total: predicted and actual holdout purchases and the relative error;
- by calibration frequency (0, 1, …, ``max_frequency − 1`` and ``max_frequency+``): customers,
  mean actual and mean predicted holdout purchases (Fader, Hardie & Lee 2005, figure 4: the
  "conditional expectations" check);
- with the transaction log, the cumulative tracking of repeat transactions over calibration
  and holdout (:func:`~custometrics.retention.tracking.expected_cumulative_transactions`) and
  its error over the holdout periods.

The result is a :class:`HoldoutScorecard`: ``to_frame()`` gives the metrics as a one-column
DataFrame, ``by_frequency``, ``customers`` and ``tracking`` are DataFrames, and
:func:`custometrics.plotting.plot_scorecard` draws it. Weights (a ``weights`` column, as in
grouped BG/BB data) weight every per-customer statistic.

>>> import pandas as pd
>>> from custometrics.retention import BetaGeo
>>> cal = pd.DataFrame({"frequency": [0, 1, 2, 0], "recency": [0.0, 5.0, 9.0, 0.0], "T": [10.0, 10.0, 10.0, 8.0],
...                     "frequency_holdout": [0, 1, 3, 1], "duration_holdout": [10.0] * 4})
>>> m = BetaGeo.from_params(r=1.0, alpha=4.0, a=0.5, b=2.0)
>>> card = holdout_scorecard(m, cal)
>>> card.actual_total, card.n_customers
(5.0, 4.0)
>>> bool(card.to_frame().loc["mae", "value"] == card.mae)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence

import numpy as np
from numpy.typing import NDArray

from .. import _native
from .._results import Result
from . import tracking as _tracking

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HoldoutScorecard", "holdout_scorecard"]

F64 = NDArray[np.float64]

# accepted spellings of each column: ours first, then lifetimes' calibration_and_holdout_data
_FREQUENCY = ("frequency", "frequency_cal")
_RECENCY = ("recency", "recency_cal")
_AGE = ("T", "T_cal")
_OPPORTUNITIES = ("n_periods", "periods", "n_periods_cal")
_HOLDOUT = ("frequency_holdout",)
_DURATION = ("duration_holdout",)


@dataclass(frozen=True)
class HoldoutScorecard(Result):
    """Holdout accuracy of a model (see :mod:`custometrics.retention.scorecard`).

    Per-customer statistics are over customers (weighted by ``weights`` when the summary has
    them). ``correlation`` is None when predictions or actuals do not vary; ``total_error`` is
    (predicted − actual) / actual, None when nobody purchased in the holdout. The tracking fields
    are None without a transaction log: ``tracking`` the cumulative counts (indexed by periods
    elapsed since the first transaction), ``calibration_periods`` the periods up to and including
    the calibration end's, ``tracking_mape`` the mean absolute percentage error of the cumulative
    count over the holdout periods (those with a non-zero actual count), ``tracking_end_error``
    predicted − actual cumulative repeat transactions at the end.
    """

    model: str
    n_customers: float
    duration_holdout: float
    mae: float
    rmse: float
    bias: float
    predicted_total: float
    actual_total: float
    total_error: Optional[float]
    correlation: Optional[float]
    by_frequency: pd.DataFrame
    customers: pd.DataFrame
    tracking: Optional[pd.DataFrame]
    calibration_periods: Optional[int]
    tracking_mape: Optional[float]
    tracking_end_error: Optional[float]

    _FRAMES = ("by_frequency", "customers", "tracking")

    def metrics(self) -> Dict[str, Any]:
        """The scalar fields, in order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in self._FRAMES}

    def to_frame(self) -> pd.DataFrame:
        """The metrics as a DataFrame with one column ``value``, indexed by metric name (None as
        NaN would be; the model's name is left out)."""
        import pandas as pd

        values = {k: (np.nan if v is None else float(v)) for k, v in self.metrics().items() if k != "model"}
        return pd.DataFrame({"value": pd.Series(values, dtype="float64")}).rename_axis("metric")

    def to_dict(self) -> Dict[str, Any]:
        """Metrics as plain values and the tables as dicts of lists (``DataFrame.to_dict("list")``)."""
        out = self.metrics()
        for name in self._FRAMES:
            frame = getattr(self, name)
            out[name] = None if frame is None else {"index": frame.index.tolist(), **frame.to_dict("list")}
        return out

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v!r}"
            for k, v in self.metrics().items()
            if v is not None
        )
        return f"HoldoutScorecard({shown})"


def _pick(frame: Any, names: Sequence[str], required: bool = True) -> Any:
    for n in names:
        if n in frame.columns:
            return frame[n]
    if required:
        raise KeyError(f"the summary has no column {names[0]!r} (columns: {list(frame.columns)})")
    return None


def _numbers(field: str, column: Any, minimum: float, strict: bool = False) -> F64:
    a = np.asarray(column, dtype=np.float64)
    bad = ~np.isfinite(a) | ((a <= minimum) if strict else (a < minimum))
    if bad.any():
        i = int(np.argmax(bad))
        where = f" (customer {_plain(column.index[i])!r})" if hasattr(column, "index") else ""
        raise _native.invalid_input_error(
            field, i, f"{float(a[i])!r}{where}", f"a finite number {'>' if strict else '>='} {minimum:g}"
        )
    return a


def _plain(label: Any) -> Any:
    """A numpy scalar as the Python value it holds, for messages."""
    return label.item() if isinstance(label, np.generic) else label


def _predict(model: Any, f: Any, r: Any, age: Any, duration: F64) -> F64:
    """Each customer's expected holdout purchases, one model call per distinct duration."""
    from .bgbb import BetaGeoBetaBinom
    from .transaction import TransactionModel

    out = np.empty(duration.size)
    f, r, age = (np.asarray(c, dtype=np.float64) for c in (f, r, age))
    for d in np.unique(duration):
        rows = duration == d
        if isinstance(model, BetaGeoBetaBinom):
            if d != math.floor(d):
                raise _native.invalid_input_error("duration_holdout", int(np.argmax(rows)), repr(float(d)), "whole opportunities")
            out[rows] = model.conditional_expected_number_of_purchases_up_to_time(int(d), f[rows], r[rows], age[rows])
        elif isinstance(model, TransactionModel):
            out[rows] = model.conditional_expected_number_of_purchases_up_to_time(float(d), f[rows], r[rows], age[rows])
        else:
            raise TypeError(
                "model must be a custometrics BetaGeo, ModifiedBetaGeo, ParetoNBD or BetaGeoBetaBinom, "
                f"not {type(model).__name__}"
            )
    return out


def _weighted_mean(x: F64, w: F64) -> float:
    return float(np.dot(x, w) / w.sum())


def _correlation(x: F64, y: F64, w: F64) -> Optional[float]:
    mx, my = _weighted_mean(x, w), _weighted_mean(y, w)
    sxy = float(np.dot(w, (x - mx) * (y - my)))
    sxx = float(np.dot(w, (x - mx) ** 2))
    syy = float(np.dot(w, (y - my) ** 2))
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def holdout_scorecard(
    model: Any,
    calibration_holdout: pd.DataFrame,
    transactions: Optional[pd.DataFrame] = None,
    datetime_col: Optional[str] = None,
    customer_id_col: Optional[str] = None,
    freq: str = "D",
    freq_multiplier: float = 1,
    datetime_format: Optional[str] = None,
    max_frequency: int = 7,
) -> HoldoutScorecard:
    """The holdout scorecard of ``model`` on ``calibration_holdout`` (see the module
    documentation).

    ``calibration_holdout``: a DataFrame with the calibration history — ``frequency``,
    ``recency``, ``T`` (BG/BB: ``n_periods`` or ``periods``), or lifetimes' ``frequency_cal``,
    ``recency_cal``, ``T_cal`` — and ``frequency_holdout``, ``duration_holdout`` (and
    ``weights``, used when present). ``model``: a fitted BetaGeo, ModifiedBetaGeo, ParetoNBD or
    BetaGeoBetaBinom, in the summary's time unit.

    ``transactions`` (with ``datetime_col`` and ``customer_id_col``, read with ``freq``,
    ``freq_multiplier`` and ``datetime_format`` as the summary was made) adds the cumulative
    tracking. The calibration end is read off the summary (each customer's first period plus
    T); a log whose customers' first purchases do not match the summary's T is an error naming
    ``transactions``. ``max_frequency``: the calibration frequency from which customers are
    pooled in the last row of ``by_frequency``.
    """
    import pandas as pd

    if not hasattr(calibration_holdout, "columns"):
        raise TypeError(f"calibration_holdout must be a pandas DataFrame, not {type(calibration_holdout).__name__}")
    if isinstance(max_frequency, bool) or not isinstance(max_frequency, (int, np.integer)) or max_frequency < 1:
        raise _native.invalid_input_error("max_frequency", None, repr(max_frequency), "a whole number >= 1")
    frame = calibration_holdout
    from .bgbb import BetaGeoBetaBinom

    discrete = isinstance(model, BetaGeoBetaBinom)
    f = _pick(frame, _FREQUENCY)
    r = _pick(frame, _RECENCY)
    age = _pick(frame, _OPPORTUNITIES if discrete else _AGE)
    actual = _numbers("frequency_holdout", _pick(frame, _HOLDOUT), 0.0)
    duration = _numbers("duration_holdout", _pick(frame, _DURATION), 0.0, strict=True)
    weights_col = _pick(frame, ("weights",), required=False)
    w = np.ones(actual.size) if weights_col is None else _numbers("weights", weights_col, 0.0)
    if actual.size == 0 or w.sum() <= 0:
        raise _native.invalid_input_error("calibration_holdout", None, "no customers", "at least one customer of positive weight")

    predicted = _predict(model, f, r, age, duration)
    error = predicted - actual
    n = float(w.sum())
    predicted_total, actual_total = float(np.dot(w, predicted)), float(np.dot(w, actual))

    freq_values = np.asarray(f, dtype=np.float64)
    bucket = np.minimum(freq_values, max_frequency).astype(np.int64)
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    counts = np.bincount(bucket, weights=w, minlength=max_frequency + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_actual = np.bincount(bucket, weights=w * actual, minlength=max_frequency + 1) / counts
        mean_predicted = np.bincount(bucket, weights=w * predicted, minlength=max_frequency + 1) / counts
    keep = counts > 0
    by_frequency = pd.DataFrame(
        {"customers": counts[keep], "actual": mean_actual[keep], "predicted": mean_predicted[keep]},
        index=pd.Index([lab for lab, k in zip(labels, keep) if k], name="frequency"),
    )
    by_frequency["error"] = by_frequency["predicted"] - by_frequency["actual"]
    customers = pd.DataFrame(
        {"frequency": freq_values, "actual": actual, "predicted": predicted, "error": error}, index=frame.index
    )

    tracking = calibration_periods = tracking_mape = tracking_end = None
    if transactions is not None:
        if datetime_col is None or customer_id_col is None:
            raise TypeError("with transactions, name its datetime_col and customer_id_col")
        if discrete:
            raise TypeError("cumulative tracking needs a continuous-time model (BetaGeo, ModifiedBetaGeo, ParetoNBD)")
        tracking, calibration_periods = _track(
            model, frame, np.asarray(age, dtype=np.float64), float(duration.max()), transactions,
            datetime_col, customer_id_col, freq, freq_multiplier, datetime_format,
        )
        holdout = tracking[(tracking.index > calibration_periods) & (tracking["actual"] > 0)]
        if len(holdout):
            tracking_mape = float((100 * (holdout["predicted"] - holdout["actual"]).abs() / holdout["actual"]).mean())
        tracking_end = float(tracking["predicted"].iloc[-1] - tracking["actual"].iloc[-1])

    return HoldoutScorecard(
        model=type(model).__name__,
        n_customers=n,
        duration_holdout=float(duration.max()),
        mae=_weighted_mean(np.abs(error), w),
        rmse=math.sqrt(_weighted_mean(error**2, w)),
        bias=_weighted_mean(error, w),
        predicted_total=predicted_total,
        actual_total=actual_total,
        total_error=None if actual_total == 0 else (predicted_total - actual_total) / actual_total,
        correlation=_correlation(predicted, actual, w),
        by_frequency=by_frequency,
        customers=customers,
        tracking=tracking,
        calibration_periods=calibration_periods,
        tracking_mape=tracking_mape,
        tracking_end_error=tracking_end,
    )


def _track(
    model: Any, frame: Any, age: F64, duration: float, transactions: Any, datetime_col: str, customer_id_col: str,
    freq: str, freq_multiplier: float, datetime_format: Optional[str],
) -> "tuple[pd.DataFrame, int]":
    """The tracking frame over calibration and holdout, and the calibration length in periods,
    read off the summary: every customer's first period + T · freq_multiplier is the calibration
    end."""
    import pandas as pd

    step = _tracking._whole("freq_multiplier", freq_multiplier, minimum=1)
    ids = _tracking._column(transactions, customer_id_col, "customer_id_col")
    times = _tracking._column(transactions, datetime_col, "datetime_col")
    first, _, start, unique_ids = _tracking._first_and_repeats(ids, times, freq, datetime_format)
    first_by_id = pd.Series(first, index=unique_ids)
    known = frame.index.isin(first_by_id.index)
    if not known.all():
        i = int(np.argmax(~known))
        raise _native.invalid_input_error(
            "transactions", None, f"no transaction of customer {_plain(frame.index[i])!r} (row {i} of the summary)",
            "the log the summary was made from (the summary's index holds its customer ids)",
        )
    ends = first_by_id.reindex(frame.index).to_numpy(dtype=np.float64) + age * step
    cal_end = float(np.round(ends[0]))
    off = np.abs(ends - cal_end) > 1e-6 * max(1.0, abs(cal_end))
    if off.any():
        i = int(np.argmax(off))
        raise _native.invalid_input_error(
            "transactions", None,
            f"customer {_plain(frame.index[i])!r}'s first period + T gives a calibration end {ends[i] - start:g} "
            f"periods after the first transaction, customer {_plain(frame.index[0])!r}'s {cal_end - start:g}",
            "the log and the freq, freq_multiplier the summary was made with",
        )
    calibration_periods = int(cal_end - start) + 1  # the calibration end's period is in
    t = calibration_periods + int(round(duration * step))
    track = _tracking.expected_cumulative_transactions(
        model, transactions, datetime_col, customer_id_col, t, datetime_format=datetime_format, freq=freq,
        freq_multiplier=step,
    )
    track["error"] = track["predicted"] - track["actual"]
    track.index = pd.RangeIndex(step, step * (len(track) + 1), step, name="periods")
    return track, calibration_periods
