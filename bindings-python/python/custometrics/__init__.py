"""custometrics: customer-relationship metrics from one exact, fast Rust core.

Modules: :mod:`custometrics.satisfaction`, :mod:`custometrics.trust`, :mod:`custometrics.loyalty`,
:mod:`custometrics.retention`, :mod:`custometrics.tiers`.
Every error the library raises is a :class:`CustometricsError` (a ``ValueError``) with ``code``,
``field`` and ``index``.
"""

from . import loyalty, retention, satisfaction, tiers, trust
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
