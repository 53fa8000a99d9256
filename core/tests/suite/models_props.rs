//! Invariants of the retention models (proptest), and fits that recover the parameters of data
//! simulated from each model (seeded).
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // tests may build inputs with std's f64 maths

use crate::common;

use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, FitOptions, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TimeUnit,
    TransactionModel, customer_lifetime_value,
};
use proptest::prelude::*;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

// ---------------------------------------------------------------------------------------------
// Samplers (rand has no distributions beyond uniform; these are the textbook ones).

fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    // (0, 1]: safe under ln.
    1.0 - rng.random::<f64>()
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let (u, v) = (uniform(rng), uniform(rng));
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1.
fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        return gamma(rng, shape + 1.0) * uniform(rng).powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v > 0.0 && uniform(rng).ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

fn beta(rng: &mut ChaCha8Rng, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a);
    x / (x + gamma(rng, b))
}

fn exponential(rng: &mut ChaCha8Rng, rate: f64) -> f64 {
    -uniform(rng).ln() / rate
}

/// Customers' ages: uniform in [20, 52] (weeks), as a cohort acquired over months.
fn ages(rng: &mut ChaCha8Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| 20.0 + 32.0 * rng.random::<f64>()).collect()
}

type Summary = (Vec<f64>, Vec<f64>, Vec<f64>);

/// BG/NBD (`modified`: MBG/NBD, which can also drop out at time 0).
fn simulate_bg(rng: &mut ChaCha8Rng, m: BetaGeo, n: usize, modified: bool) -> Summary {
    let t = ages(rng, n);
    let (mut x, mut tx) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let lambda = gamma(rng, m.r) / m.alpha;
        let p = beta(rng, m.a, m.b);
        if modified && uniform(rng) <= p {
            continue;
        }
        let mut now = 0.0;
        loop {
            now += exponential(rng, lambda);
            if now > t[i] {
                break;
            }
            x[i] += 1.0;
            tx[i] = now;
            if uniform(rng) <= p {
                break;
            }
        }
    }
    (x, tx, t)
}

fn simulate_pareto(rng: &mut ChaCha8Rng, m: ParetoNbd, n: usize) -> Summary {
    let t = ages(rng, n);
    let (mut x, mut tx) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let lambda = gamma(rng, m.r) / m.alpha;
        let mu = gamma(rng, m.s) / m.beta;
        let end = exponential(rng, mu).min(t[i]);
        let mut now = 0.0;
        loop {
            now += exponential(rng, lambda);
            if now > end {
                break;
            }
            x[i] += 1.0;
            tx[i] = now;
        }
    }
    (x, tx, t)
}

fn simulate_bgbb(rng: &mut ChaCha8Rng, m: BetaGeoBetaBinom, n: usize, periods: u32) -> Summary {
    let (mut x, mut tx) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let p = beta(rng, m.alpha, m.beta);
        let theta = beta(rng, m.gamma, m.delta);
        for k in 1..=periods {
            if uniform(rng) <= theta {
                break;
            }
            if uniform(rng) <= p {
                x[i] += 1.0;
                tx[i] = f64::from(k);
            }
        }
    }
    (x, tx, vec![f64::from(periods); n])
}

fn simulate_gg(rng: &mut ChaCha8Rng, m: GammaGamma, n: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut x, mut spend) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let k = 1 + (rng.random::<f64>() * 10.0) as usize;
        let nu = gamma(rng, m.q) / m.v;
        let total: f64 = (0..k).map(|_| gamma(rng, m.p) / nu).sum();
        x.push(k as f64);
        spend.push(total / k as f64);
    }
    (x, spend)
}

/// Each estimate within `z` standard errors of the truth (and the errors finite).
fn recovered(what: &str, truth: &[f64], est: &[f64], se: &[f64], z: f64) {
    for ((t, e), s) in truth.iter().zip(est).zip(se) {
        assert!(s.is_finite() && *s > 0.0, "{what}: standard error {s}");
        assert!((t - e).abs() <= z * s, "{what}: truth {t}, estimate {e} ± {s}");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fits_recover_simulated_parameters() {
    let mut rng = ChaCha8Rng::seed_from_u64(20_050_301);
    let o = FitOptions::default();

    let truth = BetaGeo::new(0.5, 5.0, 0.8, 2.5).unwrap();
    let (x, tx, t) = simulate_bg(&mut rng, truth, 6000, false);
    let f = BetaGeo::fit(&x, &tx, &t, None, &o).unwrap();
    let (p, s) = (f.model, f.std_errors);
    recovered("BG/NBD", &[0.5, 5.0, 0.8, 2.5], &[p.r, p.alpha, p.a, p.b], &[s.r, s.alpha, s.a, s.b], 4.0);

    let (x, tx, t) = simulate_bg(&mut rng, truth, 6000, true);
    let f = ModifiedBetaGeo::fit(&x, &tx, &t, None, &o).unwrap();
    let (p, s) = (f.model, f.std_errors);
    recovered("MBG/NBD", &[0.5, 5.0, 0.8, 2.5], &[p.r, p.alpha, p.a, p.b], &[s.r, s.alpha, s.a, s.b], 4.0);

    let truth = ParetoNbd::new(0.6, 8.0, 0.7, 12.0).unwrap();
    let (x, tx, t) = simulate_pareto(&mut rng, truth, 6000);
    let f = ParetoNbd::fit(&x, &tx, &t, None, &o).unwrap();
    let (p, s) = (f.model, f.std_errors);
    recovered("Pareto/NBD", &[0.6, 8.0, 0.7, 12.0], &[p.r, p.alpha, p.s, p.beta], &[s.r, s.alpha, s.s, s.beta], 4.0);

    let truth = BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap();
    let (x, tx, n) = simulate_bgbb(&mut rng, truth, 6000, 8);
    let f = BetaGeoBetaBinom::fit(&x, &tx, &n, None, &o).unwrap();
    let (p, s) = (f.model, f.std_errors);
    recovered(
        "BG/BB",
        &[1.2, 0.75, 0.66, 2.8],
        &[p.alpha, p.beta, p.gamma, p.delta],
        &[s.alpha, s.beta, s.gamma, s.delta],
        4.0,
    );
    // Grouped data (unique rows with counts) give the same fit as the raw rows.
    let g = BetaGeoBetaBinom::fit(
        &[x.clone(), x.clone()].concat(),
        &[tx.clone(), tx.clone()].concat(),
        &[n.clone(), n.clone()].concat(),
        None,
        &o,
    )
    .unwrap();
    let w = BetaGeoBetaBinom::fit(&x, &tx, &n, Some(&vec![2.0; x.len()]), &o).unwrap();
    assert!((g.model.alpha - w.model.alpha).abs() < 1e-9 * w.model.alpha);
    assert!((g.report.log_likelihood - w.report.log_likelihood).abs() < 1e-9 * w.report.log_likelihood.abs());

    let truth = GammaGamma::new(6.0, 4.0, 15.0).unwrap();
    let (x, m) = simulate_gg(&mut rng, truth, 3000);
    let f = GammaGamma::fit(&x, &m, None, &o).unwrap();
    let (p, s) = (f.model, f.std_errors);
    recovered("Gamma-Gamma", &[6.0, 4.0, 15.0], &[p.p, p.q, p.v], &[s.p, s.q, s.v], 4.0);
    let check = GammaGamma::independence_check(&x, &m).unwrap();
    assert!(check.correlation.abs() < 0.1, "{check:?}");
}

// ---------------------------------------------------------------------------------------------
// Invariants of the predictions.

fn any_bg() -> impl Strategy<Value = BetaGeo> {
    (0.05..5.0f64, 0.5..50.0f64, 0.1..5.0f64, 0.1..10.0f64).prop_map(|(r, alpha, a, b)| BetaGeo { r, alpha, a, b })
}

fn any_mbg() -> impl Strategy<Value = ModifiedBetaGeo> {
    (0.05..5.0f64, 0.5..50.0f64, 0.1..5.0f64, 0.1..10.0f64).prop_map(|(r, alpha, a, b)| ModifiedBetaGeo {
        r,
        alpha,
        a,
        b,
    })
}

fn any_pareto() -> impl Strategy<Value = ParetoNbd> {
    (0.05..5.0f64, 0.5..50.0f64, 0.05..5.0f64, 0.5..50.0f64).prop_map(|(r, alpha, s, beta)| ParetoNbd {
        r,
        alpha,
        s,
        beta,
    })
}

/// A valid history: (frequency, recency, T).
fn any_history() -> impl Strategy<Value = (f64, f64, f64)> {
    (0u32..200, 0.0..1.0f64, 0.5..100.0f64).prop_map(|(x, share, t)| {
        let x = f64::from(x);
        (x, if x == 0.0 { 0.0 } else { share * t }, t)
    })
}

fn invariants<M: TransactionModel>(m: &M, (x, tx, age): (f64, f64, f64), t1: f64, dt: f64) {
    let p = m.probability_alive(x, tx, age).unwrap();
    assert!((0.0..=1.0).contains(&p), "P(alive) = {p}");
    let t2 = t1 + dt;
    let (e1, e2) = (m.expected_transactions(t1).unwrap(), m.expected_transactions(t2).unwrap());
    assert!(e1 >= 0.0 && e2 >= e1 * (1.0 - 1e-12), "E[X] not monotone: {e1} then {e2}");
    let c1 = m.conditional_expected_transactions(t1, x, tx, age).unwrap();
    let c2 = m.conditional_expected_transactions(t2, x, tx, age).unwrap();
    assert!(c1 >= 0.0 && c2 >= c1 * (1.0 - 1e-12) - 1e-300, "E[Y|history] not monotone: {c1} then {c2}");
    let total: f64 = (0..30).map(|n| m.probability_of_transactions(n, t1).unwrap()).sum();
    assert!((0.0..=1.0 + 1e-9).contains(&total), "Σ P(X = n) = {total}");
    alive_matrix_invariants(m, (x as u64 % 9, (age as u64 % 13).max(1)));
}

/// Each cell of the P(alive) matrix that is a history is P(alive) of that history, to the bit;
/// every cell is a probability; a later last purchase never lowers it.
fn alive_matrix_invariants<M: TransactionModel>(m: &M, (max_f, max_r): (u64, u64)) {
    let grid = m.probability_alive_matrix(max_f, max_r).unwrap();
    assert_eq!(grid.probabilities.len() as u64, (max_f + 1) * (max_r + 1));
    for recency in 0..=max_r {
        for frequency in 0..=max_f {
            let p = grid.get(recency, frequency).unwrap();
            assert!((0.0..=1.0).contains(&p), "cell ({recency}, {frequency}) = {p}");
            if frequency > 0 || recency == 0 {
                let want = m.probability_alive(frequency as f64, recency as f64, max_r as f64).unwrap();
                assert_eq!(p.to_bits(), want.to_bits(), "cell ({recency}, {frequency})");
            }
            if frequency > 0 && recency > 0 {
                let before = grid.get(recency - 1, frequency).unwrap();
                assert!(p >= before * (1.0 - 1e-12), "not monotone in recency at ({recency}, {frequency})");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn bg_nbd_predictions_are_coherent(m in any_bg(), h in any_history(), t in 0.0..60.0f64, dt in 0.0..60.0f64) {
        invariants(&m, h, t, dt);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn mbg_nbd_predictions_are_coherent(m in any_mbg(), h in any_history(), t in 0.0..60.0f64, dt in 0.0..60.0f64) {
        invariants(&m, h, t, dt);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pareto_nbd_predictions_are_coherent(m in any_pareto(), h in any_history(), t in 0.0..60.0f64, dt in 0.0..60.0f64) {
        invariants(&m, h, t, dt);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pareto_nbd_conditional_pmf_is_a_distribution_with_the_conditional_mean(
        m in any_pareto(), (x, tx, age) in any_history(), t in 0.0..60.0f64, dt in 0.0..60.0f64,
    ) {
        let p: Vec<f64> =
            (0..40).map(|n| m.conditional_probability_of_transactions(n, t, x, tx, age).unwrap()).collect();
        prop_assert!(p.iter().all(|v| (0.0..=1.0).contains(v)), "{:?}", p);
        let total: f64 = p.iter().sum();
        prop_assert!(total <= 1.0 + 1e-9, "Σ P(Y = n | history) = {}", total);
        // The first 40 terms of the mean cannot exceed the mean.
        let partial: f64 = p.iter().enumerate().map(|(n, v)| n as f64 * v).sum();
        let mean = m.conditional_expected_transactions(t, x, tx, age).unwrap();
        prop_assert!(partial <= mean * (1.0 + 1e-9) + 1e-300, "Σ n P = {} > E[Y | history] = {}", partial, mean);
        // No purchase in a longer horizon is no likelier.
        let later = m.conditional_probability_of_transactions(0, t + dt, x, tx, age).unwrap();
        prop_assert!(later <= p[0] * (1.0 + 1e-12), "P(Y = 0) rose from {} to {}", p[0], later);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn bg_bb_predictions_are_coherent(
        a in 0.1..5.0f64, b in 0.1..5.0f64, g in 0.1..5.0f64, d in 0.1..5.0f64,
        n in 1u32..30, x_share in 0.0..1.0f64, tx_share in 0.0..1.0f64, m in 0u64..20,
    ) {
        let model = BetaGeoBetaBinom::new(a, b, g, d).unwrap();
        let nf = f64::from(n);
        let tx = (tx_share * nf).floor();
        let x = (x_share * tx).floor().max(if tx > 0.0 { 1.0 } else { 0.0 });
        let p0 = model.probability_alive(0, x, tx, nf).unwrap();
        let pm = model.probability_alive(m, x, tx, nf).unwrap();
        prop_assert!((0.0..=1.0 + 1e-12).contains(&p0) && pm <= p0 * (1.0 + 1e-12));
        let e1 = model.conditional_expected_transactions(m, x, tx, nf).unwrap();
        let e2 = model.conditional_expected_transactions(m + 1, x, tx, nf).unwrap();
        prop_assert!(e1 >= 0.0 && e2 >= e1);
        let total: f64 = (0..=u64::from(n)).map(|k| model.probability_of_transactions(k, u64::from(n)).unwrap()).sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "Σ P(X(n) = x) = {}", total);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn gamma_gamma_spend_lies_between_the_customer_and_the_population(
        p in 0.5..10.0f64, q in 1.1..10.0f64, v in 0.5..100.0f64, x in 1u32..100, m in 0.01..1000.0f64,
    ) {
        let gg = GammaGamma::new(p, q, v).unwrap();
        let population = p * v / (q - 1.0);
        let e = gg.conditional_expected_average_profit(f64::from(x), m).unwrap();
        let (lo, hi) = (m.min(population), m.max(population));
        prop_assert!(e >= lo * (1.0 - 1e-12) && e <= hi * (1.0 + 1e-12));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn clv_grows_with_the_horizon_and_falls_with_the_discount(
        m in any_bg(), h in any_history(), spend in 1.0..500.0f64, months in 0u32..24, d in 0.0..0.1f64,
    ) {
        let gg = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
        let (x, tx, t) = h;
        let spend = if x == 0.0 { 0.0 } else { spend };
        let at = |months: u32, discount_rate: f64| {
            let o = ModelClvOptions::default().with_months(months).with_discount_rate(discount_rate).with_time_unit(TimeUnit::Week);
            customer_lifetime_value(&m, &gg, &[x], &[tx], &[t], &[spend], &o).unwrap()[0]
        };
        let base = at(months, d);
        prop_assert!(base >= 0.0);
        prop_assert!(at(months + 1, d) >= base * (1.0 - 1e-12));
        prop_assert!(at(months, d + 0.05) <= base * (1.0 + 1e-12));
    }
}

/// Fits do not depend on the time unit: in days instead of weeks, rates scale by 7, shapes stay,
/// and the log-likelihood (a density in time) moves by −ln 7 per repeat purchase. The penalty
/// sits on lifetimes' rescaled time axis, so it is unit-free too.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fits_do_not_depend_on_the_time_unit() {
    let cols = common::data::csv("cdnow_customers_summary.csv");
    let col = |j: usize, k: f64| cols[j].iter().map(|v| v * k).collect::<Vec<f64>>();
    let (f, rw, tw, rd, td) = (col(1, 1.0), col(2, 1.0), col(3, 1.0), col(2, 7.0), col(3, 7.0));
    let shift = 7f64.ln() * f.iter().sum::<f64>();
    for penalizer in [0.0, 0.05] {
        let o = FitOptions::default().with_penalizer(penalizer);
        let (w, d) = (BetaGeo::fit(&f, &rw, &tw, None, &o).unwrap(), BetaGeo::fit(&f, &rd, &td, None, &o).unwrap());
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-7 * b.abs();
        assert!(
            close(d.model.alpha, 7.0 * w.model.alpha) && close(d.model.r, w.model.r) && close(d.model.b, w.model.b)
        );
        assert!(close(d.std_errors.alpha, 7.0 * w.std_errors.alpha) && close(d.std_errors.a, w.std_errors.a));
        assert!(close(d.report.log_likelihood, w.report.log_likelihood - shift));
        let (w, d) = (ParetoNbd::fit(&f, &rw, &tw, None, &o).unwrap(), ParetoNbd::fit(&f, &rd, &td, None, &o).unwrap());
        assert!(close(d.model.beta, 7.0 * w.model.beta) && close(d.model.s, w.model.s));
        assert!(close(d.report.log_likelihood, w.report.log_likelihood - shift));
    }
}
