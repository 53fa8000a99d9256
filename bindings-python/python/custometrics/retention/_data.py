"""How the models read customer data: columns as arguments, or a pandas DataFrame summary in
their place, and one customer as plain numbers or many as arrays; and how they hand results
back in the form the customers came in (:class:`Form`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Sequence, Tuple, Union

import sys

import numpy as np
from numpy.typing import NDArray

from .. import _native

__all__ = ["columns", "customers", "scalar_or_array", "Form", "F64", "Frame", "Scalar", "SeriesF", "SeriesIn"]

#: What a prediction over many customers (or horizons, or counts) returns.
F64 = NDArray[np.float64]
if TYPE_CHECKING:
    import pandas as pd

    #: Customers as a pandas Series or a summary DataFrame: a prediction returns a Series.
    Frame = Union[pd.Series[Any], pd.DataFrame]
    SeriesIn = pd.Series[Any]
    #: What a prediction returns for pandas input: the values on the input's index.
    SeriesF = pd.Series[float]
else:
    Frame = SeriesIn = SeriesF = Any

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


class Form:
    """The form a prediction's result takes, read off the inputs: a float when every input was
    one number; a pandas Series with the inputs' index when any input was a pandas Series (a
    DataFrame's columns are), so results line up with the customers they belong to; a polars
    Series for polars input; otherwise the float64 array itself. ``scalar`` is what the
    extension is told (one customer: it raises where a batch would name an index)."""

    __slots__ = ("scalar", "_index", "_polars")

    def __init__(self, scalar: bool, index: Any = None, polars: bool = False) -> None:
        self.scalar, self._index, self._polars = scalar, index, polars

    @classmethod
    def of(cls, arrays: Sequence[Any], names: Sequence[str], scalar: bool) -> "Form":
        """The form for ``arrays`` (named ``names``). Series are read by position, so pandas
        Series whose indexes differ would pair one customer's frequency with another's
        recency: that is refused with an InvalidInputError naming the argument, as pandas'
        own arithmetic would have aligned them."""
        if scalar:
            return cls(True)
        pd, pl = sys.modules.get("pandas"), sys.modules.get("polars")
        index, first = None, ""
        for a, name in zip(arrays, names):
            if pd is not None and isinstance(a, pd.Series):
                if index is None:
                    index, first = a.index, name
                elif not a.index.equals(index):
                    raise _native.invalid_input_error(
                        name, None, "a Series whose index differs from " + first + "'s",
                        "Series with one index (align them first, e.g. with .reindex), or arrays",
                    )
        if index is not None:
            return cls(False, index=index)
        return cls(False, polars=pl is not None and any(isinstance(a, pl.Series) for a in arrays))

    @property
    def index(self) -> Any:
        """The pandas index of the customers (None when they came without one)."""
        return self._index

    def wrap(self, out: F64) -> Union[float, F64, SeriesF]:
        """``out`` in this form (a Series shares ``out``'s memory). The overloads type polars
        input as ``Any`` in, an array out: a polars Series has the array's methods a caller
        uses (``mean``, ``to_numpy``)."""
        if self.scalar:
            return float(out[0])
        if self._index is not None:
            import pandas as pd

            return pd.Series(out, index=self._index, copy=False)
        if self._polars:
            import polars as pl

            return pl.Series(values=out)  # type: ignore[return-value]
        return out


def customers(arrays: Sequence[Any], names: Sequence[str]) -> Tuple[List[Any], Form]:
    """(arrays, form): one customer given as numbers becomes one-element arrays with a scalar
    form (the caller returns a float); numbers mixed with arrays are repeated to the arrays'
    length (a common ``T`` for everyone); arrays pass unchanged. The extension reads every one
    through numpy's buffer (see ``custometrics`` for what is accepted)."""
    scalars = [_is_scalar(a) for a in arrays]
    form = Form.of(arrays, names, all(scalars))
    if all(scalars):
        return [np.atleast_1d(np.asarray(a)) for a in arrays], form
    if any(scalars):
        n = len(next(a for a, s in zip(arrays, scalars) if not s))
        return [np.full(n, np.asarray(a)) if s else a for a, s in zip(arrays, scalars)], form
    return list(arrays), form


def scalar_or_array(values: Any, name: str) -> Tuple[Any, Form]:
    """A number as a one-element array with a scalar form, an array-like as itself with the
    form it came in."""
    if _is_scalar(values):
        return np.atleast_1d(np.asarray(values)), Form(True)
    return values, Form.of([values], [name], False)
