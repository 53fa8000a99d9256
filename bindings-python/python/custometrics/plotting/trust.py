"""The trust levers drawn: how much one point on each component of T = (C + R + I) / S would
raise trust, the best lever highlighted.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from custometrics.trust import sensitivity
>>> ax = plot_trust(sensitivity(7, 8, 6, 3))
>>> [round(float(p.get_width()), 3) for p in ax.patches]     # C, R, I up one point; S down one
[0.333, 0.333, 0.333, 3.5]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

import numpy as np

from ..trust import COMPONENTS, SampleSensitivity, TrustAggregate, TrustSensitivity
from ._common import HIGHLIGHT, MUTED, axes, fmt, tidy

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_trust"]

_LEVERS = ("credibility +1", "reliability +1", "intimacy +1", "self-orientation −1")


def plot_trust(
    result: Union[TrustSensitivity, SampleSensitivity, TrustAggregate],
    *,
    title: str = "Trust levers: gain in T from one point",
    ax: Optional["Axes"] = None,
) -> "Axes":
    """The gain in trust from one point of improvement of each component (credibility,
    reliability and intimacy up, self-orientation down) as horizontal bars, the best lever dark:
    one rater's (:class:`~custometrics.trust.TrustSensitivity`, with T in the title) or the mean
    over raters (:class:`~custometrics.trust.SampleSensitivity` or
    :class:`~custometrics.trust.TrustAggregate`, each bar also saying for what share of the
    raters that lever is the best)."""
    shares = None
    if isinstance(result, TrustSensitivity):
        gains, best, subtitle = result.gains, result.best_lever, f"T = {fmt(result.score)}"
    elif isinstance(result, (SampleSensitivity, TrustAggregate)):
        sample = result.sensitivity if isinstance(result, TrustAggregate) else result
        gains, best = sample.mean_gains, sample.best_lever
        shares = np.asarray(sample.best_lever_counts, dtype=np.float64) / max(sample.n, 1)
        subtitle = f"mean over {sample.n} raters"
        if isinstance(result, TrustAggregate):
            subtitle += f", mean T = {fmt(result.mean_of_scores)}"
    else:
        raise TypeError(f"result must be a TrustSensitivity, SampleSensitivity or TrustAggregate, not {type(result).__name__}")
    values = np.asarray(gains, dtype=np.float64)
    ax = axes(ax, (7.0, 3.6))
    y = np.arange(len(COMPONENTS))[::-1]
    colours = [HIGHLIGHT if c == best else MUTED for c in COMPONENTS]
    ax.barh(y, values, color=colours, height=0.6)
    span = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    for i, (yi, v) in enumerate(zip(y, values)):
        text = f"+{v:.3g}" + ("" if shares is None else f"  (best for {100 * shares[i]:.0f} %)")
        ax.text(v + 0.02 * (span or 1.0), yi, text, va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels(list(_LEVERS))
    ax.set_xlim(0, 1.35 * (span or 1.0))
    ax.set_xlabel("Gain in T")
    ax.set_title(f"{title}\n{subtitle}" + ("" if best is None else f"; best lever: {best.replace('_', '-')}"))
    tidy(ax, "x")
    return ax
