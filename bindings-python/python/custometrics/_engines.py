"""What :mod:`custometrics.dask` and :mod:`custometrics.spark` share: the work done on one
partition (pandas in, pandas out) and on the driver (small, merged partial results in, the
single-machine function's answer out). No number is computed here: every figure comes from the
single-machine functions, which call the core.

The partial results the engines move, and why each gives the single-machine answer exactly:

- **Transaction summary**: the log is partitioned by customer (each customer's transactions in
  one partition); a customer's row depends only on their transactions and the global period
  ends, which the driver computes first (one min/max reduction). So the per-partition summaries
  are the rows of the whole summary.
- **Fits**: the engine counts the distinct histories (a group-by); the driver fits on them with
  the counts as ``weights``. The log-likelihood is a sum over customers of a term of the
  customer's row, so it is the same function; the estimates agree to rounding (1e-9 relative,
  tested). The driver holds at most the number of distinct rows: for whole periods over a
  window of D periods at most (D + 1) + D(D + 1)(D + 2)/6 (24 857 for a year of weeks, 8.2
  million for a year of days), and never more than the customers. Gamma-Gamma's rows are
  (frequency, spend): they repeat only where spend values repeat.
- **Predictions and CLV**: the fitted parameters go to every partition (a few floats) and the
  single-machine batch kernel runs there on the partition's customers: the same bits.
- **Survey measures**: NPS per segment from the counts of promoters, passives and detractors
  (``nps_from_counts``); CSAT and the satisfaction rate per segment from the counts of each
  answer, which the driver expands into the segment's answers (one byte each) for the
  single-machine function. CSI and SERVQUAL per segment from sums that add across partitions
  (the ratings', and for derived importance their squares and products with the overall rating;
  SERVQUAL's P − E per item), given to ``csi_from_sums`` / ``servqual_from_sums``: integer
  ratings sum exactly, so the means are the single-machine means to the bit.
- **Tiers** (ABC, Curry, Lorenz and Gini, RFM scores) need a global order: the driver collects
  the customer ids and the one value column (two numbers per customer), runs the single-machine
  kernel in customer-id order and the engine joins the labels back. Exact; the driver holds
  16 bytes per customer (160 MB for 10 million).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type

import numpy as np

from . import _native

if TYPE_CHECKING:
    import pandas as pd

# the summary's columns, in the single-machine order
SUMMARY = ["frequency", "recency", "T", "monetary_value", "frequency_holdout", "monetary_value_holdout",
           "duration_holdout"]


def missing_engine(module: str, extra: str, error: ImportError) -> ImportError:
    """The ImportError for an engine that is not installed, naming the extra to install."""
    return ImportError(
        f"custometrics.{extra} needs {module}, which is not installed ({error}): "
        f"pip install 'custometrics[{extra}]'"
    )


def require_columns(columns: Sequence[str], wanted: Mapping[str, Optional[str]]) -> None:
    """A KeyError naming the argument, the column and the frame's columns, for a missing one."""
    have = list(columns)
    for argument, name in wanted.items():
        if name is not None and name not in have:
            raise KeyError(f"{argument}={name!r} is not a column of the DataFrame (columns: {have})")


def summary_columns(monetary: bool, calibration: bool) -> List[str]:
    """The summary's columns for these options (as the single-machine function gives them)."""
    keep = ["frequency", "recency", "T"]
    if monetary:
        keep.append("monetary_value")
    if calibration:
        keep += ["frequency_holdout"] + (["monetary_value_holdout"] if monetary else []) + ["duration_holdout"]
    return keep


def time_values(times: Any, format: Optional[str]) -> np.ndarray:
    """A partition's times as datetime64[ns], read by the single-machine reader (the same rules:
    digit-only strings need ``format``)."""
    from .retention import summary as _summary

    raw, per_second = _summary._times(times, format)
    unit = {v: k for k, v in _summary._UNITS.items()}[per_second]
    out: np.ndarray = raw.view(f"datetime64[{unit}]").astype("datetime64[ns]")
    return out


def partition_checks(pdf: Any, customer_id_col: str, datetime_col: str, format: Optional[str],
                     observation_end: Optional[np.datetime64]) -> Dict[str, Any]:
    """One partition's facts: rows, null customer ids, the first and last time, and the
    transactions after ``observation_end`` (which the summary leaves out, as lifetimes does)."""
    null_ids = int(pdf[customer_id_col].isna().sum())
    times = time_values(pdf[datetime_col], format) if len(pdf) else np.zeros(0, "datetime64[ns]")
    after = int((times > observation_end).sum()) if observation_end is not None else 0
    return {
        "rows": len(pdf), "null_ids": null_ids, "after_end": after,
        "first": times.min() if times.size else None, "last": times.max() if times.size else None,
    }


def check_partitions(facts: List[Dict[str, Any]], customer_id_col: str) -> None:
    """Null customer ids are an error naming the partitions and counts; transactions after the
    observation end are reported with a warning, per partition (the summary ignores them)."""
    nulls = {i: f["null_ids"] for i, f in enumerate(facts) if f["null_ids"]}
    if nulls:
        raise _native.invalid_input_error(
            "customers", None, f"{sum(nulls.values())} null ids in column {customer_id_col!r} "
            f"(per partition: {nulls})", "a customer id on every transaction")
    after = {i: f["after_end"] for i, f in enumerate(facts) if f["after_end"]}
    if after:
        warnings.warn(
            f"{sum(after.values())} transactions after the observation end are not in the summary "
            f"(per partition: {after})", UserWarning, stacklevel=3)


def global_ends(facts: List[Dict[str, Any]], observation_end: Any, calibration_end: Any,
                format: Optional[str]) -> Tuple[np.datetime64, Optional[np.datetime64]]:
    """The observation end (the last transaction when not given) and the calibration end, as
    datetime64[ns]."""
    def instant(x: Any) -> np.datetime64:
        return np.datetime64(time_values(np.asarray([x], dtype=object) if isinstance(x, str) else [x], format)[0])

    lasts = [f["last"] for f in facts if f["last"] is not None]
    if not lasts:
        raise _native.invalid_input_error("customers", None, "no transactions", "at least one transaction")
    end = instant(observation_end) if observation_end is not None else max(lasts)
    cal = instant(calibration_end) if calibration_end is not None else None
    return end, cal


def partition_summary(pdf: Any, customer_id_col: str, datetime_col: str, monetary_value_col: Optional[str],
                      observation_end: np.datetime64, calibration_end: Optional[np.datetime64], freq: str,
                      format: Optional[str], freq_multiplier: float, include_first_transaction: bool) -> Any:
    """The single-machine summary of one partition (all transactions of its customers), with the
    global ends; customer_id as a column. A partition with no transaction up to the (calibration)
    end has no customer in the whole summary either: an empty frame."""
    import pandas as pd

    from .retention import summary as _summary

    keep = summary_columns(monetary_value_col is not None, calibration_end is not None)
    times = time_values(pdf[datetime_col], format) if len(pdf) else np.zeros(0, "datetime64[ns]")
    last = calibration_end if calibration_end is not None else observation_end
    if not (times <= last).any():
        empty = {"customer_id": pdf[customer_id_col].iloc[:0].to_numpy()}
        return pd.DataFrame({**empty, **{k: np.zeros(0) for k in keep}})
    s = _summary.summary_from_transactions(
        pdf[customer_id_col], times,
        None if monetary_value_col is None else pdf[monetary_value_col].to_numpy(dtype=float),
        freq=freq, observation_period_end=observation_end, calibration_period_end=calibration_end,
        freq_multiplier=freq_multiplier, include_first_transaction=include_first_transaction, as_frame=True,
    )
    return s.reset_index()[["customer_id", *keep]]


# ---- fits on counted histories ------------------------------------------------------------------

def history_columns(model: Any) -> List[str]:
    """The summary columns a model is fitted to."""
    from .retention import BetaGeoBetaBinom, GammaGamma
    from .retention.transaction import TransactionModel

    if isinstance(model, TransactionModel):
        return ["frequency", "recency", "T"]
    if isinstance(model, BetaGeoBetaBinom):
        return ["frequency", "recency", "n_periods"]
    if isinstance(model, GammaGamma):
        return ["frequency", "monetary_value"]
    raise TypeError(f"fit takes BetaGeo, ModifiedBetaGeo, ParetoNBD, BetaGeoBetaBinom or GammaGamma, not {type(model).__name__}")


def fit_counts(model: Any, rows: Any, **options: Any) -> Any:
    """Fits ``model`` on the distinct rows (a pandas DataFrame of the model's columns and
    ``count``), sorted first so the result does not depend on the partitioning. Pareto/NBD divides
    its penalizer by the number of rows it is given, so it gets the penalizer times rows /
    customers: the objective of the fit on the customers."""
    from .retention import ParetoNBD

    names = [c for c in rows.columns if c != "count"]
    rows = rows.sort_values(names, kind="stable")
    w = rows["count"].to_numpy(dtype=float)
    penalizer = model.penalizer
    if isinstance(model, ParetoNBD) and penalizer:
        model.penalizer = penalizer * len(w) / float(w.sum())
    try:
        model.fit(*(rows[c].to_numpy(dtype=float) for c in names), weights=w, **options)
    finally:
        model.penalizer = penalizer
    return model


# ---- predictions on partitions ------------------------------------------------------------------

def portable(model: Any) -> Tuple[Type[Any], float, Tuple[float, ...]]:
    """What a partition needs to rebuild a fitted model: its class, penalizer and parameters."""
    params = tuple(float(v) for v in model.params_.values) if hasattr(model.params_, "values") else tuple(model.params_.values())
    return type(model), float(model.penalizer), params


def rebuild(spec: Tuple[Type[Any], float, Tuple[float, ...]]) -> Any:
    cls, penalizer, params = spec
    m = cls(penalizer)
    m._set_params(*params)
    return m


def partition_predictions(pdf: Any, model: Tuple[Type[Any], float, Tuple[float, ...]],
                          spend: Optional[Tuple[Type[Any], float, Tuple[float, ...]]],
                          t: Optional[float], time: int, discount_rate: float, freq: str) -> Any:
    """``probability_alive`` (and ``expected_purchases`` over ``t``, ``clv`` with a spend model)
    for one partition's customers, by the single-machine batch kernels."""
    out = pdf.copy()
    m = rebuild(model)
    f, r, T = (pdf[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    if len(pdf) == 0:
        out["probability_alive"] = np.zeros(0)
        if t is not None:
            out["expected_purchases"] = np.zeros(0)
        if spend is not None:
            out["clv"] = np.zeros(0)
        return out
    out["probability_alive"] = m.conditional_probability_alive(f, r, T)
    if t is not None:
        out["expected_purchases"] = m.conditional_expected_number_of_purchases_up_to_time(t, f, r, T)
    if spend is not None:
        g = rebuild(spend)
        mv = pdf["monetary_value"].to_numpy(dtype=float)
        out["clv"] = g.customer_lifetime_value(m, f, r, T, mv, time=time, discount_rate=discount_rate, freq=freq)
    return out


# ---- survey measures from counts ----------------------------------------------------------------

def answer_counts_frame(counts: Any, segment: Optional[str], score: str) -> Dict[Any, Dict[float, int]]:
    """{segment: {answer: count}} from a group-by's counts (a pandas Series indexed by segment
    and answer, or by answer alone); a missing answer or segment is an error naming it."""
    out: Dict[Any, Dict[float, int]] = {}
    for key, n in counts.items():
        seg, value = (key if segment is not None else (None, key))
        if segment is not None and _is_missing(seg):
            raise _native.invalid_input_error("segments", None, f"{int(n)} answers without a segment in {segment!r}",
                                              "a segment on every answer")
        if _is_missing(value):
            raise _native.invalid_input_error(score, None, f"{int(n)} missing answers (segment {seg!r})",
                                              "an answer on every row")
        out.setdefault(seg, {})[float(value)] = out.get(seg, {}).get(float(value), 0) + int(n)
    return out


def _is_missing(v: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def nps_table(table: Dict[Any, Dict[float, int]], **options: Any) -> "pd.DataFrame":
    """NPS per segment (and the total) from the answer counts: the counts of promoters (9-10),
    passives (7-8) and detractors (0-6), validated as the single-machine ``nps`` does (whole
    scores 0..10), then ``nps_from_counts``."""
    from .satisfaction import nps_from_counts

    def categories(answers: Dict[float, int], seg: Any) -> Tuple[int, int, int]:
        p = q = d = 0
        for v, n in answers.items():
            if not (0 <= v <= 10 and v == int(v)):
                raise _native.invalid_input_error("scores", None, f"{v} (segment {seg!r}, {n} answers)",
                                                  "whole numbers on the NPS scale 0..=10")
            if v >= 9:
                p += n
            elif v >= 7:
                q += n
            else:
                d += n
        return p, q, d

    rows = {}
    total = [0, 0, 0]
    for seg in sorted(table, key=_sort_key):
        c = categories(table[seg], seg)
        total = [a + b for a, b in zip(total, c)]
        rows[seg] = nps_from_counts(*c, **options).to_dict()
    if len(rows) > 1 or None not in rows:
        rows["total"] = nps_from_counts(total[0], total[1], total[2], **options).to_dict()
    return _table(rows)


def _table(rows: Dict[Any, Dict[str, Any]]) -> "pd.DataFrame":
    """One row per segment, text columns (method, note) as objects that keep None, as the
    single-machine ``segments=`` result has them."""
    import pandas as pd

    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index = pd.Index(list(rows), name="segment", dtype=object)
    for k in frame.columns:
        if any(isinstance(v[k], str) or v[k] is None for v in rows.values()):
            frame[k] = pd.Series([v[k] for v in rows.values()], index=frame.index, dtype=object)
    return frame


def share_table(table: Dict[Any, Dict[float, int]], measure: Any, **options: Any) -> "pd.DataFrame":
    """A share (CSAT, satisfaction rate) per segment: the segment's answers rebuilt from their
    counts (one float32-exact value each) and given to the single-machine function."""
    rows = {}
    everything = []
    for seg in sorted(table, key=_sort_key):
        answers = np.repeat(np.fromiter(table[seg].keys(), float), np.fromiter(table[seg].values(), np.int64))
        everything.append(answers)
        rows[seg] = measure(answers, **options).to_dict()
    if len(rows) > 1 or None not in rows:
        rows["total"] = measure(np.sort(np.concatenate(everything)), **options).to_dict()
    return _table(rows)


def _sort_key(v: Any) -> Tuple[str, str]:
    return (type(v).__name__, str(v))


# ---- tiers from a global order ------------------------------------------------------------------

def tier_labels(ids: np.ndarray, values: Sequence[np.ndarray], kind: str, **options: Any) -> Any:
    """Tier labels (a pandas DataFrame with ``customer_id`` and the labels) from every customer's
    id and value column(s), computed by the single-machine kernel in customer-id order."""
    import pandas as pd

    from . import tiers

    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    cols = [np.asarray(v, dtype=float)[order] for v in values]
    if kind == "abc":
        return pd.DataFrame({"customer_id": ids, "abc": tiers.abc(cols[0], **options)})
    if kind == "curry":
        return pd.DataFrame({"customer_id": ids, "curry": tiers.curry(cols[0], **options)})
    if kind == "rfm":
        s = tiers.rfm_scores(cols[0], cols[1], cols[2], **options)
        return pd.DataFrame({"customer_id": ids, "r": s.r, "f": s.f, "m": s.m, "code": s.code})
    raise ValueError(f"unknown tier kind {kind!r}")


# ---- survey measures from sums --------------------------------------------------------------------
#
# CSI and SERVQUAL's sample figures are functions of per-column sums, which add across
# partitions: each partition gives its sums per segment (``rating_sums``), the driver adds them
# (``merge_sums``) and the core's ``csi_from_sums`` / ``servqual_from_sums`` do the rest. Sums of
# integer ratings are exact, so the means are the single-machine means to the bit.

def rating_sums(pdf: Any, cols: Sequence[str], overall: Optional[str], segment: Optional[str],
                minus: Optional[Sequence[str]] = None) -> "pd.DataFrame":
    """One partition's sums per segment: ``n``; ``s{j}`` = Σ x of column j (of ``cols[j] −
    minus[j]`` when ``minus`` is given: SERVQUAL's P − E); with ``overall``, ``q{j}`` = Σ x²,
    ``c{j}`` = Σ x·y, ``y`` = Σ y and ``yy`` = Σ y²; and ``m{j}`` / ``my``, the rows whose value
    is missing (reported by the driver, never summed silently). Indexed by ``segment``."""
    import pandas as pd

    def numbers(c: str) -> Any:
        # integer and float columns only: datetimes, booleans or text read as numbers would be
        # ratings the user did not mean
        if pdf[c].dtype.kind not in "iuf":
            raise _native.invalid_input_error(c, None, f"a column of dtype {pdf[c].dtype}", "ratings as numbers")
        return pdf[c].astype(float)

    x = pd.DataFrame({f"x{j}": numbers(c) for j, c in enumerate(cols)})
    if minus is not None:
        for j, c in enumerate(minus):
            x[f"x{j}"] = x[f"x{j}"] - numbers(c)
    out = pd.DataFrame({"n": np.ones(len(pdf), dtype=np.int64)}, index=pdf.index)
    for j in range(len(cols)):
        v = x[f"x{j}"].to_numpy()
        out[f"s{j}"] = v
        out[f"m{j}"] = np.isnan(v).astype(np.int64)
    if overall is not None:
        y = numbers(overall).to_numpy()
        for j in range(len(cols)):
            v = x[f"x{j}"].to_numpy()
            out[f"q{j}"], out[f"c{j}"] = v * v, v * y
        out["y"], out["yy"], out["my"] = y, y * y, np.isnan(y).astype(np.int64)
    out["segment"] = pdf[segment].to_numpy() if segment is not None else 0
    return out.groupby("segment", dropna=False, sort=False).sum(min_count=1)


def merge_sums(parts: Any, names: Sequence[str], segment: Optional[str]) -> Dict[Any, Any]:
    """{segment: its sums} from the partitions' ``rating_sums`` (concatenated), added per
    segment, with ``total`` when there are segments; a missing value or segment is an error
    naming the column (``names[j]`` for ``m{j}``, ``names[-1]`` for ``my``) and the count."""
    merged = parts.groupby(level=0, dropna=False, sort=False).sum(min_count=1)
    if merged.empty:
        raise _native.invalid_input_error(names[0], None, "no rows", "at least one row")
    for seg, row in merged.iterrows():
        if segment is not None and _is_missing(seg):
            raise _native.invalid_input_error("segments", None, f"{int(row['n'])} rows without a segment in {segment!r}",
                                              "a segment on every row")
        for key in [k for k in merged.columns if k.startswith("m")]:
            if row[key] > 0:
                name = names[-1] if key == "my" else names[int(key[1:])]
                raise _native.invalid_input_error(name, None, f"{int(row[key])} missing values (segment {seg!r})",
                                                  "a value on every row")
    rows = {(seg if segment is not None else None): merged.loc[seg] for seg in sorted(merged.index, key=_sort_key)}
    if segment is not None:
        rows["total"] = merged.sum()
    return rows


def csi_table(sums: Dict[Any, Any], cols: Sequence[str], overall: bool, **options: Any) -> "pd.DataFrame":
    """CSI per segment from merged sums: ``n``, ``index`` and per attribute column its mean,
    weight and (with an overall rating) correlation."""
    from .satisfaction import csi_from_sums

    k = len(cols)
    table = {}
    for seg, s in sums.items():
        more: Dict[str, Any] = {}
        if overall:
            more = {"sum_squares": [s[f"q{j}"] for j in range(k)], "cross": [s[f"c{j}"] for j in range(k)],
                    "overall_sum": float(s["y"]), "overall_sum_squares": float(s["yy"])}
        r = csi_from_sums(int(s["n"]), np.array([s[f"s{j}"] for j in range(k)], dtype=float), **options, **more)
        row: Dict[str, Any] = {"n": int(s["n"]), "index": r.index}
        for j, c in enumerate(cols):
            row[f"mean_{c}"], row[f"importance_{c}"] = r.attribute_means[j], r.importance[j]
            if r.correlations is not None:
                row[f"correlation_{c}"] = r.correlations[j]
        table[seg] = row
    return _table(table)


def servqual_table(sums: Dict[Any, Any], perceptions: Sequence[str], **options: Any) -> "pd.DataFrame":
    """SERVQUAL's sample figures per segment from merged sums of P − E: ``n``, ``unweighted``,
    ``weighted``, each dimension's gap and each item's gap (named ``gap_`` + its perception
    column)."""
    from .satisfaction import servqual_from_sums

    k = len(perceptions)
    table = {}
    for seg, s in sums.items():
        r = servqual_from_sums(int(s["n"]), np.array([s[f"s{j}"] for j in range(k)], dtype=float), **options)
        row: Dict[str, Any] = {"n": int(s["n"]), "unweighted": r.sample.unweighted, "weighted": r.sample.weighted}
        row.update(zip(r.dimensions, r.sample.dimension_gaps))
        row.update({f"gap_{c}": g for c, g in zip(perceptions, r.item_gaps)})
        table[seg] = row
    return _table(table)
