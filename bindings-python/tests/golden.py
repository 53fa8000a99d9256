"""Reads every core/tests/data/golden*.json: the cases every language must agree on.

Each file states its conventions; the differences are handled here: a scalar result is read
through the path "value" (golden_retention.json) or "." (golden.json); decimal strings compare
as decimals, after rounding the actual value to the case's ``round_dp`` places; numbers compare
within ``atol + rtol * |expected|`` with the case's rtol and atol, whose defaults are the file's,
and so does a Decimal against a number (golden_tiers.json). The files write matrices row-major
(a migration's counts) and classes by name; Python gives 2-D arrays and codes with labels, so a
2-D array compares flattened and classes are named first.
"""

import dataclasses
import json
import keyword
import math
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from pathlib import Path

import numpy as np

import custometrics as cm

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
FILES = sorted(DATA.glob("golden*.json"))
CASES = [dict(case, file=path.name) for path in FILES for case in json.loads(path.read_text())["cases"]]

# golden.json: "floats compare at 1e-12 relative" (of max(1, |expected|)); the later files state
# rtol 1e-12 and atol 0 as their defaults.
_DEFAULT_TOLERANCE = {"golden.json": (1e-12, 1e-12)}

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def tolerance(case):
    rtol, atol = _DEFAULT_TOLERANCE.get(case["file"], (1e-12, 0.0))
    return case.get("rtol", rtol), case.get("atol", atol), case.get("round_dp")


def decode(v):
    """JSON stand-ins for NaN and infinities back to floats, recursively."""
    if isinstance(v, str) and v in _SPECIAL:
        return _SPECIAL[v]
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    return v


def _seconds(t):
    return None if t is None else np.datetime64(int(t), "s")


def _summary(customers, times, values=None, observation_end=None, calibration_end=None, **rest):
    # the file's times are integer seconds since the epoch; the Python API takes datetimes
    return cm.retention.summary_from_transactions(
        customers,
        np.asarray(times, dtype=np.int64).astype("datetime64[s]"),
        values,
        observation_period_end=_seconds(observation_end),
        calibration_period_end=_seconds(calibration_end),
        as_frame=False,
        **rest,
    )


def _sbg_fit(survivors, penalizer=0.0, **options):
    m = cm.retention.ShiftedBetaGeo(penalizer=penalizer).fit(survivors, **options)
    return {"params": m.params_, "log_likelihood": m.log_likelihood_, "std_errors": m.std_errors_}


def _named(result):
    """A classification with its codes named: the files give classes by name."""
    return dataclasses.replace(result, classes=result.names().tolist())


# Functions whose Python call is not module.function(**args).
_CALLS = {
    "retention.summary_from_transactions": _summary,
    "retention.ShiftedBetaGeo.fit": _sbg_fit,
    "loyalty.dick_basu": lambda **a: _named(cm.loyalty.dick_basu(**a)),
    "loyalty.jones_sasser": lambda **a: _named(cm.loyalty.jones_sasser(**a)),
}


def call(function: str, args: dict):
    args = decode(args)
    if function in _CALLS:
        return _CALLS[function](**args)
    parts = function.split(".")
    if len(parts) == 3:  # module.Model.method, args: the model's parameters and the method's
        module, model, method = parts
        cls = getattr(getattr(cm, module), model)
        params = {k: args.pop(k) for k in cls._PARAMS}
        name = method + "_" if keyword.iskeyword(method) else method
        return getattr(cls.from_params(**params), name)(**args)
    module, name = parts
    if function == "satisfaction.five_gaps":
        args = {k: tuple(v) for k, v in args.items()}
    if "scale" in args:
        args["scale"] = tuple(args["scale"])
    return getattr(getattr(cm, module), name)(**args)


def field(value, step):
    """Field ``step`` of a result object or a dict; "value" of a scalar result is itself."""
    if isinstance(value, dict):
        return value[step] if step in value else None
    if step == "value" and not hasattr(value, "to_dict"):
        return value
    return getattr(value, step)


def pick(value, path: str):
    if path == ".":
        return value
    for i, step in enumerate(path.split(".")):
        if value is None:
            return None
        if step == "*":
            rest = ".".join(path.split(".")[i + 1 :])
            return [pick(v, rest) if rest else v for v in value]
        value = field(value, step)
    return value


def _decimal(s):
    try:
        return Decimal(s)
    except (InvalidOperation, TypeError):
        return None


def assert_close(got, want, where, tol):
    """``got`` matches ``want`` under the conventions of the files (see the module docstring)."""
    rtol, atol, round_dp = tol
    if want is None:
        assert got is None, f"{where}: {got!r} is not None"
    elif isinstance(want, dict):
        for k, w in want.items():
            assert_close(field(got, k), w, f"{where}.{k}", tol)
    elif isinstance(want, list):
        # a 2-D array (a migration's counts) against the file's row-major list
        got = got.ravel().tolist() if isinstance(got, np.ndarray) else list(got)
        assert len(got) == len(want), f"{where}: length {len(got)} != {len(want)}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{where}[{i}]", tol)
    elif want == "NaN":
        assert isinstance(got, float) and math.isnan(got), f"{where}: {got!r} is not NaN"
    elif isinstance(want, str) and isinstance(got, Decimal):
        w = _decimal(want)
        assert w is not None, f"{where}: expected {want!r} is not a decimal"
        if round_dp is not None:
            got = got.quantize(Decimal(1).scaleb(-round_dp), rounding=ROUND_HALF_EVEN, context=Context(prec=100))
        assert got == w, f"{where}: {got} != {want}"
    elif isinstance(want, bool):
        assert got is want or got == want and isinstance(got, (bool, np.bool_)), f"{where}: {got!r} != {want!r}"
    elif isinstance(want, (int, float)) and isinstance(got, Decimal):  # money against a number
        assert abs(float(got) - want) <= atol + rtol * abs(want), f"{where}: {got!r} != {want!r}"
    elif isinstance(want, (int, float)) and not isinstance(got, (str, Decimal)):
        assert got is not None and abs(got - want) <= atol + rtol * abs(want), f"{where}: {got!r} != {want!r}"
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"
