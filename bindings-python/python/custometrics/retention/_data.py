"""How the models read customer data: columns as arguments, or a pandas DataFrame summary in
their place, and one customer as plain numbers or many as arrays."""

from __future__ import annotations

from typing import Any, List, Sequence, Tuple, Union

import numpy as np
from numpy.typing import NDArray

__all__ = ["columns", "customers", "scalar_or_array", "result", "F64", "Scalar"]

#: What a prediction over many customers (or horizons, or counts) returns.
F64 = NDArray[np.float64]
#: One customer's value (or one horizon, or one count): a call with only these returns a float.
Scalar = Union[float, "np.number[Any]"]


def _is_frame(x: Any) -> bool:
    """A pandas (or polars) DataFrame: columns, and no single dtype as a Series or array has."""
    return hasattr(x, "columns") and hasattr(x, "__getitem__") and not hasattr(x, "dtype")


def columns(
    first: Any,
    rest: Sequence[Any],
    names: Sequence[Sequence[str]],
    weights: Any = None,
) -> Tuple[List[Any], Any]:
    """The arguments as given — or, when ``first`` is a DataFrame (a summary such as
    :func:`summary_from_transactions` returns) and the other columns are not given, its columns
    ``names`` (each a list of accepted spellings, the first preferred) and, unless given, its
    ``weights`` column if it has one.

    Columns are taken by ``frame["T"]``, never ``frame.T`` (the transpose)."""
    if not _is_frame(first) or any(r is not None for r in rest):
        if any(r is None for r in rest):
            missing = [n[0] for n, r in zip(names[1:], rest) if r is None]
            raise TypeError(f"missing column(s) {', '.join(missing)}: pass arrays, or a DataFrame with these columns alone")
        return [first, *rest], weights
    frame = first
    out = []
    for spellings in names:
        found = next((s for s in spellings if s in frame.columns), None)
        if found is None:
            raise KeyError(f"the DataFrame has no column {spellings[0]!r} (columns: {list(frame.columns)})")
        out.append(frame[found])
    if weights is None and "weights" in frame.columns:
        weights = frame["weights"]
    return out, weights


def _is_scalar(x: Any) -> bool:
    """One number (or a 0-d array), told apart without converting ``x``: arrays, Series and
    lists have a length; strings and bytes count as scalars, and are refused by the extension."""
    ndim = getattr(x, "ndim", None)
    if ndim is not None:
        return bool(ndim == 0)
    return isinstance(x, (str, bytes)) or not hasattr(x, "__len__")


def customers(arrays: Sequence[Any]) -> Tuple[List[Any], bool]:
    """(arrays, scalar): one customer given as numbers becomes one-element arrays with
    ``scalar`` True (the caller returns a float); numbers mixed with arrays are repeated to the
    arrays' length (a common ``T`` for everyone); arrays pass unchanged. The extension reads
    every one through numpy's buffer (see ``custometrics`` for what is accepted)."""
    scalars = [_is_scalar(a) for a in arrays]
    if all(scalars):
        return [np.atleast_1d(np.asarray(a)) for a in arrays], True
    if any(scalars):
        n = len(next(a for a, s in zip(arrays, scalars) if not s))
        return [np.full(n, np.asarray(a)) if s else a for a, s in zip(arrays, scalars)], False
    return list(arrays), False


def scalar_or_array(values: Any) -> Tuple[Any, bool]:
    """A number as a one-element array with True, an array-like as itself with False."""
    if _is_scalar(values):
        return np.atleast_1d(np.asarray(values)), True
    return values, False


def result(out: F64, scalar: bool) -> Union[float, F64]:
    """A float for a scalar call, else the array."""
    return float(out[0]) if scalar else out
