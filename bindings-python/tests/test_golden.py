"""The shared golden vectors (every core/tests/data/golden*.json), through the Python API."""

import inspect
import keyword

import pytest

import custometrics as cm
from custometrics.retention import FittedModel
from golden import CASES, CONVENTIONS, FILES, assert_close, call, pick, tolerance


def _id(case):
    return f"{case['file']}: {case['name']}"


def test_every_golden_file_is_read():
    assert {p.name for p in FILES} >= {"golden.json", "golden_retention.json"}
    assert {c["file"] for c in CASES} == {p.name for p in FILES}


@pytest.mark.parametrize("case", [c for c in CASES if "expected" in c], ids=_id)
def test_expected_values(case):
    result = call(case["function"], case["args"])
    for path, want in case["expected"].items():
        assert_close(pick(result, path), want, f"{case['name']}: {path}", tolerance(case))


@pytest.mark.parametrize("case", [c for c in CASES if "error" in c], ids=_id)
def test_expected_errors(case):
    with pytest.raises(cm.CustometricsError) as info:
        call(case["function"], case["args"])
    err, want = info.value, case["error"]
    assert isinstance(err, ValueError)
    assert (err.code, err.field, err.index) == (want["code"], want["field"], want["index"]), str(err)


def test_one_convention():
    """Every golden file repeats the same conventions (core/tests/data/README.md)."""
    first, *rest = CONVENTIONS.values()
    assert first and all(c == first for c in rest), sorted(CONVENTIONS)


# The public functions without a golden case, each with the reason. Keep it short: prefer a case.
EXEMPT = {
    f"retention.{model}.summary": "a pandas table of params_ and std_errors_ (coef, se, coef ± 1.96 se), "
    "Python only: its numbers are the fit case's params and std_errors, and test_models.py checks it "
    "against lifetimes' summary"
    for model in ("ShiftedBetaGeo", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "BetaGeoBetaBinom", "GammaGamma")
}
EXEMPT.update({
    "retention.generate_data": "Python only: random draws from numpy's Generator, no value to share across "
    "languages; test_simulate.py checks the draws against the models' own P(X(t) = x) and P(alive)",
    "retention.expected_cumulative_transactions": "Python only, the core's E[X(t)] over a pandas transaction "
    "log; test_tracking.py compares it with lifetimes' on CDNOW (lifetimes_reference_tracking.json)",
    "retention.holdout_scorecard": "Python only, the core's predictions compared with a holdout frame; "
    "test_scorecard.py recomputes every metric",
    "retention.calibration_and_holdout_data": "Python only: summary_from_transactions (whose cases cover the "
    "numbers) on a DataFrame's columns, renamed to lifetimes' columns; test_parity.py checks the two agree",
    "retention.summary_data_from_transaction_data": "Python only: summary_from_transactions on a DataFrame's "
    "columns under lifetimes' name; test_parity.py checks the two agree",
    "retention.load_model": "Python only, a file read back into a model; test_parity.py round-trips every model",
})
EXEMPT.update({
    f"retention.{model}.{method}": "Python only, the JSON file format of a fitted model; test_parity.py "
    "round-trips every model and refuses damaged files"
    for model in ("ShiftedBetaGeo", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "BetaGeoBetaBinom", "GammaGamma")
    for method in ("save_model", "load_model")
})

MODULES = ("assessment", "satisfaction", "trust", "loyalty", "tiers", "retention")

# Cases of a Rust survey function that Python reaches through the measure's own function with
# segments= or weights= (golden.py's _CALLS says how): they cover that function.
SURVEY_FORMS = {
    "satisfaction.csi_survey": "satisfaction.csi",
    "satisfaction.servqual_survey": "satisfaction.servqual",
    "satisfaction.disconfirmation_survey": "satisfaction.disconfirmation",
    "satisfaction.ipa_survey": "satisfaction.ipa",
}


def _key(owner, name):
    """What a public name is, so that aliases (predict, del_, derl) count as one function."""
    obj = inspect.getattr_static(owner, name) if inspect.isclass(owner) else getattr(owner, name)
    return getattr(obj, "__func__", obj)


def _public():
    """{golden function name: key} of every public function and public model method."""
    out = {}
    for module in MODULES:
        mod = getattr(cm, module)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isclass(obj):
                if issubclass(obj, FittedModel) and "from_params" in vars(obj):  # a model, not a base
                    for m in dir(obj):
                        if not m.startswith("_") and callable(getattr(obj, m)):
                            out[f"{module}.{name}.{m}"] = (obj, _key(obj, m))
            elif inspect.isroutine(obj):  # not the type aliases (Money, Timing)
                out[f"{module}.{name}"] = (mod, _key(mod, name))
    return out


def _covered():
    """Keys of the functions the golden cases call (a Class.method case builds the model with
    Class.from_params, so it covers that too)."""
    keys = set()
    for case in CASES:
        module, *rest = SURVEY_FORMS.get(case["function"], case["function"]).split(".")
        mod = getattr(cm, module)
        if len(rest) == 1:
            keys.add((mod, _key(mod, rest[0])))
            continue
        cls, method = getattr(mod, rest[0]), rest[1]
        keys.add((cls, _key(cls, method + "_" if keyword.iskeyword(method) else method)))
        if method != "fit":
            keys.add((cls, _key(cls, "from_params")))
    return keys


def test_every_public_function_has_a_case():
    public, covered = _public(), _covered()
    assert {"satisfaction.nps", "retention.BetaGeo.fit", "retention.ShiftedBetaGeo.del_"} <= set(public)
    missing = sorted(name for name, key in public.items() if key not in covered and name not in EXEMPT)
    assert not missing, "public functions without a golden case:\n" + "\n".join(missing)
    stale = sorted(name for name in EXEMPT if name not in public or public[name] in covered)
    assert not stale, f"exemptions that are not needed: {stale}"
