"""custometrics on Dask DataFrames: the single-machine results for data spread over a cluster,
with the work done where the data are (``map_partitions``) and only small partial results moved
to the client (see :mod:`custometrics._engines` for what moves and why each result is exact).

Needs ``dask[dataframe,distributed]`` (``pip install 'custometrics[dask]'``). Every function
takes and returns Dask DataFrames, except where the result is small by nature (a fitted model,
survey measures per segment, a Gini coefficient).

- :func:`summary_from_transactions`: the transaction summary, one row per customer (columns as
  the single-machine :func:`custometrics.retention.summary_from_transactions`, with
  ``customer_id`` a column);
- :func:`fit`: a model fitted on the distinct histories with their counts;
- :func:`predict`: P(alive), expected purchases and CLV as columns;
- :func:`nps`, :func:`csat`, :func:`csi`, :func:`servqual`: survey measures by segment (a
  pandas DataFrame);
- :func:`abc`, :func:`curry`, :func:`rfm_scores`, :func:`gini`, :func:`lorenz`: tiers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

import numpy as np

from . import _engines, _native

if TYPE_CHECKING:
    import pandas as pd

try:
    # read as untyped modules: dask's own annotations are partial
    dask: Any = importlib.import_module("dask")
    dd: Any = importlib.import_module("dask.dataframe")
    importlib.import_module("distributed")
    pd_: Any = importlib.import_module("pandas")
except ImportError as e:  # pragma: no cover - the test venv has dask
    raise _engines.missing_engine("dask[dataframe,distributed]", "dask", e) from None

#: a dask DataFrame (dask.dataframe.DataFrame)
DaskFrame = Any

__all__ = ["summary_from_transactions", "fit", "predict", "nps", "csat", "csi", "servqual", "abc", "curry", "rfm_scores",
           "gini", "lorenz"]


def _frame(frame: Any) -> DaskFrame:
    if not isinstance(frame, dd.DataFrame):
        raise TypeError(f"expected a dask DataFrame, not {type(frame).__name__}")
    return frame


def summary_from_transactions(
    frame: DaskFrame,
    customer_id_col: str,
    datetime_col: str,
    monetary_value_col: Optional[str] = None,
    observation_period_end: Any = None,
    calibration_period_end: Any = None,
    freq: str = "D",
    *,
    format: Optional[str] = None,
    freq_multiplier: float = 1,
    include_first_transaction: bool = False,
) -> DaskFrame:
    """The per-customer summary of a transaction log, one row per customer, equal to the
    single-machine summary (the same columns, with ``customer_id`` a column; rows in partition
    order, sorted by id within each).

    The log is shuffled by customer id (one shuffle), after one pass that finds the last
    transaction (the default observation end), counts null ids (an error naming the partitions)
    and transactions after the observation end (a warning with the count per partition: the
    summary leaves them out, as lifetimes does)."""
    _frame(frame)
    _engines.require_columns(frame.columns, {"customer_id_col": customer_id_col, "datetime_col": datetime_col,
                                             "monetary_value_col": monetary_value_col})
    given_end = None
    if observation_period_end is not None:
        given_end = _engines.time_values(np.asarray([observation_period_end], dtype=object)
                                         if isinstance(observation_period_end, str) else [observation_period_end], format)[0]
    parts = frame.to_delayed()
    facts = dask.compute(*[dask.delayed(_engines.partition_checks)(p, customer_id_col, datetime_col, format, given_end)
                           for p in parts])
    _engines.check_partitions(list(facts), customer_id_col)
    end, cal = _engines.global_ends(list(facts), observation_period_end, calibration_period_end, format)
    keep = _engines.summary_columns(monetary_value_col is not None, cal is not None)
    meta = pd_.DataFrame({"customer_id": frame._meta[customer_id_col].iloc[:0].to_numpy(),
                         **{k: np.zeros(0) for k in keep}})
    shuffled = frame.shuffle(on=customer_id_col)
    return shuffled.map_partitions(
        _engines.partition_summary, customer_id_col, datetime_col, monetary_value_col, end, cal, freq, format,
        freq_multiplier, include_first_transaction, meta=meta,
    )


def fit(model: Any, summary: DaskFrame, **options: Any) -> Any:
    """Fits ``model`` (``BetaGeo()``, ``ModifiedBetaGeo()``, ``ParetoNBD()``,
    ``BetaGeoBetaBinom()``, ``GammaGamma()``) on a summary frame and returns it, fitted as on the
    whole summary in one process (to 1e-9 relative): the cluster counts the distinct histories,
    the client fits on the counts. ``options`` go to the model's ``fit``."""
    _frame(summary)
    names = _engines.history_columns(model)
    _engines.require_columns(summary.columns, {n: n for n in names})
    rows = summary.groupby(names).size().compute()
    table = rows.rename("count").reset_index()
    return _engines.fit_counts(model, table, **options)


def predict(
    summary: DaskFrame,
    model: Any,
    t: Optional[float] = None,
    spend_model: Any = None,
    time: int = 12,
    discount_rate: float = 0.01,
    freq: str = "D",
) -> DaskFrame:
    """The summary with ``probability_alive``, and ``expected_purchases`` over ``t`` when given,
    and ``clv`` from a fitted ``spend_model`` (a GammaGamma; ``time``, ``discount_rate`` and
    ``freq`` as in its ``customer_lifetime_value``): the single-machine batch kernels on each
    partition, with the fitted parameters sent along, so the same bits."""
    _frame(summary)
    _engines.require_columns(summary.columns, {c: c for c in ["frequency", "recency", "T"]})
    if spend_model is not None:
        _engines.require_columns(summary.columns, {"monetary_value": "monetary_value"})
    spec = _engines.portable(model)
    spend = None if spend_model is None else _engines.portable(spend_model)
    meta = summary._meta.copy()
    meta["probability_alive"] = np.zeros(0)
    if t is not None:
        meta["expected_purchases"] = np.zeros(0)
    if spend is not None:
        meta["clv"] = np.zeros(0)
    return summary.map_partitions(_engines.partition_predictions, spec, spend, t, time, discount_rate, freq, meta=meta)


def _answer_counts(frame: DaskFrame, column: str, segment_col: Optional[str]) -> Dict[Any, Dict[float, int]]:
    _frame(frame)
    _engines.require_columns(frame.columns, {"column": column, "segment_col": segment_col})
    keys: List[str] = [segment_col, column] if segment_col is not None else [column]
    counts = frame.groupby(keys, dropna=False).size().compute()
    return _engines.answer_counts_frame(counts, segment_col, column)


def nps(frame: DaskFrame, score_col: str, segment_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """NPS per segment (and a ``total`` row), from the counts of each score per segment:
    a pandas DataFrame of :func:`custometrics.satisfaction.nps_from_counts` results.
    ``options`` (``confidence``, ``method`` …) as there."""
    return _engines.nps_table(_answer_counts(frame, score_col, segment_col), **options)


def csat(frame: DaskFrame, response_col: str, segment_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """CSAT per segment (and a ``total`` row) from the counts of each answer per segment, as
    :func:`custometrics.satisfaction.csat` gives it (``scale_points``, ``top_k``, ``method`` …)."""
    from .satisfaction import csat as _csat

    return _engines.share_table(_answer_counts(frame, response_col, segment_col), _csat, **options)



def _sums(frame: DaskFrame, value_cols: List[str], overall_col: Optional[str], segment_col: Optional[str],
          minus: Optional[List[str]], names: List[str]) -> Dict[Any, Any]:
    """Per-segment sums of the value columns (minus ``minus``), merged on the client."""
    _frame(frame)
    for c in [*value_cols, *(minus or [])]:
        _engines.require_columns(frame.columns, {"columns": c})
    _engines.require_columns(frame.columns, {"overall_col": overall_col, "segment_col": segment_col})
    cols = [*value_cols, *(minus or []), *([overall_col] if overall_col else []), *([segment_col] if segment_col else [])]
    meta = _engines.rating_sums(frame._meta[cols], value_cols, overall_col, segment_col, minus)
    parts = frame[cols].map_partitions(_engines.rating_sums, value_cols, overall_col, segment_col, minus, meta=meta)
    return _engines.merge_sums(parts.compute(), names, segment_col)


def csi(frame: DaskFrame, attribute_cols: Sequence[str], segment_col: Optional[str] = None,
        overall_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """The customer satisfaction index per segment (and a ``total`` row) from sums that add
    across partitions (:func:`custometrics.satisfaction.csi_from_sums`): one row per respondent,
    one rating column per attribute; importance derived from ``overall_col`` when given,
    ``options`` (``scale``, ``importance``) as in :func:`custometrics.satisfaction.csi`. Columns:
    ``n``, ``index`` and per attribute ``mean_``, ``importance_`` (and ``correlation_``) + its name."""
    cols = list(attribute_cols)
    sums = _sums(frame, cols, overall_col, segment_col, None, [*cols, overall_col or ""])
    return _engines.csi_table(sums, cols, overall_col is not None, **options)


def servqual(frame: DaskFrame, expectation_cols: Sequence[str], perception_cols: Sequence[str],
             segment_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """SERVQUAL's sample figures per segment (and a ``total`` row) from the sums of P − E per
    item (:func:`custometrics.satisfaction.servqual_from_sums`): one row per respondent, item
    columns in the instrument's order; ``options`` (``importance`` as one split over the
    dimensions, ``dimensions``) as in :func:`custometrics.satisfaction.servqual`. Columns: ``n``,
    ``unweighted``, ``weighted``, each dimension's gap and ``gap_`` + each perception column."""
    p, e = list(perception_cols), list(expectation_cols)
    if len(p) != len(e):
        raise _native.invalid_input_error("expectation_cols", None, f"{len(e)} columns",
                                          f"one per perception column ({len(p)})")
    sums = _sums(frame, p, None, segment_col, e, p)
    return _engines.servqual_table(sums, p, **options)

def _collect(frame: DaskFrame, id_col: str, cols: List[str]) -> List[np.ndarray]:
    _frame(frame)
    _engines.require_columns(frame.columns, {"id_col": id_col, **{c: c for c in cols}})
    pdf = frame[[id_col, *cols]].compute()
    return [pdf[c].to_numpy() for c in [id_col, *cols]]


def _labels(frame: DaskFrame, id_col: str, cols: List[str], kind: str, **options: Any) -> DaskFrame:
    ids, *values = _collect(frame, id_col, cols)
    labels = _engines.tier_labels(ids, values, kind, **options)
    return dd.from_pandas(labels, npartitions=max(1, frame.npartitions))


def abc(frame: DaskFrame, value_col: str, id_col: str = "customer_id", **options: Any) -> DaskFrame:
    """ABC tiers (``customer_id``, ``abc``) by :func:`custometrics.tiers.abc` on every
    customer's value, in customer-id order."""
    return _labels(frame, id_col, [value_col], "abc", **options)


def curry(frame: DaskFrame, value_col: str, id_col: str = "customer_id", **options: Any) -> DaskFrame:
    """Curry pyramid tiers (``customer_id``, ``curry``) by :func:`custometrics.tiers.curry`."""
    return _labels(frame, id_col, [value_col], "curry", **options)


def rfm_scores(frame: DaskFrame, recency_col: str, frequency_col: str, monetary_col: str,
               id_col: str = "customer_id", **options: Any) -> DaskFrame:
    """RFM quintile scores (``customer_id``, ``r``, ``f``, ``m``, ``code``) by
    :func:`custometrics.tiers.rfm_scores`."""
    return _labels(frame, id_col, [recency_col, frequency_col, monetary_col], "rfm", **options)


def gini(frame: DaskFrame, value_col: str, id_col: str = "customer_id") -> float:
    """The Gini coefficient of the values (:func:`custometrics.tiers.gini`, customer-id order)."""
    from . import tiers

    ids, values = _collect(frame, id_col, [value_col])
    return tiers.gini(np.asarray(values, dtype=float)[np.argsort(ids, kind="stable")])


def lorenz(frame: DaskFrame, value_col: str, id_col: str = "customer_id", points: int = 100) -> Any:
    """The Lorenz curve of the values (:func:`custometrics.tiers.lorenz`, customer-id order)."""
    from . import tiers

    ids, values = _collect(frame, id_col, [value_col])
    return tiers.lorenz(np.asarray(values, dtype=float)[np.argsort(ids, kind="stable")], points)
