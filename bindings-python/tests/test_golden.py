"""The shared golden vectors (every core/tests/data/golden*.json), through the Python API."""

import pytest

import custometrics as cm
from golden import CASES, FILES, assert_close, call, pick, tolerance


def _id(case):
    return f"{case['file']}: {case['name']}"


def test_every_golden_file_is_read():
    assert {p.name for p in FILES} >= {"golden.json", "golden_retention.json"}
    assert {c["file"] for c in CASES} == {p.name for p in FILES}


@pytest.mark.parametrize("case", [c for c in CASES if "expected" in c], ids=_id)
def test_expected_values(case):
    result = call(case["function"], case["args"])
    for path, want in case["expected"].items():
        assert_close(pick(result, path), want, f"{case['name']}: {path}", tolerance(case))


@pytest.mark.parametrize("case", [c for c in CASES if "error" in c], ids=_id)
def test_expected_errors(case):
    with pytest.raises(cm.CustometricsError) as info:
        call(case["function"], case["args"])
    err, want = info.value, case["error"]
    assert isinstance(err, ValueError)
    assert (err.code, err.field, err.index) == (want["code"], want["field"], want["index"]), str(err)
