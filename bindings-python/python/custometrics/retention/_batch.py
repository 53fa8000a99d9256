"""Per-customer predictions over a batch: the ``errors="raise" | "coerce"`` option (pandas'
words), errors that name the customer's index label, and horizons given per customer.

The core computes a batch or refuses it at the first invalid customer, naming her position.
Here:

- ``errors="raise"`` (the default) re-raises that error, its message and ``label`` attribute
  naming the customer by the input's index label when the customers came as pandas Series or a
  DataFrame (``frequency[10243] (customer_id 10244) = ...``); ``index`` stays the position;
- ``errors="coerce"`` gives NaN for each customer the core refuses and the others' values, and
  warns once with a :class:`CoercedWarning` naming how many and the first one (its
  ``positions`` and ``labels`` attributes list them all).

Which customers are invalid is always the core's decision. The batch is first computed in one
call, as with ``errors="raise"``; when the core refuses a customer, a cheap numpy screen picks the
rows likely to be refused, each is confirmed by the core on its own (its value is kept when the core
accepts it), and the rest is computed in one call; a refusal the screen missed splits the batch
around it, so a customer is NaN only when the core refused her own history. Horizons given per
customer are grouped by value, one core call per distinct horizon.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

import numpy as np
from numpy.typing import NDArray

from .. import _native
from . import _data
from ._data import SeriesF

__all__ = ["CoercedWarning", "Errors", "check_errors", "evaluate", "relabel", "rft_suspect", "spend_suspect"]

#: What ``errors=`` takes.
Errors = str
_CHOICES = ("raise", "coerce")

F64 = NDArray[np.float64]
# call(columns, horizon) -> values: the native prediction on float64 columns of one length
Call = Callable[[List[F64], Any], F64]


class CoercedWarning(UserWarning):
    """Some customers were refused by the core and given NaN (``errors="coerce"``): ``count`` of
    them, at ``positions`` (rows of the input) with ``labels`` (the input's index labels, or the
    positions when it had none); ``first`` is the error the first one raised."""

    def __init__(self, message: str, positions: List[int], labels: List[Any], first: BaseException) -> None:
        super().__init__(message)
        self.count = len(positions)
        self.positions = positions
        self.labels = labels
        self.first = first


def check_errors(errors: str) -> None:
    """``errors`` is one of pandas' words we take, or an InvalidInputError naming it."""
    if errors not in _CHOICES:
        raise _native.invalid_input_error("errors", None, repr(errors), '"raise" or "coerce"')


def _label(index: Any, position: int) -> Tuple[bool, Any]:
    if index is None:
        return False, position
    label = index[position]
    return True, label.item() if isinstance(label, np.generic) else label


def relabel(e: BaseException, position: Optional[int] = None, index: Any = None) -> BaseException:
    """The core's error ``e`` (raised on a part of the batch) as the caller sees it: its index
    the ``position`` in the whole input, and the customer's index label in the message and in
    ``label`` when the input had an index. Other errors come back unchanged."""
    at: Optional[int] = getattr(e, "index", None)
    field = getattr(e, "field", None)
    pos = at if position is None else position
    if field is None or pos is None:
        return e
    has_label, label = _label(index, pos)
    old, msg = (field if at is None else f"{field}[{at}]"), str(e)
    where = f"{field}[{pos}]"
    if has_label:
        name = getattr(index, "name", None)
        where += f" ({name or 'index label'} {label!r})"
    if msg.startswith(old):
        rest = msg[len(old):]
        if at is not None and at != pos:  # the other columns of the same row: T[4] in "0..=T[4]"
            rest = re.sub(rf"\b(\w+)\[{at}\]", rf"\g<1>[{pos}]", rest)
        msg = where + rest
    elif pos == at and not has_label:
        return e
    else:
        msg = f"{where}: {msg}"
    new = type(e)(msg)
    for attr in ("code", "field"):
        setattr(new, attr, getattr(e, attr, None))
    setattr(new, "index", pos)
    setattr(new, "label", label if has_label else None)
    return new


def _coercible(e: BaseException) -> bool:
    """A refusal of one customer's values (not of an option or the model)."""
    return isinstance(e, _native.CustometricsError) and getattr(e, "index", None) is not None and getattr(
        e, "code", None
    ) != "length_mismatch"


def rft_suspect(f: F64, r: F64, t: F64) -> NDArray[np.bool_]:
    """Rows whose (frequency, recency, T) the core may refuse (the screen; the core decides)."""
    with np.errstate(invalid="ignore"):
        ok = (f >= 0) & (f == np.floor(f)) & (t > 0) & np.isfinite(t) & (r >= 0) & (r <= t) & ((f > 0) | (r == 0))
    flagged: NDArray[np.bool_] = ~ok
    return flagged


def spend_suspect(f: F64, m: F64) -> NDArray[np.bool_]:
    """Rows whose (frequency, monetary value) the Gamma-Gamma model may refuse."""
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(m) & ((f == 0) | (m > 0))
    flagged: NDArray[np.bool_] = ~ok
    return flagged


def _floats(names: Sequence[str], cols: Sequence[Any]) -> Optional[List[F64]]:
    """The columns as 1-D float64 arrays to take parts of, or None when one is not plainly
    numeric (then the core reads the whole input and says what is wrong)."""
    out = []
    for c in cols:
        to_numpy = getattr(c, "to_numpy", None)
        try:
            if to_numpy is not None and hasattr(c, "index"):  # pandas, nullable columns included
                a = np.asarray(to_numpy(dtype="float64", na_value=np.nan))
            else:
                a = np.asarray(c.to_numpy() if to_numpy is not None else c)
        except (TypeError, ValueError):
            return None
        if a.ndim != 1 or a.dtype.kind not in "biuf":
            return None
        out.append(np.ascontiguousarray(a, dtype=np.float64))
    if len({a.size for a in out}) > 1:
        return None
    return out


def evaluate(
    call: Call,
    names: Sequence[str],
    cols: Sequence[Any],
    horizon: Any,
    errors: str,
    index: Any,
    suspect: Optional[Callable[..., NDArray[np.bool_]]] = None,
    out: Optional[F64] = None,
    horizon_name: str = "t",
) -> F64:
    """The prediction of every customer in ``cols`` (named ``names``), at ``horizon`` (a number,
    None, or one per customer), with ``errors`` as the module says; ``index`` is the input's
    pandas index (or None) for messages and the warning."""
    check_errors(errors)
    arrays = _floats(names, cols)
    per_customer = horizon is not None and np.ndim(horizon) == 1
    if arrays is None:
        # not plain numbers: the core reads the input as it is and names the problem
        return call(list(cols), None if per_customer else horizon)
    n = arrays[0].size
    hs: Optional[F64] = None
    if per_customer:
        read = _floats([horizon_name], [horizon])
        hs = None if read is None else read[0]
        if hs is None or hs.size != n:
            got = "not numbers" if hs is None else f"{hs.size} horizons"
            raise _native.invalid_input_error(horizon_name, None, got, f"one number, or one horizon per customer ({n})")
    res = out if out is not None else np.empty(n, dtype=np.float64)
    if res.shape != (n,):
        raise _native.invalid_input_error("out", None, f"an array of shape {res.shape}", f"shape ({n},)")
    bad: List[int] = []
    first: List[BaseException] = []

    def solve(rows: NDArray[np.intp], h: Any) -> None:
        pending = [rows]
        while pending:
            cur = pending.pop()
            if cur.size == 0:
                continue
            try:
                res[cur] = call([a[cur] for a in arrays], h)
            except _native.CustometricsError as e:
                at = getattr(e, "index", None)
                if per_customer and at is None and getattr(e, "field", None) == horizon_name:
                    # this group's horizon is refused: every customer in it, named by the first
                    if errors == "raise":
                        raise relabel(e, int(cur[0]), index) from None
                    bad.extend(int(i) for i in cur)
                    if not first:
                        first.append(relabel(e, int(cur[0]), index))
                    continue
                if errors == "raise" or not _coercible(e) or at is None or at >= cur.size:
                    raise relabel(e, int(cur[at]) if at is not None and at < cur.size else None, index) from None
                bad.append(int(cur[at]))
                if not first:
                    first.append(relabel(e, int(cur[at]), index))
                pending += [cur[at + 1:], cur[:at]]

    def solve_screened(rows: NDArray[np.intp], h: Any) -> None:
        if errors == "coerce" and suspect is not None and rows.size > 1:
            flagged = suspect(*[a[rows] for a in arrays])
            for i in rows[flagged]:
                solve(np.asarray([i]), h)  # the core confirms each, alone
            rows = rows[~flagged]
        solve(rows, h)

    everyone = np.arange(n)
    if hs is None:
        solve_screened(everyone, horizon)
    else:
        values, groups = np.unique(hs, return_inverse=True)  # NaN horizons form one group
        order = np.argsort(groups, kind="stable")
        bounds = np.searchsorted(groups[order], np.arange(values.size + 1))
        for g, h in enumerate(values.tolist()):
            # a whole number as an int, for the functions that take a count of periods
            solve_screened(np.sort(order[bounds[g]:bounds[g + 1]]), int(h) if float(h).is_integer() else h)
    if bad:
        res[bad] = np.nan
        _warn(sorted(bad), index, first[0], n)
    return res


def _warn(bad: List[int], index: Any, first: BaseException, n: int) -> None:
    labels = [_label(index, p)[1] for p in bad]
    who = "customer" if len(bad) == 1 else "customers"
    message = (
        f"errors='coerce': {len(bad)} {who} of {n} refused and given NaN; the first: {first}"
    )
    warnings.warn(CoercedWarning(message, bad, labels, first), stacklevel=5)


def predict(
    fn: Callable[..., F64],
    lead: Sequence[Any],
    names: Sequence[str],
    cols: Sequence[Any],
    horizon: Any,
    errors: str,
    out: Optional[F64] = None,
    suspect: Optional[Callable[..., NDArray[np.bool_]]] = None,
    horizon_name: str = "t",
) -> Union[float, F64, SeriesF]:
    """A native prediction ``fn(*lead, [horizon], *customers, scalar, out)`` over customers given
    as numbers, arrays, Series or polars Series (read by :func:`_data.customers`), with a
    ``horizon`` that is a number, None (the function takes none), or one per customer; the
    result in the form the customers came in. The plain case — one horizon, ``errors="raise"`` —
    is the one native call as before, its error relabelled."""
    check_errors(errors)
    per_customer = horizon is not None and not _data._is_scalar(horizon)
    if per_customer:
        (*rows, hs), form = _data.customers([*cols, horizon], [*names, horizon_name])
    else:
        rows, form = _data.customers(cols, names)
        hs = horizon

    def args(h: Any) -> List[Any]:
        return [*lead] + ([] if h is None else [h])

    if not per_customer and (errors == "raise" or not form.scalar):
        # one call over everyone: the answer when nobody is refused, coerce or not
        try:
            return form.wrap(fn(*args(hs), *rows, form.scalar, out))
        except _native.CustometricsError as e:
            if errors == "raise" or not _coercible(e):
                raise relabel(e, None, form.index) from None
    res = evaluate(
        lambda c, h: fn(*args(h), *c, False, None), names, rows, hs, errors, form.index, suspect, out, horizon_name
    )
    return form.wrap(res)
