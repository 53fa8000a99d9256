"""Reads core/tests/data/golden.json: the cases every language must agree on."""

import json
import math
from pathlib import Path

import custometrics as cm

GOLDEN = json.loads((Path(__file__).resolve().parents[2] / "core" / "tests" / "data" / "golden.json").read_text())
CASES = GOLDEN["cases"]

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def decode(v):
    """JSON stand-ins for NaN and infinities back to floats, recursively."""
    if isinstance(v, str) and v in _SPECIAL:
        return _SPECIAL[v]
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    return v


def call(function: str, args: dict):
    module, name = function.split(".")
    args = decode(args)
    if function == "satisfaction.five_gaps":
        args = {k: tuple(v) for k, v in args.items()}
    if "scale" in args:
        args["scale"] = tuple(args["scale"])
    return getattr(getattr(cm, module), name)(**args)


def pick(value, path: str):
    if path == ".":
        return value
    for i, step in enumerate(path.split(".")):
        if value is None:
            return None
        if step == "*":
            rest = ".".join(path.split(".")[i + 1 :])
            return [pick(v, rest) if rest else v for v in value]
        value = getattr(value, step)
    return value
