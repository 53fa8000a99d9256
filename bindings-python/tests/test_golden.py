"""The shared golden vectors, through the Python API."""

import math

import numpy as np
import pytest

import custometrics as cm
from golden import CASES, call, pick


def assert_close(got, want, where):
    if isinstance(want, list):
        got = list(np.asarray(got).tolist()) if isinstance(got, np.ndarray) else list(got)
        assert len(got) == len(want), where
        for g, w in zip(got, want):
            assert_close(g, w, where)
    elif want == "NaN":
        assert isinstance(got, float) and math.isnan(got), where
    elif isinstance(want, (int, float)) and not isinstance(want, bool) and not isinstance(got, str):
        assert got == pytest.approx(want, rel=1e-12, abs=1e-12), where
    else:
        assert got == want, where


@pytest.mark.parametrize("case", [c for c in CASES if "expected" in c], ids=lambda c: c["name"])
def test_expected_values(case):
    result = call(case["function"], case["args"])
    for path, want in case["expected"].items():
        assert_close(pick(result, path), want, f"{case['name']}: {path}")


@pytest.mark.parametrize("case", [c for c in CASES if "error" in c], ids=lambda c: c["name"])
def test_expected_errors(case):
    with pytest.raises(cm.CustometricsError) as info:
        call(case["function"], case["args"])
    err, want = info.value, case["error"]
    assert isinstance(err, ValueError)
    assert (err.code, err.field, err.index) == (want["code"], want["field"], want["index"]), str(err)
