"""Assessment instruments (评估工具): the customer-orientation self-assessment (客户导向公司特质
自我测试), excellence scoring in the frame of GB/T 19580 (卓越绩效评价准则), the weighted
decision matrix (最适化决策模式) and criteria weights from pairwise comparisons (AHP).

The instruments are data: :data:`ORIENTATION` (40 statements in English and Chinese, 1–5) and
:data:`GBT19580` (seven categories, 1000 points) are frozen dataclasses an app can render the
questionnaire or score sheet from; ``to_dict()`` gives the core's serde form, and a caller-defined
:class:`Instrument` or :class:`Frame` is scored by the same code.

>>> from custometrics import assessment
>>> len(list(assessment.ORIENTATION.statements())), assessment.ORIENTATION.categories[0].name.zh
(40, '文化与氛围')
>>> r = assessment.orientation([[3] * 40])
>>> r.respondents[0].total, r.respondents[0].share
(120.0, 0.6)

Matrix arguments (answers, scores, pairwise comparisons) take anything numpy reads as 2-D — lists
of rows, numpy arrays of any real dtype, pandas DataFrames — read by shape. A DataFrame whose
columns are statement (or unit) ids is put in questionnaire order by those ids; a DataFrame with a
default ``RangeIndex`` of columns is read by position. ``None`` and ``pd.NA`` are missing values
under ``nan_policy``. The options' defaults are the core's (a test checks that each signature
shows them); ``None`` for an option also means its default. Every error is a
:class:`custometrics.CustometricsError` (a ``ValueError``) with ``code``, ``field`` and ``index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Literal, Optional, Sequence, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike

from . import _native
from ._results import Result

if TYPE_CHECKING:
    import pandas as pd

NanPolicy = Literal["raise", "omit", "propagate"]
Normalise = Literal["none", "min_max", "vector"]

__all__ = [
    "Text", "Statement", "Category", "AnswerScale", "Instrument", "FrameItem", "FrameCategory", "Frame",
    "CategoryScore", "RespondentScore", "CategoryStats", "GroupStats", "ShareDifference", "GroupGap",
    "Orientation", "UnitScore", "CategoryResult", "ScoreSheet", "UnitConsensus", "Excellence",
    "WeightSensitivity", "Decision", "Ahp", "ORIENTATION", "GBT19580",
    "orientation", "excellence", "decision", "ahp",
]


def _frame(records: List[Dict[str, Any]], index: Optional[Sequence[str]] = None) -> "pd.DataFrame":
    import pandas as pd

    df = pd.DataFrame.from_records(records)
    if index is not None:
        df = df.set_index(list(index))
    return df


# ---- the instruments as data ---------------------------------------------------------------


@dataclass(frozen=True)
class Text(Result):
    """A text in English (``en``) and simplified Chinese (``zh``)."""

    en: str
    zh: str


@dataclass(frozen=True)
class Statement(Result):
    id: str
    text: Text


@dataclass(frozen=True)
class Category(Result):
    id: str
    name: Text
    statements: List[Statement]


@dataclass(frozen=True)
class AnswerScale(Result):
    """The answer scale ``low..=high`` with the labels of its ends."""

    low: int
    high: int
    low_label: Text
    high_label: Text


@dataclass(frozen=True)
class Instrument(Result):
    """A self-assessment form: categories of statements answered on one scale.

    >>> i = Instrument.from_counts([("speed", 3), ("care", 2)], low=0, high=10)
    >>> [s.id for s in i.statements()]
    ['speed.1', 'speed.2', 'speed.3', 'care.1', 'care.2']
    >>> Instrument.from_dict(ORIENTATION.to_dict()) == ORIENTATION
    True
    """

    id: str
    title: Text
    scale: AnswerScale
    categories: List[Category]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Instrument":
        """The instrument from its ``to_dict()`` form (e.g. stored as JSON by an app)."""
        return cls._from(data)

    @classmethod
    def from_counts(cls, categories: Sequence[Tuple[str, int]], low: int, high: int) -> "Instrument":
        """A caller-defined form from category ids and item counts (statement ids ``"<id>.<n>"``)."""
        data = _native.instrument_from_counts([(str(c), n) for c, n in categories], low, high)
        return cls._from(data)

    def statements(self) -> Iterator[Statement]:
        """All statements in questionnaire order (the column order of answers)."""
        for c in self.categories:
            yield from c.statements

    def to_frame(self) -> "pd.DataFrame":
        """One row per statement: category id, statement id, English and Chinese wording."""
        return _frame([
            {"category": c.id, "statement": s.id, "en": s.text.en, "zh": s.text.zh}
            for c in self.categories for s in c.statements
        ])


@dataclass(frozen=True)
class FrameItem(Result):
    id: str
    name: Text
    points: float


@dataclass(frozen=True)
class FrameCategory(Result):
    """A category of an excellence frame: ``kind`` is ``"process"`` (approach, deployment,
    learning, integration) or ``"results"`` (levels, trends, comparisons, integration)."""

    id: str
    name: Text
    points: float
    kind: Literal["process", "results"]
    items: List[FrameItem]


@dataclass(frozen=True)
class Frame(Result):
    """An excellence frame: categories with points, optionally split into items.

    >>> f = GBT19580.with_items("4.3", [("4.3.1", 40), ("4.3.2", 50)])
    >>> [u for u in f.units()][2:4]
    ['4.3.1', '4.3.2']
    >>> sum(c.points for c in GBT19580.categories)
    1000.0
    """

    id: str
    title: Text
    categories: List[FrameCategory]

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Frame":
        """The frame from its ``to_dict()`` form (e.g. stored as JSON by an app)."""
        return cls._from(data)

    def with_items(self, category: str, items: Sequence[Union[FrameItem, Tuple[str, float]]]) -> "Frame":
        """The frame with category ``category``'s items replaced: each a :class:`FrameItem` or an
        ``(id, points)`` pair; their points must add up to the category's."""
        plain = [
            it.to_dict() if isinstance(it, FrameItem) else {"id": str(it[0]), "name": {"en": "", "zh": ""},
                                                             "points": float(it[1])}
            for it in items
        ]
        return Frame._from(_native.frame_with_items(self.to_dict(), category, plain))

    def units(self) -> List[str]:
        """The ids of the scoring units in order (the column order of scores): each category's
        items, or the category itself when it has none."""
        return [u for c in self.categories for u in ([it.id for it in c.items] or [c.id])]

    def to_frame(self) -> "pd.DataFrame":
        """One row per scoring unit: category, unit id, points, English and Chinese names."""
        rows = []
        for c in self.categories:
            units: Sequence[Optional[FrameItem]] = c.items or [None]
            for it in units:
                rows.append({
                    "category": c.id, "unit": it.id if it else c.id, "kind": c.kind,
                    "points": it.points if it else c.points,
                    "en": (it.name if it else c.name).en, "zh": (it.name if it else c.name).zh,
                })
        return _frame(rows)


#: The shipped customer-orientation self-assessment: 7 categories, 40 statements, answered 1–5.
ORIENTATION: Instrument = Instrument._from(_native.orientation_instrument())
#: The GB/T 19580 frame: 4.1–4.7, 1000 points, without item splits (those are the caller's).
GBT19580: Frame = Frame._from(_native.gbt19580_frame())


# ---- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryScore(Result):
    """One category for one respondent: total of the answers, maximum, share of it, answered items."""

    category: str
    total: float
    max: float
    share: float
    answered: int


@dataclass(frozen=True)
class RespondentScore(Result):
    """One respondent: per category, overall, categories weakest first (indexes) and the items
    answered at or below ``low_answer`` (0-based indexes in questionnaire order)."""

    categories: List[CategoryScore]
    total: float
    max: float
    share: float
    weakest_first: List[int]
    low_items: List[int]
    missing: int

    def to_frame(self) -> "pd.DataFrame":
        """One row per category (indexed by its id)."""
        return _frame([c.to_dict() for c in self.categories], ["category"])


@dataclass(frozen=True)
class CategoryStats(Result):
    """A category's share over respondents: mean, spread, interval and within-group agreement
    (``rwg``); ``None`` where too few respondents give none."""

    category: str
    n: int
    mean_share: Optional[float]
    sd: Optional[float]
    std_error: Optional[float]
    ci_low: Optional[float]
    ci_high: Optional[float]
    rwg: Optional[float]


@dataclass(frozen=True)
class GroupStats(Result):
    group: str
    n: int
    excluded: int
    categories: List[CategoryStats]
    overall: CategoryStats


@dataclass(frozen=True)
class ShareDifference(Result):
    """``a − b`` of a mean share with Welch's t test and interval."""

    category: str
    difference: Optional[float]
    std_error: Optional[float]
    df: Optional[float]
    t: Optional[float]
    p_value: Optional[float]
    ci_low: Optional[float]
    ci_high: Optional[float]


@dataclass(frozen=True)
class GroupGap(Result):
    a: str
    b: str
    categories: List[ShareDifference]
    overall: ShareDifference

    def to_frame(self) -> "pd.DataFrame":
        """One row per category and ``"overall"``."""
        rows = [d.to_dict() for d in self.categories] + [dict(self.overall.to_dict(), category="overall")]
        return _frame(rows, ["category"])


@dataclass(frozen=True)
class Orientation(Result):
    """Respondents scored (``None`` for one left out), the statistics of everyone (``all``) and
    of each group, and the gaps between groups."""

    categories: List[str]
    respondents: List[Optional[RespondentScore]]
    excluded: List[int]
    all: GroupStats
    groups: List[GroupStats]
    gaps: List[GroupGap]

    def to_frame(self) -> "pd.DataFrame":
        """Per group (``"all"`` first) and category (and ``"overall"``), the statistics."""
        rows = []
        for g in [self.all, *self.groups]:
            for c in [*g.categories, g.overall]:
                d = c.to_dict()
                if c is g.overall:
                    d["category"] = "overall"
                rows.append({"group": g.group, **d})
        return _frame(rows, ["group", "category"])

    def shares(self) -> "pd.DataFrame":
        """One row per respondent, one column per category: the category shares (NaN for a
        respondent left out)."""
        import pandas as pd

        data = [[c.share for c in r.categories] if r else [np.nan] * len(self.categories) for r in self.respondents]
        return pd.DataFrame(data, columns=list(self.categories))


@dataclass(frozen=True)
class UnitScore(Result):
    unit: str
    points: float
    percent: float
    band: Optional[int]
    earned: float
    lost: float


@dataclass(frozen=True)
class CategoryResult(Result):
    category: str
    points: float
    earned: float
    share: float


@dataclass(frozen=True)
class ScoreSheet(Result):
    """One examiner's (or the consensus) sheet: per unit and category, the total, and the units
    by points lost (``priorities``, indexes), largest first."""

    units: List[UnitScore]
    categories: List[CategoryResult]
    total: float
    points: float
    priorities: List[int]
    missing: int

    def to_frame(self) -> "pd.DataFrame":
        """One row per unit (indexed by its id)."""
        return _frame([u.to_dict() for u in self.units], ["unit"])


@dataclass(frozen=True)
class UnitConsensus(Result):
    unit: str
    n: int
    median: float
    mean: float
    min: float
    max: float
    range: float
    sd: Optional[float]
    disagree: bool


@dataclass(frozen=True)
class Excellence(Result):
    """Each examiner's sheet, the per-unit consensus, the consensus sheets (median and mean)
    and the units examiners disagree on (indexes), largest range first."""

    examiners: List[ScoreSheet]
    units: List[UnitConsensus]
    consensus: ScoreSheet
    consensus_mean: ScoreSheet
    disagreements: List[int]

    def to_frame(self) -> "pd.DataFrame":
        """One row per unit: the examiners' consensus and spread."""
        return _frame([u.to_dict() for u in self.units], ["unit"])


@dataclass(frozen=True)
class WeightSensitivity(Result):
    """How far ``criterion``'s weight can move (the others rescaled) before the top changes:
    the ``threshold`` weight, the ``change`` to it and the ``new_top`` alternative; ``None``
    when no feasible weight changes it."""

    criterion: str
    weight: float
    threshold: Optional[float]
    change: Optional[float]
    new_top: Optional[int]


@dataclass(frozen=True)
class Decision(Result):
    """Weighted totals and ranking (1 = best, ties share a rank; ``None`` for an alternative
    left out), ``order`` best first, the ``margin`` of first over second, sensitivity."""

    criteria: List[str]
    alternatives: List[str]
    weights: np.ndarray
    normalised: np.ndarray
    totals: np.ndarray
    ranks: List[Optional[int]]
    order: List[int]
    best: List[int]
    margin: Optional[float]
    excluded: List[int]
    sensitivity: List[WeightSensitivity]

    def to_frame(self) -> "pd.DataFrame":
        """One row per alternative, best first: total and rank."""
        rows = [{"alternative": self.alternatives[i], "total": float(self.totals[i]), "rank": self.ranks[i]}
                for i in self.order]
        return _frame(rows, ["alternative"])


@dataclass(frozen=True)
class Ahp(Result):
    """Principal-eigenvector weights, λmax, the consistency index and ratio; ``inconsistent``
    when the ratio is above 0.1."""

    weights: np.ndarray
    lambda_max: float
    ci: float
    random_index: Optional[float]
    cr: Optional[float]
    inconsistent: bool
    iterations: int


# ---- functions -----------------------------------------------------------------------------


def _columns(table: Any) -> Optional[List[str]]:
    """A DataFrame's column labels as ids, or None to read it by position (no labels, or the
    default 0..n-1)."""
    cols = getattr(table, "columns", None)
    if cols is None or not hasattr(table, "iloc"):
        return None
    try:
        import pandas as pd

        if isinstance(cols, pd.RangeIndex) and cols.start == 0 and cols.step == 1:
            return None
    except ImportError:  # pragma: no cover
        pass
    return [str(c) for c in cols]


def orientation(
    answers: ArrayLike,
    instrument: Optional[Instrument] = None,
    groups: Optional[Sequence[Any]] = None,
    *,
    nan_policy: NanPolicy = "raise",
    max_missing: float = 0.2,
    confidence: float = 0.95,
    low_answer: int = 2,
) -> Orientation:
    """Scores self-assessment answers (one row per respondent, one column per statement) on
    ``instrument`` (default :data:`ORIENTATION`), with per-group statistics and the gaps between
    groups when ``groups`` gives each row's label.

    Options: ``nan_policy`` (under "omit" a respondent missing more than ``max_missing`` of the
    items is left out and counted), ``confidence`` of the intervals, ``low_answer`` (answers up
    to it are listed as weak items).

    >>> inst = Instrument.from_counts([("a", 2), ("b", 1)], low=1, high=5)
    >>> r = orientation([[5, 5, 4], [4, 4, 2], [2, 3, 1], [3, 2, 2]], inst,
    ...                 groups=["managers", "managers", "staff", "staff"])
    >>> r.respondents[0].total, r.groups[0].categories[0].mean_share
    (14.0, 0.9)
    >>> round(r.gaps[0].categories[0].difference, 12)
    0.4
    """
    cols = _columns(answers)
    labels = None if groups is None else [str(g) for g in groups]
    opts: _native._OrientationOptions = {
        "nan_policy": nan_policy, "max_missing": max_missing, "confidence": confidence, "low_answer": low_answer
    }
    raw = _native.orientation(answers, cols, None if instrument is None else instrument.to_dict(), labels, opts)
    return Orientation._from(raw)


def excellence(
    scores: ArrayLike,
    frame: Optional[Frame] = None,
    *,
    disagreement: float = 20.0,
    nan_policy: NanPolicy = "raise",
) -> Excellence:
    """Scores examiners' percentages (one row per examiner, one column per unit of ``frame``,
    default :data:`GBT19580`; each 0–100 in steps of 5), with the consensus and the units where
    examiners differ by more than ``disagreement`` points (default 20).

    >>> r = excellence([[50, 40, 60, 45, 50, 40, 35], [55, 40, 30, 45, 50, 40, 40]])
    >>> r.examiners[0].total, r.units[2].median, r.disagreements
    (425.0, 45.0, [2])
    >>> GBT19580.categories[r.consensus.priorities[0]].id
    '4.7'
    """
    cols = _columns(scores)
    opts: _native._ExcellenceOptions = {"disagreement": disagreement, "nan_policy": nan_policy}
    raw = _native.excellence(scores, cols, None if frame is None else frame.to_dict(), opts)
    return Excellence._from(raw)


def decision(
    scores: ArrayLike,
    weights: ArrayLike,
    criteria: Optional[Sequence[str]] = None,
    alternatives: Optional[Sequence[str]] = None,
    cost: Optional[Sequence[bool]] = None,
    normalise: Normalise = "none",
    *,
    nan_policy: NanPolicy = "raise",
) -> Decision:
    """Weighted decision matrix: alternatives (rows) scored on criteria (columns), weights
    normalised to sum 1, ``cost`` criteria (lower is better, needs a normalisation),
    ``normalise`` "none" (default), "min_max" or "vector". A DataFrame gives the criteria and
    alternatives their names from its columns and index.

    >>> d = decision([[8, 6, 100], [6, 9, 90], [9, 5, 120]], [5, 3, 2],
    ...              criteria=["quality", "delivery", "price"], cost=[False, False, True], normalise="min_max")
    >>> d.weights.tolist(), d.ranks, d.order
    ([0.5, 0.3, 0.2], [1, 2, 2], [0, 1, 2])
    >>> d.to_frame().index.tolist()
    ['a1', 'a2', 'a3']
    """
    cols = _columns(scores)
    if cols is not None and criteria is None:
        criteria = cols
    index = getattr(scores, "index", None)
    if cols is not None and alternatives is None and index is not None:
        import pandas as pd

        if not isinstance(index, pd.RangeIndex):
            alternatives = [str(a) for a in index]
    opts: _native._DecisionOptions = {
        "criteria": None if criteria is None else [str(c) for c in criteria],
        "alternatives": None if alternatives is None else [str(a) for a in alternatives],
        "cost": None if cost is None else [bool(c) for c in cost],
        "normalise": normalise,
        "nan_policy": nan_policy,
    }
    return Decision._from(_native.decision(scores, weights, opts))


def ahp(pairwise: ArrayLike, *, reciprocal_tolerance: float = 0.01) -> Ahp:
    """AHP weights from an n × n matrix of pairwise comparisons on Saaty's 1–9 scale
    (a_ji = 1/a_ij within ``reciprocal_tolerance``, default 0.01), with λmax, CI and CR.

    >>> r = ahp([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]])
    >>> np.round(r.weights, 4).tolist(), r.inconsistent
    ([0.5714, 0.2857, 0.1429], False)
    """
    opts: _native._AhpOptions = {"reciprocal_tolerance": reciprocal_tolerance}
    return Ahp._from(_native.ahp(pairwise, opts))
