"""The typed usage file runs: the types mypy --strict infers for it (make python-test) are the
values the library returns."""

import typed_usage


def test_the_typed_usage_runs():
    typed_usage.run()
