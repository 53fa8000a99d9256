//! Invariants of the survey means (trust scores and the generic mean): weights of 1 give the
//! unweighted answers, the segments merged give the total, every interval stays on its scale,
//! contains its estimate and has a width; and the t interval is the textbook one.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::satisfaction::{
    CsiOptions, Design, DisconfirmationOptions, Importance, Instrument, Mean, MeanStream, Scale, ServqualOptions, csi,
    csi_survey, disconfirmation_survey, mean_difference, mean_survey, mean_versus_rest, servqual, servqual_survey,
};
use custometrics::trust::{TrustOptions, trust_survey};
use custometrics::{Column, Matrix, NanPolicy};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn ratings(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((1u8..=10).prop_map(f64::from), n)
}

fn in_range(m: &Mean, lo: f64, hi: f64) -> bool {
    lo <= m.ci_low && m.ci_low <= m.mean && m.mean <= m.ci_high && m.ci_high <= hi && m.ci_low < m.ci_high
}

fn mean_of(v: &[f64], design: &Design<'_>) -> custometrics::satisfaction::BySegment<Mean> {
    mean_survey(Column::from(v), (1.0, 10.0), design, 0.95, NanPolicy::Raise).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn weights_of_one_give_the_unweighted_answer(v in ratings(1..120)) {
        let ones = vec![1.0; v.len()];
        let plain = mean_of(&v, &Design::default()).total;
        let w = mean_of(&v, &Design::weights(Column::from(&ones[..]))).total;
        prop_assert_eq!(&w, &plain);
        prop_assert_eq!(plain.effective_n, v.len() as f64);
        // Scaling every weight changes nothing but rounding.
        let threes = vec![3.0; v.len()];
        let w3 = mean_of(&v, &Design::weights(Column::from(&threes[..]))).total;
        prop_assert!(close(w3.mean, plain.mean) && close(w3.std_error, plain.std_error) && close(w3.ci_low, plain.ci_low));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn segments_merged_give_the_total_and_each_segment_its_own_mean(
        v in ratings(1..150),
        k in 1u8..6,
        seed in 0u64..1000,
        weighted in any::<bool>(),
    ) {
        let codes: Vec<u8> = (0..v.len()).map(|i| ((i as u64 * 2654435761 + seed) % u64::from(k)) as u8).collect();
        let w: Vec<f64> = (0..v.len()).map(|i| if weighted { 0.5 + ((i * 7) % 5) as f64 } else { 1.0 }).collect();
        let d = Design { weights: Some(Column::from(&w[..])), segments: Some(Column::from(&codes[..])), n_segments: None };
        let r = mean_of(&v, &d);
        let whole = mean_of(&v, &Design::weights(Column::from(&w[..]))).total;
        prop_assert!(close(r.total.mean, whole.mean) && close(r.total.std_error, whole.std_error), "{:?} {:?}", r.total, whole);
        prop_assert!(close(r.total.ci_low, whole.ci_low) && close(r.total.ci_high, whole.ci_high));
        prop_assert_eq!(r.total.n, v.len() as u64);
        for (g, seg) in r.segments.iter().enumerate() {
            let keep: Vec<usize> = (0..v.len()).filter(|&i| usize::from(codes[i]) == g).collect();
            let (mv, mw): (Vec<f64>, Vec<f64>) = keep.iter().map(|&i| (v[i], w[i])).unzip();
            match seg {
                None => prop_assert!(keep.is_empty()),
                Some(seg) => {
                    let own = mean_of(&mv, &Design::weights(Column::from(&mw[..]))).total;
                    prop_assert_eq!(seg, &own);
                    prop_assert!(in_range(seg, 1.0, 10.0), "{seg:?}");
                }
            }
        }
    }

    /// Unweighted, the interval is x̄ ± t(n − 1) s / √n, checked against a two-pass s.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn unweighted_is_the_textbook_t_interval(v in ratings(2..200)) {
        let m = mean_of(&v, &Design::default()).total;
        let n = v.len() as f64;
        let xbar = v.iter().sum::<f64>() / n;
        let s2 = v.iter().map(|x| (x - xbar) * (x - xbar)).sum::<f64>() / (n - 1.0);
        prop_assert!(close(m.mean, xbar));
        prop_assert!(close(m.std_error, (s2 / n).sqrt()), "{} {}", m.std_error, (s2 / n).sqrt());
        prop_assert_eq!(m.dof, n - 1.0);
        prop_assert!(in_range(&m, 1.0, 10.0), "{m:?}");
        if s2 > 0.0 {
            prop_assert!(m.note.is_none());
            // symmetric unless clipped
            let (lo, hi) = (m.mean - m.ci_low, m.ci_high - m.mean);
            prop_assert!(m.ci_low == 1.0 || m.ci_high == 10.0 || close(lo, hi));
        } else {
            prop_assert!(m.note.is_some());
        }
    }

    /// Trust: the mean of the raters' T, inside T's range, merged segments give the total.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn trust_means_stay_in_range(
        rows in prop::collection::vec(((1u8..=10), (1u8..=10), (1u8..=10), (1u8..=10)), 1..80),
        k in 1u8..4,
    ) {
        let col = |f: fn(&(u8, u8, u8, u8)) -> u8| rows.iter().map(|r| f64::from(f(r))).collect::<Vec<f64>>();
        let (c, r, i, s) = (col(|x| x.0), col(|x| x.1), col(|x| x.2), col(|x| x.3));
        let codes: Vec<u8> = (0..rows.len()).map(|j| (j % usize::from(k)) as u8).collect();
        let cols = [&c[..], &r[..], &i[..], &s[..]].map(Column::from);
        let o = TrustOptions::default();
        let t = trust_survey(cols, &Design::segments(Column::from(&codes[..])), &o).unwrap();
        let direct: f64 = (0..rows.len()).map(|j| (c[j] + r[j] + i[j]) / s[j]).sum::<f64>() / rows.len() as f64;
        prop_assert!(close(t.total.mean, direct));
        prop_assert!(in_range(&t.total, 0.3, 30.0), "{:?}", t.total);
        for seg in t.segments.iter().flatten() {
            prop_assert!(in_range(seg, 0.3, 30.0), "{seg:?}");
        }
        let whole = trust_survey(cols, &Design::default(), &o).unwrap().total;
        prop_assert!(close(whole.mean, t.total.mean) && close(whole.ci_high, t.total.ci_high));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// CSI by segment: unweighted, each segment's index and attribute means are csi's of its
    /// rows; the total is csi's of every row; intervals stay in [0, 100] and on the scale.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn csi_by_segment_is_csi_of_each_segment(
        rows in prop::collection::vec(prop::collection::vec((1u8..=7).prop_map(f64::from), 3), 1..60),
        k in 1u8..4,
        stated in any::<bool>(),
    ) {
        let flat: Vec<f64> = rows.concat();
        let m = Matrix::new("ratings", &flat, 3).unwrap();
        let scale = Scale::new(1.0, 7.0).unwrap();
        let w = [2.0, 1.0, 1.0];
        let o = CsiOptions::default().with_scale(scale).with_importance(stated.then(|| w.to_vec()));
        let imp = if stated { Importance::Stated(&w) } else { Importance::Equal };
        let codes: Vec<u8> = (0..rows.len()).map(|j| (j % usize::from(k)) as u8).collect();
        let r = csi_survey(&m, &Design::segments(Column::from(&codes[..])), &o).unwrap();
        let whole = csi(&m, scale, imp).unwrap();
        prop_assert!(close(r.total.index.mean, whole.index), "{} {}", r.total.index.mean, whole.index);
        for (g, seg) in r.segments.iter().enumerate() {
            let mine: Vec<f64> = rows.iter().zip(&codes).filter(|(_, c)| usize::from(**c) == g).flat_map(|(r, _)| r.clone()).collect();
            let Some(seg) = seg else { prop_assert!(mine.is_empty()); continue };
            let own = csi(&Matrix::new("ratings", &mine, 3).unwrap(), scale, imp).unwrap();
            prop_assert!(close(seg.index.mean, own.index));
            prop_assert!(in_range(&seg.index, 0.0, 100.0), "{:?}", seg.index);
            for (a, want) in seg.attributes.iter().zip(&own.attribute_means) {
                prop_assert!(close(a.mean, *want) && in_range(a, 1.0, 7.0), "{a:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Welch's test unweighted is the textbook one (two-pass variances); swapping the samples
    /// negates the difference and keeps the test; the interval contains the difference and
    /// stays in [−width, width].
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn mean_difference_is_welch(a in ratings(2..80), b in ratings(2..80)) {
        let run = |x: &[f64], y: &[f64]| {
            mean_difference(Column::from(x), Column::from(y), (1.0, 10.0), (None, None), 0.95, NanPolicy::Raise).unwrap()
        };
        let (d, e) = (run(&a, &b), run(&b, &a));
        let var = |v: &[f64]| {
            let n = v.len() as f64;
            let m = v.iter().sum::<f64>() / n;
            v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0) / n
        };
        let (va, vb) = (var(&a), var(&b));
        prop_assert!(close(d.std_error, (va + vb).sqrt()));
        prop_assert!(close(d.difference, -e.difference) && close(d.p_value, e.p_value));
        prop_assert!(-9.0 <= d.ci_low && d.ci_low <= d.difference && d.difference <= d.ci_high && d.ci_high <= 9.0);
        prop_assert!((0.0..=1.0).contains(&d.p_value));
        if va > 0.0 && vb > 0.0 {
            let (na, nb) = (a.len() as f64 - 1.0, b.len() as f64 - 1.0);
            let dof = (va + vb) * (va + vb) / (va * va / na + vb * vb / nb);
            prop_assert!(close(d.dof, dof), "{} {}", d.dof, dof);
            prop_assert!(d.note.is_none() && d.ci_low < d.ci_high);
        }
        // weights of 1 change nothing
        let (ones_a, ones_b) = (vec![1.0; a.len()], vec![1.0; b.len()]);
        let w = mean_difference(Column::from(&a[..]), Column::from(&b[..]), (1.0, 10.0),
            (Some(Column::from(&ones_a[..])), Some(Column::from(&ones_b[..]))), 0.95, NanPolicy::Raise).unwrap();
        prop_assert_eq!(w, d);
    }

    /// Each segment against the rest is mean_difference of the segment's answers and the
    /// others' (weighted alike), and Holm's p-values are at least the raw ones and keep their
    /// order.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn each_segment_against_the_rest_is_welch_of_the_two_samples(
        rows in prop::collection::vec(((1u8..=10).prop_map(f64::from), 0u8..4, (1u8..=4).prop_map(f64::from)), 2..120),
        weighted in any::<bool>(),
    ) {
        let v: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let codes: Vec<u8> = rows.iter().map(|r| r.1).collect();
        let w: Vec<f64> = rows.iter().map(|r| if weighted { r.2 } else { 1.0 }).collect();
        let d = Design { segments: Some(Column::from(&codes[..])), weights: weighted.then(|| Column::from(&w[..])), n_segments: None };
        let t = mean_versus_rest(Column::from(&v[..]), (1.0, 10.0), &d, 0.95, NanPolicy::Raise).unwrap();
        let k = usize::from(*codes.iter().max().unwrap()) + 1;
        prop_assert_eq!(t.len(), k);
        for (g, test) in t.iter().enumerate() {
            let pick = |inside: bool| -> (Vec<f64>, Vec<f64>) {
                rows.iter().zip(&w).filter(|(r, _)| (usize::from(r.1) == g) == inside).map(|(r, &w)| (r.0, w)).unzip()
            };
            let ((a, wa), (b, wb)) = (pick(true), pick(false));
            if a.is_empty() || b.is_empty() {
                prop_assert!(test.is_none());
                continue;
            }
            let want = mean_difference(Column::from(&a[..]), Column::from(&b[..]), (1.0, 10.0),
                (Some(Column::from(&wa[..])), Some(Column::from(&wb[..]))), 0.95, NanPolicy::Raise).unwrap();
            let got = test.as_ref().unwrap();
            prop_assert!(close(got.test.difference, want.difference) && close(got.test.std_error, want.std_error));
            prop_assert!(close(got.test.p_value, want.p_value) && close(got.test.ci_low, want.ci_low));
            prop_assert!(got.p_holm >= got.test.p_value && got.p_holm <= 1.0);
        }
        let tested: Vec<_> = t.iter().flatten().collect();
        for x in &tested {
            for y in &tested {
                if x.test.p_value < y.test.p_value {
                    prop_assert!(x.p_holm <= y.p_holm);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// SERVQUAL by segment: unweighted, each segment's figures are servqual's sample figures of
    /// its rows, and every interval stays within ±(max − min).
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn servqual_by_segment_is_servqual_of_each_segment(
        rows in prop::collection::vec(prop::collection::vec((1u8..=7).prop_map(f64::from), 6), 1..50),
        k in 1u8..4,
    ) {
        let inst = Instrument::new(vec!["a".into(), "b".into()], vec![0, 0, 1]).unwrap();
        let e: Vec<f64> = rows.iter().flat_map(|r| r[..3].to_vec()).collect();
        let p: Vec<f64> = rows.iter().flat_map(|r| r[3..].to_vec()).collect();
        let codes: Vec<u8> = (0..rows.len()).map(|j| (j % usize::from(k)) as u8).collect();
        let o = ServqualOptions::default().with_importance(Some(vec![1.0, 3.0]));
        let (em, pm) = (Matrix::new("expectations", &e, 3).unwrap(), Matrix::new("perceptions", &p, 3).unwrap());
        let r = servqual_survey(&inst, &em, &pm, &Design::segments(Column::from(&codes[..])), &o).unwrap();
        let whole = servqual(&inst, &em, &pm, Some(&[1.0, 3.0])).unwrap().sample;
        prop_assert!(close(r.total.unweighted.mean, whole.unweighted));
        prop_assert!(close(r.total.weighted.as_ref().unwrap().mean, whole.weighted.unwrap()));
        for (g, seg) in r.segments.iter().enumerate() {
            let keep: Vec<usize> = (0..rows.len()).filter(|&j| usize::from(codes[j]) == g).collect();
            let Some(seg) = seg else { prop_assert!(keep.is_empty()); continue };
            let se: Vec<f64> = keep.iter().flat_map(|&j| rows[j][..3].to_vec()).collect();
            let sp: Vec<f64> = keep.iter().flat_map(|&j| rows[j][3..].to_vec()).collect();
            let own = servqual(&inst, &Matrix::new("e", &se, 3).unwrap(), &Matrix::new("p", &sp, 3).unwrap(), Some(&[1.0, 3.0]))
                .unwrap()
                .sample;
            prop_assert!(close(seg.unweighted.mean, own.unweighted));
            for (m, want) in seg.dimension_gaps.iter().zip(&own.dimension_gaps) {
                prop_assert!(close(m.mean, *want) && in_range(m, -6.0, 6.0), "{m:?}");
            }
        }
    }
}

/// One answer and unanimous answers: the distribution-free interval, with its note, and never
/// zero width; it narrows as answers accumulate.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[allow(clippy::disallowed_methods)] // the platform's powf for a reference value, compared within 1e-9
fn a_sample_without_spread_keeps_a_width() {
    let one = mean_of(&[4.0], &Design::default()).total;
    // p̄ = 0.95: [4 − 0.95·3, 4 + 0.95·6]
    assert!(close(one.ci_low, 4.0 - 0.95 * 3.0) && close(one.ci_high, 4.0 + 0.95 * 6.0), "{one:?}");
    assert!(one.note.is_some() && one.std_error == 0.0 && one.dof == 0.0);
    let twenty = mean_of(&[10.0; 20], &Design::default()).total;
    let p = 1.0 - 0.05f64.powf(1.0 / 20.0); // about 0.139
    assert_eq!(twenty.ci_high, 10.0);
    assert!(close(twenty.ci_low, 10.0 - p * 9.0), "{twenty:?}");
    let sixty = mean_of(&[10.0; 60], &Design::default()).total;
    assert!(sixty.ci_low > twenty.ci_low);
}

/// Answers equal up to rounding have no spread: two respondents' CSI of 5, 5, 4 and 3, 4, 7 are
/// both 14/3 on the 1..7 scale, computed one ulp apart on wasm32 (property testing found the
/// zero-width interval there), and get the distribution-free interval with its note.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn answers_equal_up_to_rounding_have_no_spread() {
    let m = Matrix::new("ratings", &[5.0, 5.0, 4.0, 3.0, 4.0, 7.0], 3).unwrap();
    let o = CsiOptions::default().with_scale(Scale::new(1.0, 7.0).unwrap());
    let r = csi_survey(&m, &Design::default(), &o).unwrap().total.index;
    assert!(close(r.mean, 100.0 * (14.0 / 3.0 - 1.0) / 6.0), "{r:?}");
    assert!(r.note.is_some() && r.std_error == 0.0 && in_range(&r, 0.0, 100.0), "{r:?}");
    // Values a hair apart on a 1..10 scale (1e-13, under 1e-12 of its larger bound) likewise.
    let v = mean_of(&[5.0, 5.0 + 1e-13], &Design::default()).total;
    assert!(v.note.is_some() && in_range(&v, 1.0, 10.0), "{v:?}");
}

/// Errors name the field, the index and the value.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_input_is_named() {
    let v = [3.0, 4.0, 11.0];
    let e = mean_survey(Column::from(&v[..]), (1.0, 10.0), &Design::default(), 0.95, NanPolicy::Raise).unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("values"), Some(2)));
    let w = [1.0, -1.0, 1.0];
    let ok = [3.0, 4.0, 5.0];
    let e =
        mean_survey(Column::from(&ok[..]), (1.0, 10.0), &Design::weights(Column::from(&w[..])), 0.95, NanPolicy::Raise)
            .unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("weights"), Some(1)));
    let zero = [0.0; 3];
    let e = mean_survey(
        Column::from(&ok[..]),
        (1.0, 10.0),
        &Design::weights(Column::from(&zero[..])),
        0.95,
        NanPolicy::Raise,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", Some("weights")));
    let e = mean_survey(Column::from(&ok[..]), (1.0, 10.0), &Design::default(), 1.0, NanPolicy::Raise).unwrap_err();
    assert_eq!(e.field(), Some("confidence"));
    let short = [0u8, 1];
    let e = mean_survey(
        Column::from(&ok[..]),
        (1.0, 10.0),
        &Design::segments(Column::from(&short[..])),
        0.95,
        NanPolicy::Raise,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("length_mismatch", Some("segments")));
    let nan = [3.0, f64::NAN, 5.0];
    let e = mean_survey(Column::from(&nan[..]), (1.0, 10.0), &Design::default(), 0.95, NanPolicy::Raise).unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("not_finite", Some("values"), Some(1)));
    let omit = mean_survey(Column::from(&nan[..]), (1.0, 10.0), &Design::default(), 0.95, NanPolicy::Omit).unwrap();
    assert_eq!((omit.total.mean, omit.total.n), (4.0, 2));
    let prop =
        mean_survey(Column::from(&nan[..]), (1.0, 10.0), &Design::default(), 0.95, NanPolicy::Propagate).unwrap();
    assert!(prop.total.mean.is_nan() && prop.total.n == 3);
    let s = [5.0; 3];
    let e = trust_survey(
        [&s[..], &s[..], &s[..], &[0.5, 5.0, 5.0][..]].map(Column::from),
        &Design::default(),
        &TrustOptions::default(),
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("self_orientation"), Some(0)));
    let e = mean_difference(
        Column::from(&ok[..]),
        Column::from(&ok[..]),
        (1.0, 10.0),
        (None, Some(Column::from(&w[..]))),
        0.95,
        NanPolicy::Raise,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("weights_b"), Some(1)));
    let e =
        mean_difference(Column::from(&ok[..]), Column::from(&v[..]), (1.0, 10.0), (None, None), 0.95, NanPolicy::Raise)
            .unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("b"), Some(2)));
    let d = mean_difference(
        Column::from(&[5.0; 3][..]),
        Column::from(&[3.0; 4][..]),
        (1.0, 10.0),
        (None, None),
        0.95,
        NanPolicy::Raise,
    )
    .unwrap();
    assert!(d.note.is_some() && d.ci_low < 2.0 && d.ci_high > 2.0 && d.p_value > 0.0 && d.p_value <= 1.0);
    assert_eq!(d.ci_low > 0.0, d.p_value < 0.05, "{d:?}"); // the interval and the test agree
    let many = mean_difference(
        Column::from(&[5.0; 90][..]),
        Column::from(&[3.0; 80][..]),
        (1.0, 10.0),
        (None, None),
        0.95,
        NanPolicy::Raise,
    )
    .unwrap();
    assert!(many.ci_low > 0.0 && many.p_value < 0.05, "{many:?}");
}

/// Segments are required; a segment whose answers are all omitted NaNs has no result (not a NaN
/// mean), and the other segment is tested against nothing.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn versus_rest_needs_segments_and_omitted_nans_are_no_answers() {
    let v = [3.0, 4.0, f64::NAN, f64::NAN];
    let e = mean_versus_rest(Column::from(&v[..]), (1.0, 10.0), &Design::default(), 0.95, NanPolicy::Omit).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid", Some("segments")));
    let codes = [0u8, 0, 1, 1];
    let d = Design::segments(Column::from(&codes[..]));
    let s = mean_survey(Column::from(&v[..]), (1.0, 10.0), &d, 0.95, NanPolicy::Omit).unwrap();
    assert!(s.segments[1].is_none());
    assert_eq!(s.total.mean, 3.5);
    let t = mean_versus_rest(Column::from(&v[..]), (1.0, 10.0), &d, 0.95, NanPolicy::Omit).unwrap();
    assert!(t.iter().all(Option::is_none));
    let p = mean_versus_rest(Column::from(&v[..]), (1.0, 10.0), &d, 0.95, NanPolicy::Propagate).unwrap();
    let first = p[0].as_ref().unwrap();
    assert!(first.test.b.mean.is_nan() && first.test.p_value.is_nan() && first.p_holm.is_nan());
}

/// A scale whose ends are near ±1.8e308 still gives finite means, standard errors and intervals
/// (the moments are kept in units of the half-width), and one stretched by a power of two gives
/// the same answers stretched by it, bit for bit (those units are exact).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn means_on_the_widest_scales_stay_finite_and_scale_exactly() {
    let v = [3.0, 4e154, 6.0, 2e154];
    let m = mean_survey(Column::from(&v[..]), (1.0, 5e154), &Design::default(), 0.95, NanPolicy::Raise).unwrap();
    assert!(m.total.std_error.is_finite() && m.total.std_error > 0.0 && in_range(&m.total, 1.0, 5e154), "{m:?}");
    let ratings = [8.0, 7.0, -1.7e308, 6.0, 5.0, 9.0];
    let wide = Scale::new(-1.7976931348623157e308, 10.0).unwrap();
    let s = csi_survey(
        &Matrix::new("ratings", &ratings, 2).unwrap(),
        &Design::default(),
        &CsiOptions::default().with_scale(wide),
    )
    .unwrap();
    assert!(s.total.attributes.iter().all(|a| a.std_error.is_finite() && a.ci_low.is_finite()), "{s:?}");
    let d = mean_difference(
        Column::from(&[5e300, 5.0, 2.0, 5.0][..]),
        Column::from(&[3.0, 3e154, 3.0][..]),
        (1.0, 5e300),
        (None, None),
        0.95,
        NanPolicy::Raise,
    )
    .unwrap();
    assert!(d.std_error.is_finite() && d.dof.is_finite() && d.p_value.is_finite() && d.ci_low.is_finite(), "{d:?}");
    let small = [2.0, 4.0, 5.0, 3.0, 5.0];
    let k = f64::from_bits((1023 + 900) << 52); // 2^900
    let big: Vec<f64> = small.iter().map(|x| x * k).collect();
    let a = mean_survey(Column::from(&small[..]), (1.0, 5.0), &Design::default(), 0.9, NanPolicy::Raise).unwrap();
    let b = mean_survey(Column::from(&big[..]), (k, 5.0 * k), &Design::default(), 0.9, NanPolicy::Raise).unwrap();
    assert_eq!(
        (a.total.mean * k, a.total.std_error * k, a.total.ci_low * k),
        (b.total.mean, b.total.std_error, b.total.ci_low)
    );
    // A scale narrower than the smallest normal number: the unit stops at 2^-1022 (so rows are
    // multiplied by its exact reciprocal), and the answers, multiples of 2^-1074, still come out
    // as the small scale's stretched, up to the last subnormal digit.
    let tiny = f64::from_bits(1 << 4); // 2^-1070
    let sub: Vec<f64> = small.iter().map(|x| x * tiny).collect();
    let c = mean_survey(Column::from(&sub[..]), (tiny, 5.0 * tiny), &Design::default(), 0.9, NanPolicy::Raise).unwrap();
    let ulp = f64::from_bits(1);
    for (got, want) in
        [(c.total.mean, a.total.mean), (c.total.std_error, a.total.std_error), (c.total.ci_low, a.total.ci_low)]
    {
        assert!((got - want * tiny).abs() <= ulp, "{got:e} against {:e}: {c:?}", want * tiny);
    }
    assert!(in_range(&c.total, tiny, 5.0 * tiny), "{c:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_sample_without_spread_on_a_scale_wider_than_a_float_keeps_finite_ends() {
    // One answer, a confidence below 1e-16 (so the share p̄ of other answers is 0) and a scale
    // whose width overflows: the distribution-free end v + p̄ (hi − v) was 0 · inf = NaN.
    let tiny = 1e-17;
    // p̄ = 0: an interval of width 0 at the answer, which a confidence of 1e-17 allows.
    let on =
        |m: &Mean, lo: f64, hi: f64| lo <= m.ci_low && m.ci_low <= m.mean && m.mean <= m.ci_high && m.ci_high <= hi;
    let one = Matrix::new("ratings", &[-1.2e307, 3.0], 2).unwrap();
    let wide = Scale::new(-f64::MAX, f64::MAX).unwrap();
    let c = csi_survey(&one, &Design::default(), &CsiOptions::default().with_scale(wide).with_confidence(tiny));
    let c = c.unwrap();
    for m in &c.total.attributes {
        assert!(on(m, -f64::MAX, f64::MAX) && m.ci_low == m.mean && m.ci_high == m.mean, "{c:?}");
    }
    // Gaps on ±(max − min) of a scale whose own width fits: ±1.7e308 is 3.4e308 wide.
    let i = Instrument::new(vec!["all".into()], vec![0, 0]).unwrap();
    let e = Matrix::new("expectations", &[1.7e308, 1e300], 2).unwrap();
    let p = Matrix::new("perceptions", &[1e300, 1.7e308], 2).unwrap();
    let o = ServqualOptions::default().with_scale(Scale::new(1e300, 1.7e308).unwrap()).with_confidence(tiny);
    let s = servqual_survey(&i, &e, &p, &Design::default(), &o).unwrap();
    let w = 1.7e308 - 1e300;
    for m in s.total.dimension_gaps.iter().chain([&s.total.unweighted]) {
        assert!(on(m, -w, w), "{s:?}");
    }
    let o = DisconfirmationOptions::default().with_scale(Scale::new(1e300, 1.7e308).unwrap()).with_confidence(tiny);
    let d = disconfirmation_survey(&p, &e, &Design::default(), &o).unwrap();
    for m in d.total.gaps.iter().chain([&d.total.overall_gap]) {
        assert!(on(m, -w, w), "{d:?}");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_sample_worth_one_answer_has_no_degree_of_freedom() {
    // Weights 1 and 1e90: Kish's n is exactly 1, so 0 degrees of freedom. Its own interval was
    // [3, 3] (a t quantile at 0 df taken as finite) and Welch's test against it 0 · 0 / 0 = NaN
    // (the variance squared underflows): now the whole scale, and a p-value of 1.
    let w = [1.0, 1.0000000000000002e90];
    let (a, b) = ([1.0, 2.0], [1.0, 3.0]);
    let ws = (None, Some(Column::from(&w[..])));
    let d = mean_difference(Column::from(&a[..]), Column::from(&b[..]), (1.0, 5.0), ws, 0.8, NanPolicy::Raise).unwrap();
    assert_eq!((d.b.effective_n, d.b.ci_low, d.b.ci_high), (1.0, 1.0, 5.0), "{d:?}");
    assert_eq!((d.dof, d.p_value, d.ci_low, d.ci_high), (0.0, 1.0, -4.0, 4.0), "{d:?}");
}

/// `mean_survey` of `v` and a `MeanStream` fed `v` in blocks cut at `cuts`.
fn streamed(
    v: &[f64],
    cuts: &[usize],
    nan_policy: NanPolicy,
) -> (custometrics::Result<Mean>, custometrics::Result<Mean>) {
    let whole = mean_survey(Column::from(v), (1.0, 10.0), &Design::default(), 0.9, nan_policy).map(|m| m.total);
    let mut stream = MeanStream::new((1.0, 10.0), 0.9, nan_policy).unwrap();
    let mut at = 0;
    for &c in cuts.iter().chain([&v.len()]) {
        let c = c.clamp(at, v.len());
        if let Err(e) = stream.push(&v[at..c]) {
            return (whole, Err(e));
        }
        at = c;
    }
    (whole, stream.finish())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Blocks of any lengths give one call's mean to the bit, NaN omitted or propagated, and an
    /// error names the same answer.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_stream_in_blocks_is_one_call(
        v in prop::collection::vec(prop_oneof![60 => (10u16..=100).prop_map(|x| f64::from(x) / 10.0), 2 => Just(f64::NAN), 1 => Just(11.0)], 0..200),
        mut cuts in prop::collection::vec(0usize..200, 0..6),
    ) {
        cuts.sort_unstable();
        for policy in [NanPolicy::Raise, NanPolicy::Omit, NanPolicy::Propagate] {
            let (whole, stream) = streamed(&v, &cuts, policy);
            match (whole, stream) {
                (Ok(a), Ok(b)) => prop_assert!(a == b || (a.mean.is_nan() && b.mean.is_nan() && a.n == b.n), "{a:?} {b:?}"),
                (Err(a), Err(b)) => prop_assert_eq!((a.kind(), a.field().map(str::to_owned), a.index()), (b.kind(), b.field().map(str::to_owned), b.index())),
                (a, b) => prop_assert!(false, "{a:?} {b:?}"),
            }
        }
    }
}

/// Across the fixed chunks of 65,536 rows in which one call sums (blocks cut inside and across
/// them), the stream's mean has the call's bits; an answer off the scale in a late block is named
/// by its index among all.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_stream_across_chunks_has_the_bits_of_one_call() {
    let v: Vec<f64> =
        (0..200_003u32).map(|i| 1.0 + f64::from(i % 997) * 9.0 / 997.0 + f64::from(i % 7) * 1e-3).collect();
    for cuts in [vec![], vec![1, 65_535, 65_536, 65_537], vec![70_000, 140_000], vec![131_072, 131_073, 199_999]] {
        let (whole, stream) = streamed(&v, &cuts, NanPolicy::Raise);
        assert_eq!(whole.unwrap(), stream.unwrap(), "{cuts:?}");
    }
    let mut bad = v.clone();
    bad[150_001] = 0.5;
    let (whole, stream) = streamed(&bad, &[65_536, 150_000], NanPolicy::Raise);
    let e = stream.unwrap_err();
    assert_eq!((e.field(), e.index()), (Some("values"), Some(150_001)));
    assert_eq!(e, whole.unwrap_err()); // the value and the message too
    // After an error the stream has no mean: later pushes and finish return the error again.
    let mut s = MeanStream::new((1.0, 10.0), 0.9, NanPolicy::Raise).unwrap();
    s.push(&[2.0, 3.0]).unwrap();
    let e = s.push(&[4.0, 12.0]).unwrap_err();
    assert_eq!((e.index(), s.push(&[5.0]).unwrap_err()), (Some(3), e.clone()));
    assert_eq!(s.push(&[]).unwrap_err(), e);
    assert_eq!(s.finish().unwrap_err(), e);
}
