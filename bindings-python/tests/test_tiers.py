"""custometrics.tiers beyond the golden vectors: input kinds and no copies, the uint8 outputs,
the tie rule and RFM against numpy/pandas references (hypothesis), the segment map, migration
and the Markov chain with exact money, and every kind of bad input with its error class, field
and index."""

import dataclasses
import doctest
import math
import os
import re
import sys
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import custometrics as cm
from custometrics import tiers


def test_docstring_examples():
    assert doctest.testmod(sys.modules["custometrics.tiers"], raise_on_error=False).failed == 0


# ---- references ---------------------------------------------------------------------------------


def abc_reference(v, a=0.8, b=0.95):
    """The documented rule with numpy: order by value, highest first, ties by index (a stable
    sort of −v); a customer is in A while the value before it is below a × total, B below b."""
    v = np.asarray(v, dtype=np.float64)
    order = np.argsort(-v, kind="stable")
    ranked = v[order]
    before = np.cumsum(ranked) - ranked
    total = ranked.sum()
    out = np.empty(len(v), dtype=np.uint8)
    out[order] = (before >= a * total).astype(np.uint8) + (before >= b * total)
    return out


def pyramid_reference(v, shares):
    """Tiers 0..t hold round(n × cumulative share) customers (halves up), in the order of the tie rule."""
    v = np.asarray(v, dtype=np.float64)
    n = len(v)
    order = np.argsort(-v, kind="stable")
    cuts = np.floor(np.cumsum(shares)[:-1] * n + 0.5).astype(int)
    rank_tier = np.searchsorted(cuts, np.arange(n), side="right")
    out = np.empty(n, dtype=np.uint8)
    out[order] = rank_tier
    return out


def scores_reference(v, q, reverse=False):
    """1 + floor(q × below / n) with below from pandas' rank(method="min") (above, reversed)."""
    s = pd.Series(np.asarray(v, dtype=np.float64))
    n = len(s)
    below = (s.rank(method="min", ascending=not reverse) - 1).to_numpy(dtype=np.int64)
    return (1 + (q * below) // n).astype(np.uint8)


# Integer-valued money keeps every running sum exact, so the reference and the kernel compare
# bit for bit (the docs say a sum equal to a threshold in real arithmetic may round either way).
values = hnp.arrays(np.float64, st.integers(3, 300), elements=st.integers(0, 1000).map(float))
ties = hnp.arrays(np.float64, st.integers(3, 300), elements=st.integers(0, 4).map(float))


@settings(max_examples=200, deadline=None)
@given(st.one_of(values, ties), st.floats(0.05, 1.0), st.floats(0.0, 1.0))
def test_abc_agrees_with_an_argsort_reference(v, a, frac):
    b = a + (1 - a) * frac
    if v.sum() == 0:
        with pytest.raises(cm.DivisionByZeroError):
            tiers.abc(v, a, b)
        return
    got = tiers.abc(v, a, b)
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, abc_reference(v, a, b))


@settings(max_examples=200, deadline=None)
@given(st.one_of(values, ties), st.lists(st.integers(1, 20), min_size=1, max_size=6))
def test_pyramid_agrees_with_the_tie_rule(v, weights):
    shares = np.asarray(weights, dtype=np.float64) / sum(weights)
    shares[-1] = 1 - shares[:-1].sum()
    if len(v) < len(shares) or shares[-1] <= 0:
        return
    np.testing.assert_array_equal(tiers.pyramid(v, shares), pyramid_reference(v, shares))


@settings(max_examples=200, deadline=None)
@given(st.one_of(values, ties), st.integers(2, 10), st.booleans())
def test_quantile_scores_agree_with_pandas_ranks(v, q, reverse):
    if len(v) < q:
        return
    np.testing.assert_array_equal(tiers.quantile_scores(v, q, reverse), scores_reference(v, q, reverse))


@settings(max_examples=100, deadline=None)
@given(st.integers(5, 200).flatmap(lambda n: st.tuples(*(hnp.arrays(np.float64, n, elements=st.integers(0, 50).map(float)) for _ in range(3)))))
def test_rfm_agrees_with_a_rank_based_reference(rfm):
    r, f, m = rfm
    s = tiers.rfm_scores(r, f, m)
    np.testing.assert_array_equal(s.r, scores_reference(r, 5, reverse=True))
    np.testing.assert_array_equal(s.f, scores_reference(f, 5))
    np.testing.assert_array_equal(s.m, scores_reference(m, 5))
    np.testing.assert_array_equal(s.code, s.r.astype(np.uint32) * 100 + s.f.astype(np.uint32) * 10 + s.m)
    assert tiers.rfm_code(int(s.r[0]), int(s.f[0]), int(s.m[0])) == s.code[0]


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 200), elements=st.integers(-50, 1000).map(float)))
def test_gini_is_the_mean_absolute_difference(v):
    if v.sum() <= 0:
        with pytest.raises(cm.CustometricsError):
            tiers.gini(v)
        return
    pairwise = np.abs(v[:, None] - v[None, :]).sum() / (2 * len(v) ** 2 * v.mean())
    assert math.isclose(tiers.gini(v), pairwise, rel_tol=1e-12, abs_tol=1e-15)
    assert math.isclose(tiers.gini(v * 3.5), tiers.gini(v), rel_tol=1e-12, abs_tol=1e-15)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.tuples(st.just(k), st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)), min_size=1, max_size=200))))
def test_migration_counts_every_move_once(data):
    k, moves = data
    a, b = np.array(moves, dtype=np.int64).T
    m = tiers.migration(a, b, k)
    want = np.zeros((k, k), dtype=np.int64)
    np.add.at(want, (a, b), 1)
    np.testing.assert_array_equal(m.counts, want)
    np.testing.assert_array_equal(m.from_totals, want.sum(axis=1))
    np.testing.assert_array_equal(m.to_totals, want.sum(axis=0))
    started = want.sum(axis=1) > 0
    np.testing.assert_allclose(m.probabilities.sum(axis=1)[started], 1, rtol=1e-12)
    # the same labels as uint8 (abc's output type) and int8 (pandas' codes) read without conversion
    m8 = tiers.migration(a.astype(np.uint8), b.astype(np.uint8), k)
    mi8 = tiers.migration(a.astype(np.int8), b.astype(np.int16), k)
    np.testing.assert_array_equal(m8.counts, want)
    np.testing.assert_array_equal(mi8.counts, want)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 6).flatmap(lambda k: hnp.arrays(np.float64, (k, k), elements=st.floats(0.01, 1.0))))
def test_steady_state_is_stationary(w):
    p = w / w.sum(axis=1, keepdims=True)
    t = tiers.TransitionMatrix(p)
    pi = t.steady_state()
    assert math.isclose(pi.sum(), 1, rel_tol=1e-12)
    np.testing.assert_allclose(pi @ t.probabilities, pi, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(t.project(pi, 7), pi, rtol=1e-9, atol=1e-12)


# ---- input kinds, outputs, memory ---------------------------------------------------------------


VALUES = [10, 50, 4, 30, 6]


@pytest.mark.parametrize(
    "make",
    [
        list,
        lambda s: np.asarray(s, dtype=np.float64),
        lambda s: np.asarray(s, dtype=np.int64),
        lambda s: np.asarray(s, dtype=np.float32),
        lambda s: pd.Series(s, dtype="float64"),
        lambda s: np.repeat(np.asarray(s, dtype=np.float64), 2)[::2],  # a strided view
    ],
    ids=["list", "float64", "int64", "float32", "pandas", "strided"],
)
def test_tierings_accept_what_numpy_can_view(make):
    assert tiers.abc(make(VALUES)).tolist() == [1, 0, 2, 0, 1]
    assert tiers.gini(make([1, 2, 3, 4])) == 0.25
    assert tiers.quantile_scores(make(VALUES), q=2).tolist() == [1, 2, 1, 2, 1]


def test_outputs_are_fresh_compact_arrays():
    v = np.arange(1.0, 101.0)
    for out in (tiers.abc(v), tiers.curry(v), tiers.pyramid(v, [0.5, 0.5]), tiers.quantile_scores(v)):
        assert isinstance(out, np.ndarray) and out.dtype == np.uint8 and out.shape == (100,)
        assert out.flags.c_contiguous and out.flags.writeable and not np.shares_memory(out, v)
    s = tiers.rfm_scores(v, v, v)
    assert (s.r.dtype, s.f.dtype, s.m.dtype, s.code.dtype, s.q) == (np.uint8, np.uint8, np.uint8, np.uint32, 5)
    assert np.bincount(tiers.curry(v)).tolist() == [1, 4, 15, 80]
    assert tiers.CURRY_TIERS == ("top", "big", "medium", "small") and tiers.CURRY_SHARES == (0.01, 0.04, 0.15, 0.8)
    assert tiers.CUSTOMER_PYRAMID_TIERS == ("platinum", "gold", "iron", "lead") and (tiers.ABC_A, tiers.ABC_B) == (0.8, 0.95)


def _status(key):
    with open("/proc/self/status") as f:
        return int(re.search(key + r":\s+(\d+) kB", f.read()).group(1)) * 1024


def rss_growth(call):
    """Peak resident-set growth during ``call`` (Linux: writing 5 to clear_refs resets the peak)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    base = _status("VmRSS")
    call()
    return _status("VmHWM") - base


@pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK), reason="needs Linux's /proc/self/clear_refs")
def test_contiguous_float64_input_is_not_copied():
    # 5M customers: a float64 copy (40 MB) is above glibc's largest mmap threshold, so it shows
    # as fresh resident pages; what the kernels need besides their output is a few percent.
    n = 5_000_000
    v = np.random.default_rng(1).gamma(2.0, 50.0, n)
    v32 = v.astype(np.float32)
    tiers.abc(v)  # warm up the thread pool
    for name, call in [
        ("abc", lambda: tiers.abc(v)),
        ("curry", lambda: tiers.curry(v)),
        ("quantile_scores", lambda: tiers.quantile_scores(v)),
        ("dick_basu", lambda: cm.loyalty.dick_basu(v, v)),
    ]:
        assert min(rss_growth(call) for _ in range(2)) < 5 * n, name  # 1 byte out, no 8-byte copy
    assert rss_growth(lambda: tiers.abc(v32)) > 6 * n  # a float32 input is converted (8 bytes): the probe sees it
    assert rss_growth(lambda: tiers.gini(v)) < 12 * n  # gini sorts one copy (8 bytes), by design


def test_the_tie_rule_splits_a_run_of_equal_values_by_position():
    assert tiers.abc([1, 1, 1, 1], 0.5, 0.75).tolist() == [0, 0, 1, 2]
    t = tiers.curry([i % 50 for i in range(200)])
    assert [int(t[i]) for i in (49, 99, 149, 199)] == [0, 0, 1, 1]  # value 49 four times: top takes 2
    assert tiers.quantile_scores([5, 5, 5, 9], 2).tolist() == [1, 1, 1, 2]  # scores: equal values share


def test_rfm_segments_with_the_standard_and_a_replaced_map():
    s = tiers.rfm_scores([5, 30, 90, 1, 60, 2], [10, 2, 1, 8, 1, 12], [500, 80, 20, 300, 45, 900])
    seg = s.segments()
    assert seg.segment.dtype == np.uint16
    assert seg.names[-1] == "other" and len(seg.names) == 11 and sum(seg.counts) == 6
    assert seg.labelled().tolist() == [seg.names[i] for i in seg.segment]
    assert list(seg.categorical()) == seg.labelled().tolist()
    std = tiers.SegmentMap.standard()
    assert std.q == 5 and std.rules[0] == tiers.SegmentRule("champions", (5, 5), (4, 5), (1, 5))
    mine = tiers.SegmentMap(q=5, rules=(tiers.SegmentRule("big spenders", (1, 5), (1, 5), (5, 5)),), fallback="rest")
    own = tiers.rfm_segments(s.r, s.f, s.m, map=mine)
    assert own.names == ["big spenders", "rest"]
    assert own.labelled().tolist() == ["big spenders" if m == 5 else "rest" for m in s.m]
    assert tiers.SegmentMap.from_dict(mine.to_dict()) == mine
    # the map in its serialised form, scores as lists or int64 arrays (each checked to be whole)
    for again in (
        tiers.rfm_segments(s.r, s.f, s.m, map=mine.to_dict()),
        tiers.rfm_segments(s.r.tolist(), s.f.astype(np.int64), s.m, map=mine),
    ):
        assert again.to_dict() == own.to_dict()


def test_profit_pyramid_of_any_tiering():
    rng = np.random.default_rng(3)
    profit = rng.normal(100, 80, 1000)
    for t, k in ((tiers.abc(np.clip(profit, 0, None)), 3), (tiers.curry(profit), 4), (pd.Series(tiers.curry(profit)).astype("category").cat.codes, 4)):
        p = tiers.profit_pyramid(profit, t, k)
        assert len(p.tiers) == k and p.customers == 1000
        assert math.isclose(sum(x.value_share for x in p.tiers), 1, rel_tol=1e-9)
        assert sum(x.customers for x in p.tiers) == 1000
        assert math.isclose(p.total_value, profit.sum(), rel_tol=1e-12)
    p = tiers.profit_pyramid([3, 1], [0, 2], 3)
    assert p.tiers[1].customers == 0 and p.tiers[1].value_per_customer is None
    assert p.to_dict()["tiers"][0]["value_share"] == 0.75


def test_lorenz_curve():
    lz = tiers.lorenz(np.arange(1.0, 101.0), points=10)
    assert lz.population_share.dtype == np.float64 and lz.population_share.tolist() == [i / 10 for i in range(11)]
    assert lz.value_share[0] == 0 and lz.value_share[-1] == 1 and np.all(np.diff(lz.value_share) > 0)
    assert lz.gini == tiers.gini(np.arange(1.0, 101.0))
    assert len(tiers.lorenz([1, 2]).value_share) == 101


def test_migration_to_transition_to_markov_clv():
    before = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    after = np.array([0, 1, 0, 1, 2, 2, 2, 0])
    m = tiers.migration(before, after, 3)
    assert m.counts.shape == (3, 3) and m.counts.dtype == np.int64 and m.probabilities.shape == (3, 3)
    p = m.transition()
    assert isinstance(p, tiers.TransitionMatrix) and p.n_tiers == 3 and p == tiers.TransitionMatrix(m.probabilities)
    assert not p.probabilities.flags.writeable
    np.testing.assert_allclose(p.project([100, 0, 0], 2), np.array([100, 0, 0]) @ m.probabilities @ m.probabilities)
    assert p.project([1, 2, 3], 0).tolist() == [1, 2, 3]
    v = p.markov_clv([Decimal("50"), 10, "0"], discount_rate=0.1)
    assert all(isinstance(x, Decimal) for x in v)
    # Pfeifer & Carraway's recursion V = R + δ P V holds at the infinite horizon
    delta = 1 / Decimal("1.1")
    for i, (r, row) in enumerate(zip([50, 10, 0], m.probabilities)):
        step = r + delta * sum(Decimal(repr(float(q))) * x for q, x in zip(row, v))
        assert abs(step - v[i]) < Decimal("1e-20")
    assert tiers.markov_clv(p, [50, 10, 0], 0.1) == v
    assert tiers.markov_clv(p.probabilities, np.array([50.0, 10.0, 0.0]), 0.1) == v
    # Pfeifer & Carraway: the finite horizons converge to the infinite one
    assert abs(p.markov_clv([50, 10, 0], 0.1, horizon=400)[0] - v[0]) < Decimal("1e-12")
    # a tier nobody started in has no estimate
    with pytest.raises(cm.InvalidInputError) as e:
        tiers.migration([0, 0], [0, 1], 2).transition()
    assert (e.value.field, e.value.index) == ("transition", 1)


def test_money_is_exact():
    v = tiers.markov_clv([[0.5, 0.5], [0, 1]], [0.1, 0], 0.25, horizon=1)  # 0.1 + 0.8·0.5·0.1
    assert v == [Decimal("0.14"), Decimal("0")]
    assert tiers.markov_clv([[0.5, 0.5], [0, 1]], ["12", 0], 0.25) == [Decimal(20), Decimal(0)]


def test_results_are_frozen_with_to_dict():
    lz = tiers.lorenz([1, 2, 3, 4], points=4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lz.gini = 0  # type: ignore[misc]
    assert lz.to_dict() == {"population_share": [0, 0.25, 0.5, 0.75, 1], "value_share": [0, 0.1, 0.3, 0.6, 1], "gini": 0.25}
    assert tiers.migration([0, 1], [1, 1], 2).to_dict()["counts"] == [[0, 1], [0, 1]]


# ---- bad input ----------------------------------------------------------------------------------


P = [[0.9, 0.1], [0.5, 0.5]]


@pytest.mark.parametrize(
    "call, cls, field, index",
    [
        # NaN / inf
        (lambda: tiers.abc([5, np.nan, 1]), cm.NotFiniteError, "values", 1),
        (lambda: tiers.pyramid([1, np.inf, 2, 3], [0.5, 0.5]), cm.NotFiniteError, "values", 1),
        (lambda: tiers.curry([1, 2, 3, -np.inf]), cm.NotFiniteError, "values", 3),
        (lambda: tiers.quantile_scores([1, 2, np.nan]), cm.NotFiniteError, "values", 2),
        (lambda: tiers.rfm_scores([1, 2, 3], [1, 2, 3], [1, 2, np.nan], q=2), cm.NotFiniteError, "monetary", 2),
        (lambda: tiers.rfm_scores([np.inf, 2, 3], [1, 2, 3], [1, 2, 3], q=2), cm.NotFiniteError, "recency", 0),
        (lambda: tiers.gini([1, 2, 3, np.nan]), cm.NotFiniteError, "values", 3),
        (lambda: tiers.lorenz([1, np.inf]), cm.NotFiniteError, "values", 1),
        (lambda: tiers.profit_pyramid([1, np.nan], [0, 1], 2), cm.NotFiniteError, "values", 1),
        (lambda: tiers.project([1, np.nan], P), cm.NotFiniteError, "distribution", 1),
        (lambda: tiers.steady_state([[np.nan, 1], [0.5, 0.5]]), cm.NotFiniteError, "transition", 0),
        (lambda: tiers.markov_clv(P, [float("inf"), 0], 0.1), cm.NotFiniteError, "margins", 0),
        (lambda: tiers.markov_clv(P, [1, "NaN"], 0.1), cm.NotFiniteError, "margins", 1),
        (lambda: tiers.migration([0, 1, np.nan], [0, 1, 1], 3), cm.NotFiniteError, "from_tiers", 2),
        (lambda: tiers.rfm_segments([5, np.nan], [1, 1], [1, 1]), cm.NotFiniteError, "r", 1),
        # negative values where a share of value is taken
        (lambda: tiers.abc([5, 2, 1, -1]), cm.OutOfRangeError, "values", 3),
        (lambda: tiers.gini([-3, 1]), cm.InvalidInputError, "values", None),
        (lambda: tiers.gini([1, -1]), cm.DivisionByZeroError, "values", None),
        (lambda: tiers.lorenz([-3, 1]), cm.InvalidInputError, "values", None),
        (lambda: tiers.profit_pyramid([1, -5], [0, 1], 2), cm.InvalidInputError, "values", None),
        (lambda: tiers.abc([0, 0, 0]), cm.DivisionByZeroError, "values", None),
        # tier shares that do not sum to 1 or are not in (0, 1]
        (lambda: tiers.pyramid([1, 2, 3, 4], [0.1, 0.2, 0.3, 0.3]), cm.InvalidInputError, "shares", None),
        (lambda: tiers.curry([1, 2, 3, 4], shares=[0.5, 0.6]), cm.InvalidInputError, "shares", None),
        (lambda: tiers.pyramid([1, 2, 3, 4], [0.5, 0, 0.5]), cm.OutOfRangeError, "shares", 1),
        (lambda: tiers.pyramid([1, 2, 3, 4], [1.5, -0.5]), cm.OutOfRangeError, "shares", 0),
        (lambda: tiers.pyramid([1, 2, 3, 4], [0.5, np.nan]), cm.NotFiniteError, "shares", 1),
        (lambda: tiers.pyramid([1, 2, 3, 4], []), cm.EmptyInputError, "shares", None),
        (lambda: tiers.abc([1, 2, 3], a=0), cm.OutOfRangeError, "a", None),
        (lambda: tiers.abc([1, 2, 3], a=1.5), cm.OutOfRangeError, "a", None),
        (lambda: tiers.abc([1, 2, 3], a=0.8, b=0.5), cm.OutOfRangeError, "b", None),
        # q < 2 (and other bad q)
        (lambda: tiers.rfm_scores([1, 2], [1, 2], [1, 2], q=1), cm.OutOfRangeError, "q", None),
        (lambda: tiers.quantile_scores([1, 2, 3], q=0), cm.OutOfRangeError, "q", None),
        (lambda: tiers.quantile_scores([1, 2, 3], q=256), cm.OutOfRangeError, "q", None),
        (lambda: tiers.quantile_scores([1, 2, 3], q=2.5), cm.OutOfRangeError, "q", None),
        (lambda: tiers.rfm_segments([1], [1], [1], map=tiers.SegmentMap(1, ())), cm.OutOfRangeError, "q", None),
        # fewer customers than tiers (or score levels)
        (lambda: tiers.abc([1, 2]), cm.EmptyInputError, "values", None),
        (lambda: tiers.pyramid([1, 2, 3], [0.25] * 4), cm.EmptyInputError, "values", None),
        (lambda: tiers.curry([1, 2, 3]), cm.EmptyInputError, "values", None),
        (lambda: tiers.rfm_scores([1, 2, 3], [1, 2, 3], [1, 2, 3]), cm.EmptyInputError, "recency", None),
        (lambda: tiers.quantile_scores([1], q=2), cm.EmptyInputError, "values", None),
        (lambda: tiers.gini([]), cm.EmptyInputError, "values", None),
        (lambda: tiers.migration([], [], 2), cm.EmptyInputError, "from_tiers", None),
        # unknown tier labels (in a migration, a profit pyramid) and scores off the scale
        (lambda: tiers.migration([0, 1, 2, 0, 1], [0, 1, 2, 0, 3], 3), cm.OutOfRangeError, "to_tiers", 4),
        (lambda: tiers.migration([0, -1], [0, 1], 2), cm.OutOfRangeError, "from_tiers", 1),
        (lambda: tiers.migration([0, 1, 2], [0, 1, 1.5], 3), cm.OutOfRangeError, "to_tiers", 2),
        (lambda: tiers.migration(np.array([0, 1, 2], np.uint8), np.array([0, 1, 5], np.int8), 3), cm.OutOfRangeError, "to_tiers", 2),
        (lambda: tiers.migration(["gold", "iron"], [0, 1], 3), cm.InvalidInputError, "from_tiers", None),
        (lambda: tiers.migration([0, 1], [0, 1], 0), cm.OutOfRangeError, "n_tiers", None),
        (lambda: tiers.migration([0, 1], [0, 1], 257), cm.OutOfRangeError, "n_tiers", None),
        (lambda: tiers.profit_pyramid([1, 2, 3, 4], [0, 1, 4, 2], 4), cm.OutOfRangeError, "tiers", 2),
        (lambda: tiers.profit_pyramid([1, 2], [0, 1], 0), cm.OutOfRangeError, "n_tiers", None),
        (lambda: tiers.profit_pyramid([1, 2], np.zeros((1, 2)), 2), cm.InvalidInputError, "tiers", None),
        (lambda: tiers.rfm_segments([5, 1], [5, 6], [1, 1]), cm.OutOfRangeError, "f", 1),
        (lambda: tiers.rfm_segments(np.array([5, 0], np.uint8), [5, 5], [1, 1]), cm.OutOfRangeError, "r", 1),
        (lambda: tiers.rfm_segments([5, 1.5], [5, 5], [1, 1]), cm.OutOfRangeError, "r", 1),
        (lambda: tiers.rfm_segments([1], [1], [1], map=tiers.SegmentMap(5, (tiers.SegmentRule("x", (0, 5), (1, 5), (1, 5)),))), cm.InvalidInputError, "rules", 0),
        (lambda: tiers.rfm_segments([1], [1], [1], map={"q": 5}), cm.InvalidInputError, "map", None),
        # mismatched lengths
        (lambda: tiers.rfm_scores([1, 2, 3], [1, 2], [1, 2, 3], q=2), cm.LengthMismatchError, "frequency", None),
        (lambda: tiers.rfm_scores([1, 2, 3], [1, 2, 3], [1, 2], q=2), cm.LengthMismatchError, "monetary", None),
        (lambda: tiers.rfm_segments([1, 2], [1], [1, 2]), cm.LengthMismatchError, "f", None),
        (lambda: tiers.profit_pyramid([1, 2, 3], [0, 1], 2), cm.LengthMismatchError, "tiers", None),
        (lambda: tiers.migration([0, 1, 2], [0, 1], 3), cm.LengthMismatchError, "to_tiers", None),
        (lambda: tiers.project([1, 0, 0], P), cm.LengthMismatchError, "distribution", None),
        (lambda: tiers.markov_clv(P, [12], 0.1), cm.LengthMismatchError, "margins", None),
        # transition matrices that are not: rows not summing to 1, off [0, 1], not square, ragged
        (lambda: tiers.TransitionMatrix([[0.9, 0.2], [0.5, 0.5]]), cm.InvalidInputError, "transition", 0),
        (lambda: tiers.steady_state([[1, 0], [0.5, 0.4]]), cm.InvalidInputError, "transition", 1),
        (lambda: tiers.project([1, 0], [[1.2, -0.2], [0, 1]]), cm.OutOfRangeError, "transition", 0),
        (lambda: tiers.steady_state([[1, 0, 0], [0, 1, 0]]), cm.LengthMismatchError, "transition", None),
        # (the core's ragged-rows check names the row in the field, as for every matrix input)
        (lambda: tiers.steady_state([[1, 0], [0.5]]), cm.LengthMismatchError, "transition[1]", None),
        (lambda: tiers.steady_state("rows"), cm.InvalidInputError, "transition", None),
        (lambda: tiers.steady_state([[1, 0], [0, 1]]), cm.InvalidInputError, "transition", None),  # two closed classes
        # the Markov chain's other arguments
        (lambda: tiers.markov_clv([[0.5, 0.5], [0, 1]], [12, 0], 0), cm.DivergesError, "discount_rate", None),
        (lambda: tiers.markov_clv(P, [12, 0], -0.1), cm.OutOfRangeError, "discount_rate", None),
        (lambda: tiers.markov_clv(P, [12, 0], 0.1, horizon=2.5), cm.OutOfRangeError, "horizon", None),
        (lambda: tiers.markov_clv(P, [12, 0], 0.1, horizon=100_001), cm.OutOfRangeError, "horizon", None),
        (lambda: tiers.markov_clv(P, ["12,50", 0], 0.1), cm.InvalidInputError, "margins", 0),
        (lambda: tiers.markov_clv(P, "12", 0.1), cm.InvalidInputError, "margins", None),
        (lambda: tiers.project([1, 0], P, periods=-1), cm.OutOfRangeError, "periods", None),
        (lambda: tiers.lorenz([1, 2], points=0), cm.OutOfRangeError, "points", None),
        (lambda: tiers.rfm_code(4, 256, 3), cm.OutOfRangeError, "f", None),
        (lambda: tiers.rfm_code(4, 5, np.nan), cm.NotFiniteError, "m", None),
        (lambda: tiers.rfm_code(1.5, 5, 3), cm.OutOfRangeError, "r", None),
    ],
)
def test_bad_input_names_code_field_and_index(call, cls, field, index):
    with pytest.raises(cls) as info:
        call()
    err = info.value
    assert isinstance(err, cm.CustometricsError) and isinstance(err, ValueError)
    assert (err.field, err.index) == (field, index), str(err)
    assert str(err).startswith(field if index is None else f"{field}[{index}]"), str(err)


@settings(max_examples=300, deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(allow_nan=True, allow_infinity=True)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 300),
)
def test_nothing_panics_on_any_input(v, x, k):
    """Any floats, any q or tier count: a result or a CustometricsError, never another exception."""
    calls = [
        lambda: tiers.abc(v, x, 0.95),
        lambda: tiers.pyramid(v, [x, 1 - x]),
        lambda: tiers.quantile_scores(v, k),
        lambda: tiers.rfm_scores(v, v[::-1].copy(), v, k),
        lambda: tiers.gini(v),
        lambda: tiers.lorenz(v, max(k, 0)),
        lambda: tiers.profit_pyramid(v, v, k),
        lambda: tiers.migration(v, v, k),
        lambda: tiers.rfm_segments(v, v, v),
        lambda: tiers.steady_state([[x, 1 - x], [0.5, 0.5]]),
        lambda: tiers.markov_clv([[x, 1 - x], [0.5, 0.5]], [x, 1], abs(x) if x == x else 0.1, None if k < 0 else k),
    ]
    for call in calls:
        try:
            call()
        except cm.CustometricsError:
            pass


@pytest.mark.parametrize("r, q", [(0, 5), (6, 5), (1, 0), (10, 9)])
def test_rfm_code_refuses_a_score_outside_its_levels(r, q):
    # a score outside 1..=q would be the code of another cell (6 with q = 5 reads as R6)
    with pytest.raises(cm.OutOfRangeError) as info:
        tiers.rfm_code(r, 1, 1, q=q)
    assert (info.value.field, info.value.index) == ("r", None)
    assert f"1..={q}" in str(info.value)
