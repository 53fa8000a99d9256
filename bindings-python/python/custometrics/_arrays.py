"""numpy's reading of an argument in the package's Python layer, its refusals as the package's
error: a ragged list or another value numpy cannot make an array of is an InvalidInputError
naming the argument (numpy raises ValueError or TypeError there)."""

from typing import Any

import numpy as np

from . import _native


def read(field: str, x: Any, dtype: Any = None) -> np.ndarray:
    """``np.asarray(x, dtype)``, or InvalidInputError naming ``field``."""
    try:
        return np.asarray(x, dtype=dtype)
    except (ValueError, TypeError, OverflowError) as e:
        raise _native.invalid_input_error(field, None, type(x).__name__, f"an array numpy can read ({e})") from None
