"""The continuous-time models of repeat buying, fitted by maximum likelihood to per-customer
summaries (frequency, recency, T — see :func:`summary_from_transactions`):

- :class:`BetaGeo` — BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way");
- :class:`ModifiedBetaGeo` — MBG/NBD (Batislam, Denizel & Filiztekin 2007), BG/NBD with dropout
  possible at the first purchase too;
- :class:`ParetoNBD` — Pareto/NBD (Schmittlein, Morrison & Colombo 1987).

Spend and CLV are :class:`~custometrics.retention.GammaGamma`'s; discrete opportunities are
:class:`~custometrics.retention.BetaGeoBetaBinom`'s.

Names, for lifetimes users. The classes are lifetimes' fitters with the same method names,
argument order and parameter names; what differs:

===============================================  ==============================================
lifetimes                                        custometrics
===============================================  ==============================================
``BetaGeoFitter(penalizer_coef=0.1)``            ``BetaGeo(penalizer=0.1)`` (the same objective)
``ModifiedBetaGeoFitter``, ``ParetoNBDFitter``   ``ModifiedBetaGeo``, ``ParetoNBD``
``fit(f, r, T, weights, initial_params, tol)``   ``fit(f, r, T, weights, initial=..., tolerance=...)``
                                                 (also ``fit(summary_frame)``)
``params_`` (a Series)                           ``params_`` (a Series: r, alpha, a, b / r,
                                                 alpha, s, beta; a dict without pandas)
``standard_errors_``, ``variance_matrix_``       ``std_errors_``, ``report_.covariance``
``_negative_log_likelihood_`` (a mean, on time   ``log_likelihood_`` (the total, in the data's
rescaled to max T = 1, penalty included)         time unit, without penalty)
``summary``                                      ``summary()`` (the same columns)
``conditional_probability_alive(f, r, T)``       the same
``expected_number_of_purchases_up_to_time(t)``   the same
``conditional_expected_number_of_purchases_``    the same (and ``predict``)
``up_to_time(t, f, r, T)``
``probability_of_n_purchases_up_to_time(t, n)``  the same (also for Pareto/NBD)
``conditional_probability_alive_matrix(``        the same (rows recency, columns frequency);
``max_frequency=None, max_recency=None)``        lifetimes' defaults after ``fit``, both
                                                 required for a model from ``from_params``
``ParetoNBDFitter.conditional_probability_of_``  ``ParetoNBD.conditional_probability_of_n_``
``n_purchases_up_to_time(n, t, f, r, T)``        ``purchases_up_to_time``, the same arguments
===============================================  ==============================================

Predictions take one customer as numbers (returning a float) or many as arrays (returning a
new float64 array, computed with the GIL released; a pandas Series on the input's index when
the customers came as Series or a DataFrame); a summary DataFrame may stand in for the
frequency, recency and T columns. Times are in the unit of the data the model was fitted on.
A history is valid when frequency is a whole number >= 0, 0 <= recency <= T, T > 0 and recency
is 0 when frequency is 0; otherwise the error names the column and the customer's index.
lifetimes fits on time rescaled to max(T) = 1 and stops its optimiser early (Pareto/NBD: from a
random start); here the same likelihood is maximised to a gradient norm of 1e-9 with exact
derivatives, so parameters agree with lifetimes' to about 1e-4 and are reproducible.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, TypeVar, Union, overload

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from . import _batch, _data
from ._batch import Errors
from ._data import F64, Frame, Scalar, SeriesF, SeriesIn
from ._fitted import FittedModel

__all__ = ["BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "TransactionModel"]

_M = TypeVar("_M", bound="TransactionModel[Any]")
_T = TypeVar("_T", bound="_native._TransactionModel")
Values = Union[float, ArrayLike]
_COLUMNS = (["frequency", "frequency_cal"], ["recency", "recency_cal"], ["T", "T_cal"])
_NAMES = [c[0] for c in _COLUMNS]


class TransactionModel(FittedModel[_T]):
    """What :class:`BetaGeo`, :class:`ModifiedBetaGeo` and :class:`ParetoNBD` share: ``fit``,
    the fitted attributes, and the predictions named as in lifetimes.

    From lifetimes' fitters: ``penalizer_coef`` → ``penalizer``; ``fit(..., initial_params,
    tol)`` → ``fit(..., initial=, tolerance=)``; ``params_`` (a Series, the same names); ``standard_errors_`` → ``std_errors_``; ``variance_matrix_`` →
    ``report_.covariance``; ``_negative_log_likelihood_`` (mean, rescaled time, penalised) →
    ``log_likelihood_`` (total, the data's time unit, unpenalised); ``summary`` →
    ``summary()``; ``conditional_probability_alive``, ``expected_number_of_purchases_up_to_time``,
    ``conditional_expected_number_of_purchases_up_to_time`` / ``predict``,
    ``probability_of_n_purchases_up_to_time`` and ``conditional_probability_alive_matrix`` keep
    their names and arguments."""

    n_customers_: float
    # lifetimes' defaults of conditional_probability_alive_matrix for the fitted data
    _matrix_extent: Optional[Mapping[str, int]] = None

    def fit(
        self: _M,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
        *,
        max_iterations: int = 1000,
        tolerance: float = 1e-9,
        initial: Union[None, Mapping[str, float], Sequence[float]] = None,
        require_convergence: bool = True,
    ) -> _M:
        """Fits the model by maximum likelihood; returns it.

        ``frequency``, ``recency``, ``T``: one element per customer (or per group of identical
        customers, counted by ``weights``), in one time unit; or ``frequency`` a DataFrame with
        the columns ``frequency``, ``recency``, ``T`` (and ``weights``, used when present).
        ``penalizer`` (given to the constructor) is lifetimes' ``penalizer_coef``.

        A fit that stops short of ``tolerance`` raises :class:`custometrics.DidNotConvergeError`
        (``last_iterate`` holds the parameters it reached) unless ``require_convergence=False``,
        which keeps the result with ``report_.converged`` False. Options left None take the
        core's defaults (1000 iterations, tolerance 1e-9, convergence required)."""
        (f, r, t), w = _data.columns(frequency, (recency, T), _COLUMNS, weights)
        fit = self._fit_native(
            f, r, t, w, max_iterations=max_iterations, tolerance=tolerance, initial=initial,
            require_convergence=require_convergence,
        )
        self.n_customers_ = float(fit["n_customers"])
        self._matrix_extent = fit["matrix_extent"]
        return self

    def log_likelihood(
        self, frequency: Any, recency: Optional[ArrayLike] = None, T: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> float:
        """The total log-likelihood of data under this model's parameters."""
        (f, r, t), w = _data.columns(frequency, (recency, T), _COLUMNS, weights)
        return self._fitted().log_likelihood(f, r, t, w)

    @overload
    def conditional_probability_alive(
        self, frequency: Scalar, recency: Scalar, T: Scalar, *, errors: Errors = "raise"
    ) -> float: ...
    @overload
    def conditional_probability_alive(
        self, frequency: Frame, recency: Optional[Values] = None, T: Optional[Values] = None, *, out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def conditional_probability_alive(
        self, frequency: Any, recency: Optional[Values] = None, T: Optional[Values] = None, *, out: Optional[F64] = None,
        errors: Errors = "raise",
    ) -> F64: ...
    def conditional_probability_alive(
        self, frequency: Any, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """P(alive | frequency, recency, T): the probability that a customer with this history
        has not dropped out by T (lifetimes' name).

        ``out``: a writable, C-contiguous float64 array of one element per customer to write
        the results into and return, as numpy's ufuncs take it — for repeated calls on many
        customers, where a new array's first use costs time.

        ``errors``: ``"raise"`` (the default) refuses the batch at the first invalid history,
        the error naming its column, position and — for pandas input — index label;
        ``"coerce"`` gives NaN to the customers the core refuses and warns with a
        :class:`~custometrics.retention.CoercedWarning` saying how many and which."""
        cols, _ = _data.columns(frequency, (recency, T), _COLUMNS)
        return _batch.predict(self._fitted().probability_alive, (), _NAMES, cols, None, errors, out, _batch.rft_suspect)

    @overload
    def expected_number_of_purchases_up_to_time(self, t: Scalar) -> float: ...
    @overload
    def expected_number_of_purchases_up_to_time(self, t: SeriesIn) -> SeriesF: ...
    @overload
    def expected_number_of_purchases_up_to_time(self, t: ArrayLike) -> F64: ...
    def expected_number_of_purchases_up_to_time(self, t: Values) -> Union[float, F64, SeriesF]:
        """E[X(t)]: the expected number of repeat purchases in (0, t] of a customer who has just
        made a first purchase; ``t`` a number or an array of horizons."""
        ts, form = _data.scalar_or_array(t, "t")
        return form.wrap(self._fitted().expected_transactions(ts, form.scalar))

    @overload
    def conditional_expected_number_of_purchases_up_to_time(
        self, t: float, frequency: Scalar, recency: Scalar, T: Scalar, *, errors: Errors = "raise"
    ) -> float: ...
    @overload
    def conditional_expected_number_of_purchases_up_to_time(
        self, t: Values, frequency: Frame, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def conditional_expected_number_of_purchases_up_to_time(
        self, t: Values, frequency: Any, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> F64: ...
    def conditional_expected_number_of_purchases_up_to_time(
        self, t: Values, frequency: Any, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """E[Y(t) | frequency, recency, T]: the expected number of purchases in the next ``t``
        time units of a customer with this history (lifetimes' name; also ``predict``). ``t``
        is one horizon, or one per customer (an array, or a Series on the customers' index,
        such as a holdout's ``duration_holdout``, as lifetimes takes it); ``out`` and
        ``errors`` as for :meth:`conditional_probability_alive`."""
        cols, _ = _data.columns(frequency, (recency, T), _COLUMNS)
        return _batch.predict(
            self._fitted().conditional_expected_transactions, (), _NAMES, cols, t, errors, out, _batch.rft_suspect
        )

    predict = conditional_expected_number_of_purchases_up_to_time

    @overload
    def probability_of_n_purchases_up_to_time(self, t: float, n: Scalar) -> float: ...
    @overload
    def probability_of_n_purchases_up_to_time(self, t: float, n: SeriesIn) -> SeriesF: ...
    @overload
    def probability_of_n_purchases_up_to_time(self, t: float, n: ArrayLike) -> F64: ...
    def probability_of_n_purchases_up_to_time(self, t: float, n: Values) -> Union[float, F64, SeriesF]:
        """P(X(t) = n): the probability that a new customer makes exactly ``n`` repeat purchases in
        (0, t]; ``n`` a whole number or an array of them."""
        ns, form = _data.scalar_or_array(n, "n")
        return form.wrap(self._fitted().probability_of_transactions(float(t), ns, form.scalar))

    def conditional_probability_alive_matrix(
        self, max_frequency: Optional[int] = None, max_recency: Optional[int] = None
    ) -> F64:
        """P(alive) on a grid of histories, for a heat map (lifetimes' name and layout): a
        ``(max_recency + 1) × (max_frequency + 1)`` array whose ``[recency, frequency]`` cell is
        P(alive) of a customer ``max_recency`` time units old (T = ``max_recency``) with that
        frequency and recency, both whole numbers from 0.

        The defaults are lifetimes': the largest frequency and the largest T (rounded down) of
        the data the model was fitted on. A model made by ``from_params`` has no data, so it
        needs both arguments (an :class:`~custometrics.InvalidInputError` names the one
        missing). Unlike lifetimes, 0 means 0, not "the default"; ``max_recency`` must be at
        least 1 (an age of 0 is no customer's), and the grid at most 2**24 cells.

        Cells of frequency 0 and recency > 0 are no customer's history (without a repeat
        purchase, recency is 0). As lifetimes does, they hold the formula's value there rather
        than an error: 1 for BG/NBD, for MBG/NBD and Pareto/NBD the formula evaluated at that
        recency. The customer without repeat purchases is the cell ``[0, 0]``.

        >>> m = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> grid = m.conditional_probability_alive_matrix(max_frequency=2, max_recency=38)
        >>> grid.shape
        (39, 3)
        >>> float(grid[30, 2]) == m.conditional_probability_alive(2, 30, 38)
        True
        """
        e = self._matrix_extent
        fitted = None if e is None else (e["max_frequency"], e["max_recency"])
        return self._fitted().probability_alive_matrix(max_frequency, max_recency, fitted)


class BetaGeo(TransactionModel[_native.BetaGeo]):
    """The BG/NBD model: ``BetaGeo(penalizer=0.0).fit(frequency, recency, T)``.

    While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, alpha); after each
    purchase she drops out with probability p ~ Beta(a, b). lifetimes: ``BetaGeoFitter``, whose
    names map as :class:`TransactionModel` says (``params_``: r, alpha, a, b).

    >>> m = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)  # Fader, Hardie & Lee 2005
    >>> round(m.conditional_probability_alive(2, 30.43, 38.86), 4)
    0.7266
    >>> m.conditional_probability_alive([0, 2], [0, 5.0], [38.86, 38.86]).round(3).tolist()
    [1.0, 0.124]
    """

    _PARAMS = ("r", "alpha", "a", "b")
    _NATIVE = _native.BetaGeo

    def __init__(self, penalizer: float = 0.0) -> None:
        super().__init__(penalizer)

    @classmethod
    def from_params(cls, r: float, alpha: float, a: float, b: float) -> "BetaGeo":
        """A model with given parameters (each > 0), ready to predict; its standard errors are
        NaN."""
        model = cls()
        model._set_params(r, alpha, a, b)
        return model


class ModifiedBetaGeo(TransactionModel[_native.ModifiedBetaGeo]):
    """The MBG/NBD model: BG/NBD in which a customer may also drop out right after the first
    purchase, so a customer without repeat purchases is not certainly alive. lifetimes:
    ``ModifiedBetaGeoFitter``, names as :class:`TransactionModel` says (``params_``: r, alpha,
    a, b).

    >>> m = ModifiedBetaGeo.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    >>> m.conditional_probability_alive(0, 0, 38.86) < 1
    True
    """

    _PARAMS = ("r", "alpha", "a", "b")
    _NATIVE = _native.ModifiedBetaGeo

    def __init__(self, penalizer: float = 0.0) -> None:
        super().__init__(penalizer)

    @classmethod
    def from_params(cls, r: float, alpha: float, a: float, b: float) -> "ModifiedBetaGeo":
        """A model with given parameters (each > 0), ready to predict."""
        model = cls()
        model._set_params(r, alpha, a, b)
        return model


class ParetoNBD(TransactionModel[_native.ParetoNBD]):
    """The Pareto/NBD model: purchases at rate λ ~ Gamma(r, alpha) while alive, a lifetime
    exponential with rate μ ~ Gamma(s, beta). lifetimes: ``ParetoNBDFitter`` (which fits by
    Nelder–Mead from a random start and gives no standard errors; here they come with the fit),
    names as :class:`TransactionModel` says (``params_``: r, alpha, s, beta), and lifetimes'
    ``conditional_probability_of_n_purchases_up_to_time`` with its name and arguments.

    >>> m = ParetoNBD.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)  # Fader & Hardie, CDNOW
    >>> round(m.expected_number_of_purchases_up_to_time(39), 3)
    1.213
    """

    _PARAMS = ("r", "alpha", "s", "beta")
    _NATIVE = _native.ParetoNBD

    def __init__(self, penalizer: float = 0.0) -> None:
        super().__init__(penalizer)

    @classmethod
    def from_params(cls, r: float, alpha: float, s: float, beta: float) -> "ParetoNBD":
        """A model with given parameters (each > 0), ready to predict."""
        model = cls()
        model._set_params(r, alpha, s, beta)
        return model

    @overload
    def conditional_probability_of_n_purchases_up_to_time(
        self, n: int, t: float, frequency: Scalar, recency: Scalar, T: Scalar, *, errors: Errors = "raise"
    ) -> float: ...
    @overload
    def conditional_probability_of_n_purchases_up_to_time(
        self, n: int, t: Values, frequency: Frame, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> SeriesF: ...
    @overload
    def conditional_probability_of_n_purchases_up_to_time(
        self, n: int, t: Values, frequency: Any, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> F64: ...
    def conditional_probability_of_n_purchases_up_to_time(
        self, n: int, t: Values, frequency: Any, recency: Optional[Values] = None, T: Optional[Values] = None, *,
        out: Optional[F64] = None, errors: Errors = "raise",
    ) -> Union[float, F64, SeriesF]:
        """P(Y(t) = n | frequency, recency, T): the probability that a customer with this history
        makes exactly ``n`` purchases in the next ``t`` time units (lifetimes' name and argument
        order; ``n`` a whole number, ``t`` >= 0, the history one customer as numbers or many as
        arrays or a summary DataFrame).

        Alive at T with probability P(alive), the customer is then a new Pareto/NBD customer
        with parameters (r + frequency, alpha + T, s, beta + T); dropped out, she buys nothing.
        Every term is positive, so large ``n`` keeps its digits (lifetimes subtracts
        hypergeometric terms and loses them). At ``t = 0`` the answer is 1 for ``n = 0`` and 0
        otherwise (lifetimes returns 0 for every ``n`` when t <= 0). ``t`` may be one per
        customer; ``out`` and ``errors`` as for :meth:`conditional_probability_alive`.

        >>> m = ParetoNBD.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> round(m.conditional_probability_of_n_purchases_up_to_time(0, 39, 2, 30.43, 38.86), 3)
        0.408
        >>> m.conditional_probability_of_n_purchases_up_to_time(1, 39, [0, 2], [0, 30.43], 38.86).round(3).tolist()
        [0.046, 0.219]
        """
        cols, _ = _data.columns(frequency, (recency, T), _COLUMNS)
        return _batch.predict(
            self._fitted().conditional_probability_of_transactions, (n,), _NAMES, cols, t, errors, out,
            _batch.rft_suspect,
        )


def _check_model(model: Any) -> "_native._TransactionModel":
    """The native model of a transaction model, for CLV."""
    if not isinstance(model, TransactionModel):
        raise TypeError(
            f"transaction_model must be a custometrics BetaGeo, ModifiedBetaGeo or ParetoNBD, not {type(model).__name__}"
        )
    native: _native._TransactionModel = model._fitted()
    return native
