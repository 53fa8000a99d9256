"""Plots of the satisfaction measures: the NPS distribution with its interval, SERVQUAL and
attribute gap bars, the zone of tolerance, and the importance–performance quadrants.

Each takes the result object of :mod:`custometrics.satisfaction` and, where the result does not
hold them, the raw inputs (or the raw inputs alone, computing the result).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from custometrics.satisfaction import nps
>>> ax = plot_nps(scores=[10, 9, 8, 7, 6, 0, 10, 9])
>>> [round(p.get_height()) for p in ax.patches][9:]     # respondents who answered 9 and 10
[2, 2]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Union

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from ..satisfaction import Disconfirmation, FiveGaps, Ipa, Nps, Servqual, ZoneOfTolerance, ipa, nps
from ._common import ACTUAL, BAD, GOOD, MUTED, NEUTRAL, axes, fmt, tidy

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_nps", "plot_servqual", "plot_gaps", "plot_zone_of_tolerance", "plot_ipa"]

_STATE_COLOURS = {"dissatisfied": BAD, "satisfied": NEUTRAL, "delighted": GOOD}
_POSITION_COLOURS = {"below": BAD, "within": NEUTRAL, "above": GOOD}


def _labels(labels: Optional[Sequence[str]], n: int, default: str, field: str = "labels") -> List[str]:
    if labels is None:
        return [f"{default} {i + 1}" for i in range(n)]
    out = [str(v) for v in labels]
    if len(out) != n:
        raise _native.invalid_input_error(field, None, f"{len(out)} labels", f"{n} labels, one per bar")
    return out


def plot_nps(
    result: Union[Nps, ArrayLike, None] = None,
    scores: Optional[ArrayLike] = None,
    *,
    confidence: float = 0.95,
    title: str = "Net Promoter Score",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The NPS distribution with the score and its confidence interval.

    With the 0–10 answers (``scores``, or given as the first argument) the bars are the
    respondents per answer, red for detractors (0–6), grey for passives (7–8), green for
    promoters (9–10); with an :class:`~custometrics.satisfaction.Nps` alone (counts only), three
    bars. Above them a strip shows the NPS on its −100…100 scale with the interval of the
    result (or, computed here, at ``confidence``). Returns the Axes of the bars; the strip is its
    child Axes.
    """
    if result is not None and not isinstance(result, Nps):
        if scores is not None:
            raise TypeError("give the scores once: plot_nps(scores) or plot_nps(result, scores=...)")
        result, scores = None, result
    from matplotlib.patches import Patch

    if result is None:
        if scores is None:
            raise TypeError("plot_nps needs an Nps result or the scores")
        result = nps(scores, confidence=confidence)
    ax = axes(ax, (7.0, 4.8))
    groups = [("detractors", BAD, result.detractors), ("passives", NEUTRAL, result.passives), ("promoters", GOOD, result.promoters)]
    if scores is not None:
        answers = np.asarray(scores, dtype=np.float64)
        answers = answers[np.isfinite(answers)]
        counts = np.bincount(answers.astype(np.int64), minlength=11)[:11]
        colours = [BAD] * 7 + [NEUTRAL] * 2 + [GOOD] * 2
        ax.bar(np.arange(11), counts, color=colours, width=0.8)
        ax.set_xticks(np.arange(11))
        ax.set_xlabel("Likelihood to recommend (0–10)")
        handles = [Patch(color=colour, label=f"{name} {100 * count / result.n:.1f} %") for name, colour, count in groups]
    else:
        ax.bar(np.arange(3), [c for _, _, c in groups], color=[c for _, c, _ in groups], width=0.6)
        ax.set_xticks(np.arange(3))
        ax.set_xticklabels([f"{name}\n{100 * count / result.n:.1f} %" for name, _, count in groups])
    ax.set_ylabel("Respondents")
    ax.set_ylim(0, 1.12 * max(1.0, float(max(result.promoters, result.passives, result.detractors)) if scores is None
                              else float(counts.max())))
    if scores is not None:
        ax.legend(handles=handles, frameon=False, loc="upper left")
    tidy(ax)
    strip = ax.inset_axes((0.0, 1.06, 1.0, 0.13))
    strip.axvline(0, color="#7f7f7f", linewidth=0.8)
    strip.errorbar(
        [result.score], [0], xerr=[[result.score - result.ci_low], [result.ci_high - result.score]], fmt="o",
        color=ACTUAL, ecolor=ACTUAL, capsize=4, linewidth=2,
    )
    strip.set_xlim(-100, 100)
    strip.set_ylim(-1, 1)
    strip.set_yticks([])
    strip.tick_params(axis="x", labelsize=8)
    for side in ("left", "right", "top"):
        strip.spines[side].set_visible(False)
    strip.set_title(
        f"{title}: {result.score:.1f}   ({100 * result.confidence:g} % CI {result.ci_low:.1f} to "
        f"{result.ci_high:.1f}, n = {result.n})",
        fontsize=11,
    )
    return ax


def _hbars(ax: "Axes", names: Sequence[str], values: np.ndarray, colours: Sequence[str]) -> None:
    y = np.arange(len(names))[::-1]
    ax.barh(y, values, color=colours, height=0.6)
    ax.set_yticks(y)
    ax.set_yticklabels(list(names))
    ax.axvline(0, color="#4d4d4d", linewidth=0.8)
    span = float(np.nanmax(np.abs(values))) if len(values) else 1.0
    span = span or 1.0
    for yi, v in zip(y, values):
        if np.isfinite(v):
            ax.text(v + (0.02 * span if v >= 0 else -0.02 * span), yi, f"{v:+.2f}", va="center",
                    ha="left" if v >= 0 else "right", fontsize=9)
    ax.set_xlim(min(0.0, float(np.nanmin(values))) - 0.25 * span, max(0.0, float(np.nanmax(values))) + 0.25 * span)
    tidy(ax, "x")


def plot_servqual(
    result: Servqual,
    level: str = "dimension",
    *,
    labels: Optional[Sequence[str]] = None,
    title: str = "SERVQUAL gaps (perception − expectation)",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The sample's SERVQUAL gaps as horizontal bars, red below 0 (expectations not met), green
    above: per dimension (``level="dimension"``, named as in the result) or per item
    (``"item"``, named ``labels`` or "item 1", …)."""
    if not isinstance(result, Servqual):
        raise TypeError(f"result must be a custometrics.satisfaction.Servqual, not {type(result).__name__}")
    if level == "dimension":
        values = np.asarray(result.sample.dimension_gaps, dtype=np.float64)
        names = _labels(labels, values.size, "dimension") if labels is not None else list(result.dimensions)
    elif level == "item":
        values = np.asarray(result.item_gaps, dtype=np.float64)
        names = _labels(labels, values.size, "item")
    else:
        raise _native.invalid_input_error("level", None, repr(level), "'dimension' or 'item'")
    ax = axes(ax, (7.0, max(2.5, 0.42 * len(names) + 1.2)))
    _hbars(ax, names, values, [BAD if v < 0 else GOOD for v in values])
    ax.set_xlabel("Gap (P − E)")
    ax.set_title(title + f"\nunweighted overall {result.sample.unweighted:+.2f}"
                 + ("" if result.sample.weighted is None else f", weighted {result.sample.weighted:+.2f}"))
    return ax


def plot_gaps(
    result: Union[Disconfirmation, FiveGaps],
    labels: Optional[Sequence[str]] = None,
    *,
    title: Optional[str] = None,
    ax: Optional["Axes"] = None,
) -> "Axes":
    """Gap bars: for a :class:`~custometrics.satisfaction.Disconfirmation`, each attribute's
    P − E coloured by its state (dissatisfied red, satisfied grey, delighted green) with the
    weighted overall gap as a dashed line; for :class:`~custometrics.satisfaction.FiveGaps`, the
    gaps that were measured, the largest shortfall outlined. ``labels`` name the attributes."""
    if isinstance(result, Disconfirmation):
        values = np.asarray([a.gap for a in result.attributes], dtype=np.float64)
        names = _labels(labels, values.size, "attribute")
        ax = axes(ax, (8.5, max(2.5, 0.42 * len(names) + 1.2)))
        _hbars(ax, names, values, [_STATE_COLOURS[a.state] for a in result.attributes])
        from matplotlib.patches import Patch

        line = ax.axvline(result.overall_gap, color=ACTUAL, ls="--", linewidth=1.2,
                          label=f"overall {result.overall_gap:+.2f} ({result.overall_state})")
        handles: List[Any] = [Patch(color=colour, label=state) for state, colour in _STATE_COLOURS.items()]
        ax.legend(handles=[*handles, line], frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        ax.set_xlabel("Perception − expectation")
        ax.set_title(title or "Disconfirmation by attribute")
        return ax
    if isinstance(result, FiveGaps):
        present = [g for g in result.gaps if g is not None]
        if not present:
            raise _native.invalid_input_error("result", None, "no gap measured", "at least one of the five gaps")
        values = np.asarray([g.gap for g in present], dtype=np.float64)
        names = list(labels) if labels is not None else [f"Gap {g.number}: {g.name}" for g in present]
        names = _labels(names, values.size, "gap")
        ax = axes(ax, (8.5, max(2.5, 0.5 * len(names) + 1.2)))
        _hbars(ax, names, values, [BAD if v < 0 else GOOD for v in values])
        if result.largest_shortfall is not None:
            for bar, g in zip(ax.patches, present):  # the bars in the order of the gaps
                if g.number == result.largest_shortfall:
                    bar.set_edgecolor("black")
                    bar.set_linewidth(2)
                    bar.set_label("largest shortfall")
            ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        ax.set_xlabel("Mean gap (achieved − reference)")
        ax.set_title(title or "The five gaps of service quality")
        return ax
    raise TypeError(f"result must be a Disconfirmation or FiveGaps, not {type(result).__name__}")


def plot_zone_of_tolerance(
    result: ZoneOfTolerance,
    level: str = "dimension",
    *,
    labels: Optional[Sequence[str]] = None,
    title: str = "Zone of tolerance",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """Each dimension's (or item's) zone from adequate to desired service as a band, and the
    perceived service as a point: red below the zone, grey within, green above it."""
    if not isinstance(result, ZoneOfTolerance):
        raise TypeError(f"result must be a ZoneOfTolerance, not {type(result).__name__}")
    if level == "dimension":
        zones = result.by_dimension
        names = _labels(labels, len(zones), "dimension") if labels is not None else list(result.dimensions)
    elif level == "item":
        zones = result.items
        names = _labels(labels, len(zones), "item")
    else:
        raise _native.invalid_input_error("level", None, repr(level), "'dimension' or 'item'")
    ax = axes(ax, (8.0, max(2.5, 0.45 * len(names) + 1.2)))
    y = np.arange(len(zones))[::-1]
    ax.barh(y, [z.desired - z.adequate for z in zones], left=[z.adequate for z in zones], height=0.5,
            color=MUTED, label="zone (adequate to desired)")
    for position, colour in _POSITION_COLOURS.items():
        rows = [(yi, z.perceived) for yi, z in zip(y, zones) if z.position == position]
        if rows:
            ax.plot([p for _, p in rows], [yi for yi, _ in rows], "D", color=colour, markersize=7,
                    label=f"perceived, {position}", linestyle="none")
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    lo = min(min(z.adequate, z.perceived) for z in zones)
    hi = max(max(z.desired, z.perceived) for z in zones)
    pad = 0.08 * ((hi - lo) or 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xlabel("Rating")
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    tidy(ax, "x")
    return ax


_QUADRANTS = {
    "concentrate_here": ("Concentrate here", BAD),
    "keep_up_the_good_work": ("Keep up the good work", GOOD),
    "low_priority": ("Low priority", NEUTRAL),
    "possible_overkill": ("Possible overkill", "#8e6bbf"),
}


def plot_ipa(
    result: Optional[Ipa],
    importance: ArrayLike,
    performance: ArrayLike,
    labels: Optional[Sequence[str]] = None,
    *,
    title: str = "Importance–performance analysis",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The importance–performance grid of Martilla & James (1977): performance across,
    importance up, the cuts of ``result`` as lines (``result`` None: computed with the grand
    means), each attribute a point coloured by its quadrant and named by ``labels``, and the
    quadrants named in their corners (concentrate here top left, keep up the good work top
    right, low priority bottom left, possible overkill bottom right)."""
    imp = np.asarray(importance, dtype=np.float64)
    perf = np.asarray(performance, dtype=np.float64)
    if result is None:
        result = ipa(imp, perf)
    if not isinstance(result, Ipa):
        raise TypeError(f"result must be a custometrics.satisfaction.Ipa or None, not {type(result).__name__}")
    if imp.shape != perf.shape or imp.ndim != 1 or imp.size != len(result.quadrants):
        raise _native.invalid_input_error(
            "performance", None, f"{perf.size} values for {imp.size} importances and {len(result.quadrants)} quadrants",
            "one importance and one performance per attribute of the result",
        )
    names = _labels(labels, imp.size, "attribute")
    ax = axes(ax, (7.0, 6.0))
    for key, (name, colour) in _QUADRANTS.items():
        rows = [i for i, q in enumerate(result.quadrants) if q == key]
        if rows:
            ax.scatter(perf[rows], imp[rows], s=60, color=colour, label=name, zorder=3, edgecolor="white")
    for x, y, name in zip(perf, imp, names):
        ax.annotate(name, (x, y), textcoords="offset points", xytext=(6, 4), fontsize=8)
    ax.axvline(result.performance_cut, color="#4d4d4d", linewidth=1)
    ax.axhline(result.importance_cut, color="#4d4d4d", linewidth=1)

    def padded(values: np.ndarray, cut: float) -> "tuple[float, float]":
        lo, hi = min(float(values.min()), cut), max(float(values.max()), cut)
        pad = 0.15 * ((hi - lo) or 1.0)
        return lo - pad, hi + pad

    ax.set_xlim(*padded(perf, result.performance_cut))
    ax.set_ylim(*padded(imp, result.importance_cut))
    corners = {
        "concentrate_here": (0.02, 0.98, "left", "top"),
        "keep_up_the_good_work": (0.98, 0.98, "right", "top"),
        "low_priority": (0.02, 0.02, "left", "bottom"),
        "possible_overkill": (0.98, 0.02, "right", "bottom"),
    }
    for key, (x, y, ha, va) in corners.items():
        name, colour = _QUADRANTS[key]
        ax.text(x, y, name, transform=ax.transAxes, ha=ha, va=va, color=colour, fontsize=10, fontweight="bold")
    ax.set_xlabel(f"Performance (cut {fmt(result.performance_cut)})")
    ax.set_ylabel(f"Importance (cut {fmt(result.importance_cut)})")
    ax.set_title(title)
    tidy(ax, "")
    return ax
