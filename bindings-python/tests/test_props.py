"""Hypothesis: the binding agrees with plain numpy formulas on arbitrary data."""

import math

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from custometrics import satisfaction as sat, trust

scores = hnp.arrays(np.float64, st.integers(1, 500), elements=st.integers(0, 10).map(float))
ratings = st.floats(1.0, 10.0)


@settings(max_examples=200, deadline=None)
@given(scores)
def test_nps_matches_numpy(s):
    r = sat.nps(s)
    assert math.isclose(r.score, ((s >= 9).mean() - (s <= 6).mean()) * 100, rel_tol=1e-12, abs_tol=1e-12)
    assert r.promoters == int((s >= 9).sum()) and r.detractors == int((s <= 6).sum())


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 200), elements=ratings), st.data())
def test_trust_scores_match_numpy(c, data):
    n = len(c)
    r, i, s = (data.draw(hnp.arrays(np.float64, n, elements=ratings)) for _ in range(3))
    np.testing.assert_array_equal(trust.trust_scores(c, r, i, s), (c + r + i) / s)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 100), elements=st.integers(1, 5).map(float)), st.integers(1, 5))
def test_csat_is_the_top_box_share(x, k):
    assert math.isclose(sat.csat(x, 5, k).share, float((x >= 6 - k).mean()))
