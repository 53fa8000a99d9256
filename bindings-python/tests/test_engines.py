"""custometrics.dask and custometrics.spark without their engine: an ImportError that names the
extra to install (run in a child interpreter where the engine's import fails)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module, blocked, extra", [("dask", "dask", "dask"), ("spark", "pyspark", "spark")])
def test_a_missing_engine_names_the_extra(module, blocked, extra):
    code = (
        f"import sys; sys.modules[{blocked!r}] = None\n"
        f"try:\n    import custometrics.{module}\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert f"pip install 'custometrics[{extra}]'" in out, out
