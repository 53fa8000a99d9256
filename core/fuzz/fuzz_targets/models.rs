//! Every prediction of the retention models on arbitrary parameters and histories: an error or
//! a value, never a panic. Every value returned, scalar or batch, is in its domain: a probability
//! in [0, 1], a finite expectation >= 0, a finite log-likelihood (the output rule of
//! `retention/models/output.rs`); a batch error names the customer's index.
#![no_main]

use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TransactionModel,
    customer_lifetime_value,
};
use libfuzzer_sys::fuzz_target;

/// The input read as f64s (8 bytes each), with a few "interesting" values mixed in by byte tags.
fn floats(data: &[u8]) -> Vec<f64> {
    data.chunks(9)
        .map(|c| match c.first().copied().unwrap_or(0) % 8 {
            0 => 0.0,
            1 => f64::from(c.get(1).copied().unwrap_or(0)),
            2 => f64::from(c.get(1).copied().unwrap_or(0)) / 7.0,
            3 => 1e300,
            4 => 1e-300,
            _ => {
                let mut b = [0u8; 8];
                for (d, s) in b.iter_mut().zip(c.iter().skip(1)) {
                    *d = *s;
                }
                f64::from_le_bytes(b)
            }
        })
        .collect()
}

fn probability(p: f64) {
    assert!((0.0..=1.0).contains(&p), "probability {p}");
}

fn expectation(e: f64) {
    assert!(e.is_finite() && e >= 0.0, "expectation {e}");
}

/// A batch: every value in its domain, or an error that names where.
fn batch(r: Result<Vec<f64>, custometrics::Error>, domain: fn(f64)) {
    match r {
        Ok(v) => v.into_iter().for_each(domain),
        Err(e) => assert!(e.field().is_some(), "{e}"),
    }
}

fn transaction_model(m: &impl TransactionModel, v: &[f64], n: u64) {
    let (x, tx, t, h) = (v[4], v[5], v[6], v[7]);
    if let Ok(p) = m.probability_alive(x, tx, t) {
        probability(p);
    }
    if let Ok(e) = m.expected_transactions(h) {
        expectation(e);
    }
    if let Ok(e) = m.conditional_expected_transactions(h, x, tx, t) {
        expectation(e);
    }
    if let Ok(p) = m.probability_of_transactions(n % 200, h) {
        probability(p);
    }
    if let Ok(g) = m.probability_alive_matrix(n % 20, (n / 20) % 20) {
        g.probabilities.into_iter().for_each(probability);
    }
    let cols = &v[4..];
    let k = cols.len() / 3;
    let (bx, btx, bt) = (&cols[..k], &cols[k..2 * k], &cols[2 * k..3 * k]);
    batch(m.probability_alive_batch(bx, btx, bt), probability);
    batch(m.conditional_expected_transactions_batch(h, bx, btx, bt), expectation);
    if let Ok(spend) = GammaGamma::new(v[1], v[2], v[3]) {
        let options = ModelClvOptions::default().with_months((n % 30) as u32).with_discount_rate(v[0]);
        batch(customer_lifetime_value(m, &spend, &[x], &[tx], &[t], &[v[7]], &options), expectation);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut v = floats(data);
    if v.len() < 8 {
        return;
    }
    v.truncate(64);
    let n = data.iter().fold(0u64, |a, &b| a.wrapping_mul(31).wrapping_add(u64::from(b)));
    if let Ok(m) = BetaGeo::new(v[0], v[1], v[2], v[3]) {
        transaction_model(&m, &v, n);
    }
    if let Ok(m) = ModifiedBetaGeo::new(v[0], v[1], v[2], v[3]) {
        transaction_model(&m, &v, n);
    }
    if let Ok(m) = ParetoNbd::new(v[0], v[1], v[2], v[3]) {
        transaction_model(&m, &v, n);
        if let Ok(p) = m.conditional_probability_of_transactions(n % 50, v[7], v[4], v[5], v[6]) {
            probability(p);
        }
        if let Ok(ll) = m.log_likelihood(&[v[4]], &[v[5]], &[v[6]], None) {
            assert!(ll.is_finite(), "log-likelihood {ll}");
        }
    }
    if let Ok(m) = BetaGeoBetaBinom::new(v[0], v[1], v[2], v[3]) {
        if let Ok(p) = m.probability_alive(n % 20, v[4], v[5], v[6]) {
            probability(p);
        }
        m.conditional_expected_transactions(n % 20, v[4], v[5], v[6]).map(expectation).ok();
        m.expected_transactions(n % 50).map(expectation).ok();
        m.probability_of_transactions(n % 7, n % 50).map(probability).ok();
        let (bx, btx, bn) = ([v[4], v[7]], [v[5], v[6]], [v[6], v[5]]);
        batch(m.probability_alive_batch(n % 20, &bx, &btx, &bn), probability);
        batch(m.conditional_expected_transactions_batch(n % 20, &bx, &btx, &bn), expectation);
    }
    if let Ok(g) = GammaGamma::new(v[0], v[1], v[2]) {
        g.conditional_expected_average_profit(v[3], v[4]).map(expectation).ok();
        batch(g.conditional_expected_average_profit_batch(&[v[3], v[5]], &[v[4], v[6]]), expectation);
    }
    let _ = GammaGamma::independence_check(&v[..v.len() / 2], &v[v.len() / 2..]);
});
