"""The BG/BB model of discrete transaction opportunities (Fader, Hardie & Shang 2010,
"Customer-base analysis in a discrete-time noncontractual setting"): at each of n opportunities
(an annual fund drive, a weekly show) an alive customer transacts with probability
p ~ Beta(alpha, beta), and after each opportunity drops out with probability θ ~ Beta(gamma,
delta).

A history is (frequency, recency, n_periods): the number of opportunities with a transaction,
the opportunity of the last one (0 if none) and the number of opportunities, whole numbers with
frequency <= recency <= n_periods. Grouped data (one row per pattern, as in the donations data of
the paper) are fitted with ``weights``.

Names, for lifetimes users (``BetaGeoBetaBinomFitter``):

- ``BetaGeoBetaBinomFitter(penalizer_coef=...)``: ``BetaGeoBetaBinom(penalizer=...)``
- ``fit(frequency, recency, n_periods, weights)``: the same (or ``fit(frame)`` with the columns
  frequency, recency, n_periods — or periods — and weights)
- ``params_`` (alpha, beta, gamma, delta), ``standard_errors_``: ``params_`` (a Series, as lifetimes'),
  ``std_errors_``; ``log_likelihood_`` is the total
- ``conditional_probability_alive(m_periods_in_future, frequency, recency, n_periods)``: the same
- ``conditional_expected_number_of_purchases_up_to_time(m_periods_in_future, frequency,
  recency, n_periods)``: the same
- ``expected_number_of_transactions_in_first_n_periods(n)``: the same (a DataFrame of expected
  customer counts by frequency); per customer, ``probability_of_n_purchases_up_to_time(n_periods,
  n)`` and ``expected_number_of_purchases_up_to_time(n_periods)``
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Union, overload

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from . import _batch, _data
from ._batch import Errors
from ._data import F64, Frame, Scalar, SeriesF, SeriesIn
from ._fitted import FittedModel

__all__ = ["BetaGeoBetaBinom"]

Values = Union[float, ArrayLike]
_COLUMNS = (["frequency"], ["recency"], ["n_periods", "periods"])
_NAMES = [c[0] for c in _COLUMNS]


class BetaGeoBetaBinom(FittedModel[_native.BetaGeoBetaBinom]):
    """The BG/BB model: ``BetaGeoBetaBinom(penalizer=0.0).fit(frequency, recency, n_periods,
    weights)``.

    lifetimes' ``BetaGeoBetaBinomFitter``: ``penalizer_coef`` → ``penalizer``; ``params_``
    alpha, beta, gamma, delta (a Series); ``standard_errors_`` → ``std_errors_``;
    ``conditional_probability_alive``, ``conditional_expected_number_of_purchases_up_to_time``
    (both ``(m_periods_in_future, frequency, recency, n_periods)``) and
    ``expected_number_of_transactions_in_first_n_periods(n)`` keep their names; per new customer,
    ``expected_number_of_purchases_up_to_time(n_periods)`` and
    ``probability_of_n_purchases_up_to_time(n_periods, n)`` are added.

    >>> m = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    >>> round(m.conditional_probability_alive(0, 6, 6, 6), 4)  # donated every year: surely alive
    1.0
    >>> round(m.expected_number_of_purchases_up_to_time(6), 3)
    2.22
    """

    _PARAMS = ("alpha", "beta", "gamma", "delta")
    _NATIVE = _native.BetaGeoBetaBinom
    n_customers_: float

    def __init__(self, penalizer: float = 0.0) -> None:
        super().__init__(penalizer)

    def fit(
        self,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        n_periods: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
        *,
        max_iterations: int = 1000,
        tolerance: float = 1e-9,
        initial: Union[None, Mapping[str, float], Sequence[float]] = None,
        require_convergence: bool = True,
    ) -> "BetaGeoBetaBinom":
        """Fits alpha, beta, gamma, delta by maximum likelihood; returns the model.
        Non-convergence raises :class:`custometrics.DidNotConvergeError` (with
        ``last_iterate``) unless ``require_convergence=False``."""
        (f, r, n), w = _data.columns(frequency, (recency, n_periods), _COLUMNS, weights)
        fit = self._fit_native(
            f, r, n, w, max_iterations=max_iterations, tolerance=tolerance, initial=initial,
            require_convergence=require_convergence,
        )
        self.n_customers_ = float(fit["n_customers"])
        return self

    @classmethod
    def from_params(cls, alpha: float, beta: float, gamma: float, delta: float) -> "BetaGeoBetaBinom":
        """A model with given parameters (each > 0), ready to predict."""
        model = cls()
        model._set_params(alpha, beta, gamma, delta)
        return model

    def log_likelihood(
        self, frequency: Any, recency: Optional[ArrayLike] = None, n_periods: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> float:
        """The total log-likelihood of data under this model's parameters."""
        (f, r, n), w = _data.columns(frequency, (recency, n_periods), _COLUMNS, weights)
        return self._fitted().log_likelihood(f, r, n, w)

    @overload
    def conditional_probability_alive(
        self, m_periods_in_future: int, frequency: Scalar, recency: Scalar, n_periods: Scalar, *,
        errors: Errors = "raise",
    ) -> float: ...
    @overload
    def conditional_probability_alive(
        self, m_periods_in_future: int, frequency: Frame, recency: Optional[Values] = None,
        n_periods: Optional[Values] = None, *, out: Optional[F64] = None, errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def conditional_probability_alive(
        self, m_periods_in_future: int, frequency: Any, recency: Optional[Values] = None,
        n_periods: Optional[Values] = None, *, out: Optional[F64] = None, errors: Errors = "raise",
    ) -> F64: ...
    def conditional_probability_alive(
        self, m_periods_in_future: int, frequency: Any, recency: Optional[Values] = None,
        n_periods: Optional[Values] = None, *, out: Optional[F64] = None, errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """The probability that a customer with this history is alive at opportunity
        n_periods + m_periods_in_future (FHS 2010, eq. A10). ``out``: an array to write the
        results into and return, as numpy's ufuncs take it. ``errors``: ``"raise"`` (the default)
        refuses the batch at the first invalid history, naming its position and, for pandas
        input, its index label; ``"coerce"`` gives NaN to the customers the core refuses and
        warns with a :class:`~custometrics.retention.CoercedWarning`."""
        cols, _ = _data.columns(frequency, (recency, n_periods), _COLUMNS)
        return _batch.predict(
            self._fitted().probability_alive, (), _NAMES, cols, m_periods_in_future, errors, out,
            horizon_name="m_periods_in_future",
        )

    @overload
    def conditional_expected_number_of_purchases_up_to_time(
        self, m_periods_in_future: int, frequency: Scalar, recency: Scalar, n_periods: Scalar, *,
        errors: Errors = "raise",
    ) -> float: ...
    @overload
    def conditional_expected_number_of_purchases_up_to_time(
        self, m_periods_in_future: int, frequency: Frame, recency: Optional[Values] = None,
        n_periods: Optional[Values] = None, *, out: Optional[F64] = None, errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def conditional_expected_number_of_purchases_up_to_time(
        self, m_periods_in_future: int, frequency: Any, recency: Optional[Values] = None,
        n_periods: Optional[Values] = None, *, out: Optional[F64] = None, errors: Errors = "raise",
    ) -> F64: ...
    def conditional_expected_number_of_purchases_up_to_time(
        self, m_periods_in_future: int, frequency: Any, recency: Optional[Values] = None,
        n_periods: Optional[Values] = None, *, out: Optional[F64] = None, errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """The expected number of transactions in the next ``m_periods_in_future``
        opportunities of a customer with this history (FHS 2010, eq. 13); ``m_periods_in_future``
        one number or one per customer; ``out`` and ``errors`` as for
        :meth:`conditional_probability_alive`."""
        cols, _ = _data.columns(frequency, (recency, n_periods), _COLUMNS)
        return _batch.predict(
            self._fitted().conditional_expected_transactions, (), _NAMES, cols, m_periods_in_future, errors, out,
            horizon_name="m_periods_in_future",
        )

    @overload
    def expected_number_of_purchases_up_to_time(self, n_periods: Scalar) -> float: ...
    @overload
    def expected_number_of_purchases_up_to_time(self, n_periods: SeriesIn) -> SeriesF: ...
    @overload
    def expected_number_of_purchases_up_to_time(self, n_periods: ArrayLike) -> F64: ...
    def expected_number_of_purchases_up_to_time(self, n_periods: Values) -> Union[float, F64, SeriesF]:
        """E[X(n)]: the expected number of transactions of a new customer in the first
        ``n_periods`` opportunities (FHS 2010, eq. 9); a whole number or an array of them."""
        ns, form = _data.scalar_or_array(n_periods, "n_periods")
        return form.wrap(self._fitted().expected_transactions(ns, form.scalar))

    @overload
    def probability_of_n_purchases_up_to_time(self, n_periods: int, n: Scalar) -> float: ...
    @overload
    def probability_of_n_purchases_up_to_time(self, n_periods: int, n: SeriesIn) -> SeriesF: ...
    @overload
    def probability_of_n_purchases_up_to_time(self, n_periods: int, n: ArrayLike) -> F64: ...
    def probability_of_n_purchases_up_to_time(self, n_periods: int, n: Values) -> Union[float, F64, SeriesF]:
        """P(X(n_periods) = n): the probability that a new customer transacts at exactly ``n``
        of the first ``n_periods`` opportunities (FHS 2010, eq. 7)."""
        xs, form = _data.scalar_or_array(n, "n")
        return form.wrap(self._fitted().probability_of_transactions(n_periods, xs, form.scalar))

    def expected_number_of_transactions_in_first_n_periods(self, n: int) -> Any:
        """lifetimes' table: the expected number of the fitted customers with 0, 1, …, n
        transactions in the first n opportunities (P(X(n) = x) × customers fitted), a
        DataFrame indexed by ``frequency`` with the column ``model`` (a dict without pandas)."""
        customers = getattr(self, "n_customers_", None)
        if customers is None:
            raise AttributeError("expected counts need the number of customers fitted: call fit(...) first")
        counts = self.probability_of_n_purchases_up_to_time(n, np.arange(int(n) + 1)) * customers
        try:
            import pandas as pd
        except ImportError:
            return {"model": dict(enumerate(counts.tolist()))}
        return pd.DataFrame({"model": counts}, index=pd.RangeIndex(len(counts), name="frequency"))
