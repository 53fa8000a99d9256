"""custometrics.loyalty beyond the golden vectors: classes as codes with labels (names, pandas
Categorical), the matrices against numpy references (hypothesis), indicators and the index, and
every kind of bad input with its error class, field and index."""

import dataclasses
import doctest
import math
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import custometrics as cm
from custometrics import loyalty


def test_docstring_examples():
    assert doctest.testmod(sys.modules["custometrics.loyalty"], raise_on_error=False).failed == 0


def test_classes_are_codes_with_labels():
    d = loyalty.dick_basu(pd.Series([9.0, 8, 3, 2, 7]), np.array([6, 1, 5, 0, 4]))
    assert isinstance(d.classes, np.ndarray) and d.classes.dtype == np.uint8
    assert d.labels == loyalty.DICK_BASU_CLASSES == ("loyal", "latent", "spurious", "no_loyalty")
    assert d.names().tolist() == ["loyal", "latent", "spurious", "no_loyalty", "loyal"]
    cat = d.categorical()
    assert isinstance(cat, pd.Categorical) and list(cat.categories) == list(d.labels)
    assert cat.codes.tolist() == d.classes.tolist()
    assert (d.counts.loyal, d.shares.loyal, d.attitude_threshold, d.patronage_threshold, d.n) == (2, 0.4, 7.0, 4.0, 5)
    assert isinstance(d.counts.loyal, int) and isinstance(d.shares.loyal, float)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.n = 0  # type: ignore[misc]
    assert d.to_dict()["counts"] == {"loyal": 2, "latent": 1, "spurious": 1, "no_loyalty": 1}
    j = loyalty.jones_sasser([5, 4, 4, 2, 1, 3], [5, 4, 2, 5, 1, 2])
    assert j.labels == loyalty.JONES_SASSER_CLASSES and j.classes.tolist() == [0, 1, 2, 3, 5, 4]
    assert (j.counts.loyalist, j.counts.apostle, j.counts.defector, j.counts.terrorist) == (2, 1, 2, 1)
    assert math.isclose(j.shares.mercenary, 1 / 6)
    q = j.quadrants()
    assert q.dtype == np.uint8 and [j.labels[c] for c in q] == ["loyalist", "loyalist", "mercenary", "hostage", "defector", "defector"]


def test_jones_sasser_options():
    # a 0–10 recommendation scale with its own cuts and bands
    j = loyalty.jones_sasser(
        [10, 9, 2, 0], [10, 3, 9, 0], satisfaction_scale=(0, 10), loyalty_scale=(0, 10), satisfaction_cut=7,
        loyalty_cut=7, apostle_satisfaction=9, apostle_loyalty=9, terrorist_satisfaction=1, terrorist_loyalty=1,
    )
    assert j.names().tolist() == ["apostle", "mercenary", "hostage", "terrorist"]


scale = st.integers(1, 5).map(float)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200).flatmap(lambda n: st.tuples(hnp.arrays(np.float64, n, elements=st.integers(0, 20).map(float)), hnp.arrays(np.float64, n, elements=st.integers(0, 20).map(float)))))
def test_dick_basu_agrees_with_numpy_medians(ap):
    a, p = ap
    d = loyalty.dick_basu(a, p)
    assert (d.attitude_threshold, d.patronage_threshold) == (np.median(a), np.median(p))
    hi_a, hi_p = a >= np.median(a), p >= np.median(p)
    want = np.select([hi_a & hi_p, hi_a, hi_p], [0, 1, 2], 3)
    np.testing.assert_array_equal(d.classes, want)
    assert [d.counts.loyal, d.counts.latent, d.counts.spurious, d.counts.no_loyalty] == np.bincount(want, minlength=4).tolist()
    assert math.isclose(d.shares.loyal + d.shares.latent + d.shares.spurious + d.shares.no_loyalty, 1)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200).flatmap(lambda n: st.tuples(hnp.arrays(np.float64, n, elements=scale), hnp.arrays(np.float64, n, elements=scale))))
def test_jones_sasser_quadrants_and_extremes(sl):
    s, lo = sl
    j = loyalty.jones_sasser(s, lo)
    quadrant = np.select([(s >= 4) & (lo >= 4), s >= 4, lo >= 4], [1, 2, 3], 4)
    extreme = np.where((s >= 5) & (lo >= 5), 0, np.where((s <= 1) & (lo <= 1), 5, quadrant))
    np.testing.assert_array_equal(j.classes, extreme)
    assert j.counts.loyalist + j.counts.mercenary + j.counts.hostage + j.counts.defector == len(s)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 100).flatmap(lambda n: st.tuples(*(hnp.arrays(np.float64, n, elements=st.integers(0, 4).map(float)) for _ in range(2)))))
def test_indicators_follow_their_definitions(pc):
    prev, cur = pc
    if not (prev > 0).any():
        with pytest.raises(cm.DivisionByZeroError):
            loyalty.loyalty_indicators(prev, cur)
        return
    k = loyalty.loyalty_indicators(prev, cur)
    base = (prev > 0).sum()
    assert k.retained == ((prev > 0) & (cur > 0)).sum() and k.churned == base - k.retained
    assert k.acquired == ((prev == 0) & (cur > 0)).sum()
    assert math.isclose(k.growth_rate, k.acquisition_rate - k.churn_rate, abs_tol=1e-12)
    assert k.repeat_purchase_rate == ((prev + cur) >= 2).sum() / ((prev + cur) > 0).sum()
    assert k.mean_inter_purchase_time is None


def test_loyalty_index_and_normalised_scores():
    assert loyalty.LOYALTY_MEASURES[0] == "repeat_purchases" and len(loyalty.LOYALTY_MEASURES) == 7
    churn = loyalty.normalised_score(0.05, worst=0.30, best=0.0)  # less is more loyal
    scores = [0.8, 0.5, 0.4, 0.6, 0.7, 0.5, churn]
    ix = loyalty.loyalty_index(scores, [2, 1, 1, 1, 1, 1, 3])
    assert [m.measure for m in ix.measures] == list(loyalty.LOYALTY_MEASURES)
    assert math.isclose(sum(m.contribution for m in ix.measures), ix.index)
    assert math.isclose(sum(m.weight for m in ix.measures), 1)
    assert math.isclose(loyalty.loyalty_index(np.ones(7), np.ones(7)).index, 100.0, rel_tol=1e-15)


@pytest.mark.parametrize(
    "call, cls, field, index",
    [
        # NaN / inf
        (lambda: loyalty.dick_basu([1, np.nan], [1, 2]), cm.NotFiniteError, "attitude", 1),
        (lambda: loyalty.dick_basu([1, 2], [1, np.inf]), cm.NotFiniteError, "patronage", 1),
        (lambda: loyalty.dick_basu([1, 2], [1, 2], attitude_threshold=np.nan), cm.NotFiniteError, "attitude_threshold", None),
        (lambda: loyalty.dick_basu([1, 2], [1, 2], patronage_threshold=-np.inf), cm.NotFiniteError, "patronage_threshold", None),
        (lambda: loyalty.jones_sasser([5, np.nan], [1, 2]), cm.NotFiniteError, "satisfaction", 1),
        (lambda: loyalty.loyalty_indicators([1, np.nan], [1, 1]), cm.NotFiniteError, "previous", 1),
        (lambda: loyalty.loyalty_indicators([1, 1], [1, 1], [0, np.nan], [1, 1]), cm.NotFiniteError, "first_purchase", 1),
        (lambda: loyalty.loyalty_index([0.5] * 6 + [np.nan], [1] * 7), cm.NotFiniteError, "scores", 6),
        (lambda: loyalty.normalised_score(np.nan, 0, 1), cm.NotFiniteError, "value", None),
        # out of scale, out of range
        (lambda: loyalty.jones_sasser([5, 4, 6], [1, 2, 3]), cm.OutOfRangeError, "satisfaction", 2),
        (lambda: loyalty.jones_sasser([5], [0]), cm.OutOfRangeError, "loyalty", 0),
        (lambda: loyalty.jones_sasser([1], [1], satisfaction_cut=7), cm.OutOfRangeError, "satisfaction_cut", None),
        (lambda: loyalty.jones_sasser([1], [1], terrorist_loyalty=0), cm.OutOfRangeError, "terrorist_loyalty", None),
        (lambda: loyalty.jones_sasser([1], [1], satisfaction_scale=(5, 1)), cm.OutOfRangeError, "satisfaction_scale.max", None),
        (lambda: loyalty.loyalty_indicators([1, 2], [0, 1.5]), cm.OutOfRangeError, "current", 1),
        (lambda: loyalty.loyalty_indicators([1, -2], [0, 1]), cm.OutOfRangeError, "previous", 1),
        (lambda: loyalty.loyalty_indicators([1, 2], [0, 1], [0, 5], [0, 4]), cm.OutOfRangeError, "last_purchase", 1),
        (lambda: loyalty.loyalty_index([0.8, 0.5, 0.4, 1.2, 0.7, 0.5, 0.9], [1] * 7), cm.OutOfRangeError, "scores", 3),
        (lambda: loyalty.loyalty_index([0.5] * 7, [1, 1, -1, 1, 1, 1, 1]), cm.OutOfRangeError, "weights", 2),
        (lambda: loyalty.loyalty_index([0.5] * 7, [0] * 7), cm.InvalidInputError, "weights", None),
        (lambda: loyalty.normalised_score(1, 2, 2), cm.DivisionByZeroError, "best", None),
        # empty, lengths, missing pairs, no base
        (lambda: loyalty.dick_basu([], []), cm.EmptyInputError, "attitude", None),
        (lambda: loyalty.jones_sasser([], []), cm.EmptyInputError, "satisfaction", None),
        (lambda: loyalty.loyalty_indicators([], []), cm.EmptyInputError, "previous", None),
        (lambda: loyalty.dick_basu([1, 2, 3], [1, 2]), cm.LengthMismatchError, "patronage", None),
        (lambda: loyalty.jones_sasser([1, 2], [1]), cm.LengthMismatchError, "loyalty", None),
        (lambda: loyalty.loyalty_indicators([1, 2], [1]), cm.LengthMismatchError, "current", None),
        (lambda: loyalty.loyalty_indicators([1, 2], [1, 1], [0, 1, 2], [0, 1, 2]), cm.LengthMismatchError, "first_purchase", None),
        (lambda: loyalty.loyalty_index([0.5] * 6, [1] * 6), cm.LengthMismatchError, "scores", None),
        (lambda: loyalty.loyalty_indicators([1, 2], [0, 1], first_purchase=[0, 0]), cm.InvalidInputError, "last_purchase", None),
        (lambda: loyalty.loyalty_indicators([0, 0], [1, 1]), cm.DivisionByZeroError, "previous", None),
    ],
)
def test_bad_input_names_code_field_and_index(call, cls, field, index):
    with pytest.raises(cls) as info:
        call()
    err = info.value
    assert isinstance(err, cm.CustometricsError) and isinstance(err, ValueError)
    assert (err.field, err.index) == (field, index), str(err)
