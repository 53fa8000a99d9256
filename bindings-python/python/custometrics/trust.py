"""The trust equation (信任方程式) T = (C + R + I) / S of Maister, Green & Galford (2000):
credibility, reliability and intimacy over self-orientation, on a rating scale (default 1–10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Literal, Optional, Tuple, overload

import numpy as np
from numpy.typing import ArrayLike

from . import _native
from ._results import Result
from .satisfaction import Mean, _by_segment, _segment_codes

__all__ = ["trust_score", "trust_scores", "sensitivity", "trust_over_raters", "trust_survey", "Mean",
           "TrustSensitivity", "SampleSensitivity", "TrustAggregate", "COMPONENTS"]

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
    return _native.trust_score(credibility, reliability, intimacy, self_orientation, {"scale": tuple(scale)})


def trust_scores(
    credibility: ArrayLike,
    reliability: ArrayLike,
    intimacy: ArrayLike,
    self_orientation: ArrayLike,
    scale: Scale = (1.0, 10.0),
    nan_policy: Literal["raise", "omit", "propagate"] = "raise",
) -> np.ndarray:
    """Element-wise T as a float64 array, in one pass with the GIL released. Under ``"omit"``
    or ``"propagate"`` a row with a NaN gets NaN and keeps its place."""
    return _native.trust_scores(
        credibility, reliability, intimacy, self_orientation, {"scale": tuple(scale), "nan_policy": nan_policy}
    )


def sensitivity(
    credibility: float, reliability: float, intimacy: float, self_orientation: float, scale: Scale = (1.0, 10.0)
) -> TrustSensitivity:
    """Which component moves T most for one rater."""
    return TrustSensitivity._from(
        _native.trust_sensitivity(credibility, reliability, intimacy, self_orientation, {"scale": tuple(scale)})
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
        _native.trust_over_raters(credibility, reliability, intimacy, self_orientation, {"scale": tuple(scale)})
    )


NanPolicy = Literal["raise", "omit", "propagate"]


@overload
def trust_survey(
    credibility: ArrayLike, reliability: ArrayLike, intimacy: ArrayLike, self_orientation: ArrayLike,
    scale: Scale = ..., confidence: float = ..., nan_policy: NanPolicy = ..., weights: Optional[ArrayLike] = ...,
    segments: None = ...,
) -> Mean: ...
@overload
def trust_survey(
    credibility: ArrayLike, reliability: ArrayLike, intimacy: ArrayLike, self_orientation: ArrayLike,
    scale: Scale = ..., confidence: float = ..., nan_policy: NanPolicy = ..., weights: Optional[ArrayLike] = ...,
    *, segments: Any,
) -> Any: ...
def trust_survey(
    credibility: ArrayLike,
    reliability: ArrayLike,
    intimacy: ArrayLike,
    self_orientation: ArrayLike,
    scale: Scale = (1.0, 10.0),
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """The mean trust score T = (C + R + I) / S over raters with its Student t interval (a
    :class:`Mean`), on T's range [3·min/max, 3·max/min]. ``weights`` are design weights
    (weighted mean, Kish's ``effective_n`` and its degrees of freedom, linearised standard
    error). With ``segments`` (integer codes, a pandas Categorical, or any labels, one per rater)
    the result is one row per segment plus a ``"total"`` row: a DataFrame indexed by segment (a
    dict of arrays without pandas), computed in one pass. NaN ratings follow ``nan_policy``.

    >>> m = trust_survey([7, 5, 6], [8, 5, 6], [6, 5, 6], [3, 3, 2])  # T = 7, 5, 9
    >>> m.mean, m.dof
    (7.0, 2.0)
    >>> trust_survey([7, 5, 6], [8, 5, 6], [6, 5, 6], [3, 3, 2], segments=["a", "a", "b"])["mean"].tolist()
    [6.0, 9.0, 7.0]
    """
    given: _native._TrustSurveyOptions = {"scale": tuple(scale), "confidence": confidence, "nan_policy": nan_policy}
    if segments is None:
        r = _native.trust_survey(credibility, reliability, intimacy, self_orientation, weights, None, None, given)
        return Mean._from(r["total"])
    codes, count, labels = _segment_codes(segments)
    r = _native.trust_survey(credibility, reliability, intimacy, self_orientation, weights, codes, count, given)
    return _by_segment(r, Mean, labels)
