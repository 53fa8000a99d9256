"""The result and option types that _native.pyi declares (TypedDicts) checked against the core:
every key the core's serialised result has is declared with a type that fits its value, and
every declared option is one the core reads. stubtest checks the functions and classes; this
checks the data, which stubtest cannot see."""

import ast
from pathlib import Path

import numpy as np
import pytest

import custometrics as cm
from custometrics import _native

STUB = ast.parse((Path(cm.__file__).parent / "_native.pyi").read_text())


def _typed_dicts():
    """{name: {field: annotation source}}, with the fields of TypedDict bases merged in."""
    found = {}
    for node in STUB.body:
        if isinstance(node, ast.ClassDef):
            bases = [ast.unparse(b) for b in node.bases]
            if any(b == "TypedDict" or b in found for b in bases):
                fields = {}
                for b in bases:
                    fields.update(found.get(b, {}))
                for item in node.body:
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        fields[item.target.id] = ast.unparse(item.annotation)
                found[node.name] = fields
    return found


TYPED = _typed_dicts()
PLAIN = {"float": (float, int), "int": (int,), "bool": (bool,), "str": (str,)}


def check(value, name):
    """``value`` (a dict from the extension) has exactly the fields of TypedDict ``name``, each
    of a fitting type; nested TypedDicts are checked too."""
    fields = TYPED[name]
    assert set(value) == set(fields), f"{name}: stub {sorted(fields)} != core {sorted(value)}"
    for key, annotation in fields.items():
        v = value[key]
        if annotation in TYPED:
            check(v, annotation)
        elif annotation in PLAIN:
            assert isinstance(v, PLAIN[annotation]) and not (annotation != "bool" and isinstance(v, bool)), (name, key, v)
        elif annotation.startswith("Dict[str"):
            assert isinstance(v, dict) and all(isinstance(k, str) for k in v), (name, key, v)
        elif annotation.startswith("List["):
            assert isinstance(v, list), (name, key, v)


F, R, T = np.array([0.0, 2, 1, 5, 0, 3]), np.array([0.0, 20, 3, 30, 0, 12]), np.array([40.0, 38, 35, 31, 30, 36])
FITS = {
    "BetaGeo": (lambda o: _native.BetaGeo.fit(F, R, T, options=o), "_TransactionFit"),
    "ModifiedBetaGeo": (lambda o: _native.ModifiedBetaGeo.fit(F, R, T, options=o), "_TransactionFit"),
    "ParetoNBD": (lambda o: _native.ParetoNBD.fit(F, R, T, options=o), "_TransactionFit"),
    "BetaGeoBetaBinom": (
        lambda o: _native.BetaGeoBetaBinom.fit([0.0, 1, 2, 3], [0.0, 2, 4, 6], [6.0, 6, 6, 6], [10.0, 5, 3, 2], o),
        "_Fit",
    ),
    "GammaGamma": (lambda o: _native.GammaGamma.fit([1.0, 2, 3, 1, 4], [10.0, 20, 15, 30, 12], options=o), "_Fit"),
    "ShiftedBetaGeo": (lambda o: _native.ShiftedBetaGeo.fit([1000, 631, 468, 382, 326], o), "_Fit"),
}
LOOSE = {"require_convergence": False}


@pytest.mark.parametrize("model", FITS)
def test_each_fit_result_is_what_the_stub_declares(model):
    fit, name = FITS[model]
    native, result = fit(LOOSE)
    assert type(native).__name__ == model
    check(result, name)
    assert result["model"] == native.params()


@pytest.mark.parametrize("option", sorted(TYPED["_FitOptions"]))
def test_each_declared_fit_option_is_read_by_the_core(option):
    fit, _ = FITS["BetaGeo"]  # six customers: the BG/NBD fit does not converge
    if option == "require_convergence":  # read as Python truth, so shown by its effect
        with pytest.raises(cm.DidNotConvergeError):
            fit({option: True})
        fit({option: False})
        return
    # a value of the wrong type is refused naming the option, so the core reads that key
    with pytest.raises(cm.CustometricsError) as info:
        fit({**LOOSE, option: "a string"})
    assert option in str(info.value)


def test_the_spend_independence_check_is_what_the_stub_declares():
    check(_native.GammaGamma.independence_check([1.0, 2, 3, 1, 4], [10.0, 20, 15, 30, 12]), "_SpendIndependence")


# ---- every native result against its TypedDict, every result dataclass against the core's --------
#
# The stub is loaded as a module (its annotations evaluated) so that typeguard checks each native
# result against the TypedDict the stub declares: exactly its keys, each value of its type. Then
# each public result dataclass is paired with the TypedDict of the core result it wraps, field
# by field down the nesting, so a field the core adds (which Result._from would drop) or removes
# fails here.

import dataclasses
import inspect
import math
import sys
import types
import typing

from typeguard import TypeCheckError, check_type

from custometrics import assessment, loyalty, retention, satisfaction, tiers, trust
from custometrics._results import Result


def _stub_module():
    mod = types.ModuleType("custometrics_native_stub")
    sys.modules[mod.__name__] = mod
    source = "from __future__ import annotations\n" + (Path(cm.__file__).parent / "_native.pyi").read_text()
    exec(compile(source, "_native.pyi", "exec"), mod.__dict__)
    return mod


STUB_MODULE = _stub_module()
S10 = [10, 9, 8, 7, 6, 0, 10, 9, 3]
V = [1.0, 2, 3, 4, 5, 6]
M2 = [[4.0, 5], [3, 5], [5, 4]]
BG = _native.BetaGeo(0.243, 4.414, 0.793, 2.426)
GG = _native.GammaGamma(6.25, 3.74, 15.44)
P = [[0.9, 0.1], [0.5, 0.5]]
DIMS = [("a", [0]), ("b", [1])]
INSTRUMENT = _native.orientation_instrument()
FRAME = _native.gbt19580_frame()
ANSWERS = [[3] * 40, [4] * 20 + [2] * 20, [5] * 40]


def _times():
    return np.array(["2015-01-01", "2015-01-08", "2015-01-03"], dtype="datetime64[s]").view(np.int64)


# name: (call with an options dict or None, the options TypedDict or None, the result TypedDict
# or None, the public result dataclass or None). Every native function is here.
CALLS = {
    "nps": (lambda o: _native.nps(S10, o), "_NpsOptions", "_Nps", satisfaction.Nps),
    "nps_from_counts": (lambda o: _native.nps_from_counts(4, 2, 3, o), "_NpsCountOptions", "_Nps", satisfaction.Nps),
    "nps_difference": (
        lambda o: _native.nps_difference(S10, S10[::-1][:5], o), "_NpsDifferenceOptions", "_NpsDifference",
        satisfaction.NpsDifference,
    ),
    "csat": (lambda o: _native.csat([5, 4, 1, 3], o), "_CsatOptions", "_Share", satisfaction.Share),
    "satisfaction_rate": (lambda o: _native.satisfaction_rate(V, 3, o), "_RateOptions", "_Share", satisfaction.Share),
    "rake": (lambda o: _native.rake([([0, 1, 1], [1.0, 2.0])], None, o), "_RakeOptions", "_Raked", satisfaction.Raked),
    "nps_survey": (
        lambda o: _native.nps_survey(S10, np.ones(len(S10)), np.arange(len(S10)) % 3, None, o), "_NpsOptions",
        "_NpsBySegment", None,
    ),
    "nps_versus_rest": (
        lambda o: _native.nps_versus_rest(S10, None, np.arange(len(S10)) % 3, None, o), "_NpsDifferenceOptions",
        "_VersusRestBySegment", None,
    ),
    "nps_trend": (
        lambda o: _native.nps_trend(S10, None, np.arange(len(S10)) % 3, None, o), "_NpsDifferenceOptions", "_NpsTrend",
        satisfaction.NpsTrend,
    ),
    "key_drivers": (
        lambda o: _native.key_drivers(
            [3.0, 5, 4, 7, 8, 6, 5, 9, 2, 6, 7, 4],
            [[1.0, 2, 3], [2, 1, 5], [3, 4, 4], [4, 3, 7], [5, 6, 8], [6, 5, 6], [2, 2, 2], [7, 8, 9], [1, 3, 1],
             [5, 4, 6], [6, 7, 5], [3, 2, 4]],
            {"resamples": 200, **(o or {})},
        ),
        "_KeyDriversOptions", "_KeyDrivers", satisfaction.KeyDrivers,
    ),
    "csat_difference": (
        lambda o: _native.csat_difference([5, 4, 1, 3], [5, 5, 2], o), "_CsatOptions", "_ProportionDifference",
        satisfaction.ProportionDifference,
    ),
    "satisfaction_rate_difference": (
        lambda o: _native.satisfaction_rate_difference(V, V[::-1][:4], 3, o), "_RateOptions", "_ProportionDifference",
        satisfaction.ProportionDifference,
    ),
    "nps_chi_square": (
        lambda o: _native.nps_chi_square(S10, None, np.arange(len(S10)) % 3, None, o), "_NanPolicyOptions",
        "_CategoryTest", satisfaction.CategoryTest,
    ),
    "csat_survey": (
        lambda o: _native.csat_survey([5, 4, 1, 3], [1.0, 2, 1, 1], [0, 1, 1, 0], 3, o), "_CsatOptions",
        "_ShareBySegment", None,
    ),
    "satisfaction_rate_survey": (
        lambda o: _native.satisfaction_rate_survey(V, 3, None, [0] * len(V), None, o), "_RateOptions",
        "_ShareBySegment", None,
    ),
    "disconfirmation": (
        lambda o: _native.disconfirmation([4.0, 5, 3], [3.0, 5, 4], o), "_DisconfirmationOptions", "_Disconfirmation",
        satisfaction.Disconfirmation,
    ),
    "servqual": (
        lambda o: _native.servqual(M2, M2[::-1], {"dimensions": DIMS, "importance": [0.5, 0.5], **(o or {})}),
        "_ServqualOptions", "_Servqual", satisfaction.Servqual,
    ),
    "zone_of_tolerance": (
        lambda o: _native.zone_of_tolerance([[2.0, 3]], [[6.0, 6]], [[4.0, 7]], DIMS), None, "_ZoneOfTolerance",
        satisfaction.ZoneOfTolerance,
    ),
    "five_gaps": (
        lambda o: _native.five_gaps([([3.0, 4], [4.0, 4]), None, None, None, ([5.0, 5], [4.0, 3])]), None, "_FiveGaps",
        satisfaction.FiveGaps,
    ),
    "csi": (
        lambda o: _native.csi([[7.0, 8], [6, 9], [9, 6]], {"overall": [7.0, 8, 6], **(o or {})}), "_CsiOptions", "_Csi",
        satisfaction.Csi,
    ),
    "csi_from_sums": (
        lambda o: _native.csi_from_sums(
            3, [22.0, 23], {"sum_squares": [166.0, 181], "overall_sum": 21.0, "overall_sum_squares": 149.0,
                            "cross": [155.0, 162], **(o or {})}),
        "_CsiSumsOptions", "_Csi", satisfaction.Csi,
    ),
    "servqual_from_sums": (
        lambda o: _native.servqual_from_sums(2, [-1.0, 1, -1], {"dimensions": [("a", [0, 1]), ("b", [2])], **(o or {})}),
        "_ServqualOptions", "_ServqualSample", satisfaction.ServqualSample,
    ),
    "ipa": (lambda o: _native.ipa([4.0, 2, 5], [3.0, 4, 5], o), "_IpaOptions", "_Ipa", satisfaction.Ipa),
    "complaint_iceberg": (lambda o: _native.complaint_iceberg(5, 5, o), "_IcebergOptions", "_Iceberg", satisfaction.Iceberg),
    "sample_size": (lambda o: _native.sample_size(0.05, o), "_SurveyOptions", "_SampleSize", satisfaction.SampleSize),
    "margin_of_error": (lambda o: _native.margin_of_error(0.5, 100, o), "_MarginOfErrorOptions", None, None),
    "trust_score": (lambda o: _native.trust_score(7, 8, 6, 3, o), "_TrustScaleOptions", None, None),
    "trust_scores": (lambda o: _native.trust_scores(V, V, V, V, o), "_TrustOptions", None, None),
    "trust_over_raters": (
        lambda o: _native.trust_over_raters(V, V[::-1], V, V, o), "_TrustScaleOptions", "_TrustAggregate",
        trust.TrustAggregate,
    ),
    "mean_difference": (
        lambda o: _native.mean_difference(V, V[::-1][:4], (1.0, 6.0), None, [1.0, 2, 1, 1], o), "_MeanOptions",
        "_MeanDifference", satisfaction.MeanDifference,
    ),
    "mean_survey": (
        lambda o: _native.mean_survey(V, (1.0, 6.0), [1.0, 2, 1, 1, 0, 1], np.arange(len(V)) % 2, None, o),
        "_MeanOptions", "_MeanBySegment", None,
    ),
    "mean_versus_rest": (
        lambda o: _native.mean_versus_rest(V, (1.0, 6.0), None, np.arange(len(V)) % 3, None, o), "_MeanOptions",
        "_MeanVersusRestBySegment", None,
    ),
    "mean_trend": (
        lambda o: _native.mean_trend(V, (1.0, 6.0), None, np.arange(len(V)) % 3, None, o), "_MeanOptions",
        "_MeanTrend", satisfaction.MeanTrend,
    ),
    "servqual_survey": (
        lambda o: _native.servqual_survey(M2, M2[::-1], [1.0, 2, 1], [0, 1, 1], None,
                                          {"dimensions": [("a", [0]), ("b", [1])], "importance": [1.0, 3], **(o or {})}),
        "_ServqualSurveyOptions", "_ServqualBySegment", None,
    ),
    "csi_survey": (
        lambda o: _native.csi_survey(M2, [1.0, 2, 1], [0, 1, 1], None, o), "_CsiSurveyOptions", "_CsiBySegment", None,
    ),
    "disconfirmation_survey": (
        lambda o: _native.disconfirmation_survey(M2, M2[::-1], [1.0, 2, 1], [0, 1, 1], None,
                                                 {"importance": [1.0, 3], **(o or {})}),
        "_DisconfirmationSurveyOptions", "_DisconfirmationBySegment", None,
    ),
    "ipa_survey": (
        lambda o: _native.ipa_survey(M2, M2[::-1], [1.0, 2, 1], [0, 1, 1], None, o), "_IpaSurveyOptions",
        "_IpaBySegment", None,
    ),
    "trust_survey": (
        lambda o: _native.trust_survey(V, V, V, V[::-1], [1.0, 2, 1, 1, 0, 1], np.arange(len(V)) % 2, None, o),
        "_TrustSurveyOptions", "_MeanBySegment", None,
    ),
    "trust_sensitivity": (
        lambda o: _native.trust_sensitivity(7, 8, 6, 3, o), "_TrustScaleOptions", "_TrustSensitivity",
        trust.TrustSensitivity,
    ),
    "clv_closed_form": (lambda o: _native.clv_closed_form(100, 0.9, o), "_ClosedFormOptions", None, None),
    "clv": (lambda o: _native.clv(100, 0.9, 120, o), "_ClvOptions", "_Clv", retention.Clv),
    "clv_many": (lambda o: _native.clv_many([100.0], [0.5], o), "_ClvOptions", None, None),
    "customer_equity": (
        lambda o: _native.customer_equity([(10, 100, 0.8, 0, 0), (5, 80, 0.7, 20, 1)], o), "_ClvOptions",
        "_CustomerEquity", retention.CustomerEquity,
    ),
    "retention_impact": (
        lambda o: _native.retention_impact(100, 0.8, 0.05, o), "_ClvOptions", "_RetentionImpact",
        retention.RetentionImpact,
    ),
    "break_even_retention_spend": (
        lambda o: _native.break_even_retention_spend(100, 0.8, 0.05, o), "_ClvOptions", "_BreakEvenSpend",
        retention.BreakEvenSpend,
    ),
    "payback": (lambda o: _native.payback(300, 50, 0.95, o), "_ClvOptions", "_Payback", retention.Payback),
    "summary_from_transactions": (
        lambda o: _native.summary_from_transactions(
            np.array([1, 1, 2]), _times(), 1, [5.0, 6, 7], {"calibration_end": int(_times()[2]), **(o or {})}
        ),
        "_SummaryOptions", "_TransactionSummary", retention.TransactionSummary,
    ),
    "GammaGamma.customer_lifetime_value": (
        lambda o: GG.customer_lifetime_value(BG, [2.0], [30.0], [38.0], [22.0], o), "_ModelClvOptions", None, None,
    ),
    "GammaGamma.independence_check": (
        lambda o: _native.GammaGamma.independence_check([1.0, 2, 3, 1, 4], [10.0, 20, 15, 30, 12]), None,
        "_SpendIndependence", retention.SpendIndependence,
    ),
    "dick_basu": (
        lambda o: _native.dick_basu([9.0, 8, 3, 2, 7], [6.0, 1, 5, 0, 4], o), "_DickBasuOptions", "_DickBasu",
        loyalty.DickBasu,
    ),
    "jones_sasser": (
        lambda o: _native.jones_sasser([5.0, 4, 4, 2, 1, 3], [5.0, 4, 2, 5, 1, 2], o), "_JonesSasserOptions",
        "_JonesSasser", loyalty.JonesSasser,
    ),
    "loyalty_indicators": (
        lambda o: _native.loyalty_indicators([2.0, 1, 0, 3, 1], [1.0, 0, 2, 0, 1], [0.0, 10, 40, 5, 20],
                                             [60.0, 10, 50, 25, 50]),
        None, "_LoyaltyIndicators", loyalty.LoyaltyIndicators,
    ),
    "loyalty_index": (
        lambda o: _native.loyalty_index([0.8, 0.5, 0.4, 0.6, 0.7, 0.5, 0.9], [2.0, 1, 1, 1, 1, 1, 3]), None,
        "_LoyaltyIndex", loyalty.LoyaltyIndex,
    ),
    "abc": (lambda o: _native.abc(V, o), "_AbcOptions", None, None),
    "curry": (lambda o: _native.curry(V, o), "_CurryOptions", None, None),
    "quantile_scores": (lambda o: _native.quantile_scores(V, o), "_QuantileOptions", None, None),
    "rfm_code": (lambda o: _native.rfm_code(4, 5, 3, o), "_RfmOptions", None, None),
    "rfm_scores": (lambda o: _native.rfm_scores(V, V, V, o), "_RfmOptions", "_RfmScores", tiers.RfmScores),
    "rfm_segments": (lambda o: _native.rfm_segments([5.0, 1], [5.0, 1], [2.0, 1], None), None, "_RfmSegments",
                     tiers.RfmSegments),
    "lorenz": (lambda o: _native.lorenz(V, o), "_LorenzOptions", "_Lorenz", tiers.Lorenz),
    "profit_pyramid": (
        lambda o: _native.profit_pyramid([500.0, 300, 80, 60], np.array([0, 0, 1, 2]), 4), None, "_ProfitPyramid",
        tiers.ProfitPyramid,
    ),
    "migration": (
        lambda o: _native.migration(np.array([0, 0, 1]), np.array([0, 1, 1]), 2), None, "_Migration", tiers.Migration,
    ),
    "transition_matrix": (lambda o: _native.transition_matrix(P), None, "_TransitionMatrix", None),
    "project": (lambda o: _native.project([1000.0, 0], P, o), "_ProjectOptions", None, None),
    "markov_clv": (lambda o: _native.markov_clv(P, [12, 0], 0.25, o), "_MarkovClvOptions", None, None),
    "orientation_instrument": (lambda o: _native.orientation_instrument(), None, "_Instrument", assessment.Instrument),
    "gbt19580_frame": (lambda o: _native.gbt19580_frame(), None, "_Frame", assessment.Frame),
    "instrument_from_counts": (
        lambda o: _native.instrument_from_counts([("a", 2), ("b", 1)], 1, 5), None, "_Instrument", assessment.Instrument,
    ),
    "frame_with_items": (
        lambda o: _native.frame_with_items(
            FRAME, "4.3", [{"id": "4.3.1", "name": {"en": "a", "zh": "甲"}, "points": 40},
                           {"id": "4.3.2", "name": {"en": "b", "zh": "乙"}, "points": 50}]),
        None, "_Frame", assessment.Frame,
    ),
    "orientation": (
        lambda o: _native.orientation(ANSWERS, None, None, ["x", "x", "y"], o), "_OrientationOptions", "_Orientation",
        assessment.Orientation,
    ),
    "excellence": (
        lambda o: _native.excellence([[50.0, 40, 60, 45, 50, 40, 35], [55.0, 40, 30, 45, 50, 40, 40]], None, None, o),
        "_ExcellenceOptions", "_Excellence", assessment.Excellence,
    ),
    "decision": (
        lambda o: _native.decision([[8.0, 6, 100], [6, 9, 90], [9, 5, 120]], [5.0, 3, 2], o), "_DecisionOptions",
        "_Decision", assessment.Decision,
    ),
    "ahp": (lambda o: _native.ahp([[1.0, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]], o), "_AhpOptions", "_Ahp", assessment.Ahp),
}


def _stub_functions():
    """{name: the stub's def} of the extension's module-level functions and static methods."""
    out = {}
    for node in STUB.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    out[f"{node.name}.{item.name}"] = item
    return out


FUNCTIONS = _stub_functions()


def test_every_function_taking_options_or_returning_a_typed_dict_has_a_call():
    """A new native function with an options dict or a TypedDict result fails here until CALLS has it."""
    model_methods = ("fit", "log_likelihood")  # checked by the fit tests above
    want = set()
    for name, node in FUNCTIONS.items():
        returns = ast.unparse(node.returns) if node.returns else ""
        takes = any(a.arg == "given" for a in node.args.args)
        if name.split(".")[-1] in model_methods or name in ("option_defaults", "invalid_input_error"):
            continue
        if takes or returns.lstrip("_") != returns and returns in TYPED:
            want.add(name)
    assert want <= set(CALLS), sorted(want - set(CALLS))
    for name, (_, options, result, _) in CALLS.items():
        node = FUNCTIONS[name]
        if result is not None:
            assert ast.unparse(node.returns) == result, name
        given = [a for a in node.args.args if a.arg == "given"]
        assert (options is None) == (not given), name
        if given:
            assert ast.unparse(given[0].annotation) == f"Optional[{options}]", name


@pytest.mark.parametrize("name", [n for n, c in CALLS.items() if c[2] is not None])
def test_each_native_result_is_its_typed_dict(name):
    call, _, result, _ = CALLS[name]
    check_type(call(None), getattr(STUB_MODULE, result))


def test_the_typed_dict_check_can_fail():
    good = _native.nps(S10, None)
    for bad in ({**good, "new_core_field": 1.0}, {k: v for k, v in good.items() if k != "ci_low"}, {**good, "n": "9"}):
        with pytest.raises(TypeCheckError):
            check_type(bad, STUB_MODULE._Nps)


def _accepted_keys(call):
    with pytest.raises(cm.InvalidInputError) as info:
        call({"not_an_option": 1})
    assert info.value.field == "options", str(info.value)
    listed = str(info.value).split("documented keys (", 1)[1].rsplit(")", 1)[0]
    return set(listed.split(", ")) if listed else set()


@pytest.mark.parametrize("name", [n for n, c in CALLS.items() if c[1] is not None])
def test_each_options_dict_declares_exactly_the_keys_the_extension_reads(name):
    call, options, _, _ = CALLS[name]
    assert _accepted_keys(call) == set(TYPED[options]), name


@pytest.mark.parametrize("name", [n for n, c in CALLS.items() if c[1] is not None])
def test_an_option_of_the_wrong_type_is_named(name):
    call, options, _, _ = CALLS[name]
    for key in TYPED[options]:
        with pytest.raises(cm.CustometricsError) as info:
            call({key: object()})
        assert info.value.field == key, (name, str(info.value))


def _unwrap(hint):
    """The class inside Optional[...] / List[...] / a generic alias, else the hint."""
    while True:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Union:
            hint = [a for a in args if a is not type(None)][0]
        elif origin in (list, typing.List) and args:
            hint = args[0]
        elif isinstance(origin, type) and issubclass(origin, Result):
            return origin
        else:
            return hint


def _pair(dataclass, typed_dict, seen, where):
    """The dataclass has exactly the typed dict's fields; nested results pair with nested typed dicts."""
    fields = {f.name for f in dataclasses.fields(dataclass)}
    hints = typing.get_type_hints(typed_dict)
    assert fields == set(hints), f"{where}: {dataclass.__name__} {sorted(fields)} != core {sorted(hints)}"
    seen.add(dataclass)
    dc_hints = typing.get_type_hints(dataclass)
    for name in fields:
        inner = _unwrap(dc_hints[name])
        if isinstance(inner, type) and issubclass(inner, Result):
            td = _unwrap(hints[name])
            assert typing.is_typeddict(td), f"{where}.{name}: {hints[name]} is not a TypedDict"
            _pair(inner, td, seen, f"{where}.{name}")


def _flat(dataclass, typed_dict, seen):
    """A DataFrame row that flattens the core's {test: MeanDifference, p_holm}: each side's mean, n
    and effective n (the rest's prefixed ``rest_``), the test's own fields, and ``p_holm``."""
    hints = typing.get_type_hints(typed_dict)
    test = {k for k in typing.get_type_hints(hints["test"]) if k not in ("a", "b")}
    side = {"mean", "n", "effective_n"}
    assert side <= set(typing.get_type_hints(STUB_MODULE._Mean))
    expected = side | {"rest_" + k for k in side} | test | (set(hints) - {"test"})
    assert {f.name for f in dataclasses.fields(dataclass)} == expected
    seen.add(dataclass)


PUBLIC_MODULES = (satisfaction, trust, loyalty, tiers, retention, assessment)


def _public_results():
    found = set()
    for mod in PUBLIC_MODULES:
        for name in dir(mod):
            obj = getattr(mod, name)
            if inspect.isclass(obj) and issubclass(obj, Result) and obj is not Result:
                found.add(obj)
    return found


def test_every_public_result_has_exactly_the_fields_of_the_core_result_it_wraps():
    seen = set()
    for name, (_, _, result, public) in CALLS.items():
        if public is not None:
            _pair(public, getattr(STUB_MODULE, result), seen, name)
    _pair(retention.FitReport, STUB_MODULE._FitReport, seen, "fit.report")
    _pair(satisfaction.VersusRest, STUB_MODULE._VersusRest, seen, "nps_versus_rest.segments")
    _pair(satisfaction.Mean, STUB_MODULE._Mean, seen, "trust_survey.total")
    _pair(satisfaction.CsiEstimate, STUB_MODULE._CsiEstimate, seen, "csi_survey.total")
    _pair(satisfaction.ServqualEstimate, STUB_MODULE._ServqualEstimate, seen, "servqual_survey.total")
    _pair(satisfaction.DisconfirmationEstimate, STUB_MODULE._DisconfirmationEstimate, seen,
          "disconfirmation_survey.total")
    _pair(satisfaction.IpaEstimate, STUB_MODULE._IpaEstimate, seen, "ipa_survey.total")
    _flat(satisfaction.MeanVersusRest, STUB_MODULE._MeanVersusRest, seen)
    # computed in Python from the predictions (no core result to mirror), checked in test_scorecard
    python_only = {retention.HoldoutScorecard}
    missing = sorted(c.__name__ for c in _public_results() - seen - python_only)
    assert not missing, f"result classes paired with no core result: {missing}"


def test_the_pairing_can_fail():
    @dataclasses.dataclass(frozen=True)
    class Short(Result):
        score: float

    with pytest.raises(AssertionError, match="Short"):
        _pair(Short, STUB_MODULE._Nps, set(), "test")
