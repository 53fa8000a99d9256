"""The plots of the fitted retention models: lifetimes' ten, with lifetimes' names and
arguments, for :class:`~custometrics.retention.BetaGeo`,
:class:`~custometrics.retention.ModifiedBetaGeo`, :class:`~custometrics.retention.ParetoNBD`
and, where they make sense for discrete opportunities,
:class:`~custometrics.retention.BetaGeoBetaBinom`; the sBG survival and retention curves; and
the holdout scorecard.

What differs from lifetimes:

- every function takes ``ax=`` and returns the Axes it drew on (lifetimes draws some on
  ``plt.subplot(111)`` or a new figure);
- the models keep no copy of the data they were fitted on, so the plots that need the customers
  (:func:`plot_period_transactions`; :func:`plot_expected_repeat_purchases` for the exact range)
  take them as ``data=`` (the summary frame), or read ``model.data`` when the model has one;
- the heat maps leave blank the cells that are no customer's history (frequency 0 with a
  recency above 0; for BG/BB also frequency above recency), where lifetimes plots the formula's
  value;
- :func:`plot_period_transactions` simulates with a ``seed`` (reproducible), from
  :func:`custometrics.retention.simulate.generate_data`;
- the heterogeneity plots also draw Pareto/NBD's dropout rate μ ~ Gamma(s, beta) and BG/BB's
  p ~ Beta(alpha, beta) and θ ~ Beta(gamma, delta).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from custometrics.retention import BetaGeo
>>> m = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> ax = plot_probability_alive_matrix(m, max_frequency=10, max_recency=38)
>>> ax.get_xlabel(), ax.images[0].get_array().shape
("Customer's Historical Frequency", (39, 11))
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Tuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import _native
from . import _dist
from ._common import ACTUAL, MODEL, MUTED, axes, fmt, pyplot, tidy

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from ..retention.scorecard import HoldoutScorecard

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
]

F64 = NDArray[np.float64]


# ---- which model, which data ----------------------------------------------------------------


def _kind(model: Any) -> str:
    """"continuous" (BG/NBD, MBG/NBD, Pareto/NBD) or "discrete" (BG/BB), for a fitted model."""
    from ..retention import BetaGeoBetaBinom, TransactionModel

    if isinstance(model, TransactionModel):
        model._fitted()
        return "continuous"
    if isinstance(model, BetaGeoBetaBinom):
        model._fitted()
        return "discrete"
    raise TypeError(
        "model must be a custometrics BetaGeo, ModifiedBetaGeo, ParetoNBD or BetaGeoBetaBinom, "
        f"not {type(model).__name__}"
    )


def _continuous_only(model: Any, what: str) -> None:
    if _kind(model) != "continuous":
        raise TypeError(f"{what} is drawn for BetaGeo, ModifiedBetaGeo and ParetoNBD, not {type(model).__name__}")


def _column(data: Any, names: Sequence[str]) -> F64:
    for n in names:
        if n in data.columns:
            return np.asarray(data[n], dtype=np.float64)
    raise KeyError(f"data has no column {names[0]!r} (columns: {list(data.columns)})")


def _customers(model: Any, data: Any, what: str) -> Tuple[F64, F64, F64, F64]:
    """(frequency, recency, T or n_periods, weights) of the customers the plot is about: ``data``
    or the model's own ``data``."""
    if data is None:
        data = getattr(model, "data", None)
    if data is None:
        raise TypeError(
            f"{what} needs the customers the model was fitted on: pass data=<the summary DataFrame> "
            "(custometrics' models keep no copy of their data)"
        )
    if not hasattr(data, "columns"):
        raise TypeError(f"data must be a DataFrame with frequency, recency and T columns, not {type(data).__name__}")
    age_names = ("n_periods", "periods") if _kind(model) == "discrete" else ("T", "T_cal")
    f = _column(data, ("frequency", "frequency_cal"))
    r = _column(data, ("recency", "recency_cal"))
    t = _column(data, age_names)
    w = _column(data, ("weights",)) if "weights" in data.columns else np.ones(f.size)
    return f, r, t, w


def _extent(model: Any, max_frequency: Optional[int], max_recency: Optional[int]) -> Tuple[int, int]:
    """The grid of a heat map: the arguments, or the fitted data's largest frequency and T."""
    fitted = getattr(model, "_matrix_extent", None)
    f = max_frequency if max_frequency is not None else (None if fitted is None else fitted["max_frequency"])
    r = max_recency if max_recency is not None else (None if fitted is None else fitted["max_recency"])
    for name, v in (("max_frequency", f), ("max_recency", r)):
        if v is None:
            raise _native.invalid_input_error(
                name, None, "None", "a whole number (a model made by from_params has no fitted data to default to)"
            )
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
            raise _native.invalid_input_error(name, None, repr(v), "a whole number >= 0")
    assert f is not None and r is not None
    if r < 1:
        raise _native.invalid_input_error("max_recency", None, repr(r), "a whole number >= 1 (the customers' age)")
    if (f + 1) * (r + 1) > 2**24:
        raise _native.invalid_input_error("max_frequency", None, repr(f), "a grid of at most 2**24 cells")
    return int(f), int(r)


def _grid(model: Any, max_frequency: int, max_recency: int) -> Tuple[F64, F64, NDArray[np.bool_]]:
    """(frequency, recency, valid) on the (max_recency + 1) × (max_frequency + 1) grid, rows
    recency: which cells are a customer's history."""
    r, f = np.meshgrid(np.arange(max_recency + 1.0), np.arange(max_frequency + 1.0), indexing="ij")
    valid = (f > 0) | (r == 0)  # no repeat purchase, no recency
    if _kind(model) == "discrete":
        valid &= f <= r
    return f, r, valid


def _heatmap(ax: "Axes", z: F64, title: str, xlabel: str, ylabel: str, colorbar: str, **kwargs: Any) -> None:
    plt = pyplot()
    cmap = plt.get_cmap(kwargs.pop("cmap", None)).with_extremes(bad="#f0f0f0")
    image = ax.imshow(
        np.ma.masked_invalid(z), interpolation=kwargs.pop("interpolation", "none"), cmap=cmap,
        aspect="auto", origin="upper", **kwargs,
    )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    rows, cols = z.shape
    ax.set_box_aspect(1)
    ax.figure.colorbar(image, ax=ax, label=colorbar)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)


# ---- lifetimes' ten ---------------------------------------------------------------------------


def plot_period_transactions(
    model: Any,
    max_frequency: int = 7,
    title: str = "Frequency of Repeat Transactions",
    xlabel: str = "Number of Calibration Period Transactions",
    ylabel: str = "Customers",
    *,
    data: Optional[pd.DataFrame] = None,
    seed: Any = 0,
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """Customers by number of repeat transactions, 0 … ``max_frequency − 1``: the data's
    (``Actual``) beside as many customers simulated from the model with the same ages
    (``Model``), as lifetimes draws it. ``data``: the customers the model was fitted on (a
    summary frame; weights count customers); ``seed``: the simulation's seed (an int, a numpy
    Generator, or None for a fresh draw). ``label``: the two bar labels; other keyword arguments
    go to ``Axes.bar``."""
    from ..retention.simulate import generate_data

    if isinstance(max_frequency, bool) or not isinstance(max_frequency, (int, np.integer)) or max_frequency < 1:
        raise _native.invalid_input_error("max_frequency", None, repr(max_frequency), "a whole number >= 1")
    f, _, t, w = _customers(model, data, "plot_period_transactions")
    if (w != np.floor(w)).any() or (w < 0).any():
        i = int(np.argmax((w != np.floor(w)) | (w < 0)))
        raise _native.invalid_input_error("weights", i, repr(float(w[i])), "whole numbers of customers >= 0")
    ages = np.repeat(t, w.astype(np.int64))
    simulated = np.asarray(generate_data(model, ages, seed=seed, as_frame=False)["frequency"])
    bins = np.arange(max_frequency)
    actual = np.bincount(np.minimum(f, max_frequency).astype(np.int64), weights=w, minlength=max_frequency + 1)[:max_frequency]
    model_counts = np.bincount(np.minimum(simulated, max_frequency).astype(np.int64), minlength=max_frequency + 1)[:max_frequency]
    labels = kwargs.pop("label", ["Actual", "Model"])
    ax = axes(ax)
    width = 0.4
    ax.bar(bins - width / 2, actual, width, label=labels[0], color=kwargs.pop("color", ACTUAL), **kwargs)
    ax.bar(bins + width / 2, model_counts.astype(np.float64), width, label=labels[1], color=MODEL, **kwargs)
    ax.set_xticks(bins)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    tidy(ax)
    return ax


_CAL_KINDS = {
    "frequency_cal": ("Purchases in calibration period", ("frequency", "frequency_cal")),
    "recency_cal": ("Age of customer at last purchase", ("recency", "recency_cal")),
    "T_cal": ("Age of customer at the end of calibration period", ("T", "T_cal")),
    "time_since_last_purchase": ("Time since user made last purchase", ()),
}


def plot_calibration_purchases_vs_holdout_purchases(
    model: Any,
    calibration_holdout_matrix: pd.DataFrame,
    kind: str = "frequency_cal",
    n: int = 7,
    *,
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """Mean holdout purchases, actual and predicted from each customer's calibration history,
    by the calibration ``kind`` (``"frequency_cal"``, ``"recency_cal"``, ``"T_cal"`` or
    ``"time_since_last_purchase"``; ``"frequency"``, ``"recency"``, ``"T"`` too), for its
    first ``n`` values (lifetimes' plot). The summary may use our column names or lifetimes'
    ``*_cal``; each customer's prediction uses their own ``duration_holdout``."""
    import pandas as pd

    from ..retention.scorecard import _predict

    kind = {"frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal"}.get(kind, kind)
    if kind not in _CAL_KINDS:
        raise _native.invalid_input_error("kind", None, repr(kind), f"one of {', '.join(map(repr, _CAL_KINDS))}")
    frame = calibration_holdout_matrix
    discrete = _kind(model) == "discrete"
    f = _column(frame, ("frequency", "frequency_cal"))
    r = _column(frame, ("recency", "recency_cal"))
    age = _column(frame, ("n_periods", "periods") if discrete else ("T", "T_cal"))
    actual = _column(frame, ("frequency_holdout",))
    duration = _column(frame, ("duration_holdout",))
    predicted = _predict(model, f, r, age, duration)
    xlabel, names = _CAL_KINDS[kind]
    x = age - r if kind == "time_since_last_purchase" else _column(frame, names)
    table = (
        pd.DataFrame({"x": x, "frequency_holdout": actual, "model_predictions": predicted})
        .groupby("x")[["frequency_holdout", "model_predictions"]]
        .mean()
        .iloc[:n]
    )
    ax = axes(ax)
    ax.plot(table.index, table["frequency_holdout"], marker="o", color=ACTUAL, label="frequency_holdout", **kwargs)
    ax.plot(table.index, table["model_predictions"], marker="o", ls="--", color=MODEL, label="model_predictions", **kwargs)
    ax.set_title("Actual Purchases in Holdout Period vs Predicted Purchases")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Average of Purchases in Holdout Period")
    ax.legend(frameon=False)
    tidy(ax, "both")
    return ax


def plot_frequency_recency_matrix(
    model: Any,
    T: float = 1,
    max_frequency: Optional[int] = None,
    max_recency: Optional[int] = None,
    title: Optional[str] = None,
    xlabel: str = "Customer's Historical Frequency",
    ylabel: str = "Customer's Recency",
    *,
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """Expected purchases in the next ``T`` time units (BG/BB: opportunities) by frequency
    (columns) and recency (rows) of a customer ``max_recency`` old, as a heat map (lifetimes'
    plot). ``max_frequency``, ``max_recency``: lifetimes' defaults after ``fit`` (the largest
    frequency and T of the data), needed for a model from ``from_params`` and for BG/BB.
    Keyword arguments go to ``Axes.imshow``."""
    mf, mr = _extent(model, max_frequency, max_recency)
    f, r, valid = _grid(model, mf, mr)
    z = np.full(f.shape, np.nan)
    if _kind(model) == "discrete":
        z[valid] = model.conditional_expected_number_of_purchases_up_to_time(int(T), f[valid], r[valid], np.full(valid.sum(), float(mr)))
    else:
        z[valid] = model.conditional_expected_number_of_purchases_up_to_time(float(T), f[valid], r[valid], np.full(valid.sum(), float(mr)))
    if title is None:
        title = (
            f"Expected Number of Future Purchases for {fmt(float(T))} Unit{'' if T == 1 else 's'} of Time,"
            "\nby Frequency and Recency of a Customer"
        )
    ax = axes(ax, (6.4, 5.6))
    _heatmap(ax, z, title, xlabel, ylabel, "expected purchases", **kwargs)
    return ax


def plot_probability_alive_matrix(
    model: Any,
    max_frequency: Optional[int] = None,
    max_recency: Optional[int] = None,
    title: str = "Probability Customer is Alive,\nby Frequency and Recency of a Customer",
    xlabel: str = "Customer's Historical Frequency",
    ylabel: str = "Customer's Recency",
    *,
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """P(alive) by frequency (columns) and recency (rows) of a customer ``max_recency`` old, as
    a heat map (lifetimes' plot; the values of ``conditional_probability_alive_matrix``, with the
    cells that are no customer's history left blank). BG/BB: P(alive) after ``max_recency``
    opportunities. Keyword arguments go to ``Axes.imshow``."""
    mf, mr = _extent(model, max_frequency, max_recency)
    f, r, valid = _grid(model, mf, mr)
    if _kind(model) == "discrete":
        z = np.full(f.shape, np.nan)
        z[valid] = model.conditional_probability_alive(0, f[valid], r[valid], np.full(valid.sum(), float(mr)))
    else:
        z = np.where(valid, model.conditional_probability_alive_matrix(mf, mr), np.nan)
    ax = axes(ax, (6.4, 5.6))
    kwargs.setdefault("vmin", 0.0)
    kwargs.setdefault("vmax", 1.0)
    _heatmap(ax, z, title, xlabel, ylabel, "P(alive)", **kwargs)
    return ax


def plot_expected_repeat_purchases(
    model: Any,
    title: str = "Expected Number of Repeat Purchases per Customer",
    xlabel: str = "Time Since First Purchase",
    ax: Optional["Axes"] = None,
    label: Optional[str] = None,
    *,
    data: Optional[pd.DataFrame] = None,
    **kwargs: Any,
) -> "Axes":
    """E[X(t)], the expected repeat purchases of a new customer, solid up to the largest age
    of the data and dashed on to 1.5 times it (lifetimes' plot). The largest age is ``data``'s
    largest T when given (or ``model.data``'s), else the fitted data's largest T rounded down;
    BG/BB counts whole opportunities. ``label`` names the line in the legend; keyword arguments
    go to ``Axes.plot``."""
    kind = _kind(model)
    if data is not None or getattr(model, "data", None) is not None:
        max_t = float(_customers(model, data, "plot_expected_repeat_purchases")[2].max())
    else:
        fitted = getattr(model, "_matrix_extent", None)
        if fitted is None:
            raise TypeError("plot_expected_repeat_purchases needs the customers' ages: pass data=<the summary DataFrame>")
        max_t = float(fitted["max_recency"])
    ax = axes(ax)
    color = kwargs.pop("color", kwargs.pop("c", None)) or ACTUAL
    seen: F64
    ahead: F64
    if kind == "discrete":
        seen = np.arange(0, int(max_t) + 1, dtype=np.float64)
        ahead = np.arange(int(max_t), int(math.floor(1.5 * max_t)) + 1, dtype=np.float64)
    else:
        seen = np.linspace(0, max_t, 100)
        ahead = np.linspace(max_t, 1.5 * max_t, 100)
    ax.plot(seen, model.expected_number_of_purchases_up_to_time(seen), color=color, label=label, **kwargs)
    ax.plot(ahead, model.expected_number_of_purchases_up_to_time(ahead), color=color, ls="--", **kwargs)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Expected repeat purchases")
    if label is not None:
        ax.legend(loc="lower right", frameon=False)
    tidy(ax, "both")
    return ax


def plot_history_alive(
    model: Any,
    t: int,
    transactions: pd.DataFrame,
    datetime_col: str,
    freq: str = "D",
    start_date: Any = None,
    ax: Optional["Axes"] = None,
    *,
    freq_multiplier: float = 1,
    **kwargs: Any,
) -> "Axes":
    """One customer's P(alive) at the ages 1 … ``t`` periods (of ``freq``) after their first
    purchase, with their purchases as dashed lines (lifetimes' plot): at each age, P(alive)
    given the repeat periods so far (lifetimes also evaluates age 0, no customer's history). ``transactions``: that customer's transactions; ``start_date``: where
    the time axis starts (default the first purchase); ``freq_multiplier``: periods per model
    time unit, as in the summary. Keyword arguments go to ``Axes.plot``."""
    import pandas as pd

    from ..retention import _freq
    from ..retention.tracking import _column as _txcol, _periods, _whole

    _continuous_only(model, "plot_history_alive")
    t_int = _whole("t", t, minimum=1)
    step = _whole("freq_multiplier", freq_multiplier, minimum=1)
    periods = np.unique(_periods(_txcol(transactions, datetime_col, "datetime_col"), freq, None))
    if periods.size == 0:
        raise _native.invalid_input_error("transactions", None, "no transactions", "the customer's transactions")
    first = int(periods[0])
    bought = periods - first
    ages = np.arange(1, t_int + 1)  # from one period on: at age 0 no model has a history to condition on
    made = np.searchsorted(bought, ages, side="right")  # purchase periods up to each age
    frequency = (made - 1).astype(np.float64)
    recency = bought[made - 1].astype(np.float64)
    path = model.conditional_probability_alive(frequency, recency / step, ages / step)
    unit, origin = _freq.seconds(freq)
    dates = pd.to_datetime((first + ages) * unit + origin, unit="s")
    ax = axes(ax)
    ax.plot(dates, path, "-", color=kwargs.pop("color", ACTUAL), label="P_alive", **kwargs)
    purchases = pd.to_datetime((first + bought[bought <= t_int]) * unit + origin, unit="s")
    ax.vlines(purchases, ymin=0, ymax=1, colors=MODEL, linestyles="dashed", label="purchases")
    ax.set_ylim(0, 1.0)
    ax.set_yticks(np.arange(0, 1.1, 0.1))
    first_day = pd.to_datetime(first * unit + origin, unit="s")
    ax.set_xlim(pd.Timestamp(first_day if start_date is None else start_date), dates[-1])  # type: ignore[arg-type]
    ax.legend(loc="lower left", frameon=False)
    _dates(ax)
    ax.set_ylabel("P_alive")
    ax.set_title("History of P_alive")
    tidy(ax, "y")
    return ax


def _dates(ax: "Axes") -> None:
    """Short date labels on the x axis (matplotlib's concise formatter)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _tracking(
    model: Any, transactions: Any, datetime_col: str, customer_id_col: str, t: int, datetime_format: Optional[str],
    freq: str, set_index_date: bool, freq_multiplier: float,
) -> pd.DataFrame:
    from ..retention.tracking import expected_cumulative_transactions

    return expected_cumulative_transactions(
        model, transactions, datetime_col, customer_id_col, t, datetime_format=datetime_format, freq=freq,
        freq_multiplier=freq_multiplier, set_index_date=set_index_date,
    )


def _draw_tracking(
    ax: "Axes", frame: pd.DataFrame, t_cal: float, set_index_date: bool, title: str, xlabel: str, ylabel: str,
    **kwargs: Any,
) -> "Axes":
    ax.plot(frame.index, frame["actual"], color=ACTUAL, label="actual", **kwargs)
    ax.plot(frame.index, frame["predicted"], color=MODEL, ls="--", label="predicted", **kwargs)
    if set_index_date:
        position = min(max(int(t_cal), 0), len(frame) - 1)
        x_line: Any = frame.index[position]
        xlabel = "date"
    else:
        x_line = t_cal
    ax.axvline(x=x_line, color="#7f7f7f", linestyle=":", label="end of calibration")
    if set_index_date:
        _dates(ax)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    tidy(ax, "both")
    return ax


def plot_cumulative_transactions(
    model: Any,
    transactions: pd.DataFrame,
    datetime_col: str,
    customer_id_col: str,
    t: int,
    t_cal: float,
    datetime_format: Optional[str] = None,
    freq: str = "D",
    set_index_date: bool = False,
    title: str = "Tracking Cumulative Transactions",
    xlabel: str = "day",
    ylabel: str = "Cumulative Transactions",
    ax: Optional["Axes"] = None,
    *,
    freq_multiplier: float = 1,
    **kwargs: Any,
) -> "Axes":
    """Actual and predicted cumulative repeat transactions of the customer base over ``t``
    periods, with a line at ``t_cal`` (the end of calibration, in rows of the tracking table:
    periods divided by ``freq_multiplier``), lifetimes' plot of
    :func:`~custometrics.retention.tracking.expected_cumulative_transactions` (whose arguments
    these are). Keyword arguments go to ``Axes.plot``."""
    frame = _tracking(model, transactions, datetime_col, customer_id_col, t, datetime_format, freq, set_index_date, freq_multiplier)
    return _draw_tracking(axes(ax), frame, t_cal, set_index_date, title, xlabel, ylabel, **kwargs)


def plot_incremental_transactions(
    model: Any,
    transactions: pd.DataFrame,
    datetime_col: str,
    customer_id_col: str,
    t: int,
    t_cal: float,
    datetime_format: Optional[str] = None,
    freq: str = "D",
    set_index_date: bool = False,
    title: str = "Tracking Daily Transactions",
    xlabel: str = "day",
    ylabel: str = "Transactions",
    ax: Optional["Axes"] = None,
    *,
    freq_multiplier: float = 1,
    **kwargs: Any,
) -> "Axes":
    """As :func:`plot_cumulative_transactions`, period by period: the differences of the
    cumulative counts (the first row has none, as in lifetimes)."""
    frame = _tracking(model, transactions, datetime_col, customer_id_col, t, datetime_format, freq, set_index_date, freq_multiplier)
    return _draw_tracking(axes(ax), frame.diff(), t_cal, set_index_date, title, xlabel, ylabel, **kwargs)


def _density(
    model: Any, ax: Optional["Axes"], x: F64, y: F64, mean: float, var: float, suptitle: str, xlabel: str,
    ylabel: str, suptitle_fontsize: float, **kwargs: Any,
) -> "Axes":
    own = ax is None
    ax = axes(ax)
    ax.plot(x, y, color=kwargs.pop("color", ACTUAL), **kwargs)
    ax.fill_between(x, y, color=MUTED, alpha=0.5, linewidth=0)
    ax.axvline(mean, color=MODEL, ls="--", linewidth=1, label=f"mean {fmt(mean)}")
    stats = f"mean: {mean:.3f}, var: {var:.3f}"
    if own:
        ax.figure.suptitle(suptitle, fontsize=suptitle_fontsize, fontweight="bold")
        ax.set_title(stats)
    else:
        ax.set_title(f"{suptitle}\n{stats}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, float(x[-1]))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    tidy(ax, "y")
    return ax


def _gamma_curve(shape: float, rate: float) -> Tuple[F64, F64, float, float]:
    top = _dist.gamma_quantile(0.99, shape, rate)
    x = np.linspace(0, top, 201)[1:]
    return x, _dist.gamma_pdf(x, shape, rate), shape / rate, shape / rate**2


def _beta_curve(a: float, b: float) -> Tuple[F64, F64, float, float]:
    top = _dist.beta_quantile(0.99, a, b)
    x = np.linspace(0, top, 201)[1:]
    return x, _dist.beta_pdf(x, a, b), a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))


def plot_transaction_rate_heterogeneity(
    model: Any,
    suptitle: str = "Heterogeneity in Transaction Rate",
    xlabel: Optional[str] = None,
    ylabel: str = "Density",
    suptitle_fontsize: float = 14,
    *,
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """The fitted distribution of the customers' purchase propensity up to its 99th
    percentile, with its mean and variance: λ ~ Gamma(r, alpha) for BG/NBD, MBG/NBD and
    Pareto/NBD (``xlabel`` "Transaction Rate"), p ~ Beta(alpha, beta) for BG/BB ("Transaction
    Probability p"). lifetimes' plot, on ``ax`` (then the title holds the suptitle) or a new
    figure. Keyword arguments go to ``Axes.plot``."""
    p = model.params_
    if _kind(model) == "discrete":
        curve = _beta_curve(p["alpha"], p["beta"])
        xlabel = xlabel or "Transaction Probability p"
    else:
        curve = _gamma_curve(p["r"], p["alpha"])
        xlabel = xlabel or "Transaction Rate"
    return _density(model, ax, *curve, suptitle, xlabel, ylabel, suptitle_fontsize, **kwargs)


def plot_dropout_rate_heterogeneity(
    model: Any,
    suptitle: str = "Heterogeneity in Dropout Probability",
    xlabel: Optional[str] = None,
    ylabel: str = "Density",
    suptitle_fontsize: float = 14,
    *,
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """The fitted distribution of the customers' dropout propensity up to its 99th percentile:
    p ~ Beta(a, b) for BG/NBD and MBG/NBD ("Dropout Probability p"), μ ~ Gamma(s, beta) for
    Pareto/NBD ("Dropout Rate μ"), θ ~ Beta(gamma, delta) for BG/BB ("Dropout Probability θ").
    As :func:`plot_transaction_rate_heterogeneity` otherwise."""
    from ..retention import ParetoNBD

    p = model.params_
    kind = _kind(model)
    if kind == "discrete":
        curve = _beta_curve(p["gamma"], p["delta"])
        xlabel = xlabel or "Dropout Probability θ"
    elif isinstance(model, ParetoNBD):
        curve = _gamma_curve(p["s"], p["beta"])
        xlabel = xlabel or "Dropout Rate μ"
        if suptitle == "Heterogeneity in Dropout Probability":
            suptitle = "Heterogeneity in Dropout Rate"
    else:
        curve = _beta_curve(p["a"], p["b"])
        xlabel = xlabel or "Dropout Probability p"
    return _density(model, ax, *curve, suptitle, xlabel, ylabel, suptitle_fontsize, **kwargs)


# ---- the sBG model ------------------------------------------------------------------------------


def _sbg(model: Any) -> None:
    from ..retention import ShiftedBetaGeo

    if not isinstance(model, ShiftedBetaGeo):
        raise TypeError(f"model must be a custometrics ShiftedBetaGeo, not {type(model).__name__}")
    model._fitted()


def _survivors(survivors: Optional[ArrayLike]) -> Optional[F64]:
    if survivors is None:
        return None
    s = np.asarray(survivors, dtype=np.float64)
    bad = ~np.isfinite(s) | (s < 0)
    if s.ndim != 1 or s.size < 1:
        raise _native.invalid_input_error("survivors", None, f"an array of shape {s.shape}", "a 1-D array of counts")
    if bad.any() or s[0] <= 0:
        i = int(np.argmax(bad)) if bad.any() else 0
        raise _native.invalid_input_error("survivors", i, repr(float(s[i])), "counts >= 0, the first (the cohort) > 0")
    return s


def _periods_for(periods: Optional[int], observed: Optional[F64], default: int) -> int:
    if periods is None:
        return default if observed is None else max(1, observed.size - 1)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise _native.invalid_input_error("periods", None, repr(periods), "a whole number >= 1")
    return int(periods)


def plot_survival_curve(
    model: Any,
    periods: Optional[int] = None,
    survivors: Optional[ArrayLike] = None,
    *,
    title: str = "Survival: share of the cohort still active",
    xlabel: str = "Period",
    ylabel: str = "Surviving share S(t)",
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """The sBG model's survival curve S(0) = 1, S(1), …, S(periods), and, given, the observed
    ``survivors`` (``survivors[0]`` the cohort) as shares; the model's line is dashed beyond the
    observed periods (a projection). ``periods`` defaults to the observed periods, or 12.
    Keyword arguments go to ``Axes.plot``."""
    _sbg(model)
    observed = _survivors(survivors)
    n = _periods_for(periods, observed, 12)
    ts = np.arange(n + 1)
    curve = model.survival_curve(n)
    ax = axes(ax)
    seen = n if observed is None else min(n, observed.size - 1)
    ax.plot(ts[: seen + 1], curve[: seen + 1], color=MODEL, label="sBG model", **kwargs)
    if seen < n:
        ax.plot(ts[seen:], curve[seen:], color=MODEL, ls="--", label="projection", **kwargs)
    if observed is not None:
        ax.plot(np.arange(observed.size), observed / observed[0], "o", color=ACTUAL, label="observed")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, max(n, 0 if observed is None else observed.size - 1))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    tidy(ax, "both")
    return ax


def plot_retention_curve(
    model: Any,
    periods: Optional[int] = None,
    survivors: Optional[ArrayLike] = None,
    *,
    title: str = "Retention rate by period",
    xlabel: str = "Period",
    ylabel: str = "Retention rate r(t)",
    ax: Optional["Axes"] = None,
    **kwargs: Any,
) -> "Axes":
    """The sBG model's retention rates r(1), …, r(periods) — rising as the cohort sorts
    itself — and, given ``survivors``, the observed rates survivors[t] / survivors[t − 1]
    (periods after everyone left are not drawn). As :func:`plot_survival_curve` otherwise."""
    _sbg(model)
    observed = _survivors(survivors)
    n = _periods_for(periods, observed, 12)
    ts = np.arange(1, n + 1)
    curve = model.retention_curve(n)
    ax = axes(ax)
    seen = n if observed is None else min(n, observed.size - 1)
    ax.plot(ts[:seen], curve[:seen], color=MODEL, label="sBG model", **kwargs)
    if seen < n:
        ax.plot(ts[max(seen - 1, 0):], curve[max(seen - 1, 0):], color=MODEL, ls="--", label="projection", **kwargs)
    if observed is not None and observed.size > 1:
        before = observed[:-1]
        has = before > 0
        rates = np.divide(observed[1:], before, out=np.zeros_like(before), where=has)
        ax.plot(np.arange(1, observed.size)[has], rates[has], "o", color=ACTUAL, label="observed")
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="lower right")
    tidy(ax, "both")
    return ax


# ---- the holdout scorecard --------------------------------------------------------------------


def _metrics_text(card: "HoldoutScorecard") -> str:
    lines: List[str] = [
        f"MAE {fmt(card.mae)}   RMSE {fmt(card.rmse)}   bias {card.bias:+.3g}",
        f"total: predicted {card.predicted_total:,.0f}, actual {card.actual_total:,.0f}"
        + ("" if card.total_error is None else f" ({100 * card.total_error:+.1f} %)"),
    ]
    if card.correlation is not None:
        lines.append(f"correlation {card.correlation:.3f}")
    if card.tracking_mape is not None:
        lines.append(f"tracking MAPE (holdout) {card.tracking_mape:.1f} %")
    return "\n".join(lines)


def plot_scorecard(
    scorecard: "HoldoutScorecard", kind: str = "calibration", *, ax: Optional["Axes"] = None, **kwargs: Any
) -> "Axes":
    """A :class:`~custometrics.retention.scorecard.HoldoutScorecard` drawn: ``kind="calibration"``
    gives mean actual and predicted holdout purchases by calibration frequency (bars) with the
    metrics in a box; ``kind="tracking"`` the cumulative repeat transactions, actual and
    predicted, over calibration and holdout (needs the scorecard made with ``transactions``),
    with the end of calibration marked. Keyword arguments go to ``Axes.bar`` / ``Axes.plot``."""
    if kind == "calibration":
        table = scorecard.by_frequency
        ax = axes(ax)
        x = np.arange(len(table))
        width = 0.4
        ax.bar(x - width / 2, table["actual"], width, color=ACTUAL, label="actual", **kwargs)
        ax.bar(x + width / 2, table["predicted"], width, color=MODEL, label=f"predicted ({scorecard.model})", **kwargs)
        ax.set_xticks(x)
        ax.set_xticklabels(list(table.index))
        ax.set_xlabel("Repeat purchases in the calibration period")
        ax.set_ylabel(f"Mean purchases in the holdout ({fmt(scorecard.duration_holdout)} time units)")
        ax.set_title("Holdout scorecard: actual vs predicted by calibration frequency")
        ax.legend(frameon=False, loc="upper right")
        ax.text(
            0.02, 0.97, _metrics_text(scorecard), transform=ax.transAxes, va="top", ha="left", fontsize=9,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#cccccc"},
        )
        ax.set_ylim(0, float(np.nanmax(table[["actual", "predicted"]].to_numpy())) * 1.45)
        tidy(ax)
        return ax
    if kind == "tracking":
        track = scorecard.tracking
        if track is None or scorecard.calibration_periods is None:
            raise _native.invalid_input_error(
                "kind", None, "'tracking'", "a scorecard made with transactions= (it has no tracking)"
            )
        ax = axes(ax)
        ax.plot(track.index, track["actual"], color=ACTUAL, label="actual", **kwargs)
        ax.plot(track.index, track["predicted"], color=MODEL, ls="--", label=f"predicted ({scorecard.model})", **kwargs)
        ax.axvline(scorecard.calibration_periods, color="#7f7f7f", ls=":", label="end of calibration")
        ax.set_xlabel("Periods since the first transaction")
        ax.set_ylabel("Cumulative repeat transactions")
        ax.set_title("Holdout scorecard: cumulative tracking")
        ax.legend(frameon=False, loc="upper left")
        tidy(ax, "both")
        return ax
    raise _native.invalid_input_error("kind", None, repr(kind), "'calibration' or 'tracking'")
