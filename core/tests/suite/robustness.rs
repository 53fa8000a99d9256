//! Inputs at the edges that once gave a panic, a NaN, an infinity, a saturated count or an error
//! blaming the wrong argument, outside the fitted models: validated types that stay valid when
//! deserialised, checked counts, exact money at the ends of the `Decimal` range, sizes and
//! intervals at confidences near 1, finite inputs near the top of the `f64` range, and errors
//! that name the argument and the value given. Each test failed before its fix.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use custometrics::loyalty::loyalty_indicators;
use custometrics::retention::models::GammaGamma;
use custometrics::retention::{
    ClvOptions, Cohort, SummaryOptions, clv, cost_ratio, customer_equity, payback, retention_impact,
    summary_from_transactions,
};
use custometrics::satisfaction::{Design, ServqualOptions, servqual_survey};
use custometrics::satisfaction::{
    GapRatings, IcebergShares, Importance, Instrument, Nps, NpsOptions, Scale, complaint_iceberg, csi, disconfirmation,
    five_gaps, ipa, margin_of_error, nps, sample_size, servqual,
};
use custometrics::tiers::{TransitionMatrix, markov_clv};
use custometrics::trust::{TrustRatings, TrustScale, trust_over_raters, trust_score};
use custometrics::{Error, Matrix};
use rust_decimal::Decimal;
use std::str::FromStr;

fn assert_err<T: std::fmt::Debug>(r: Result<T, Error>, code: &str, field: Option<&str>, index: Option<usize>) -> Error {
    let e = r.unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), (code, field, index), "{e}");
    e
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

// ---- validated types stay valid when deserialised ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_deserialised_trust_scale_is_validated() {
    // {min: 0} once let trust_score(5, 5, 5, 0, …) return Ok(inf)
    let err = serde_json::from_str::<TrustScale>(r#"{"min": 0.0, "max": 10.0}"#).unwrap_err();
    assert!(err.to_string().contains("scale.min"), "{err}");
    assert!(serde_json::from_str::<TrustScale>(r#"{"min": 5.0, "max": 1.0}"#).is_err());
    let s: TrustScale = serde_json::from_str(r#"{"min": 1.0, "max": 5.0}"#).unwrap();
    assert_eq!((s.min(), s.max()), (1.0, 5.0));
    assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"min":1.0,"max":5.0}"#);
    // a scale on which T or its slope overflow is refused
    assert_err(TrustScale::new(1e-300, 1e10), "out_of_range", Some("scale.min"), None);
    assert_err(TrustScale::new(1.0, 1e308), "out_of_range", Some("scale.max"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn trust_ratings_cannot_hold_a_zero_self_orientation() {
    // The fields were public: TrustRatings { self_orientation: 0.0, .. }.score() was inf. Now
    // they are read through accessors, and deserialising checks them.
    let bad = r#"{"credibility": 5.0, "reliability": 5.0, "intimacy": 5.0, "self_orientation": 0.0}"#;
    let err = serde_json::from_str::<TrustRatings>(bad).unwrap_err();
    assert!(err.to_string().contains("self_orientation"), "{err}");
    let huge = r#"{"credibility": 1e308, "reliability": 1e308, "intimacy": 1.0, "self_orientation": 1.0}"#;
    assert!(serde_json::from_str::<TrustRatings>(huge).is_err());
    let r: TrustRatings = serde_json::from_str(&bad.replace("0.0}", "3.0}")).unwrap();
    assert_eq!(r.score(), 5.0);
    let r = TrustRatings::new(7.0, 8.0, 6.0, 3.0, TrustScale::default()).unwrap();
    assert_eq!((r.credibility(), r.reliability(), r.intimacy(), r.self_orientation()), (7.0, 8.0, 6.0, 3.0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn trust_near_the_top_of_the_range_stays_finite() {
    let scale = TrustScale::new(1.0, 5e307).unwrap();
    let t = trust_score(5e307, 5e307, 5e307, 1.0, scale).unwrap();
    assert_eq!(t, 1.5e308);
    let a = trust_over_raters(&[5e307; 8], &[5e307; 8], &[5e307; 8], &[1.0; 8], scale).unwrap();
    assert_eq!(a.mean_ratings[0], 5e307); // the sum of eight overflows; the mean does not
    assert!(a.mean_of_scores.is_finite() && a.score_of_means.is_finite());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_deserialised_servqual_instrument_is_validated() {
    // An item mapped to dimension 7 of 2 once made servqual index out of bounds (a panic).
    let bad = r#"{"dimension_names": ["a", "b"], "item_dimensions": [0, 7]}"#;
    let err = serde_json::from_str::<Instrument>(bad).unwrap_err();
    assert!(err.to_string().contains("item_dimensions[1] = 7"), "{err}");
    let empty_dimension = r#"{"dimension_names": ["a", "b"], "item_dimensions": [0, 0]}"#;
    assert!(serde_json::from_str::<Instrument>(empty_dimension).is_err());
    let ok: Instrument = serde_json::from_str(r#"{"dimension_names": ["a", "b"], "item_dimensions": [0, 1]}"#).unwrap();
    let e = Matrix::new("expectations", &[5.0, 5.0], 2).unwrap();
    let p = Matrix::new("perceptions", &[6.0, 4.0], 2).unwrap();
    assert_eq!(servqual(&ok, &e, &p, None).unwrap().sample.dimension_gaps, vec![1.0, -1.0]);
}

// ---- counts ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn nps_counts_that_overflow_are_refused() {
    // panicked in debug; in release the sum wrapped to n = 1 and a score of 1.8e21
    assert_err(Nps::from_counts(u64::MAX, 1, 1, 0.95), "out_of_range", Some("detractors"), None);
    assert_err(Nps::from_counts(0, 0, 0, 0.95), "empty", Some("scores"), None);
    // 2³² answers: a count that a 32-bit usize would have truncated to 0
    let s = Nps::from_counts(1 << 32, 0, 0, 0.95).unwrap();
    assert_eq!((s.score, s.n), (100.0, 1 << 32));
}

// ---- money ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn money_ratios_beyond_a_decimal_are_numbers_not_nan() {
    // 500 / 1e-28 = 5e30 overflows a Decimal: the ratio was NaN
    assert_eq!(cost_ratio(Decimal::from(500), dec("1e-28")).unwrap(), 5e30);
    // the quotient of the two as f64: within an ulp or two of the exact ratio
    let close = |x: f64, want: f64| assert!((x / want - 1.0).abs() < 4.0 * f64::EPSILON, "{x} vs {want}");
    close(cost_ratio(dec("1e28"), dec("1e-28")).unwrap(), 1e56);
    // and a tiny one kept its digits (it rounded to 0 at 28 decimal places)
    close(cost_ratio(dec("1e-28"), dec("1e28")).unwrap(), 1e-56);
    let p = payback(Decimal::from(300), dec("1e-28"), 0.5, &ClvOptions::default()).unwrap();
    assert_eq!(p.simple_periods, Some(3e30));
    let imp = retention_impact(dec("1e-28"), 1e-20, 0.999, &ClvOptions::default().with_discount(0.5));
    assert!(imp.unwrap().ratio.is_none_or(f64::is_finite));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn clv_near_q_one_keeps_its_digits() {
    // 100 Σ_{t=1..10} rᵗ at r = 0.9999999999999999: 1000 − 5.5e-13 + 1.65e-28 − … (binomial sums)
    let opts = ClvOptions::default().with_horizon(Some(10));
    let v = clv(Decimal::from(100), 0.9999999999999999, Decimal::ZERO, &opts).unwrap();
    assert_eq!(v.gross.round_dp(20), dec("999.99999999999945000000"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn clv_at_the_ends_of_the_decimal_range() {
    let growth = ClvOptions::default().with_growth(0.05);
    // 1e-28 · 0.5/0.475 = 1.05e-28: rounded once at 28 places, not to 0 on the way
    assert_eq!(clv(dec("1e-28"), 0.5, Decimal::ZERO, &growth).unwrap().gross, dec("1e-28"));
    // one period at r = 1, g = 0.05: the margin itself, 1e28 (was refused blaming the horizon)
    let one = ClvOptions::default().with_growth(0.05).with_horizon(Some(1));
    assert_eq!(clv(dec("1e28"), 1.0, Decimal::ZERO, &one).unwrap().gross, dec("1e28"));
    assert_eq!(clv(dec("4e28"), 1.0, Decimal::ZERO, &one).unwrap().gross, dec("4e28"));
    // two periods overflow: 4e28 (1 + 1.05) > 7.9e28; that is the margin's doing at this horizon
    let two = one.with_horizon(Some(2));
    assert_eq!(clv(dec("1e28"), 1.0, Decimal::ZERO, &two).unwrap().gross, dec("2.05e28"));
    assert_err(clv(dec("4e28"), 1.0, Decimal::ZERO, &two), "out_of_range", Some("margin"), None);
    // a horizon whose qⁿ sum outgrows a Decimal is the horizon's
    let long = one.with_horizon(Some(10_000));
    assert_err(clv(Decimal::ONE, 1.0, Decimal::ZERO, &long), "out_of_range", Some("horizon"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn customer_equity_blames_acquired_in_and_counts_customers_exactly() {
    let cohort = |customers: u64, acquired_in: u64| Cohort {
        customers,
        margin: Decimal::from(100),
        retention: 0.5,
        acquisition_cost: Decimal::ZERO,
        acquired_in,
    };
    let opts = ClvOptions::default().with_discount(0.1);
    // (1.1)^1e12 overflows a Decimal; the value is 0 at 28 places, not an error on customers
    let ce = customer_equity(&[cohort(10, 1_000_000_000_000)], &opts).unwrap();
    assert_eq!(ce.equity, Decimal::ZERO);
    // 1000 · 100·0.5/0.6 / 1.1^1000 = 83333.3… / 2.47e41 = 3.37e-37: 0 at 28 places
    assert_eq!(customer_equity(&[cohort(1000, 1000)], &opts).unwrap().equity, Decimal::ZERO);
    // 1.1^700 = 9.4e28 overflows; 1e16 · 83.33 / 9.4e28 = 8.8296e-12 survives (Python's floats:
    // 1e16*(100*0.5/0.6)/1.1**700 = 8.829561648922478e-12, good to about 12 digits)
    let v = customer_equity(&[cohort(10_000_000_000_000_000, 700)], &opts).unwrap().equity;
    assert_eq!(v.round_sf(12).unwrap(), dec("8.82956164892e-12"), "{v}");
    // a negative discount makes the value grow: the overflow is the wait's
    let grow = ClvOptions::default().with_discount(-0.5).with_horizon(Some(1));
    assert_err(customer_equity(&[cohort(10, 1000)], &grow), "out_of_range", Some("acquired_in"), Some(0));
    // the total count saturated at u64::MAX
    assert_err(
        customer_equity(&[cohort(u64::MAX, 0), cohort(1, 0)], &ClvOptions::default()),
        "out_of_range",
        Some("customers"),
        Some(1),
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unanimous_samples_that_differ_have_no_z() {
    // z was +inf: both samples have zero variance and differ, so the difference is certain
    let d = custometrics::satisfaction::nps_difference(&[10.0], &[3.0, 0.0], &NpsOptions::default()).unwrap();
    assert_eq!((d.z, d.p_value, d.difference), (None, 0.0, 200.0));
    let same = custometrics::satisfaction::nps_difference(&[10.0], &[9.0], &NpsOptions::default()).unwrap();
    assert_eq!((same.z, same.p_value), (Some(0.0), 1.0));
}

// ---- sizes and intervals ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sample_sizes_do_not_saturate() {
    // n₀ = 9.6e19 does not fit in a u64: was n = 18446744073709551615
    assert_err(sample_size(1e-10, 0.95, 0.5, None), "out_of_range", Some("margin"), None);
    // with a population, a margin that underflows e² asks for the whole population (was 1)
    assert_eq!(sample_size(5e-324, 0.95, 0.5, Some(1000)).unwrap().n, 1000);
    assert_eq!(sample_size(1e-200, 0.95, 0.5, Some(1000)).unwrap().n, 1000);
    // a proportion of 0 has no sampling error, however small the margin (was NaN → 1 by accident)
    let s = sample_size(5e-324, 0.95, 0.0, None).unwrap();
    assert_eq!((s.n, s.n_infinite), (1, 0.0));
    // the largest population: n = n₀ N / (N + n₀ − 1), n₀ = z² / (4e²) = 9.6e17
    let s = sample_size(1e-9, 0.95, 0.5, Some(u64::MAX)).unwrap();
    let (n0, big_n) = (s.n_infinite, u64::MAX as f64);
    assert!((s.n as f64 / (n0 * big_n / (big_n + n0 - 1.0)) - 1.0).abs() < 1e-12, "{}", s.n);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn z_near_confidence_one_comes_from_alpha() {
    // 0.9999999999999999 reads as the f64 just below 1, 1 − 2⁻⁵³, so the upper tail is 2⁻⁵⁴ and
    // z = −Φ⁻¹(2⁻⁵⁴) = 8.292361075813595 (Python's statistics.NormalDist().inv_cdf(2**-54),
    // Wichura's AS 241, good to about 1e-16). It was inf: 0.5 + c/2 rounds to 1.
    let c = 0.9999999999999999;
    let z = 8.292361075813595;
    let s = sample_size(0.05, c, 0.5, None).unwrap();
    assert!((s.z - z).abs() < 1e-12 * z, "{}", s.z);
    let e = margin_of_error(0.5, 100, c, None).unwrap();
    assert!((e - z * 0.05).abs() < 1e-12 * z, "{e}");
    let n = nps(&[10.0, 9.0, 0.0, 7.0], &NpsOptions::default().with_confidence(c)).unwrap();
    assert!(n.ci_low.is_finite() && n.ci_high.is_finite());
    // the textbook values stay: 1.959963984540054 at 95 %, 2.5758293035489 at 99 %
    assert!((sample_size(0.05, 0.95, 0.5, None).unwrap().z - 1.959963984540054).abs() < 1e-15);
    assert!((sample_size(0.05, 0.99, 0.5, None).unwrap().z - 2.5758293035489004).abs() < 1e-14);
    // and a confidence near 0 keeps its digits: z ≈ c √(π/2)
    let tiny = sample_size(0.05, 1e-20, 0.5, None).unwrap().z;
    assert!((tiny / (1e-20 * (std::f64::consts::PI / 2.0).sqrt()) - 1.0).abs() < 1e-12, "{tiny}");
}

// ---- near the top of the f64 range ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn csi_on_the_widest_scale_is_finite() {
    let ratings = Matrix::new("ratings", &[0.0, 1e308, -1e308, 0.0], 2).unwrap();
    let c = csi(&ratings, Scale::new(-1e308, 1e308).unwrap(), Importance::Equal).unwrap();
    assert_eq!(c.attribute_indexes, vec![25.0, 75.0]); // means −5e307 and 5e307
    assert_eq!(c.index, 50.0);
    // a scale written as a literal is checked (min = max was 0/0)
    let flat = Scale { min: 5.0, max: 5.0 };
    let five = Matrix::new("ratings", &[5.0], 1).unwrap();
    assert_err(csi(&five, flat, Importance::Equal), "out_of_range", Some("scale.max"), None);
    // derived importance from huge ratings: the correlation is scale-free
    let r = Matrix::new("ratings", &[1e308, 1e307, 1e306, 5e307], 1).unwrap();
    let d = csi(&r, Scale::new(0.0, 1.5e308).unwrap(), Importance::Derived { overall: &[4.0, 2.0, 1.0, 3.0] }).unwrap();
    assert!(d.correlations.unwrap()[0] > 0.9);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gaps_and_cuts_near_the_top_of_the_range() {
    let big = [1.5e308, 1.5e308];
    let r =
        five_gaps([Some(GapRatings { reference: &[1e308, 1e308], achieved: &big }), None, None, None, None]).unwrap();
    let g = r.gaps[0].as_ref().unwrap();
    assert_eq!((g.reference_mean, g.achieved_mean), (1e308, 1.5e308));
    assert!((g.gap - 5e307).abs() < 1e293);
    // a gap beyond the range is an error naming the achieved side
    let wide = five_gaps([Some(GapRatings { reference: &[-1.5e308], achieved: &[1.5e308] }), None, None, None, None]);
    assert_err(wide, "out_of_range", Some("gap1.achieved"), None);
    let cut = ipa(&[1e308, 1.5e308], &[1.0, 2.0], None, None).unwrap();
    assert_eq!(cut.importance_cut, 1.25e308);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn iceberg_overflow_names_the_input() {
    assert_err(
        complaint_iceberg(1e308, IcebergShares::default(), 5.0),
        "out_of_range",
        Some("formal_complaints"),
        None,
    );
    assert_err(complaint_iceberg(1e300, IcebergShares::default(), 1e300), "out_of_range", Some("people_told"), None);
    assert_eq!(complaint_iceberg(5e306, IcebergShares::default(), 1.0).unwrap().dissatisfied, 1e308);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn loyalty_and_summary_near_the_top_of_the_range() {
    // counts of 1e308 purchases and a span of 2e308: the mean gap is 1, not NaN
    let li = loyalty_indicators(&[1e308, 1.0], &[1e308, 0.0], Some(&[-1e308, 0.0]), Some(&[1e308, 0.0])).unwrap();
    let t = li.mean_inter_purchase_time.unwrap();
    assert!((t - 1.0).abs() < 1e-15, "{t}");
    // two transactions of 1e308 in separate days: the mean spend per repeat period is finite
    let day = 86_400;
    let s = summary_from_transactions(
        &[1u64, 1, 1],
        &[0, day, 2 * day],
        Some(&[1.0, 1e308, 1.5e308]),
        &SummaryOptions::default(),
    )
    .unwrap();
    assert_eq!(s.monetary_value.unwrap(), vec![1.25e308]);
    // two of 1.5e308 on the same repeat day: a mean of 3e308 per period is beyond the range
    let over = summary_from_transactions(
        &[1u64, 1, 1],
        &[0, day, day],
        Some(&[1.0, 1.5e308, 1.5e308]),
        &SummaryOptions::default(),
    );
    assert_err(over, "out_of_range", Some("values"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn independence_check_on_a_constant_column_is_an_error() {
    // was correlation NaN and p-value NaN
    let f = [1.0, 1.0, 1.0, 1.0];
    assert_err(
        GammaGamma::independence_check(&f, &[1.0, 2.0, 3.0, 4.0]),
        "division_by_zero",
        Some("frequency"),
        Some(0),
    );
    let m = [5.0; 4];
    assert_err(
        GammaGamma::independence_check(&[1.0, 2.0, 3.0, 4.0], &m),
        "division_by_zero",
        Some("monetary_value"),
        Some(0),
    );
    // three customers: no p-value (√(n − 3) = 0) — refused rather than NaN
    assert_err(GammaGamma::independence_check(&[1.0, 2.0, 3.0], &[1.0, 3.0, 2.0]), "empty", Some("frequency"), None);
    let c = GammaGamma::independence_check(&[1.0, 2.0, 3.0, 4.0], &[1e308, 2e307, 3e307, 4e307]).unwrap();
    assert!(c.correlation.is_finite() && c.p_value.is_finite());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn servqual_gaps_beyond_the_range_name_the_rating() {
    let i = Instrument::new(vec!["all".into()], vec![0, 0]).unwrap();
    // P − E = 7e300 + 1.79e308 overflows: was ±inf in the desired gap of the zone
    let a = Matrix::new("adequate", &[5.0, 4.0], 2).unwrap();
    let d = Matrix::new("desired", &[8.0, -f64::MAX], 2).unwrap();
    let p = Matrix::new("perceived", &[4.0, 7e300], 2).unwrap();
    assert_err(custometrics::satisfaction::zone_of_tolerance(&i, &a, &d, &p), "out_of_range", Some("desired"), Some(1));
    let e = Matrix::new("expectations", &[-1e308, 0.0], 2).unwrap();
    let q = Matrix::new("perceptions", &[1.5e308, 0.0], 2).unwrap();
    assert_err(servqual(&i, &e, &q, None), "out_of_range", Some("perceptions"), Some(0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn servqual_survey_refuses_a_scale_whose_width_overflows() {
    // -MAX..=MAX: every rating fits, but the gaps' scale ±(max − min) is ±inf, whose midpoint
    // is NaN: the survey panicked in a clamp of its interval instead of naming the scale.
    let i = Instrument::new(vec!["all".into()], vec![0, 0]).unwrap();
    let e = Matrix::new("expectations", &[5.0, 4.0, 3.0, 5.0], 2).unwrap();
    let p = Matrix::new("perceptions", &[4.0, 4.0, 3.0, 5.0], 2).unwrap();
    let wide = ServqualOptions::default().with_scale(Scale { min: -f64::MAX, max: f64::MAX });
    let e = assert_err(servqual_survey(&i, &e, &p, &Design::default(), &wide), "out_of_range", Some("scale.max"), None);
    assert!(e.to_string().contains("finite"), "{e}");
}

// ---- errors naming the argument and the value given ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn markov_clv_reports_the_horizon_given() {
    let p = TransitionMatrix::new(2, vec![0.5, 0.5, 0.0, 1.0]).unwrap();
    let m = [Decimal::from(12), Decimal::ZERO];
    // a binding narrowing 10¹² to u32 reported 4294967295
    let e = assert_err(markov_clv(&p, &m, 0.1, Some(1_000_000_000_000)), "out_of_range", Some("horizon"), None);
    assert!(e.to_string().starts_with("horizon = 1000000000000 "), "{e}");
}

#[test]
fn a_gap_beyond_the_float_range_is_refused_not_infinite() {
    // Found by the edge_props proptest: 1e308 − (−1e308) is inf, and the overall gap was −inf.
    let (p, e) = ([0.0, 0.0, 0.0, 1e308], [0.0, 0.0, 0.0, -1e308]);
    assert_err(disconfirmation(&p, &e, None, 1.0), "out_of_range", Some("perception"), Some(3));
    assert_err(disconfirmation(&e, &p, None, 1.0), "out_of_range", Some("perception"), Some(3));
    let near = disconfirmation(&[1e308], &[-7e307], None, 1.0).map(|d| d.overall_gap);
    assert!(near.is_ok_and(f64::is_finite));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_grand_mean_cut_of_values_near_the_float_limit_is_finite() {
    // Three importances of -MAX: the sum overflows, and so did the fallback sum of -MAX / 3
    // (rounded up in magnitude): the cut was -inf and every attribute sat above it.
    let q = ipa(&[-f64::MAX; 3], &[1.0, 2.0, 3.0], None, None).unwrap();
    assert_eq!((q.importance_cut, q.performance_cut), (-f64::MAX, 2.0));
    let q = ipa(&[f64::MAX; 3], &[f64::MAX, f64::MAX, f64::MAX], None, None).unwrap();
    assert_eq!((q.importance_cut, q.performance_cut), (f64::MAX, f64::MAX));
}
