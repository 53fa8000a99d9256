"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
Fader & Hardie, note 025) and customer lifetime value from it and a transaction model.

Each transaction's value is Gamma(p, ν) with ν ~ Gamma(q, v) across customers. Fitted to repeat
customers (frequency >= 1) and the mean value of their repeat transactions (> 0). The model
assumes that spend does not depend on how often a customer buys: look at
:meth:`GammaGamma.independence_check` before relying on it.

Names, for lifetimes users (``GammaGammaFitter``):

- ``GammaGammaFitter(penalizer_coef=...)``: ``GammaGamma(penalizer=...)``
- ``fit(frequency, monetary_value, weights)``: the same (or ``fit(summary_frame)``)
- ``params_`` (p, q, v), ``standard_errors_``, ``summary``: ``params_`` (a Series, as lifetimes'),
  ``std_errors_``, ``summary()``; ``log_likelihood_`` is the total
- ``conditional_expected_average_profit(frequency, monetary_value)``: the same
- ``customer_lifetime_value(model, frequency, recency, T, monetary_value, time=12,
  discount_rate=0.01, freq="D")``: the same, with a custometrics transaction model; a Series on
  the customers' index for pandas input (an array for arrays), and ``errors="coerce"`` to value
  the others when one customer's history or spend is refused
- ``df[["frequency", "monetary_value"]].corr()`` (lifetimes' advice):
  :meth:`GammaGamma.independence_check`, with a p-value

CLV, with lifetimes' semantics: Σ over months k = 1..time of
m̂ · (E[Y(k·f)] − E[Y((k−1)·f)]) / (1 + discount_rate)^k, where E[Y(t)] is the transaction
model's expected purchases in the next t time units given the customer's history, f the time
units per month for ``freq`` (``"D"`` 30, ``"W"`` 4.345, ``"h"`` 720, ``"ME"`` 1: the codes of
:mod:`~custometrics.retention._freq`, where lifetimes' ``"H"`` and ``"M"`` are accepted too) and m̂ the
Gamma-Gamma expected spend per transaction. Purchases are discounted by the month they fall in;
spend is taken as profit (apply a margin yourself); the result is in the money unit of
``monetary_value``, as floats (use :mod:`~custometrics.retention.economics` for exact money).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Union, overload

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from .._results import Result
from . import _batch, _data, _freq
from ._batch import Errors
from ._data import F64, Frame, Scalar, SeriesF, SeriesIn
from ._fitted import FittedModel
from .transaction import TransactionModel, _check_model

__all__ = ["GammaGamma", "SpendIndependence"]

Values = Union[float, ArrayLike]
_SPEND = (["frequency", "frequency_cal"], ["monetary_value", "monetary_value_cal"])
_CLV = (["frequency", "frequency_cal"], ["recency", "recency_cal"], ["T", "T_cal"], ["monetary_value", "monetary_value_cal"])


@dataclass(frozen=True)
class SpendIndependence(Result):
    """The frequency–spend check: the Pearson ``correlation`` of frequency and mean transaction
    value over ``n`` customers (near 0 supports the model), and the two-sided ``p_value`` of no
    correlation (Fisher's z). At least 4 customers, neither column constant."""

    correlation: float
    p_value: float
    n: int


class GammaGamma(FittedModel[_native.GammaGamma]):
    """The Gamma-Gamma spend model: ``GammaGamma(penalizer=0.0).fit(frequency, monetary_value)``.

    lifetimes' ``GammaGammaFitter``: ``penalizer_coef`` → ``penalizer``; ``params_`` p, q, v (a
    dict); ``standard_errors_`` → ``std_errors_``; ``conditional_expected_average_profit`` and
    ``customer_lifetime_value(transaction_model, frequency, recency, T, monetary_value, time,
    discount_rate, freq)`` keep their names and arguments (CLV is a Series on the customers'
    index for pandas input); the frequency–spend correlation lifetimes' docs suggest is
    :meth:`independence_check`.

    >>> gg = GammaGamma.from_params(p=6.25, q=3.74, v=15.44)  # Fader & Hardie, note 025 (CDNOW)
    >>> round(gg.conditional_expected_average_profit(2, 20.0), 2)  # shrunk towards the mean 35.22
    22.74
    """

    _PARAMS = ("p", "q", "v")
    _NATIVE = _native.GammaGamma
    n_customers_: float

    def __init__(self, penalizer: float = 0.0) -> None:
        super().__init__(penalizer)

    def fit(
        self,
        frequency: Any,
        monetary_value: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
        *,
        max_iterations: int = 1000,
        tolerance: float = 1e-9,
        initial: Union[None, Mapping[str, float], Sequence[float]] = None,
        require_convergence: bool = True,
    ) -> "GammaGamma":
        """Fits p, q, v to repeat customers' ``frequency`` (>= 1) and ``monetary_value`` (the
        mean of their repeat transactions, > 0), or to a DataFrame with those columns; returns
        the model. Non-convergence raises :class:`custometrics.DidNotConvergeError` unless
        ``require_convergence=False``."""
        (f, m), w = _data.columns(frequency, (monetary_value,), _SPEND, weights)
        fit = self._fit_native(
            f, m, w, max_iterations=max_iterations, tolerance=tolerance, initial=initial,
            require_convergence=require_convergence,
        )
        self.n_customers_ = float(fit["n_customers"])
        return self

    @classmethod
    def from_params(cls, p: float, q: float, v: float) -> "GammaGamma":
        """A model with given parameters (each > 0), ready to predict."""
        model = cls()
        model._set_params(p, q, v)
        return model

    def log_likelihood(
        self, frequency: Any, monetary_value: Optional[ArrayLike] = None, weights: Optional[ArrayLike] = None
    ) -> float:
        """The total log-likelihood of (frequency, monetary value) data under this model."""
        (f, m), w = _data.columns(frequency, (monetary_value,), _SPEND, weights)
        return self._fitted().log_likelihood(f, m, w)

    @overload
    def conditional_expected_average_profit(
        self, frequency: Scalar, monetary_value: Scalar, *, errors: Errors = "raise"
    ) -> float: ...
    @overload
    def conditional_expected_average_profit(
        self, frequency: Frame, monetary_value: Optional[Values] = None, *, out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def conditional_expected_average_profit(
        self, frequency: Any, monetary_value: Optional[Values] = None, *, out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> F64: ...
    def conditional_expected_average_profit(
        self, frequency: Any, monetary_value: Optional[Values] = None, *, out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """E[spend per transaction | frequency, monetary_value] = p(v + x m)/(px + q − 1): the
        customer's mean shrunk towards the population mean v p/(q − 1), which frequency-0
        customers get (their monetary value, 0, is ignored). Raises ``DivergesError`` (field
        ``q``) when px + q <= 1. ``out``: an array to write the results into and return, as
        numpy's ufuncs take it. ``errors``: ``"raise"`` (the default) refuses the batch at the
        first invalid customer (a repeat customer's monetary value must be > 0), naming her
        position and, for pandas input, her index label; ``"coerce"`` gives her NaN and warns
        with a :class:`~custometrics.retention.CoercedWarning` (how many, which)."""
        cols, _ = _data.columns(frequency, (monetary_value,), _SPEND)
        return _batch.predict(
            self._fitted().conditional_expected_average_profit, (), [c[0] for c in _SPEND], cols, None, errors, out,
            _batch.spend_suspect,
        )

    @staticmethod
    def independence_check(frequency: Any, monetary_value: Optional[ArrayLike] = None) -> SpendIndependence:
        """The correlation of frequency and monetary value over the customers given (pass the
        repeat customers the model is fitted on): the independence the model assumes."""
        (f, m), _ = _data.columns(frequency, (monetary_value,), _SPEND)
        return SpendIndependence._from(_native.GammaGamma.independence_check(f, m))

    @overload
    def customer_lifetime_value(
        self,
        transaction_model: TransactionModel[Any],
        frequency: Scalar,
        recency: Scalar,
        T: Scalar,
        monetary_value: Scalar,
        time: int = 12,
        discount_rate: float = 0.01,
        freq: str = "D",
        *,
        errors: Errors = "raise",
    ) -> float: ...
    @overload
    def customer_lifetime_value(
        self,
        transaction_model: TransactionModel[Any],
        frequency: Frame,
        recency: Optional[Values] = None,
        T: Optional[Values] = None,
        monetary_value: Optional[Values] = None,
        time: int = 12,
        discount_rate: float = 0.01,
        freq: str = "D",
        *,
        out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def customer_lifetime_value(
        self,
        transaction_model: TransactionModel[Any],
        frequency: Any,
        recency: Optional[Values] = None,
        T: Optional[Values] = None,
        monetary_value: Optional[Values] = None,
        time: int = 12,
        discount_rate: float = 0.01,
        freq: str = "D",
        *,
        out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> F64: ...
    def customer_lifetime_value(
        self,
        transaction_model: TransactionModel[Any],
        frequency: Any,
        recency: Optional[Values] = None,
        T: Optional[Values] = None,
        monetary_value: Optional[Values] = None,
        time: int = 12,
        discount_rate: float = 0.01,
        freq: str = "D",
        *,
        out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """Each customer's discounted expected spend over the next ``time`` months (at most 1200,
        a century; more is an ``OutOfRangeError`` naming ``time``) (see the
        module docstring for the formula), as a float64 array (a float for one customer given as numbers); ``frequency`` may be a DataFrame
        with the columns frequency, recency, T, monetary_value. ``freq`` is the time unit the
        transaction model was fitted in: ``"h"``, ``"D"``, ``"W"`` or ``"ME"`` (also lifetimes' ``"H"``,
        ``"M"``; see :mod:`~custometrics.retention._freq`). ``out``: an array to
        write the results into and return."""
        tm = _check_model(transaction_model)
        cols, _ = _data.columns(frequency, (recency, T, monetary_value), _CLV)
        options: _native._ModelClvOptions = {"time": time, "discount_rate": discount_rate, "freq": _freq.clv_unit(freq)}
        spend = self._fitted()

        def clv(f: Any, r: Any, t: Any, m: Any, scalar: bool, into: Optional[F64]) -> F64:
            return spend.customer_lifetime_value(tm, f, r, t, m, options, into)

        def suspect(f: F64, r: F64, t: F64, m: F64) -> Any:
            return _batch.rft_suspect(f, r, t) | _batch.spend_suspect(f, m)

        return _batch.predict(clv, (), [c[0] for c in _CLV], cols, None, errors, out, suspect)
