"""Satisfaction (顾客满意): perception minus expectation, SERVQUAL, the five-gaps model, CSAT,
satisfaction rate, NPS, the customer satisfaction index, importance–performance analysis, the
complaint iceberg and survey sample sizes.

Array arguments take numpy arrays of any real dtype, pandas or polars Series and lists, read as
the package docstring says (:mod:`custometrics`: contiguous float64 in place, other dtypes
converted once in Rust). Every error is a
:class:`custometrics.CustometricsError` (a ``ValueError``) with ``code``, ``field`` and ``index``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Set, Tuple, overload

import numpy as np
from numpy.typing import ArrayLike

from . import _native
from ._results import Result

NanPolicy = Literal["raise", "omit", "propagate"]
State = Literal["dissatisfied", "satisfied", "delighted"]
#: How an NPS interval is computed: ``"wald"`` (the default; clipped to ±100), ``"adjusted_wald"``
#: (Rocks 2016), ``"bootstrap"`` (seeded multinomial resamples), ``"bayes"`` (Dirichlet posterior).
NpsMethod = Literal["wald", "adjusted_wald", "bootstrap", "bayes"]
#: How a proportion's interval is computed: ``"wilson"`` (the default), ``"agresti_coull"``,
#: ``"clopper_pearson"``, ``"wald"``.
ProportionMethod = Literal["wilson", "agresti_coull", "clopper_pearson", "wald"]
#: How :func:`key_drivers` shares R² among the attributes: ``"relative_weights"`` (Johnson 2000,
#: the default) or ``"shapley"`` (the Shapley value of R², LMG).
DriverMethod = Literal["relative_weights", "shapley"]

__all__ = [
    "Nps", "NpsDifference", "Share", "AttributeGap", "Disconfirmation", "ServqualScore", "Servqual",
    "ToleranceZone", "ZoneOfTolerance", "Gap", "FiveGaps", "Csi", "CsiEstimate", "ServqualEstimate", "MeanDifference", "mean_difference", "MeanVersusRest", "mean", "mean_versus_rest", "MeanTrend", "mean_trend", "Ipa", "IpaEstimate", "DisconfirmationEstimate", "Iceberg", "SampleSize",
    "NpsMethod", "ProportionMethod", "Raked", "rake", "DriverMethod", "KeyDrivers", "key_drivers",
    "Mean", "VersusRest", "CategoryTest", "ProportionDifference", "NpsTrend", "nps_trend", "csat_difference", "satisfaction_rate_difference", "nps", "nps_from_counts", "nps_difference", "nps_versus_rest", "nps_chi_square", "csat", "satisfaction_rate", "disconfirmation",
    "servqual", "servqual_from_sums", "ServqualSample", "zone_of_tolerance", "five_gaps", "csi", "csi_from_sums", "ipa", "complaint_iceberg", "sample_size",
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
    """A Net Promoter Score; ``score``, ``std_error`` and the interval are in NPS points.
    ``effective_n`` is Kish's effective sample size when weighted (``n`` otherwise),
    ``prob_above`` P(NPS > threshold) for the ``"bayes"`` method, ``note`` why an interval is
    degenerate (zero width), when it is."""

    score: float
    promoters: int
    passives: int
    detractors: int
    n: int
    std_error: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str
    effective_n: float
    prob_above: Optional[float]
    note: Optional[str]


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
class VersusRest(Result):
    """One segment's NPS against the NPS of every other answer (points): the difference with
    its Wald standard error and interval, the two-sided z-test's ``p_value`` and ``p_holm``, that
    p-value adjusted for testing every segment (Holm 1979) — the one to compare with α."""

    score: float
    rest_score: float
    difference: float
    std_error: float
    p_value: float
    p_holm: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class ProportionDifference(Result):
    """``a.share − b.share`` of two independent samples (0–1 scale) with its standard error, the
    pooled two-proportion ``z`` and its two-sided ``p_value``, and Newcombe's (1998) interval of
    the difference (``ci_low``, ``ci_high``, inside [−1, 1]) built from the two shares' own
    intervals — with Wilson's, his method 10."""

    a: Share
    b: Share
    difference: float
    std_error: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class NpsTrend(Result):
    """The NPS over ordered periods and its linear trend: ``periods`` (each period's :class:`Nps`,
    None for a period without answers, in code order), the least-squares ``slope`` of the
    answers' values (+100, 0, −100) on the period, in points per period, its ``std_error``,
    Student's ``t`` with ``dof`` degrees of freedom (the answers − 2, or Kish's effective sample
    size − 2 when weighted; ``t`` is None when the answers lie exactly on a sloped line), the
    two-sided ``p_value`` and the interval ``ci_low``, ``ci_high``."""

    periods: List[Optional[Nps]]
    slope: float
    std_error: float
    t: Optional[float]
    dof: float
    p_value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Mean(Result):
    """A mean with its Student t interval, on the scale of the values: ``n`` answers,
    ``effective_n`` (Kish's, when weighted), ``std_error`` (s/√n, or the linearised one when
    weighted), ``dof`` = effective_n − 1, ``ci_low``/``ci_high`` clipped to the scale. A sample
    without spread (one answer, or all equal) gets a distribution-free interval instead of a
    zero-width one, and ``note`` says so."""

    mean: float
    n: int
    effective_n: float
    std_error: float
    dof: float
    ci_low: float
    ci_high: float
    confidence: float
    note: Optional[str]


@dataclass(frozen=True)
class CategoryTest(Result):
    """Pearson's chi-square test that promoters, passives and detractors are mixed alike in every
    segment: the ``statistic`` with ``dof`` degrees of freedom and its ``p_value``, Cramér's V
    (``cramers_v``, 0 to 1) as the size of the association, the ``n`` answers and ``segments``
    counted, and ``min_expected``, the smallest expected count (the test's approximation wants
    at least 5 in every cell; below that, merge segments)."""

    statistic: float
    dof: int
    p_value: float
    cramers_v: float
    n: int
    segments: int
    min_expected: float


@dataclass(frozen=True)
class Share(Result):
    """A share of respondents: ``count / n`` as ``share`` (0–1) and ``percent``, with its
    interval (``ci_low``, ``ci_high`` on the scale of ``share``)."""

    share: float
    percent: float
    count: int
    n: int
    std_error: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str
    effective_n: float
    note: Optional[str]


@dataclass(frozen=True)
class Raked(Result):
    """Raked design weights (one per answer, adding up to the margins' total) and the fit:
    sweeps done, whether every margin was met within the tolerance, the largest relative gap
    left, and Kish's effective sample size of the weights."""

    weights: np.ndarray
    iterations: int
    converged: bool
    max_gap: float
    effective_n: float


@dataclass(frozen=True)
class AttributeGap(Result):
    perception: float
    expectation: float
    gap: float
    state: State


@dataclass(frozen=True)
class Disconfirmation(Result):
    """Per-attribute P − E and the overall gap weighted by attribute ``importance``."""

    attributes: List[AttributeGap]
    importance: np.ndarray
    overall_gap: float
    overall_state: State


@dataclass(frozen=True)
class DisconfirmationEstimate(Result):
    """Disconfirmation of respondent ratings with Student t intervals: each attribute's mean gap
    P − E (``gaps``, one :class:`Mean` each) and its state, the mean importance-weighted gap
    (``overall_gap``) and its state, and the normalised ``importance`` used."""

    gaps: List[Mean]
    states: List[State]
    overall_gap: Mean
    overall_state: State
    importance: np.ndarray


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
class ServqualSample(Result):
    """SERVQUAL's sample figures from sums (:func:`servqual_from_sums`): no respondents' rows."""

    dimensions: List[str]
    item_gaps: np.ndarray
    sample: ServqualScore


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
    importance: np.ndarray
    correlations: Optional[np.ndarray]


@dataclass(frozen=True)
class KeyDrivers(Result):
    """What drives the overall rating: each attribute's share of the regression's ``r_squared``
    (``importance``, in the attributes' column order, summing to ``r_squared``), the shares over
    ``r_squared`` (``rescaled``, summing to 1), the respondents used ``n``, and with a bootstrap
    the percentile interval of each share (``ci_low``, ``ci_high``) and the resamples skipped
    because a driver was constant or collinear in them."""

    method: str
    importance: np.ndarray
    rescaled: np.ndarray
    r_squared: float
    n: int
    ci_low: Optional[np.ndarray]
    ci_high: Optional[np.ndarray]
    skipped_resamples: Optional[int]


@dataclass(frozen=True)
class MeanDifference(Result):
    """Two samples' means compared: each sample's :class:`Mean` (``a``, ``b``), the
    ``difference`` a − b, its ``std_error`` √(SE_a² + SE_b²), the Welch–Satterthwaite ``dof``
    (from each side's Kish effective n), Welch's two-sided ``p_value`` and the interval
    ``ci_low``, ``ci_high`` within ±(max − min) of the scale; ``note`` when neither sample has any
    spread (then distribution-free intervals combined)."""

    a: Mean
    b: Mean
    difference: float
    std_error: float
    dof: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence: float
    note: Optional[str]


@dataclass(frozen=True)
class MeanVersusRest(Result):
    """One segment's mean against the mean of every other answer: the segment's ``mean``, ``n``
    and ``effective_n``, the rest's (``rest_mean``, ``rest_n``, ``rest_effective_n``), the
    ``difference`` with its ``std_error``, Welch's ``dof``, ``p_value`` and interval (as
    :func:`mean_difference` gives them), and ``p_holm``, the p-value adjusted for testing every
    segment (Holm 1979) — the one to compare with α."""

    mean: float
    n: int
    effective_n: float
    rest_mean: float
    rest_n: int
    rest_effective_n: float
    difference: float
    std_error: float
    dof: float
    p_value: float
    p_holm: float
    ci_low: float
    ci_high: float
    confidence: float
    note: Optional[str]

    @classmethod
    def _from(cls, data: Mapping[str, Any]) -> "MeanVersusRest":
        t, a, b = data["test"], data["test"]["a"], data["test"]["b"]
        return cls(mean=a["mean"], n=a["n"], effective_n=a["effective_n"], rest_mean=b["mean"], rest_n=b["n"],
                   rest_effective_n=b["effective_n"], difference=t["difference"], std_error=t["std_error"],
                   dof=t["dof"], p_value=t["p_value"], p_holm=data["p_holm"], ci_low=t["ci_low"],
                   ci_high=t["ci_high"], confidence=t["confidence"], note=t["note"])


@dataclass(frozen=True)
class MeanTrend(Result):
    """A mean over ordered periods and its linear trend: ``periods`` (each period's :class:`Mean`,
    None for a period without answers, in code order), the least-squares ``slope`` of the answers
    on the period, in the scale's units per period, its ``std_error``, Student's ``t`` with
    ``dof`` degrees of freedom (None when the answers lie exactly on a sloped line), the
    two-sided ``p_value`` and the interval ``ci_low``, ``ci_high``."""

    periods: List[Optional[Mean]]
    slope: float
    std_error: float
    t: Optional[float]
    dof: float
    p_value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class ServqualEstimate(Result):
    """SERVQUAL gaps with Student t intervals: per dimension (``dimension_gaps``, one
    :class:`Mean` each, in ``dimensions`` order), the ``unweighted`` score and, with importance,
    the ``weighted`` one, each the mean over respondents of their own figure."""

    dimensions: List[str]
    dimension_gaps: List[Mean]
    unweighted: Mean
    weighted: Optional[Mean]


@dataclass(frozen=True)
class CsiEstimate(Result):
    """A customer satisfaction index with its Student t interval (``index``, a :class:`Mean` on
    0–100), each attribute's mean rating with its interval (``attributes``) and the
    ``importance`` weights used."""

    index: Mean
    attributes: List[Mean]
    importance: np.ndarray


@dataclass(frozen=True)
class Ipa(Result):
    importance_cut: float
    performance_cut: float
    quadrants: List[Literal["concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill"]]


@dataclass(frozen=True)
class IpaEstimate(Result):
    """Importance–performance analysis of respondent ratings: each attribute's mean
    ``performance`` (a :class:`Mean` each), its ``importance`` (the mean stated rating, whose
    intervals are ``importance_intervals``, or the share of R² derived from overall ratings, whose
    total is ``r_squared``), the cuts and the ``quadrants``."""

    performance: List[Mean]
    importance: np.ndarray
    importance_intervals: Optional[List[Mean]]
    r_squared: Optional[float]
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


def _segment_codes(segments: Any) -> Tuple[Any, Optional[int], Optional[List[Any]]]:
    try:
        return _codes_and_labels(segments)
    except (TypeError, ValueError):  # not an array of labels: the extension words the error
        return segments, None, None


def _codes_and_labels(segments: Any) -> Tuple[Any, Optional[int], Optional[List[Any]]]:
    """Codes, their count and labels of a segment argument: integer codes as they are (labels
    0..max), a pandas Categorical or categorical Series by its codes and categories, anything
    else (strings, a Series of labels) factorised with sorted labels. A missing label becomes
    code -1, which the core refuses naming its index."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        pd = None  # type: ignore[assignment]
    if pd is not None:
        cat: Any = segments if isinstance(segments, pd.Categorical) else None
        if isinstance(segments, pd.Series) and isinstance(segments.dtype, pd.CategoricalDtype):
            cat = segments.cat
        if cat is not None:
            return np.asarray(cat.codes), len(cat.categories), list(cat.categories)
    values = segments.to_numpy() if hasattr(segments, "to_numpy") else np.asarray(segments)
    if values.dtype.kind in "iuf":  # codes (whole floats too; others the core refuses by index)
        return values, None, None
    if pd is not None:
        codes, uniques = pd.factorize(values, sort=True)
        return codes, len(uniques), list(uniques)
    uniques, codes = np.unique(values, return_inverse=True)
    return codes, len(uniques), list(uniques)


_COUNTS = ("n", "count", "promoters", "passives", "detractors")


def _by_segment(result: Mapping[str, Any], cls: Any, labels: Optional[List[Any]]) -> Any:
    """One row per segment (NaN for a segment without answers) and a ``"total"`` row: a pandas
    DataFrame indexed by segment, or a dict of arrays (with ``"segment"``) without pandas."""
    rows = [None if r is None else cls._from(r).to_dict() for r in result["segments"]]
    has_total = "total" in result
    if has_total:
        total = cls._from(result["total"]).to_dict()
    else:  # the shape of a row, for the column names and kinds (a float where none is given)
        total = next((r for r in rows if r is not None), None) or {f.name: np.nan for f in fields(cls)}
    names = [k for k, v in total.items() if not isinstance(v, (dict, list))]
    labels = list(range(len(rows))) if labels is None else labels
    columns: Dict[str, List[Any]] = {k: [] for k in names}
    for row in rows + ([total] if has_total else []):
        for k in names:
            if row is not None:
                columns[k].append(row[k])
            elif k in _COUNTS:
                columns[k].append(0)
            else:
                columns[k].append(None if isinstance(total[k], str) or total[k] is None else np.nan)
    index = labels[: len(rows)] + (["total"] if has_total else [])
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return {"segment": index, **{k: np.asarray(v) for k, v in columns.items()}}
    # text columns (method, note) keep None as None, not NaN
    frame = pd.DataFrame(columns, index=pd.Index(index, name="segment", dtype=object))
    for k, v in columns.items():
        if isinstance(total[k], str) or total[k] is None:
            frame[k] = pd.Series(v, index=frame.index, dtype=object)
    return frame


@overload
def nps(
    scores: ArrayLike, confidence: float = ..., nan_policy: NanPolicy = ..., method: NpsMethod = ...,
    prior: float = ..., threshold: float = ..., resamples: int = ..., seed: int = ...,
    weights: Optional[ArrayLike] = ..., segments: None = ...,
) -> Nps: ...
@overload
def nps(
    scores: ArrayLike, confidence: float = ..., nan_policy: NanPolicy = ..., method: NpsMethod = ...,
    prior: float = ..., threshold: float = ..., resamples: int = ..., seed: int = ...,
    weights: Optional[ArrayLike] = ..., *, segments: Any,
) -> Any: ...
def nps(
    scores: ArrayLike,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    method: NpsMethod = "wald",
    prior: float = 1.0,
    threshold: float = 0.0,
    resamples: int = 10000,
    seed: int = 0,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """Net Promoter Score of 0–10 answers (Reichheld 2003): % promoters (9–10) − % detractors
    (0–6), with its standard error and interval, all in points, inside [−100, 100].

    ``method`` is the interval: ``"wald"`` (the default), ``"adjusted_wald"`` (Rocks 2016),
    ``"bootstrap"`` (``resamples`` seeded multinomial resamples) or ``"bayes"`` (the posterior
    Dirichlet(``prior`` + counts): a credible interval and ``prob_above`` = P(NPS > ``threshold``)).
    ``weights`` are design weights (weighted shares, Kish's ``effective_n``, linearised standard
    error; the bootstrap resamples ``round(effective_n)`` answers and the posterior counts are
    the weighted shares times ``effective_n``, so that the weights widen every method's interval
    by the same design effect). With ``segments`` (integer codes, a pandas Categorical, or any
    labels, one per answer) the result is one row per segment plus a ``"total"`` row: a
    DataFrame indexed by segment (a dict of arrays without pandas), computed in one pass.

    >>> r = nps([10, 9, 8, 7, 6, 0, 10, 9])
    >>> r.score, r.promoters, r.detractors
    (25.0, 4, 2)
    >>> nps([10, 0, 9, 7], segments=["a", "a", "b", "b"])["score"].tolist()
    [0.0, 50.0, 25.0]
    """
    given = {"confidence": confidence, "nan_policy": nan_policy, "method": method, "prior": prior,
             "threshold": threshold, "resamples": resamples, "seed": seed}
    if segments is None and weights is None:
        return Nps._from(_native.nps(scores, given))  # type: ignore[arg-type]
    if segments is None:
        return Nps._from(_native.nps_survey(scores, weights, None, None, given)["total"])  # type: ignore[arg-type]
    codes, count, labels = _segment_codes(segments)
    return _by_segment(_native.nps_survey(scores, weights, codes, count, given), Nps, labels)  # type: ignore[arg-type]


def nps_versus_rest(
    scores: ArrayLike,
    segments: Any,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
) -> Any:
    """Each segment's NPS against the NPS of every other answer, in one pass: one row per
    segment (segments as in :func:`nps`) with ``score``, ``rest_score``, ``difference`` (points),
    its Wald ``std_error`` and interval, the z-test's ``p_value`` and ``p_holm`` (Holm's
    adjustment over the segments tested). A DataFrame indexed by segment (a dict of arrays
    without pandas); NaN for a segment without answers, or without any answer outside it.
    ``weights`` are design weights, as in :func:`nps`.

    >>> t = nps_versus_rest([10, 10, 9, 10, 0, 1, 2, 8], segments=["east"] * 4 + ["west"] * 4)
    >>> float(t.loc["east", "difference"]), float(t.loc["west", "rest_score"])
    (175.0, 100.0)
    """
    codes, count, labels = _segment_codes(segments)
    given = {"confidence": confidence, "nan_policy": nan_policy}
    return _by_segment(_native.nps_versus_rest(scores, weights, codes, count, given), VersusRest, labels)  # type: ignore[arg-type]


def nps_chi_square(
    scores: ArrayLike,
    segments: Any,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
) -> CategoryTest:
    """Whether the mix of promoters, passives and detractors differs between segments (segments
    as in :func:`nps`): Pearson's chi-square test of the segments × categories table of counts.
    Segments without answers, and a category no segment has, are left out. Design ``weights``
    are refused (``invalid``): the test counts answers, and a weighted table needs a
    design-based correction (Rao–Scott) that is not implemented.

    >>> t = nps_chi_square([10] * 30 + [0] * 10 + [10] * 10 + [0] * 30, segments=["a"] * 40 + ["b"] * 40)
    >>> round(t.statistic, 9), t.dof, round(t.cramers_v, 9)
    (20.0, 1, 0.5)
    """
    codes, count, _ = _segment_codes(segments)
    given = {"nan_policy": nan_policy}
    return CategoryTest._from(_native.nps_chi_square(scores, weights, codes, count, given))  # type: ignore[arg-type]


def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    confidence: float = 0.95,
    method: NpsMethod = "wald",
    prior: float = 1.0,
    threshold: float = 0.0,
    resamples: int = 10000,
    seed: int = 0,
) -> Nps:
    """NPS from counts already tallied, with the interval ``method`` of :func:`nps`."""
    given = {"confidence": confidence, "method": method, "prior": prior, "threshold": threshold,
             "resamples": resamples, "seed": seed}
    return Nps._from(_native.nps_from_counts(promoters, passives, detractors, given))  # type: ignore[arg-type]


def nps_difference(
    scores_a: ArrayLike, scores_b: ArrayLike, confidence: float = 0.95, nan_policy: NanPolicy = "raise"
) -> NpsDifference:
    """Difference of two independent samples' NPS with a two-sided z-test."""
    return NpsDifference._from(
        _native.nps_difference(scores_a, scores_b, {"confidence": confidence, "nan_policy": nan_policy})
    )


@overload
def csat(
    responses: ArrayLike, scale_points: int = ..., top_k: int = ..., nan_policy: NanPolicy = ...,
    method: ProportionMethod = ..., confidence: float = ..., weights: Optional[ArrayLike] = ..., segments: None = ...,
) -> Share: ...
@overload
def csat(
    responses: ArrayLike, scale_points: int = ..., top_k: int = ..., nan_policy: NanPolicy = ...,
    method: ProportionMethod = ..., confidence: float = ..., weights: Optional[ArrayLike] = ..., *, segments: Any,
) -> Any: ...
def csat(
    responses: ArrayLike,
    scale_points: int = 5,
    top_k: int = 2,
    nan_policy: NanPolicy = "raise",
    method: ProportionMethod = "wilson",
    confidence: float = 0.95,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """CSAT: the share of answers in the top ``top_k`` boxes of a 1..``scale_points`` scale, with
    its interval (``method``: ``"wilson"`` by default, ``"agresti_coull"``, ``"clopper_pearson"``,
    ``"wald"``). ``weights`` and ``segments`` as in :func:`nps`.

    >>> csat([5, 4, 3, 5, 1]).percent
    60.0
    """
    given = {"scale_points": scale_points, "top_k": top_k, "nan_policy": nan_policy, "method": method,
             "confidence": confidence}
    if segments is None and weights is None:
        return Share._from(_native.csat(responses, given))  # type: ignore[arg-type]
    if segments is None:
        return Share._from(_native.csat_survey(responses, weights, None, None, given)["total"])  # type: ignore[arg-type]
    codes, count, labels = _segment_codes(segments)
    return _by_segment(_native.csat_survey(responses, weights, codes, count, given), Share, labels)  # type: ignore[arg-type]


def nps_trend(
    scores: ArrayLike,
    periods: Any,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
) -> NpsTrend:
    """Is the NPS rising or falling over time? ``periods`` gives each answer's period, in time
    order: integer codes (period k is code k, so a gap in the codes is a gap in time), or labels
    taken in their sorted order (a Categorical in its categories' order). The result has the NPS
    of every period and the least-squares slope of the answers' values on the period code, with
    its t-test and interval (:class:`NpsTrend`). With design ``weights`` the period scores are
    weighted and the line is weighted least squares whose standard error and ``dof`` take Kish's
    effective sample size for the count (weights of 1 give the unweighted trend); weights with an
    effective size of 2 or less are ``invalid``.

    >>> t = nps_trend([0, 0, 10, 0, 10, 10], periods=[0, 0, 1, 1, 2, 2])
    >>> round(t.slope, 9), [p.score for p in t.periods if p is not None]
    (100.0, [-100.0, 0.0, 100.0])
    """
    codes, count, _ = _segment_codes(periods)
    given = {"confidence": confidence, "nan_policy": nan_policy}
    return NpsTrend._from(_native.nps_trend(scores, weights, codes, count, given))  # type: ignore[arg-type]


def csat_difference(
    responses_a: ArrayLike,
    responses_b: ArrayLike,
    scale_points: int = 5,
    top_k: int = 2,
    nan_policy: NanPolicy = "raise",
    method: ProportionMethod = "wilson",
    confidence: float = 0.95,
) -> ProportionDifference:
    """Compares the CSAT of two independent samples (two segments, two periods): the difference
    of the shares with Newcombe's interval and the two-proportion z-test (see
    :class:`ProportionDifference`). Errors in the samples name ``responses_a`` or ``responses_b``.

    >>> d = csat_difference([5] * 56 + [1] * 14, [5] * 48 + [1] * 32)  # Newcombe (1998), example (a)
    >>> round(d.difference, 3), round(d.ci_low, 4), round(d.ci_high, 4)
    (0.2, 0.0524, 0.3339)
    """
    given = {"scale_points": scale_points, "top_k": top_k, "nan_policy": nan_policy, "method": method,
             "confidence": confidence}
    return ProportionDifference._from(_native.csat_difference(responses_a, responses_b, given))  # type: ignore[arg-type]


def satisfaction_rate_difference(
    ratings_a: ArrayLike,
    ratings_b: ArrayLike,
    threshold: float,
    nan_policy: NanPolicy = "raise",
    method: ProportionMethod = "wilson",
    confidence: float = 0.95,
) -> ProportionDifference:
    """Compares the satisfaction rate (share of ratings at or above ``threshold``) of two
    independent samples, as :func:`csat_difference` does CSAT. Errors name ``ratings_a`` or
    ``ratings_b``."""
    given = {"nan_policy": nan_policy, "method": method, "confidence": confidence}
    r = _native.satisfaction_rate_difference(ratings_a, ratings_b, threshold, given)  # type: ignore[arg-type]
    return ProportionDifference._from(r)


@overload
def satisfaction_rate(
    ratings: ArrayLike, threshold: float, nan_policy: NanPolicy = ..., method: ProportionMethod = ...,
    confidence: float = ..., weights: Optional[ArrayLike] = ..., segments: None = ...,
) -> Share: ...
@overload
def satisfaction_rate(
    ratings: ArrayLike, threshold: float, nan_policy: NanPolicy = ..., method: ProportionMethod = ...,
    confidence: float = ..., weights: Optional[ArrayLike] = ..., *, segments: Any,
) -> Any: ...
def satisfaction_rate(
    ratings: ArrayLike,
    threshold: float,
    nan_policy: NanPolicy = "raise",
    method: ProportionMethod = "wilson",
    confidence: float = 0.95,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """Satisfaction rate (顾客满意率): the share of ratings at or above ``threshold``, with its
    interval (``method`` as :func:`csat`); ``weights`` and ``segments`` as in :func:`nps`."""
    given = {"nan_policy": nan_policy, "method": method, "confidence": confidence}
    if segments is None and weights is None:
        return Share._from(_native.satisfaction_rate(ratings, threshold, given))  # type: ignore[arg-type]
    if segments is None:
        r = _native.satisfaction_rate_survey(ratings, threshold, weights, None, None, given)  # type: ignore[arg-type]
        return Share._from(r["total"])
    codes, count, labels = _segment_codes(segments)
    r = _native.satisfaction_rate_survey(ratings, threshold, weights, codes, count, given)  # type: ignore[arg-type]
    return _by_segment(r, Share, labels)


def rake(
    margins: Sequence[Tuple[Any, Any]],
    base: Optional[ArrayLike] = None,
    max_iterations: int = 100,
    tolerance: float = 1e-10,
) -> Raked:
    """Design weights by raking (iterative proportional fitting): ``margins`` is a sequence of
    ``(codes, targets)`` pairs, one per margin (region, age band …). ``codes`` gives each
    answer's category as :func:`nps`'s ``segments`` does (integer codes, a Categorical, labels);
    ``targets`` the population total of each category, as a sequence by code or a mapping from
    label to total. Every margin's totals must add up to the same sum; the weights add up to it.
    ``base`` are starting weights (1 by default). ``converged`` says whether every weighted total
    came within ``tolerance`` (relative) of its target in ``max_iterations`` sweeps.

    >>> r = rake([(["n", "n", "n", "s"], {"n": 60, "s": 40}), ([0, 1, 1, 0], [50, 50])])
    >>> r.converged, round(float(r.weights[:3].sum()), 6)
    (True, 60.0)
    """
    if not isinstance(margins, (list, tuple)):
        raise _native.invalid_input_error("margins", None, type(margins).__name__, "a sequence of (codes, targets) pairs")
    pairs = []
    for m, pair in enumerate(margins):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise _native.invalid_input_error(f"margins[{m}]", None, type(pair).__name__, "a (codes, targets) pair")
        codes, targets = pair
        c, _count, labels = _segment_codes(codes)
        if isinstance(targets, Mapping):
            keys = list(range(len(targets))) if labels is None else labels  # integer codes: keys are codes
            targets = [targets.get(label, math.nan) for label in keys]  # a missing label: refused by index
        pairs.append((c, targets))
    given = {"max_iterations": max_iterations, "tolerance": tolerance}
    return Raked._from(_native.rake(pairs, base, given))  # type: ignore[arg-type]


def _is_matrix(x: Any) -> bool:
    """Whether an argument is respondent rows (2-D) rather than one value per attribute."""
    ndim = getattr(x, "ndim", None)
    if ndim is None:
        try:
            ndim = np.ndim(x)
        except ValueError:  # ragged rows: the extension words the error
            return True
    return bool(ndim == 2)


def _needs_rows(field: str) -> None:
    raise _native.invalid_input_error(
        field, None, "given with one value per attribute",
        "respondent rows (2-D ratings) for design weights or segments; attribute weights are importance=",
    )


def disconfirmation(
    perception: ArrayLike,
    expectation: ArrayLike,
    importance: Optional[ArrayLike] = None,
    delight_margin: float = 1.0,
    scale: Tuple[float, float] = (1.0, 7.0),
    confidence: float = 0.95,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """Perception minus expectation per attribute (Oliver 1980); the overall gap is the mean
    weighted by attribute ``importance`` (equal by default). A gap below 0 is dissatisfied, at
    least ``delight_margin`` delighted, otherwise satisfied.

    One value per attribute gives a :class:`Disconfirmation`. Respondent × attribute matrices
    (rows = respondents, any memory order, DataFrames) on ``scale`` give a
    :class:`DisconfirmationEstimate`: each attribute's mean gap and the mean importance-weighted
    gap with Student t intervals at ``confidence`` inside ±(max − min), weighted by the design
    ``weights`` when given. With ``segments`` it is one row per segment plus a ``"total"`` row: a
    DataFrame indexed by segment with the overall gap's columns (``mean``, ``ci_low``,
    ``ci_high``, ``n`` …), ``overall_state`` and per attribute its gap and interval
    (``<attribute>``, ``<attribute>_ci_low``, ``<attribute>_ci_high``) and ``<attribute>_state``.

    >>> disconfirmation([4, 6, 5], [5, 5, 3], importance=[1, 1, 2]).overall_gap
    1.0
    >>> f = disconfirmation([[4, 6], [5, 6], [7, 3]], [[5, 5], [5, 6], [5, 5]], segments=["a", "a", "b"])
    >>> f["mean"].tolist(), f["attribute_0"].tolist()
    ([0.0, 0.0, 0.0], [-0.5, 2.0, 0.3333333333333333])
    """
    matrices = _is_matrix(perception), _is_matrix(expectation)
    if not all(matrices):  # one value per attribute (a matrix among them: the extension names it)
        for field, design in (("weights", weights), ("segments", segments)):
            if design is not None and not any(matrices):
                _needs_rows(field)
        given: _native._DisconfirmationOptions = {"importance": importance, "delight_margin": delight_margin}
        return Disconfirmation._from(_native.disconfirmation(perception, expectation, given))
    survey: _native._DisconfirmationSurveyOptions = {
        "importance": importance, "delight_margin": delight_margin, "scale": tuple(scale), "confidence": confidence,
    }
    if segments is None:
        r = _native.disconfirmation_survey(perception, expectation, weights, None, None, survey)
        return DisconfirmationEstimate._from(r["total"])
    codes, count, labels = _segment_codes(segments)
    r = _native.disconfirmation_survey(perception, expectation, weights, codes, count, survey)
    taken = set(r["total"]["overall_gap"]) | {"overall_state"}
    names = _attribute_names(perception, len(r["total"]["gaps"]), taken, ("", "_ci_low", "_ci_high", "_state"))

    def flat(e: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
        if e is None:
            return None
        row = dict(e["overall_gap"])
        row["overall_state"] = e["overall_state"]
        for name, g, st in zip(names, e["gaps"], e["states"]):
            row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = g["mean"], g["ci_low"], g["ci_high"]
            row[f"{name}_state"] = st
        return row

    rows = {"segments": [flat(e) for e in r["segments"]], "total": flat(r["total"])}
    return _by_segment(rows, _Row, labels)


@overload
def servqual(
    expectations: ArrayLike, perceptions: ArrayLike, importance: Optional[ArrayLike] = ...,
    dimensions: Optional[Mapping[str, Sequence[int]]] = ..., scale: Tuple[float, float] = ..., confidence: float = ...,
    weights: None = ..., segments: None = ...,
) -> Servqual: ...
@overload
def servqual(
    expectations: ArrayLike, perceptions: ArrayLike, importance: Optional[ArrayLike] = ...,
    dimensions: Optional[Mapping[str, Sequence[int]]] = ..., scale: Tuple[float, float] = ..., confidence: float = ...,
    *, weights: ArrayLike, segments: None = ...,
) -> ServqualEstimate: ...
@overload
def servqual(
    expectations: ArrayLike, perceptions: ArrayLike, importance: Optional[ArrayLike] = ...,
    dimensions: Optional[Mapping[str, Sequence[int]]] = ..., scale: Tuple[float, float] = ..., confidence: float = ...,
    weights: Optional[ArrayLike] = ..., *, segments: Any,
) -> Any: ...
def servqual(
    expectations: ArrayLike,
    perceptions: ArrayLike,
    importance: Optional[ArrayLike] = None,
    dimensions: Optional[Mapping[str, Sequence[int]]] = None,
    scale: Tuple[float, float] = (1.0, 7.0),
    confidence: float = 0.95,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """SERVQUAL gaps from respondent × item matrices (rows = respondents).

    ``dimensions`` maps dimension names to 0-based item columns; by default the 22-item
    instrument (:data:`SERVQUAL_DIMENSIONS`). ``importance`` splits points over the dimensions,
    either once for everyone or as a respondents × dimensions matrix.

    With design ``weights`` the result is a :class:`ServqualEstimate`: each dimension's gap, the
    unweighted and (with importance) weighted scores as means over respondents with Student t
    intervals inside ±(max − min) of ``scale`` (ratings off it are refused). With ``segments``
    it is one row per segment plus a ``"total"`` row: a DataFrame indexed by segment with the
    unweighted score's columns (``mean``, ``ci_low``, ``ci_high``, ``n`` …), each dimension's gap
    and interval (``<dimension>``, ``<dimension>_ci_low``, ``<dimension>_ci_high``) and, with
    importance, ``weighted``, ``weighted_ci_low``, ``weighted_ci_high``.

    >>> e, p = [[5, 5, 5], [6, 6, 6], [5, 6, 7]], [[4, 6, 7], [6, 6, 3], [5, 5, 7]]
    >>> f = servqual(e, p, dimensions={"a": [0, 1], "b": [2]}, segments=["x", "x", "y"])
    >>> f["mean"].tolist(), f["b"].tolist()
    ([-0.25, -0.25, -0.25], [-0.5, 0.0, -0.3333333333333333])
    """
    imp = _one_row(importance)
    if segments is None and weights is None:
        return Servqual._from(
            _native.servqual(expectations, perceptions, {"importance": imp, "dimensions": _groups(dimensions)})
        )
    given: _native._ServqualSurveyOptions = {"importance": imp, "dimensions": _groups(dimensions),
                                             "scale": tuple(scale), "confidence": confidence}
    if segments is None:
        r = _native.servqual_survey(expectations, perceptions, weights, None, None, given)
        return ServqualEstimate._from(r["total"])
    codes, count, labels = _segment_codes(segments)
    r = _native.servqual_survey(expectations, perceptions, weights, codes, count, given)

    def flat(e: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
        if e is None:
            return None
        row = dict(e["unweighted"])
        for name, g in zip(e["dimensions"], e["dimension_gaps"]):
            row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = g["mean"], g["ci_low"], g["ci_high"]
        if e["weighted"] is not None:
            w = e["weighted"]
            row["weighted"], row["weighted_ci_low"], row["weighted_ci_high"] = w["mean"], w["ci_low"], w["ci_high"]
        return row

    rows = {"segments": [flat(e) for e in r["segments"]], "total": flat(r["total"])}
    return _by_segment(rows, _Row, labels)


def servqual_from_sums(
    n: int,
    item_gap_sums: ArrayLike,
    importance: Optional[ArrayLike] = None,
    dimensions: Optional[Mapping[str, Sequence[int]]] = None,
) -> ServqualSample:
    """SERVQUAL's sample figures from sums that add across partitions of the respondents: ``n``
    respondents and, per item, the sum of P − E over them. The item gaps equal :func:`servqual`'s
    exactly when the sums are (integer ratings), the dimension and overall gaps to rounding.
    ``importance`` is one split over the dimensions."""
    return ServqualSample._from(
        _native.servqual_from_sums(n, item_gap_sums, {"importance": importance, "dimensions": _groups(dimensions)})
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


@overload
def csi(
    ratings: ArrayLike, scale: Tuple[float, float] = ..., importance: Optional[ArrayLike] = ...,
    overall: Optional[ArrayLike] = ..., confidence: float = ..., weights: None = ..., segments: None = ...,
) -> Csi: ...
@overload
def csi(
    ratings: ArrayLike, scale: Tuple[float, float] = ..., importance: Optional[ArrayLike] = ...,
    overall: Optional[ArrayLike] = ..., confidence: float = ..., *, weights: ArrayLike, segments: None = ...,
) -> CsiEstimate: ...
@overload
def csi(
    ratings: ArrayLike, scale: Tuple[float, float] = ..., importance: Optional[ArrayLike] = ...,
    overall: Optional[ArrayLike] = ..., confidence: float = ..., weights: Optional[ArrayLike] = ...,
    *, segments: Any,
) -> Any: ...
def csi(
    ratings: ArrayLike,
    scale: Tuple[float, float] = (1.0, 10.0),
    importance: Optional[ArrayLike] = None,
    overall: Optional[ArrayLike] = None,
    confidence: float = 0.95,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """Customer satisfaction index (顾客满意度指数), 0–100: attribute means rescaled from
    ``scale`` and weighted by stated ``importance`` (one weight per attribute), or by importance
    derived from each attribute's correlation with ``overall`` ratings, or equally.

    ``weights`` are survey design weights, one per respondent, as on every measure. With them
    the result is a :class:`CsiEstimate`: the index with its Student t interval at
    ``confidence`` (the mean of each respondent's own index, so Kish's effective n and the
    linearised variance apply) and each attribute's mean with its interval. With ``segments``
    (codes, a Categorical or labels, one per respondent) it is one row per segment plus a
    ``"total"`` row: a DataFrame indexed by segment (a dict of arrays without pandas) with the
    index's columns (``mean``, ``ci_low``, ``ci_high``, ``n`` …) and, per attribute its mean and
    interval under the DataFrame's column name (``quality``, ``quality_ci_low``,
    ``quality_ci_high``) or, for arrays or names that would clash, ``attribute_j``,
    ``attribute_j_ci_low`` and ``attribute_j_ci_high``. Derived importance is derived once from
    the whole sample and applied in every segment.

    >>> csi([[10, 6], [8, 4]], scale=(0, 10), importance=[3, 1]).index
    80.0
    >>> f = csi([[10, 6], [8, 4], [6, 6]], scale=(0, 10), importance=[3, 1], segments=["a", "a", "b"])
    >>> f["mean"].tolist(), f["attribute_1"].tolist()
    ([80.0, 60.0, 73.33333333333333], [5.0, 6.0, 5.333333333333333])
    """
    if segments is None and weights is None:
        return Csi._from(_native.csi(ratings, {"scale": tuple(scale), "importance": importance, "overall": overall}))
    given: _native._CsiSurveyOptions = {"scale": tuple(scale), "importance": importance, "overall": overall,
                                        "confidence": confidence}
    if segments is None:
        return CsiEstimate._from(_native.csi_survey(ratings, weights, None, None, given)["total"])
    codes, count, labels = _segment_codes(segments)
    r = _native.csi_survey(ratings, weights, codes, count, given)
    names = _attribute_names(ratings, len(r["total"]["attributes"]), set(r["total"]["index"]))

    def flat(e: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
        if e is None:
            return None
        row = dict(e["index"])
        for name, a in zip(names, e["attributes"]):
            row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = (a["mean"], a["ci_low"], a["ci_high"])
        return row

    rows = {"segments": [flat(e) for e in r["segments"]], "total": flat(r["total"])}
    return _by_segment(rows, _Row, labels)


def _one_row(x: Optional[ArrayLike]) -> Any:
    """One value per item, from a flat array or a one-row matrix; ragged rows go to the extension
    as given, whose error names the field and the index (numpy's ValueError would name neither)."""
    if x is None:
        return None
    try:
        return np.ravel(x)
    except ValueError:
        return x


def _attribute_names(
    ratings: Any, m: int, taken: Set[str], suffixes: Tuple[str, ...] = ("", "_ci_low", "_ci_high")
) -> List[str]:
    """A DataFrame's column names for the attribute columns of a by-segment table (each name with
    each of ``suffixes``), unless one would clash with the table's own columns or another's
    (then ``attribute_j`` for all)."""
    names = [str(c) for c in getattr(ratings, "columns", [])]
    columns = {n + suffix for n in names for suffix in suffixes}
    if len(names) == m and len(columns) == len(suffixes) * m and not columns & taken:
        return names
    return [f"attribute_{j}" for j in range(m)]


class _Row:
    """A row that is already a dict (``_by_segment``'s ``cls`` for the flattened CSI rows)."""

    @staticmethod
    def _from(row: Mapping[str, Any]) -> "_Dict":
        return _Dict(row)


class _Dict(dict):  # type: ignore[type-arg]
    def to_dict(self) -> Dict[str, Any]:
        return dict(self)


def mean_difference(
    a: ArrayLike,
    b: ArrayLike,
    scale: Tuple[float, float],
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights_a: Optional[ArrayLike] = None,
    weights_b: Optional[ArrayLike] = None,
) -> MeanDifference:
    """Has a mean changed between two samples (two waves, two segments)? The answers of each on
    ``scale`` = (min, max) — trust scores, each respondent's CSI, gaps — with their own design
    weights; Welch's t-test of a − b with degrees of freedom from Kish's effective sizes, and the
    interval of the difference (:class:`MeanDifference`).

    >>> d = mean_difference([4, 5, 3, 4], [2, 3, 2, 1], scale=(1, 5))
    >>> d.difference, d.dof, d.p_value < 0.05
    (2.0, 6.0, True)
    """
    given: _native._MeanOptions = {"confidence": confidence, "nan_policy": nan_policy}
    return MeanDifference._from(_native.mean_difference(a, b, scale, weights_a, weights_b, given))


@overload
def mean(
    values: ArrayLike, scale: Tuple[float, float], confidence: float = ..., nan_policy: NanPolicy = ...,
    weights: Optional[ArrayLike] = ..., segments: None = ...,
) -> Mean: ...
@overload
def mean(
    values: ArrayLike, scale: Tuple[float, float], confidence: float = ..., nan_policy: NanPolicy = ...,
    weights: Optional[ArrayLike] = ..., *, segments: Any,
) -> Any: ...
def mean(
    values: ArrayLike,
    scale: Tuple[float, float],
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """The mean of answers on ``scale`` = (min, max) — a rating, each respondent's CSI or gap —
    with its Student t interval inside the scale (a :class:`Mean`). ``weights`` are design
    weights (weighted mean, Kish's ``effective_n``, linearised standard error). With ``segments``
    (integer codes, a pandas Categorical, or any labels, one per answer) the result is one row per
    segment plus a ``"total"`` row: a DataFrame indexed by segment (a dict of arrays without
    pandas), computed in one pass. A sample without spread gets a distribution-free interval and
    a ``note``.

    >>> m = mean([4, 5, 3, 4], scale=(1, 5))
    >>> m.mean, m.dof
    (4.0, 3.0)
    >>> mean([4, 5, 3, 4], scale=(1, 5), segments=["a", "a", "b", "b"])["mean"].tolist()
    [4.5, 3.5, 4.0]
    """
    given: _native._MeanOptions = {"confidence": confidence, "nan_policy": nan_policy}
    if segments is None:
        return Mean._from(_native.mean_survey(values, scale, weights, None, None, given)["total"])
    codes, count, labels = _segment_codes(segments)
    return _by_segment(_native.mean_survey(values, scale, weights, codes, count, given), Mean, labels)


def mean_trend(
    values: ArrayLike,
    scale: Tuple[float, float],
    periods: Any,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
) -> MeanTrend:
    """Is a mean rising or falling over time? Answers on ``scale`` = (min, max) with each answer's
    period, in time order (as in :func:`nps_trend`: integer codes, or labels in their sorted
    order, a Categorical in its categories' order). The result has the mean of every period and
    the least-squares slope of the answers on the period code, in the scale's units per period,
    with its t-test and interval (:class:`MeanTrend`). Design ``weights`` weight the means and
    the line, as in :func:`nps_trend`.

    >>> t = mean_trend([3, 4, 4, 5, 5, 6], scale=(1, 7), periods=[0, 0, 1, 1, 2, 2])
    >>> t.slope, [p.mean for p in t.periods if p is not None]
    (1.0, [3.5, 4.5, 5.5])
    """
    codes, count, _ = _segment_codes(periods)
    given: _native._MeanOptions = {"confidence": confidence, "nan_policy": nan_policy}
    return MeanTrend._from(_native.mean_trend(values, scale, weights, codes, count, given))


def mean_versus_rest(
    values: ArrayLike,
    scale: Tuple[float, float],
    segments: Any,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
    weights: Optional[ArrayLike] = None,
) -> Any:
    """Each segment's mean against the mean of every other answer, in one pass (segments and
    ``weights`` as in :func:`mean`): one :class:`MeanVersusRest` row per segment — the two
    means, Welch's test and interval of the difference, and ``p_holm``, Holm's adjustment over
    the segments tested. A DataFrame indexed by segment (a dict of arrays without pandas); NaN
    for a segment without answers, or without any answer outside it.

    >>> t = mean_versus_rest([5, 4, 5, 4, 2, 1, 3, 2], scale=(1, 5), segments=["east"] * 4 + ["west"] * 4)
    >>> float(t.loc["east", "difference"]), float(t.loc["west", "rest_mean"])
    (2.5, 4.5)
    """
    codes, count, labels = _segment_codes(segments)
    given: _native._MeanOptions = {"confidence": confidence, "nan_policy": nan_policy}
    result = _native.mean_versus_rest(values, scale, weights, codes, count, given)
    return _by_segment(result, MeanVersusRest, labels)


def csi_from_sums(
    n: int,
    sum: ArrayLike,
    scale: Tuple[float, float] = (1.0, 10.0),
    importance: Optional[ArrayLike] = None,
    sum_squares: Optional[ArrayLike] = None,
    overall_sum: Optional[float] = None,
    overall_sum_squares: Optional[float] = None,
    cross: Optional[ArrayLike] = None,
) -> Csi:
    """:func:`csi` from sums that add across partitions of the respondents (what an engine's
    group-by gives): ``n`` respondents, ``sum`` of each attribute's ratings, and for importance
    derived from an overall rating y also each attribute's ``sum_squares`` (Σx²), ``cross``
    (Σxy), ``overall_sum`` (Σy) and ``overall_sum_squares`` (Σy²). Integer ratings give
    :func:`csi`'s means exactly, the correlations to rounding."""
    given: _native._CsiSumsOptions = {
        "scale": tuple(scale), "importance": importance, "sum_squares": sum_squares, "overall_sum": overall_sum,
        "overall_sum_squares": overall_sum_squares, "cross": cross,
    }
    return Csi._from(_native.csi_from_sums(n, sum, given))


def key_drivers(
    overall: ArrayLike,
    attributes: Any,
    method: DriverMethod = "relative_weights",
    resamples: Optional[int] = None,
    confidence: float = 0.95,
    seed: int = 0,
    nan_policy: NanPolicy = "raise",
) -> KeyDrivers:
    """Key drivers (关键驱动因素): how much of the variance of the ``overall`` rating each of the
    2 to 15 ``attributes`` (respondents × attributes: a 2-D array in either memory order, a
    DataFrame, nested lists) explains, as shares of the R² of the least-squares regression of
    ``overall`` on them. ``method="relative_weights"`` is Johnson's (2000) relative weights,
    ``"shapley"`` the Shapley value of R² over all subsets of attributes (LMG; Grömping 2006).
    ``resamples`` (100 to 1,000,000) asks for seeded percentile bootstrap intervals at
    ``confidence``. ``nan_policy="omit"`` drops respondents with a missing value. A constant
    attribute or one that is a linear combination of the others is an error naming its column.

    >>> k = key_drivers([1, 2, 3, 5, 4], [[1, 2], [2, 1], [3, 4], [4, 3], [5, 5]], method="shapley")
    >>> round(float(k.importance.sum()), 12) == round(k.r_squared, 12)
    True
    """
    given: _native._KeyDriversOptions = {
        "method": method, "resamples": resamples, "confidence": confidence, "seed": seed, "nan_policy": nan_policy
    }
    return KeyDrivers._from(_native.key_drivers(overall, attributes, given))


def ipa(
    importance: Optional[ArrayLike],
    performance: ArrayLike,
    importance_cut: Optional[float] = None,
    performance_cut: Optional[float] = None,
    *,
    overall: Optional[ArrayLike] = None,
    method: DriverMethod = "relative_weights",
    scale: Tuple[float, float] = (1.0, 7.0),
    confidence: float = 0.95,
    weights: Optional[ArrayLike] = None,
    segments: Optional[Any] = None,
) -> Any:
    """Importance–performance analysis (Martilla & James 1977); cuts default to the grand means,
    and a value equal to its cut counts as high.

    One importance and one performance value per attribute give an :class:`Ipa`. A respondent ×
    attribute ``performance`` matrix (rows = respondents, any memory order, DataFrames) on
    ``scale`` gives an :class:`IpaEstimate`, each attribute's mean performance with its Student t
    interval at ``confidence``, weighted by the design ``weights`` when given. Its importance is
    either stated, ``importance`` a matrix of the same shape on the same scale (averaged as
    performance is), or derived (``importance=None``) from ``overall`` satisfaction ratings, one
    per respondent: each attribute's share of R² by :func:`key_drivers` with ``method``, derived
    once from the whole sample and applied in every segment. With ``segments`` it is one row per
    segment plus a ``"total"`` row: a DataFrame indexed by segment with ``n``, ``effective_n``,
    the cuts, ``r_squared`` and per attribute ``<attribute>_performance`` (and its ``_ci_low``,
    ``_ci_high``), ``<attribute>_importance`` (stated: and its ``_ci_low``, ``_ci_high``) and
    ``<attribute>_quadrant``.

    >>> ipa([9, 9, 3, 3], [2, 8, 2, 8]).quadrants[0]
    'concentrate_here'
    >>> f = ipa([[7, 3], [6, 2], [4, 4]], [[2, 6], [3, 7], [5, 5]], segments=["a", "a", "b"])
    >>> f["attribute_0_quadrant"].tolist()
    ['concentrate_here', 'keep_up_the_good_work', 'concentrate_here']
    """
    matrices = _is_matrix(performance), importance is None or _is_matrix(importance)
    if not all(matrices):  # one value per attribute (a matrix among them: the extension names it)
        for field, given in (("weights", weights), ("segments", segments), ("overall", overall)):
            if given is not None and not matrices[0]:
                _needs_rows(field)
        if importance is None:
            raise _native.invalid_input_error("importance", None, "None", "one importance value per attribute")
        cuts: _native._IpaOptions = {"importance_cut": importance_cut, "performance_cut": performance_cut}
        return Ipa._from(_native.ipa(importance, performance, cuts))
    survey: _native._IpaSurveyOptions = {
        "importance_cut": importance_cut, "performance_cut": performance_cut, "scale": tuple(scale),
        "confidence": confidence, "overall": overall, "method": method,
    }
    if segments is None:
        return IpaEstimate._from(_native.ipa_survey(performance, importance, weights, None, None, survey)["total"])
    codes, count, labels = _segment_codes(segments)
    r = _native.ipa_survey(performance, importance, weights, codes, count, survey)
    taken = {"n", "effective_n", "importance_cut", "performance_cut", "r_squared"}
    suffixes = ("_performance", "_performance_ci_low", "_performance_ci_high", "_importance", "_importance_ci_low",
                "_importance_ci_high", "_quadrant")
    names = _attribute_names(performance, len(r["total"]["performance"]), taken, suffixes)

    def flat(e: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
        if e is None:
            return None
        first = e["performance"][0]
        row: Dict[str, Any] = {"n": first["n"], "effective_n": first["effective_n"],
                               "importance_cut": e["importance_cut"], "performance_cut": e["performance_cut"],
                               "r_squared": math.nan if e["r_squared"] is None else e["r_squared"]}
        for name, p, i, q in zip(names, e["performance"], e["importance"], e["quadrants"]):
            row[f"{name}_performance"] = p["mean"]
            row[f"{name}_performance_ci_low"], row[f"{name}_performance_ci_high"] = p["ci_low"], p["ci_high"]
            row[f"{name}_importance"], row[f"{name}_quadrant"] = i, q
        for name, m in zip(names, e["importance_intervals"] or []):
            row[f"{name}_importance_ci_low"], row[f"{name}_importance_ci_high"] = m["ci_low"], m["ci_high"]
        return row

    rows = {"segments": [flat(e) for e in r["segments"]], "total": flat(r["total"])}
    return _by_segment(rows, _Row, labels)


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
