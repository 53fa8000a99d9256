//! Invariants of the survey forms of disconfirmation and importance–performance analysis:
//! unweighted and in one segment they are the per-attribute functions of the attribute means,
//! weights of 1 give the unweighted answers, one segment holding everyone is the total, and
//! every interval contains its estimate and stays in its range.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::satisfaction::{
    BySegment, Design, DisconfirmationOptions, DriverMethod, IpaImportance, IpaOptions, KeyDriversOptions, Mean,
    SatisfactionState, disconfirmation, disconfirmation_survey, ipa, ipa_survey, key_drivers,
};
use custometrics::{Column, Matrix};
use proptest::prelude::*;

/// Respondents × attributes ratings on 1..=7 (two matrices of one shape) and importance weights.
fn survey() -> impl Strategy<Value = (usize, Vec<f64>, Vec<f64>, Vec<f64>)> {
    (1usize..5, 1usize..30).prop_flat_map(|(cols, rows)| {
        let m = || prop::collection::vec((1u8..=7).prop_map(f64::from), cols * rows);
        (
            Just(cols),
            m(),
            m(),
            prop::collection::vec(0.0..5.0f64, cols).prop_map(|mut w| {
                w[0] += 0.5; // not all zero
                w
            }),
        )
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn col_means(m: &[f64], cols: usize) -> Vec<f64> {
    let rows = (m.len() / cols) as f64;
    (0..cols).map(|j| m.iter().skip(j).step_by(cols).sum::<f64>() / rows).collect()
}

fn in_range(m: &Mean, lo: f64, hi: f64) -> bool {
    lo <= m.ci_low && m.ci_low <= m.mean && m.mean <= m.ci_high && m.ci_high <= hi
}

fn all_means<T>(r: &BySegment<T>, f: impl Fn(&T) -> Vec<Mean>) -> Vec<Mean> {
    r.segments.iter().flatten().chain(std::iter::once(&r.total)).flat_map(f).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn disconfirmation_survey_of_everyone_is_disconfirmation_of_the_means((cols, p, e, w) in survey()) {
        let (pm, em) = (Matrix::new("perceptions", &p, cols).unwrap(), Matrix::new("expectations", &e, cols).unwrap());
        let o = DisconfirmationOptions::default().with_importance(Some(w.clone()));
        let r = disconfirmation_survey(&pm, &em, &Design::default(), &o).unwrap().total;
        let d = disconfirmation(&col_means(&p, cols), &col_means(&e, cols), Some(&w), 1.0).unwrap();
        for (g, a) in r.gaps.iter().zip(&d.attributes) {
            prop_assert!(close(g.mean, a.gap), "{} {}", g.mean, a.gap);
        }
        prop_assert!(close(r.overall_gap.mean, d.overall_gap), "{} {}", r.overall_gap.mean, d.overall_gap);
        prop_assert_eq!(&r.importance, &d.importance);
        // States agree wherever rounding cannot decide them (a gap not within 1e-9 of 0 or 1).
        let clear = |g: f64| g.abs() > 1e-9 && (g - 1.0).abs() > 1e-9;
        for (s, a) in r.states.iter().zip(&d.attributes) {
            if clear(a.gap) {
                prop_assert_eq!(*s, a.state);
            }
        }
        if clear(d.overall_gap) {
            prop_assert_eq!(r.overall_state, d.overall_state);
        }
        prop_assert_eq!(r.overall_state, SatisfactionState::of_gap(r.overall_gap.mean, 1.0));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn disconfirmation_survey_weights_of_one_and_one_segment_are_the_total(
        (cols, p, e, w) in survey(), k in 1u8..4, dw in prop::collection::vec(0.1..5.0f64, 30),
    ) {
        let (pm, em) = (Matrix::new("perceptions", &p, cols).unwrap(), Matrix::new("expectations", &e, cols).unwrap());
        let rows = pm.rows();
        let o = DisconfirmationOptions::default().with_importance(Some(w));
        let plain = disconfirmation_survey(&pm, &em, &Design::default(), &o).unwrap();
        let ones = vec![1.0; rows];
        let weighted = disconfirmation_survey(&pm, &em, &Design::weights(Column::from(&ones[..])), &o).unwrap();
        prop_assert_eq!(&weighted.total, &plain.total);
        let zeros = vec![0u8; rows];
        let one = disconfirmation_survey(&pm, &em, &Design::segments(Column::from(&zeros[..])), &o).unwrap();
        prop_assert_eq!(one.segments[0].as_ref().unwrap(), &plain.total);
        prop_assert_eq!(&one.total, &plain.total);
        // Any segments, any weights: the intervals contain their estimates, within ±6.
        let codes: Vec<u8> = (0..rows).map(|i| (i % usize::from(k)) as u8).collect();
        let d = Design { weights: Some(Column::from(&dw[..rows])), segments: Some(Column::from(&codes[..])), n_segments: None };
        let r = disconfirmation_survey(&pm, &em, &d, &o).unwrap();
        for m in all_means(&r, |e| e.gaps.iter().chain([&e.overall_gap]).cloned().collect()) {
            prop_assert!(in_range(&m, -6.0, 6.0), "{m:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn ipa_survey_of_everyone_is_ipa_of_the_means((cols, perf, imp, _) in survey()) {
        let (pm, im) = (Matrix::new("performance", &perf, cols).unwrap(), Matrix::new("importance", &imp, cols).unwrap());
        let r = ipa_survey(&pm, IpaImportance::Stated(&im), &Design::default(), &IpaOptions::default()).unwrap().total;
        let (mi, mp) = (col_means(&imp, cols), col_means(&perf, cols));
        let q = ipa(&mi, &mp, None, None).unwrap();
        prop_assert!(close(r.importance_cut, q.importance_cut) && close(r.performance_cut, q.performance_cut));
        for j in 0..cols {
            prop_assert!(close(r.importance[j], mi[j]) && close(r.performance[j].mean, mp[j]));
            // Quadrants agree wherever rounding cannot decide them.
            if (mi[j] - q.importance_cut).abs() > 1e-9 && (mp[j] - q.performance_cut).abs() > 1e-9 {
                prop_assert_eq!(r.quadrants[j], q.quadrants[j]);
            }
        }
        // The estimate's own numbers place the attributes as ipa does.
        let own: Vec<f64> = r.performance.iter().map(|m| m.mean).collect();
        prop_assert_eq!(&ipa(&r.importance, &own, None, None).unwrap().quadrants, &r.quadrants);
        let means: Vec<f64> = r.importance_intervals.as_ref().unwrap().iter().map(|m| m.mean).collect();
        prop_assert_eq!(&means, &r.importance);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn ipa_survey_weights_of_one_and_one_segment_are_the_total(
        (cols, perf, imp, _) in survey(), k in 1u8..4, dw in prop::collection::vec(0.1..5.0f64, 30),
    ) {
        let (pm, im) = (Matrix::new("performance", &perf, cols).unwrap(), Matrix::new("importance", &imp, cols).unwrap());
        let rows = pm.rows();
        let o = IpaOptions::default();
        let stated = IpaImportance::Stated(&im);
        let plain = ipa_survey(&pm, stated, &Design::default(), &o).unwrap();
        let ones = vec![1.0; rows];
        prop_assert_eq!(&ipa_survey(&pm, stated, &Design::weights(Column::from(&ones[..])), &o).unwrap().total, &plain.total);
        let zeros = vec![0u8; rows];
        let one = ipa_survey(&pm, stated, &Design::segments(Column::from(&zeros[..])), &o).unwrap();
        prop_assert_eq!(one.segments[0].as_ref().unwrap(), &plain.total);
        let codes: Vec<u8> = (0..rows).map(|i| (i % usize::from(k)) as u8).collect();
        let d = Design { weights: Some(Column::from(&dw[..rows])), segments: Some(Column::from(&codes[..])), n_segments: None };
        let r = ipa_survey(&pm, stated, &d, &o).unwrap();
        let intervals = |e: &custometrics::satisfaction::IpaEstimate| {
            e.performance.iter().chain(e.importance_intervals.iter().flatten()).cloned().collect()
        };
        for m in all_means(&r, intervals) {
            prop_assert!(in_range(&m, 1.0, 7.0), "{m:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn derived_importance_is_the_whole_samples_key_drivers_in_every_segment(
        (cols, perf, overall, _) in survey(), shapley in any::<bool>(), k in 1u8..4,
    ) {
        prop_assume!(cols >= 2);
        let pm = Matrix::new("performance", &perf, cols).unwrap();
        let overall: Vec<f64> = overall.iter().step_by(cols).copied().collect();
        let method = if shapley { DriverMethod::Shapley } else { DriverMethod::RelativeWeights };
        let kd = key_drivers(&overall, &pm, &KeyDriversOptions::default().with_method(method));
        let codes: Vec<u8> = (0..pm.rows()).map(|i| (i % usize::from(k)) as u8).collect();
        let r = ipa_survey(&pm, IpaImportance::Derived { overall: &overall, method }, &Design::segments(Column::from(&codes[..])), &IpaOptions::default());
        match kd {
            Err(e) => prop_assert_eq!(r.unwrap_err(), e), // the key drivers' error, as it is
            Ok(kd) => {
                let r = r.unwrap();
                for e in r.segments.iter().flatten().chain([&r.total]) {
                    prop_assert_eq!(&e.importance, &kd.importance);
                    prop_assert_eq!(e.r_squared, Some(kd.r_squared));
                    prop_assert!(e.importance_intervals.is_none());
                }
            }
        }
    }
}
