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
    assert "{'alpha': 0.704" in out  # the retention example's sBG fit
    assert out.rstrip().splitlines()[-1].startswith("0.6947")  # the lifetimes-style BG/NBD fit
