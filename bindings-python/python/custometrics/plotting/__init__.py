"""Plots of custometrics' results and models, with matplotlib (an optional dependency:
``pip install 'custometrics[plot]'``). matplotlib is imported when a plot is drawn, never by
``import custometrics`` or ``import custometrics.plotting``.

Every function draws on the ``ax=`` it is given (or on a new figure) and returns that Axes.

The fitted retention models (:mod:`~custometrics.plotting.models`), with lifetimes' names and
arguments: :func:`plot_period_transactions`,
:func:`plot_calibration_purchases_vs_holdout_purchases`, :func:`plot_frequency_recency_matrix`,
:func:`plot_probability_alive_matrix`, :func:`plot_expected_repeat_purchases`,
:func:`plot_history_alive`, :func:`plot_cumulative_transactions`,
:func:`plot_incremental_transactions`, :func:`plot_transaction_rate_heterogeneity`,
:func:`plot_dropout_rate_heterogeneity`; the sBG model's :func:`plot_survival_curve` and
:func:`plot_retention_curve`; the holdout check :func:`plot_scorecard`.

Satisfaction (:mod:`~custometrics.plotting.satisfaction`): :func:`plot_nps`,
:func:`plot_servqual`, :func:`plot_gaps`, :func:`plot_zone_of_tolerance`, :func:`plot_ipa`.
Loyalty (:mod:`~custometrics.plotting.loyalty`): :func:`plot_dick_basu`,
:func:`plot_jones_sasser`. Tiers (:mod:`~custometrics.plotting.tiers`): :func:`plot_lorenz`,
:func:`plot_rfm`, :func:`plot_migration`. Trust (:mod:`~custometrics.plotting.trust`):
:func:`plot_trust`.

A lifetimes user's figure, on data of their own:

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from custometrics.retention import ParetoNBD
>>> m = ParetoNBD.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
>>> ax = plot_dropout_rate_heterogeneity(m)
>>> ax.get_xlabel()
'Dropout Rate μ'
"""

from .loyalty import plot_dick_basu, plot_jones_sasser
from .models import (
    plot_calibration_purchases_vs_holdout_purchases,
    plot_cumulative_transactions,
    plot_dropout_rate_heterogeneity,
    plot_expected_repeat_purchases,
    plot_frequency_recency_matrix,
    plot_history_alive,
    plot_incremental_transactions,
    plot_period_transactions,
    plot_probability_alive_matrix,
    plot_retention_curve,
    plot_scorecard,
    plot_survival_curve,
    plot_transaction_rate_heterogeneity,
)
from .satisfaction import plot_gaps, plot_ipa, plot_nps, plot_servqual, plot_zone_of_tolerance
from .tiers import plot_lorenz, plot_migration, plot_rfm
from .trust import plot_trust

__all__ = [
    "plot_period_transactions",
    "plot_calibration_purchases_vs_holdout_purchases",
    "plot_frequency_recency_matrix",
    "plot_probability_alive_matrix",
    "plot_expected_repeat_purchases",
    "plot_history_alive",
    "plot_cumulative_transactions",
    "plot_incremental_transactions",
    "plot_transaction_rate_heterogeneity",
    "plot_dropout_rate_heterogeneity",
    "plot_survival_curve",
    "plot_retention_curve",
    "plot_scorecard",
    "plot_nps",
    "plot_servqual",
    "plot_gaps",
    "plot_zone_of_tolerance",
    "plot_ipa",
    "plot_dick_basu",
    "plot_jones_sasser",
    "plot_lorenz",
    "plot_rfm",
    "plot_migration",
    "plot_trust",
]
