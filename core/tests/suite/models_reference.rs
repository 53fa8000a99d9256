//! Published reference values of the transaction models on the data sets the lifetimes wheel
//! ships (see `tests/data/README.md`).
#![allow(clippy::unwrap_used)]

use custometrics::retention::models::{BetaGeo, FitOptions};

use crate::common;
use common::data::csv;

fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!((got - want).abs() <= rel * want.abs(), "{what}: got {got}, want {want} (rel {rel})");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bg_nbd_on_cdnow_reproduces_fader_hardie_lee_2005() {
    let c = csv("cdnow_customers_summary.csv");
    let fit = BetaGeo::fit(&c[1], &c[2], &c[3], None, &FitOptions::default()).unwrap();
    eprintln!("{fit:?}");
    // Fader, Hardie & Lee (2005), "Counting your customers the easy way", section 5:
    // r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
    close(fit.model.r, 0.243, 2e-3, "r");
    close(fit.model.alpha, 4.414, 1e-3, "alpha");
    close(fit.model.a, 0.793, 1e-3, "a");
    close(fit.model.b, 2.426, 1e-3, "b");
    close(fit.report.log_likelihood, -9582.4, 1e-5, "LL");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn pareto_nbd_on_cdnow_reproduces_fader_hardie() {
    let c = csv("cdnow_customers_summary.csv");
    let fit =
        custometrics::retention::models::ParetoNbd::fit(&c[1], &c[2], &c[3], None, &FitOptions::default()).unwrap();
    eprintln!("{fit:?}");
    close(fit.model.r, 0.553, 2e-3, "r");
    close(fit.model.alpha, 10.58, 1e-3, "alpha");
    close(fit.model.s, 0.606, 2e-3, "s");
    close(fit.model.beta, 11.67, 1e-3, "beta");
    close(fit.report.log_likelihood, -9595.0, 1e-5, "LL");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn mbg_on_cdnow() {
    let c = csv("cdnow_customers_summary.csv");
    let fit = custometrics::retention::models::ModifiedBetaGeo::fit(&c[1], &c[2], &c[3], None, &FitOptions::default())
        .unwrap();
    eprintln!("{fit:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bg_bb_on_donations() {
    let c = csv("donations.csv");
    let fit = custometrics::retention::models::BetaGeoBetaBinom::fit(
        &c[0],
        &c[1],
        &c[2],
        Some(&c[3]),
        &FitOptions::default(),
    )
    .unwrap();
    eprintln!("{fit:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gg_on_cdnow() {
    let c = csv("cdnow_customers_summary_with_transactions.csv");
    let keep: Vec<usize> = (0..c[1].len()).filter(|&i| c[1][i] > 0.0).collect();
    let f: Vec<f64> = keep.iter().map(|&i| c[1][i]).collect();
    let m: Vec<f64> = keep.iter().map(|&i| c[4][i]).collect();
    let fit = custometrics::retention::models::GammaGamma::fit(&f, &m, None, &FitOptions::default()).unwrap();
    eprintln!("{fit:?}");
}
