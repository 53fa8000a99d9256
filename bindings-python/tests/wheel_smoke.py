"""The built wheel as a user installs it (``make wheel-test``): run by the Python of a separate
venv into which only the wheel and its runtime needs were installed, from outside the
repository, with no Rust toolchain on the PATH. It checks that the package imported is the
installed one, then computes: an NPS, a BG/NBD fit on the CDNOW summary with predictions, CLV,
and a model saved and loaded. Not collected by pytest (its name does not start with ``test_``).

Usage: python wheel_smoke.py <core/tests/data directory>
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import custometrics as cm
from custometrics import satisfaction
from custometrics.retention import BetaGeo, GammaGamma, load_model

data = Path(sys.argv[1])
here = Path(cm.__file__).resolve()
assert "site-packages" in here.parts, f"custometrics imported from {here}, not from the installed wheel"
# rustup's toolchain is not on the PATH (a distribution's /usr/bin/cargo would be harmless:
# installing a wheel compiles nothing)
rustc = shutil.which("rustc") or ""
assert ".cargo" not in os.environ.get("PATH", "") + rustc, "rustup's toolchain is on the PATH"
native = next(here.parent.glob("_native*.so"))
assert native.name.endswith(".abi3.so"), f"not an abi3 extension: {native.name}"

# NPS of 2 promoters, 1 passive, 1 detractor: (2 - 1) / 4 = 25
assert satisfaction.nps([10, 9, 7, 3]).score == 25.0

df = pd.read_csv(data / "cdnow_customers_summary_with_transactions.csv", index_col="ID")
df = df.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})
bg = BetaGeo().fit(df)
# Fader, Hardie & Lee (2005), "Counting your customers the easy way": r = 0.243, alpha = 4.414
assert abs(bg.params_["r"] - 0.243) < 1e-3 and abs(bg.params_["alpha"] - 4.414) < 1e-3, bg.params_
p = bg.predict(39, df)
assert isinstance(p, pd.Series) and p.index.equals(df.index) and np.isfinite(p).all()
gg = GammaGamma().fit(df[df["frequency"] > 0])
clv = gg.customer_lifetime_value(bg, df, freq="W")
assert clv.index.equals(df.index) and (clv >= 0).all()

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "bg.json")
    bg.save_model(path)
    back = load_model(path)
    assert back.params_.equals(bg.params_) and back.predict(39, df).equals(p)

print(f"wheel smoke test passed: custometrics {cm.__version__} from {here.parent}")
