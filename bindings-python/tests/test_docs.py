"""The docs site's pages run as written (docs/run_tour.py runs their Python blocks in order), and
draw the figures the pages show."""

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name for p in (ROOT / "docs").glob("*.md") if "```python" in p.read_text(encoding="utf-8"))
spec = importlib.util.spec_from_file_location("run_tour", ROOT / "docs" / "run_tour.py")
tour = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tour)


def test_the_tour_is_a_page_with_code():
    assert "getting-started.md" in PAGES


@pytest.mark.filterwarnings("ignore::custometrics.retention.CoercedWarning")  # the tour shows one
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_draws_its_figures(page, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CUSTOMETRICS_DOCS_IMG", str(tmp_path))
    namespace = tour.run(ROOT / "docs" / page)
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    shown = set(__import__("re").findall(r"\]\(img/([\w.-]+\.png)\)", text))
    drawn = {p.name for p in tmp_path.glob("*.png")}
    assert shown <= drawn, f"figures the page shows but its code does not draw: {shown - drawn}"
    for name in shown:  # the committed figure is there, and a real picture
        data = (ROOT / "docs" / "img" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000, name
    if page == "getting-started.md":
        out = capsys.readouterr().out
        assert "format='%Y%m%d'" in out and "frequency_cal" in out
        assert namespace["clv_odd"].isna().sum() == 1 and namespace["card"] is not None
