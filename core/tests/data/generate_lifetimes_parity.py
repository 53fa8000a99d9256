#!/usr/bin/env python3
"""Writes lifetimes_reference_parity.json: what lifetimes 0.11.3 returns for the steps a user
switching from it takes on the CDNOW sample log, for bindings-python/tests/test_parity.py:

- ``calibration_and_holdout_data`` (columns, index name, the first rows and each column's sum),
  with the dates read by pandas with format "%Y%m%d" and the spend column;
- ``BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time`` (custometrics: also
  ``predict``) with a Series of per-customer horizons (a different horizon per
  customer) on that frame's calibration columns, at fixed parameters;
- ``GammaGammaFitter.customer_lifetime_value`` (a Series on the customers' index).

The models' parameters are fixed (Fader, Hardie & Lee 2005 for BG/NBD, per week; Fader & Hardie
note 025 for Gamma-Gamma) so only the functions are compared, not two optimisers.

Rerun (outside the repository, in a throwaway environment):

    python3 -m venv /tmp/lt && /tmp/lt/bin/pip install lifetimes==0.11.3 pandas numpy scipy autograd dill
    /tmp/lt/bin/python core/tests/data/generate_lifetimes_parity.py
"""
import json
import os
import platform

import lifetimes
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import calibration_and_holdout_data

HERE = os.path.dirname(os.path.abspath(__file__))
BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
GG = {"p": 6.25, "q": 3.74, "v": 15.44}
HEAD = 40

raw = pd.read_csv(
    os.path.join(HERE, "CDNOW_sample.txt"), sep=r"\s+", header=None,
    names=["customer", "id2", "date", "cds", "dollars"], dtype={"date": str},
)
log = raw.copy()
log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
cal = calibration_and_holdout_data(
    log, "customer", "date", calibration_period_end="1997-09-30", observation_period_end="1998-06-30",
    freq="W", monetary_value_col="dollars",
)

bgf = BetaGeoFitter()
bgf.params_ = pd.Series(BG)  # lifetimes' predictions read params_ only
bgf.predict = bgf.conditional_expected_number_of_purchases_up_to_time  # as lifetimes' fit() sets it
horizons = pd.Series((cal.index.to_numpy() % 5 + 1) * 4.0, index=cal.index)  # 4 .. 20 weeks
predicted = bgf.conditional_expected_number_of_purchases_up_to_time(horizons, cal["frequency_cal"], cal["recency_cal"], cal["T_cal"])

ggf = GammaGammaFitter()
ggf.params_ = pd.Series(GG)
repeat = cal[cal["frequency_cal"] > 0]
clv = ggf.customer_lifetime_value(
    bgf, repeat["frequency_cal"], repeat["recency_cal"], repeat["T_cal"], repeat["monetary_value_cal"],
    time=12, discount_rate=0.01, freq="W",
)

out = {
    "meta": {
        "generator": "core/tests/data/generate_lifetimes_parity.py",
        "lifetimes": lifetimes.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "python": platform.python_version(),
        "data": "CDNOW_sample.txt (customer_id_col 'customer', datetime_col 'date' as %Y%m%d, 'dollars')",
        "calibration_period_end": "1997-09-30",
        "observation_period_end": "1998-06-30",
        "freq": "W",
        "bg_params": BG,
        "gg_params": GG,
        "horizons": "(customer % 5 + 1) * 4 weeks",
    },
    "calibration": {
        "index_name": cal.index.name,
        "columns": list(cal.columns),
        "n": int(len(cal)),
        "head_index": [int(i) for i in cal.index[:HEAD]],
        "head": {c: [float(v) for v in cal[c].iloc[:HEAD]] for c in cal.columns},
        "sums": {c: float(cal[c].sum()) for c in cal.columns},
    },
    "predict": {
        "is_series": isinstance(predicted, pd.Series),
        "head": [float(v) for v in predicted.iloc[:HEAD]],
        "sum": float(predicted.sum()),
    },
    "clv": {
        "is_series": isinstance(clv, pd.Series),
        "head_index": [int(i) for i in clv.index[:HEAD]],
        "head": [float(v) for v in clv.iloc[:HEAD]],
        "sum": float(clv.sum()),
        "n": int(len(clv)),
    },
}
with open(os.path.join(HERE, "lifetimes_reference_parity.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
