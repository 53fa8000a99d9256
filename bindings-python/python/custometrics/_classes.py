"""Per-customer classes as compact integer codes with their labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Tuple

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Classified"]


class Classified:
    """Mixin of results that classify each customer: ``classes`` is a uint8 array of codes in the
    input's order and ``labels[code]`` the class's name. One byte per customer, so 10 million
    customers cost 10 MB; ask for names only where you need them."""

    classes: np.ndarray
    labels: Tuple[str, ...]

    def names(self) -> np.ndarray:
        """Each customer's class name, as a numpy array of str (``labels`` indexed by the codes)."""
        names: np.ndarray = np.asarray(self.labels)[self.classes]
        return names

    def categorical(self) -> pd.Categorical[str]:
        """The classes as a ``pandas.Categorical`` over all labels (codes shared, not copied into
        strings); needs pandas."""
        import pandas as pd

        return pd.Categorical.from_codes(self.classes, categories=pd.Index(list(self.labels)))
