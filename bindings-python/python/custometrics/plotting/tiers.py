"""Plots of customer tiers: the Lorenz curve with the Gini coefficient, the RFM grid with its
segments, and migration between tiers (flows or the transition matrix).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from custometrics.tiers import lorenz
>>> ax = plot_lorenz(lorenz([120, 4000, 35, 900, 15, 60, 2500, 80]))
>>> float(ax.lines[0].get_ydata()[-1])    # all of the value at all of the customers
1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from ..tiers import Lorenz, Migration, RfmScores, SegmentMap, lorenz
from ._common import ACTUAL, MUTED, axes, pyplot, tidy

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_lorenz", "plot_rfm", "plot_migration"]


def plot_lorenz(
    result: Union[Lorenz, ArrayLike],
    *,
    top: float = 0.2,
    title: str = "Concentration of value: Lorenz curve",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The Lorenz curve of a :class:`~custometrics.tiers.Lorenz` (or of the values given,
    computed with :func:`~custometrics.tiers.lorenz`), customers from the lowest value up, the
    line of equality, the area between shaded, the Gini coefficient in the title and the share
    of value held by the ``top`` share of customers marked (the inverted profit pyramid in one
    number)."""
    if not isinstance(result, Lorenz):
        result = lorenz(result)
    if not (0 < top < 1):
        raise _native.invalid_input_error("top", None, repr(top), "a share of customers strictly between 0 and 1")
    x = np.asarray(result.population_share, dtype=np.float64)
    y = np.asarray(result.value_share, dtype=np.float64)
    ax = axes(ax, (6.0, 6.0))
    ax.plot(x, y, color=ACTUAL, linewidth=2, label="Lorenz curve")
    ax.plot([0, 1], [0, 1], color="#7f7f7f", ls="--", linewidth=1, label="equality")
    ax.fill_between(x, y, x, color=MUTED, alpha=0.5, linewidth=0)
    held = 1.0 - float(np.interp(1.0 - top, x, y))
    ax.annotate(
        f"top {100 * top:g} % of customers\nhold {100 * held:.1f} % of value",
        xy=(1.0 - top, 1.0 - held), xytext=(0.08, 0.78), textcoords="axes fraction",
        arrowprops={"arrowstyle": "->", "color": "#4d4d4d"}, fontsize=9,
    )
    ax.plot([1.0 - top], [1.0 - held], "o", color=ACTUAL)
    ax.set_xlim(0, 1)
    ax.set_ylim(min(0.0, float(y.min())), 1)
    ax.set_aspect("equal")
    ax.set_xlabel("Cumulative share of customers (lowest value first)")
    ax.set_ylabel("Cumulative share of value")
    ax.set_title(f"{title}\nGini = {result.gini:.3f}")
    ax.legend(frameon=False, loc="lower right")
    tidy(ax, "both")
    return ax


def plot_rfm(
    scores: RfmScores,
    monetary: Optional[ArrayLike] = None,
    *,
    segments: Union[bool, SegmentMap, None] = True,
    title: str = "RFM grid: customers by recency and frequency score",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The R × F grid of :class:`~custometrics.tiers.RfmScores`: recency score across (recent
    right), frequency score up, each cell's customers written in it and shaded by their number
    — or, given ``monetary`` (one value per customer), by the cell's mean monetary value. The
    segments of a :class:`~custometrics.tiers.SegmentMap` (``True``: the standard map, when the
    scores have its q) are outlined and named; rules that restrict the M score are not drawn,
    since the grid has no M."""
    if not isinstance(scores, RfmScores):
        raise TypeError(f"scores must be custometrics.tiers.RfmScores, not {type(scores).__name__}")
    q = int(scores.q)
    r = np.asarray(scores.r, dtype=np.int64) - 1
    f = np.asarray(scores.f, dtype=np.int64) - 1
    cell = f * q + r
    counts = np.bincount(cell, minlength=q * q).reshape(q, q).astype(np.float64)
    colour_by, label = counts, "customers"
    if monetary is not None:
        m = np.asarray(monetary, dtype=np.float64)
        if m.shape != r.shape:
            raise _native.invalid_input_error("monetary", None, f"{m.size} values", f"one per customer ({r.size})")
        if not np.isfinite(m).all():
            i = int(np.argmax(~np.isfinite(m)))
            raise _native.invalid_input_error("monetary", i, repr(float(m[i])), "finite values")
        sums = np.bincount(cell, weights=m, minlength=q * q).reshape(q, q)
        with np.errstate(invalid="ignore", divide="ignore"):
            colour_by = np.where(counts > 0, sums / counts, np.nan)
        label = "mean monetary value"
    ax = axes(ax, (7.5, 6.5))
    plt = pyplot()
    cmap = plt.get_cmap("Blues").with_extremes(bad="#f0f0f0")
    image = ax.imshow(np.ma.masked_invalid(colour_by), origin="lower", cmap=cmap,
                      extent=(0.5, q + 0.5, 0.5, q + 0.5), aspect="equal",
                      vmin=0 if monetary is None else None)  # counts from 0: shades read as ratios
    ax.figure.colorbar(image, ax=ax, label=label, shrink=0.8)
    lo, hi = float(np.nanmin(colour_by)) if monetary is not None else 0.0, float(np.nanmax(colour_by))
    shade = (colour_by - lo) / ((hi - lo) or 1.0)  # white text on the darker cells
    for fi in range(q):
        for ri in range(q):
            dark = bool(np.isfinite(shade[fi, ri]) and shade[fi, ri] > 0.6)
            ax.text(ri + 1, fi + 1, f"{int(counts[fi, ri])}", ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")
    smap: Optional[SegmentMap] = None
    if isinstance(segments, SegmentMap):
        smap = segments
    elif segments is True and q == 5:
        smap = SegmentMap.standard()
    if smap is not None:
        if smap.q != q:
            raise _native.invalid_input_error("segments", None, f"a map of q = {smap.q}", f"a map of the scores' q = {q}")
        from matplotlib.patches import Rectangle

        for rule in smap.rules:
            if (rule.m.min, rule.m.max) != (1, q):
                continue
            ax.add_patch(Rectangle(
                (rule.r.min - 0.5, rule.f.min - 0.5), rule.r.max - rule.r.min + 1, rule.f.max - rule.f.min + 1,
                fill=False, edgecolor="#333333", linewidth=1.5,
            ))
            ax.text(rule.r.min - 0.44, rule.f.max + 0.44, rule.name.replace("_", " "), ha="left", va="top",
                    fontsize=7, color="#222222", style="italic",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75, "edgecolor": "none"})
    ax.set_xticks(range(1, q + 1))
    ax.set_yticks(range(1, q + 1))
    ax.set_xlabel("Recency score (higher = more recent)")
    ax.set_ylabel("Frequency score")
    ax.set_title(title)
    return ax


def plot_migration(
    result: Migration,
    labels: Optional[Sequence[str]] = None,
    kind: str = "flows",
    *,
    periods: Sequence[str] = ("before", "after"),
    title: str = "Tier migration",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """Customers moving between tiers (a :class:`~custometrics.tiers.Migration`).

    ``kind="flows"``: the tiers of each period as stacked blocks (tier 0 on top, heights by
    customers), and a band from each tier before to each tier after, its width the customers
    who moved so, coloured by the tier they came from. ``kind="matrix"``: the transition
    probabilities as a heat map, each cell with its probability and count. ``labels`` name the
    tiers (default "tier 0", …); ``periods`` the two columns."""
    if not isinstance(result, Migration):
        raise TypeError(f"result must be a custometrics.tiers.Migration, not {type(result).__name__}")
    n = int(result.n_tiers)
    names = [f"tier {i}" for i in range(n)] if labels is None else [str(v) for v in labels]
    if len(names) != n:
        raise _native.invalid_input_error("labels", None, f"{len(names)} labels", f"{n}, one per tier")
    counts = np.asarray(result.counts, dtype=np.float64)
    if kind == "matrix":
        ax = axes(ax, (6.4, 5.6))
        image = ax.imshow(result.probabilities, cmap="Blues", vmin=0, vmax=1)
        ax.figure.colorbar(image, ax=ax, label="transition probability", shrink=0.8)
        for i in range(n):
            for j in range(n):
                p = float(result.probabilities[i, j])
                ax.text(j, i, f"{p:.2f}\n({int(counts[i, j])})", ha="center", va="center", fontsize=9,
                        color="white" if p > 0.6 else "black")
        ax.set_xticks(range(n))
        ax.set_xticklabels(names)
        ax.set_yticks(range(n))
        ax.set_yticklabels(names)
        ax.set_xlabel(f"Tier {periods[1]}")
        ax.set_ylabel(f"Tier {periods[0]}")
        ax.set_title(title)
        return ax
    if kind != "flows":
        raise _native.invalid_input_error("kind", None, repr(kind), "'flows' or 'matrix'")
    return _flows(result, counts, names, periods, title, ax)


def _flows(
    result: Migration, counts: np.ndarray, names: List[str], periods: Sequence[str], title: str,
    ax: Optional["Axes"],
) -> "Axes":
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    n = len(names)
    total = float(counts.sum())
    if total <= 0:
        raise _native.invalid_input_error("result", None, "no customers", "a migration of at least one customer")
    ax = axes(ax, (7.5, 6.0))
    colours = pyplot().get_cmap("tab10")(np.arange(n) % 10)
    gap = 0.03 if n > 1 else 0.0
    scale = (1.0 - gap * (n - 1)) / total
    width, left_x, right_x = 0.08, 0.0, 0.92

    def tops(totals: np.ndarray) -> np.ndarray:
        """The top of each tier's block, tier 0 at the top (y = 1)."""
        heights = totals * scale
        return 1.0 - np.concatenate([[0.0], np.cumsum(heights[:-1] + gap)])

    from_top = tops(np.asarray(result.from_totals, dtype=np.float64))
    to_top = tops(np.asarray(result.to_totals, dtype=np.float64))
    for i in range(n):
        for x0, top_, total_i in ((left_x, from_top[i], result.from_totals[i]), (right_x, to_top[i], result.to_totals[i])):
            h = float(total_i) * scale
            if h > 0:
                ax.add_patch(Rectangle((x0, top_ - h), width, h, facecolor=colours[i], edgecolor="none"))
    out_used = np.zeros(n)
    in_used = np.zeros(n)
    xa, xb = left_x + width, right_x
    for i in range(n):
        for j in range(n):
            h = counts[i, j] * scale
            if h <= 0:
                continue
            y0 = from_top[i] - out_used[i]
            y1 = to_top[j] - in_used[j]
            out_used[i] += h
            in_used[j] += h
            mid = (xa + xb) / 2
            verts = [
                (xa, y0), (mid, y0), (mid, y1), (xb, y1),
                (xb, y1 - h), (mid, y1 - h), (mid, y0 - h), (xa, y0 - h), (xa, y0),
            ]
            codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4,
                     Path.LINETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.CLOSEPOLY]
            ax.add_patch(PathPatch(Path(verts, codes), facecolor=colours[i], alpha=0.35, edgecolor="none"))
    for i in range(n):
        for x, top_, total_i, ha in ((left_x - 0.01, from_top[i], result.from_totals[i], "right"),
                                     (right_x + width + 0.01, to_top[i], result.to_totals[i], "left")):
            if total_i > 0:
                ax.text(x, top_ - float(total_i) * scale / 2, f"{names[i]}\n{int(total_i)}", ha=ha, va="center",
                        fontsize=9)
    ax.text(left_x + width / 2, 1.03, periods[0], ha="center", va="bottom", fontweight="bold")
    ax.text(right_x + width / 2, 1.03, periods[1], ha="center", va="bottom", fontweight="bold")
    ax.set_xlim(-0.25, 1.25)
    ax.set_ylim(-0.02, 1.1)
    ax.axis("off")
    stayed = float(np.trace(counts)) / total
    ax.set_title(f"{title}\n{int(total)} customers, {100 * stayed:.1f} % stayed in their tier")
    return ax
