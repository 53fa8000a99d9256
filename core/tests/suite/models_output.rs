//! The one output rule of the model predictions, scalar and batch: every result is finite and in
//! its domain (probabilities in [0, 1], expectations >= 0, log-likelihoods finite), or an error
//! — in a batch, one naming the customer's index. The cases of issue 15 first, then a seeded
//! sweep over parameters from 1e-8 to 1e8 (and a few at the ends of the float range).
#![allow(clippy::unwrap_used, clippy::panic)]
#![allow(clippy::disallowed_methods)] // tests may build inputs with std's f64 maths

use custometrics::Result;
use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TransactionModel,
    customer_lifetime_value,
};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

fn probability(what: &str, v: f64) {
    assert!((0.0..=1.0).contains(&v), "{what}: {v} is not a probability");
}

fn expectation(what: &str, v: f64) {
    assert!(v.is_finite() && v >= 0.0, "{what}: {v} is not an expectation");
}

/// A batch result: in its domain, or a `diverges`/input error that names an index.
fn batch(what: &str, r: &Result<Vec<f64>>, domain: fn(&str, f64)) {
    match r {
        Ok(v) => v.iter().for_each(|&x| domain(what, x)),
        Err(e) => assert!(e.index().is_some() || e.field().is_some(), "{what}: {e}"),
    }
}

fn scalar(what: &str, r: &Result<f64>, domain: fn(&str, f64)) {
    if let Ok(v) = r {
        domain(what, *v);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_batch_refuses_what_the_scalar_refuses() {
    // ParetoNBD at 1e-8 parameters: the scalar P(alive) was an error, the batch [nan].
    let m = ParetoNbd::new(1e-8, 1e-8, 1e-8, 1.0).unwrap();
    let one = m.probability_alive(0.0, 0.0, 20.0);
    let many = m.probability_alive_batch(&[0.0], &[0.0], &[20.0]);
    match (&one, &many) {
        (Ok(p), Ok(v)) => assert_eq!(p.to_bits(), v[0].to_bits()),
        (Err(e1), Err(e2)) => {
            assert_eq!((e1.code(), e2.code()), ("diverges", "diverges"));
            assert_eq!((e2.field(), e2.index()), (Some("frequency"), Some(0)));
        }
        _ => panic!("scalar {one:?} and batch {many:?} disagree"),
    }
    scalar("log_likelihood", &m.log_likelihood(&[0.0], &[0.0], &[20.0], None), |w, v| assert!(v.is_finite(), "{w}"));
    let grid = m.probability_alive_matrix(2, 3);
    if let Ok(g) = &grid {
        g.probabilities.iter().for_each(|&p| probability("matrix", p));
    }
    // Pareto/NBD P(alive) at frequency 1e308 was [nan].
    let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    batch("frequency 1e308", &m.probability_alive_batch(&[1e308], &[30.0], &[38.86]), probability);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn long_horizons_give_a_value_or_an_error_naming_the_customer() {
    // BG/NBD, the paper's parameters, t = 1e20: was [nan, inf].
    let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let r = m.conditional_expected_transactions_batch(1e20, &[0.0, 2.0], &[0.0, 30.0], &[38.86, 38.86]);
    batch("t = 1e20", &r, expectation);
    if let Err(e) = r {
        assert_eq!((e.code(), e.field(), e.index()), ("diverges", Some("frequency"), Some(0)), "{e}");
        assert!(e.to_string().contains("recency 0"), "{e}");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn probabilities_do_not_pass_one() {
    // Both came out 1.0000000000000004 (the exact values are at most 1).
    let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    probability("BG/NBD P(X = 0) at t = 5e-324", bg.probability_of_transactions(0, 5e-324).unwrap());
    let bb = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap();
    probability("BG/BB P(X = 0 in 0 periods)", bb.probability_of_transactions(0, 0).unwrap());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn expectations_are_never_negative() {
    // Was −5e6 for a horizon of 1e6.
    let m = BetaGeo::new(1e-300, 1e300, 1e-300, 1e300).unwrap();
    scalar("BG/NBD E[X(1e6)]", &m.expected_transactions(1e6), expectation);
    batch(
        "BG/NBD E[Y(1e6)]",
        &m.conditional_expected_transactions_batch(1e6, &[0.0, 3.0], &[0.0, 2.0], &[5.0, 5.0]),
        expectation,
    );
}

/// log-uniform on [10^lo, 10^hi].
fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    10f64.powf(lo + (hi - lo) * rng.random::<f64>())
}

fn params(rng: &mut ChaCha8Rng) -> [f64; 4] {
    // Mostly 1e-8..1e8; one draw in twenty at the ends of the range.
    let (lo, hi) = if rng.random::<f64>() < 0.05 { (-300.0, 300.0) } else { (-8.0, 8.0) };
    std::array::from_fn(|_| log_uniform(rng, lo, hi))
}

/// Histories (x, tₓ, T) of every kind: none, ordinary, huge frequencies, long ages.
fn histories(rng: &mut ChaCha8Rng) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut x, mut tx, mut t) = (vec![0.0, 2.0, 1e6], vec![0.0, 30.0, 1.0], vec![38.86, 38.86, 2.0]);
    for _ in 0..5 {
        let age = log_uniform(rng, -3.0, 6.0);
        let f = if rng.random::<f64>() < 0.3 { 0.0 } else { log_uniform(rng, 0.0, 4.0).floor() };
        x.push(f);
        tx.push(if f == 0.0 { 0.0 } else { age * rng.random::<f64>() });
        t.push(age);
    }
    (x, tx, t)
}

fn sweep<M: TransactionModel>(what: &str, m: &M, rng: &mut ChaCha8Rng) {
    let (x, tx, t) = histories(rng);
    let horizon = log_uniform(rng, -3.0, 8.0);
    let p = m.probability_alive_batch(&x, &tx, &t);
    batch(what, &p, probability);
    let e = m.conditional_expected_transactions_batch(horizon, &x, &tx, &t);
    batch(what, &e, expectation);
    for i in 0..x.len() {
        let one = m.probability_alive(x[i], tx[i], t[i]);
        scalar(what, &one, probability);
        // P(alive) has one kernel: the batch and the scalar agree bit for bit, errors included.
        match (&one, &p) {
            (Ok(a), Ok(b)) => assert_eq!(a.to_bits(), b[i].to_bits(), "{what} P(alive) {i}"),
            (Err(_), Ok(b)) => panic!("{what}: the scalar P(alive) of {i} failed, the batch gave {}", b[i]),
            _ => {}
        }
        scalar(what, &m.conditional_expected_transactions(horizon, x[i], tx[i], t[i]), expectation);
    }
    scalar(what, &m.expected_transactions(horizon), expectation);
    for n in [0, 1, 7] {
        scalar(what, &m.probability_of_transactions(n, horizon), probability);
    }
    if let Ok(g) = m.probability_alive_matrix(3, 4) {
        g.probabilities.iter().for_each(|&v| probability(what, v));
    }
    if let Ok(gg) = GammaGamma::new(6.25, 3.74, 15.44) {
        let mv = vec![20.0; x.len()];
        let o = ModelClvOptions::default().with_months(3);
        batch(what, &customer_lifetime_value(m, &gg, &x, &tx, &t, &mv, &o), expectation);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_prediction_is_in_its_domain_or_an_error() {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    for _ in 0..60 {
        let [r, alpha, a, b] = params(&mut rng);
        if let Ok(m) = BetaGeo::new(r, alpha, a, b) {
            sweep(&format!("BG/NBD {r} {alpha} {a} {b}"), &m, &mut rng);
        }
        if let Ok(m) = ModifiedBetaGeo::new(r, alpha, a, b) {
            sweep(&format!("MBG/NBD {r} {alpha} {a} {b}"), &m, &mut rng);
        }
        if let Ok(m) = ParetoNbd::new(r, alpha, a, b) {
            sweep(&format!("Pareto/NBD {r} {alpha} {a} {b}"), &m, &mut rng);
            let (x, tx, t) = histories(&mut rng);
            let what = format!("Pareto/NBD conditional P(X = n) {r} {alpha} {a} {b}");
            batch(&what, &m.conditional_probability_of_transactions_batch(1, 10.0, &x, &tx, &t), probability);
            scalar(&what, &m.log_likelihood(&x, &tx, &t, None), |w, v| assert!(v.is_finite(), "{w}"));
        }
        let [alpha, beta, gamma, delta] = params(&mut rng);
        if let Ok(m) = BetaGeoBetaBinom::new(alpha, beta, gamma, delta) {
            let what = format!("BG/BB {alpha} {beta} {gamma} {delta}");
            let (x, tx, n) = (vec![0.0, 3.0, 6.0, 100.0], vec![0.0, 5.0, 6.0, 150.0], vec![6.0, 6.0, 6.0, 1000.0]);
            batch(&what, &m.probability_alive_batch(5, &x, &tx, &n), probability);
            batch(&what, &m.conditional_expected_transactions_batch(5, &x, &tx, &n), expectation);
            scalar(&what, &m.expected_transactions(1000), expectation);
            for k in [0, 1, 6] {
                scalar(&what, &m.probability_of_transactions(k, 6), probability);
            }
        }
        let [p, q, v, _] = params(&mut rng);
        if let Ok(m) = GammaGamma::new(p, q, v) {
            let what = format!("Gamma-Gamma {p} {q} {v}");
            batch(
                &what,
                &m.conditional_expected_average_profit_batch(&[0.0, 1.0, 1e6], &[0.0, 1e-3, 1e6]),
                expectation,
            );
        }
    }
}
