"""Reference values of the BG/NBD and MBG/NBD expected purchases (conditional on a history, and
for a new customer) at extreme parameters, in mpmath. Writes expected_extremes_mpmath.json
beside this file; core/tests/suite/models_extremes.rs compares the core with it. Does not call
custometrics.

    python3 -m venv /tmp/mp && /tmp/mp/bin/pip install mpmath==1.3.0
    /tmp/mp/bin/python core/tests/data/generate_expected_extremes_mpmath.py

The expectation is P(alive) * N, where (FHL 2005, eq. 10; Batislam et al. 2007 for MBG/NBD)
N = (a+b1-1)/(a-1) * [1 - (alpha1/(alpha1+t))^r1 2F1(r1, b1; a+b1-1; t/(alpha1+t))]
with r1 = r + x, alpha1 = alpha + T and b1 = b + x (BG/NBD) or b + x + 1 (MBG/NBD). The bracket
cancels to hundreds of digits at these parameters, so the closed form is evaluated at 800
digits (cases where it takes over 5 s are left out); where mpmath's 2F1 does not converge (parameters near 1e300), N is summed exactly from
its definition N = E[(1 - (1 + p t/alpha1)^-r1)/p], p ~ Beta(a, b1), as the series of p's moments
sum_k>=1 (-1)^(k+1) (r1)_k (t/alpha1)^k / k! * (a)_(k-1)/(a+b1)_(k-1), stopped where a term is
below 1e-40 of the sum (the partial sums bracket N: (1+pu)^-(r1+1) is completely monotone), and
taken only when that happens within 2*10^4 terms. P(alive) = 1/(1 + a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x))
(1 for BG/NBD with x = 0), 1/(1 + a/(b+x) (...)^(r+x)) for MBG/NBD. For a new customer (x = T = 0)
BG/NBD's E[X(t)] is N with b1 = b and MBG/NBD's is b/(a+b) N with b1 = b + 1.
"""

import itertools
import json
import pathlib

import signal

import mpmath as mp


def too_slow(*_):
    raise TimeoutError


signal.signal(signal.SIGALRM, too_slow)


def n_closed(r1, alpha1, t, a, b1):
    with mp.workdps(800):
        r1, alpha1, t, a, b1 = (mp.mpf(v) for v in (r1, alpha1, t, a, b1))
        z = t / (alpha1 + t)
        c = a + b1 - 1
        f = mp.hyp2f1(r1, b1, c, z, maxterms=10**5)
        return c / (a - 1) * (1 - mp.exp(-r1 * mp.log1p(t / alpha1)) * f)


def n_moments(r1, alpha1, t, a, b1):
    with mp.workdps(200):
        r1, alpha1, t, a, b1 = (mp.mpf(v) for v in (r1, alpha1, t, a, b1))
        u = t / alpha1
        term, total, largest = r1 * u, mp.mpf(0), mp.mpf(0)
        for k in range(1, 2 * 10**4):
            total += term
            largest = max(largest, abs(term))
            if largest > mp.mpf("1e100") * abs(total):  # cancelled past 100 of the 200 digits
                return None
            term *= -(r1 + k) * u * (a + k - 1) / ((k + 1) * (a + b1 + k - 1))
            if abs(term) <= mp.mpf("1e-40") * abs(total):
                return total
    return None


def n_value(r1, alpha1, t, a, b1):
    v = n_moments(r1, alpha1, t, a, b1)
    if v is not None:
        return v, "moments"
    signal.alarm(5)
    try:
        return n_closed(r1, alpha1, t, a, b1), "closed form"
    except Exception:  # mpmath's 2F1 did not converge, or not in 5 s
        return None, None
    finally:
        signal.alarm(0)


def p_alive(model, r, alpha, a, b, x, tx, T):
    with mp.workdps(200):
        r, alpha, a, b, x, tx, T = (mp.mpf(v) for v in (r, alpha, a, b, x, tx, T))
        if model == "BetaGeo" and x == 0:
            return mp.mpf(1)
        shift = -1 if model == "BetaGeo" else 0
        return 1 / (1 + a / (b + x + shift) * ((alpha + T) / (alpha + tx)) ** (r + x))


# As generate_pmf_extremes_mpmath.py: the ends of what double precision holds, and ordinary
# parameters beside them.
PARAMS = [
    (1e-300, 1e300, 1e-300, 1e300),
    (1e300, 1e300, 1e-300, 1e300),
    (1e-8, 1e8, 1e-8, 1e8),
    (1e8, 1e-8, 1e8, 1e-8),
    (1e8, 1e8, 1e-8, 1e8),
    (0.243, 4.414, 0.793, 2.426),  # the paper's CDNOW estimates
    (0.243, 4.414, 1e-8, 1e8),
    (1e6, 1e6, 0.5, 3.0),
    (0.243, 4.414, 1.0 + 1e-9, 2.426),
]
HISTORIES = [None, (0.0, 0.0, 39.0), (2.0, 30.0, 39.0), (7.0, 38.5, 39.0)]
CASES = []
for model, p, t, h in itertools.product(["BetaGeo", "ModifiedBetaGeo"], PARAMS, [1e-3, 1.0, 39.0, 1e6], HISTORIES):
    r, alpha, a, b = p
    extra = 0 if model == "BetaGeo" else 1
    if h is None:
        n, how = n_value(r, alpha, t, a, b + extra)
        value = None if n is None else (n if model == "BetaGeo" else mp.mpf(b) / (mp.mpf(a) + b) * n)
    else:
        x, tx, T = h
        n, how = n_value(r + x, alpha + T, t, a, b + x + extra)
        value = None if n is None else n * p_alive(model, r, alpha, a, b, x, tx, T)
    if value is None:
        print("no reference:", model, p, t, h)
        continue
    case = {"model": model, "params": list(p), "t": t, "expected": float(value), "how": how}
    if h is not None:
        case["history"] = list(h)
    CASES.append(case)
    print(model, p, t, h, how, flush=True)

out = {
    "source": "core/tests/data/generate_expected_extremes_mpmath.py: mpmath " + mp.__version__
    + ", FHL 2005 eq. 10 (BG/NBD) and Batislam et al. 2007 (MBG/NBD) at 800 digits, or the series of"
    " the dropout probability's moments at 200 digits",
    "cases": CASES,
}
(pathlib.Path(__file__).parent / "expected_extremes_mpmath.json").write_text(json.dumps(out, indent=1) + "\n")
print(len(CASES), "cases")
