"""What every fitted retention model shares: the fit report, the fitted attributes in the
lifetimes / scikit-learn habit (``fit`` returns the model; ``params_``, ``std_errors_``,
``log_likelihood_``, ``report_`` exist once fitted), ``summary()``, and ``save_model`` /
``load_model`` (the file format is described in :mod:`custometrics.retention._saved`)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Generic, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union

import numpy as np

from .. import _native
from .._results import Result

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FitReport", "FittedModel"]


@dataclass(frozen=True)
class FitReport(Result):
    """How a maximum-likelihood fit went.

    ``log_likelihood`` is the total at the estimate, without the penalty (lifetimes'
    ``log_likelihood_``); ``objective`` the minimised mean negative log-likelihood plus the
    penalty; ``gradient_norm`` the norm of the objective's gradient in log-parameters (converged
    when at most the tolerance); ``covariance`` the k × k covariance of the parameters from the
    observed information (NaN where it is not positive definite), in the model's parameter order.
    """

    log_likelihood: float
    objective: float
    penalizer: float
    iterations: int
    converged: bool
    gradient_norm: float
    termination: str
    covariance: np.ndarray

    @classmethod
    def _from(cls, data: Mapping[str, Any]) -> "FitReport":
        flat = np.asarray([math.nan if v is None else v for v in data["covariance"]], dtype=np.float64)
        k = int(round(math.sqrt(flat.size)))
        return cls(**{**data, "covariance": flat.reshape(k, k)})


_N = TypeVar("_N", bound="_native._Model")
_F = TypeVar("_F", bound="FittedModel[Any]")


def _named(values: Dict[str, float]) -> "pd.Series[float]":
    """Named values as lifetimes gives them: a float64 pandas Series indexed by name when pandas
    is installed, else the dict itself."""
    try:
        import pandas as pd
    except ImportError:
        return values  # type: ignore[return-value]
    return pd.Series(values, dtype="float64")


class FittedModel(Generic[_N]):
    """Base of the fitted models. A subclass names its native class in ``_NATIVE`` (which holds
    the validated core model and knows the parameter names, in the core's order) and its
    parameters in ``_PARAMS``; ``fit`` and ``from_params`` keep a native model in ``_model``,
    and the predictions delegate to it."""

    _PARAMS: Tuple[str, ...] = ()
    _NATIVE: Any = None
    _model: Optional[_N] = None

    #: The estimates by name, in the core's order: a pandas Series when pandas is installed (as
    #: lifetimes' ``params_``: ``params_.round(3)``, ``params_["r"]``, ``params_.items()``,
    #: ``dict(params_)`` all work), else a dict.
    params_: pd.Series[float]
    #: Their standard errors (lifetimes' ``standard_errors_``), in the same form; NaN when the
    #: observed information is not positive definite, or for a model made by ``from_params``.
    std_errors_: pd.Series[float]
    log_likelihood_: float
    report_: FitReport

    def __init__(self, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    def _fit_native(
        self,
        *columns: Any,
        max_iterations: Optional[int],
        tolerance: Optional[float],
        initial: Union[None, Mapping[str, float], Sequence[float]],
        require_convergence: Optional[bool],
    ) -> Dict[str, Any]:
        """Fits the native model to ``columns`` with the options given (the core supplies the
        ones left None); keeps the model and the fitted attributes, returns the core's fit."""
        given = {
            "penalizer": self.penalizer,
            "max_iterations": max_iterations,
            "tolerance": tolerance,
            "initial": self._initial(initial),
            "require_convergence": require_convergence,
        }
        options = {k: v for k, v in given.items() if v is not None}
        model, fit = self._NATIVE.fit(*columns, options=options)
        self._model = model
        params, se = model.params(), fit["std_errors"]
        self.params_ = _named({k: float(params[k]) for k in self._PARAMS})
        self.std_errors_ = _named({k: math.nan if se[k] is None else float(se[k]) for k in self._PARAMS})
        self.report_ = FitReport._from(dict(fit["report"]))
        self.log_likelihood_ = self.report_.log_likelihood
        return dict(fit)

    def _set_params(self, *params: float) -> None:
        """The native model with these parameters (validated by the core) and its attributes."""
        model: _N = self._NATIVE(*params)
        self._model = model
        named = model.params()
        self.params_ = _named({k: float(named[k]) for k in self._PARAMS})
        self.std_errors_ = _named({k: math.nan for k in self._PARAMS})

    def _fitted(self) -> _N:
        """The native model, or an AttributeError that says how to get one."""
        if self._model is None:
            name = type(self).__name__
            raise AttributeError(f"this {name} is not fitted yet: call fit(...) or {name}.from_params(...) first")
        return self._model

    def _initial(self, initial: Union[None, Mapping[str, float], Sequence[float]]) -> Optional[List[float]]:
        if initial is None:
            return None
        if isinstance(initial, Mapping):
            return [float(initial[k]) for k in self._PARAMS]
        return [float(v) for v in initial]

    def summary(self) -> pd.DataFrame:
        """Parameters with standard errors and 95 % bounds (coef ± 1.96 se, as lifetimes):
        a pandas DataFrame indexed by parameter name when pandas is installed, else a dict of
        dicts with the same columns (for type checkers, the DataFrame)."""
        self._fitted()
        rows = {
            k: {
                "coef": self.params_[k],
                "se(coef)": self.std_errors_[k],
                "lower 95% bound": self.params_[k] - 1.96 * self.std_errors_[k],
                "upper 95% bound": self.params_[k] + 1.96 * self.std_errors_[k],
            }
            for k in self._PARAMS
        }
        try:
            import pandas as pd
        except ImportError:
            return rows  # type: ignore[return-value]
        return pd.DataFrame.from_dict(rows, orient="index")

    def save_model(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the fitted model to ``path`` as JSON (UTF-8): its class, parameters, standard
        errors, penalizer and fit report, in the versioned format of
        :mod:`custometrics.retention._saved` — readable by people and other tools, and never
        executed when loaded (unlike a pickle). lifetimes' name."""
        from . import _saved

        _saved.save(self, path)

    def load_model(self: _F, path: Union[str, "os.PathLike[str]"]) -> _F:
        """Reads a model written by :meth:`save_model` into this object and returns it
        (lifetimes' name: ``BetaGeo().load_model(path)``). A file of another model class, of
        another format version or with a parameter out of its domain is refused with an
        :class:`~custometrics.InvalidInputError` (or the core's error for the parameter) naming
        what is wrong; :func:`custometrics.retention.load_model` reads a file of any class."""
        from . import _saved

        _saved.load_into(self, path)
        return self

    def __repr__(self) -> str:
        name = f"custometrics.retention.{type(self).__name__}"
        params = getattr(self, "params_", None)
        if params is None:
            return f"<{name}: not fitted, penalizer={self.penalizer}>"
        shown = ", ".join(f"{k}: {v:.4g}" for k, v in params.items())
        return f"<{name}: {shown}>"
