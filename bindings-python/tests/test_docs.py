"""The docs site's pages run as written (docs/run_tour.py runs their Python blocks in order), and
draw the figures the pages show."""

import importlib.util
import re
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
    shown = set(re.findall(r"\]\(img/([\w.-]+\.png)\)", text))
    drawn = {p.name for p in tmp_path.glob("*.png")}
    assert shown <= drawn, f"figures the page shows but its code does not draw: {shown - drawn}"
    for name in shown:  # the committed figure is there, and a real picture
        data = (ROOT / "docs" / "img" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000, name
    if page == "getting-started.md":
        out = capsys.readouterr().out
        assert "format='%Y%m%d'" in out and "frequency_cal" in out
        assert namespace["clv_odd"].isna().sum() == 1 and namespace["card"] is not None
    if page == "survey-report.md":  # the figures against a count done here, not by the library
        scores = namespace["survey"]["nps"].to_numpy()
        expected = 100.0 * ((scores >= 9).mean() - (scores <= 6).mean())
        assert namespace["n"].score == pytest.approx(expected, abs=1e-9) and namespace["n"].n == len(scores)
        db = namespace["db"].counts
        assert db.loyal + db.latent + db.spurious + db.no_loyalty == len(scores)
        assert "out_of_range scores 2" in capsys.readouterr().out


def _blocks(text: str, lang: str) -> list:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def test_the_rust_page_shows_the_crates_doctested_examples():
    """docs/getting-started-rust.md's Rust blocks are core/README.md's (the crate's front page, which
    `cargo test` runs as doctests), less rustdoc's hidden `# ` lines, so the page runs as its code."""
    page = _blocks((ROOT / "docs" / "getting-started-rust.md").read_text(encoding="utf-8"), "rust")
    readme = _blocks((ROOT / "core" / "README.md").read_text(encoding="utf-8"), "rust")
    shown = ["".join(line for line in b.splitlines(keepends=True) if not line.startswith("# ")) for b in readme]
    assert page, "the Rust page has no Rust blocks"
    for block in page:
        assert block in shown, f"this block of the Rust page is not a doctest of core/README.md:\n{block}"
    # the crate's lib.rs takes its front page from the README, so those blocks are doctests
    assert '#[doc = include_str!("../README.md")]' in (ROOT / "core" / "src" / "lib.rs").read_text(encoding="utf-8")
