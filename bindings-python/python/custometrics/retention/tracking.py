"""Tracking a model against the calendar: the actual and expected cumulative number of repeat
transactions of the whole customer base, period by period (lifetimes'
``expected_cumulative_transactions``; the data behind
:func:`custometrics.plotting.plot_cumulative_transactions` and
:func:`~custometrics.plotting.plot_incremental_transactions`).

The expected count follows Fader, Hardie & Lee (2005), "A note on implementing the Pareto/NBD
model in MATLAB" (section on tracking): the customers whose first purchase falls in period k
contribute ``E[X(i − k)]`` repeat purchases by period i, so the expected cumulative count is
the convolution of the first-purchase counts with the model's ``E[X(t)]``
(``expected_number_of_purchases_up_to_time``). Actual counts are repeat purchases as the
summary counts them: distinct (customer, period) pairs after each customer's first period.

Periods are those of :func:`~custometrics.retention.summary_from_transactions` (``freq`` one of
the codes of :mod:`custometrics.retention._freq`: ``"s"``, ``"min"``, ``"h"``, ``"D"`` — UTC
days — or ``"W"``, weeks from Monday) and times are read as it reads them (``datetime_format``
is its ``format``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Tuple

import numpy as np
from numpy.typing import NDArray

from .. import _native
from . import _freq
from . import summary as _summary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["expected_cumulative_transactions"]

def _column(transactions: Any, name: str, field: str) -> Any:
    if not hasattr(transactions, "columns"):
        raise TypeError(f"transactions must be a pandas DataFrame, not {type(transactions).__name__}")
    if name not in transactions.columns:
        raise KeyError(f"{field}={name!r} is not a column of transactions (columns: {list(transactions.columns)})")
    return transactions[name]


def _periods(times: Any, freq: str, datetime_format: Optional[str]) -> NDArray[np.int64]:
    """Each time's period number (floor division from the period's origin)."""
    length, origin = _freq.seconds(freq)
    values, per_second = _summary._times(times, datetime_format)
    missing = values == np.iinfo(np.int64).min  # NaT
    if missing.any():
        raise _native.invalid_input_error("times", int(np.argmax(missing)), "NaT", "a time")
    periods: NDArray[np.int64] = np.floor_divide(values - origin * per_second, length * per_second)
    return periods


def _first_and_repeats(
    customers: Any, times: Any, freq: str, datetime_format: Optional[str]
) -> Tuple[NDArray[np.int64], NDArray[np.int64], int, NDArray[Any]]:
    """(first-purchase period of each customer, repeat-purchase periods, the earliest period,
    the customers): each customer's first period, and the periods of the distinct (customer,
    period) pairs after it — the purchases ``frequency`` counts — as absolute period numbers;
    customers in sorted order, as the first periods are."""
    periods = _periods(times, freq, datetime_format)
    if periods.size == 0:
        raise _native.invalid_input_error("times", None, "no transactions", "at least one transaction")
    ids = np.asarray(_summary._ids(customers))  # int64, uint64 or str ids, as the summary reads them
    if ids.shape != periods.shape:
        raise _native.invalid_input_error(
            "customers", None, f"{ids.size} ids for {periods.size} times", "one id per transaction"
        )
    unique_ids, codes = np.unique(ids, return_inverse=True)
    pairs = np.unique(np.stack([codes.ravel(), periods]), axis=1)  # sorted by customer, then period
    first_of = np.ones(pairs.shape[1], dtype=bool)
    first_of[1:] = pairs[0, 1:] != pairs[0, :-1]
    return pairs[1, first_of], pairs[1, ~first_of], int(periods.min()), unique_ids


def expected_cumulative_transactions(
    model: Any,
    transactions: pd.DataFrame,
    datetime_col: str,
    customer_id_col: str,
    t: int,
    datetime_format: Optional[str] = None,
    freq: str = "D",
    freq_multiplier: float = 1,
    set_index_date: bool = False,
) -> pd.DataFrame:
    """Actual and expected cumulative repeat transactions over the ``t`` periods from the first
    transaction (lifetimes' name and arguments): a DataFrame with the columns ``actual`` and
    ``predicted``, whose row i counts the repeat purchases up to the end of period
    ``(i + 1) · freq_multiplier − 1``, for ``t // freq_multiplier`` rows.

    ``model``: a fitted BetaGeo, ModifiedBetaGeo, ParetoNBD (or BetaGeoBetaBinom, with
    ``freq`` its opportunities), in the time unit of ``freq_multiplier`` periods (a model fitted on
    weeks with ``freq="D"`` takes ``freq_multiplier=7``). ``datetime_format``: a
    ``pandas.to_datetime`` format for the ``datetime_col`` strings. ``set_index_date``: index the
    rows by the start of their last period (a DatetimeIndex) instead of 0, 1, ….

    >>> import pandas as pd
    >>> from custometrics.retention import BetaGeo
    >>> tx = pd.DataFrame({"id": [1, 1, 2, 2, 2], "day": ["2020-01-01", "2020-01-03", "2020-01-02",
    ...                                                  "2020-01-02", "2020-01-04"]})
    >>> m = BetaGeo.from_params(r=1.0, alpha=2.0, a=0.5, b=2.0)
    >>> track = expected_cumulative_transactions(m, tx, "day", "id", t=4)
    >>> track["actual"].tolist()           # customer 1's day 3, customer 2's day 4 (day 2 twice is once)
    [0, 0, 1, 2]
    >>> e = m.expected_number_of_purchases_up_to_time    # E[X(t)]: by day 1, customer 1 is 1 day old
    >>> float(track["predicted"].iloc[0]) == e(1.0), float(track["predicted"].iloc[1]) == e(2.0) + e(1.0)
    (True, True)
    """
    import pandas as pd

    if not callable(getattr(model, "expected_number_of_purchases_up_to_time", None)):
        raise TypeError(
            "model must be a fitted custometrics BetaGeo, ModifiedBetaGeo, ParetoNBD or BetaGeoBetaBinom, "
            f"not {type(model).__name__}"
        )
    t_int = _whole("t", t, minimum=1)
    step = _whole("freq_multiplier", freq_multiplier, minimum=1)
    times = _column(transactions, datetime_col, "datetime_col")
    ids = _column(transactions, customer_id_col, "customer_id_col")
    first, repeats, start, _ = _first_and_repeats(ids, times, freq, datetime_format)
    # periods since the start; only periods 0..t-1 are counted
    first_k = first - start
    repeat_k = repeats - start
    cohorts = np.bincount(first_k[first_k < t_int], minlength=t_int).astype(np.float64)
    ends = np.arange(step, t_int + 1, step)  # the tracked period boundaries, in periods
    if ends.size == 0:
        raise _native.invalid_input_error("t", None, str(t), f"at least freq_multiplier ({step}) periods")
    ages = np.arange(1, t_int + 1, dtype=np.float64) / step
    expected = np.concatenate([[0.0], np.asarray(model.expected_number_of_purchases_up_to_time(ages), dtype=np.float64)])
    # predicted(end) = sum over k < end of cohorts[k] * E[X((end - k) / step)]
    predicted = np.convolve(cohorts, expected)[ends]
    actual = np.searchsorted(np.sort(repeat_k), ends, side="left")
    if set_index_date:
        unit, origin = _freq.seconds(freq)
        seconds = (start + ends - 1) * unit + origin
        index: Any = pd.DatetimeIndex(seconds.astype("datetime64[s]"), name="date")
    else:
        index = pd.RangeIndex(ends.size)
    return pd.DataFrame({"actual": actual.astype(np.int64), "predicted": predicted}, index=index)


def _whole(name: str, value: Any, minimum: int) -> int:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if isinstance(value, bool) or not np.isfinite(v) or v != np.floor(v) or v < minimum:
        raise _native.invalid_input_error(name, None, repr(value)[:80], f"a whole number >= {minimum}")
    return int(v)
