//! Invariants of the assessment instruments, stated as properties.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::assessment::{
    AhpOptions, DecisionOptions, ExcellenceOptions, GBT19580, Instrument, Normalise, ORIENTATION, OrientationOptions,
    ahp, decision, excellence, orientation,
};
use custometrics::{Matrix, NanPolicy};
use proptest::prelude::*;

fn team() -> impl Strategy<Value = Vec<Vec<f64>>> {
    prop::collection::vec(prop::collection::vec((1u8..=5).prop_map(f64::from), 40), 1..12)
}
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn orientation_scores_stay_within_their_maxima(rows in team()) {
        let data = rows.concat();
        let r = orientation(&Matrix::new("answers", &data, 40).unwrap(), &ORIENTATION, None, &OrientationOptions::default()).unwrap();
        for s in r.respondents.iter().flatten() {
            prop_assert!(s.total >= 40.0 && s.total <= 200.0);
            for c in &s.categories {
                prop_assert!(c.total >= 0.0 && c.total <= c.max && c.share <= 1.0 && c.share >= 0.2);
            }
        }
        for c in r.all.categories.iter().chain([&r.all.overall]) {
            prop_assert!(c.mean_share.is_some_and(|m| (0.2..=1.0).contains(&m)));
            prop_assert!(c.rwg.is_none_or(|a| (0.0..=1.0).contains(&a)));
            if let (Some(lo), Some(hi), Some(m)) = (c.ci_low, c.ci_high, c.mean_share) {
                prop_assert!(lo <= m && m <= hi);
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn reordering_respondents_changes_nothing(rows in team(), seed in any::<u64>()) {
        let groups: Vec<String> = (0..rows.len()).map(|i| if (seed >> (i % 64)) & 1 == 1 { "a".into() } else { "b".into() }).collect();
        let r = orientation(&Matrix::new("answers", &rows.concat(), 40).unwrap(), &ORIENTATION, Some(&groups), &OrientationOptions::default()).unwrap();
        let rev_rows: Vec<Vec<f64>> = rows.iter().rev().cloned().collect();
        let rev_groups: Vec<String> = groups.iter().rev().cloned().collect();
        let q = orientation(&Matrix::new("answers", &rev_rows.concat(), 40).unwrap(), &ORIENTATION, Some(&rev_groups), &OrientationOptions::default()).unwrap();
        for (a, b) in r.all.categories.iter().zip(&q.all.categories) {
            prop_assert!(close(a.mean_share, b.mean_share) && close(a.sd, b.sd) && close(a.rwg, b.rwg) && close(a.ci_low, b.ci_low));
        }
        for g in &r.groups {
            let h = q.groups.iter().find(|h| h.group == g.group).unwrap();
            prop_assert_eq!(g.n, h.n);
            prop_assert!(close(g.overall.mean_share, h.overall.mean_share) && close(g.overall.rwg, h.overall.rwg));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn orientation_never_panics(values in prop::collection::vec(prop_oneof![Just(f64::NAN), -2.0..8.0f64, (0u8..7).prop_map(f64::from)], 1..30), cols in 1usize..6, omit in any::<bool>()) {
        let inst = Instrument::from_counts(&[("a", 2), ("b", 3)], 1, 5).unwrap();
        let options = OrientationOptions::default().with_nan_policy(if omit { NanPolicy::Omit } else { NanPolicy::Propagate });
        if let Ok(m) = Matrix::new("answers", &values, cols) {
            let _ = orientation(&m, &inst, None, &options);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn excellence_points_stay_within_the_frame(rows in prop::collection::vec(prop::collection::vec((0u8..=20).prop_map(|k| f64::from(k) * 5.0), 7), 1..6)) {
        let r = excellence(&Matrix::new("scores", &rows.concat(), 7).unwrap(), &GBT19580, &ExcellenceOptions::default()).unwrap();
        for s in r.examiners.iter().chain([&r.consensus, &r.consensus_mean]) {
            prop_assert!(s.total >= 0.0 && s.total <= 1000.0 + 1e-9);
            for c in &s.categories {
                prop_assert!(c.earned >= 0.0 && c.earned <= c.points + 1e-9);
            }
        }
        for u in &r.units {
            prop_assert!(u.min <= u.median && u.median <= u.max && u.min <= u.mean && u.mean <= u.max);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn scaling_all_weights_changes_nothing(
        scores in prop::collection::vec(0.0..10.0f64, 12),
        weights in prop::collection::vec(0.01..10.0f64, 3),
        k in 0.001..1000.0f64,
        how in prop_oneof![Just(Normalise::None), Just(Normalise::MinMax), Just(Normalise::Vector)],
    ) {
        let m = Matrix::new("scores", &scores, 3).unwrap();
        let opts = DecisionOptions::default().with_normalise(how);
        let a = decision(&m, &weights, &opts).unwrap();
        let scaled: Vec<f64> = weights.iter().map(|w| w * k).collect();
        let b = decision(&m, &scaled, &opts).unwrap();
        for (x, y) in a.totals.iter().zip(&b.totals) {
            prop_assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0));
        }
        if a.margin.is_some_and(|g| g > 1e-9) {
            prop_assert_eq!(&a.order[..1], &b.order[..1]);
        }
        if how == Normalise::MinMax {
            prop_assert!(a.totals.iter().all(|t| (-1e-12..=1.0 + 1e-12).contains(t)));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn sensitivity_threshold_is_a_tie(scores in prop::collection::vec(0.0..10.0f64, 12), weights in prop::collection::vec(0.05..1.0f64, 3)) {
        let m = Matrix::new("scores", &scores, 3).unwrap();
        let d = decision(&m, &weights, &DecisionOptions::default()).unwrap();
        let top = d.order[0];
        for (k, s) in d.sensitivity.iter().enumerate() {
            if let (Some(t), Some(b)) = (s.threshold, s.new_top) {
                prop_assert!((0.0..=1.0).contains(&t));
                // At the threshold, with the other weights rescaled, the two totals meet.
                let w: Vec<f64> = d.weights.iter().enumerate().map(|(j, w)| if j == k { t } else { w * (1.0 - t) / (1.0 - d.weights[k]) }).collect();
                let total = |i: usize| scores[i * 3..i * 3 + 3].iter().zip(&w).map(|(x, w)| x * w).sum::<f64>();
                prop_assert!((total(top) - total(b)).abs() <= 1e-9 * total(top).abs().max(1.0));
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn ahp_recovers_the_weights_of_a_consistent_matrix(v in prop::collection::vec(0.1..9.0f64, 1..10)) {
        let n = v.len();
        let a: Vec<f64> = (0..n * n).map(|k| v[k / n] / v[k % n]).collect();
        let r = ahp(&Matrix::new("pairwise", &a, n).unwrap(), &AhpOptions::default()).unwrap();
        let s: f64 = v.iter().sum();
        for (w, x) in r.weights.iter().zip(&v) {
            prop_assert!((w - x / s).abs() <= 1e-12);
        }
        prop_assert!((r.lambda_max - n as f64).abs() <= 1e-9 && !r.inconsistent);
        prop_assert!((r.weights.iter().sum::<f64>() - 1.0).abs() <= 1e-12);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn ahp_lambda_max_is_at_least_n(upper in prop::collection::vec(prop_oneof![(1u8..=9).prop_map(f64::from), (1u8..=9).prop_map(|x| 1.0 / f64::from(x))], 6)) {
        let n = 4;
        let mut a = vec![1.0; n * n];
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                a[i * n + j] = upper[k];
                a[j * n + i] = 1.0 / upper[k];
                k += 1;
            }
        }
        let r = ahp(&Matrix::new("pairwise", &a, n).unwrap(), &AhpOptions::default()).unwrap();
        prop_assert!(r.lambda_max >= n as f64 - 1e-9);
        prop_assert!(r.weights.iter().all(|w| *w > 0.0));
        prop_assert_eq!(r.inconsistent, r.cr.unwrap() > 0.1);
    }
}
