"""The loyalty matrices drawn: Dick & Basu (1994) and Jones & Sasser (1995).

Without the ratings, a 2 × 2 grid of the cells with their customers and shares; with them, the
customers themselves (one bubble per distinct pair of ratings, its area the number of
customers, its colour the class) over the cut lines, the cells named in their corners.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from custometrics.loyalty import dick_basu
>>> d = dick_basu([9, 8, 3, 2, 7], [6, 1, 5, 0, 4])
>>> ax = plot_dick_basu(d)
>>> sorted(t.get_text().split()[0] for t in ax.texts)
['Latent', 'Loyalty', 'No', 'Spurious']
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Dict, Optional, Sequence, Tuple

import numpy as np
from numpy.typing import ArrayLike

from .. import _native
from ..loyalty import DickBasu, JonesSasser, jones_sasser
from ._common import BAD, GOOD, axes, fmt, tidy

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_dick_basu", "plot_jones_sasser"]

# jones_sasser's own default cuts, so the plot's cut lines default to the classification's
_CUTS = {k: float(inspect.signature(jones_sasser).parameters[k].default) for k in ("satisfaction_cut", "loyalty_cut")}

# (name shown, colour) of each class
_DB = {
    "loyal": ("Loyalty", GOOD),
    "latent": ("Latent loyalty", "#f1c40f"),
    "spurious": ("Spurious loyalty", "#e67e22"),
    "no_loyalty": ("No loyalty", BAD),
}
_JS_NAMES = {
    "apostle": ("Apostle", "#1e8449"),
    "loyalist": ("Loyalist", GOOD),
    "mercenary": ("Mercenary", "#e67e22"),
    "hostage": ("Hostage", "#f1c40f"),
    "defector": ("Defector", BAD),
    "terrorist": ("Terrorist", "#7b241c"),
}


def _grid(
    ax: "Axes", cells: Dict[Tuple[int, int], Tuple[str, str, str]], xlabel: str, ylabel: str, title: str
) -> None:
    """A 2 × 2 grid: ``cells[(column, row)] = (name, colour, detail)``, column 1 = high x,
    row 1 = high y."""
    from matplotlib.patches import Rectangle

    for (col, row), (name, colour, detail) in cells.items():
        ax.add_patch(Rectangle((col, row), 1, 1, facecolor=colour, alpha=0.35, edgecolor="white", linewidth=3))
        ax.text(col + 0.5, row + 0.5, f"{name}\n{detail}", ha="center", va="center", fontsize=11)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5])
    ax.set_xticklabels(["low", "high"])
    ax.set_yticks([0.5, 1.5])
    ax.set_yticklabels(["low", "high"])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_aspect("equal")
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)


def _bubbles(
    ax: "Axes", x: np.ndarray, y: np.ndarray, classes: np.ndarray, labels: Sequence[str], colours: Dict[str, str],
    names: Dict[str, str],
) -> None:
    """One bubble per distinct (x, y, class), area ∝ customers."""
    pairs, counts = np.unique(np.stack([x, y, classes.astype(np.float64)]), axis=1, return_counts=True)
    size = 40 + 600 * counts / counts.max()
    for code, label in enumerate(labels):
        rows = pairs[2] == code
        if rows.any():
            ax.scatter(pairs[0, rows], pairs[1, rows], s=size[rows], color=colours[label], alpha=0.75,
                       edgecolor="white", label=names[label], zorder=3)


def _ratings(name: str, values: Optional[ArrayLike], n: int) -> Optional[np.ndarray]:
    if values is None:
        return None
    a = np.asarray(values, dtype=np.float64)
    if a.shape != (n,):
        raise _native.invalid_input_error(name, None, f"{a.size} ratings", f"one per customer of the result ({n})")
    return a


def plot_dick_basu(
    result: DickBasu,
    attitude: Optional[ArrayLike] = None,
    patronage: Optional[ArrayLike] = None,
    *,
    title: str = "Dick & Basu loyalty matrix",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The Dick & Basu matrix: repeat patronage across, relative attitude up. Given the ratings
    the result classified (``attitude``, ``patronage``), the customers as bubbles over the
    thresholds; otherwise the four cells with their customers and shares."""
    if not isinstance(result, DickBasu):
        raise TypeError(f"result must be a custometrics.loyalty.DickBasu, not {type(result).__name__}")
    att = _ratings("attitude", attitude, result.n)
    pat = _ratings("patronage", patronage, result.n)
    ax = axes(ax, (6.4, 6.0))
    detail = {
        k: f"{getattr(result.counts, k)} ({100 * getattr(result.shares, k):.1f} %)" for k in _DB
    }
    if att is None or pat is None:
        position = {"loyal": (1, 1), "latent": (0, 1), "spurious": (1, 0), "no_loyalty": (0, 0)}
        _grid(ax, {position[k]: (name, colour, detail[k]) for k, (name, colour) in _DB.items()},
              "Repeat patronage", "Relative attitude", title)
        return ax
    _bubbles(ax, pat, att, result.classes, result.labels, {k: c for k, (_, c) in _DB.items()},
             {k: n for k, (n, _) in _DB.items()})
    ax.axvline(result.patronage_threshold, color="#4d4d4d", linewidth=1)
    ax.axhline(result.attitude_threshold, color="#4d4d4d", linewidth=1)
    corners = {"latent": (0.02, 0.98, "left", "top"), "loyal": (0.98, 0.98, "right", "top"),
               "no_loyalty": (0.02, 0.02, "left", "bottom"), "spurious": (0.98, 0.02, "right", "bottom")}
    for k, (x, y, ha, va) in corners.items():
        ax.text(x, y, f"{_DB[k][0]}: {detail[k]}", transform=ax.transAxes, ha=ha, va=va, fontsize=9,
                color=_DB[k][1], fontweight="bold")
    ax.set_xlabel(f"Repeat patronage (threshold {fmt(result.patronage_threshold)})")
    ax.set_ylabel(f"Relative attitude (threshold {fmt(result.attitude_threshold)})")
    ax.set_title(title)
    _pad(ax)
    tidy(ax, "")
    return ax


def _pad(ax: "Axes") -> None:
    """Room around the data for the corner labels."""
    for get, set_ in ((ax.get_xlim, ax.set_xlim), (ax.get_ylim, ax.set_ylim)):
        lo, hi = get()
        pad = 0.12 * (hi - lo)
        set_(lo - pad, hi + pad)


def plot_jones_sasser(
    result: JonesSasser,
    satisfaction: Optional[ArrayLike] = None,
    loyalty: Optional[ArrayLike] = None,
    *,
    satisfaction_cut: Optional[float] = None,
    loyalty_cut: Optional[float] = None,
    title: str = "Jones & Sasser satisfaction–loyalty matrix",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The Jones & Sasser matrix: satisfaction across, loyalty up (loyalists top right,
    mercenaries bottom right, hostages top left, defectors bottom left; apostles and terrorists
    counted within them). Given the ratings, the customers as bubbles over the cuts
    (``satisfaction_cut``, ``loyalty_cut``: those the result was made with; None, the defaults
    of :func:`~custometrics.loyalty.jones_sasser`); otherwise the four cells with their
    customers and shares."""
    if not isinstance(result, JonesSasser):
        raise TypeError(f"result must be a custometrics.loyalty.JonesSasser, not {type(result).__name__}")
    satisfaction_cut = _CUTS["satisfaction_cut"] if satisfaction_cut is None else float(satisfaction_cut)
    loyalty_cut = _CUTS["loyalty_cut"] if loyalty_cut is None else float(loyalty_cut)
    sat = _ratings("satisfaction", satisfaction, result.n)
    loy = _ratings("loyalty", loyalty, result.n)
    ax = axes(ax, (6.4, 6.0))
    c, s = result.counts, result.shares

    def line(k: str) -> str:
        return f"{getattr(c, k)} ({100 * getattr(s, k):.1f} %)"

    detail = {
        "loyalist": f"{line('loyalist')}\nof whom apostles {c.apostle}",
        "mercenary": line("mercenary"),
        "hostage": line("hostage"),
        "defector": f"{line('defector')}\nof whom terrorists {c.terrorist}",
    }
    if sat is None or loy is None:
        position = {"loyalist": (1, 1), "hostage": (0, 1), "mercenary": (1, 0), "defector": (0, 0)}
        _grid(ax, {position[k]: (_JS_NAMES[k][0], _JS_NAMES[k][1], detail[k]) for k in position},
              "Satisfaction", "Loyalty", title)
        return ax
    _bubbles(ax, sat, loy, result.classes, result.labels, {k: v[1] for k, v in _JS_NAMES.items()},
             {k: v[0] for k, v in _JS_NAMES.items()})
    ax.axvline(satisfaction_cut, color="#4d4d4d", linewidth=1)
    ax.axhline(loyalty_cut, color="#4d4d4d", linewidth=1)
    corners = {"hostage": (0.02, 0.98, "left", "top"), "loyalist": (0.98, 0.98, "right", "top"),
               "defector": (0.02, 0.02, "left", "bottom"), "mercenary": (0.98, 0.02, "right", "bottom")}
    for k, (x, y, ha, va) in corners.items():
        ax.text(x, y, f"{_JS_NAMES[k][0]}: {detail[k]}", transform=ax.transAxes, ha=ha, va=va, fontsize=9,
                color=_JS_NAMES[k][1], fontweight="bold")
    ax.set_xlabel(f"Satisfaction (cut {fmt(satisfaction_cut)})")
    ax.set_ylabel(f"Loyalty (cut {fmt(loyalty_cut)})")
    ax.set_title(title)
    legend = ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    for handle in legend.legend_handles:  # one marker size in the legend, whatever the bubbles'
        handle.set_sizes([50])  # type: ignore[union-attr]
    _pad(ax)
    tidy(ax, "")
    return ax
