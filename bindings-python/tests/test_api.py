"""What a data scientist relies on beyond the numbers: input kinds, result objects, errors."""

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pytest

import custometrics as cm
from custometrics import satisfaction as sat, trust


SCORES = [10, 9, 8, 7, 6, 0, 10, 9]


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
def test_nps_accepts_what_numpy_can_view(make):
    r = sat.nps(make(SCORES))
    assert (r.score, r.promoters, r.passives, r.detractors, r.n) == (25.0, 4, 2, 2, 8)


def test_nps_reads_int64_scores_as_they_are():
    # The core's integer kernel: the same result as float64, the same first bad index, across
    # the core's parallel blocks (2**16 scores).
    s = (np.arange(200_003) * 7 % 11).astype(np.int64)
    assert sat.nps(s) == sat.nps(s.astype(np.float64))
    for bad, at in [(-1, 65_535), (11, 65_536), (np.iinfo(np.int64).min, 3)]:
        t = s.copy()
        t[at] = bad
        t[at + 5] = 12
        with pytest.raises(cm.OutOfRangeError) as e:
            sat.nps(t)
        assert (e.value.field, e.value.index) == ("scores", at)
    # anything else goes through the one input layer, which names the argument
    with pytest.raises(cm.InvalidInputError) as e:
        sat.nps(object())  # type: ignore[arg-type]
    assert e.value.field == "scores"


def test_results_are_frozen_and_serialisable():
    r = sat.nps(SCORES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.score = 0  # type: ignore[misc]
    d = r.to_dict()
    assert d["score"] == 25.0 and json.loads(json.dumps(d)) == d
    s = sat.servqual([[5, 5, 5], [6, 6, 6]], [[4, 6, 7], [6, 6, 3]], dimensions={"a": [0, 1], "b": [2]})
    assert isinstance(s.item_gaps, np.ndarray) and s.item_gaps.dtype == np.float64
    assert s.to_dict()["respondents"][1]["dimension_gaps"] == [0.0, -3.0]


def test_nan_policies():
    data = np.array([10, np.nan, 0, 9])
    with pytest.raises(cm.NotFiniteError) as e:
        sat.nps(data)
    assert (e.value.field, e.value.index) == ("scores", 1)
    assert sat.nps(data, nan_policy="omit").n == 3
    assert math.isnan(sat.nps(data, nan_policy="propagate").score)
    with pytest.raises(cm.InvalidInputError) as e:
        sat.nps(data, nan_policy="ignore")  # type: ignore[arg-type]
    assert e.value.field == "nan_policy"


def test_error_classes_share_one_base_and_carry_facts():
    cases = [
        (lambda: sat.nps([1, 7.5]), cm.OutOfRangeError, "scores", 1),
        (lambda: sat.nps([]), cm.EmptyInputError, "scores", None),
        (lambda: sat.nps([3, np.inf]), cm.NotFiniteError, "scores", 1),
        (lambda: sat.nps([3], confidence=1.5), cm.OutOfRangeError, "confidence", None),
        (lambda: trust.trust_scores([1, 2], [1], [1, 2], [1, 2]), cm.LengthMismatchError, "reliability", None),
        (lambda: trust.trust_score(5, 5, 5, 0), cm.OutOfRangeError, "self_orientation", None),
        (lambda: trust.trust_score(5, 5, 5, -3), cm.OutOfRangeError, "self_orientation", None),
        (lambda: sat.disconfirmation([1, 2], [1, 2], importance=[0, 0]), cm.InvalidInputError, "importance", None),
        (lambda: sat.disconfirmation([1, 2], [1, 2], importance=[1, -1]), cm.OutOfRangeError, "importance", 1),
        (lambda: sat.complaint_iceberg(10, 5, 0.1, 0.1, 0.1), cm.InvalidInputError, "shares", None),
        (lambda: sat.complaint_iceberg(10, 5, 0.0, 0.4, 0.6), cm.DivisionByZeroError, "shares.formal", None),
        (lambda: sat.csi([[1, 2], [1, 3]], scale=(1, 7), overall=[1, 2]), cm.DivisionByZeroError, "ratings column", 0),
    ]
    for call, cls, field, index in cases:
        with pytest.raises(cls) as info:
            call()
        err = info.value
        assert isinstance(err, cm.CustometricsError) and isinstance(err, ValueError)
        assert (err.field, err.index) == (field, index), str(err)
        assert err.code and str(err).startswith(field)


def test_trust_scores_returns_a_fresh_float64_array():
    c = np.full(1000, 7.0)
    out = trust.trust_scores(c, c, c, np.full(1000, 3.0))
    assert out.dtype == np.float64 and out.shape == (1000,) and np.all(out == 7.0)
    assert not np.shares_memory(out, c)
    rows = trust.trust_scores([7, np.nan], [8, 9], [6, 9], [3, 9], nan_policy="propagate")
    assert rows[0] == 7.0 and math.isnan(rows[1])


def test_default_servqual_instrument_has_22_items():
    rng = np.random.default_rng(7)
    e = rng.integers(1, 8, size=(30, 22)).astype(float)
    p = rng.integers(1, 8, size=(30, 22)).astype(float)
    r = sat.servqual(e, p, importance=[10, 30, 20, 20, 20])
    assert r.dimensions == list(sat.SERVQUAL_DIMENSIONS)
    gaps = p - e
    want = [gaps[:, list(items)].mean() for items in sat.SERVQUAL_DIMENSIONS.values()]
    np.testing.assert_allclose(r.sample.dimension_gaps, want, rtol=1e-12)
    np.testing.assert_allclose(r.sample.weighted, np.dot([0.1, 0.3, 0.2, 0.2, 0.2], want), rtol=1e-12)
    with pytest.raises(cm.LengthMismatchError):
        sat.servqual(e[:, :21], p[:, :21])


def test_version_is_exposed():
    assert cm.__version__.count(".") == 2
