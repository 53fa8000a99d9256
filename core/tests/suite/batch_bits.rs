//! A batch prediction has the bits of the one-customer call, for every prediction of every model
//! (P(alive), the conditional expectation, Pareto/NBD's conditional P(X = n), BG/BB's P(alive) and
//! expectation, Gamma-Gamma's expected spend, CLV): a customer's value must not depend on which
//! other customers share the call (the batch kernels prepare per-frequency series for the batch,
//! and read the histories block by block). Compared by `f64::to_bits` over seeded random customers
//! at several parameter sets per model, the published estimates among them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // the inputs are built with std's f64 maths

use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TimeUnit, TransactionModel,
    customer_lifetime_value,
};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Customers per parameter set: more than one block of the CLV loop and of a parallel chunk.
const CUSTOMERS: usize = 1500;

fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp()
}

/// Random histories: frequencies 0..60 (a few in the thousands), recency 0 without repeat
/// purchases, T from 0.5 to 80 time units, some of them on whole units.
fn histories(rng: &mut ChaCha8Rng) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut f, mut r, mut t) = (vec![], vec![], vec![]);
    for i in 0..CUSTOMERS {
        let mut age = 0.5 + rng.random::<f64>() * 79.5;
        if i % 3 == 0 {
            age = age.ceil();
        }
        let x = if i % 97 == 0 {
            f64::from(rng.random_range(1000..5000_u32))
        } else {
            f64::from(rng.random_range(0..60_u32))
        };
        f.push(x);
        r.push(if x == 0.0 { 0.0 } else { rng.random::<f64>() * age });
        t.push(age);
    }
    (f, r, t)
}

fn same(what: &str, i: usize, batch: f64, one: f64, bad: &mut Vec<String>) {
    if batch.to_bits() != one.to_bits() {
        bad.push(format!("{what}, customer {i}: batch {batch:e}, one {one:e}"));
    }
}

fn report(bad: &[String], total: usize) {
    assert!(
        bad.is_empty(),
        "{} of {total} differ, first:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Parameter sets of a four-parameter model: `fixed` and seeded log-uniform ones.
fn sets(fixed: &[[f64; 4]], rng: &mut ChaCha8Rng, ranges: [(f64, f64); 4]) -> Vec<[f64; 4]> {
    let mut s = fixed.to_vec();
    for _ in 0..4 {
        s.push(ranges.map(|(lo, hi)| log_uniform(rng, lo, hi)));
    }
    s
}

fn transaction_model(name: &str, m: &dyn TransactionModel, rng: &mut ChaCha8Rng, bad: &mut Vec<String>) -> usize {
    let (f, r, t) = histories(rng);
    let mut n = 0;
    let p = m.probability_alive_batch(&f, &r, &t).unwrap();
    for i in 0..CUSTOMERS {
        same(&format!("{name} P(alive)"), i, p[i], m.probability_alive(f[i], r[i], t[i]).unwrap(), bad);
    }
    n += CUSTOMERS;
    for horizon in [0.3, 7.0, 39.0, 30.0 * 12.0, log_uniform(rng, 0.1, 500.0)] {
        let e = m.conditional_expected_transactions_batch(horizon, &f, &r, &t).unwrap();
        for i in 0..CUSTOMERS {
            let one = m.conditional_expected_transactions(horizon, f[i], r[i], t[i]).unwrap();
            same(&format!("{name} E[Y({horizon})]"), i, e[i], one, bad);
        }
        n += CUSTOMERS;
    }
    n
}

#[test]
fn bg_and_mbg_batches_have_the_bits_of_one_customer() {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let ranges = [(0.05, 20.0), (0.5, 200.0), (0.05, 20.0), (0.05, 20.0)];
    let (mut bad, mut n) = (vec![], 0);
    for p in sets(&[[0.243, 4.414, 0.793, 2.426]], &mut rng, ranges) {
        n += transaction_model(
            &format!("BG/NBD {p:?}"),
            &BetaGeo::new(p[0], p[1], p[2], p[3]).unwrap(),
            &mut rng,
            &mut bad,
        );
    }
    for p in sets(&[[0.525, 6.183, 0.891, 1.614]], &mut rng, ranges) {
        let m = ModifiedBetaGeo::new(p[0], p[1], p[2], p[3]).unwrap();
        n += transaction_model(&format!("MBG/NBD {p:?}"), &m, &mut rng, &mut bad);
    }
    report(&bad, n);
}

#[test]
fn pareto_nbd_batches_have_the_bits_of_one_customer() {
    let mut rng = ChaCha8Rng::seed_from_u64(2027);
    let ranges = [(0.05, 20.0), (0.5, 200.0), (0.05, 20.0), (0.5, 200.0)];
    let (mut bad, mut n) = (vec![], 0);
    for p in sets(&[[0.553, 10.578, 0.606, 11.669]], &mut rng, ranges) {
        let m = ParetoNbd::new(p[0], p[1], p[2], p[3]).unwrap();
        n += transaction_model(&format!("Pareto/NBD {p:?}"), &m, &mut rng, &mut bad);
        let (f, r, t) = histories(&mut rng);
        for k in [0, 1, 3] {
            let horizon = log_uniform(&mut rng, 0.5, 100.0);
            let b = m.conditional_probability_of_transactions_batch(k, horizon, &f, &r, &t).unwrap();
            for i in 0..CUSTOMERS {
                let one = m.conditional_probability_of_transactions(k, horizon, f[i], r[i], t[i]).unwrap();
                same(&format!("Pareto/NBD {p:?} P(X({horizon}) = {k})"), i, b[i], one, &mut bad);
            }
            n += CUSTOMERS;
        }
    }
    report(&bad, n);
}

#[test]
fn bg_bb_and_gamma_gamma_batches_have_the_bits_of_one_customer() {
    let mut rng = ChaCha8Rng::seed_from_u64(2028);
    let (mut bad, mut n) = (vec![], 0);
    let ranges = [(0.05, 20.0); 4];
    for p in sets(&[[1.204, 0.750, 0.657, 2.783]], &mut rng, ranges) {
        let m = BetaGeoBetaBinom::new(p[0], p[1], p[2], p[3]).unwrap();
        let (mut f, mut r, mut np) = (vec![], vec![], vec![]);
        for _ in 0..CUSTOMERS {
            let periods = rng.random_range(1..=30_u32);
            let x = rng.random_range(0..=periods);
            f.push(f64::from(x));
            r.push(if x == 0 { 0.0 } else { f64::from(rng.random_range(x..=periods)) });
            np.push(f64::from(periods));
        }
        for future in [1, 5, 30] {
            let pa = m.probability_alive_batch(future, &f, &r, &np).unwrap();
            let e = m.conditional_expected_transactions_batch(future, &f, &r, &np).unwrap();
            for i in 0..CUSTOMERS {
                same("BG/BB P(alive)", i, pa[i], m.probability_alive(future, f[i], r[i], np[i]).unwrap(), &mut bad);
                let one = m.conditional_expected_transactions(future, f[i], r[i], np[i]).unwrap();
                same("BG/BB E", i, e[i], one, &mut bad);
            }
            n += 2 * CUSTOMERS;
        }
    }
    for _ in 0..5 {
        let m = GammaGamma::new(
            log_uniform(&mut rng, 0.5, 20.0),
            log_uniform(&mut rng, 1.5, 20.0),
            log_uniform(&mut rng, 0.5, 200.0),
        )
        .unwrap();
        let f: Vec<f64> = (0..CUSTOMERS).map(|_| f64::from(rng.random_range(0..100_u32))).collect();
        let money: Vec<f64> =
            f.iter().map(|&x| if x == 0.0 { 0.0 } else { log_uniform(&mut rng, 0.01, 1e4) }).collect();
        let b = m.conditional_expected_average_profit_batch(&f, &money).unwrap();
        for i in 0..CUSTOMERS {
            same("Gamma-Gamma", i, b[i], m.conditional_expected_average_profit(f[i], money[i]).unwrap(), &mut bad);
        }
        n += CUSTOMERS;
    }
    report(&bad, n);
}

#[test]
fn clv_of_a_batch_has_the_bits_of_one_customer() {
    let mut rng = ChaCha8Rng::seed_from_u64(2029);
    let (mut bad, mut n) = (vec![], 0);
    let gg = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let models: Vec<(String, Box<dyn TransactionModel>)> = vec![
        ("BG/NBD".into(), Box::new(BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap())),
        ("BG/NBD random".into(), {
            let p = [0.05, 0.5, 0.05, 0.05].map(|lo| log_uniform(&mut rng, lo, 20.0));
            Box::new(BetaGeo::new(p[0], p[1], p[2], p[3]).unwrap())
        }),
        ("MBG/NBD".into(), Box::new(ModifiedBetaGeo::new(0.525, 6.183, 0.891, 1.614).unwrap())),
        ("Pareto/NBD".into(), Box::new(ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap())),
    ];
    for (name, m) in &models {
        let (mut f, r, t) = histories(&mut rng);
        f.truncate(400);
        let (r, t) = (&r[..400], &t[..400]);
        let money: Vec<f64> =
            f.iter().map(|&x| if x == 0.0 { 0.0 } else { log_uniform(&mut rng, 1.0, 1000.0) }).collect();
        for unit in [TimeUnit::Week, TimeUnit::Day] {
            let opts = ModelClvOptions::default().with_time_unit(unit).with_months(12).with_discount_rate(0.01);
            let all = customer_lifetime_value(m.as_ref(), &gg, &f, r, t, &money, &opts).unwrap();
            for i in 0..f.len() {
                let one =
                    customer_lifetime_value(m.as_ref(), &gg, &f[i..=i], &r[i..=i], &t[i..=i], &money[i..=i], &opts)
                        .unwrap()[0];
                same(&format!("{name} CLV {unit:?}"), i, all[i], one, &mut bad);
            }
            n += f.len();
        }
    }
    report(&bad, n);
}
