"""Reads every core/tests/data/golden*.json: the cases every language must agree on, under the
one set of conventions of core/tests/data/README.md ("Golden vectors"), which every file repeats.

``assert_close`` is that comparison: paths ('.' the whole result), numbers within ``atol + rtol *
|expected|`` (the case's, defaults 1e-12 and 0), decimal strings as decimals after rounding the
actual value to the case's ``round_dp`` places, an expected number against a Decimal as numbers,
objects as subsets, lists element by element. The files write matrices row-major and classes by
name; Python gives 2-D arrays and codes with labels, so a 2-D array compares flattened and
classes are named first. An argument ``{"file": f, "column": c}`` is that CSV column.
"""

import csv
import dataclasses
import functools
import json
import keyword
import math
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from pathlib import Path

import numpy as np

import custometrics as cm

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
# Golden files of core modules the bindings do not expose yet, with the reason; the Rust suite
# runs them. An entry here is a debt: bind the module and delete the entry.
NOT_BOUND: dict = {}
FILES = sorted(p for p in DATA.glob("golden*.json") if p.name not in NOT_BOUND)
CASES = [dict(case, file=path.name) for path in FILES for case in json.loads(path.read_text())["cases"]]

CONVENTIONS = {path.name: json.loads(path.read_text())["conventions"] for path in FILES}

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def tolerance(case):
    """The case's rtol, atol and round_dp; the defaults are the same for every file."""
    return case.get("rtol", 1e-12), case.get("atol", 0.0), case.get("round_dp")


@functools.lru_cache(maxsize=None)
def _csv(name):
    with open(DATA / name, newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


def decode(v):
    """JSON stand-ins for NaN and infinities back to floats, data-file columns read, recursively."""
    if isinstance(v, str) and v in _SPECIAL:
        return _SPECIAL[v]
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if set(v) == {"file", "column"}:
            return np.asarray(_csv(v["file"])[v["column"]])
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


def _fit(model):
    """Class.fit(**data and options) as the files write a fit: {params, log_likelihood, std_errors}."""

    def fit(penalizer=0.0, **args):
        m = getattr(cm.retention, model)(penalizer=penalizer).fit(**args)
        return {"params": m.params_, "log_likelihood": m.log_likelihood_, "std_errors": m.std_errors_}

    return fit


def _from_params(model):
    def from_params(**params):
        return {"params": getattr(cm.retention, model).from_params(**params).params_}

    return from_params


def _first_periods(frequency, recency, n_periods, weights, n):
    """BG/BB's table of expected counts needs a fitted model: fit, then ask."""
    m = cm.retention.BetaGeoBetaBinom().fit(frequency, recency, n_periods, weights)
    return m.expected_number_of_transactions_in_first_n_periods(n)


def _clv(p, q, v, transaction_model, **args):
    tm = getattr(cm.retention, transaction_model["model"]).from_params(**transaction_model["params"])
    return cm.retention.GammaGamma.from_params(p=p, q=q, v=v).customer_lifetime_value(tm, **args)


def _named(result):
    """A classification with its codes named: the files give classes by name."""
    return dataclasses.replace(result, classes=result.names().tolist())


_MODELS = ("ShiftedBetaGeo", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "BetaGeoBetaBinom", "GammaGamma")

def _orientation(instrument=None, **args):
    """The files give a caller-defined form as {categories: [[id, items]...], low, high}."""
    if instrument is not None:
        instrument = cm.assessment.Instrument.from_counts(instrument["categories"], instrument["low"], instrument["high"])
    return cm.assessment.orientation(instrument=instrument, **args)


def _excellence(frame_items=None, **args):
    """The files give item splits of GB/T 19580 as {category id: [[item id, points]...]}."""
    frame = cm.assessment.GBT19580
    for category, items in (frame_items or {}).items():
        frame = frame.with_items(category, items)
    return cm.assessment.excellence(frame=frame, **args)


# Functions whose Python call is not module.function(**args) or Model.from_params(...).method(...).
_CALLS = {
    "retention.summary_from_transactions": _summary,
    **{f"retention.{m}.fit": _fit(m) for m in _MODELS},
    **{f"retention.{m}.from_params": _from_params(m) for m in _MODELS},
    "retention.GammaGamma.customer_lifetime_value": _clv,
    "retention.BetaGeoBetaBinom.expected_number_of_transactions_in_first_n_periods": _first_periods,
    "retention.GammaGamma.independence_check": cm.retention.GammaGamma.independence_check,
    "assessment.orientation": _orientation,
    "assessment.excellence": _excellence,
    "satisfaction.nps_versus_rest": lambda **a: _versus_rest(cm.satisfaction.nps_versus_rest(**a)),
    # segments=None passed on: the core's error names them
    "satisfaction.mean_versus_rest": lambda scale, segments=None, **a: _mean_versus_rest(
        cm.satisfaction.mean_versus_rest(scale=tuple(scale), segments=segments, **a)),
    "satisfaction.nps_chi_square": lambda **a: cm.satisfaction.nps_chi_square(**a),
    "satisfaction.nps_trend": lambda **a: cm.satisfaction.nps_trend(**a),
    "satisfaction.mean_trend": lambda scale, periods=None, **a: cm.satisfaction.mean_trend(
        scale=tuple(scale), periods=periods, **a),
    "satisfaction.key_drivers": lambda **a: cm.satisfaction.key_drivers(**a),
    "satisfaction.csat_difference": lambda **a: cm.satisfaction.csat_difference(**a),
    "satisfaction.satisfaction_rate_difference": lambda **a: cm.satisfaction.satisfaction_rate_difference(**a),
    "satisfaction.csi_survey": lambda **a: _csi_survey(**a),
    "satisfaction.servqual_survey": lambda **a: _servqual_survey(**a),
    "satisfaction.disconfirmation_survey": lambda **a: _disconfirmation_survey(**a),
    "satisfaction.ipa_survey": lambda **a: _ipa_survey(**a),
    "loyalty.dick_basu": lambda **a: _named(cm.loyalty.dick_basu(**a)),
    "loyalty.jones_sasser": lambda **a: _named(cm.loyalty.jones_sasser(**a)),
}


def _csi_survey(ratings, scale=(1.0, 10.0), segments=None, weights=None, **args):
    """csi with design weights or segments, as the files write it: {index, attributes} (and
    {segments, total} of them); the DataFrame's attribute_j columns back into attribute Means."""
    r = cm.satisfaction.csi(ratings, scale=tuple(scale), segments=segments,
                            weights=weights if weights is not None else np.ones(len(ratings)),
                            **args)
    if segments is None:
        return r
    m = len(ratings[0])
    importance = cm.satisfaction.csi(ratings, scale=tuple(scale), **args).importance.tolist()  # the same in every segment

    def estimate(row):
        if row["n"] == 0:
            return None
        index = {k: v for k, v in row.items() if not k.startswith("attribute_")}
        attributes = [{"mean": row[f"attribute_{j}"], "ci_low": row[f"attribute_{j}_ci_low"],
                       "ci_high": row[f"attribute_{j}_ci_high"]} for j in range(m)]
        return {"index": index, "attributes": attributes, "importance": importance}

    rows = [estimate(r.iloc[i].to_dict()) for i in range(len(r))]
    return {"segments": rows[:-1], "total": rows[-1]}


def _servqual_survey(expectations, perceptions, segments=None, weights=None, scale=(1.0, 7.0), **args):
    """servqual with design weights or segments, as the files write it: {dimension_gaps,
    unweighted, weighted} (and {segments, total} of them), from the DataFrame's columns."""
    r = cm.satisfaction.servqual(expectations, perceptions, segments=segments, scale=tuple(scale),
                                 weights=weights if weights is not None else np.ones(len(perceptions)), **args)
    if segments is None:
        return r
    names = list(args.get("dimensions") or cm.satisfaction.SERVQUAL_DIMENSIONS)
    mean = lambda row, k: {"mean": row[k], "ci_low": row[f"{k}_ci_low"], "ci_high": row[f"{k}_ci_high"]}

    def estimate(row):
        if row["n"] == 0:
            return None
        unweighted = {k: v for k, v in row.items() if k in ("mean", "n", "effective_n", "std_error", "dof", "ci_low",
                                                            "ci_high", "confidence", "note")}
        out = {"dimensions": names, "dimension_gaps": [mean(row, k) for k in names], "unweighted": unweighted}
        out["weighted"] = mean(row, "weighted") if "weighted" in row else None
        return out

    rows = [estimate(r.iloc[i].to_dict()) for i in range(len(r))]
    return {"segments": rows[:-1], "total": rows[-1]}


def _disconfirmation_survey(perceptions, expectations, segments=None, scale=(1.0, 7.0), **args):
    """disconfirmation of respondent rows, as the files write it: {gaps, states, overall_gap,
    overall_state, importance} (and {segments, total} of them), from the DataFrame's columns."""
    r = cm.satisfaction.disconfirmation(perceptions, expectations, segments=segments, scale=tuple(scale), **args)
    if segments is None:
        return r
    m = len(perceptions[0])
    importance = cm.satisfaction.disconfirmation(perceptions, expectations, scale=tuple(scale), **args).importance

    def estimate(row):
        if row["n"] == 0:
            return None
        names = [f"attribute_{j}" for j in range(m)]
        overall = {k: v for k, v in row.items() if not k.startswith("attribute_") and k != "overall_state"}
        return {"gaps": [{"mean": row[k], "ci_low": row[f"{k}_ci_low"], "ci_high": row[f"{k}_ci_high"]} for k in names],
                "states": [row[f"{k}_state"] for k in names], "overall_gap": overall,
                "overall_state": row["overall_state"], "importance": importance.tolist()}

    rows = [estimate(r.iloc[i].to_dict()) for i in range(len(r))]
    return {"segments": rows[:-1], "total": rows[-1]}


def _ipa_survey(performance, importance=None, segments=None, scale=(1.0, 7.0), **args):
    """ipa of respondent rows, as the files write it: {performance, importance, ...} (and
    {segments, total} of them), from the DataFrame's columns."""
    r = cm.satisfaction.ipa(importance, performance, segments=segments, scale=tuple(scale), **args)
    if segments is None:
        return r
    m = len(performance[0])

    def estimate(row):
        if row["n"] == 0:
            return None
        names = [f"attribute_{j}" for j in range(m)]
        p = lambda k: {"mean": row[f"{k}_performance"], "ci_low": row[f"{k}_performance_ci_low"],
                       "ci_high": row[f"{k}_performance_ci_high"]}
        r2 = row["r_squared"]
        stated = f"{names[0]}_importance_ci_low" in row
        intervals = [{"mean": row[f"{k}_importance"], "ci_low": row[f"{k}_importance_ci_low"],
                      "ci_high": row[f"{k}_importance_ci_high"]} for k in names] if stated else None
        return {"performance": [p(k) for k in names], "importance": [row[f"{k}_importance"] for k in names],
                "importance_intervals": intervals,
                "r_squared": None if np.isnan(r2) else r2, "importance_cut": row["importance_cut"],
                "performance_cut": row["performance_cut"], "quadrants": [row[f"{k}_quadrant"] for k in names]}

    rows = [estimate(r.iloc[i].to_dict()) for i in range(len(r))]
    return {"segments": rows[:-1], "total": rows[-1]}


def _versus_rest(frame):
    """One row per segment, None for a segment not tested, as the files write it."""
    rows = [frame.iloc[i].to_dict() for i in range(len(frame))]
    return {"segments": [None if np.isnan(r["score"]) else r for r in rows]}


def _mean_versus_rest(frame):
    """The flat rows back in the files' shape: {test: {difference..., a, b}, p_holm}."""
    def row(r):
        if np.isnan(r["difference"]):
            return None
        side = lambda prefix: {"mean": r[prefix + "mean"], "n": r[prefix + "n"], "effective_n": r[prefix + "effective_n"]}
        test = {k: r[k] for k in ("difference", "std_error", "dof", "p_value", "ci_low", "ci_high", "confidence", "note")}
        return {"test": {**test, "a": side(""), "b": side("rest_")}, "p_holm": r["p_holm"]}

    return {"segments": [row(frame.iloc[i].to_dict()) for i in range(len(frame))]}


def _segmented(result):
    """A segmented result (a DataFrame with a "total" row) as the files write it: {segments:
    [row or None for a segment without answers], total: row}."""
    if not (hasattr(result, "iloc") and "total" in result.index):
        return result
    rows = [result.iloc[i].to_dict() for i in range(len(result))]
    return {"segments": [r if r["n"] > 0 else None for r in rows[:-1]], "total": rows[-1]}


def call(function: str, args: dict):
    return _segmented(_call(function, args))


def _call(function: str, args: dict):
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
    """Field ``step`` of a result object or a dict (None where a dict has none)."""
    if isinstance(value, dict):
        return value[step] if step in value else None
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
    """``got`` matches ``want`` under the files' one convention (see the module docstring)."""
    rtol, atol, round_dp = tol
    if want is None:
        assert got is None, f"{where}: {got!r} is not None"
    elif isinstance(want, dict):
        for k, w in want.items():
            assert_close(field(got, k), w, f"{where}.{k}", tol)
    elif isinstance(want, list):
        # a 2-D array against the file's row-major list (a migration's counts), or its rows
        nested = bool(want) and isinstance(want[0], list)
        got = (got.tolist() if nested else got.ravel().tolist()) if isinstance(got, np.ndarray) else list(got)
        assert len(got) == len(want), f"{where}: length {len(got)} != {len(want)}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{where}[{i}]", tol)
    elif isinstance(want, str) and want in _SPECIAL:  # "NaN", "Infinity", "-Infinity"
        w = _SPECIAL[want]
        ok = isinstance(got, float) and (math.isnan(got) if math.isnan(w) else got == w)
        assert ok, f"{where}: {got!r} is not {want}"
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
