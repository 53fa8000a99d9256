#!/usr/bin/env python3
"""Draws docs/img/scorecard_cdnow.png, the README's figure: a BG/NBD model fitted on the CDNOW
sample's first 39 weeks (1997-01-01 .. 1997-09-30) and checked on the next 39, with
custometrics.retention.holdout_scorecard and custometrics.plotting.plot_scorecard.

    .venv/bin/python docs/img/readme_scorecard.py [output.png]

tests/test_plotting.py runs it (into a temporary file), so it keeps working.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from custometrics.plotting import plot_scorecard  # noqa: E402
from custometrics.retention import BetaGeo, holdout_scorecard, summary_from_transactions  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    log = pd.read_csv(
        ROOT / "core" / "tests" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
        names=["customer", "id2", "date", "cds", "dollars"], dtype={"date": str},
    )
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
    summary = summary_from_transactions(
        log["customer"], log["date"], calibration_period_end="1997-09-30", observation_period_end="1998-06-30",
        freq="D", freq_multiplier=7,  # days, in weeks
    )
    model = BetaGeo().fit(summary)
    card = holdout_scorecard(model, summary, log, "date", "customer", freq_multiplier=7)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
    plot_scorecard(card, ax=left)
    plot_scorecard(card, "tracking", ax=right)
    right.set_xlabel("Days since 1997-01-01 (weekly points)")
    fig.suptitle("BG/NBD on the CDNOW sample: 39 weeks of calibration, 39 of holdout", fontweight="bold")
    fig.savefig(out, dpi=80)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("scorecard_cdnow.png"))
