"""The one table of ``freq`` codes: every retention function that takes a period or a time unit
(:func:`~custometrics.retention.summary_from_transactions`, :func:`calibration_and_holdout_data`,
:func:`expected_cumulative_transactions`, :func:`holdout_scorecard`,
:meth:`GammaGamma.customer_lifetime_value`, the tracking and history plots) reads its ``freq``
here, so a code means the same thing everywhere. The codes are pandas' offset aliases:

========  =====================  ================================================  ====================
code      also accepted          period                                            in CLV: units/month
========  =====================  ================================================  ====================
``"s"``                          a second                                          —
``"min"``                        a minute                                          —
``"h"``   ``"H"`` (lifetimes)    an hour                                           720
``"D"``   ``"d"``                a UTC day (the default)                           30
``"W"``   ``"w"``                a week from Monday 00:00 UTC (pandas' ``W-SUN``)  4.345
``"ME"``  ``"M"`` (lifetimes)    a month — CLV only: a summary needs periods of    1
                                 one length, and a month is not
========  =====================  ================================================  ====================

``"m"`` is refused rather than guessed: numpy reads it as minutes, lifetimes' CLV as months.
CLV's units per month are lifetimes' (a month of 30 days); seconds and minutes are not offered
there, as lifetimes does not. Anything else is an :class:`~custometrics.InvalidInputError`
(field ``freq``) listing the codes.
"""

from __future__ import annotations

from typing import Dict, Tuple

from .. import _native

__all__ = ["CODES", "canonical", "period", "clv_unit", "seconds"]

#: Each accepted spelling and its canonical code.
CODES: Dict[str, str] = {
    "s": "s", "min": "min", "h": "h", "H": "h", "D": "D", "d": "D", "W": "W", "w": "W", "ME": "ME", "M": "ME",
}
_EXPECTED = (
    'one of pandas\' offset aliases "s" (seconds), "min" (minutes), "h" (hours; also "H"), "D" (days), '
    '"W" (weeks from Monday), "ME" (months; also "M")'
)
# (length, origin) in seconds of each fixed-length period, as the core's Period::parse reads the
# code (core/src/retention/summary.rs); tests/test_freq.py checks the two agree.
_SECONDS: Dict[str, Tuple[int, int]] = {
    "s": (1, 0),
    "min": (60, 0),
    "h": (3_600, 0),
    "D": (86_400, 0),
    "W": (604_800, 345_600),  # from Monday 1970-01-05 00:00 UTC
}
# the core's CLV time units (TimeUnit::parse in core/src/retention/models/clv.rs)
_CLV = {"h": "H", "D": "D", "W": "W", "ME": "M"}


def canonical(freq: object) -> str:
    """The canonical code of ``freq``, or the error listing the codes."""
    code = CODES.get(freq) if isinstance(freq, str) else None
    if code is None:
        hint = ' ("m" is ambiguous: "min" for minutes, "ME" for months)' if freq == "m" else ""
        raise _native.invalid_input_error("freq", None, repr(freq), _EXPECTED + hint)
    return code


def period(freq: object) -> str:
    """The code of a fixed-length period (what a summary collapses purchases into), as the core
    reads it."""
    code = canonical(freq)
    if code not in _SECONDS:
        raise _native.invalid_input_error(
            "freq", None, repr(freq),
            'a period of fixed length: "s", "min", "h", "D" or "W" (a calendar month is not one; '
            'count months with "D" and freq_multiplier=30 if that is what is meant)',
        )
    return code


def seconds(freq: object) -> Tuple[int, int]:
    """(length, origin) in seconds of the fixed-length period ``freq``."""
    return _SECONDS[period(freq)]


def clv_unit(freq: object) -> str:
    """The core's CLV time unit for ``freq`` (the unit the transaction model was fitted in)."""
    code = canonical(freq)
    if code not in _CLV:
        raise _native.invalid_input_error(
            "freq", None, repr(freq),
            'the time unit the model was fitted in: "h", "D", "W" or "ME" (lifetimes\' units; '
            "seconds and minutes are not offered)",
        )
    return _CLV[code]
