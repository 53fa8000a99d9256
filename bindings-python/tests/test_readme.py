"""The README's Python example runs as written."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_python_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks, "the README has a Python example"
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("25.0 ")
    assert "{'alpha': 0.704, 'beta': 1.182}" in out  # the retention example's sBG fit
    assert "[2 0 2 1 2 2 0 2] 0.6935" in out and "['loyal' 'need_attention'" in out  # loyalty and tiers
    assert any(line.startswith("0.6947") for line in out.splitlines())  # the lifetimes-style BG/NBD fit
    assert "Being with customers 贴近客户 5\n0.6\n[1, 2, 2] [0.75 0.25]" in out  # the assessment example
    assert "[1.35, 0.64, 934.28, 614.0]" in out  # the holdout scorecard on the simulated shop


def test_readme_engine_examples_are_the_docs_page_run_by_the_tests():
    """The README's Spark and Dask excerpts (```py, not run here: they need a cluster) are
    verbatim parts of docs/distributed.md, whose blocks tests/test_docs.py runs."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "distributed.md").read_text()
    excerpts = re.findall(r"```py\n(.*?)```", README, flags=re.S)
    assert len(excerpts) == 2
    for code in excerpts:
        assert code in page, code
