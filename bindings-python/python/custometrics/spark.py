"""custometrics on Spark DataFrames: the single-machine results for data spread over a cluster,
with the work done in the executors (``mapInPandas``, the fitted model's parameters sent along)
and only small partial results collected to the driver (see :mod:`custometrics._engines` for
what moves and why each result is exact).

Needs ``pyspark`` (``pip install 'custometrics[spark]'``) and Java 17. Times are read as the
single-machine summary reads them, as wall-clock time: a ``TimestampType`` column reaches the
executors in the session time zone (``spark.sql.session.timeZone``; set it to ``UTC`` for UTC
days), a ``TimestampNTZType`` column as it is. Every function takes and returns Spark
DataFrames, except where the result is small by nature (a fitted model, survey measures per
segment as a pandas DataFrame, a Gini coefficient).

- :func:`summary_from_transactions`: the transaction summary, one row per customer (columns as
  the single-machine :func:`custometrics.retention.summary_from_transactions`, with
  ``customer_id`` a column);
- :func:`fit`: a model fitted on the distinct histories with their counts;
- :func:`predict`: P(alive), expected purchases and CLV as columns;
- :func:`nps`, :func:`csat`: survey measures by segment;
- :func:`abc`, :func:`curry`, :func:`rfm_scores`, :func:`gini`, :func:`lorenz`: tiers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence

import numpy as np

from . import _engines, _native

if TYPE_CHECKING:
    import pandas as pd

try:
    # read as untyped modules
    F: Any = importlib.import_module("pyspark.sql.functions")
    T: Any = importlib.import_module("pyspark.sql.types")
    _sql: Any = importlib.import_module("pyspark.sql")
    pd_: Any = importlib.import_module("pandas")
except ImportError as e:  # pragma: no cover - the test venv has pyspark
    raise _engines.missing_engine("pyspark", "spark", e) from None

#: a Spark DataFrame (pyspark.sql.DataFrame)
SparkFrame = Any

__all__ = ["summary_from_transactions", "fit", "predict", "nps", "csat", "csi", "servqual", "abc", "curry", "rfm_scores",
           "gini", "lorenz"]


def _frame(frame: Any) -> SparkFrame:
    if not isinstance(frame, _sql.DataFrame):
        raise TypeError(f"expected a Spark DataFrame, not {type(frame).__name__}")
    return frame


def _whole_partition(batches: Iterator[Any], columns: List[str]) -> Any:
    """A partition's Arrow batches as one pandas DataFrame (a customer's rows may span batches)."""
    parts = list(batches)
    return pd_.concat(parts, ignore_index=True) if parts else pd_.DataFrame({c: [] for c in columns})


def summary_from_transactions(
    frame: SparkFrame,
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
) -> SparkFrame:
    """The per-customer summary of a transaction log, one row per customer, equal to the
    single-machine summary (the same columns, with ``customer_id`` a column).

    One pass over the partitions finds the last transaction (the default observation end),
    counts null ids (an error naming the partitions) and transactions after the observation end
    (a warning with the count per partition: the summary leaves them out, as lifetimes does);
    then the log is repartitioned by customer id (the one shuffle) and each partition summarised."""
    _frame(frame)
    _engines.require_columns(frame.columns, {"customer_id_col": customer_id_col, "datetime_col": datetime_col,
                                             "monetary_value_col": monetary_value_col})
    cols = [c for c in (customer_id_col, datetime_col, monetary_value_col) if c is not None]
    log = frame.select(*cols)
    given_end = None
    if observation_period_end is not None:
        given_end = _engines.time_values(np.asarray([observation_period_end], dtype=object)
                                         if isinstance(observation_period_end, str) else [observation_period_end], format)[0]

    def checks(batches: Iterator[Any]) -> Iterator[Any]:
        pdf = _whole_partition(batches, cols)
        f = _engines.partition_checks(pdf, customer_id_col, datetime_col, format, given_end)
        ns = {k: (None if f[k] is None else int(np.datetime64(f[k], "ns").astype(np.int64))) for k in ("first", "last")}
        yield pd_.DataFrame({"rows": [f["rows"]], "null_ids": [f["null_ids"]], "after_end": [f["after_end"]],
                             "first": pd_.array([ns["first"]], dtype="Int64"), "last": pd_.array([ns["last"]], dtype="Int64")})

    fact_schema = "rows long, null_ids long, after_end long, first long, last long"
    rows = log.mapInPandas(checks, fact_schema).toPandas()
    facts: List[Dict[str, Any]] = []
    for r in rows.to_dict("records"):
        for k in ("first", "last"):
            r[k] = None if pd_.isna(r[k]) else np.datetime64(int(r[k]), "ns")
        facts.append(r)
    _engines.check_partitions(facts, customer_id_col)
    end, cal = _engines.global_ends(facts, observation_period_end, calibration_period_end, format)
    keep = _engines.summary_columns(monetary_value_col is not None, cal is not None)
    id_type = frame.schema[customer_id_col].dataType
    schema = T.StructType([T.StructField("customer_id", id_type)] + [T.StructField(k, T.DoubleType()) for k in keep])

    def summarise(batches: Iterator[Any]) -> Iterator[Any]:
        pdf = _whole_partition(batches, cols)
        if len(pdf):
            yield _engines.partition_summary(pdf, customer_id_col, datetime_col, monetary_value_col, end, cal, freq,
                                             format, freq_multiplier, include_first_transaction)

    return log.repartition(F.col(customer_id_col)).mapInPandas(summarise, schema)


def fit(model: Any, summary: SparkFrame, **options: Any) -> Any:
    """Fits ``model`` (``BetaGeo()``, ``ModifiedBetaGeo()``, ``ParetoNBD()``,
    ``BetaGeoBetaBinom()``, ``GammaGamma()``) on a summary frame and returns it, fitted as on the
    whole summary in one process (to 1e-9 relative): the executors count the distinct histories,
    the driver fits on the counts. ``options`` go to the model's ``fit``."""
    _frame(summary)
    names = _engines.history_columns(model)
    _engines.require_columns(summary.columns, {n: n for n in names})
    table = summary.groupBy(*names).count().toPandas()
    return _engines.fit_counts(model, table, **options)


def predict(
    summary: SparkFrame,
    model: Any,
    t: Optional[float] = None,
    spend_model: Any = None,
    time: int = 12,
    discount_rate: float = 0.01,
    freq: str = "D",
) -> SparkFrame:
    """The summary with ``probability_alive``, and ``expected_purchases`` over ``t`` when given,
    and ``clv`` from a fitted ``spend_model`` (a GammaGamma; ``time``, ``discount_rate`` and
    ``freq`` as in its ``customer_lifetime_value``): the single-machine batch kernels in the
    executors, with the fitted parameters sent along (a few floats in the task's closure)."""
    _frame(summary)
    _engines.require_columns(summary.columns, {c: c for c in ["frequency", "recency", "T"]})
    if spend_model is not None:
        _engines.require_columns(summary.columns, {"monetary_value": "monetary_value"})
    spec = _engines.portable(model)
    spend = None if spend_model is None else _engines.portable(spend_model)
    added = ["probability_alive"] + (["expected_purchases"] if t is not None else []) + (
        ["clv"] if spend is not None else [])
    schema = T.StructType(list(summary.schema.fields) + [T.StructField(k, T.DoubleType()) for k in added])

    def score(batches: Iterator[Any]) -> Iterator[Any]:
        for pdf in batches:
            yield _engines.partition_predictions(pdf, spec, spend, t, time, discount_rate, freq)

    return summary.mapInPandas(score, schema)


def _answer_counts(frame: SparkFrame, column: str, segment_col: Optional[str]) -> Dict[Any, Dict[float, int]]:
    _frame(frame)
    _engines.require_columns(frame.columns, {"column": column, "segment_col": segment_col})
    keys = [segment_col, column] if segment_col is not None else [column]
    counts = frame.groupBy(*keys).count().toPandas()
    series = counts.set_index(keys)["count"]
    return _engines.answer_counts_frame(series, segment_col, column)


def nps(frame: SparkFrame, score_col: str, segment_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """NPS per segment (and a ``total`` row), from the counts of each score per segment:
    a pandas DataFrame of :func:`custometrics.satisfaction.nps_from_counts` results."""
    return _engines.nps_table(_answer_counts(frame, score_col, segment_col), **options)


def csat(frame: SparkFrame, response_col: str, segment_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """CSAT per segment (and a ``total`` row) from the counts of each answer per segment, as
    :func:`custometrics.satisfaction.csat` gives it."""
    from .satisfaction import csat as _csat

    return _engines.share_table(_answer_counts(frame, response_col, segment_col), _csat, **options)



def _sums(frame: SparkFrame, value_cols: List[str], overall_col: Optional[str], segment_col: Optional[str],
          minus: Optional[List[str]], names: List[str]) -> Dict[Any, Any]:
    """Per-segment sums of the value columns (minus ``minus``), merged on the client."""
    _frame(frame)
    for c in [*value_cols, *(minus or [])]:
        _engines.require_columns(frame.columns, {"columns": c})
    _engines.require_columns(frame.columns, {"overall_col": overall_col, "segment_col": segment_col})
    cols = [*value_cols, *(minus or []), *([overall_col] if overall_col else []), *([segment_col] if segment_col else [])]
    chosen = frame.select(*cols)
    meta = _engines.rating_sums(chosen.limit(0).toPandas(), value_cols, overall_col, segment_col, minus)
    seg_type = frame.schema[segment_col].dataType if segment_col is not None else T.LongType()
    schema = T.StructType([T.StructField("segment", seg_type)] + [
        T.StructField(k, T.LongType() if k == "n" or k.startswith("m") else T.DoubleType()) for k in meta.columns])

    def per_partition(batches: Iterator[Any]) -> Iterator[Any]:
        yield _engines.rating_sums(_whole_partition(batches, cols), value_cols, overall_col, segment_col,
                                   minus).reset_index()

    parts = chosen.mapInPandas(per_partition, schema).toPandas().set_index("segment")
    return _engines.merge_sums(parts, names, segment_col)


def csi(frame: SparkFrame, attribute_cols: Sequence[str], segment_col: Optional[str] = None,
        overall_col: Optional[str] = None, **options: Any) -> "pd.DataFrame":
    """The customer satisfaction index per segment (and a ``total`` row) from sums that add
    across partitions (:func:`custometrics.satisfaction.csi_from_sums`): one row per respondent,
    one rating column per attribute; importance derived from ``overall_col`` when given,
    ``options`` (``scale``, ``importance``) as in :func:`custometrics.satisfaction.csi`. Columns:
    ``n``, ``index`` and per attribute ``mean_``, ``importance_`` (and ``correlation_``) + its name."""
    cols = list(attribute_cols)
    sums = _sums(frame, cols, overall_col, segment_col, None, [*cols, overall_col or ""])
    return _engines.csi_table(sums, cols, overall_col is not None, **options)


def servqual(frame: SparkFrame, expectation_cols: Sequence[str], perception_cols: Sequence[str],
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

def _collect(frame: SparkFrame, id_col: str, cols: List[str]) -> List[np.ndarray]:
    _frame(frame)
    _engines.require_columns(frame.columns, {"id_col": id_col, **{c: c for c in cols}})
    pdf = frame.select(id_col, *cols).toPandas()
    return [pdf[c].to_numpy() for c in [id_col, *cols]]


def _labels(frame: SparkFrame, id_col: str, cols: List[str], kind: str, **options: Any) -> SparkFrame:
    ids, *values = _collect(frame, id_col, cols)
    labels = _engines.tier_labels(ids, values, kind, **options)
    # Spark has no unsigned integers: the labels as int64, the same values
    labels = labels.astype({c: "int64" for c in labels.columns if labels[c].dtype.kind == "u"})
    return frame.sparkSession.createDataFrame(labels)


def abc(frame: SparkFrame, value_col: str, id_col: str = "customer_id", **options: Any) -> SparkFrame:
    """ABC tiers (``customer_id``, ``abc``) by :func:`custometrics.tiers.abc`, customer-id order."""
    return _labels(frame, id_col, [value_col], "abc", **options)


def curry(frame: SparkFrame, value_col: str, id_col: str = "customer_id", **options: Any) -> SparkFrame:
    """Curry pyramid tiers (``customer_id``, ``curry``) by :func:`custometrics.tiers.curry`."""
    return _labels(frame, id_col, [value_col], "curry", **options)


def rfm_scores(frame: SparkFrame, recency_col: str, frequency_col: str, monetary_col: str,
               id_col: str = "customer_id", **options: Any) -> SparkFrame:
    """RFM quintile scores (``customer_id``, ``r``, ``f``, ``m``, ``code``) by
    :func:`custometrics.tiers.rfm_scores`."""
    return _labels(frame, id_col, [recency_col, frequency_col, monetary_col], "rfm", **options)


def gini(frame: SparkFrame, value_col: str, id_col: str = "customer_id") -> float:
    """The Gini coefficient of the values (:func:`custometrics.tiers.gini`, customer-id order)."""
    from . import tiers

    ids, values = _collect(frame, id_col, [value_col])
    return tiers.gini(np.asarray(values, dtype=float)[np.argsort(ids, kind="stable")])


def lorenz(frame: SparkFrame, value_col: str, id_col: str = "customer_id", points: int = 100) -> Any:
    """The Lorenz curve of the values (:func:`custometrics.tiers.lorenz`, customer-id order)."""
    from . import tiers

    ids, values = _collect(frame, id_col, [value_col])
    return tiers.lorenz(np.asarray(values, dtype=float)[np.argsort(ids, kind="stable")], points)
