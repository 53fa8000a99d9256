"""The defaults the public signatures show are the core's.

Defaults live in the core's options types (their ``Default``). The Python signatures show them
too, because ``help()`` and an IDE are where a data scientist reads them; the extension exports
the core's (``_native.option_defaults()``, each options type's ``Default`` serialised) and this
test compares every keyword default of every public function with the core's value of the option
it stands for. A keyword default that is not an option must be listed below with the reason.
"""

import inspect

import numpy as np
import pytest

import custometrics as cm
from custometrics import _native, assessment, loyalty, retention, satisfaction, tiers, trust

CORE = _native.option_defaults()

# public function -> the core options type its keyword defaults are the defaults of
TYPES = {
    "satisfaction.nps": "NpsOptions",
    "satisfaction.nps_from_counts": "NpsOptions",
    "satisfaction.nps_difference": "NpsOptions",
    "satisfaction.nps_versus_rest": "NpsOptions",
    "satisfaction.nps_chi_square": "NpsOptions",
    "satisfaction.nps_trend": "NpsOptions",
    "satisfaction.key_drivers": "KeyDriversOptions",
    "satisfaction.csat": "CsatOptions",
    "satisfaction.csat_difference": "CsatOptions",
    "satisfaction.satisfaction_rate_difference": "RateOptions",
    "satisfaction.satisfaction_rate": "RateOptions",
    "satisfaction.disconfirmation": "DisconfirmationOptions",
    "satisfaction.servqual": "ServqualOptions",
    "satisfaction.csi": "CsiOptions",
    "satisfaction.csi_from_sums": "CsiOptions",
    "satisfaction.mean_difference": "MeanOptions",
    "satisfaction.mean": "MeanOptions",
    "satisfaction.mean_versus_rest": "MeanOptions",
    "satisfaction.mean_trend": "MeanOptions",
    "satisfaction.servqual_from_sums": "ServqualOptions",
    "satisfaction.ipa": "IpaOptions",
    "satisfaction.complaint_iceberg": "IcebergShares",
    "satisfaction.sample_size": "SurveyOptions",
    "satisfaction.rake": "RakeOptions",
    "satisfaction.margin_of_error": "SurveyOptions",
    "trust.trust_score": "TrustOptions",
    "trust.trust_scores": "TrustOptions",
    "trust.sensitivity": "TrustOptions",
    "trust.trust_over_raters": "TrustOptions",
    "trust.trust_survey": "TrustOptions",
    "loyalty.dick_basu": "DickBasuOptions",
    "loyalty.jones_sasser": "JonesSasserOptions",
    "tiers.abc": "AbcOptions",
    "tiers.curry": "CurryOptions",
    "tiers.quantile_scores": "QuantileOptions",
    "tiers.rfm_code": "RfmOptions",
    "tiers.rfm_scores": "RfmOptions",
    "tiers.lorenz": "LorenzOptions",
    "tiers.project": "ProjectOptions",
    "tiers.TransitionMatrix.project": "ProjectOptions",
    "tiers.markov_clv": "MarkovClvOptions",
    "tiers.TransitionMatrix.markov_clv": "MarkovClvOptions",
    "retention.clv_closed_form": "ClvOptions",
    "retention.clv": "ClvOptions",
    "retention.clv_many": "ClvOptions",
    "retention.customer_equity": "ClvOptions",
    "retention.retention_impact": "ClvOptions",
    "retention.break_even_retention_spend": "ClvOptions",
    "retention.payback": "ClvOptions",
    "retention.summary_from_transactions": "SummaryOptions",
    "retention.GammaGamma.customer_lifetime_value": "ModelClvOptions",
    **{f"retention.{m}.__init__": "FitOptions" for m in
       ("FittedModel", "ShiftedBetaGeo", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "BetaGeoBetaBinom", "GammaGamma")},
    **{f"retention.{m}.fit": "FitOptions" for m in
       ("ShiftedBetaGeo", "TransactionModel", "BetaGeoBetaBinom", "GammaGamma")},
    "assessment.orientation": "OrientationOptions",
    "assessment.excellence": "ExcellenceOptions",
    "assessment.decision": "DecisionOptions",
    "assessment.ahp": "AhpOptions",
}

# Python names of core fields (lifetimes' names, the iceberg's shares)
RENAMED = {
    "formal_share": "formal",
    "voiced_share": "voiced",
    "silent_share": "silent",
    "observation_period_end": "observation_end",
    "calibration_period_end": "calibration_end",
    "time": "months",
}

# keyword defaults that are not options of the core type, with the reason
NOT_OPTIONS = {
    "dimensions": "the instrument's dimensions; None is the core's 22-item SERVQUAL (Instrument::servqual22)",
    "freq": "lifetimes' code of the period (summary) or time unit (CLV): compared by its effect below",
    "as_frame": "how the Python result is shaped (a DataFrame or columns), not a core option",
    "monetary_value": "a data column (None: not given, or a column of the frame)",
    "recency": "a data column (None: a column of the frame given as frequency)",
    "T": "a data column (None: a column of the frame given as frequency)",
    "n_periods": "a data column (None: a column of the frame given as frequency)",
    "weights": "a data column: the fit's per-pattern counts, or a survey's design weights",
    "base": "a data column: the starting weights of raking (None: 1 for every answer)",
    "segments": "a data column: each answer's segment (None: no segments)",
    "weights_a": "a data column: sample a's design weights (None: 1 each)",
    "weights_b": "a data column: sample b's design weights (None: 1 each)",
    "out": "an array to write the result into",
    "instrument": "the form scored; None is the shipped ORIENTATION",
    "frame": "the frame scored; None is GBT19580",
    "groups": "each respondent's group label; None for no groups",
    "map": "the segment map; None is SegmentMap.standard()",
    "max_frequency": "the matrix's extent; None: the fitted data's largest frequency",
    "max_recency": "the matrix's extent; None: the fitted data's largest recency",
    "acquisition_cost": "clv's money argument, which the core requires: 0 is no acquisition cost",
    "errors": "pandas' raise/coerce: what the Python layer does with the customers the core refuses",
    "sum_squares": "a data sum (csi_from_sums): None when importance is not derived",
    "overall_sum": "a data sum (csi_from_sums): None when importance is not derived",
    "overall_sum_squares": "a data sum (csi_from_sums): None when importance is not derived",
    "cross": "a data sum (csi_from_sums): None when importance is not derived",
    "format": "pandas' to_datetime layout of string or number times, read in Python before the core",
    "overall": "a data column: overall ratings to derive importance from (ipa; a CsiOptions field for csi)",
    "method": "ipa: the key drivers' method of derived importance, KeyDriversOptions' (relative_weights)",
}

# functions whose keyword defaults are all data arguments or Python-only values, with the reason
NO_OPTIONS = {
    "satisfaction.zone_of_tolerance": "dimensions only (see NOT_OPTIONS)",
    "satisfaction.five_gaps": "each gap's data pair, None where not measured",
    "loyalty.loyalty_indicators": "purchase-time columns, None where not given",
    "tiers.rfm_segments": "the segment map only (see NOT_OPTIONS)",
    "tiers.RfmScores.segments": "the segment map only (see NOT_OPTIONS)",
    "tiers.SegmentMap.__init__": "a caller-built segment map's fallback name, 'other' as the core's standard map",
    "retention.generate_data": "Python-only (numpy's Generator): sizes, horizon and seed, no core options type",
    "retention.expected_cumulative_transactions": "Python-only tracking: column names and time unit, as lifetimes",
    "retention.holdout_scorecard": "Python-only: column names of the holdout summary, as lifetimes",
    "retention.calibration_and_holdout_data": "summary_from_transactions (compared) under lifetimes' name, "
    "arguments and column names",
    "retention.summary_data_from_transaction_data": "summary_from_transactions (compared) under lifetimes' name "
    "and arguments",
    "retention.Cohort.__init__": "a cohort record (not an options type): today's base has no acquisition cost "
    "and was acquired in period 0",
}


def _public():
    """{module.name[.method]: function} of every public function and method with keyword defaults."""
    out = {}
    for mod in (satisfaction, trust, loyalty, tiers, retention, assessment):
        short = mod.__name__.split(".")[-1]
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isroutine(obj):
                out[f"{short}.{name}"] = obj
            elif inspect.isclass(obj):
                for m, f in vars(obj).items():
                    if (m == "__init__" or not m.startswith("_")) and inspect.isfunction(f):
                        out[f"{short}.{name}.{m}"] = f
    return {k: f for k, f in out.items() if _keyword_defaults(f)}


def _keyword_defaults(f):
    return {k: p.default for k, p in inspect.signature(f).parameters.items() if p.default is not inspect.Parameter.empty}


def _same(python, core):
    if isinstance(core, dict) and set(core) == {"min", "max"}:  # a scale, a (low, high) pair in Python
        return tuple(python) == (core["min"], core["max"])
    if isinstance(core, list):
        return list(python) == core
    return python == core and type(python) is not bool or python is core


def _data_only(name, f):
    """Only data arguments (None) and errors= (how the Python layer treats refused customers)."""
    return name.split(".")[-1] not in ("fit", "__init__") and all(
        v is None or k == "errors" for k, v in _keyword_defaults(f).items()
    )


def test_every_keyword_default_is_the_cores():
    compared, wrong, unexplained = 0, [], []
    for name, f in sorted(_public().items()):
        if name in NO_OPTIONS:
            continue
        if name not in TYPES:
            if _data_only(name, f) and all(k in NOT_OPTIONS for k in _keyword_defaults(f)):
                continue
            unexplained.append(f"{name}: no core options type named in TYPES")
            continue
        core = CORE[TYPES[name]]
        for keyword, default in _keyword_defaults(f).items():
            field = RENAMED.get(keyword, keyword)
            if field in core:
                compared += 1
                if not _same(default, core[field]):
                    wrong.append(f"{name}({keyword}={default!r}): the core's {TYPES[name]}.{field} is {core[field]!r}")
            elif keyword not in NOT_OPTIONS:
                unexplained.append(f"{name}({keyword}=…): not a field of {TYPES[name]} and not in NOT_OPTIONS")
    assert not wrong, "\n".join(wrong)
    assert not unexplained, "\n".join(unexplained)
    assert compared > 80


def test_the_tables_name_real_things():
    assert set(TYPES.values()) <= set(CORE)
    public = _public()
    assert not [n for n in {**TYPES, **NO_OPTIONS} if n not in public], "stale entries"
    for python, core in RENAMED.items():
        assert any(core in fields for fields in CORE.values()), python


def test_a_default_that_differs_from_the_cores_is_found():
    assert not _same(0.9, CORE["NpsOptions"]["confidence"])
    assert not _same((1.0, 5.0), CORE["CsiOptions"]["scale"])
    assert not _same(False, CORE["FitOptions"]["require_convergence"])
    assert not _same(0, CORE["FitOptions"]["require_convergence"])
    assert _same((0.01, 0.04, 0.15, 0.8), CORE["CurryOptions"]["shares"])


def test_freq_d_is_the_cores_default_period_and_time_unit():
    ids, times = np.array([1, 1, 2, 2]), np.array([0, 3 * 86_400, 86_400, 20 * 86_400], dtype=np.int64)
    summary = lambda o: _native.summary_from_transactions(ids, times, 1, None, o)  # noqa: E731
    default, day, week = summary({}), summary({"freq": "D"}), summary({"freq": "W"})
    for column in ("frequency", "recency", "T"):
        np.testing.assert_array_equal(default[column], day[column])
    assert not np.array_equal(default["T"], week["T"])  # the comparison can fail

    bg = _native.BetaGeo(0.243, 4.414, 0.793, 2.426)
    gg = _native.GammaGamma(6.25, 3.74, 15.44)
    clv = lambda o: gg.customer_lifetime_value(bg, [2.0], [30.0], [38.0], [22.0], o)  # noqa: E731
    assert clv({})[0] == clv({"freq": "D"})[0] != clv({"freq": "W"})[0]
    assert inspect.signature(retention.summary_from_transactions).parameters["freq"].default == "D"
    assert inspect.signature(retention.GammaGamma.customer_lifetime_value).parameters["freq"].default == "D"


@pytest.mark.parametrize("given", [None, {}, {"confidence": None, "nan_policy": None}])
def test_options_left_out_or_none_are_the_cores_defaults(given):
    assert _native.nps([10, 9, 0, 7], given) == _native.nps([10, 9, 0, 7], {"confidence": 0.95, "nan_policy": "raise"})
    assert cm.satisfaction.nps([10, 9, 0, 7]).confidence == CORE["NpsOptions"]["confidence"]
