"""Retention economics (客户保持的经济学): churn and retention, conversion between period
lengths, expected lifetime, customer lifetime value (Gupta & Lehmann 2003), customer equity
(Gupta, Lehmann & Stuart 2004), the profit impact of a retention change (Reichheld & Sasser
1990), acquisition versus retention spending and payback.

Money — margins, costs, values — is exact. Arguments take a :class:`decimal.Decimal`, an
``int``, a ``float`` (read at its shortest repr: ``0.1`` is exactly 0.1, as ``repr`` prints it) or
a decimal string; results are :class:`decimal.Decimal`. Rates (retention, discount, growth) are
floats. Only :func:`clv_many`, the batch kernel, works in float64 throughout.

Timing: by default a margin is received at the *end* of each period the customer survives
(Gupta & Lehmann: CLV = m r / (1 + d − r)); ``timing="start"`` counts the first margin at once
(CLV = m (1 + d) / (1 + d − r)). A CLV that diverges (retention >= 1 + discount, or margins
growing faster than they are lost and discounted) raises :class:`custometrics.DivergesError`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, List, Literal, Mapping, Optional, Sequence, Sized, Tuple, Union, cast

import numpy as np
from numpy.typing import ArrayLike

from .. import _arrays, _native
from .._results import Result

__all__ = [
    "Money", "Timing", "Clv", "Cohort", "CohortValue", "CustomerEquity", "RetentionImpact", "BreakEvenSpend",
    "Payback", "churn_from_retention", "retention_from_churn", "convert_retention", "convert_churn",
    "expected_lifetime", "clv_closed_form", "clv", "clv_many", "customer_equity", "retention_impact",
    "cost_ratio", "break_even_retention_spend", "payback",
]

#: An amount of money as an argument: exact as a Decimal, int or decimal string; a float is read
#: at its shortest repr.
Money = Union[Decimal, int, float, str]
#: When in each period the margin is received.
Timing = Literal["end", "start"]


@dataclass(frozen=True)
class Clv(Result):
    """A customer's lifetime value: ``gross`` present value of the margins, ``net`` of the
    acquisition cost, and ``margin_multiple`` = gross / margin (periods of margin the customer is
    worth)."""

    gross: Decimal
    acquisition_cost: Decimal
    net: Decimal
    margin_multiple: Decimal


@dataclass(frozen=True)
class Cohort:
    """A group of customers acquired together, as an argument of :func:`customer_equity`: today's
    base (``acquired_in=0``, no acquisition cost) or a future cohort acquired in period
    ``acquired_in``. A mapping with these keys (or a DataFrame row) does as well."""

    customers: int
    margin: Money
    retention: float
    acquisition_cost: Money = 0
    acquired_in: int = 0


@dataclass(frozen=True)
class CohortValue(Result):
    """One cohort's CLV per customer (gross and net) and its ``value`` today."""

    clv: Decimal
    net_clv: Decimal
    value: Decimal


@dataclass(frozen=True)
class CustomerEquity(Result):
    """The value today of a customer base and future cohorts, and of each cohort."""

    equity: Decimal
    customers: int
    cohorts: List[CohortValue]


@dataclass(frozen=True)
class RetentionImpact(Result):
    """CLV before and after a retention change; ``ratio`` and ``relative_change`` are ``None``
    when the CLV before is 0."""

    retention_before: float
    retention_after: float
    clv_before: Decimal
    clv_after: Decimal
    difference: Decimal
    ratio: Optional[float]
    relative_change: Optional[float]


@dataclass(frozen=True)
class BreakEvenSpend(Result):
    """The most a retention programme may cost per customer: ``per_period`` (paid when the
    margin is) or once now (``present_value`` = clv_after − clv_before)."""

    clv_before: Decimal
    clv_after: Decimal
    per_period: Decimal
    present_value: Decimal


@dataclass(frozen=True)
class Payback(Result):
    """``periods``: the first period after which the expected discounted margins cover the
    acquisition cost (``None`` if never, within the horizon); ``simple_periods``: cost / margin
    (no churn, no discounting; ``None`` for a margin that is not positive); ``clv``: the gross
    CLV."""

    periods: Optional[int]
    simple_periods: Optional[float]
    clv: Decimal


def _valuation(discount: float, growth: float, horizon: Optional[int], timing: Timing) -> _native._ClvOptions:
    """The valuation keywords as the core's ``ClvOptions``."""
    return {"discount": discount, "growth": growth, "horizon": horizon, "timing": timing}


def churn_from_retention(retention: float) -> float:
    """Churn = 1 − retention.

    >>> churn_from_retention(0.75)
    0.25
    """
    return _native.churn_from_retention(retention)


def retention_from_churn(churn: float) -> float:
    """Retention = 1 − churn."""
    return _native.retention_from_churn(churn)


def convert_retention(retention: float, from_length: float, to_length: float) -> float:
    """A retention rate over periods of ``from_length`` for periods of ``to_length`` (any common
    unit): r ** (to_length / from_length), a constant hazard within the longer period. Monthly to
    annual: ``convert_retention(r, 1, 12)``."""
    return _native.convert_retention(retention, from_length, to_length)


def convert_churn(churn: float, from_length: float, to_length: float) -> float:
    """A churn rate converted between period lengths: 1 − (1 − c) ** (to_length / from_length)."""
    return _native.convert_churn(churn, from_length, to_length)


def expected_lifetime(retention: float) -> float:
    """Expected lifetime in periods, 1 / (1 − r), counting the first period.

    >>> expected_lifetime(0.75)
    4.0
    """
    return _native.expected_lifetime(retention)


def clv_closed_form(margin: Money, retention: float, discount: float = 0.0, timing: Timing = "end") -> Decimal:
    """CLV in Gupta & Lehmann's closed form: m r / (1 + d − r) (``timing="end"``) or
    m (1 + d) / (1 + d − r) (``"start"``).

    >>> clv_closed_form(100, 0.9, 0.1)
    Decimal('450')
    """
    return Decimal(_native.clv_closed_form(margin, retention, {"discount": discount, "timing": timing}))


def clv(
    margin: Money,
    retention: float,
    acquisition_cost: Money = 0,
    discount: float = 0.0,
    growth: float = 0.0,
    horizon: Optional[int] = None,
    timing: Timing = "end",
) -> Clv:
    """CLV with discounting, margin growth (the t-th margin is m (1 + g) ** (t − 1)), a horizon
    of ``horizon`` periods (``None``: all of them) and an acquisition cost paid now.

    >>> v = clv(100, 0.9, acquisition_cost=120, discount=0.1)
    >>> v.gross, v.net
    (Decimal('450'), Decimal('330'))
    """
    return Clv._from(_native.clv(margin, retention, acquisition_cost, _valuation(discount, growth, horizon, timing)))


def clv_many(
    margins: ArrayLike,
    retention: ArrayLike,
    discount: float = 0.0,
    growth: float = 0.0,
    horizon: Optional[int] = None,
    timing: Timing = "end",
) -> np.ndarray:
    """Gross CLV of many customers in one float64 pass, the GIL released: the formula of
    :func:`clv`, per element of ``margins`` and ``retention`` (a scalar retention applies to
    every customer). Errors name the element: ``retention[i]``."""
    if _arrays.read("retention", retention).ndim == 0:
        retention = np.full(len(cast(Sized, margins)) if hasattr(margins, "__len__") else np.size(margins), np.asarray(retention))
    return _native.clv_many(margins, retention, _valuation(discount, growth, horizon, timing))


_COHORT_KEYS = tuple(f.name for f in fields(Cohort))


def _cohort(i: int, c: Any) -> Tuple[Any, ...]:
    if isinstance(c, Cohort):
        return (c.customers, c.margin, c.retention, c.acquisition_cost, c.acquired_in)
    if not isinstance(c, Mapping):
        raise _native.invalid_input_error(
            "cohorts", i, type(c).__name__, "a Cohort or a mapping with the keys " + ", ".join(_COHORT_KEYS)
        )
    unknown = [k for k in c if k not in _COHORT_KEYS]
    missing = [k for k in ("customers", "margin", "retention") if k not in c]
    if unknown or missing:
        raise _native.invalid_input_error(
            "cohorts", i, f"a mapping with keys {sorted(map(str, c))}", "the keys " + ", ".join(_COHORT_KEYS)
        )
    return (c["customers"], c["margin"], c["retention"], c.get("acquisition_cost", 0), c.get("acquired_in", 0))


def customer_equity(
    cohorts: Union[Sequence[Union[Cohort, Mapping[str, Any]]], Any],
    discount: float = 0.0,
    growth: float = 0.0,
    horizon: Optional[int] = None,
    timing: Timing = "end",
) -> CustomerEquity:
    """Customer equity: Σ over cohorts of customers · (CLV − acquisition cost) / (1 + d) ** acquired_in.

    ``cohorts`` are :class:`Cohort` objects, mappings with the same keys, or a pandas DataFrame
    with those columns. Errors name the cohort: ``retention[1]``.
    """
    if hasattr(cohorts, "to_dict") and hasattr(cohorts, "columns"):  # a DataFrame
        cohorts = cohorts.to_dict("records")
    rows = [_cohort(i, c) for i, c in enumerate(cohorts)]
    return CustomerEquity._from(_native.customer_equity(rows, _valuation(discount, growth, horizon, timing)))


def retention_impact(
    margin: Money,
    retention: float,
    change: float,
    discount: float = 0.0,
    growth: float = 0.0,
    horizon: Optional[int] = None,
    timing: Timing = "end",
) -> RetentionImpact:
    """What a retention change of ``change`` points (+5 points is ``0.05``) does to a customer's
    CLV — the Reichheld & Sasser (1990) question, answered for your margin and rates.

    >>> imp = retention_impact(100, 0.8, 0.05, discount=0.1)
    >>> imp.clv_after, round(imp.relative_change, 3)
    (Decimal('340'), 0.275)
    """
    return RetentionImpact._from(
        _native.retention_impact(margin, retention, change, _valuation(discount, growth, horizon, timing))
    )


def cost_ratio(acquisition_cost: Money, retention_cost: Money) -> float:
    """Acquisition cost over retention cost per customer (the course material quotes 5× to 10×)."""
    return _native.cost_ratio(acquisition_cost, retention_cost)


def break_even_retention_spend(
    margin: Money,
    retention: float,
    lift: float,
    discount: float = 0.0,
    growth: float = 0.0,
    horizon: Optional[int] = None,
    timing: Timing = "end",
) -> BreakEvenSpend:
    """How much a programme that raises retention by ``lift`` may cost per customer before it
    lowers CLV, per period and in present value."""
    return BreakEvenSpend._from(
        _native.break_even_retention_spend(margin, retention, lift, _valuation(discount, growth, horizon, timing))
    )


def payback(
    acquisition_cost: Money,
    margin: Money,
    retention: float,
    discount: float = 0.0,
    growth: float = 0.0,
    horizon: Optional[int] = None,
    timing: Timing = "end",
) -> Payback:
    """Periods until a new customer's expected discounted margins cover their acquisition cost
    (months, if the rates are monthly).

    >>> payback(300, 50, 0.95, discount=0.01).periods
    8
    """
    return Payback._from(_native.payback(acquisition_cost, margin, retention, _valuation(discount, growth, horizon, timing)))
