//! Invariants of the loyalty module, stated as properties.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use custometrics::loyalty::{
    DickBasuClass, JonesSasserClass, JonesSasserOptions, dick_basu, jones_sasser, loyalty_index, loyalty_indicators,
    normalised_score,
};
use proptest::prelude::*;

fn pairs(lo: f64, hi: f64) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((lo..=hi, lo..=hi), 1..300).prop_map(|p| p.into_iter().unzip())
}

fn ratings() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec(((1u8..=5).prop_map(f64::from), (1u8..=5).prop_map(f64::from)), 1..300)
        .prop_map(|p| p.into_iter().unzip())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn dick_basu_cells_partition_the_customers((a, p) in pairs(0.0, 10.0), given in any::<bool>()) {
        let (at, pt) = if given { (Some(5.0), Some(3.0)) } else { (None, None) };
        let d = dick_basu(&a, &p, at, pt).unwrap();
        let c = d.counts;
        prop_assert_eq!(c.loyal + c.latent + c.spurious + c.no_loyalty, a.len() as u64);
        let s = d.shares;
        prop_assert!((s.loyal + s.latent + s.spurious + s.no_loyalty - 1.0).abs() < 1e-12);
        for ((&x, &y), &class) in a.iter().zip(&p).zip(&d.classes) {
            prop_assert_eq!(class, DickBasuClass::of(x >= d.attitude_threshold, y >= d.patronage_threshold));
        }
        if !given {
            // At or above the median: at least half the customers on each axis.
            let high_a = a.iter().filter(|&&x| x >= d.attitude_threshold).count();
            let high_p = p.iter().filter(|&&y| y >= d.patronage_threshold).count();
            prop_assert!(2 * high_a >= a.len() && 2 * high_p >= a.len());
            let low_a = a.iter().filter(|&&x| x <= d.attitude_threshold).count();
            prop_assert!(2 * low_a >= a.len());
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn jones_sasser_quadrants_partition_and_extremes_nest((s, l) in ratings()) {
        let o = JonesSasserOptions::default();
        let j = jones_sasser(&s, &l, &o).unwrap();
        let c = j.counts;
        prop_assert_eq!(c.loyalist + c.mercenary + c.hostage + c.defector, s.len() as u64);
        prop_assert!(c.apostle <= c.loyalist && c.terrorist <= c.defector);
        for ((&x, &y), &class) in s.iter().zip(&l).zip(&j.classes) {
            let q = match (x >= o.satisfaction_cut, y >= o.loyalty_cut) {
                (true, true) => JonesSasserClass::Loyalist,
                (true, false) => JonesSasserClass::Mercenary,
                (false, true) => JonesSasserClass::Hostage,
                (false, false) => JonesSasserClass::Defector,
            };
            prop_assert_eq!(class.quadrant(), q);
            prop_assert_eq!(class == JonesSasserClass::Apostle, x >= 5.0 && y >= 5.0);
            prop_assert_eq!(class == JonesSasserClass::Terrorist, x <= 1.0 && y <= 1.0);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn indicators_add_up(counts in prop::collection::vec((0u8..4, 0u8..4), 1..300)) {
        let (prev, cur): (Vec<f64>, Vec<f64>) =
            counts.iter().map(|&(a, b)| (f64::from(a), f64::from(b))).unzip();
        prop_assume!(prev.iter().any(|&x| x > 0.0));
        let k = loyalty_indicators(&prev, &cur, None, None).unwrap();
        prop_assert!((k.retention_rate + k.churn_rate - 1.0).abs() < 1e-12);
        prop_assert!((k.growth_rate - (k.acquisition_rate - k.churn_rate)).abs() < 1e-12);
        prop_assert_eq!(k.retained + k.churned, k.active_previous);
        prop_assert_eq!(k.retained + k.acquired, k.active_current);
        prop_assert!((0.0..=1.0).contains(&k.repeat_purchase_rate));
        prop_assert_eq!(k.mean_inter_purchase_time, None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn inter_purchase_time_is_a_mean_gap(gap in 0.5..30.0f64, k in prop::collection::vec(2u8..6, 1..50)) {
        // Customers buying k times at a fixed gap: the mean gap is that gap.
        let prev: Vec<f64> = k.iter().map(|&x| f64::from(x)).collect();
        let cur = vec![0.0; k.len()];
        let first = vec![0.0; k.len()];
        let last: Vec<f64> = k.iter().map(|&x| f64::from(x - 1) * gap).collect();
        let t = loyalty_indicators(&prev, &cur, Some(&first), Some(&last)).unwrap();
        prop_assert!((t.mean_inter_purchase_time.unwrap() - gap).abs() < 1e-9 * gap);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn loyalty_index_is_a_weighted_mean(
        s in prop::collection::vec(0.0..=1.0f64, 7),
        w in prop::collection::vec(0.0..10.0f64, 7),
        c in 0.01..100.0f64,
    ) {
        prop_assume!(w.iter().sum::<f64>() > 1e-6);
        let l = loyalty_index(&s, &w).unwrap();
        prop_assert!((0.0..=100.0 + 1e-9).contains(&l.index));
        let scaled: Vec<f64> = w.iter().map(|x| x * c).collect();
        prop_assert!((loyalty_index(&s, &scaled).unwrap().index - l.index).abs() < 1e-9);
        let parts: f64 = l.measures.iter().map(|m| m.contribution).sum();
        prop_assert!((parts - l.index).abs() < 1e-9);
        let same = loyalty_index(&[s[0]; 7], &w).unwrap();
        prop_assert!((same.index - 100.0 * s[0]).abs() < 1e-9);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn normalised_scores_run_from_worst_to_best(v in -1e3..1e3f64, worst in -1e3..1e3f64, best in -1e3..1e3f64) {
        prop_assume!((best - worst).abs() > 1e-9);
        let s = normalised_score(v, worst, best).unwrap();
        prop_assert!((0.0..=1.0).contains(&s));
        prop_assert_eq!(normalised_score(worst, worst, best).unwrap(), 0.0);
        prop_assert_eq!(normalised_score(best, worst, best).unwrap(), 1.0);
    }
}
