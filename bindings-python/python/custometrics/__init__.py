"""custometrics: customer-relationship metrics from one exact, fast Rust core.

Modules: :mod:`custometrics.assessment`, :mod:`custometrics.satisfaction`, :mod:`custometrics.trust`, :mod:`custometrics.loyalty`,
:mod:`custometrics.retention`, :mod:`custometrics.tiers`.
Every error the library raises is a :class:`CustometricsError` (a ``ValueError``) with ``code``,
``field`` and ``index``.

**Array arguments** (one rule for every function, applied in the extension, never element by
element in Python):

- a C-contiguous float64 numpy array — or anything that is one without a copy: a numpy-backed
  pandas Series, a polars Float64 Series without nulls — is read in place, not copied;
- any other real dtype (int8 … uint64, float32, bool as 0/1) is converted to float64 once, in
  Rust over numpy's buffer on every core (one new float64 array of the same length); strided
  views, float16 and non-native byte orders through numpy's own ``astype``;
- pandas nullable columns (``Int64``, ``Float64``, ``boolean``) are read from their values and
  mask, ``pd.NA`` becoming NaN, so ``nan_policy`` decides; Arrow-backed pandas columns through
  ``to_numpy``; polars Series through ``to_numpy()`` (nulls become NaN);
- lists and tuples through ``numpy.asarray``; ``None`` and ``pd.NA`` in them are NaN;
- 2-D arguments (SERVQUAL, CSI) are read by shape, rows × columns, whatever their memory order:
  a Fortran-ordered array or a pandas DataFrame gives the same answer as a C-ordered array;
- strings, bytes, complex numbers, datetimes, timedeltas, other objects and arrays of the wrong
  dimension are an :class:`InvalidInputError` (code ``invalid``) whose ``field`` names the
  argument. Whole-number arguments (``scale_points``, counts) out of range are an
  :class:`OutOfRangeError` naming the argument.
"""

from . import assessment, loyalty, retention, satisfaction, tiers, trust
from ._native import (
    CustometricsError,
    DidNotConvergeError,
    DivergesError,
    DivisionByZeroError,
    EmptyInputError,
    InvalidInputError,
    LengthMismatchError,
    NotFiniteError,
    OutOfRangeError,
    __version__,
)

__all__ = [
    "assessment",
    "loyalty",
    "retention",
    "satisfaction",
    "tiers",
    "trust",
    "CustometricsError",
    "NotFiniteError",
    "OutOfRangeError",
    "EmptyInputError",
    "LengthMismatchError",
    "DivisionByZeroError",
    "InvalidInputError",
    "DivergesError",
    "DidNotConvergeError",
    "__version__",
]
