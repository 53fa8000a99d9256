"""Writes the "key drivers ..." cases of golden.json: relative weights and Shapley (LMG) shares
of R². The reference values are an independent computation, not a published worked example (we
found none whose data are printed in full), and do not call custometrics:

- relative weights by Johnson's (2000) formulas written out with numpy: R = V diag(w) V^T by
  numpy.linalg.eigh, Lambda = V diag(sqrt w) V^T, beta = Lambda^-1 r_xy, weight_j =
  sum_k Lambda_jk^2 beta_k^2 (custometrics uses its own Jacobi eigendecomposition and beta = Lambda b);
- Shapley values by their definition (Lindeman, Merenda & Gold 1980; Groemping 2006): for every
  one of the p! orders of the attributes, the R² each attribute adds when it enters, from
  least-squares fits on the raw ratings with an intercept (numpy.linalg.lstsq), averaged over the
  orders (custometrics sums over the 2^p subsets with weights, on correlations).

The two agree on R² (asserted below). Run it in a throwaway virtual environment (it is not part
of the test suite):

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy
    /tmp/ref/bin/python core/tests/data/generate_golden_key_drivers.py

It replaces every case whose name starts with "key drivers " and keeps the others. Written with
numpy 2.4.
"""

import itertools
import json
import math
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden.json"


def r2(y, x, cols):
    """R² of the least-squares fit of y on the columns `cols` of x, with an intercept."""
    a = np.column_stack([np.ones(len(y))] + [x[:, c] for c in cols])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    resid = y - a @ coef
    return 1.0 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def shapley(y, x):
    p = x.shape[1]
    cache = {(): 0.0}

    def fit(s):
        s = tuple(sorted(s))
        if s not in cache:
            cache[s] = r2(y, x, s)
        return cache[s]

    total = np.zeros(p)
    for order in itertools.permutations(range(p)):
        for i, j in enumerate(order):
            total[j] += fit(order[: i + 1]) - fit(order[:i])
    return total / math.factorial(p), fit(range(p))


def relative_weights_eigh(y, x):
    c = np.corrcoef(np.column_stack([y, x]), rowvar=False)
    rxx, rxy = c[1:, 1:], c[1:, 0]
    w, v = np.linalg.eigh(rxx)
    lam = v @ np.diag(np.sqrt(w)) @ v.T
    beta = np.linalg.solve(lam, rxy)
    return (lam**2) @ (beta**2)


def survey(seed, n, p):
    """Integer ratings 1..10 of p correlated attributes and an overall rating driven by them."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = np.column_stack([0.8 * common * (j + 1) / p + rng.normal(size=n) for j in range(p)])
    y = x @ np.linspace(1.0, 0.2, p) + rng.normal(size=n)
    to_scale = lambda v: np.clip(np.round(5.5 + 2.0 * (v - v.mean()) / v.std()), 1, 10)
    return to_scale(y), np.column_stack([to_scale(x[:, j]) for j in range(p)])


def case(name, args, expected, source, **tol):
    return {"name": "key drivers " + name, "function": "satisfaction.key_drivers", "args": args,
            "expected": expected, "source": source, **tol}


def error(name, args, code, field, index):
    return {"name": "key drivers " + name, "function": "satisfaction.key_drivers", "args": args,
            "error": {"code": code, "field": field, "index": index}, "source": "input rule: " + name}


def main():
    """Writes the cases (importing this module, e.g. for its reference functions, writes nothing)."""
    cases = []
    SRC_RW = ("Johnson (2000), Multivariate Behavioral Research 35(1): relative weights by his formulas through "
              "numpy.linalg.eigh (independent computation). generate_golden_key_drivers.py.")
    SRC_SH = ("Shapley value (LMG; Groemping 2006, J. Stat. Software 17(1)) by its definition: R² added on entry averaged "
              "over all {} orders, each R² from numpy.linalg.lstsq on the raw ratings (independent computation). "
              "generate_golden_key_drivers.py.")
    for label, seed, n, p in [("4 attributes", 2000, 30, 4), ("6 attributes", 35, 60, 6)]:
        y, x = survey(seed, n, p)
        rw = relative_weights_eigh(y, x)
        sh, full = shapley(y, x)
        assert abs(sh.sum() - full) < 1e-12 and abs(rw.sum() - full) < 1e-12
        args = {"overall": y.tolist(), "attributes": x.tolist()}
        cases.append(case(f"relative weights {label}", {**args, "method": "relative_weights"},
                          {"importance": rw.tolist(), "r_squared": full, "rescaled": (rw / full).tolist(), "n": n,
                           "method": "relative_weights"}, SRC_RW, rtol=1e-10, atol=1e-13))
        cases.append(case(f"shapley {label}", {**args, "method": "shapley"},
                          {"importance": sh.tolist(), "r_squared": full, "n": n, "method": "shapley"},
                          SRC_SH.format(math.factorial(p)), rtol=1e-10, atol=1e-13))

    base_y = [3, 5, 4, 7, 8, 6]
    base_x = [[1, 2, 3], [2, 1, 5], [3, 4, 4], [4, 3, 7], [5, 6, 8], [6, 5, 6]]
    cases += [
        error("lengths differ", {"overall": base_y[:5], "attributes": base_x}, "length_mismatch", "overall", None),
        error("one attribute", {"overall": base_y, "attributes": [[r[0]] for r in base_x]}, "out_of_range",
              "attributes", None),
        error("no more respondents than attributes", {"overall": base_y[:3], "attributes": base_x[:3]}, "empty",
              "overall", None),
        error("NaN attribute", {"overall": base_y, "attributes": [r if i != 2 else [3, "NaN", 4]
                                                                  for i, r in enumerate(base_x)]},
              "not_finite", "attributes", 7),
        error("constant attribute", {"overall": base_y, "attributes": [[r[0], 4, r[2]] for r in base_x]},
              "division_by_zero", "attributes column", 1),
        error("constant overall", {"overall": [5] * 6, "attributes": base_x}, "division_by_zero", "overall", None),
        error("uncorrelated with the overall rating", {"overall": [1, 0, 0, 1],
                                                       "attributes": [[1, 1], [1, -1], [-1, 1], [-1, -1]]},
              "division_by_zero", "overall", None),
        error("collinear attribute", {"overall": base_y, "attributes": [[r[0], r[1], r[0] + 2 * r[1]] for r in base_x]},
              "invalid", "attributes column", 2),
        error("resamples below 100", {"overall": base_y, "attributes": base_x, "resamples": 99}, "out_of_range",
              "resamples", None),
        error("confidence 1", {"overall": base_y, "attributes": base_x, "resamples": 200, "confidence": 1.0},
              "out_of_range", "confidence", None),
    ]

    golden = json.loads(GOLDEN.read_text())
    golden["cases"] = [c for c in golden["cases"] if not c["name"].startswith("key drivers ")] + cases
    GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} key drivers cases")


if __name__ == "__main__":
    main()
