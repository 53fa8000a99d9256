//! Bad input to the retention models: each is a named error (code, field, index), none panics.
#![allow(clippy::unwrap_used, clippy::panic)]

use custometrics::Error;
use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, FitOptions, GammaGamma, MAX_MATRIX_CELLS, MAX_PMF_PERIODS, MatrixExtent,
    ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TransactionModel, customer_lifetime_value,
};

fn is(e: &Error, code: &str, field: Option<&str>, index: Option<usize>) {
    assert_eq!((e.code(), e.field(), e.index()), (code, field, index), "{e}");
}

type FitFn = fn(&[f64], &[f64], &[f64], Option<&[f64]>, &FitOptions) -> Result<(), Error>;

/// The three continuous-time models, each fit returning only whether it failed.
fn fitters() -> [(&'static str, FitFn); 3] {
    [
        ("BG/NBD", |f, r, t, w, o| BetaGeo::fit(f, r, t, w, o).map(|_| ())),
        ("MBG/NBD", |f, r, t, w, o| ModifiedBetaGeo::fit(f, r, t, w, o).map(|_| ())),
        ("Pareto/NBD", |f, r, t, w, o| ParetoNbd::fit(f, r, t, w, o).map(|_| ())),
    ]
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn histories_that_cannot_be_are_named() {
    let o = FitOptions::default();
    for (name, fit) in fitters() {
        // recency > T
        let e = fit(&[1.0, 2.0], &[3.0, 5.0], &[4.0, 4.0], None, &o).unwrap_err();
        is(&e, "out_of_range", Some("recency"), Some(1));
        assert!(e.to_string().contains("T[1] = 4"), "{name}: {e}");
        // negative and non-integer frequency
        let e = fit(&[1.0, -1.0], &[3.0, 0.0], &[4.0, 4.0], None, &o).unwrap_err();
        is(&e, "out_of_range", Some("frequency"), Some(1));
        let e = fit(&[1.5, 1.0], &[3.0, 1.0], &[4.0, 4.0], None, &o).unwrap_err();
        is(&e, "out_of_range", Some("frequency"), Some(0));
        // recency non-zero with frequency zero
        let e = fit(&[1.0, 0.0, 0.0], &[3.0, 0.0, 2.0], &[4.0; 3], None, &o).unwrap_err();
        is(&e, "out_of_range", Some("recency"), Some(2));
        // T <= 0, and NaN
        let e = fit(&[0.0, 0.0], &[0.0, 0.0], &[4.0, 0.0], None, &o).unwrap_err();
        is(&e, "out_of_range", Some("T"), Some(1));
        let e = fit(&[0.0, 0.0], &[0.0, 0.0], &[4.0, -2.0], None, &o).unwrap_err();
        is(&e, "out_of_range", Some("T"), Some(1));
        let e = fit(&[0.0, 0.0], &[0.0, f64::NAN], &[4.0, 4.0], None, &o).unwrap_err();
        is(&e, "not_finite", Some("recency"), Some(1));
        // empty data, mismatched lengths
        let e = fit(&[], &[], &[], None, &o).unwrap_err();
        is(&e, "empty", Some("frequency"), None);
        let e = fit(&[0.0], &[0.0, 1.0], &[1.0], None, &o).unwrap_err();
        is(&e, "length_mismatch", Some("recency"), None);
        // weights
        let e = fit(&[0.0, 1.0], &[0.0, 1.0], &[2.0, 2.0], Some(&[1.0, -1.0]), &o).unwrap_err();
        is(&e, "out_of_range", Some("weights"), Some(1));
        let e = fit(&[0.0, 1.0], &[0.0, 1.0], &[2.0, 2.0], Some(&[0.0, 0.0]), &o).unwrap_err();
        is(&e, "invalid", Some("weights"), None);
        let e = fit(&[0.0, 1.0], &[0.0, 1.0], &[2.0, 2.0], Some(&[1.0]), &o).unwrap_err();
        is(&e, "length_mismatch", Some("weights"), None);
        // options
        let bad = FitOptions::default().with_penalizer(-0.1);
        is(&fit(&[1.0], &[1.0], &[2.0], None, &bad).unwrap_err(), "out_of_range", Some("penalizer"), None);
        let bad = FitOptions::default().with_initial(Some(vec![1.0, 1.0]));
        is(&fit(&[1.0], &[1.0], &[2.0], None, &bad).unwrap_err(), "length_mismatch", Some("initial"), None);
        let bad = FitOptions::default().with_initial(Some(vec![1.0, 0.0, 1.0, 1.0]));
        is(&fit(&[1.0], &[1.0], &[2.0], None, &bad).unwrap_err(), "out_of_range", Some("initial"), Some(1));
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_fit_that_does_not_converge_says_so_with_its_last_iterate() {
    let (f, r, t) =
        ([0.0, 2.0, 1.0, 5.0, 0.0, 3.0], [0.0, 20.0, 3.0, 30.0, 0.0, 9.0], [40.0, 38.0, 35.0, 31.0, 30.0, 20.0]);
    let o = FitOptions::default().with_max_iterations(1);
    for (name, fit) in fitters() {
        let e = fit(&f, &r, &t, None, &o).unwrap_err();
        is(&e, "did_not_converge", None, None);
        match e {
            Error::DidNotConverge { model, iterations, last } => {
                assert_eq!(model, name);
                assert!(iterations >= 1);
                assert_eq!(last.len(), 4);
                assert!(last.iter().all(|v| v.is_finite() && *v > 0.0));
            }
            other => panic!("{other:?}"),
        }
    }
    let e = GammaGamma::fit(&[1.0, 2.0, 4.0], &[10.0, 12.0, 30.0], None, &o).unwrap_err();
    is(&e, "did_not_converge", None, None);
    let e = BetaGeoBetaBinom::fit(&[0.0, 1.0, 3.0], &[0.0, 2.0, 5.0], &[6.0; 3], None, &o).unwrap_err();
    is(&e, "did_not_converge", None, None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn predictions_validate_like_fits() {
    let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    is(&m.probability_alive(1.0, 5.0, 4.0).unwrap_err(), "out_of_range", Some("recency"), None);
    is(&m.probability_alive(-1.0, 0.0, 4.0).unwrap_err(), "out_of_range", Some("frequency"), None);
    is(&m.probability_alive(0.0, 0.0, 0.0).unwrap_err(), "out_of_range", Some("T"), None);
    is(&m.expected_transactions(-1.0).unwrap_err(), "out_of_range", Some("t"), None);
    is(&m.expected_transactions(f64::INFINITY).unwrap_err(), "not_finite", Some("t"), None);
    is(&m.conditional_expected_transactions(1.0, 0.5, 0.0, 4.0).unwrap_err(), "out_of_range", Some("frequency"), None);
    let e = m.probability_alive_batch(&[0.0, 1.0, 2.0], &[0.0, 1.0, 9.0], &[4.0, 4.0, 4.0]).unwrap_err();
    is(&e, "out_of_range", Some("recency"), Some(2));
    let mut out = [0.0; 2];
    let e = m.probability_alive_into(&[0.0, 1.0, 2.0], &[0.0, 1.0, 1.0], &[4.0; 3], &mut out).unwrap_err();
    is(&e, "length_mismatch", Some("out"), None);
    let e = m.conditional_expected_transactions_batch(2.0, &[0.0, 0.0], &[0.0, 1.0], &[4.0; 2]).unwrap_err();
    is(&e, "out_of_range", Some("recency"), Some(1));
    // Large batches go through the parallel path and still name the first bad row.
    let n = 100_000;
    let (mut f, r, t) = (vec![1.0; n], vec![1.0; n], vec![2.0; n]);
    f[77_777] = f64::NAN;
    f[90_000] = -1.0;
    let e = ParetoNbd::new(0.55, 10.6, 0.6, 11.7).unwrap().probability_alive_batch(&f, &r, &t).unwrap_err();
    is(&e, "not_finite", Some("frequency"), Some(77_777));
    is(&BetaGeo::new(0.2, 0.0, 1.0, 1.0).unwrap_err(), "out_of_range", Some("alpha"), None);
    is(&ParetoNbd::new(f64::NAN, 1.0, 1.0, 1.0).unwrap_err(), "not_finite", Some("r"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bg_bb_histories_are_discrete() {
    let o = FitOptions::default();
    let fit = |f: &[f64], r: &[f64], n: &[f64]| BetaGeoBetaBinom::fit(f, r, n, None, &o).unwrap_err();
    is(&fit(&[1.0, 2.0], &[1.0, 7.0], &[6.0, 6.0]), "out_of_range", Some("recency"), Some(1));
    is(&fit(&[1.0, 4.0], &[1.0, 3.0], &[6.0, 6.0]), "out_of_range", Some("frequency"), Some(1));
    is(&fit(&[1.0, -1.0], &[1.0, 3.0], &[6.0, 6.0]), "out_of_range", Some("frequency"), Some(1));
    is(&fit(&[1.0, 1.0], &[1.0, 2.5], &[6.0, 6.0]), "out_of_range", Some("recency"), Some(1));
    is(&fit(&[0.0, 0.0], &[0.0, 2.0], &[6.0, 6.0]), "out_of_range", Some("recency"), Some(1));
    is(&fit(&[0.0, 0.0], &[0.0, 0.0], &[6.0, 0.0]), "out_of_range", Some("n_periods"), Some(1));
    is(&fit(&[0.0, 0.0], &[0.0, 0.0], &[6.0, 1.5]), "out_of_range", Some("n_periods"), Some(1));
    is(&fit(&[], &[], &[]), "empty", Some("frequency"), None);
    let m = BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.78).unwrap();
    is(&m.probability_alive(0, 3.0, 2.0, 6.0).unwrap_err(), "out_of_range", Some("frequency"), None);
    let e = m.conditional_expected_transactions_batch(5, &[1.0, 1.0], &[1.0, 9.0], &[6.0, 6.0]).unwrap_err();
    is(&e, "out_of_range", Some("recency"), Some(1));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gamma_gamma_needs_positive_spend_and_repeat_customers() {
    let o = FitOptions::default();
    let e = GammaGamma::fit(&[1.0, 2.0, 3.0], &[10.0, 0.0, 5.0], None, &o).unwrap_err();
    is(&e, "out_of_range", Some("monetary_value"), Some(1));
    let e = GammaGamma::fit(&[1.0, 2.0, 3.0], &[10.0, 4.0, -5.0], None, &o).unwrap_err();
    is(&e, "out_of_range", Some("monetary_value"), Some(2));
    let e = GammaGamma::fit(&[1.0, 0.0], &[10.0, 4.0], None, &o).unwrap_err();
    is(&e, "out_of_range", Some("frequency"), Some(1));
    let e = GammaGamma::fit(&[1.0, 2.0], &[10.0, f64::NAN], None, &o).unwrap_err();
    is(&e, "not_finite", Some("monetary_value"), Some(1));
    is(&GammaGamma::fit(&[], &[], None, &o).unwrap_err(), "empty", Some("frequency"), None);
    let gg = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    is(&gg.conditional_expected_average_profit(2.0, 0.0).unwrap_err(), "out_of_range", Some("monetary_value"), None);
    let e = gg.conditional_expected_average_profit_batch(&[0.0, 2.0, 1.0], &[0.0, 3.0, -1.0]).unwrap_err();
    is(&e, "out_of_range", Some("monetary_value"), Some(2));
    // q <= 1: the population mean spend is infinite.
    let heavy = GammaGamma::new(0.5, 0.9, 15.0).unwrap();
    is(&heavy.conditional_expected_average_profit(0.0, 0.0).unwrap_err(), "diverges", Some("q"), None);
    is(&GammaGamma::independence_check(&[1.0], &[2.0]).unwrap_err(), "empty", Some("frequency"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn clv_checks_its_options_and_every_customer() {
    let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let gg = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let o = ModelClvOptions::default().with_discount_rate(-1.0);
    let e = customer_lifetime_value(&bg, &gg, &[1.0], &[1.0], &[2.0], &[10.0], &o).unwrap_err();
    is(&e, "out_of_range", Some("discount_rate"), None);
    let o = ModelClvOptions::default();
    let e = customer_lifetime_value(&bg, &gg, &[1.0, 1.0], &[1.0, 3.0], &[2.0, 2.0], &[10.0, 10.0], &o).unwrap_err();
    is(&e, "out_of_range", Some("recency"), Some(1));
    let e = customer_lifetime_value(&bg, &gg, &[1.0, 1.0], &[1.0, 1.0], &[2.0, 2.0], &[10.0, 0.0], &o).unwrap_err();
    is(&e, "out_of_range", Some("monetary_value"), Some(1));
    let e = customer_lifetime_value(&bg, &gg, &[1.0], &[1.0], &[2.0], &[10.0, 1.0], &o).unwrap_err();
    is(&e, "length_mismatch", Some("monetary_value"), None);
    let heavy = GammaGamma::new(0.5, 0.9, 15.0).unwrap();
    let e = customer_lifetime_value(&bg, &heavy, &[0.0], &[0.0], &[2.0], &[0.0], &o).unwrap_err();
    is(&e, "diverges", Some("q"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn models_built_field_by_field_are_checked_before_use() {
    let bad = BetaGeo { r: 0.2, alpha: -4.0, a: 0.8, b: 2.4 };
    is(&bad.probability_alive(1.0, 1.0, 2.0).unwrap_err(), "out_of_range", Some("alpha"), None);
    is(&bad.expected_transactions(1.0).unwrap_err(), "out_of_range", Some("alpha"), None);
    let bad = ParetoNbd { r: 0.5, alpha: 10.0, s: f64::NAN, beta: 11.0 };
    let e = bad.conditional_expected_transactions_batch(1.0, &[1.0], &[1.0], &[2.0]).unwrap_err();
    is(&e, "not_finite", Some("s"), None);
    let bad = BetaGeoBetaBinom { alpha: 1.0, beta: 1.0, gamma: 0.0, delta: 1.0 };
    is(&bad.probability_of_transactions(1, 6).unwrap_err(), "out_of_range", Some("gamma"), None);
    let bad_gg = GammaGamma { p: 6.0, q: 4.0, v: -1.0 };
    is(&bad_gg.conditional_expected_average_profit(1.0, 2.0).unwrap_err(), "out_of_range", Some("v"), None);
    let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let e =
        customer_lifetime_value(&bg, &bad_gg, &[1.0], &[1.0], &[2.0], &[3.0], &ModelClvOptions::default()).unwrap_err();
    is(&e, "out_of_range", Some("v"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_alive_matrix_refuses_an_age_of_zero_and_grids_past_its_cap() {
    let models: [&dyn TransactionModel; 3] = [
        &BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap(),
        &ModifiedBetaGeo::new(0.525, 6.183, 0.891, 1.614).unwrap(),
        &ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap(),
    ];
    // Negative and fractional arguments cannot reach the core (u64); the bindings' conversions
    // name them (tested in Python and JS).
    for m in models {
        is(&m.probability_alive_matrix(3, 0).unwrap_err(), "out_of_range", Some("max_recency"), None);
        let e = m.probability_alive_matrix(MAX_MATRIX_CELLS as u64, 1).unwrap_err();
        is(&e, "out_of_range", Some("max_frequency"), None);
        let e = m.probability_alive_matrix(u64::MAX, u64::MAX).unwrap_err();
        is(&e, "out_of_range", Some("max_frequency"), None);
        // Frequency 0 with recency > 0 is filled from the formula, never an error or NaN.
        let grid = m.probability_alive_matrix(2, 10).unwrap();
        assert!(grid.probabilities.iter().all(|p| (0.0..=1.0).contains(p)));
    }
    // The largest grid allowed is computed: 2 rows of 2²³ cells (BG/NBD's kernel is the fast one).
    let grid = models[0].probability_alive_matrix((MAX_MATRIX_CELLS / 2 - 1) as u64, 1).unwrap();
    assert_eq!(grid.probabilities.len(), MAX_MATRIX_CELLS);
    let bad = ParetoNbd { r: 0.5, alpha: 10.0, s: 0.6, beta: -1.0 };
    is(&bad.probability_alive_matrix(2, 2).unwrap_err(), "out_of_range", Some("beta"), None);
    // lifetimes' defaults come from valid data only.
    let e = MatrixExtent::from_data(&[1.0, 2.0], &[1.0, 5.0], &[4.0, 4.0]).unwrap_err();
    is(&e, "out_of_range", Some("recency"), Some(1));
    is(&MatrixExtent::from_data(&[], &[], &[]).unwrap_err(), "empty", Some("frequency"), None);
    is(&MatrixExtent::from_data(&[1.0], &[1.0, 2.0], &[4.0]).unwrap_err(), "length_mismatch", Some("recency"), None);
    let e = MatrixExtent::from_data(&[0.5], &[0.0], &[0.5]).unwrap_err();
    is(&e, "out_of_range", Some("frequency"), Some(0));
    // Missing arguments without fitted data to default from.
    is(&MatrixExtent::resolve(None, None, None).unwrap_err(), "invalid", Some("max_frequency"), None);
    is(&MatrixExtent::resolve(Some(3), None, None).unwrap_err(), "invalid", Some("max_recency"), None);
    let fitted = MatrixExtent { max_frequency: 29, max_recency: 38 };
    assert_eq!(
        MatrixExtent::resolve(None, Some(0), Some(fitted)).unwrap(),
        MatrixExtent { max_frequency: 29, max_recency: 0 }
    );
    // Ages under one time unit round down to an extent the matrix refuses, by name.
    let e = MatrixExtent::from_data(&[0.0], &[0.0], &[0.5]).unwrap();
    assert_eq!((e.max_frequency, e.max_recency), (0, 0));
    is(
        &models[0].probability_alive_matrix(e.max_frequency, e.max_recency).unwrap_err(),
        "out_of_range",
        Some("max_recency"),
        None,
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_conditional_pmf_checks_t_and_every_history() {
    let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    let one =
        |t: f64, x: f64, tx: f64, age: f64| m.conditional_probability_of_transactions(2, t, x, tx, age).unwrap_err();
    is(&one(-1.0, 1.0, 1.0, 2.0), "out_of_range", Some("t"), None);
    is(&one(f64::NAN, 1.0, 1.0, 2.0), "not_finite", Some("t"), None);
    is(&one(f64::INFINITY, 1.0, 1.0, 2.0), "not_finite", Some("t"), None);
    is(&one(1.0, 1.0, 3.0, 2.0), "out_of_range", Some("recency"), None); // recency > T
    is(&one(1.0, -1.0, 0.0, 2.0), "out_of_range", Some("frequency"), None);
    is(&one(1.0, 1.5, 1.0, 2.0), "out_of_range", Some("frequency"), None);
    is(&one(1.0, 0.0, 1.0, 2.0), "out_of_range", Some("recency"), None); // no repeat, yet a recency
    is(&one(1.0, 0.0, 0.0, 0.0), "out_of_range", Some("T"), None);
    is(&one(1.0, 0.0, 0.0, f64::NAN), "not_finite", Some("T"), None);
    let many =
        |x: &[f64], tx: &[f64], age: &[f64]| m.conditional_probability_of_transactions_batch(0, 39.0, x, tx, age);
    is(&many(&[1.0, 2.0, 3.0], &[1.0, 5.0, 1.0], &[4.0; 3]).unwrap_err(), "out_of_range", Some("recency"), Some(1));
    is(&many(&[1.0, 0.0, 2.5], &[1.0, 0.0, 1.0], &[4.0; 3]).unwrap_err(), "out_of_range", Some("frequency"), Some(2));
    is(&many(&[1.0, 0.0], &[1.0, 2.0], &[4.0; 2]).unwrap_err(), "out_of_range", Some("recency"), Some(1));
    is(&many(&[1.0, 0.0], &[1.0, 0.0], &[4.0, -4.0]).unwrap_err(), "out_of_range", Some("T"), Some(1));
    is(&many(&[], &[], &[]).unwrap_err(), "empty", Some("frequency"), None);
    is(&many(&[1.0], &[1.0], &[4.0, 4.0]).unwrap_err(), "length_mismatch", Some("T"), None);
    let e = m.conditional_probability_of_transactions_batch(0, -2.0, &[1.0], &[1.0], &[4.0]).unwrap_err();
    is(&e, "out_of_range", Some("t"), None);
    let mut out = [0.0; 1];
    let e = m.conditional_probability_of_transactions_into(0, 1.0, &[1.0, 1.0], &[1.0, 1.0], &[4.0; 2], &mut out);
    is(&e.unwrap_err(), "length_mismatch", Some("out"), None);
    // Large batches take the parallel path and still name the first bad row.
    let n = 50_000;
    let (mut f, r, t) = (vec![1.0; n], vec![1.0; n], vec![2.0; n]);
    f[33_333] = f64::NAN;
    f[40_000] = -1.0;
    let e = m.conditional_probability_of_transactions_batch(1, 1.0, &f, &r, &t).unwrap_err();
    is(&e, "not_finite", Some("frequency"), Some(33_333));
    let bad = ParetoNbd { r: 0.0, alpha: 10.0, s: 0.6, beta: 11.0 };
    is(
        &bad.conditional_probability_of_transactions(0, 1.0, 0.0, 0.0, 1.0).unwrap_err(),
        "out_of_range",
        Some("r"),
        None,
    );
    // t = 0: nothing happens in no time (lifetimes returns 0 even for n = 0).
    assert_eq!(m.conditional_probability_of_transactions(0, 0.0, 2.0, 1.0, 4.0).unwrap(), 1.0);
    assert_eq!(m.conditional_probability_of_transactions(3, 0.0, 2.0, 1.0, 4.0).unwrap(), 0.0);
    // A count past 2⁵³ is still a count: a probability of 0, not an error.
    assert_eq!(m.conditional_probability_of_transactions(u64::MAX, 39.0, 2.0, 1.0, 4.0).unwrap(), 0.0);
}

/// What the `models` fuzz target found (core/fuzz): each is an error or a value now, not a panic
/// or a NaN.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fuzz_findings_are_errors_not_panics() {
    // A subnormal parameter made E[X(t)] NaN: parameters must be normal numbers.
    is(&BetaGeo::new(1.0, 2.1e-314, 0.5, 129.0).unwrap_err(), "out_of_range", Some("alpha"), None);
    let tiny = BetaGeo { r: 1.0, alpha: 2.1e-314, a: 0.5, b: 129.0 };
    is(&tiny.expected_transactions(129.0).unwrap_err(), "out_of_range", Some("alpha"), None);
    // b + n − x rounded to 0 for n = x = 10¹⁷ and a small b, and statrs's ln_beta panicked.
    let m = BetaGeoBetaBinom::new(1.2, 1e-3, 0.66, 2.8).unwrap();
    let _ = m.probability_alive(0, 1e17, 1e17, 1e17);
    let _ = m.conditional_expected_transactions(3, 1e17, 1e17, 1e17);
    // The PMF sums over the opportunities: bounded.
    assert!(m.probability_of_transactions(3, MAX_PMF_PERIODS).is_ok());
    is(&m.probability_of_transactions(3, MAX_PMF_PERIODS + 1).unwrap_err(), "out_of_range", Some("n_periods"), None);
}

/// Parameters so extreme that a prediction overflows into NaN get `diverges`, not a NaN.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn predictions_that_overflow_into_nan_are_errors() {
    let m = ModifiedBetaGeo::new(243.0, 1e-300, 1e-300, 1e-300).unwrap();
    is(&m.expected_transactions(97.0).unwrap_err(), "diverges", Some("params"), None);
}

/// Fits whose data cannot determine the parameters are errors naming the data, not
/// `converged: true` with the starting values or NaN standard errors (issue 15).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unidentified_fits_are_refused() {
    use custometrics::retention::ShiftedBetaGeo;
    use custometrics::retention::models::{BetaGeo, FitOptions, ModifiedBetaGeo};
    let o = FitOptions::default();
    let not_identified = |e: custometrics::Error, field: &str| {
        assert_eq!((e.code(), e.field()), ("invalid", Some(field)), "{e}");
        assert!(e.to_string().contains("not identified"), "{e}");
    };
    // No customer repeats: a and b are not identified (was r = 2.5e-5, α = 465360, a = b = 1).
    let e = BetaGeo::fit(&[0.0; 4], &[0.0; 4], &[10.0, 20.0, 30.0, 40.0], None, &o).unwrap_err();
    not_identified(e, "frequency");
    // One period of a cohort: only α/(α+β) is (was α = β = 1).
    not_identified(ShiftedBetaGeo::fit(&[1000.0, 500.0], &o).unwrap_err(), "survivors");
    // Asked not to fail, the fit says so in its report instead of claiming convergence.
    let loose = FitOptions::default().with_require_convergence(false);
    let f = ShiftedBetaGeo::fit(&[1000.0, 500.0], &loose).unwrap();
    assert!(!f.report.converged && f.report.termination.starts_with("not identified"), "{}", f.report.termination);
    // Ages of 1e-9: r ran to 1.8e20.
    let t = [1e-9; 3];
    match ModifiedBetaGeo::fit(&[0.0, 1.0, 2.0], &[0.0, 5e-10, 1e-9], &t, None, &o) {
        Ok(f) => panic!("identified? {:?}", f.model),
        Err(e) => assert!(matches!(e.code(), "invalid" | "did_not_converge"), "{e}"),
    }
}

/// A model read from JSON goes through its validating constructor (issue 15: a derived
/// `Deserialize` accepted negative and non-finite parameters).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn deserialised_models_are_validated() {
    let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let json = serde_json::to_string(&bg).unwrap();
    assert_eq!(serde_json::from_str::<BetaGeo>(&json).unwrap(), bg);
    let bad = |json: &str| serde_json::from_str::<BetaGeo>(json).unwrap_err().to_string();
    assert!(bad(r#"{"r": -1.0, "alpha": 4.4, "a": 0.8, "b": 2.4}"#).contains("r = -1"));
    assert!(bad(r#"{"r": 0.2, "alpha": 1e-320, "a": 0.8, "b": 2.4}"#).contains("alpha"));
    let e = serde_json::from_str::<ModifiedBetaGeo>(r#"{"r": 0.2, "alpha": 4.4, "a": 0.0, "b": 2.4}"#);
    assert!(e.unwrap_err().to_string().contains("a = 0"));
    let e = serde_json::from_str::<ParetoNbd>(r#"{"r": 0.5, "alpha": 10.0, "s": 0.6, "beta": -11.0}"#);
    assert!(e.unwrap_err().to_string().contains("beta"));
    let e = serde_json::from_str::<BetaGeoBetaBinom>(r#"{"alpha": 1.2, "beta": 0.7, "gamma": 0.6, "delta": 0.0}"#);
    assert!(e.unwrap_err().to_string().contains("delta"));
    let e = serde_json::from_str::<GammaGamma>(r#"{"p": 6.25, "q": -3.7, "v": 15.4}"#);
    assert!(e.unwrap_err().to_string().contains("q"));
}
