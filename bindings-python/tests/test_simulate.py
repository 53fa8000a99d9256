"""custometrics.retention.simulate: customers drawn from the models' stories.

Each simulator is checked against the model's own closed forms on many customers with a fixed
seed: the distribution of the frequency against P(X(T) = x), and the share of customers still
alive against the mean of P(alive | the simulated history) — which also checks the recencies,
since P(alive) depends on them. Bounds are 4.5 binomial standard errors."""

import math

import numpy as np
import pandas as pd
import pytest

import custometrics
from custometrics.retention import BetaGeo, BetaGeoBetaBinom, ModifiedBetaGeo, ParetoNBD, generate_data
from custometrics.retention import simulate

N = 200_000
# Fader, Hardie & Lee 2005 (CDNOW, weeks); Batislam et al.'s MBG/NBD on CDNOW; Fader & Hardie's
# Pareto/NBD on CDNOW; Fader, Hardie & Shang 2010 (donations)
CONTINUOUS = [
    BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426),
    ModifiedBetaGeo.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614),
    ParetoNBD.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669),
]
BGBB = BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)


def _within(observed, expected, n, sigmas=4.5):
    se = math.sqrt(max(expected * (1 - expected), 1e-12) / n)
    return abs(observed - expected) <= sigmas * se


@pytest.mark.parametrize("model", CONTINUOUS, ids=lambda m: type(m).__name__)
def test_continuous_frequencies_follow_the_model(model):
    sim = generate_data(model, 39.0, size=N, seed=11)
    counts = np.bincount(sim["frequency"].to_numpy().astype(int), minlength=6)[:6] / N
    pmf = model.probability_of_n_purchases_up_to_time(39.0, np.arange(6))
    for x in range(6):
        assert _within(counts[x], pmf[x], N), (x, counts[x], pmf[x])
    mean = model.expected_number_of_purchases_up_to_time(39.0)
    se = sim["frequency"].std() / math.sqrt(N)
    assert abs(sim["frequency"].mean() - mean) < 4.5 * se


@pytest.mark.parametrize("model", CONTINUOUS, ids=lambda m: type(m).__name__)
def test_continuous_alive_share_matches_p_alive(model):
    sim = generate_data(model, 39.0, size=N, seed=12)
    p_alive = model.conditional_probability_alive(sim["frequency"], sim["recency"], sim["T"])
    assert _within(sim["alive"].mean(), p_alive.mean(), N)
    # and among the customers without a repeat purchase, where the models differ most
    none = sim["frequency"] == 0
    assert _within(sim["alive"][none].mean(), p_alive[none].mean(), int(none.sum()))


@pytest.mark.parametrize("model", CONTINUOUS, ids=lambda m: type(m).__name__)
def test_continuous_histories_are_valid(model):
    sim = generate_data(model, [1.0, 10.0, 39.0, 78.0] * 500, seed=3)
    f, r, t = sim["frequency"], sim["recency"], sim["T"]
    assert (f == np.floor(f)).all() and (f >= 0).all()
    assert ((r >= 0) & (r <= t)).all()
    assert ((f == 0) == (r == 0)).all()
    assert t.tolist() == [1.0, 10.0, 39.0, 78.0] * 500  # each customer's own observation length
    assert sim.index.name == "customer_id" and sim.index.tolist() == list(range(2000))


def test_bgbb_frequencies_and_alive_follow_the_model():
    sim = generate_data(BGBB, 6, size=N, seed=13)
    counts = np.bincount(sim["frequency"].to_numpy().astype(int), minlength=7) / N
    pmf = BGBB.probability_of_n_purchases_up_to_time(6, np.arange(7))
    for x in range(7):
        assert _within(counts[x], pmf[x], N), (x, counts[x], pmf[x])
    # alive after the 6th opportunity: the model's P(alive) with m_periods_in_future = 0
    p_alive = BGBB.conditional_probability_alive(0, sim["frequency"], sim["recency"], sim["n_periods"])
    assert _within(sim["alive"].mean(), p_alive.mean(), N)
    f, r, n = sim["frequency"], sim["recency"], sim["n_periods"]
    assert ((f <= r) & (r <= n) & ((f == 0) == (r == 0))).all()


def test_seeded_draws_repeat_and_differ():
    m = CONTINUOUS[0]
    a = generate_data(m, 39, size=100, seed=5)
    b = generate_data(m, 39, size=100, seed=5)
    c = generate_data(m, 39, size=100, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    gen = np.random.default_rng(5)
    pd.testing.assert_frame_equal(generate_data(m, 39, size=100, seed=gen), a)


def test_lifetimes_names_are_the_same_draws():
    bg, mbg, pnbd = CONTINUOUS
    p = bg.params_
    pd.testing.assert_frame_equal(
        simulate.beta_geometric_nbd_model(39, p["r"], p["alpha"], p["a"], p["b"], size=50, seed=1),
        generate_data(bg, 39, size=50, seed=1),
    )
    p = mbg.params_
    pd.testing.assert_frame_equal(
        simulate.modified_beta_geometric_nbd_model(39, p["r"], p["alpha"], p["a"], p["b"], size=50, seed=1),
        generate_data(mbg, 39, size=50, seed=1),
    )
    p = pnbd.params_
    pd.testing.assert_frame_equal(
        simulate.pareto_nbd_model(39, p["r"], p["alpha"], p["s"], p["beta"], size=50, seed=1),
        generate_data(pnbd, 39, size=50, seed=1),
    )
    p = BGBB.params_
    pd.testing.assert_frame_equal(
        simulate.beta_geometric_beta_binom_model(6, p["alpha"], p["beta"], p["gamma"], p["delta"], size=50, seed=1),
        generate_data(BGBB, 6, size=50, seed=1),
    )
    assert list(generate_data(pnbd, 39, seed=1).columns) == ["frequency", "recency", "T", "lambda", "mu", "alive"]
    assert list(generate_data(BGBB, 6, seed=1).columns) == ["frequency", "recency", "n_periods", "p", "theta", "alive"]


def test_columns_without_pandas_form():
    out = generate_data(CONTINUOUS[0], 39, size=3, seed=1, as_frame=False)
    assert isinstance(out, dict) and all(isinstance(v, np.ndarray) and v.shape == (3,) for v in out.values())
    assert out["alive"].dtype == bool


def test_extreme_parameters_stay_finite():
    # p ~ Beta(1e-3, 1e3) is 0 in floating point for most customers: they never drop out
    m = BetaGeo.from_params(r=2.0, alpha=1.0, a=1e-3, b=1e3)
    sim = generate_data(m, 10.0, size=1000, seed=2)
    assert np.isfinite(sim[["frequency", "recency"]].to_numpy()).all() and sim["alive"].mean() > 0.99
    # mu ~ Gamma(1e-3, ...) underflows to 0: an infinite lifetime, alive at T
    p = ParetoNBD.from_params(r=1.0, alpha=1.0, s=1e-3, beta=1.0)
    sim = generate_data(p, 10.0, size=1000, seed=2)
    assert np.isfinite(sim[["frequency", "recency"]].to_numpy()).all()


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: simulate.beta_geometric_nbd_model(39, -1.0, 1, 1, 1), "r"),
        (lambda: simulate.beta_geometric_nbd_model(39, 1, float("nan"), 1, 1), "alpha"),
        (lambda: simulate.pareto_nbd_model([39, 0.0], 1, 1, 1, 1), "T"),
        (lambda: simulate.pareto_nbd_model([39, 10], 1, 1, 1, 1, size=3), "size"),
        (lambda: simulate.beta_geometric_beta_binom_model(2.5, 1, 1, 1, 1), "N"),
        (lambda: simulate.beta_geometric_beta_binom_model(6, 1, 1, 1, 1, size=-1), "size"),
        (lambda: generate_data(CONTINUOUS[0], 39, seed="seven"), "seed"),
        (lambda: generate_data(CONTINUOUS[0], [[1.0, 2.0]]), "T"),
    ],
)
def test_bad_arguments_are_named(call, field):
    with pytest.raises(custometrics.InvalidInputError) as e:
        call()
    assert e.value.field == field


def test_bad_index_is_named():
    with pytest.raises(custometrics.InvalidInputError) as e:
        simulate.beta_geometric_nbd_model([39.0, 20.0, -3.0], 1, 1, 1, 1)
    assert (e.value.field, e.value.index) == ("T", 2)


def test_unfitted_or_foreign_model():
    with pytest.raises(AttributeError, match="not fitted"):
        generate_data(BetaGeo(), 39)
    with pytest.raises(TypeError, match="BetaGeo"):
        generate_data(object(), 39)
