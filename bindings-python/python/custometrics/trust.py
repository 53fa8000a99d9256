"""The trust equation (信任方程式) T = (C + R + I) / S of Maister, Green & Galford (2000):
credibility, reliability and intimacy over self-orientation, on a rating scale (default 1–10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np
from numpy.typing import ArrayLike

from . import _native
from ._results import Result

__all__ = ["trust_score", "trust_scores", "sensitivity", "trust_over_raters", "TrustSensitivity",
           "SampleSensitivity", "TrustAggregate", "COMPONENTS"]

#: The components, in the order of every per-component array.
COMPONENTS = ("credibility", "reliability", "intimacy", "self_orientation")

Scale = Tuple[float, float]


@dataclass(frozen=True)
class TrustSensitivity(Result):
    """How T responds to each component: partial derivatives, the gain from one point of
    improvement of each (C, R, I up, S down; order :data:`COMPONENTS`), the best lever."""

    score: float
    d_numerator: float
    d_self_orientation: float
    gains: np.ndarray
    best_lever: Optional[str]


@dataclass(frozen=True)
class SampleSensitivity(Result):
    mean_gains: np.ndarray
    best_lever_counts: np.ndarray
    best_lever: Optional[str]
    n: int

    _int_arrays = frozenset({"best_lever_counts"})


@dataclass(frozen=True)
class TrustAggregate(Result):
    """Both aggregates over raters, because they differ: the mean of individual T values and
    T of the mean ratings."""

    mean_of_scores: float
    score_of_means: float
    mean_ratings: np.ndarray
    sensitivity: SampleSensitivity
    n: int


def trust_score(
    credibility: float, reliability: float, intimacy: float, self_orientation: float, scale: Scale = (1.0, 10.0)
) -> float:
    """T = (C + R + I) / S for one rater.

    >>> trust_score(7, 8, 6, 3)
    7.0
    """
    return _native.trust_score(credibility, reliability, intimacy, self_orientation, scale)


def trust_scores(
    credibility: ArrayLike,
    reliability: ArrayLike,
    intimacy: ArrayLike,
    self_orientation: ArrayLike,
    scale: Scale = (1.0, 10.0),
    nan_policy: str = "raise",
) -> np.ndarray:
    """Element-wise T as a float64 array, in one pass with the GIL released. Under ``"omit"``
    or ``"propagate"`` a row with a NaN gets NaN and keeps its place."""
    return _native.trust_scores(credibility, reliability, intimacy, self_orientation, scale, nan_policy)


def sensitivity(
    credibility: float, reliability: float, intimacy: float, self_orientation: float, scale: Scale = (1.0, 10.0)
) -> TrustSensitivity:
    """Which component moves T most for one rater."""
    return TrustSensitivity._from(
        _native.trust_sensitivity(credibility, reliability, intimacy, self_orientation, scale)
    )


def trust_over_raters(
    credibility: ArrayLike,
    reliability: ArrayLike,
    intimacy: ArrayLike,
    self_orientation: ArrayLike,
    scale: Scale = (1.0, 10.0),
) -> TrustAggregate:
    """Mean of individual T and T of the mean ratings, with sample sensitivities."""
    return TrustAggregate._from(
        _native.trust_over_raters(credibility, reliability, intimacy, self_orientation, scale)
    )
