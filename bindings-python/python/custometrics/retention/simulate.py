"""Customers simulated from the models' generative stories, seeded: what lifetimes'
``generate_data`` module and the fitters' ``generate_new_data`` give, and what
:func:`custometrics.plotting.plot_period_transactions` compares the data with.

- :func:`generate_data` (``model, T, size, seed``): customers from a fitted (or
  ``from_params``) :class:`~custometrics.retention.BetaGeo`,
  :class:`~custometrics.retention.ModifiedBetaGeo`, :class:`~custometrics.retention.ParetoNBD`
  or :class:`~custometrics.retention.BetaGeoBetaBinom` (then ``T`` is the number of
  opportunities);
- lifetimes' names, from parameters: :func:`beta_geometric_nbd_model`,
  :func:`modified_beta_geometric_nbd_model`, :func:`pareto_nbd_model`
  (``T, r, alpha, …, size``) and :func:`beta_geometric_beta_binom_model` (``N, alpha, beta,
  gamma, delta, size``), with ``seed=`` added.

The stories (each customer drawn independently):

- BG/NBD (Fader, Hardie & Lee 2005): purchase rate λ ~ Gamma(r, alpha) (alpha a rate), dropout
  probability p ~ Beta(a, b); purchases arrive as a Poisson process of rate λ and after each
  repeat purchase the customer drops out with probability p. The number of repeat purchases
  before dropping out is geometric on 1, 2, …; the customer makes ``min(N(T), D)`` of the
  ``N(T)`` purchases the process offers by T, and the k-th of n Poisson arrivals in (0, T] lies
  at T times a Beta(k, n − k + 1) draw (order statistics of uniforms), which gives the recency.
- MBG/NBD (Batislam, Denizel & Filiztekin 2007): the same with a dropout chance right after the
  first purchase too (D geometric on 0, 1, …).
- Pareto/NBD (Schmittlein, Morrison & Colombo 1987): λ ~ Gamma(r, alpha), a lifetime
  exponential with rate μ ~ Gamma(s, beta); purchases are Poisson(λ) until min(lifetime, T).
- BG/BB (Fader, Hardie & Shang 2010): transaction probability p ~ Beta(alpha, beta), dropout
  probability θ ~ Beta(gamma, delta); at each of the N opportunities a customer alive so far
  first survives with probability 1 − θ, then, alive, transacts with probability p.

``alive`` says whether the customer is still active at the end of observation (after T, or
after the N-th opportunity), so the share alive among customers of one history estimates the
model's ``conditional_probability_alive`` (the tests check this).

The draws are numpy's ``Generator`` (``seed``: an int, a ``numpy.random.Generator``, or None
for fresh entropy), vectorised over customers; the same seed gives the same customers. Unlike
lifetimes' simulator, frequencies are counts of purchases in continuous time (lifetimes counts
distinct whole days but keeps recency continuous).

>>> from custometrics.retention import BetaGeo
>>> m = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> sim = generate_data(m, T=39, size=4, seed=1, as_frame=False)
>>> sorted(sim)
['T', 'alive', 'frequency', 'lambda', 'p', 'recency']
>>> bool((sim["recency"] <= sim["T"]).all())
True
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import _native

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "generate_data",
    "beta_geometric_nbd_model",
    "modified_beta_geometric_nbd_model",
    "pareto_nbd_model",
    "beta_geometric_beta_binom_model",
]

Seed = Union[None, int, np.random.Generator]
Columns = Dict[str, NDArray[Any]]
# numpy's Poisson sampler refuses means above about 9.2e18; far below that a simulated history
# is no customer's anyway.
_MAX_MEAN = 1e15


def _rng(seed: Seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise _native.invalid_input_error("seed", None, repr(seed)[:80], "an int, a numpy.random.Generator or None")
    return np.random.default_rng(seed)


def _param(name: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise _native.invalid_input_error(name, None, repr(value)[:80], "a number > 0") from None
    if not (math.isfinite(v) and v > 0):
        raise _native.invalid_input_error(name, None, repr(value)[:80], "a finite number > 0")
    return v


def _ages(name: str, T: Any, size: Optional[int], whole: bool) -> NDArray[np.float64]:
    """The observation lengths, one per customer: a number repeated ``size`` times (default 1)
    or an array (``size`` then defaults to, and must equal, its length)."""
    if size is not None and (isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 0):
        raise _native.invalid_input_error("size", None, repr(size)[:80], "a whole number >= 0")
    a = np.asarray(T)
    if a.dtype.kind not in "iuf" or a.ndim > 1:
        raise _native.invalid_input_error(name, None, repr(T)[:80], "a number or a 1-D array of numbers")
    if a.ndim == 0:
        a = np.full(1 if size is None else int(size), a, dtype=np.float64)
    elif size is not None and int(size) != a.size:
        raise _native.invalid_input_error("size", None, str(size), f"the length of {name} ({a.size}) or None")
    a = np.asarray(a, dtype=np.float64)
    bad = ~np.isfinite(a) | ((a < 0) if whole else (a <= 0))
    if whole:
        bad |= a != np.floor(a)
    if bad.any():
        i = int(np.argmax(bad))
        expected = "whole numbers >= 0" if whole else "finite numbers > 0"
        raise _native.invalid_input_error(name, i if a.size > 1 else None, repr(float(a[i])), expected)
    return a


def _finish(columns: Columns, as_frame: Optional[bool]) -> Any:
    if as_frame is None:
        try:
            import pandas  # noqa: F401
        except ImportError:
            return columns
        as_frame = True
    if not as_frame:
        return columns
    import pandas as pd

    n = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.RangeIndex(n, name="customer_id"))


def _dropouts(rng: np.random.Generator, p: NDArray[np.float64], first: int) -> NDArray[np.float64]:
    """Repeat purchases made before dropping out when each purchase (and, for ``first`` = 0, the
    first one too) is followed by dropout with probability p: geometric on first, first + 1, …
    by inversion (infinite where p is 0)."""
    u = 1.0 - rng.random(p.size)  # in (0, 1]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = np.floor(np.log(u) / np.log1p(-p)) + first
    return np.where(p > 0, np.where(p >= 1, float(first), k), np.inf)


def _purchases(rng: np.random.Generator, rate: NDArray[np.float64], span: NDArray[np.float64]) -> NDArray[np.float64]:
    mean = rate * span
    if (mean > _MAX_MEAN).any():
        i = int(np.argmax(mean > _MAX_MEAN))
        raise _native.invalid_input_error(
            "T", i, repr(float(span[i])), f"a span over which the expected purchases stay below {_MAX_MEAN:g}"
        )
    return rng.poisson(mean).astype(np.float64)


def _last_of(rng: np.random.Generator, k: NDArray[np.float64], n: NDArray[np.float64], span: NDArray[np.float64]) -> NDArray[np.float64]:
    """The time of the k-th of n Poisson arrivals in (0, span]: span × Beta(k, n − k + 1); 0 for
    k = 0."""
    has = k > 0
    draw = rng.beta(np.where(has, k, 1.0), np.where(has, n - k + 1.0, 1.0))
    return np.where(has, span * draw, 0.0)


def _nbd(T: NDArray[np.float64], r: float, alpha: float, a: float, b: float, first: int, seed: Seed) -> Columns:
    rng = _rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, T.size)
    p = rng.beta(a, b, T.size)
    offered = _purchases(rng, lam, T)
    before_dropout = _dropouts(rng, p, first)
    x = np.minimum(offered, before_dropout)
    return {
        "frequency": x,
        "recency": _last_of(rng, x, offered, T),
        "T": T,
        "lambda": lam,
        "p": p,
        "alive": offered < before_dropout,
    }


def beta_geometric_nbd_model(
    T: Union[float, ArrayLike], r: float, alpha: float, a: float, b: float, size: Optional[int] = None,
    seed: Seed = None, as_frame: Optional[bool] = None,
) -> pd.DataFrame:
    """BG/NBD customers observed for ``T`` (a number for everyone, or one per customer): the
    columns frequency, recency, T, lambda, p and alive (lifetimes' name and arguments; ``size``
    defaults to 1, or to the length of ``T``). A pandas DataFrame indexed by ``customer_id``
    0, 1, … when pandas is installed (or ``as_frame=True``), else a dict of numpy arrays."""
    ages = _ages("T", T, size, whole=False)
    cols = _nbd(ages, _param("r", r), _param("alpha", alpha), _param("a", a), _param("b", b), 1, seed)
    return _finish(cols, as_frame)  # type: ignore[no-any-return]


def modified_beta_geometric_nbd_model(
    T: Union[float, ArrayLike], r: float, alpha: float, a: float, b: float, size: Optional[int] = None,
    seed: Seed = None, as_frame: Optional[bool] = None,
) -> pd.DataFrame:
    """MBG/NBD customers, as :func:`beta_geometric_nbd_model` (dropout possible right after the
    first purchase too)."""
    ages = _ages("T", T, size, whole=False)
    cols = _nbd(ages, _param("r", r), _param("alpha", alpha), _param("a", a), _param("b", b), 0, seed)
    return _finish(cols, as_frame)  # type: ignore[no-any-return]


def pareto_nbd_model(
    T: Union[float, ArrayLike], r: float, alpha: float, s: float, beta: float, size: Optional[int] = None,
    seed: Seed = None, as_frame: Optional[bool] = None,
) -> pd.DataFrame:
    """Pareto/NBD customers observed for ``T``: the columns frequency, recency, T, lambda, mu
    and alive (lifetimes' name and arguments)."""
    ages = _ages("T", T, size, whole=False)
    r, alpha, s, beta = _param("r", r), _param("alpha", alpha), _param("s", s), _param("beta", beta)
    rng = _rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, ages.size)
    mu = rng.gamma(s, 1.0 / beta, ages.size)
    with np.errstate(divide="ignore", over="ignore"):
        lifetime = rng.exponential(1.0, ages.size) / mu  # infinite where mu underflowed to 0
    span = np.minimum(lifetime, ages)
    x = _purchases(rng, lam, span)
    cols = {
        "frequency": x,
        "recency": _last_of(rng, x, x, span),
        "T": ages,
        "lambda": lam,
        "mu": mu,
        "alive": lifetime > ages,
    }
    return _finish(cols, as_frame)  # type: ignore[no-any-return]


def beta_geometric_beta_binom_model(
    N: Union[int, ArrayLike], alpha: float, beta: float, gamma: float, delta: float, size: Optional[int] = None,
    seed: Seed = None, as_frame: Optional[bool] = None,
) -> pd.DataFrame:
    """BG/BB customers with ``N`` transaction opportunities (whole numbers): the columns
    frequency (opportunities with a transaction), recency (the last such opportunity, 0 if
    none), n_periods, p, theta and alive (lifetimes' name and arguments). One pass over the
    opportunities, vectorised over customers."""
    n = _ages("N", N, size, whole=True)
    alpha, beta = _param("alpha", alpha), _param("beta", beta)
    gamma, delta = _param("gamma", gamma), _param("delta", delta)
    rng = _rng(seed)
    p = rng.beta(alpha, beta, n.size)
    theta = rng.beta(gamma, delta, n.size)
    alive = np.ones(n.size, dtype=bool)
    x = np.zeros(n.size)
    last = np.zeros(n.size)
    for j in range(1, int(n.max(initial=0)) + 1):
        open_ = n >= j
        alive &= ~open_ | (rng.random(n.size) >= theta)
        buys = open_ & alive & (rng.random(n.size) < p)
        x += buys
        last[buys] = j
    cols = {"frequency": x, "recency": last, "n_periods": n, "p": p, "theta": theta, "alive": alive}
    return _finish(cols, as_frame)  # type: ignore[no-any-return]


def generate_data(
    model: Any, T: Union[float, ArrayLike], size: Optional[int] = None, seed: Seed = None,
    as_frame: Optional[bool] = None,
) -> pd.DataFrame:
    """Customers simulated from ``model``'s parameters (lifetimes' ``generate_new_data``): for
    BG/NBD, MBG/NBD and Pareto/NBD observed for ``T`` (one number or one per customer), for BG/BB
    with ``T`` opportunities. ``seed`` makes the draw reproducible."""
    from .bgbb import BetaGeoBetaBinom
    from .transaction import BetaGeo, ModifiedBetaGeo, ParetoNBD

    if isinstance(model, (BetaGeo, ModifiedBetaGeo, ParetoNBD, BetaGeoBetaBinom)):
        model._fitted()
        p = model.params_
        if isinstance(model, BetaGeo):
            return beta_geometric_nbd_model(T, p["r"], p["alpha"], p["a"], p["b"], size, seed, as_frame)
        if isinstance(model, ModifiedBetaGeo):
            return modified_beta_geometric_nbd_model(T, p["r"], p["alpha"], p["a"], p["b"], size, seed, as_frame)
        if isinstance(model, ParetoNBD):
            return pareto_nbd_model(T, p["r"], p["alpha"], p["s"], p["beta"], size, seed, as_frame)
        return beta_geometric_beta_binom_model(T, p["alpha"], p["beta"], p["gamma"], p["delta"], size, seed, as_frame)
    raise TypeError(
        f"model must be a custometrics BetaGeo, ModifiedBetaGeo, ParetoNBD or BetaGeoBetaBinom, not {type(model).__name__}"
    )
