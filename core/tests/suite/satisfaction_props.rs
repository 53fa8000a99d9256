//! Invariants of the satisfaction and trust formulas, stated as properties.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::satisfaction::{NpsOptions, nps, sample_size};
use custometrics::trust::{TrustRatings, TrustScale, sensitivity, trust_over_raters, trust_score_batch};
use custometrics::{NanPolicy, satisfaction::disconfirmation};
use proptest::prelude::*;

fn scores() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0u8..=10).prop_map(f64::from), 1..300)
}
fn rating() -> impl Strategy<Value = f64> {
    1.0..=10.0f64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn nps_counts_add_up_and_interval_contains_score(s in scores(), c in 0.5..0.999f64) {
        let r = nps(&s, &NpsOptions::default().with_confidence(c).with_nan_policy(NanPolicy::Raise)).unwrap();
        prop_assert_eq!(r.promoters + r.passives + r.detractors, s.len() as u64);
        prop_assert!((-100.0..=100.0).contains(&r.score));
        prop_assert!(r.ci_low <= r.score && r.score <= r.ci_high);
        prop_assert!(r.std_error >= 0.0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn nps_is_order_free_and_scales_with_replication(s in scores(), k in 1usize..4) {
        let a = nps(&s, &NpsOptions::default()).unwrap();
        let mut rev = s.clone();
        rev.reverse();
        prop_assert_eq!(nps(&rev, &NpsOptions::default()).unwrap().score, a.score);
        // k copies of the sample: same score, standard error shrinks by √k.
        let big: Vec<f64> = std::iter::repeat_n(s.iter().copied(), k).flatten().collect();
        let b = nps(&big, &NpsOptions::default()).unwrap();
        prop_assert!((b.score - a.score).abs() < 1e-9);
        prop_assert!((b.std_error * (k as f64).sqrt() - a.std_error).abs() < 1e-9);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn nps_omit_equals_dropping_nan(s in scores(), holes in prop::collection::vec(any::<prop::sample::Index>(), 0..5)) {
        let mut with = s.clone();
        for h in &holes { let i = h.index(with.len()); with.insert(i, f64::NAN); }
        let omit = nps(&with, &NpsOptions::default().with_nan_policy(NanPolicy::Omit)).unwrap();
        prop_assert_eq!(omit, nps(&s, &NpsOptions::default()).unwrap());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn disconfirmation_overall_between_extremes(pe in prop::collection::vec((0.0..10.0f64, 0.0..10.0f64, 0.01..5.0f64), 1..30)) {
        let (p, rest): (Vec<f64>, Vec<(f64, f64)>) = pe.iter().map(|&(a, b, c)| (a, (b, c))).unzip();
        let (e, w): (Vec<f64>, Vec<f64>) = rest.into_iter().unzip();
        let d = disconfirmation(&p, &e, Some(&w), 1.0).unwrap();
        let gaps: Vec<f64> = d.attributes.iter().map(|a| a.gap).collect();
        let lo = gaps.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = gaps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(d.overall_gap >= lo - 1e-9 && d.overall_gap <= hi + 1e-9);
        prop_assert!((d.importance.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn trust_rises_with_c_r_i_and_falls_with_s(c in rating(), r in rating(), i in rating(), s in 1.0..9.0f64) {
        let scale = TrustScale::default();
        let t = TrustRatings::new(c, r, i, s, scale).unwrap();
        let more_s = TrustRatings::new(c, r, i, s + 1.0, scale).unwrap();
        prop_assert!(more_s.score() < t.score());
        let sens = sensitivity(&t, scale);
        prop_assert!(sens.gains.iter().all(|g| *g >= 0.0));
        prop_assert!(sens.d_self_orientation < 0.0 && sens.d_numerator > 0.0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn batch_trust_matches_scalar(rows in prop::collection::vec((rating(), rating(), rating(), rating()), 1..50)) {
        let col = |k: usize| rows.iter().map(|r| [r.0, r.1, r.2, r.3][k]).collect::<Vec<f64>>();
        let (c, r, i, s) = (col(0), col(1), col(2), col(3));
        let batch = trust_score_batch(&c, &r, &i, &s, TrustScale::default(), NanPolicy::Raise).unwrap();
        for (k, t) in batch.iter().enumerate() {
            prop_assert_eq!(*t, TrustRatings::new(c[k], r[k], i[k], s[k], TrustScale::default()).unwrap().score());
        }
        let agg = trust_over_raters(&c, &r, &i, &s, TrustScale::default()).unwrap();
        prop_assert!(agg.mean_of_scores >= 0.3 - 1e-12 && agg.score_of_means <= 30.0 + 1e-12);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn sample_size_falls_with_margin(e in 0.01..0.2f64, c in 0.8..0.99f64, n in 10u64..100_000) {
        let wide = sample_size(e * 1.5, c, 0.5, None).unwrap().n;
        let narrow = sample_size(e, c, 0.5, None).unwrap().n;
        prop_assert!(wide <= narrow);
        prop_assert!(sample_size(e, c, 0.5, Some(n)).unwrap().n <= narrow.min(n));
    }
}
