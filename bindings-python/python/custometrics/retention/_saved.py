"""The file format of ``save_model`` / ``load_model``: one JSON object (UTF-8), so a saved model
is read without running code (a pickle runs whatever it holds) and can be read by other tools.

Version 1 has these keys (every number finite, or ``null`` where it is NaN):

=================  =============================================================================
``format``         ``"custometrics.model"``
``version``        ``1``; a reader refuses a version it does not know
``model``          the class: ``"BetaGeo"``, ``"ModifiedBetaGeo"``, ``"ParetoNBD"``,
                   ``"BetaGeoBetaBinom"``, ``"GammaGamma"`` or ``"ShiftedBetaGeo"``
``library``        the custometrics version that wrote it (informative)
``params``         the parameters by name, in the model's order (``params_``)
``std_errors``     their standard errors (``std_errors_``; ``null`` for NaN)
``penalizer``      the constructor's penalizer
``fit``            ``null`` for a model made by ``from_params``; else the fit report
                   (``report_``: log_likelihood, objective, penalizer, iterations, converged,
                   gradient_norm, termination, covariance as a flat row-major list) and, for the
                   models fitted to customers, ``n_customers`` and ``matrix_extent``
                   (``{"max_frequency", "max_recency"}``, the defaults of
                   ``conditional_probability_alive_matrix``)
=================  =============================================================================

Loading validates everything before it changes the model: a file of another class, format or
version, a missing or extra key, or a value of the wrong type is an
:class:`~custometrics.InvalidInputError` naming the key; parameters out of their domain are
refused by the core as ``from_params`` refuses them.
"""

from __future__ import annotations

import json
import math
import os
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Type, Union

from .. import _native

if TYPE_CHECKING:
    from ._fitted import FittedModel

__all__ = ["FORMAT", "VERSION", "save", "load_into", "load_model"]

FORMAT = "custometrics.model"
VERSION = 1
_REPORT = {
    "log_likelihood": "number", "objective": "number", "penalizer": "number", "iterations": "count",
    "converged": "bool", "gradient_norm": "number", "termination": "str", "covariance": "numbers",
}
Path = Union[str, "os.PathLike[str]"]


def _bad(key: str, value: Any, expected: str) -> Exception:
    return _native.invalid_input_error(key, None, repr(value)[:80], expected)


def _finite_or_null(x: float) -> Optional[float]:
    return float(x) if math.isfinite(x) else None


def _document(model: "FittedModel[Any]") -> Dict[str, Any]:
    model._fitted()
    names = type(model)._PARAMS
    report = getattr(model, "report_", None)
    fit: Optional[Dict[str, Any]] = None
    if report is not None:
        fit = {
            "log_likelihood": report.log_likelihood, "objective": report.objective, "penalizer": report.penalizer,
            "iterations": report.iterations, "converged": report.converged, "gradient_norm": report.gradient_norm,
            "termination": report.termination,
            "covariance": [_finite_or_null(float(v)) for v in report.covariance.ravel()],
        }
        for k in ("log_likelihood", "objective", "penalizer", "gradient_norm"):
            fit[k] = _finite_or_null(float(fit[k]))
        if _per_customer(type(model)):
            fit["n_customers"] = float(getattr(model, "n_customers_"))
        if _has_extent(type(model)):
            extent = getattr(model, "_matrix_extent", None)
            fit["matrix_extent"] = None if extent is None else {k: int(v) for k, v in extent.items()}
    return {
        "format": FORMAT,
        "version": VERSION,
        "model": type(model).__name__,
        "library": _native.__version__,
        "params": {k: float(model.params_[k]) for k in names},
        "std_errors": {k: _finite_or_null(float(model.std_errors_[k])) for k in names},
        "penalizer": float(model.penalizer),
        "fit": fit,
    }


def save(model: "FittedModel[Any]", path: Path) -> None:
    """Writes ``model`` to ``path`` (see the module documentation)."""
    text = json.dumps(_document(model), indent=2, allow_nan=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def _read(path: Path) -> Dict[str, Any]:
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()
    try:
        doc = json.loads(text, parse_constant=lambda c: _reject_constant(c))
    except json.JSONDecodeError as e:
        raise _bad("file", str(path), f"a JSON file written by save_model ({e.msg} at line {e.lineno})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        got = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise _bad("format", got, f"a file written by save_model ({FORMAT!r})")
    if doc.get("version") != VERSION:
        raise _bad("version", doc.get("version"), f"version {VERSION} of the model format (this custometrics reads {VERSION})")
    return doc


def _reject_constant(c: str) -> float:
    raise _bad("file", c, "finite numbers (NaN is written as null)")


def _number(key: str, v: Any, nullable: bool = False) -> float:
    if v is None and nullable:
        return math.nan
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _bad(key, v, "a number" + (" or null" if nullable else ""))
    return float(v)


def _names(key: str, v: Any, names: List[str], nullable: bool) -> Dict[str, float]:
    if not isinstance(v, dict) or sorted(v) != sorted(names):
        got = sorted(v) if isinstance(v, dict) else v
        raise _bad(key, got, "an object with the keys " + ", ".join(names))
    return {k: _number(f"{key}.{k}", v[k], nullable) for k in names}


def _per_customer(cls: type) -> bool:
    """Fitted to customers (``n_customers_``), not to a cohort's survivors."""
    return any("n_customers_" in getattr(c, "__annotations__", {}) for c in cls.__mro__)


def _has_extent(cls: type) -> bool:
    """Keeps the defaults of ``conditional_probability_alive_matrix`` (the transaction models)."""
    return hasattr(cls, "_matrix_extent")


def _fit(v: Any, k: int, per_customer: bool, has_extent: bool) -> Optional[Dict[str, Any]]:
    if v is None:
        return None
    keys = list(_REPORT) + (["n_customers"] if per_customer else []) + (["matrix_extent"] if has_extent else [])
    if not isinstance(v, dict) or sorted(v) != sorted(keys):
        raise _bad("fit", sorted(v) if isinstance(v, dict) else v, "null or an object with the keys " + ", ".join(keys))
    report: Dict[str, Any] = {}
    for name, kind in _REPORT.items():
        x, where = v[name], f"fit.{name}"
        if kind == "number":
            report[name] = _number(where, x, nullable=True)
        elif kind == "count":
            if isinstance(x, bool) or not isinstance(x, int) or x < 0:
                raise _bad(where, x, "a whole number >= 0")
            report[name] = x
        elif kind == "bool":
            if not isinstance(x, bool):
                raise _bad(where, x, "true or false")
            report[name] = x
        elif kind == "str":
            if not isinstance(x, str):
                raise _bad(where, x, "a string")
            report[name] = x
        else:
            if not isinstance(x, list) or len(x) != k * k:
                raise _bad(where, x, f"a list of {k * k} numbers (the {k} x {k} covariance, row by row)")
            report[name] = [_number(where, e, nullable=True) for e in x]
    out: Dict[str, Any] = {"report": report}
    if per_customer:
        out["n_customers"] = _number("fit.n_customers", v["n_customers"])
    if has_extent:
        extent = v["matrix_extent"]
        if extent is not None:
            if not isinstance(extent, dict) or sorted(extent) != ["max_frequency", "max_recency"] or any(
                isinstance(e, bool) or not isinstance(e, int) or e < 0 for e in extent.values()
            ):
                raise _bad("fit.matrix_extent", extent, "null or {max_frequency, max_recency} as whole numbers >= 0")
        out["matrix_extent"] = extent
    return out


def load_into(model: "FittedModel[Any]", path: Path) -> None:
    """Reads ``path`` into ``model``, whose class must be the file's."""
    from ._fitted import FitReport

    doc = _read(path)
    cls = type(model)
    if doc.get("model") != cls.__name__:
        raise _bad(
            "model", doc.get("model"),
            f"a {cls.__name__} (load it with custometrics.retention.load_model, or with {doc.get('model')}().load_model)",
        )
    expected = ["format", "version", "model", "library", "params", "std_errors", "penalizer", "fit"]
    if sorted(doc) != sorted(expected):
        raise _bad("file", sorted(doc), "an object with the keys " + ", ".join(expected))
    names = list(cls._PARAMS)
    params = _names("params", doc["params"], names, nullable=False)
    std_errors = _names("std_errors", doc["std_errors"], names, nullable=True)
    penalizer = _number("penalizer", doc["penalizer"])
    fit = _fit(doc["fit"], len(names), _per_customer(cls), _has_extent(cls))
    model._set_params(*(params[k] for k in names))  # the core validates the parameters here
    from ._fitted import _named

    model.penalizer = penalizer
    model.std_errors_ = _named(std_errors)
    for attr in ("report_", "log_likelihood_", "n_customers_", "_matrix_extent"):
        model.__dict__.pop(attr, None)  # a model loaded from params has no fit
    if fit is not None:
        model.report_ = FitReport._from(fit["report"])
        model.log_likelihood_ = model.report_.log_likelihood
        if "n_customers" in fit:
            setattr(model, "n_customers_", fit["n_customers"])
        if "matrix_extent" in fit:
            setattr(model, "_matrix_extent", fit["matrix_extent"])


def _classes() -> Mapping[str, Type["FittedModel[Any]"]]:
    from . import bgbb, gamma_gamma, sbg, transaction

    found = (transaction.BetaGeo, transaction.ModifiedBetaGeo, transaction.ParetoNBD, bgbb.BetaGeoBetaBinom,
             gamma_gamma.GammaGamma, sbg.ShiftedBetaGeo)
    return {c.__name__: c for c in found}


def load_model(path: Path) -> "FittedModel[Any]":
    """The model saved at ``path`` by ``save_model``, whatever its class."""
    doc = _read(path)
    classes = _classes()
    cls = classes.get(doc.get("model"))  # type: ignore[arg-type]
    if cls is None:
        raise _bad("model", doc.get("model"), "one of " + ", ".join(classes))
    model = cls()
    load_into(model, path)
    return model
