"""From a transaction log to the per-customer summary the transaction models are fitted to, with
the definitions of lifetimes' ``summary_data_from_transaction_data`` and
``calibration_and_holdout_data``.

Each time falls into a period of ``freq`` (``"s"``, ``"m"``/``"min"``, ``"h"``, ``"D"`` — UTC days,
the default — or ``"W"``, weeks from Monday); purchases in the same period count as one.

- ``frequency``: the number of distinct periods with a purchase, minus one (repeat periods);
- ``recency``: periods from the first purchase to the last (0 without a repeat);
- ``T``: periods from the first purchase to the end of observation (or of calibration);
- ``monetary_value``: the mean spend of the repeat periods (each period's total; 0 without a
  repeat) — only when ``monetary_value`` is given.

recency and T are divided by ``freq_multiplier``. ``include_first_transaction`` counts the first
period in frequency and the monetary value. Transactions after ``observation_period_end`` are
ignored (a purchase later on the last day still counts, as in lifetimes).

With ``calibration_period_end``, the summary columns describe the transactions up to it, and the
holdout columns those after it up to the observation end: ``frequency_holdout`` (distinct
periods with a purchase), ``monetary_value_holdout`` (mean value of the holdout *transactions*,
as lifetimes computes it; 0 without any) and ``duration_holdout`` (periods from the calibration
end to the observation end). Customers whose first purchase is in the holdout are left out.
lifetimes' ``calibration_and_holdout_data`` calls the calibration columns ``frequency_cal``,
``recency_cal``, ``T_cal``, ``monetary_value_cal``; here they keep their names in both cases.
Unlike lifetimes, an empty holdout is not an error. Calendar months are not offered: they are not
of fixed length, and lifetimes 0.11.3's ``freq="M"`` raises ``ValueError: Unit M is not
supported`` under pandas 3, so there is no lifetimes result to agree with.

Times are read as UTC wall-clock time: datetime64 arrays as they are, timezone-aware pandas
columns and datetimes at their local wall-clock time (as lifetimes' ``to_period`` does).

Errors name the core's inputs: ``customers``, ``times``, ``values``, ``observation_end``,
``calibration_end`` (the same names in every language).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, Literal, Optional, Tuple, Union, cast, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import _arrays, _native

if TYPE_CHECKING:
    import pandas as pd
from .._results import Result

__all__ = ["TransactionSummary", "summary_from_transactions"]

# datetime64 units the core reads as they are, with their number per second
_UNITS = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}

Instant = Union[str, _dt.date, _dt.datetime, np.datetime64, Any]


@dataclass(frozen=True)
class TransactionSummary(Result):
    """The summary as columns, one element per customer, customers sorted by id (what
    :func:`summary_from_transactions` returns with ``as_frame=False`` or without pandas).
    Columns that do not apply are ``None``."""

    customer_id: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    monetary_value: Optional[np.ndarray]
    frequency_holdout: Optional[np.ndarray]
    monetary_value_holdout: Optional[np.ndarray]
    duration_holdout: Optional[np.ndarray]

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame indexed by ``customer_id``, with the columns that apply."""
        import pandas as pd

        columns = {k: v for k, v in self.__dict__.items() if k != "customer_id" and v is not None}
        return pd.DataFrame(columns, index=pd.Index(self.customer_id, name="customer_id"))


def _bad(field: str, index: Optional[int], value: Any, expected: str) -> Exception:
    if isinstance(value, np.generic):
        value = value.item()
    return _native.invalid_input_error(field, index, repr(value)[:80], expected)


def _ids(x: ArrayLike) -> Union[NDArray[Any], List[Any]]:
    """int64 / uint64 array (the fast path) or a list of str."""
    a = _arrays.read("customers", x)
    if a.ndim != 1:
        raise _bad("customers", None, f"an array of shape {a.shape}", "a 1-D sequence of ids")
    kind = a.dtype.kind
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if kind == "i":
        return np.ascontiguousarray(a, dtype=np.int64)
    if kind == "u":
        return np.ascontiguousarray(a, dtype=np.uint64)
    if kind in "US":
        if not hasattr(x, "dtype"):  # numpy made strings of a list: were they all strings?
            _one_kind(list(cast(Iterable[Any], x)))
        return cast(List[Any], a.astype(str).tolist())
    if kind == "f":  # ints that went through a float column
        bad = ~(np.isfinite(a) & (a == np.floor(a)))
        if bad.any():
            i = int(np.argmax(bad))
            raise _bad("customers", i, a[i], "integer or string ids")
        return a.astype(np.int64)
    if kind == "O":
        items: List[Any] = a.tolist()
        if _one_kind(items):
            return items
        try:
            return np.asarray(items, dtype=np.int64)
        except OverflowError:
            try:
                return np.asarray(items, dtype=np.uint64)
            except OverflowError:
                raise _bad("customers", None, "integers beyond 64 bits", "ids that fit in 64 bits") from None
    raise _bad("customers", 0, a[0], "integer or string ids")


def _one_kind(items: List[Any]) -> bool:
    """Whether the ids are strings (else integers); an id of another kind is an error."""
    strings = isinstance(items[0], str)
    for i, v in enumerate(items):
        ok = isinstance(v, str) if strings else isinstance(v, (int, np.integer)) and not isinstance(v, bool)
        if not ok:
            kind = "strings, like customers[0]" if strings else "integers, like customers[0]"
            if i == 0:
                kind = "integers or strings"
            raise _bad("customers", i, v, f"ids of one kind: {kind}")
    return strings


def _wall_clock(x: Any) -> Any:
    """Timezone-aware pandas columns and datetimes at their local wall-clock time."""
    dt = getattr(x, "dt", None)
    if dt is not None and getattr(x.dtype, "tz", None) is not None:
        return dt.tz_localize(None)
    if getattr(getattr(x, "dtype", None), "tz", None) is not None and hasattr(x, "tz_localize"):
        return x.tz_localize(None)  # a DatetimeIndex
    if isinstance(x, (list, tuple)) and any(isinstance(v, _dt.datetime) and v.tzinfo for v in x):
        return [v.replace(tzinfo=None) if isinstance(v, _dt.datetime) else v for v in x]
    return x


def _times(x: ArrayLike) -> Tuple[np.ndarray, int]:
    """The times as the int64 view of a datetime64 array, with its units per second."""
    x = _wall_clock(x)
    a = _arrays.read("times", x)
    if a.dtype.kind != "M":
        if a.size == 0:
            a = a.astype("datetime64[s]")
        elif a.dtype.kind in "OUS":
            if a.dtype.kind == "O":
                a = np.asarray(_wall_clock(a.tolist()), dtype=object)
            try:
                a = a.astype("datetime64")
            except (ValueError, TypeError) as e:
                raise _bad("times", None, str(e), "datetimes, datetime64 values or ISO 8601 strings") from None
        else:
            raise _bad(
                "times",
                None,
                f"an array of {a.dtype}",
                "datetimes, datetime64 values or ISO 8601 strings (for seconds since the epoch, pass "
                "np.asarray(x).astype('datetime64[s]'))",
            )
    if a.ndim != 1:
        raise _bad("times", None, f"an array of shape {a.shape}", "a 1-D sequence of times")
    unit, step = np.datetime_data(a.dtype)
    if step != 1 or unit not in _UNITS:
        unit = "s"
        a = a.astype("datetime64[s]")
    return np.ascontiguousarray(a).view(np.int64), _UNITS[unit]


def _instant(field: str, x: Optional[Instant], units_per_second: int) -> Optional[int]:
    if x is None:
        return None
    if isinstance(x, _dt.datetime) and x.tzinfo is not None:
        x = x.replace(tzinfo=None)
    try:
        v = np.datetime64(x)
    except (ValueError, TypeError):
        raise _bad(field, None, x, "a datetime, a datetime64 or an ISO 8601 string") from None
    if np.isnat(v):
        raise _bad(field, None, x, "a time, not NaT")
    unit = {v: k for k, v in _UNITS.items()}[units_per_second]
    return int(v.astype(f"datetime64[{unit}]").astype(np.int64))


@overload
def summary_from_transactions(
    customer_id: ArrayLike,
    datetime: ArrayLike,
    monetary_value: Optional[ArrayLike] = None,
    freq: str = "D",
    observation_period_end: Optional[Instant] = None,
    calibration_period_end: Optional[Instant] = None,
    freq_multiplier: float = 1,
    include_first_transaction: bool = False,
    *,
    as_frame: Literal[False],
) -> TransactionSummary: ...
@overload
def summary_from_transactions(
    customer_id: ArrayLike,
    datetime: ArrayLike,
    monetary_value: Optional[ArrayLike] = None,
    freq: str = "D",
    observation_period_end: Optional[Instant] = None,
    calibration_period_end: Optional[Instant] = None,
    freq_multiplier: float = 1,
    include_first_transaction: bool = False,
    as_frame: Optional[Literal[True]] = None,
) -> pd.DataFrame: ...
@overload
def summary_from_transactions(
    customer_id: ArrayLike,
    datetime: ArrayLike,
    monetary_value: Optional[ArrayLike] = None,
    freq: str = "D",
    observation_period_end: Optional[Instant] = None,
    calibration_period_end: Optional[Instant] = None,
    freq_multiplier: float = 1,
    include_first_transaction: bool = False,
    as_frame: Optional[bool] = None,
) -> Union[pd.DataFrame, TransactionSummary]: ...
def summary_from_transactions(
    customer_id: ArrayLike,
    datetime: ArrayLike,
    monetary_value: Optional[ArrayLike] = None,
    freq: str = "D",
    observation_period_end: Optional[Instant] = None,
    calibration_period_end: Optional[Instant] = None,
    freq_multiplier: float = 1,
    include_first_transaction: bool = False,
    as_frame: Optional[bool] = None,
) -> Union[pd.DataFrame, TransactionSummary]:
    """Per-customer frequency, recency, T and monetary value from a transaction log (see the
    module documentation for the definitions, which are lifetimes').

    ``customer_id``: ints (an int numpy array or int column is read without conversion) or
    strings. ``datetime``: a datetime64 array or pandas datetime column (read without a copy in
    units of s, ms, us or ns), Python datetimes, or ISO 8601 strings. ``monetary_value``: the
    value of each transaction. ``observation_period_end`` (default: the last transaction) and
    ``calibration_period_end``: a datetime, a datetime64 or a string.

    Returns a pandas DataFrame indexed by ``customer_id`` when ``as_frame`` is true, or when it is
    ``None`` and pandas is installed; otherwise a :class:`TransactionSummary` of numpy columns.
    (For type checkers the default is the DataFrame: they see pandas' types where pandas is.)

    >>> s = summary_from_transactions([1, 1, 2], ["2015-01-01", "2015-01-08", "2015-01-03"], as_frame=False)
    >>> s.frequency.tolist(), s.recency.tolist(), s.T.tolist()
    ([1.0, 0.0], [7.0, 0.0], [7.0, 5.0])
    """
    ids = _ids(customer_id)
    times, units_per_second = _times(datetime)
    options: _native._SummaryOptions = {
        "freq": freq,
        "observation_end": _instant("observation_end", observation_period_end, units_per_second),
        "calibration_end": _instant("calibration_end", calibration_period_end, units_per_second),
        "freq_multiplier": freq_multiplier,
        "include_first_transaction": include_first_transaction,
    }
    raw = _native.summary_from_transactions(ids, times, units_per_second, monetary_value, options)
    if isinstance(raw["customer_id"], list):
        raw["customer_id"] = np.asarray(raw["customer_id"], dtype=object)
    summary = TransactionSummary(**raw)
    if as_frame is None:
        try:
            import pandas  # noqa: F401
        except ImportError:
            return summary
        as_frame = True
    return summary.to_frame() if as_frame else summary
