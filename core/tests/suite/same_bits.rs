//! The same bits in every language: `tests/data/same_bits.json` holds inputs and the bits of
//! their results as native Rust computes them; this test checks them (and rewrites the file when
//! `CUSTOMETRICS_WRITE_SAME_BITS=1`), and the Python and JS suites compare their results with the
//! same bits (`bindings-python/tests/test_same_bits.py`, `bindings-wasm/tests/same-bits.test.mjs`).
//!
//! Covered: the normal critical value (`sample_size(...).z`, and through it the NPS interval),
//! and the predictions of every fitted model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma with
//! its CLV, sBG) at seeded random parameters and customers. The core computes every elementary
//! and special function over the pure-Rust `libm` (`numerics/elementary.rs`), so these agree.
// Native only: the wasm32 build is checked by the JS test against this file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // tests may build inputs with std's f64 maths

use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, ShiftedBetaGeo,
    TransactionModel, customer_lifetime_value,
};
use custometrics::satisfaction::{NpsOptions, nps, sample_size};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/same_bits.json");

/// 2000 confidences spread over (0, 1) and crowded towards 1 (where the tail matters), as bits.
fn confidences() -> Vec<f64> {
    let mut c: Vec<f64> = (1..=1000).map(|k| f64::from(k) / 1001.0).collect();
    c.extend((1..=1000).map(|k| 1.0 - 10f64.powf(-(f64::from(k) * 0.0155))));
    c.into_iter().filter(|&x| x > 0.0 && x < 1.0).collect()
}

const SCORES: [f64; 9] = [10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 10.0, 9.0, 3.0];

fn table() -> serde_json::Value {
    let rows: Vec<serde_json::Value> = confidences()
        .into_iter()
        .map(|c| {
            let z = sample_size(0.05, c, 0.5, None).unwrap().z;
            let n = nps(&SCORES, &NpsOptions::default().with_confidence(c)).unwrap();
            serde_json::json!([c.to_bits().to_string(), z.to_bits().to_string(), n.ci_low.to_bits().to_string()])
        })
        .collect();
    serde_json::json!({
        "about": "inputs and result bits (decimal strings of the IEEE-754 bits) from native Rust; \
                  written by core/tests/suite/same_bits.rs with CUSTOMETRICS_WRITE_SAME_BITS=1",
        "nps_scores": SCORES,
        "columns": ["confidence", "sample_size(0.05, confidence).z", "nps(nps_scores, &confidence).ci_low"],
        "rows": rows,
        "models": models(),
    })
}

/// A float as the decimal string of its bits.
fn b(x: f64) -> Value {
    Value::String(x.to_bits().to_string())
}

fn bs(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|&x| b(x)).collect())
}

/// Parameter sets per model, customers per set.
const SETS: usize = 25;
const CUSTOMERS: usize = 8;

/// Log-uniform in [lo, hi].
fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp()
}

/// Histories of `CUSTOMERS` customers: whole frequencies (0 with recency 0), recency <= T.
fn histories(rng: &mut ChaCha8Rng, max_t: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (mut f, mut r, mut t) = (vec![], vec![], vec![]);
    for _ in 0..CUSTOMERS {
        let age = 1.0 + rng.random::<f64>() * (max_t - 1.0);
        let x = f64::from(rng.random_range(0..40_u32));
        f.push(x);
        r.push(if x == 0.0 { 0.0 } else { rng.random::<f64>() * age });
        t.push(age);
    }
    (f, r, t)
}

/// The transaction models' predictions for one parameter set: P(alive), the conditional and the
/// unconditional expectations, P(X(t) = n) for n = 0..5, the log-likelihood.
fn transaction_case(
    m: &dyn TransactionModel,
    ll: impl Fn(&[f64], &[f64], &[f64]) -> custometrics::Result<f64>,
    params: &[f64],
    rng: &mut ChaCha8Rng,
) -> Value {
    let (f, r, t) = histories(rng, 80.0);
    let horizon = log_uniform(rng, 0.5, 100.0);
    let pmf: Vec<f64> = (0..6).map(|n| m.probability_of_transactions(n, horizon).unwrap()).collect();
    json!({
        "params": bs(params), "frequency": bs(&f), "recency": bs(&r), "T": bs(&t), "t": b(horizon),
        "p_alive": bs(&m.probability_alive_batch(&f, &r, &t).unwrap()),
        "conditional_expected": bs(&m.conditional_expected_transactions_batch(horizon, &f, &r, &t).unwrap()),
        "expected": b(m.expected_transactions(horizon).unwrap()),
        "pmf": bs(&pmf),
        "log_likelihood": b(ll(&f, &r, &t).unwrap()),
    })
}

/// Every model at `SETS` seeded random parameter sets (log-uniform over the ranges fits give on
/// real data and some way beyond) with `CUSTOMERS` random customers each.
fn models() -> Value {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let rng = &mut rng;
    let (mut bg, mut mbg, mut pnbd, mut bgbb, mut gg, mut sbg) = (vec![], vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..SETS {
        let p = [
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.5, 200.0),
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.05, 20.0),
        ];
        let m = BetaGeo::new(p[0], p[1], p[2], p[3]).unwrap();
        bg.push(transaction_case(&m, |f, r, t| m.log_likelihood(f, r, t, None), &p, rng));
        let p = [
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.5, 200.0),
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.05, 20.0),
        ];
        let m = ModifiedBetaGeo::new(p[0], p[1], p[2], p[3]).unwrap();
        mbg.push(transaction_case(&m, |f, r, t| m.log_likelihood(f, r, t, None), &p, rng));
        let p = [
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.5, 200.0),
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.5, 200.0),
        ];
        let m = ParetoNbd::new(p[0], p[1], p[2], p[3]).unwrap();
        pnbd.push(transaction_case(&m, |f, r, t| m.log_likelihood(f, r, t, None), &p, rng));

        // BG/BB: whole periods.
        let p = [
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.05, 20.0),
        ];
        let m = BetaGeoBetaBinom::new(p[0], p[1], p[2], p[3]).unwrap();
        let (mut f, mut r, mut n) = (vec![], vec![], vec![]);
        for _ in 0..CUSTOMERS {
            let periods = rng.random_range(1..=12_u32);
            let x = rng.random_range(0..=periods);
            f.push(f64::from(x));
            r.push(if x == 0 { 0.0 } else { f64::from(rng.random_range(x..=periods)) });
            n.push(f64::from(periods));
        }
        let future = rng.random_range(1..=10_u64);
        let periods = rng.random_range(1..=12_u64);
        let pmf: Vec<f64> = (0..=periods).map(|x| m.probability_of_transactions(x, periods).unwrap()).collect();
        bgbb.push(json!({
            "params": bs(&p), "frequency": bs(&f), "recency": bs(&r), "n_periods": bs(&n),
            "m_periods_in_future": future, "periods": periods,
            "p_alive": bs(&m.probability_alive_batch(future, &f, &r, &n).unwrap()),
            "conditional_expected": bs(&m.conditional_expected_transactions_batch(future, &f, &r, &n).unwrap()),
            "expected": b(m.expected_transactions(periods).unwrap()),
            "pmf": bs(&pmf),
            "log_likelihood": b(m.log_likelihood(&f, &r, &n, None).unwrap()),
        }));

        // Gamma-Gamma, and its CLV with a BG/NBD at the same customers.
        let p = [log_uniform(rng, 0.5, 20.0), log_uniform(rng, 0.5, 20.0), log_uniform(rng, 0.5, 200.0)];
        let m = GammaGamma::new(p[0], p[1], p[2]).unwrap();
        let (mut f, r, t) = histories(rng, 80.0);
        f.iter_mut().for_each(|x| *x += 1.0); // repeat customers only
        let r: Vec<f64> = r.iter().zip(&t).map(|(&r, &t)| if r == 0.0 { t / 2.0 } else { r }).collect();
        let money: Vec<f64> = (0..CUSTOMERS).map(|_| log_uniform(rng, 1.0, 1000.0)).collect();
        let q = [
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.5, 200.0),
            log_uniform(rng, 0.05, 20.0),
            log_uniform(rng, 0.05, 20.0),
        ];
        let tm = BetaGeo::new(q[0], q[1], q[2], q[3]).unwrap();
        let clv = customer_lifetime_value(&tm, &m, &f, &r, &t, &money, &ModelClvOptions::default()).unwrap();
        gg.push(json!({
            "params": bs(&p), "frequency": bs(&f), "monetary_value": bs(&money),
            "profit": bs(&m.conditional_expected_average_profit_batch(&f, &money).unwrap()),
            "log_likelihood": b(m.log_likelihood(&f, &money, None).unwrap()),
            "clv_bg_params": bs(&q), "recency": bs(&r), "T": bs(&t), "clv": bs(&clv),
        }));

        // sBG.
        let p = [log_uniform(rng, 0.05, 20.0), log_uniform(rng, 0.05, 20.0)];
        let m = ShiftedBetaGeo::new(p[0], p[1]).unwrap();
        let discount = log_uniform(rng, 0.01, 0.5);
        sbg.push(json!({
            "params": bs(&p), "periods": 12, "discount": b(discount),
            "survival_curve": bs(&m.survival_curve(12).unwrap()),
            "retention_curve": bs(&m.retention_curve(12).unwrap()),
            "del": b(m.del(discount).unwrap()),
        }));
    }
    json!({
        "about": "seeded random parameters and customers (ChaCha8, seed 15); every float is the decimal string of its bits",
        "BetaGeo": bg, "ModifiedBetaGeo": mbg, "ParetoNBD": pnbd, "BetaGeoBetaBinom": bgbb, "GammaGamma": gg,
        "ShiftedBetaGeo": sbg,
    })
}

#[test]
fn native_results_have_the_recorded_bits() {
    let now = table();
    if std::env::var("CUSTOMETRICS_WRITE_SAME_BITS").is_ok_and(|v| v == "1") {
        std::fs::write(PATH, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
    }
    let recorded: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    assert_eq!(recorded["rows"], now["rows"]);
    for model in ["BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "BetaGeoBetaBinom", "GammaGamma", "ShiftedBetaGeo"] {
        assert_eq!(recorded["models"][model].as_array().map(Vec::len), Some(SETS), "{model}");
        assert_eq!(recorded["models"][model], now["models"][model], "{model}");
    }
}
