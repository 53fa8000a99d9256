"""From a transaction log to the per-customer summary the transaction models are fitted to, with
the definitions of lifetimes' ``summary_data_from_transaction_data`` and
``calibration_and_holdout_data``.

Each time falls into a period of ``freq`` (``"s"``, ``"min"``, ``"h"``, ``"D"`` — UTC days, the
default — or ``"W"``, weeks from Monday: pandas' offset aliases, in the one table of codes every
function reads, :mod:`custometrics.retention._freq`); purchases in the same period count as one.

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
``recency_cal``, ``T_cal``, ``monetary_value_cal``; here they keep their names in both cases, and
:func:`calibration_and_holdout_data` gives lifetimes' names and arguments.

Times given as strings or numbers made of digits only (CDNOW's ``19970101``) are read with
``format=`` (pandas' ``to_datetime`` layout, ``"%Y%m%d"``) or refused: numpy would take
``"19970101"`` for the year 19,970,101 and a number for a count of seconds since 1970.
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
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, Literal, Optional, Tuple, Union, cast, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import _arrays, _native
from . import _freq

if TYPE_CHECKING:
    import pandas as pd
from .._results import Result

__all__ = [
    "TransactionSummary", "summary_from_transactions", "calibration_and_holdout_data",
    "summary_data_from_transaction_data",
]

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
        # 2**63 and beyond do not fit int64: the cast would wrap them without a word.
        bad = ~(np.isfinite(a) & (a == np.floor(a)) & (np.abs(a) < 2.0**63))
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


_FORMAT_HINT = "pass format= with its layout, e.g. format='%Y%m%d' for 19970101 (pandas' to_datetime format)"
# a run of five or more digits: numpy reads "19970101" as the year 19,970,101, not 1 January 1997
_DIGITS = re.compile(r"\s*[+-]?\d{5,}\s*")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")


def _parse(field: str, x: Any, format: str) -> np.ndarray:
    """``x`` read with the strptime ``format`` (pandas' ``to_datetime(x, format=...)`` when pandas is
    installed, else ``datetime.strptime`` on each value as a string), as datetime64."""
    pd: Any
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        try:
            parsed = pd.to_datetime(pd.Series(np.asarray(x, dtype=object)).astype(str), format=format)
        except (ValueError, TypeError) as e:
            raise _bad(field, None, str(e).split("\n")[0], f"times in the layout format={format!r}") from None
        result: np.ndarray = parsed.to_numpy(dtype="datetime64[ns]")
        return result
    values = np.asarray(x, dtype=object).ravel().tolist()
    out = np.empty(len(values), dtype="datetime64[us]")
    for i, v in enumerate(values):
        try:
            out[i] = np.datetime64(_dt.datetime.strptime(str(v), format))
        except ValueError:
            raise _bad(field, i, v, f"a time in the layout format={format!r}") from None
    return out


def _no_digit_runs(field: str, a: np.ndarray) -> None:
    """Strings or numbers that are only digits are refused: numpy would read "19970101" as a
    year, and a number as a count of time units since 1970, silently."""
    for i, v in enumerate(a.ravel().tolist()):
        if (isinstance(v, str) and _DIGITS.fullmatch(v)) or (
            isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
        ):
            raise _bad(field, i, v, "a date or datetime, not a bare number: " + _FORMAT_HINT)


def _times(x: ArrayLike, format: Optional[str] = None) -> Tuple[np.ndarray, int]:
    """The times as the int64 view of a datetime64 array, with its units per second."""
    x = _wall_clock(x)
    if format is not None:
        x = _parse("times", x, format)
    a = _arrays.read("times", x)
    if a.dtype.kind != "M":
        if a.size == 0:
            a = a.astype("datetime64[s]")
        elif a.dtype.kind in "OUS":
            if a.dtype.kind == "O":
                a = np.asarray(_wall_clock(a.tolist()), dtype=object)
            _no_digit_runs("times", a)
            try:
                a = a.astype("datetime64")
            except (ValueError, TypeError) as e:
                raise _bad("times", None, str(e), "datetimes, datetime64 values or ISO 8601 strings") from None
        else:
            raise _bad(
                "times",
                None,
                f"an array of {a.dtype}",
                "datetimes, datetime64 values or ISO 8601 strings (for YYYYMMDD numbers such as 19970101, "
                "pass format='%Y%m%d'; for seconds since the epoch, np.asarray(x).astype('datetime64[s]'))",
            )
    if a.ndim != 1:
        raise _bad("times", None, f"an array of shape {a.shape}", "a 1-D sequence of times")
    unit, step = np.datetime_data(a.dtype)
    if step != 1 or unit not in _UNITS:
        unit = "s"
        a = a.astype("datetime64[s]")
    return np.ascontiguousarray(a).view(np.int64), _UNITS[unit]


def _instant(field: str, x: Optional[Instant], units_per_second: int, format: Optional[str] = None) -> Optional[int]:
    if x is None:
        return None
    if isinstance(x, _dt.datetime) and x.tzinfo is not None:
        x = x.replace(tzinfo=None)
    if format is not None and isinstance(x, (str, int, np.integer)) and not isinstance(x, bool):
        try:
            v = _parse(field, [x], format)[0]
        except _native.CustometricsError:
            # an ISO 8601 date with separators ("1997-09-30") means one thing whatever the log's layout
            if not (isinstance(x, str) and _ISO.fullmatch(x.strip())):
                raise
            v = np.datetime64(x.strip())
    else:
        if isinstance(x, (str, int, float, np.number)) and not isinstance(x, bool):
            _no_digit_runs(field, np.asarray([x], dtype=object))
        try:
            v = np.datetime64(x)
        except (ValueError, TypeError):
            raise _bad(field, None, x, "a datetime, a datetime64 or an ISO 8601 string") from None
    if np.isnat(v):
        raise _bad(field, None, x, "a time, not NaT")
    unit = {v: k for k, v in _UNITS.items()}[units_per_second]
    return int(v.astype(f"datetime64[{unit}]").astype(np.int64))


_TIME_IN_MESSAGE = re.compile(r"(?<![\w.\[])-?\d+(?![\w.\]])")


def _dated(e: BaseException, units_per_second: int) -> BaseException:
    """The core's error about ``observation_end`` or ``calibration_end``, whose message holds
    times as counts of time units since 1970, with those counts printed as dates (the same
    class, code, field and index)."""
    if getattr(e, "field", None) not in ("observation_end", "calibration_end"):
        return e
    unit = {v: k for k, v in _UNITS.items()}[units_per_second]

    def date(m: "re.Match[str]") -> str:
        text = str(np.array(int(m.group(0)), dtype=f"datetime64[{unit}]").astype("datetime64[s]"))
        return text[:-9] if text.endswith("T00:00:00") else text

    new = type(e)(_TIME_IN_MESSAGE.sub(date, str(e)))
    for attr in ("code", "field", "index"):
        setattr(new, attr, getattr(e, attr, None))
    return new


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
    format: Optional[str] = None,
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
    format: Optional[str] = None,
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
    format: Optional[str] = None,
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
    format: Optional[str] = None,
) -> Union[pd.DataFrame, TransactionSummary]:
    """Per-customer frequency, recency, T and monetary value from a transaction log (see the
    module documentation for the definitions, which are lifetimes').

    ``customer_id``: ints (an int numpy array or int column is read without conversion) or
    strings. ``datetime``: a datetime64 array or pandas datetime column (read without a copy in
    units of s, ms, us or ns), Python datetimes, or ISO 8601 strings. ``monetary_value``: the
    value of each transaction. ``observation_period_end`` (default: the last transaction) and
    ``calibration_period_end``: a datetime, a datetime64 or a string. ``freq``: one of the codes
    of :mod:`custometrics.retention._freq` (pandas' offset aliases ``"s"``, ``"min"``, ``"h"``,
    ``"D"``, ``"W"``).

    ``format``: the layout of times given as strings or numbers, as pandas' ``to_datetime``
    takes it (``"%Y%m%d"`` for CDNOW's 19970101); it applies to the two period ends too when
    they are strings or numbers (an ISO 8601 date such as ``"1997-09-30"`` is read as such). Without it, strings and numbers made only of digits are
    refused with an :class:`~custometrics.InvalidInputError` naming the value, never read as
    a year (numpy reads ``"19970101"`` as the year 19,970,101) or as seconds since 1970.
    Errors about the period ends print them as dates.

    Returns a pandas DataFrame indexed by ``customer_id`` when ``as_frame`` is true, or when it is
    ``None`` and pandas is installed; otherwise a :class:`TransactionSummary` of numpy columns.
    (For type checkers the default is the DataFrame: they see pandas' types where pandas is.)

    >>> s = summary_from_transactions([1, 1, 2], ["2015-01-01", "2015-01-08", "2015-01-03"], as_frame=False)
    >>> s.frequency.tolist(), s.recency.tolist(), s.T.tolist()
    ([1.0, 0.0], [7.0, 0.0], [7.0, 5.0])
    """
    ids = _ids(customer_id)
    period = _freq.period(freq)
    times, units_per_second = _times(datetime, format)
    options: _native._SummaryOptions = {
        "freq": period,
        "observation_end": _instant("observation_end", observation_period_end, units_per_second, format),
        "calibration_end": _instant("calibration_end", calibration_period_end, units_per_second, format),
        "freq_multiplier": freq_multiplier,
        "include_first_transaction": include_first_transaction,
    }
    try:
        raw = _native.summary_from_transactions(ids, times, units_per_second, monetary_value, options)
    except _native.CustometricsError as e:
        raise _dated(e, units_per_second) from None
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


def _log_column(transactions: Any, name: str, argument: str) -> Any:
    if not hasattr(transactions, "columns"):
        raise TypeError(f"transactions must be a pandas DataFrame, not {type(transactions).__name__}")
    if name not in transactions.columns:
        raise KeyError(f"{argument}={name!r} is not a column of transactions (columns: {list(transactions.columns)})")
    return transactions[name]


def summary_data_from_transaction_data(
    transactions: pd.DataFrame,
    customer_id_col: str,
    datetime_col: str,
    monetary_value_col: Optional[str] = None,
    datetime_format: Optional[str] = None,
    observation_period_end: Optional[Instant] = None,
    freq: str = "D",
    freq_multiplier: float = 1,
    include_first_transaction: bool = False,
) -> pd.DataFrame:
    """lifetimes' function of this name, with its arguments: :func:`summary_from_transactions`
    on a transaction DataFrame's columns (``datetime_format`` is its ``format``). Returns the
    frame indexed by ``customer_id_col`` with the columns frequency, recency, T (and
    monetary_value)."""
    frame = summary_from_transactions(
        _log_column(transactions, customer_id_col, "customer_id_col"),
        _log_column(transactions, datetime_col, "datetime_col"),
        None if monetary_value_col is None else _log_column(transactions, monetary_value_col, "monetary_value_col"),
        freq=freq, observation_period_end=observation_period_end, freq_multiplier=freq_multiplier,
        include_first_transaction=include_first_transaction, as_frame=True, format=datetime_format,
    )
    frame.index.name = customer_id_col
    return frame


#: lifetimes' column names of a calibration/holdout summary, in lifetimes' order.
CALIBRATION_COLUMNS = {
    "frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal", "monetary_value": "monetary_value_cal",
    "frequency_holdout": "frequency_holdout", "monetary_value_holdout": "monetary_value_holdout",
    "duration_holdout": "duration_holdout",
}


def calibration_and_holdout_data(
    transactions: pd.DataFrame,
    customer_id_col: str,
    datetime_col: str,
    calibration_period_end: Instant,
    observation_period_end: Optional[Instant] = None,
    freq: str = "D",
    freq_multiplier: float = 1,
    datetime_format: Optional[str] = None,
    monetary_value_col: Optional[str] = None,
    include_first_transaction: bool = False,
) -> pd.DataFrame:
    """lifetimes' function of this name, with its arguments and its column names:
    ``frequency_cal``, ``recency_cal``, ``T_cal`` (and ``monetary_value_cal``),
    ``frequency_holdout`` (and ``monetary_value_holdout``), ``duration_holdout``, indexed by
    ``customer_id_col``. The numbers are :func:`summary_from_transactions`' with
    ``calibration_period_end`` (which keeps the names frequency, recency, T, monetary_value for
    the calibration columns); ``datetime_format`` is its ``format``. The models read either
    naming: ``fit(frame)`` and the predictions take ``frequency_cal``, ``recency_cal`` and
    ``T_cal`` where ``frequency``, ``recency`` and ``T`` are absent.

    >>> import pandas as pd
    >>> log = pd.DataFrame({"id": [1, 1, 1, 2], "date": ["2015-01-01", "2015-01-08", "2015-02-01", "2015-01-03"]})
    >>> calibration_and_holdout_data(log, "id", "date", "2015-01-15", "2015-02-15").columns.tolist()
    ['frequency_cal', 'recency_cal', 'T_cal', 'frequency_holdout', 'duration_holdout']
    """
    frame = summary_from_transactions(
        _log_column(transactions, customer_id_col, "customer_id_col"),
        _log_column(transactions, datetime_col, "datetime_col"),
        None if monetary_value_col is None else _log_column(transactions, monetary_value_col, "monetary_value_col"),
        freq=freq, observation_period_end=observation_period_end, calibration_period_end=calibration_period_end,
        freq_multiplier=freq_multiplier, include_first_transaction=include_first_transaction, as_frame=True,
        format=datetime_format,
    )
    frame = frame[[c for c in CALIBRATION_COLUMNS if c in frame.columns]].rename(columns=CALIBRATION_COLUMNS)
    frame.index.name = customer_id_col
    return frame
