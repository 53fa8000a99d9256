"""Loyalty (顾客忠诚): the Dick & Basu (1994) matrix of relative attitude against repeat patronage,
the Jones & Sasser (1995) satisfaction–loyalty matrix, behavioural loyalty indicators over two
periods, and a weighted loyalty index over the seven measures of loyalty (忠诚度的衡量).

The two matrices classify each customer. Their results carry the classes as a uint8 numpy array
of codes in the input's order (one byte per customer) and the ``labels`` that name the codes:
``labels[classes[i]]`` is customer ``i``'s class. ``result.names()`` gives the names as a numpy
array of str and ``result.categorical()`` a ``pandas.Categorical`` (when pandas is installed).

Array arguments take numpy arrays of any real dtype, pandas or polars Series and lists, read as
the package docstring says (:mod:`custometrics`: contiguous float64 in place, other dtypes
converted once in Rust); the GIL is released around
the work. Every error is a :class:`custometrics.CustometricsError` (a ``ValueError``) with
``code``, ``field`` and ``index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, List, Optional, Tuple, TypeVar

import numpy as np
from numpy.typing import ArrayLike

from . import _native
from ._classes import Classified
from ._results import Result

__all__ = [
    "DickBasu", "DickBasuCells", "JonesSasser", "JonesSasserCells", "LoyaltyIndicators", "MeasureScore",
    "LoyaltyIndex", "dick_basu", "jones_sasser", "loyalty_indicators", "loyalty_index", "normalised_score",
    "DICK_BASU_CLASSES", "JONES_SASSER_CLASSES", "LOYALTY_MEASURES",
]

#: The Dick & Basu classes in the order of their codes 0–3.
DICK_BASU_CLASSES: Tuple[str, ...] = tuple(_native.DICK_BASU_CLASSES)
#: The Jones & Sasser classes in the order of their codes 0–5 (extremes first and last).
JONES_SASSER_CLASSES: Tuple[str, ...] = tuple(_native.JONES_SASSER_CLASSES)
#: The seven measures of loyalty, in the order :func:`loyalty_index` takes their scores.
LOYALTY_MEASURES: Tuple[str, ...] = tuple(_native.LOYALTY_MEASURES)

_JS = _native.JONES_SASSER_DEFAULTS
_QUADRANT = np.frombuffer(_native.JONES_SASSER_QUADRANT, dtype=np.uint8)  # code -> quadrant code
Scale = Tuple[float, float]
T = TypeVar("T")


@dataclass(frozen=True)
class DickBasuCells(Result, Generic[T]):
    """One number per cell of the Dick & Basu matrix."""

    loyal: T
    latent: T
    spurious: T
    no_loyalty: T


@dataclass(frozen=True)
class DickBasu(Result, Classified):
    """Customers classified by the Dick & Basu matrix: ``classes`` (uint8 codes into ``labels``:
    0 loyal, 1 latent, 2 spurious, 3 no_loyalty), customers per cell (``counts``) and their
    ``shares`` (summing to 1), the thresholds used and the number of customers ``n``."""

    classes: np.ndarray
    labels: Tuple[str, ...]
    counts: DickBasuCells[int]
    shares: DickBasuCells[float]
    attitude_threshold: float
    patronage_threshold: float
    n: int


@dataclass(frozen=True)
class JonesSasserCells(Result, Generic[T]):
    """Customers per class. ``loyalist`` counts apostles too and ``defector`` terrorists, so the
    four quadrants sum to n; ``apostle`` and ``terrorist`` count the extremes alone."""

    loyalist: T
    mercenary: T
    hostage: T
    defector: T
    apostle: T
    terrorist: T


@dataclass(frozen=True)
class JonesSasser(Result, Classified):
    """Customers placed in the satisfaction–loyalty matrix: ``classes`` (uint8 codes into
    ``labels``: 0 apostle, 1 loyalist, 2 mercenary, 3 hostage, 4 defector, 5 terrorist), counts
    and shares per class, and ``n``."""

    classes: np.ndarray
    labels: Tuple[str, ...]
    counts: JonesSasserCells[int]
    shares: JonesSasserCells[float]
    n: int

    def quadrants(self) -> np.ndarray:
        """Each customer's quadrant as a code into ``labels``, the extremes folded in (apostles are
        loyalists, terrorists defectors): uint8 codes 1–4."""
        quadrants: np.ndarray = _QUADRANT[self.classes]
        return quadrants


@dataclass(frozen=True)
class LoyaltyIndicators(Result):
    """Behavioural loyalty over a previous and a current period. Rates are over the customers
    active in the previous period (so growth = acquisition − churn); ``repeat_purchase_rate`` is
    over the customers active in either; ``mean_inter_purchase_time`` is ``None`` without purchase
    times or when nobody bought twice."""

    customers: int
    active_previous: int
    active_current: int
    retained: int
    churned: int
    acquired: int
    repeat_customers: int
    retention_rate: float
    churn_rate: float
    acquisition_rate: float
    growth_rate: float
    repeat_purchase_rate: float
    mean_inter_purchase_time: Optional[float]


@dataclass(frozen=True)
class MeasureScore(Result):
    """One measure's part in the index: its normalised ``score`` (0–1), its ``weight``
    (normalised to sum 1) and ``contribution`` = 100 × weight × score."""

    measure: str
    score: float
    weight: float
    contribution: float


@dataclass(frozen=True)
class LoyaltyIndex(Result):
    """The weighted loyalty index (0–100) and the seven measures in the order of
    :data:`LOYALTY_MEASURES`."""

    index: float
    measures: List[MeasureScore]


def dick_basu(
    attitude: ArrayLike,
    patronage: ArrayLike,
    attitude_threshold: Optional[float] = None,
    patronage_threshold: Optional[float] = None,
) -> DickBasu:
    """Classifies each customer by relative attitude and repeat patronage against thresholds —
    the given ones, or the sample medians (numpy's ``median``). A value at or above its threshold
    is high: high/high is loyal, high attitude only latent, high patronage only spurious.

    >>> d = dick_basu([9, 8, 3, 2, 7], [6, 1, 5, 0, 4])
    >>> d.classes.tolist(), d.names().tolist()[:2], d.shares.loyal
    ([0, 1, 2, 3, 0], ['loyal', 'latent'], 0.4)
    """
    return DickBasu._from(_native.dick_basu(attitude, patronage, attitude_threshold, patronage_threshold))


def jones_sasser(
    satisfaction: ArrayLike,
    loyalty: ArrayLike,
    satisfaction_scale: Scale = (_JS["satisfaction_scale"]["min"], _JS["satisfaction_scale"]["max"]),
    loyalty_scale: Scale = (_JS["loyalty_scale"]["min"], _JS["loyalty_scale"]["max"]),
    satisfaction_cut: float = _JS["satisfaction_cut"],
    loyalty_cut: float = _JS["loyalty_cut"],
    apostle_satisfaction: float = _JS["apostle_satisfaction"],
    apostle_loyalty: float = _JS["apostle_loyalty"],
    terrorist_satisfaction: float = _JS["terrorist_satisfaction"],
    terrorist_loyalty: float = _JS["terrorist_loyalty"],
) -> JonesSasser:
    """Places each customer by satisfaction and loyalty (repurchase or recommendation intent),
    each on its scale (default 1–5). A rating at or above its cut is high; a loyalist with both
    ratings at or above the apostle band is an apostle, a defector with both at or below the
    terrorist band a terrorist.

    >>> j = jones_sasser([5, 4, 4, 2, 1, 3], [5, 4, 2, 5, 1, 2])
    >>> j.names().tolist()
    ['apostle', 'loyalist', 'mercenary', 'hostage', 'terrorist', 'defector']
    >>> j.counts.loyalist, j.counts.apostle
    (2, 1)
    >>> j.quadrants().tolist()      # apostles are loyalists, terrorists defectors
    [1, 1, 2, 3, 4, 4]
    """
    return JonesSasser._from(
        _native.jones_sasser(
            satisfaction,
            loyalty,
            satisfaction_scale,
            loyalty_scale,
            satisfaction_cut,
            loyalty_cut,
            apostle_satisfaction,
            apostle_loyalty,
            terrorist_satisfaction,
            terrorist_loyalty,
        )
    )


def loyalty_indicators(
    previous: ArrayLike,
    current: ArrayLike,
    first_purchase: Optional[ArrayLike] = None,
    last_purchase: Optional[ArrayLike] = None,
) -> LoyaltyIndicators:
    """Indicators from each customer's number of purchases in the previous and the current
    period and, optionally, the times of the first and last purchase over both (any unit; ignored,
    and may be NaN, for customers without purchases).

    >>> k = loyalty_indicators([2, 1, 0, 3, 1], [1, 0, 2, 0, 1], [0, 10, 40, 5, 20], [60, 10, 50, 25, 50])
    >>> k.retained, k.churned, k.acquired, k.growth_rate, k.mean_inter_purchase_time
    (2, 2, 1, -0.25, 20.0)
    """
    return LoyaltyIndicators._from(_native.loyalty_indicators(previous, current, first_purchase, last_purchase))


def loyalty_index(scores: ArrayLike, weights: ArrayLike) -> LoyaltyIndex:
    """100 × the weighted mean of seven normalised scores (0 = least loyal, 1 = most), in the
    order of :data:`LOYALTY_MEASURES`; weights are relative (divided by their sum), 0 for a
    measure not surveyed. :func:`normalised_score` puts raw measures on the 0–1 scale.

    >>> round(loyalty_index([0.8, 0.5, 0.4, 0.6, 0.7, 0.5, 0.9], [2, 1, 1, 1, 1, 1, 3]).index, 12)
    70.0
    """
    return LoyaltyIndex._from(_native.loyalty_index(scores, weights))


def normalised_score(value: float, worst: float, best: float) -> float:
    """A raw measure on the 0–1 loyalty scale: 0 at ``worst``, 1 at ``best``, linear between and
    clipped beyond; ``best`` may lie below ``worst`` where less is more loyal (churn rate).

    >>> normalised_score(12, 0, 10)
    1.0
    """
    return _native.normalised_score(value, worst, best)
