"""Retention (客户保持) and customer lifetime value (客户终身价值).

- :mod:`~custometrics.retention.economics`: churn ↔ retention, period conversion, expected
  lifetime, CLV (Gupta & Lehmann's closed form; finite horizon, discounting, growth, acquisition
  cost), customer equity, retention impact, cost ratio, break-even retention spend, payback.
  Money in and out is exact (:class:`decimal.Decimal`).
- :mod:`~custometrics.retention.summary`: a transaction log to lifetimes' frequency / recency /
  T / monetary-value summary, with a calibration/holdout split (also under lifetimes' names:
  :func:`calibration_and_holdout_data`, :func:`summary_data_from_transaction_data`). Every
  ``freq`` is one of the codes of :mod:`~custometrics.retention._freq` (pandas' offset aliases).
- Per-customer predictions take ``errors="raise" | "coerce"`` (pandas' words; see
  :mod:`~custometrics.retention._batch`): coerce gives NaN to the customers the core refuses
  and warns with a :class:`CoercedWarning` naming them. Fitted models are saved as JSON with
  ``save_model`` and read back with ``load_model`` (:mod:`~custometrics.retention._saved`).
- Models fitted by maximum likelihood, each ``Model(penalizer=...).fit(...)`` returning the model,
  with ``params_``, ``std_errors_``, ``log_likelihood_`` (the total), ``report_`` and
  ``summary()``: :class:`ShiftedBetaGeo` (contractual; Fader & Hardie 2007); the models of
  repeat buying, named as lifetimes names them (each module's docstring maps lifetimes' names to
  ours): :class:`BetaGeo` (BG/NBD), :class:`ModifiedBetaGeo` (MBG/NBD), :class:`ParetoNBD`,
  :class:`BetaGeoBetaBinom` (BG/BB, discrete opportunities) and :class:`GammaGamma` (spend, and
  CLV from a transaction model with lifetimes' semantics).
- :mod:`~custometrics.retention.simulate`: customers simulated from a model (lifetimes'
  ``generate_data``), seeded; :mod:`~custometrics.retention.tracking`: actual against expected
  cumulative repeat transactions (lifetimes' ``expected_cumulative_transactions``);
  :mod:`~custometrics.retention.scorecard`: :func:`holdout_scorecard`, a model's accuracy on a
  holdout period in one call (drawn by :func:`custometrics.plotting.plot_scorecard`).

Every error is a :class:`custometrics.CustometricsError` (a ``ValueError``) with ``code``,
``field`` and ``index``; a fit that does not converge raises
:class:`custometrics.DidNotConvergeError` with ``last_iterate``.
"""

from ._fitted import FitReport, FittedModel
from .economics import (
    BreakEvenSpend,
    Clv,
    Cohort,
    CohortValue,
    CustomerEquity,
    Money,
    Payback,
    RetentionImpact,
    Timing,
    break_even_retention_spend,
    churn_from_retention,
    clv,
    clv_closed_form,
    clv_many,
    convert_churn,
    convert_retention,
    cost_ratio,
    customer_equity,
    expected_lifetime,
    payback,
    retention_from_churn,
    retention_impact,
)
from .bgbb import BetaGeoBetaBinom
from .gamma_gamma import GammaGamma, SpendIndependence
from .sbg import ShiftedBetaGeo
from .scorecard import HoldoutScorecard, holdout_scorecard
from .simulate import generate_data
from ._batch import CoercedWarning
from ._saved import load_model
from .summary import (
    TransactionSummary,
    calibration_and_holdout_data,
    summary_data_from_transaction_data,
    summary_from_transactions,
)
from .tracking import expected_cumulative_transactions
from .transaction import BetaGeo, ModifiedBetaGeo, ParetoNBD, TransactionModel

__all__ = [
    # economics
    "Money", "Timing", "Clv", "Cohort", "CohortValue", "CustomerEquity", "RetentionImpact", "BreakEvenSpend",
    "Payback", "churn_from_retention", "retention_from_churn", "convert_retention", "convert_churn",
    "expected_lifetime", "clv_closed_form", "clv", "clv_many", "customer_equity", "retention_impact",
    "cost_ratio", "break_even_retention_spend", "payback",
    # transaction summaries
    "TransactionSummary", "summary_from_transactions", "calibration_and_holdout_data",
    "summary_data_from_transaction_data",
    # fitted models
    "FitReport", "FittedModel", "ShiftedBetaGeo",
    "TransactionModel", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "BetaGeoBetaBinom", "GammaGamma",
    "SpendIndependence", "load_model", "CoercedWarning",
    # simulation, tracking and the holdout check
    "generate_data", "expected_cumulative_transactions", "HoldoutScorecard", "holdout_scorecard",
]
