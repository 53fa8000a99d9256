//! The public functions outside the fitted models on arbitrary finite and non-finite input,
//! weighted towards the ends of the f64 range: each returns `Err`, or `Ok` with finite numbers —
//! never a panic, a NaN or an infinity (the models have their own properties).
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::loyalty::{dick_basu, loyalty_index, loyalty_indicators, normalised_score};
use custometrics::retention::{
    ClvOptions, MarginTiming, clv, clv_batch, convert_churn, convert_retention, cost_ratio, expected_lifetime, payback,
    retention_impact,
};
use custometrics::satisfaction::{
    GapRatings, IcebergShares, Importance, NpsOptions, Scale, complaint_iceberg, csi, disconfirmation, five_gaps, ipa,
    margin_of_error, nps, nps_difference, sample_size,
};
use custometrics::tiers::{abc, gini, lorenz};
use custometrics::trust::{TrustScale, trust_over_raters, trust_score};
use custometrics::{Error, Matrix};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Any f64, with the edges drawn often: zeros, subnormals, the largest finite values, ±inf, NaN.
fn any() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => prop::num::f64::ANY,
        2 => prop::sample::select(vec![
            0.0, -0.0, 1.0, -1.0, 0.5, 10.0, 5e-324, 1e-300, 1e-154, 1e154, 1e300, 1e308, -1e308, f64::MAX, f64::MIN,
            0.9999999999999999, f64::INFINITY, f64::NEG_INFINITY, f64::NAN,
        ]),
        2 => -20.0..20.0f64,
    ]
}

fn many() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(any(), 0..8)
}

fn money() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::MAX),
        Just(Decimal::new(1, 28)),
        Just(Decimal::new(-1, 28)),
        (-1_000_000i64..1_000_000, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

fn finite(r: &Result<f64, Error>) -> bool {
    r.as_ref().map_or(true, |x| x.is_finite())
}

fn all_finite(xs: &[f64]) -> bool {
    xs.iter().all(|x| x.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn satisfaction_is_finite_or_an_error(a in many(), b in many(), x in any(), y in any(), z in any()) {
        if let Ok(s) = sample_size(x, y, z, None) {
            prop_assert!(s.z.is_finite() && s.n_infinite.is_finite());
        }
        prop_assert!(finite(&margin_of_error(x, 100, y, Some(1000))));
        if let Ok(n) = nps(&a, &NpsOptions::default().with_confidence(y)) {
            prop_assert!(all_finite(&[n.score, n.std_error, n.ci_low, n.ci_high]));
        }
        if let Ok(d) = nps_difference(&a, &b, &NpsOptions::default()) {
            prop_assert!(all_finite(&[d.difference, d.std_error, d.p_value, d.ci_low, d.ci_high]));
            prop_assert!(d.z.is_none_or(f64::is_finite));
        }
        if let Ok(i) = complaint_iceberg(x, IcebergShares::default(), y) {
            prop_assert!(all_finite(&[i.dissatisfied, i.voiced, i.silent, i.word_of_mouth_reach]));
        }
        if let Ok(d) = disconfirmation(&a, &b, None, x.abs()) {
            prop_assert!(d.overall_gap.is_finite());
        }
        if let Ok(r) = ipa(&a, &b, None, None) {
            prop_assert!(r.importance_cut.is_finite() && r.performance_cut.is_finite());
        }
        let n = a.len().min(b.len());
        if let Ok(g) = five_gaps([Some(GapRatings { reference: &a[..n], achieved: &b[..n] }), None, None, None, None]) {
            let g = g.gaps[0].as_ref().unwrap();
            prop_assert!(all_finite(&[g.gap, g.reference_mean, g.achieved_mean]));
        }
        if let (Ok(m), Ok(scale)) = (Matrix::new("ratings", &a, 1), Scale::new(x.min(y), x.max(y)))
            && let Ok(c) = csi(&m, scale, Importance::Equal)
        {
            prop_assert!(c.index.is_finite() && all_finite(&c.attribute_indexes));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn trust_is_finite_or_an_error(c in any(), r in any(), i in any(), s in any(), lo in any(), hi in any()) {
        if let Ok(scale) = TrustScale::new(lo, hi) {
            prop_assert!(finite(&trust_score(c, r, i, s, scale)));
            if let Ok(a) = trust_over_raters(&[c, hi], &[r, hi], &[i, hi], &[s, lo], scale) {
                prop_assert!(all_finite(&[a.mean_of_scores, a.score_of_means]) && all_finite(&a.mean_ratings));
                prop_assert!(all_finite(&a.sensitivity.mean_gains));
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn loyalty_and_tiers_are_finite_or_an_error(a in many(), b in many(), x in any(), y in any(), z in any()) {
        prop_assert!(finite(&normalised_score(x, y, z)));
        if let Ok(l) = loyalty_index(&a, &b) {
            prop_assert!(l.index.is_finite());
        }
        let n = a.len().min(b.len());
        if let Ok(l) = loyalty_indicators(&a[..n], &b[..n], Some(&b[..n]), Some(&a[..n])) {
            prop_assert!(all_finite(&[l.retention_rate, l.churn_rate, l.acquisition_rate, l.growth_rate]));
            prop_assert!(l.mean_inter_purchase_time.is_none_or(f64::is_finite));
        }
        let _ = dick_basu(&a[..n], &b[..n], Some(x), Some(y));
        prop_assert!(finite(&gini(&a)));
        if let Ok(l) = lorenz(&a, 5) {
            prop_assert!(all_finite(&l.population_share) && all_finite(&l.value_share) && l.gini.is_finite());
        }
        let _ = abc(&a, x, y);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn retention_economics_is_finite_or_an_error(
        m in money(), cost in money(), r in any(), d in any(), g in any(), h in prop::option::of(0u64..=u64::MAX),
        a in many(), b in many(),
    ) {
        prop_assert!(finite(&convert_retention(r, d, g)));
        prop_assert!(finite(&convert_churn(r, d, g)));
        prop_assert!(finite(&expected_lifetime(r)));
        prop_assert!(finite(&cost_ratio(cost, m)));
        let opts = ClvOptions::default().with_discount(d).with_growth(g).with_horizon(h).with_timing(MarginTiming::End);
        let _ = clv(m, r, cost, &opts);
        if let Ok(p) = payback(cost, m, r, &opts) {
            prop_assert!(p.simple_periods.is_none_or(f64::is_finite));
        }
        if let Ok(i) = retention_impact(m, r, g, &ClvOptions::default()) {
            prop_assert!(i.ratio.is_none_or(f64::is_finite));
        }
        let n = a.len().min(b.len());
        if let Ok(v) = clv_batch(&a[..n], &b[..n], &opts) {
            prop_assert!(all_finite(&v));
        }
    }
}
