"""Every docstring example in the Python package runs: each module of ``custometrics`` is
walked and its examples are executed with doctest, so an example that drifts from the code
fails here rather than in a reader's notebook."""

import doctest
import importlib
import pkgutil

import pytest

import custometrics


def _modules():
    names = [custometrics.__name__]
    names += [m.name for m in pkgutil.walk_packages(custometrics.__path__, custometrics.__name__ + ".")]
    return sorted(n for n in names if not n.rsplit(".", 1)[-1] == "_native")


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, raise_on_error=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_every_public_module_has_examples():
    # The modules users import directly each show at least one worked example.
    public = ["custometrics.assessment", "custometrics.satisfaction", "custometrics.trust", "custometrics.loyalty", "custometrics.tiers",
              "custometrics.retention.economics", "custometrics.retention.transaction",
              "custometrics.retention.simulate", "custometrics.retention.tracking", "custometrics.retention.scorecard",
              "custometrics.plotting", "custometrics.plotting.models", "custometrics.plotting.satisfaction",
              "custometrics.plotting.loyalty", "custometrics.plotting.tiers", "custometrics.plotting.trust"]
    for name in public:
        finder = doctest.DocTestFinder()
        examples = sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
        assert examples > 0, name
