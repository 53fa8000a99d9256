"""What every plot shares: matplotlib imported on first use (importing custometrics never
imports it), a new Axes unless the caller gives one, the palette and a tidy frame."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Optional, Tuple

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Colours by meaning, so a reader learns them once: observed data, the model, bad / neutral /
#: good (detractors, passives, promoters; gaps below, within, above), and the highlight.
ACTUAL = "#1f4e79"
MODEL = "#e8772e"
BAD = "#c0392b"
NEUTRAL = "#95a5a6"
GOOD = "#27ae60"
HIGHLIGHT = "#1f4e79"
MUTED = "#b8c7d6"
GRID = "#d9d9d9"


def pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - the test environment has matplotlib
        raise ImportError(
            "custometrics.plotting needs matplotlib: pip install 'custometrics[plot]' (or matplotlib)"
        ) from e
    return plt


def axes(ax: Optional["Axes"], figsize: Tuple[float, float] = (7.0, 4.5)) -> "Axes":
    """``ax``, or the Axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax
    fig, new = pyplot().subplots(figsize=figsize, layout="constrained")
    return new  # type: ignore[no-any-return]


def tidy(ax: "Axes", grid: str = "y") -> None:
    """No top and right spines, a light grid behind the data on ``grid`` ("x", "y", "both" or "")."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if grid:
        ax.grid(True, axis=grid, color=GRID, linewidth=0.8)  # type: ignore[arg-type]
        ax.set_axisbelow(True)


def fmt(value: float, digits: int = 3) -> str:
    """A number for a label: ``digits`` significant digits, no exponent for ordinary values."""
    if not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}" if abs(value) < 10 ** digits else f"{value:,.0f}"
