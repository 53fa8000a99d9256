"""Satisfaction (顾客满意): perception minus expectation, SERVQUAL, the five-gaps model, CSAT,
satisfaction rate, NPS, the customer satisfaction index, importance–performance analysis, the
complaint iceberg and survey sample sizes.

Array arguments take numpy arrays of any real dtype, pandas or polars Series and lists, read as
the package docstring says (:mod:`custometrics`: contiguous float64 in place, other dtypes
converted once in Rust). Every error is a
:class:`custometrics.CustometricsError` (a ``ValueError``) with ``code``, ``field`` and ``index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Literal, Mapping, Optional, Sequence, Tuple

import numpy as np
from numpy.typing import ArrayLike

from . import _native
from ._results import Result

NanPolicy = Literal["raise", "omit", "propagate"]
State = Literal["dissatisfied", "satisfied", "delighted"]

__all__ = [
    "Nps", "NpsDifference", "Share", "AttributeGap", "Disconfirmation", "ServqualScore", "Servqual",
    "ToleranceZone", "ZoneOfTolerance", "Gap", "FiveGaps", "Csi", "Ipa", "Iceberg", "SampleSize",
    "nps", "nps_from_counts", "nps_difference", "csat", "satisfaction_rate", "disconfirmation",
    "servqual", "zone_of_tolerance", "five_gaps", "csi", "ipa", "complaint_iceberg", "sample_size",
    "margin_of_error", "SERVQUAL_DIMENSIONS",
]

#: The 22-item SERVQUAL instrument (Parasuraman, Zeithaml & Berry 1988) as 0-based item columns.
SERVQUAL_DIMENSIONS: Mapping[str, Sequence[int]] = {
    "tangibles": range(0, 4),
    "reliability": range(4, 9),
    "responsiveness": range(9, 13),
    "assurance": range(13, 17),
    "empathy": range(17, 22),
}


@dataclass(frozen=True)
class Nps(Result):
    """A Net Promoter Score; ``score``, ``std_error`` and the interval are in NPS points."""

    score: float
    promoters: int
    passives: int
    detractors: int
    n: int
    std_error: float
    ci_low: float
    ci_high: float
    confidence: float


@dataclass(frozen=True)
class NpsDifference(Result):
    """``a.score − b.score`` with its standard error, z statistic, two-sided p-value, interval.
    ``z`` is None when both samples are unanimous and differ: the difference is certain (p = 0)."""

    a: Nps
    b: Nps
    difference: float
    std_error: float
    z: Optional[float]
    p_value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Share(Result):
    """A share of respondents: ``count / n`` as ``share`` (0–1) and ``percent``."""

    share: float
    percent: float
    count: int
    n: int


@dataclass(frozen=True)
class AttributeGap(Result):
    perception: float
    expectation: float
    gap: float
    state: State


@dataclass(frozen=True)
class Disconfirmation(Result):
    """Per-attribute P − E and the weighted overall gap."""

    attributes: List[AttributeGap]
    weights: np.ndarray
    overall_gap: float
    overall_state: State


@dataclass(frozen=True)
class ServqualScore(Result):
    dimension_gaps: np.ndarray
    unweighted: float
    weighted: Optional[float]


@dataclass(frozen=True)
class Servqual(Result):
    """SERVQUAL item and dimension gaps for the sample and each respondent."""

    dimensions: List[str]
    item_gaps: np.ndarray
    sample: ServqualScore
    respondents: List[ServqualScore]


@dataclass(frozen=True)
class ToleranceZone(Result):
    adequate: float
    desired: float
    perceived: float
    adequacy_gap: float
    superiority_gap: float
    width: float
    position: Literal["below", "within", "above"]


@dataclass(frozen=True)
class ZoneOfTolerance(Result):
    dimensions: List[str]
    items: List[ToleranceZone]
    by_dimension: List[ToleranceZone]


@dataclass(frozen=True)
class Gap(Result):
    number: int
    name: str
    reference_mean: float
    achieved_mean: float
    gap: float
    n: int


@dataclass(frozen=True)
class FiveGaps(Result):
    """Gaps 1–5 (``None`` where no data was given) and the one with the largest shortfall."""

    gaps: List[Optional[Gap]]
    largest_shortfall: Optional[int]


@dataclass(frozen=True)
class Csi(Result):
    """A customer satisfaction index (0–100) with its parts."""

    index: float
    attribute_means: np.ndarray
    attribute_indexes: np.ndarray
    weights: np.ndarray
    correlations: Optional[np.ndarray]


@dataclass(frozen=True)
class Ipa(Result):
    importance_cut: float
    performance_cut: float
    quadrants: List[Literal["concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill"]]


@dataclass(frozen=True)
class Iceberg(Result):
    dissatisfied: float
    formal: float
    voiced: float
    silent: float
    word_of_mouth_reach: float


@dataclass(frozen=True)
class SampleSize(Result):
    n: int
    n_infinite: float
    z: float


def _whole(i: object) -> int:
    """An item column: a whole number as given (1.5 or "1" is not one)."""
    v: int = int(i)  # type: ignore[call-overload]
    if v != i:
        raise ValueError(i)
    return v


def _groups(dimensions: Optional[Mapping[str, Sequence[int]]]) -> Optional[List[Tuple[str, List[int]]]]:
    if dimensions is None:
        return None
    if not isinstance(dimensions, Mapping):
        expected = "a mapping of dimension names to item columns"
        raise _native.invalid_input_error("dimensions", None, type(dimensions).__name__, expected)
    groups: List[Tuple[str, List[int]]] = []
    for name, items in dimensions.items():
        try:
            groups.append((str(name), [_whole(i) for i in items]))
        except (OverflowError, ValueError, TypeError):
            raise _native.invalid_input_error(
                f"dimensions[{name!r}]", None, repr(items)[:80], "a sequence of whole item columns"
            ) from None
    return groups


def nps(scores: ArrayLike, confidence: float = 0.95, nan_policy: NanPolicy = "raise") -> Nps:
    """Net Promoter Score of 0–10 answers (Reichheld 2003): % promoters (9–10) − % detractors
    (0–6), with its standard error and Wald confidence interval, all in points.

    >>> r = nps([10, 9, 8, 7, 6, 0, 10, 9])
    >>> r.score, r.promoters, r.detractors
    (25.0, 4, 2)
    """
    return Nps._from(_native.nps(scores, {"confidence": confidence, "nan_policy": nan_policy}))


def nps_from_counts(promoters: int, passives: int, detractors: int, confidence: float = 0.95) -> Nps:
    """NPS from counts already tallied."""
    return Nps._from(_native.nps_from_counts(promoters, passives, detractors, {"confidence": confidence}))


def nps_difference(
    scores_a: ArrayLike, scores_b: ArrayLike, confidence: float = 0.95, nan_policy: NanPolicy = "raise"
) -> NpsDifference:
    """Difference of two independent samples' NPS with a two-sided z-test."""
    return NpsDifference._from(
        _native.nps_difference(scores_a, scores_b, {"confidence": confidence, "nan_policy": nan_policy})
    )


def csat(responses: ArrayLike, scale_points: int = 5, top_k: int = 2, nan_policy: NanPolicy = "raise") -> Share:
    """CSAT: the share of answers in the top ``top_k`` boxes of a 1..``scale_points`` scale.

    >>> csat([5, 4, 3, 5, 1]).percent
    60.0
    """
    return Share._from(
        _native.csat(responses, {"scale_points": scale_points, "top_k": top_k, "nan_policy": nan_policy})
    )


def satisfaction_rate(ratings: ArrayLike, threshold: float, nan_policy: NanPolicy = "raise") -> Share:
    """Satisfaction rate (顾客满意率): the share of ratings at or above ``threshold``."""
    return Share._from(_native.satisfaction_rate(ratings, threshold, {"nan_policy": nan_policy}))


def disconfirmation(
    perception: ArrayLike, expectation: ArrayLike, weights: Optional[ArrayLike] = None, delight_margin: float = 1.0
) -> Disconfirmation:
    """Perception minus expectation per attribute (Oliver 1980); the overall gap is the weighted
    mean (equal weights by default). A gap below 0 is dissatisfied, at least ``delight_margin``
    delighted, otherwise satisfied."""
    return Disconfirmation._from(
        _native.disconfirmation(perception, expectation, {"weights": weights, "delight_margin": delight_margin})
    )


def servqual(
    expectations: ArrayLike,
    perceptions: ArrayLike,
    importance: Optional[ArrayLike] = None,
    dimensions: Optional[Mapping[str, Sequence[int]]] = None,
) -> Servqual:
    """SERVQUAL gaps from respondent × item matrices (rows = respondents).

    ``dimensions`` maps dimension names to 0-based item columns; by default the 22-item
    instrument (:data:`SERVQUAL_DIMENSIONS`). ``importance`` splits points over the dimensions,
    either once for everyone or as a respondents × dimensions matrix.
    """
    imp = None if importance is None else np.ravel(importance)
    return Servqual._from(
        _native.servqual(expectations, perceptions, {"importance": imp, "dimensions": _groups(dimensions)})
    )


def zone_of_tolerance(
    adequate: ArrayLike,
    desired: ArrayLike,
    perceived: ArrayLike,
    dimensions: Optional[Mapping[str, Sequence[int]]] = None,
) -> ZoneOfTolerance:
    """Zone of tolerance: adequacy gap P − A and superiority gap P − D per item and dimension."""
    return ZoneOfTolerance._from(_native.zone_of_tolerance(adequate, desired, perceived, _groups(dimensions)))


Pair = Tuple[ArrayLike, ArrayLike]


def five_gaps(
    knowledge: Optional[Pair] = None,
    standards: Optional[Pair] = None,
    delivery: Optional[Pair] = None,
    communication: Optional[Pair] = None,
    customer: Optional[Pair] = None,
) -> FiveGaps:
    """The five-gaps model (差距模型): each gap is mean(achieved − reference) over paired ratings
    ``(reference, achieved)``; gap 5 (``customer``) is (expectations, perceptions)."""
    return FiveGaps._from(_native.five_gaps([knowledge, standards, delivery, communication, customer]))


def csi(
    ratings: ArrayLike,
    scale: Tuple[float, float] = (1.0, 10.0),
    weights: Optional[ArrayLike] = None,
    overall: Optional[ArrayLike] = None,
) -> Csi:
    """Customer satisfaction index (顾客满意度指数), 0–100: attribute means rescaled from
    ``scale`` and weighted by stated ``weights``, or by importance derived from each attribute's
    correlation with ``overall`` ratings, or equally."""
    return Csi._from(_native.csi(ratings, {"scale": tuple(scale), "weights": weights, "overall": overall}))


def ipa(
    importance: ArrayLike,
    performance: ArrayLike,
    importance_cut: Optional[float] = None,
    performance_cut: Optional[float] = None,
) -> Ipa:
    """Importance–performance analysis (Martilla & James 1977); cuts default to the grand means."""
    return Ipa._from(
        _native.ipa(importance, performance, {"importance_cut": importance_cut, "performance_cut": performance_cut})
    )


def complaint_iceberg(
    formal_complaints: float,
    people_told: float,
    formal_share: float = 0.05,
    voiced_share: float = 0.35,
    silent_share: float = 0.60,
) -> Iceberg:
    """The complaint iceberg (投诉冰山): dissatisfied customers behind the formal complaints, by
    the course material's 5 % / 35 % / 60 % split, and word-of-mouth reach (``people_told`` per
    dissatisfied customer: the material quotes about 5, and about 25)."""
    shares: _native._IcebergOptions = {
        "formal_share": formal_share, "voiced_share": voiced_share, "silent_share": silent_share
    }
    return Iceberg._from(_native.complaint_iceberg(formal_complaints, people_told, shares))


def sample_size(
    margin: float, confidence: float = 0.95, proportion: float = 0.5, population: Optional[int] = None
) -> SampleSize:
    """Respondents needed for a margin of error (Cochran), with finite-population correction.

    >>> sample_size(0.05).n
    385
    """
    return SampleSize._from(
        _native.sample_size(margin, {"confidence": confidence, "proportion": proportion, "population": population})
    )


def margin_of_error(proportion: float, n: int, confidence: float = 0.95, population: Optional[int] = None) -> float:
    """Margin of error of a proportion measured on ``n`` answers."""
    return _native.margin_of_error(proportion, n, {"confidence": confidence, "population": population})
