#!/usr/bin/env python3
"""Writes lifetimes_reference_*.json: what lifetimes 0.11.3 computes on the vendored data.

The Rust test `core/tests/models_lifetimes.rs` (and the Python and JS model tests) compare
custometrics with these files: parameters, log-likelihoods and per-customer predictions of our
own fits to 1e-3 relative; the predictions at lifetimes' parameters much more closely (the
P(alive) matrices to 1e-12, the Pareto/NBD conditional PMF to 1e-11).

Rerun (outside the repository, in a throwaway environment):

    python3 -m venv /tmp/lt && /tmp/lt/bin/pip install lifetimes==0.11.3 pandas numpy scipy autograd dill
    /tmp/lt/bin/python core/tests/data/generate_lifetimes_reference.py

lifetimes fits on time rescaled to max(T) = 1 and reports the *mean* penalised negative
log-likelihood on that scale (`_negative_log_likelihood_`); `log_likelihood_total` below
undoes both (total, caller's time unit, penalty removed) so it is comparable with the papers
and with custometrics' `Fit::log_likelihood`.
"""
import json
import os
import platform
import time

import numpy as np
import pandas as pd
import lifetimes
from lifetimes import (
    BetaGeoBetaBinomFitter,
    BetaGeoFitter,
    GammaGammaFitter,
    ModifiedBetaGeoFitter,
    ParetoNBDFitter,
)

HERE = os.path.dirname(os.path.abspath(__file__))
T_PRED = 39.0  # weeks: CDNOW's holdout period
MATRIX_ARGS = (5, 10)  # explicit (max_frequency, max_recency) of conditional_probability_alive_matrix
CPMF = ((39.0, 7), (1.0, 2))  # (horizon t, largest n) of the Pareto/NBD conditional PMF
MONTHS, DISCOUNT = 12, 0.01


def meta(extra=None):
    m = {
        "generator": "core/tests/data/generate_lifetimes_reference.py",
        "lifetimes": lifetimes.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "python": platform.python_version(),
    }
    m.update(extra or {})
    return m


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def total_ll(fitter, frequency, T, weights, penalizer, mean_weight=False):
    """The total, unpenalised log-likelihood in the caller's time unit (see module doc)."""
    scale = 1.0 / np.max(T)
    params = fitter.params_.copy()
    scaled = [params[k] * (scale if k in ("alpha", "beta") and scale != 1.0 else 1.0) for k in params.index]
    penalty = penalizer * np.sum(np.square(scaled))
    w = np.asarray(weights, dtype=float)
    divisor = w.mean() if mean_weight else w.sum()
    ll_scaled = -(fitter._negative_log_likelihood_ - penalty) * divisor
    return float(ll_scaled + np.log(scale) * np.sum(w * np.asarray(frequency)))


def cdnow():
    df = pd.read_csv(os.path.join(HERE, "cdnow_customers_summary.csv"))
    return df["frequency"].values.astype(float), df["recency"].values, df["T"].values


def transaction_model(cls, name, penalizer=0.0, **fit_kwargs):
    f, r, T = cdnow()
    fitter = cls(penalizer_coef=penalizer)
    start = time.perf_counter()
    fitter.fit(f, r, T, **fit_kwargs)
    seconds = time.perf_counter() - start
    out = {
        "meta": meta({"data": "cdnow_customers_summary.csv", "fit_seconds": seconds, "fit_kwargs": fit_kwargs}),
        "penalizer": penalizer,
        "params": {k: float(v) for k, v in fitter.params_.items()},
        "negative_log_likelihood_lifetimes": float(fitter._negative_log_likelihood_),
        "log_likelihood_total": total_ll(fitter, f, T, np.ones_like(f), penalizer, mean_weight=cls is ParetoNBDFitter),
        "t": T_PRED,
        "probability_alive": np.asarray(fitter.conditional_probability_alive(f, r, T), dtype=float).ravel().tolist(),
        "conditional_expected": np.asarray(
            fitter.conditional_expected_number_of_purchases_up_to_time(T_PRED, f, r, T), dtype=float
        ).ravel().tolist(),
        "expected": {str(t): float(fitter.expected_number_of_purchases_up_to_time(t)) for t in (1.0, 10.0, 39.0, 78.0)},
    }
    if hasattr(fitter, "standard_errors_"):
        out["std_errors"] = {k: float(v) for k, v in fitter.standard_errors_.items()}
    if hasattr(fitter, "probability_of_n_purchases_up_to_time"):
        out["pmf"] = {str(n): float(fitter.probability_of_n_purchases_up_to_time(T_PRED, n)) for n in range(6)}
    out["probability_alive_matrix"] = alive_matrices(fitter)
    if hasattr(fitter, "conditional_probability_of_n_purchases_up_to_time"):
        out["conditional_pmf"] = conditional_pmf(fitter, f, r, T)
    return fitter, out


def alive_matrices(fitter):
    """conditional_probability_alive_matrix: rows recency 0..=max_recency, columns frequency
    0..=max_frequency, every customer T = max_recency old; with lifetimes' defaults (the data's
    largest frequency, int of its largest T) and with explicit arguments."""
    out = {}
    for label, args in (("default", {}), ("explicit", {"max_frequency": MATRIX_ARGS[0], "max_recency": MATRIX_ARGS[1]})):
        m = np.asarray(fitter.conditional_probability_alive_matrix(**args), dtype=float)
        out[label] = {
            "max_frequency": m.shape[1] - 1,
            "max_recency": m.shape[0] - 1,
            "matrix": m.tolist(),
        }
    return out


def conditional_pmf(fitter, f, r, T):
    """ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time(n, t, f, r, T) for every
    customer, n = 0..=max_n at each (t, max_n) of CPMF."""
    return {
        str(t): {
            str(n): np.asarray(
                fitter.conditional_probability_of_n_purchases_up_to_time(n, t, f, r, T), dtype=float
            ).ravel().tolist()
            for n in range(max_n + 1)
        }
        for t, max_n in CPMF
    }


def main():
    np.random.seed(0)  # ParetoNBDFitter starts Nelder-Mead from a random point
    bg, bg_out = transaction_model(BetaGeoFitter, "bgnbd")
    _, bg_pen = transaction_model(BetaGeoFitter, "bgnbd", penalizer=0.1)
    bg_out["penalized"] = {k: bg_pen[k] for k in ("penalizer", "params", "log_likelihood_total")}
    dump("lifetimes_reference_bgnbd.json", bg_out)

    _, mbg_out = transaction_model(ModifiedBetaGeoFitter, "mbgnbd")
    dump("lifetimes_reference_mbgnbd.json", mbg_out)

    pnbd, pnbd_out = transaction_model(ParetoNBDFitter, "paretonbd")
    _, pnbd_pen = transaction_model(ParetoNBDFitter, "paretonbd", penalizer=0.1)
    pnbd_out["penalized"] = {k: pnbd_pen[k] for k in ("penalizer", "params", "log_likelihood_total")}
    dump("lifetimes_reference_paretonbd.json", pnbd_out)

    # Gamma-Gamma on CDNOW's repeat customers, and CLV with BG/NBD and Pareto/NBD.
    df = pd.read_csv(os.path.join(HERE, "cdnow_customers_summary_with_transactions.csv"))
    df.columns = ["customer_id", "frequency", "recency", "T", "monetary_value"]
    rep = df[df["frequency"] > 0]
    gg = GammaGammaFitter(penalizer_coef=0.0)
    start = time.perf_counter()
    gg.fit(rep["frequency"], rep["monetary_value"])
    seconds = time.perf_counter() - start
    gg_pen = GammaGammaFitter(penalizer_coef=0.1).fit(rep["frequency"], rep["monetary_value"])
    n = len(rep)
    clv = {}
    for label, model in (("bgnbd", bg), ("paretonbd", pnbd)):
        clv[label] = gg.customer_lifetime_value(
            model, df["frequency"], df["recency"], df["T"], df["monetary_value"],
            time=MONTHS, discount_rate=DISCOUNT, freq="W",
        ).values.astype(float).tolist()
    dump("lifetimes_reference_gammagamma.json", {
        "meta": meta({"data": "cdnow_customers_summary_with_transactions.csv, frequency > 0", "fit_seconds": seconds}),
        "params": {k: float(v) for k, v in gg.params_.items()},
        "std_errors": {k: float(v) for k, v in gg.standard_errors_.items()},
        "negative_log_likelihood_lifetimes": float(gg._negative_log_likelihood_),
        "log_likelihood_total": float(-gg._negative_log_likelihood_ * n),
        "penalized": {"penalizer": 0.1, "params": {k: float(v) for k, v in gg_pen.params_.items()}},
        "frequency_monetary_correlation": float(rep[["frequency", "monetary_value"]].corr().iloc[0, 1]),
        "conditional_expected_average_profit": gg.conditional_expected_average_profit(
            df["frequency"], df["monetary_value"]).values.astype(float).tolist(),
        "clv": {"months": MONTHS, "discount_rate": DISCOUNT, "freq": "W", **clv},
    })

    d = pd.read_csv(os.path.join(HERE, "donations.csv"))
    bb = BetaGeoBetaBinomFitter(penalizer_coef=0.0)
    start = time.perf_counter()
    bb.fit(d["frequency"], d["recency"], d["periods"], weights=d["weights"])
    seconds = time.perf_counter() - start
    x, tx, nper = d["frequency"].values, d["recency"].values, d["periods"].values
    dump("lifetimes_reference_bgbb.json", {
        "meta": meta({"data": "donations.csv", "fit_seconds": seconds}),
        "params": {k: float(v) for k, v in bb.params_.items()},
        "std_errors": {k: float(v) for k, v in bb.standard_errors_.items()},
        "negative_log_likelihood_lifetimes": float(bb._negative_log_likelihood_),
        "log_likelihood_total": float(-bb._negative_log_likelihood_ * d["weights"].sum()),
        "probability_alive_m0": np.asarray(bb.conditional_probability_alive(0, x, tx, nper), float).tolist(),
        "probability_alive_m5": np.asarray(bb.conditional_probability_alive(5, x, tx, nper), float).tolist(),
        "conditional_expected_m5": np.asarray(
            bb.conditional_expected_number_of_purchases_up_to_time(5, x, tx, nper), float).tolist(),
        "expected_counts_first_6": {
            str(int(k)): float(v) for k, v in bb.expected_number_of_transactions_in_first_n_periods(6)["model"].items()
        },
    })


if __name__ == "__main__":
    main()
