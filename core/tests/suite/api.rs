//! What a Rust service relies on beyond the numbers: trait objects across threads, fits from a
//! summary.
// Native only: it spawns a thread.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

use custometrics::retention::Summary;
use custometrics::retention::models::{
    BetaGeo, FitOptions, FitSummary, GammaGamma, ModifiedBetaGeo, ParetoNbd, TransactionModel,
};

use crate::common;
use common::data::csv;

/// CDNOW's 2357 customers as a summary (in weeks, with mean repeat spend).
fn summary(values: bool) -> Summary<u64> {
    let c = csv("cdnow_customers_summary_with_transactions.csv");
    Summary {
        customer_id: (1..=c[1].len() as u64).collect(),
        frequency: c[1].clone(),
        recency: c[2].clone(),
        t: c[3].clone(),
        monetary_value: values.then(|| c[4].clone()),
        frequency_holdout: None,
        monetary_value_holdout: None,
        duration_holdout: None,
    }
}

#[test]
fn boxed_models_are_send_and_sync() {
    let s = summary(false);
    let o = FitOptions::default();
    let models: Vec<Box<dyn TransactionModel + Send + Sync>> = vec![
        Box::new(BetaGeo::fit_summary(&s, &o).unwrap().model),
        Box::new(ModifiedBetaGeo::fit_summary(&s, &o).unwrap().model),
        Box::new(ParetoNbd::fit_summary(&s, &o).unwrap().model),
    ];
    let (f, r, t) = (s.frequency.clone(), s.recency.clone(), s.t.clone());
    let here: Vec<f64> = models.iter().map(|m| m.probability_alive(f[0], r[0], t[0]).unwrap()).collect();
    let there = std::thread::spawn(move || {
        models.iter().map(|m| m.probability_alive(f[0], r[0], t[0]).unwrap()).collect::<Vec<f64>>()
    })
    .join()
    .unwrap();
    assert_eq!(here, there);
    assert!(here.iter().all(|p| (0.0..=1.0).contains(p)));
}

#[test]
fn fits_from_a_summary_are_the_fits_of_its_columns() {
    let s = summary(true);
    let o = FitOptions::default();
    assert_eq!(
        ParetoNbd::fit_summary(&s, &o).unwrap().model,
        ParetoNbd::fit(&s.frequency, &s.recency, &s.t, None, &o).unwrap().model
    );
    let repeat: Vec<usize> = (0..s.len()).filter(|&i| s.frequency[i] > 0.0).collect();
    let m = s.monetary_value.as_ref().unwrap();
    let (f, v): (Vec<f64>, Vec<f64>) = repeat.iter().map(|&i| (s.frequency[i], m[i])).unzip();
    assert!(repeat.len() < s.len(), "the log has one-time customers");
    assert_eq!(GammaGamma::fit_summary(&s, &o).unwrap().model, GammaGamma::fit(&f, &v, None, &o).unwrap().model);
    let e = GammaGamma::fit_summary(&summary(false), &o).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", Some("monetary_value")));
}
