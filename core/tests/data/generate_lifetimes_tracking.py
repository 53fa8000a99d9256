#!/usr/bin/env python3
"""Writes lifetimes_reference_tracking.json: lifetimes 0.11.3's
``expected_cumulative_transactions`` on the CDNOW sample log, for the BG/NBD parameters of Fader,
Hardie & Lee (2005) (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, per week).

The Python suite's ``test_tracking.py`` compares custometrics'
``retention.expected_cumulative_transactions`` with it: the actual counts exactly, the
predictions to 1e-12 relative.

Rerun (outside the repository, in a throwaway environment):

    python3 -m venv /tmp/lt && /tmp/lt/bin/pip install lifetimes==0.11.3 pandas numpy scipy autograd dill
    /tmp/lt/bin/python core/tests/data/generate_lifetimes_tracking.py
"""
import json
import os
import platform

import lifetimes
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter
from lifetimes.utils import expected_cumulative_transactions

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
T_DAYS = 546  # 1997-01-01 .. 1998-06-30: calibration (39 weeks) and holdout (39 weeks)

raw = pd.read_csv(
    os.path.join(HERE, "CDNOW_sample.txt"), sep=r"\s+", header=None,
    names=["customer", "id2", "date", "cds", "dollars"], dtype={"date": str},
)
raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
bgf = BetaGeoFitter()
bgf.params_ = pd.Series(PARAMS)  # lifetimes' predictions read params_ only

cases = []
for freq_multiplier in (1, 7):  # days with the weekly model at face value; weeks of 7 days
    df = expected_cumulative_transactions(
        bgf, raw, "date", "customer", T_DAYS, freq="D", freq_multiplier=freq_multiplier
    )
    cases.append({
        "t": T_DAYS,
        "freq": "D",
        "freq_multiplier": freq_multiplier,
        "actual": [int(v) for v in df["actual"]],
        "predicted": [float(v) for v in df["predicted"]],
    })

out = {
    "meta": {
        "generator": "core/tests/data/generate_lifetimes_tracking.py",
        "lifetimes": lifetimes.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "python": platform.python_version(),
        "data": "CDNOW_sample.txt (datetime_col 'date' as %Y%m%d, customer_id_col the first column)",
        "params": PARAMS,
    },
    "cases": cases,
}
with open(os.path.join(HERE, "lifetimes_reference_tracking.json"), "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
