"""Key drivers in Python: the attributes read by shape whatever their container or memory order,
the shares' invariants, the seeded bootstrap, and errors that name the column. The reference
numbers themselves are the golden cases'."""

import numpy as np
import pandas as pd
import pytest

import custometrics as cm
from custometrics import satisfaction as sat

RNG = np.random.default_rng(12)
X = np.clip(np.round(5.5 + 2 * RNG.normal(size=(80, 4))), 1, 10)
Y = np.clip(np.round(X @ np.array([0.5, 0.3, 0.15, 0.05]) + RNG.normal(size=80)), 1, 10)


@pytest.mark.parametrize("method", ["relative_weights", "shapley"])
def test_the_shares_sum_to_r_squared_which_is_the_regressions(method):
    k = sat.key_drivers(Y, X, method=method)
    assert k.method == method and k.n == 80 and k.importance.shape == (4,)
    assert k.importance.sum() == pytest.approx(k.r_squared, abs=1e-12)
    assert k.rescaled.sum() == pytest.approx(1.0, abs=1e-12)
    design = np.column_stack([np.ones(80), X])
    residual = Y - design @ np.linalg.lstsq(design, Y, rcond=None)[0]
    assert k.r_squared == pytest.approx(1 - residual @ residual / ((Y - Y.mean()) @ (Y - Y.mean())), abs=1e-12)
    assert k.ci_low is None and k.skipped_resamples is None


def test_attributes_are_read_by_shape_whatever_the_container_or_memory_order():
    want = sat.key_drivers(Y, X)
    frame = pd.DataFrame(X, columns=["quality", "service", "value", "complaints"])  # column-major
    for given in (np.asfortranarray(X), np.ascontiguousarray(X), X.astype(np.int64), frame, X.tolist(), X[:, ::-1][:, ::-1]):
        got = sat.key_drivers(pd.Series(Y), given)
        np.testing.assert_array_equal(got.importance, want.importance)
        assert got.r_squared == want.r_squared


def test_the_bootstrap_repeats_with_its_seed_and_brackets_the_shares():
    a = sat.key_drivers(Y, X, resamples=300, seed=5)
    b = sat.key_drivers(Y, X, resamples=300, seed=5)
    c = sat.key_drivers(Y, X, resamples=300, seed=6)
    np.testing.assert_array_equal(a.ci_low, b.ci_low)
    assert not np.array_equal(a.ci_high, c.ci_high)
    assert np.all(a.ci_low <= a.ci_high) and np.all((a.ci_low >= 0) & (a.ci_high <= 1))
    assert a.skipped_resamples == 0
    assert a.to_dict()["ci_low"] == a.ci_low.tolist()


def test_omit_drops_respondents_with_a_missing_value():
    x, y = X.copy(), Y.copy()
    x[3, 2] = np.nan
    y[7] = np.nan
    with pytest.raises(cm.NotFiniteError) as e:
        sat.key_drivers(y, x)
    assert (e.value.field, e.value.index) == ("overall", 7)
    k = sat.key_drivers(y, x, nan_policy="omit")
    keep = np.ones(80, bool)
    keep[[3, 7]] = False
    assert k.n == 78
    np.testing.assert_array_equal(k.importance, sat.key_drivers(Y[keep], X[keep]).importance)


def test_a_constant_or_collinear_attribute_is_named():
    constant = X.copy()
    constant[:, 1] = 4
    with pytest.raises(cm.DivisionByZeroError) as e:
        sat.key_drivers(Y, constant)
    assert (e.value.code, e.value.field, e.value.index) == ("division_by_zero", "attributes column", 1)
    collinear = np.column_stack([X, X[:, 0] - 2 * X[:, 2]])
    with pytest.raises(cm.InvalidInputError) as e:
        sat.key_drivers(Y, collinear)
    assert (e.value.field, e.value.index) == ("attributes column", 4) and "collinear" in str(e.value)


def test_bad_options_are_named():
    with pytest.raises(cm.CustometricsError) as e:
        sat.key_drivers(Y, X, method="lmg")  # type: ignore[arg-type]
    assert e.value.field == "method"
    with pytest.raises(cm.OutOfRangeError) as e:
        sat.key_drivers(Y, X, resamples=99)
    assert e.value.field == "resamples"
    with pytest.raises(cm.OutOfRangeError) as e:
        sat.key_drivers(Y, np.tile(X, (1, 4)))  # 16 attributes
    assert e.value.field == "attributes"
    with pytest.raises(cm.LengthMismatchError):
        sat.key_drivers(Y[:-1], X)
