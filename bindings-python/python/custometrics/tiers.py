"""Customer tiers (客户分级管理): the customer pyramid (platinum, gold, iron, lead; Zeithaml, Rust &
Lemon 2001) and Curry's pyramid (top 1 %, big 4 %, medium 15 %, small 80 %), ABC tiers by
cumulative share of value, the inverted profit pyramid with its Lorenz curve and Gini coefficient,
RFM scores and named segments, and migration between tiers as a Markov chain with its customer
lifetime value (Pfeifer & Carraway 2000).

Tier indexes count from the top: 0 is platinum, Curry's top 1 % or A. The tierings by value
(:func:`pyramid`, :func:`curry`, :func:`abc`) return a uint8 numpy array, one tier per customer
in the input's order. **One tie rule**: customers are ordered by value, highest first, and
customers of equal value by their position in the input, the earlier first; tiers are stretches
of that order, so tier sizes are exactly what the shares say even when a boundary falls inside a
run of equal values. RFM scores, quantiles of rank, give equal values the same score instead.

The batch functions make a few passes over the data on all cores instead of sorting it, with the
GIL released; inputs are read as :mod:`custometrics` says (contiguous float64 in place, other
real dtypes converted once in Rust) and outputs are written
straight into new numpy arrays. :func:`gini` and :func:`lorenz` sort one copy of the values.

Money (Markov-chain CLV) is exact: margins take a :class:`decimal.Decimal`, an ``int``, a
``float`` (at its shortest repr) or a decimal string, and the values are :class:`decimal.Decimal`.
Every error is a :class:`custometrics.CustometricsError` (a ``ValueError``) with ``code``,
``field`` and ``index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    import pandas as pd

from . import _arrays, _native
from ._results import Result

__all__ = [
    "abc", "pyramid", "curry", "quantile_scores", "rfm_code", "rfm_scores", "rfm_segments", "gini", "lorenz",
    "profit_pyramid", "migration", "project", "steady_state", "markov_clv", "TransitionMatrix",
    "RfmScores", "ScoreRange", "SegmentRule", "SegmentMap", "RfmSegments", "Lorenz", "TierShare",
    "ProfitPyramid", "Migration", "Money", "ABC_A", "ABC_B", "ABC_TIERS", "RFM_Q", "CURRY_SHARES",
    "CURRY_TIERS", "CUSTOMER_PYRAMID_TIERS",
]

#: The default cumulative share of value that tier A reaches.
ABC_A: float = _native.ABC_A
#: The default cumulative share of value that tiers A and B reach together.
ABC_B: float = _native.ABC_B
#: The ABC tiers, in the order of their indexes.
ABC_TIERS: Tuple[str, ...] = ("A", "B", "C")
#: The default number of RFM score levels (quintiles).
RFM_Q: int = _native.RFM_Q
#: Curry's shares of active customers: top 1 %, big 4 %, medium 15 %, small 80 %.
CURRY_SHARES: Tuple[float, ...] = tuple(_native.CURRY_SHARES)
#: The tiers of Curry's pyramid, top first.
CURRY_TIERS: Tuple[str, ...] = tuple(_native.CURRY_TIERS)
#: The tiers of the customer pyramid of Zeithaml, Rust & Lemon (2001), top first.
CUSTOMER_PYRAMID_TIERS: Tuple[str, ...] = tuple(_native.CUSTOMER_PYRAMID_TIERS)

#: An amount of money as an argument: exact as a Decimal, int or decimal string; a float is read
#: at its shortest repr.
Money = Union[Decimal, int, float, str]


# ---- tiers by value ---------------------------------------------------------------------------


def abc(values: ArrayLike, a: float = ABC_A, b: float = ABC_B) -> np.ndarray:
    """ABC (Pareto) tiers by cumulative share of value: 0 = A, 1 = B, 2 = C, as a uint8 array in
    the input's order. A customer is in A when the customers before it (in the order of the tie
    rule) hold less than ``a`` of the total value, in B when less than ``b``, else in C: A is the
    smallest set of top customers reaching ``a`` of the value. Values must be non-negative.

    >>> abc([10, 50, 4, 30, 6]).tolist()     # in order: 50 (0 before), 30 (50), 10 (80), 6 (90), 4 (96)
    [1, 0, 2, 0, 1]
    """
    return _native.abc(values, {"a": a, "b": b})


def pyramid(values: ArrayLike, shares: ArrayLike) -> np.ndarray:
    """Tiers by rank of value with the given shares of customers, top first (uint8, 0 = top):
    tiers 0..t hold ``round(n × (shares[0] + … + shares[t]))`` customers (halves up), the last
    tier the rest. Shares are in (0, 1] and sum to 1; for the customer pyramid name the tiers
    with :data:`CUSTOMER_PYRAMID_TIERS`.

    >>> pyramid([10, 400, 35, 90, 5, 90, 60, 20, 0, 150], [0.1, 0.2, 0.3, 0.4]).tolist()
    [3, 0, 2, 1, 3, 2, 2, 3, 3, 1]
    """
    return _native.pyramid(values, shares)


def curry(values: ArrayLike, shares: Sequence[float] = CURRY_SHARES) -> np.ndarray:
    """Curry's pyramid of active customers (pass only those): tier 0 the top 1 %, then big 4 %,
    medium 15 %, small 80 % (:data:`CURRY_TIERS`), or other ``shares``; as :func:`pyramid`.

    >>> t = curry(np.arange(1, 101))
    >>> int(t[99]), np.bincount(t).tolist()
    (0, [1, 4, 15, 80])
    """
    return _native.curry(values, {"shares": shares})


# ---- RFM ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RfmScores(Result):
    """Recency, frequency and monetary scores 1..q (uint8 arrays, recent = high) and each
    customer's cell ``code`` (uint32: the scores side by side in decimal, 455 for R4 F5 M5)."""

    r: np.ndarray
    f: np.ndarray
    m: np.ndarray
    code: np.ndarray
    q: int

    def segments(self, map: Optional[Union["SegmentMap", Mapping[str, Any]]] = None) -> "RfmSegments":
        """The named segments of these scores: :func:`rfm_segments`."""
        return rfm_segments(self.r, self.f, self.m, map)


def quantile_scores(values: ArrayLike, q: int = RFM_Q, reverse: bool = False) -> np.ndarray:
    """Scores 1..q by quantile of rank (uint8): with ``below`` customers of strictly lower value,
    the score is ``1 + floor(q × below / n)``; equal values share the score of their lowest rank
    (pandas' ``rank(method="min")``). ``reverse`` scores low values high (recency).

    >>> quantile_scores([10, 50, 20, 20, 90, 0, 30, 70, 60, 40]).tolist()
    [1, 4, 2, 2, 5, 1, 3, 5, 4, 3]
    """
    return _native.quantile_scores(values, {"q": q, "reverse": reverse})


def rfm_code(r: int, f: int, m: int, q: int = RFM_Q) -> int:
    """The RFM cell code: the three scores side by side in decimal, each padded to the digits of
    ``q`` (r·100 + f·10 + m for q ≤ 9; two digits each up to 99, three above).

    >>> rfm_code(4, 5, 3), rfm_code(10, 2, 7, q=10)
    (453, 100207)
    """
    return _native.rfm_code(r, f, m, {"q": q})


def rfm_scores(recency: ArrayLike, frequency: ArrayLike, monetary: ArrayLike, q: int = RFM_Q) -> RfmScores:
    """RFM scores: :func:`quantile_scores` of recency reversed (time since the last purchase: the
    most recent score ``q``), of frequency and of monetary value, with the cell codes.

    >>> s = rfm_scores([5, 30, 90, 1, 60], [10, 2, 1, 8, 1], [500, 80, 20, 300, 45])
    >>> s.r.tolist(), s.f.tolist(), s.code.tolist()
    ([4, 3, 1, 5, 2], [5, 3, 1, 4, 1], [455, 333, 111, 544, 212])
    """
    return RfmScores(**_native.rfm_scores(recency, frequency, monetary, {"q": q}))


class ScoreRange(NamedTuple):
    """An inclusive range of scores ``min..=max``."""

    min: int
    max: int


@dataclass(frozen=True)
class SegmentRule:
    """A named segment: the customers whose scores fall in all three ranges."""

    name: str
    r: ScoreRange
    f: ScoreRange
    m: ScoreRange


@dataclass(frozen=True)
class SegmentMap:
    """Named segments over RFM scores of ``q`` levels: the first rule a customer matches names its
    segment, customers matching none fall in ``fallback``. Replace it to name your own segments;
    :meth:`standard` is the widely used grid over recency and frequency quintiles."""

    q: int
    rules: Tuple[SegmentRule, ...]
    fallback: str = "other"

    @classmethod
    def standard(cls) -> "SegmentMap":
        """The standard map (q = 5; M unused), naming each of the 25 R × F cells once:

        ============================  =====  =====
        segment                       R      F
        ============================  =====  =====
        champions                     5      4–5
        loyal                         3–4    4–5
        potential_loyalists           4–5    2–3
        new_customers                 5      1
        promising                     4      1
        need_attention                3      3
        about_to_sleep                3      1–2
        cannot_lose_them              1–2    5
        at_risk                       1–2    3–4
        hibernating                   1–2    1–2
        ============================  =====  =====
        """
        return cls.from_dict(_native.standard_segment_map())

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SegmentMap":
        """From the core's serialised form (ranges as ``{"min": …, "max": …}`` or pairs)."""

        def rng(x: Any) -> ScoreRange:
            return ScoreRange(x["min"], x["max"]) if isinstance(x, Mapping) else ScoreRange(*x)

        rules = tuple(SegmentRule(r["name"], rng(r["r"]), rng(r["f"]), rng(r["m"])) for r in d["rules"])
        return cls(d["q"], rules, d.get("fallback", "other"))

    def to_dict(self) -> Dict[str, Any]:
        """The core's serialised form (also JS's and Rust's)."""

        def rng(x: Tuple[int, int]) -> Dict[str, int]:
            return {"min": int(x[0]), "max": int(x[1])}

        rules = [{"name": r.name, "r": rng(r.r), "f": rng(r.f), "m": rng(r.m)} for r in self.rules]
        return {"q": int(self.q), "rules": rules, "fallback": self.fallback}


@dataclass(frozen=True)
class RfmSegments(Result):
    """Each customer's segment (uint16 indexes into ``names``: the rules in order, then the
    fallback) and the customers per segment."""

    segment: np.ndarray
    names: List[str]
    counts: List[int]

    def labelled(self) -> np.ndarray:
        """Each customer's segment name, as a numpy array of str."""
        labelled: np.ndarray = np.asarray(self.names)[self.segment]
        return labelled

    def categorical(self) -> pd.Categorical[str]:
        """The segments as a ``pandas.Categorical`` over ``names``; needs pandas."""
        import pandas as pd

        return pd.Categorical.from_codes(self.segment, categories=pd.Index(list(self.names)))


def rfm_segments(
    r: ArrayLike, f: ArrayLike, m: ArrayLike, map: Optional[Union[SegmentMap, Mapping[str, Any]]] = None
) -> RfmSegments:
    """Names each customer's segment from its scores (1..q) with ``map`` (default
    :meth:`SegmentMap.standard`). The uint8 arrays of :func:`rfm_scores` are read without a copy.

    >>> s = rfm_segments([5, 1, 3], [5, 1, 3], [2, 1, 4])
    >>> s.labelled().tolist()
    ['champions', 'hibernating', 'need_attention']
    """
    if isinstance(map, SegmentMap):
        map = map.to_dict()
    return RfmSegments._from(_native.rfm_segments(r, f, m, map))


# ---- concentration of value -------------------------------------------------------------------


def gini(values: ArrayLike) -> float:
    """The Gini coefficient of value, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): 0 when all are equal, up to
    (n − 1)/n for non-negative values. Loss-making customers (negative values) are allowed when
    the total is positive; the coefficient can then exceed 1.

    >>> gini([1, 2, 3, 4]), gini([0, 0, 0, 10])
    (0.25, 0.75)
    """
    return _native.gini(values)


@dataclass(frozen=True)
class Lorenz(Result):
    """The Lorenz curve at evenly spaced shares of customers (lowest values first) and the Gini
    coefficient."""

    population_share: np.ndarray
    value_share: np.ndarray
    gini: float


def lorenz(values: ArrayLike, points: int = 100) -> Lorenz:
    """The Lorenz curve at ``points + 1`` shares of customers 0, 1/points, …, 1 (linear between
    customers) and the Gini coefficient.

    >>> lorenz([4, 2, 3, 1], points=4).value_share.tolist()
    [0.0, 0.1, 0.3, 0.6, 1.0]
    """
    return Lorenz._from(_native.lorenz(values, {"points": points}))


@dataclass(frozen=True)
class TierShare(Result):
    """One tier of a profit pyramid: its customers and value, as counts and shares of the whole;
    ``value_per_customer`` is ``None`` for an empty tier."""

    tier: int
    customers: int
    customer_share: float
    value: float
    value_share: float
    value_per_customer: Optional[float]


@dataclass(frozen=True)
class ProfitPyramid(Result):
    """Value by tier (tier 0 first), with all customers and the (positive) total value."""

    tiers: List[TierShare]
    customers: int
    total_value: float


def _labels(field: str, x: ArrayLike) -> Any:
    """Tier labels for the extension: integer arrays as they are (made contiguous), floats and
    lists through numpy; anything else is an error naming ``field``."""
    a = _arrays.read(field, x)
    if a.ndim != 1:
        raise _native.invalid_input_error(field, None, f"an array of shape {a.shape}", "a 1-D array of tier labels")
    if a.dtype.kind in "iu":
        return np.ascontiguousarray(a)
    if a.dtype.kind == "b":
        return a.astype(np.uint8)
    if a.dtype.kind == "f" or a.size == 0:
        return a
    raise _native.invalid_input_error(
        field, None, f"an array of {a.dtype}", "integer tier labels 0..n_tiers-1 (0 = the top tier)"
    )


def profit_pyramid(values: ArrayLike, tiers: ArrayLike, n_tiers: int) -> ProfitPyramid:
    """The inverted profit pyramid of any tiering: each tier's share of customers against its
    share of value, from each customer's value (profit may be negative) and tier label
    (``0..n_tiers-1``; the uint8 output of :func:`abc` or :func:`curry`, any integer array).

    >>> p = profit_pyramid([500, 300, 80, 60, 40, 20, -10, 10], [0, 0, 1, 1, 2, 2, 3, 3], 4)
    >>> p.tiers[0].value_share, p.tiers[0].customer_share, p.tiers[3].value
    (0.8, 0.25, 0.0)
    """
    return ProfitPyramid._from(_native.profit_pyramid(values, _labels("tiers", tiers), n_tiers))


# ---- migration between tiers ------------------------------------------------------------------


class TransitionMatrix:
    """A validated transition matrix between tiers: square, probabilities in [0, 1], each row
    summing to 1 (within 1e-9). ``probabilities[i, j]`` is the probability of moving from tier
    ``i`` to tier ``j`` in one period. Customers who leave belong in a tier of their own (an
    absorbing "lost" tier with margin 0) when they should count.

    >>> p = TransitionMatrix([[0.9, 0.1], [0.5, 0.5]])
    >>> p.steady_state().round(6).tolist()
    [0.833333, 0.166667]
    """

    __slots__ = ("_p",)

    def __init__(self, rows: Union[ArrayLike, "TransitionMatrix"]) -> None:
        if isinstance(rows, TransitionMatrix):
            self._p: np.ndarray = rows._p
            return
        t = _native.transition_matrix(_rows(rows))
        n = t["n_tiers"]
        p = np.asarray(t["probabilities"], dtype=np.float64).reshape(n, n)
        p.setflags(write=False)
        self._p = p

    @property
    def probabilities(self) -> np.ndarray:
        """The n × n probabilities (read-only)."""
        return self._p

    @property
    def n_tiers(self) -> int:
        return int(self._p.shape[0])

    def project(self, distribution: ArrayLike, periods: int = 1) -> np.ndarray:
        """:func:`project` with this matrix."""
        return project(distribution, self, periods)

    def steady_state(self) -> np.ndarray:
        """:func:`steady_state` of this matrix."""
        return steady_state(self)

    def markov_clv(
        self, margins: Sequence[Money], discount_rate: float, horizon: Optional[int] = None
    ) -> List[Decimal]:
        """:func:`markov_clv` with this matrix."""
        return markov_clv(self, margins, discount_rate, horizon)

    def __repr__(self) -> str:
        return f"TransitionMatrix({self._p.tolist()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TransitionMatrix) and np.array_equal(self._p, other._p)

    __hash__ = None  # type: ignore[assignment]


def _rows(transition: Union[ArrayLike, TransitionMatrix]) -> Any:
    """Rows for the extension, which validates them (shape, range, row sums)."""
    if isinstance(transition, TransitionMatrix):
        return transition.probabilities.tolist()
    if isinstance(transition, np.ndarray):
        return transition.tolist()
    return transition


@dataclass(frozen=True)
class Migration(Result):
    """Transition counts and probabilities between two periods as n × n arrays:
    ``counts[i, j]`` customers went from tier ``i`` to tier ``j``, ``probabilities[i, j]`` is the
    share of tier ``i``'s customers that did (a row of zeros for a tier nobody started in);
    ``from_totals`` and ``to_totals`` are the customers per tier in each period."""

    n_tiers: int
    counts: np.ndarray
    from_totals: np.ndarray
    to_totals: np.ndarray
    probabilities: np.ndarray

    _int_arrays = frozenset({"counts", "from_totals", "to_totals"})

    @classmethod
    def _from(cls, data: Any) -> "Migration":
        m = super()._from(data)
        n = m.n_tiers
        object.__setattr__(m, "counts", m.counts.reshape(n, n))
        object.__setattr__(m, "probabilities", m.probabilities.reshape(n, n))
        return m

    def transition(self) -> TransitionMatrix:
        """The estimated transition matrix (an error naming the row of a tier nobody started in)."""
        return TransitionMatrix(self.probabilities)


def migration(from_tiers: ArrayLike, to_tiers: ArrayLike, n_tiers: int) -> Migration:
    """Counts the moves of each customer from tier ``from_tiers[i]`` in the first period to tier
    ``to_tiers[i]`` in the second (labels ``0..n_tiers-1``; integer arrays are read without a
    copy when both have the same type).

    >>> m = migration([0, 0, 1, 1, 1, 2], [0, 1, 1, 2, 2, 2], 3)
    >>> m.counts.tolist(), m.from_totals.tolist()
    ([[1, 1, 0], [0, 1, 2], [0, 0, 1]], [2, 3, 1])
    """
    return Migration._from(
        _native.migration(_labels("from_tiers", from_tiers), _labels("to_tiers", to_tiers), n_tiers)
    )


def project(distribution: ArrayLike, transition: Union[ArrayLike, TransitionMatrix], periods: int = 1) -> np.ndarray:
    """The tier distribution ``periods`` periods ahead, ``distribution · Pᵏ`` (counts or shares,
    carried as given).

    >>> project([1000, 0], [[0.9, 0.1], [0.5, 0.5]], periods=2).round(9).tolist()
    [860.0, 140.0]
    """
    return _native.project(distribution, _rows(transition), {"periods": periods})


def steady_state(transition: Union[ArrayLike, TransitionMatrix]) -> np.ndarray:
    """The steady state π with π P = π and Σ π = 1; an error when it is not unique (more than one
    closed class of tiers, such as two absorbing tiers)."""
    return _native.steady_state(_rows(transition))


def markov_clv(
    transition: Union[ArrayLike, TransitionMatrix],
    margins: Sequence[Money],
    discount_rate: float,
    horizon: Optional[int] = None,
) -> List[Decimal]:
    """Customer lifetime value per starting tier (Pfeifer & Carraway 2000), exact: with R the
    margin per period in each tier and δ = 1 / (1 + discount_rate), V = Σₜ₌₀ᵀ (δP)ᵗ R for a
    ``horizon`` T, or V = (I − δP)⁻¹ R without one.

    >>> markov_clv([[0.5, 0.5], [0, 1]], [12, 0], 0.25)
    [Decimal('20'), Decimal('0')]
    >>> markov_clv([[0.5, 0.5], [0, 1]], ["12", 0], 0.25, horizon=2)[0]
    Decimal('18.72')
    """
    if isinstance(margins, (str, bytes, Decimal, int, float)):
        raise _native.invalid_input_error("margins", None, repr(margins)[:80], "one margin per tier (a sequence)")
    return [Decimal(v) for v in _native.markov_clv(_rows(transition), list(margins), discount_rate, {"horizon": horizon})]
