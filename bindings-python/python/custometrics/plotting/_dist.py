"""The gamma and beta densities, CDFs and quantiles the heterogeneity plots draw.

Hand-written because they are only needed to draw a curve and choose its range, and scipy is
not a dependency: the regularized incomplete gamma function by its series and continued
fraction, and the regularized incomplete beta function by its continued fraction with the
symmetry I_x(a, b) = 1 − I_{1−x}(b, a) (Press et al., Numerical Recipes, 3rd ed., §6.2 and
§6.4; modified Lentz's method). Densities in log space with ``math.lgamma``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

_EPS = 1e-15
_TINY = 1e-300
_ITER = 10_000


def gamma_pdf(x: NDArray[np.float64], shape: float, rate: float) -> NDArray[np.float64]:
    """Density of Gamma(shape, rate) at x > 0."""
    with np.errstate(divide="ignore"):
        log = shape * math.log(rate) + (shape - 1) * np.log(x) - rate * x - math.lgamma(shape)
    out: NDArray[np.float64] = np.exp(log)
    return out


def beta_pdf(x: NDArray[np.float64], a: float, b: float) -> NDArray[np.float64]:
    """Density of Beta(a, b) at 0 < x < 1."""
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    with np.errstate(divide="ignore"):
        log = (a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - lbeta
    out: NDArray[np.float64] = np.exp(log)
    return out


def gamma_cdf(x: float, shape: float) -> float:
    """P(shape, x): the regularized lower incomplete gamma function (Gamma(shape, 1) CDF)."""
    if x <= 0:
        return 0.0
    log_front = shape * math.log(x) - x - math.lgamma(shape)
    if x < shape + 1:  # series: sum of x^n / (shape (shape+1) ... (shape+n))
        term = total = 1.0 / shape
        k = shape
        for _ in range(_ITER):
            k += 1
            term *= x / k
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return min(1.0, math.exp(log_front) * total)
    # continued fraction for Q = 1 - P (modified Lentz)
    b = x + 1 - shape
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, _ITER):
        an = -i * (i - shape)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            break
    return max(0.0, 1.0 - math.exp(log_front) * h)


def _betacf(x: float, a: float, b: float) -> float:
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = _TINY if abs(d) < _TINY else d
    d = 1 / d
    h = d
    for m in range(1, _ITER):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = _TINY if abs(d) < _TINY else d
        c = 1 + aa / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = _TINY if abs(d) < _TINY else d
        c = 1 + aa / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """I_x(a, b): the regularized incomplete beta function (Beta(a, b) CDF)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    log_front = a * math.log(x) + b * math.log1p(-x) - lbeta
    if x < (a + 1) / (a + b + 2):
        return min(1.0, math.exp(log_front) * _betacf(x, a, b) / a)
    return max(0.0, 1.0 - math.exp(log_front) * _betacf(1 - x, b, a) / b)


def gamma_quantile(q: float, shape: float, rate: float) -> float:
    """The q-quantile of Gamma(shape, rate), by bisection on :func:`gamma_cdf`."""
    hi = max(1.0, shape)
    while gamma_cdf(hi, shape) < q:
        hi *= 2
    lo = 0.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if gamma_cdf(mid, shape) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return 0.5 * (lo + hi) / rate


def beta_quantile(q: float, a: float, b: float) -> float:
    """The q-quantile of Beta(a, b), by bisection on :func:`beta_cdf`."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if beta_cdf(mid, a, b) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13:
            break
    return 0.5 * (lo + hi)
