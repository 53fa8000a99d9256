"""Writes pow_ratio.csv, the reference values of `vmath::pow_ratio` (n/d)^e, evaluated with
mpmath at 50 significant digits and rounded to the nearest f64; and prints the coefficients of
the polynomial for 2^f on [-1/2, 1/2] that `pow_ratio` uses.

    python3 core/tests/data/generate_pow_ratio.py   # needs mpmath (pip install mpmath)

The polynomial is mpmath's Chebyshev fit (`chebyfit`) of degree 11, whose error is 3.2e-18
(2^-58), rounded to f64. The cases: ratios and exponents spread over the whole range; ratios
next to 1 (where ln(n) - ln(d) would cancel); P(alive)-like rows (n = alpha + T, d = alpha + t_x,
e = r + x); and the edges (n = d, e = 0, the reduction's boundary at sqrt(2)/2, results near
2^-1022 and near 2^1023). Results outside [2^-1022, 2^1023] are left out: pow_ratio flushes
and saturates there by design (its unit test covers that).
"""

import random
from pathlib import Path

from mpmath import chebyfit, log, mp, mpf, power

mp.dps = 50
HERE = Path(__file__).parent


def coefficients():
    poly, err = chebyfit(lambda f: power(2, f), [-0.5, 0.5], 12, error=True)
    print(f"2^f on [-1/2, 1/2], degree 11, error {float(err):.3g}:")
    for i, c in enumerate(reversed(poly)):
        print(f"  c{i} = {float(c)!r}")


def main():
    coefficients()
    rng = random.Random(20261126)
    cases = []

    def add(n, d, e):
        n, d, e = float(n), float(d), float(e)
        y = mpf(e) * log(mpf(n) / mpf(d), 2)
        if -1022 <= y <= 1023:
            cases.append((n, d, e, float(power(mpf(n) / mpf(d), mpf(e)))))

    for _ in range(400):  # the whole range
        add(10 ** rng.uniform(-300, 300), 10 ** rng.uniform(-300, 300), rng.choice([-1, 1]) * 10 ** rng.uniform(-4, 1))
    for _ in range(400):  # ratios next to 1
        d = 10 ** rng.uniform(-5, 5)
        add(d * (1 + rng.choice([-1, 1]) * 10 ** rng.uniform(-15, -1)), d, 10 ** rng.uniform(-1, 4))
    for _ in range(600):  # P(alive)-like rows
        alpha, t = 10 ** rng.uniform(-2, 2), 10 ** rng.uniform(-1, 2.7)
        tx = t * rng.random() if rng.random() < 0.8 else t
        add(alpha + t, alpha + tx, 10 ** rng.uniform(-2, 1) + rng.randrange(0, 2000))
    s = 2 ** -0.5
    for n, d, e in [(3.0, 3.0, 7.5), (5.0, 2.0, 0.0), (s, 1.0, 3.0), (s * (1 + 2 ** -52), 1.0, 3.0),
                    (s * (1 - 2 ** -53), 1.0, 3.0), (1.0, s, -3.0), (2.0, 1.0, 1022.9), (2.0, 1.0, 1023.0),
                    (1.0, 2.0, 1021.9), (1.0, 2.0, 1022.0), (10.0, 1.0, 300.0), (1.0, 10.0, 300.0)]:
        add(n, d, e)
    lines = ["n,d,e,want"] + [",".join(repr(v) for v in c) for c in cases]
    (HERE / "pow_ratio.csv").write_text("\n".join(lines) + "\n")
    print(f"{len(cases)} cases written to pow_ratio.csv")


if __name__ == "__main__":
    main()
