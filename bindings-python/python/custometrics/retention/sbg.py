"""The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007, "How to
project customer retention"; 2010, "Customer-base valuation in a contractual setting").

Each customer renews at the end of every period with probability 1 − θ until they churn; θ
varies over customers as Beta(α, β). Fitted by maximum likelihood to one cohort's survivor
counts: ``survivors[0]`` is the cohort size, ``survivors[t]`` the number still active after t
periods.

Names. lifetimes has no sBG; the class follows its fitters' habits (``fit`` returns the model,
``params_``, ``log_likelihood_``, ``summary()``). The paper's quantities and lifetimes' words, as
they are called here (Python; JS and Rust):

- α, β: ``params_["alpha"]``, ``params_["beta"]`` (JS ``params.alpha``)
- S(t): ``survival(t)``, ``survival_curve(n)`` (``survival``, ``survivalCurve``)
- r(t): ``retention_rate(t)``, ``retention_curve(n)`` (``retentionRate``, ``retentionCurve``)
- P(T = t): ``churn_probability(t)`` (``churnProbability``)
- n₀ · S(t): ``expected_survivors(n0, periods)`` (``expectedSurvivors``)
- DEL(d): ``discounted_expected_lifetime(d)``, alias ``del_`` (``del`` is a Python keyword;
  JS and Rust ``del``)
- DERL(d, n): ``discounted_expected_residual_lifetime(d, n)``, alias ``derl`` (``derl``)
- E(CLV) = m · DEL: ``expected_clv(m, d)``, a Decimal (``expectedClv``)
- E(RLV) = m · DERL: ``expected_residual_value(m, d, n)`` (``expectedResidualValue``)
- the log-likelihood of eq. 7: ``log_likelihood(survivors)`` (JS ``logLikelihoodOf``); the
  fitted total is ``log_likelihood_`` (JS ``logLikelihood``)
- lifetimes' ``penalizer_coef``: ``ShiftedBetaGeo(penalizer=...)`` (JS ``fit(s, { penalizer })``)
- lifetimes' ``fit(initial_params=..., tol=...)``: ``fit(initial=..., tolerance=...)``
- lifetimes' ``standard_errors_``: ``std_errors_`` (JS ``stdErrors``); ``variance_matrix_``:
  ``report_.covariance`` (JS ``report.covariance``, flat, row-major)

DEL counts the first period undiscounted (margin at the start of each period); DERL is for a
customer who has made n renewals, just before the next renewal decision.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping, Optional, Sequence, Union, overload

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from . import _data
from ._data import F64, Scalar, SeriesF, SeriesIn
from ._fitted import FittedModel
from .economics import Money

__all__ = ["ShiftedBetaGeo"]

Periods = Union[int, ArrayLike]


class ShiftedBetaGeo(FittedModel[_native.ShiftedBetaGeo]):
    """The shifted-beta-geometric model: ``ShiftedBetaGeo(penalizer=0.0).fit(survivors)``.

    >>> m = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> m.params_.round(3).to_dict()  # a pandas Series, as lifetimes' params_
    {'alpha': 0.704, 'beta': 1.182}

    ``penalizer`` adds ``penalizer · (α² + β²)`` to the mean negative log-likelihood
    (lifetimes' ``penalizer_coef``). Functions of a period take an int (returning a float) or an
    array of ints (returning a float64 array).
    """

    _PARAMS = ("alpha", "beta")
    _NATIVE = _native.ShiftedBetaGeo

    def __init__(self, penalizer: float = 0.0) -> None:
        super().__init__(penalizer)

    def fit(
        self,
        survivors: ArrayLike,
        *,
        max_iterations: int = 1000,
        tolerance: float = 1e-9,
        initial: Union[None, Mapping[str, float], Sequence[float]] = None,
        require_convergence: bool = True,
    ) -> "ShiftedBetaGeo":
        """Fits α and β to survivor counts (``survivors[0]`` = the cohort size); returns the
        model. A fit that stops short of ``tolerance`` raises
        :class:`custometrics.DidNotConvergeError` (with ``last_iterate`` = [α, β]) unless
        ``require_convergence=False``, which keeps it with ``report_.converged`` False."""
        self._fit_native(
            survivors, max_iterations=max_iterations, tolerance=tolerance, initial=initial,
            require_convergence=require_convergence,
        )
        return self

    @classmethod
    def from_params(cls, alpha: float, beta: float) -> "ShiftedBetaGeo":
        """A model with given α > 0 and β > 0, ready to predict (its standard errors are NaN)."""
        model = cls()
        model._set_params(alpha, beta)
        return model

    def _over(self, method: str, t: Periods, *rest: float) -> Union[float, F64, SeriesF]:
        ts, form = _data.scalar_or_array(t, "t")
        return form.wrap(getattr(self._fitted(), method)(*rest, ts, form.scalar))

    @overload
    def survival(self, t: Scalar) -> float: ...
    @overload
    def survival(self, t: SeriesIn) -> SeriesF: ...
    @overload
    def survival(self, t: ArrayLike) -> F64: ...
    def survival(self, t: Periods) -> Union[float, F64, SeriesF]:
        """S(t): the share of the cohort still active after t periods; S(0) = 1."""
        return self._over("survival", t)

    def survival_curve(self, periods: int) -> F64:
        """S(0), S(1), …, S(periods) in one pass."""
        return self._fitted().survival_curve(periods)

    @overload
    def retention_rate(self, t: Scalar) -> float: ...
    @overload
    def retention_rate(self, t: SeriesIn) -> SeriesF: ...
    @overload
    def retention_rate(self, t: ArrayLike) -> F64: ...
    def retention_rate(self, t: Periods) -> Union[float, F64, SeriesF]:
        """r(t) = (β + t − 1) / (α + β + t − 1), the share of those active in period t − 1 who
        renew for period t (t >= 1); it rises with t as the cohort sorts itself."""
        return self._over("retention_rate", t)

    def retention_curve(self, periods: int) -> F64:
        """r(1), …, r(periods)."""
        return self._fitted().retention_curve(periods)

    @overload
    def churn_probability(self, t: Scalar) -> float: ...
    @overload
    def churn_probability(self, t: SeriesIn) -> SeriesF: ...
    @overload
    def churn_probability(self, t: ArrayLike) -> F64: ...
    def churn_probability(self, t: Periods) -> Union[float, F64, SeriesF]:
        """P(T = t) = S(t − 1) − S(t): the probability that a new customer's last period is t."""
        return self._over("churn_probability", t)

    def expected_survivors(self, cohort_size: float, periods: int) -> F64:
        """n₀ · S(t) for t = 0..periods: the projected survivor curve of a cohort."""
        return self._fitted().expected_survivors(cohort_size, periods)

    def discounted_expected_lifetime(self, discount: float) -> float:
        """DEL(d) = Σ_{t>=0} S(t) / (1 + d) ** t, in periods (Fader & Hardie 2010, eq. 5)."""
        return self._fitted().del_(discount)

    @overload
    def discounted_expected_residual_lifetime(self, discount: float, renewals: Scalar) -> float: ...
    @overload
    def discounted_expected_residual_lifetime(self, discount: float, renewals: SeriesIn) -> SeriesF: ...
    @overload
    def discounted_expected_residual_lifetime(self, discount: float, renewals: ArrayLike) -> F64: ...
    def discounted_expected_residual_lifetime(self, discount: float, renewals: Periods) -> Union[float, F64, SeriesF]:
        """DERL(d, n) for a customer who has made n renewals (Fader & Hardie 2010, eq. 6);
        ``renewals`` may be an array (one per customer)."""
        return self._over("derl", renewals, discount)

    #: The paper's names (``del`` is a Python keyword).
    del_ = discounted_expected_lifetime
    derl = discounted_expected_residual_lifetime

    def expected_clv(self, margin: Money, discount: float) -> Decimal:
        """E(CLV) = m · DEL(d) of a new customer, for a margin m per period received at the start of
        each period; about 15 correct digits (DEL is a float)."""
        return Decimal(self._fitted().expected_clv(margin, discount))

    def expected_residual_value(self, margin: Money, discount: float, renewals: int) -> Decimal:
        """E(RLV) = m · DERL(d, n) of a customer who has made n renewals."""
        return Decimal(self._fitted().expected_residual_value(margin, discount, renewals))

    def log_likelihood(self, survivors: ArrayLike) -> float:
        """The log-likelihood of survivor counts under this model (Fader & Hardie 2007, eq. 7)."""
        return self._fitted().log_likelihood(survivors)
