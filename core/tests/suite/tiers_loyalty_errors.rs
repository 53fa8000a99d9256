//! Bad input to the loyalty and tiers modules: each gets its named error (code, field, index),
//! including the Rust-only forms (`_into` buffers, matrix constructors, options), and no input
//! makes any function panic. The error cases the bindings share live in golden_tiers.json.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use custometrics::Error;
use custometrics::loyalty::{self, JonesSasserOptions};
use custometrics::satisfaction::Scale;
use custometrics::tiers::{self, ScoreRange, SegmentMap, TransitionMatrix};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn is<T: std::fmt::Debug>(r: Result<T, Error>, code: &str, field: &str, index: Option<usize>) {
    let e = r.unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), (code, Some(field), index), "{e}");
    assert!(!e.to_string().is_empty());
}

fn p2() -> TransitionMatrix {
    TransitionMatrix::new(2, vec![0.9, 0.1, 0.5, 0.5]).unwrap()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn buffers_must_fit() {
    let v = [1.0, 2.0, 3.0];
    is(tiers::abc_into(&v, 0.8, 0.95, &mut [0; 2]), "length_mismatch", "out", None);
    is(tiers::pyramid_into(&v, &[0.5, 0.5], &mut [0; 4]), "length_mismatch", "out", None);
    is(tiers::quantile_scores_into(&v, 2, false, &mut [0; 1]), "length_mismatch", "out", None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn tier_counts_and_levels_are_bounded() {
    let v: Vec<f64> = (0..300).map(f64::from).collect();
    is(tiers::pyramid(&v, &[1.0 / 256.0; 256]), "invalid", "shares", None);
    is(tiers::pyramid(&v, &[]), "empty", "shares", None);
    is(tiers::pyramid(&v, &[f64::NAN, 1.0]), "not_finite", "shares", Some(0));
    is(tiers::quantile_scores(&v, 256, false), "out_of_range", "q", None);
    is(tiers::quantile_scores(&v, 0, false), "out_of_range", "q", None);
    is(tiers::lorenz(&v, 0), "out_of_range", "points", None);
    is(tiers::profit_pyramid(&v, &vec![0u8; 300], 0), "out_of_range", "n_tiers", None);
    is(tiers::profit_pyramid(&v, &vec![0u8; 300], 5000), "out_of_range", "n_tiers", None);
    is(tiers::migration::<u8>(&[], &[], 2), "empty", "from_tiers", None);
    is(tiers::migration(&[0u8], &[0u8], 0), "out_of_range", "n_tiers", None);
    is(tiers::migration(&[0u16, 300], &[0u16, 0], 3), "out_of_range", "from_tiers", Some(1));
    is(tiers::abc(&[1.0, 2.0, f64::MAX, f64::MAX], 0.8, 0.95), "invalid", "values", None);
    is(tiers::gini(&[-1e308, 1e308, 1e308]), "invalid", "values", None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn errors_name_the_first_bad_index_in_a_large_array() {
    let mut v = vec![1.0; 200_000];
    v[150_001] = -2.0;
    v[190_000] = f64::NAN;
    is(tiers::abc(&v, 0.8, 0.95), "out_of_range", "values", Some(150_001));
    is(tiers::pyramid(&v, &[0.5, 0.5]), "not_finite", "values", Some(190_000));
    let a = vec![1.0; 200_000];
    is(loyalty::dick_basu(&a, &v, None, None), "not_finite", "patronage", Some(190_000));
    let labels: Vec<i64> = (0..200_000).map(|i| if i == 123_456 { -3 } else { i % 4 }).collect();
    is(tiers::profit_pyramid(&a, &labels, 4), "out_of_range", "tiers", Some(123_456));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn segment_maps_are_checked() {
    let mut map = SegmentMap::standard();
    map.rules[2].f = ScoreRange::new(0, 3);
    is(tiers::rfm_segments(&[1], &[1], &[1], &map), "invalid", "rules", Some(2));
    map.rules[2].f = ScoreRange::new(4, 2);
    is(map.validate(), "invalid", "rules", Some(2));
    let mut map = SegmentMap::standard();
    map.q = 4; // rules written for 5 scores
    is(map.validate(), "invalid", "rules", Some(0));
    is(tiers::rfm_segments(&[1, 2], &[1], &[1, 2], &SegmentMap::standard()), "length_mismatch", "f", None);
    is(tiers::rfm_segments(&[0], &[1], &[1], &SegmentMap::standard()), "out_of_range", "r", Some(0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn transition_matrices_are_checked() {
    is(TransitionMatrix::new(2, vec![1.0, 0.0, 1.0]), "length_mismatch", "transition", None);
    is(TransitionMatrix::new(0, vec![]), "out_of_range", "n_tiers", None);
    is(TransitionMatrix::new(2, vec![1.0, 0.0, f64::NAN, 1.0]), "not_finite", "transition", Some(2));
    is(TransitionMatrix::new(2, vec![0.6, 0.3, 0.5, 0.5]), "invalid", "transition", Some(0));
    is(TransitionMatrix::from_rows(&[vec![1.0, 0.0], vec![1.0]]), "length_mismatch", "transition[1]", None);
    is(TransitionMatrix::from_rows(&[vec![0.5, 0.5]]), "length_mismatch", "transition", None);
    // Deserialising validates too.
    let bad: Result<TransitionMatrix, _> = serde_json::from_str(r#"{"n_tiers":2,"probabilities":[0.5,0.6,0,1]}"#);
    assert!(bad.is_err());
    let good: TransitionMatrix = serde_json::from_str(&serde_json::to_string(&p2()).unwrap()).unwrap();
    assert_eq!(good, p2());
    // A migration with an empty starting tier gives no transition matrix.
    is(tiers::migration(&[0u8, 0], &[0u8, 1], 2).unwrap().transition(), "invalid", "transition", Some(1));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn projections_and_clv_check_their_inputs() {
    let m = [Decimal::ONE, Decimal::ZERO];
    is(tiers::project(&[1.0, -1.0], &p2(), 3), "out_of_range", "distribution", Some(1));
    is(tiers::markov_clv(&p2(), &m, -0.1, Some(3)), "out_of_range", "discount_rate", None);
    is(tiers::markov_clv(&p2(), &m, f64::NAN, None), "not_finite", "discount_rate", None);
    is(tiers::markov_clv(&p2(), &m, 0.1, Some(100_001)), "out_of_range", "horizon", None);
    // Without a horizon and with no discount the sum has no end; with a horizon it is fine.
    is(tiers::markov_clv(&p2(), &m, 0.0, None), "diverges", "discount_rate", None);
    assert_eq!(tiers::markov_clv(&p2(), &m, 0.0, Some(0)).unwrap(), m.to_vec());
    let huge = [Decimal::MAX, Decimal::MAX];
    is(tiers::markov_clv(&p2(), &huge, 0.01, None), "diverges", "margins", None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn loyalty_options_are_checked() {
    let s = [4.0, 5.0];
    let o = JonesSasserOptions::default().with_satisfaction_cut(6.0);
    is(loyalty::jones_sasser(&s, &s, &o), "out_of_range", "satisfaction_cut", None);
    let o = JonesSasserOptions::default().with_loyalty_scale(Scale { min: 5.0, max: 1.0 });
    is(loyalty::jones_sasser(&s, &s, &o), "out_of_range", "loyalty_scale.max", None);
    let o = JonesSasserOptions::default().with_terrorist_loyalty(f64::NAN);
    is(loyalty::jones_sasser(&s, &s, &o), "not_finite", "terrorist_loyalty", None);
    is(loyalty::jones_sasser(&s, &[1.0], &JonesSasserOptions::default()), "length_mismatch", "loyalty", None);
    is(loyalty::loyalty_index(&[0.5; 7], &[0.0; 7]), "invalid", "weights", None);
    is(loyalty::loyalty_index(&[0.5; 7], &[1.0, 1.0, -1.0, 1.0, 1.0, 1.0, 1.0]), "out_of_range", "weights", Some(2));
    is(loyalty::normalised_score(1.0, 2.0, 2.0), "division_by_zero", "best", None);
    is(loyalty::normalised_score(f64::INFINITY, 0.0, 1.0), "not_finite", "value", None);
    is(loyalty::loyalty_indicators(&[1.0, 2.0], &[1.0], None, None), "length_mismatch", "current", None);
    is(loyalty::loyalty_indicators(&[1.0, -2.0], &[1.0, 1.0], None, None), "out_of_range", "previous", Some(1));
    let (first, last) = ([0.0, f64::NAN], [1.0, 2.0]);
    is(
        loyalty::loyalty_indicators(&[1.0, 2.0], &[1.0, 1.0], Some(&first), Some(&last)),
        "not_finite",
        "first_purchase",
        Some(1),
    );
    // Customers who never bought may have no times at all.
    let (first, last) = ([0.0, f64::NAN], [1.0, f64::NAN]);
    assert!(loyalty::loyalty_indicators(&[1.0, 0.0], &[1.0, 0.0], Some(&first), Some(&last)).is_ok());
}

fn any_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![any::<f64>(), -10.0..10.0f64, Just(0.0), Just(f64::NAN)], 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the input, every function returns (a result or an error) without panicking.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn nothing_panics(
        v in any_values(),
        w in any_values(),
        x in any::<f64>(),
        y in any::<f64>(),
        q in 0u32..300,
        labels in prop::collection::vec(-3i64..300, 0..40),
        scores in prop::collection::vec(any::<u8>(), 0..40),
        horizon in prop::option::of(0u32..50),
    ) {
        let _ = tiers::abc(&v, x, y);
        let _ = tiers::abc(&v, 0.8, 0.95);
        let _ = tiers::pyramid(&v, &w);
        let _ = tiers::curry(&v);
        let _ = tiers::quantile_scores(&v, q, x > 0.0);
        let _ = tiers::rfm_scores(&v, &w, &v, q);
        let _ = tiers::rfm_segments(&scores, &scores, &scores, &SegmentMap::standard());
        let _ = tiers::gini(&v);
        let _ = tiers::lorenz(&v, q as usize);
        let _ = tiers::profit_pyramid(&v, &labels, q as usize);
        let _ = tiers::migration(&labels, &labels, q as usize);
        let n = (w.len() as f64).sqrt() as usize;
        if let Ok(p) = TransitionMatrix::new(n, w.iter().take(n * n).copied().collect()) {
            let _ = tiers::steady_state(&p);
            let _ = tiers::project(&v, &p, q);
            let m: Vec<Decimal> = v.iter().map(|&a| Decimal::from_f64_retain(a).unwrap_or_default()).collect();
            let _ = tiers::markov_clv(&p, &m, x, horizon.map(u64::from));
        }
        let _ = loyalty::dick_basu(&v, &w, Some(x), None);
        let _ = loyalty::dick_basu(&v, &v, None, None);
        let _ = loyalty::jones_sasser(&v, &w, &JonesSasserOptions::default());
        let _ = loyalty::loyalty_indicators(&v, &w, Some(&v), Some(&w));
        let _ = loyalty::loyalty_index(&v, &w);
        let _ = loyalty::normalised_score(x, y, x - y);
    }
}
