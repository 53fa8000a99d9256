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
