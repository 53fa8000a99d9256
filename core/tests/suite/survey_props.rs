//! Invariants of the survey measures (segments, weights, interval methods): weights of 1 give
//! the unweighted answers, the segments merged give the total, every interval stays on its scale
//! and, for the methods centred on the estimate, contains it.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::satisfaction::{
    CsatOptions, Design, NpsMethod, NpsOptions, ProportionMethod, RateOptions, Trend, csat_survey, csat_with, nps,
    nps_difference, nps_survey, nps_versus_rest, satisfaction_rate_survey,
};
use custometrics::{Column, NanPolicy};
use proptest::prelude::*;

fn scores() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0u8..=10).prop_map(f64::from), 1..200)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// A trend's line and its test, bit for bit.
fn line<T>(t: &Trend<T>) -> [u64; 7] {
    let t_value = t.t.unwrap_or(f64::INFINITY);
    [t.slope, t.std_error, t_value, t.dof, t.p_value, t.ci_low, t.ci_high].map(f64::to_bits)
}

/// Whether the trend `ones` (weights of 1) has `plain`'s line to the bit and its periods'
/// estimates `est` (value, standard error) to rounding, and `scaled` (one other common weight)
/// its line to rounding.
fn agree<T>(plain: &Trend<T>, ones: &Trend<T>, scaled: &Trend<T>, est: impl Fn(&T) -> (f64, f64)) -> bool {
    let periods = ones.periods.iter().zip(&plain.periods).all(|(a, b)| match (a, b) {
        (Some(a), Some(b)) => {
            let ((x, e), (y, f)) = (est(a), est(b));
            close(x, y) && close(e, f)
        }
        (a, b) => a.is_none() && b.is_none(),
    });
    let pairs = [
        (scaled.slope, plain.slope),
        (scaled.std_error, plain.std_error),
        (scaled.dof, plain.dof),
        (scaled.p_value, plain.p_value),
    ];
    line(ones) == line(plain) && periods && pairs.iter().all(|&(a, b)| close(a, b))
}

const NPS_METHODS: [NpsMethod; 4] = [NpsMethod::Wald, NpsMethod::AdjustedWald, NpsMethod::Bootstrap, NpsMethod::Bayes];
const SHARE_METHODS: [ProportionMethod; 4] = [
    ProportionMethod::Wilson,
    ProportionMethod::AgrestiCoull,
    ProportionMethod::ClopperPearson,
    ProportionMethod::Wald,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn weights_of_one_give_the_unweighted_answer(s in scores(), m in 0usize..4) {
        let o = NpsOptions::default().with_method(NPS_METHODS[m]).with_resamples(200);
        let plain = nps(&s, &o).unwrap();
        let ones = vec![1.0; s.len()];
        let w = nps_survey(Column::from(&s[..]), &Design::weights(Column::from(&ones[..])), &o).unwrap().total;
        prop_assert_eq!(w.score, plain.score);
        prop_assert!(close(w.std_error, plain.std_error), "{} {}", w.std_error, plain.std_error);
        prop_assert!(close(w.effective_n, plain.n as f64));
        prop_assert!(close(w.ci_low, plain.ci_low) && close(w.ci_high, plain.ci_high), "{w:?} {plain:?}");
    }

    /// The sampling methods pay the weights' design effect: a sample whose `kept` answers share
    /// one weight (a power of two, so the weighted shares are exact) and whose others weigh 0
    /// has Kish's effective n = `kept`, and its bootstrap and posterior intervals are those of
    /// the `kept` answers unweighted, to the bit — not those of the whole sample's size.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn sampling_methods_resample_the_effective_n(s in scores(), cut in 0.0..1.0f64, e in 0usize..7, bayes: bool, seed in 0u64..1000) {
        let kept = ((s.len() as f64 * cut) as usize).max(1);
        let w = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0][e];
        let weights: Vec<f64> = (0..s.len()).map(|i| if i < kept { w } else { 0.0 }).collect();
        let method = if bayes { NpsMethod::Bayes } else { NpsMethod::Bootstrap };
        let o = NpsOptions::default().with_method(method).with_resamples(200).with_seed(seed);
        let alone = nps(&s[..kept], &o).unwrap();
        let weighted = nps_survey(Column::from(&s[..]), &Design::weights(Column::from(&weights[..])), &o).unwrap().total;
        prop_assert_eq!(weighted.effective_n, kept as f64);
        let bits = |a: f64, b: f64| [a.to_bits(), b.to_bits()];
        prop_assert_eq!(bits(weighted.ci_low, weighted.ci_high), bits(alone.ci_low, alone.ci_high), "{:?} {:?}", weighted, alone);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn segments_merged_give_the_total(s in scores(), k in 1u8..6, seed in 0u64..1000) {
        let codes: Vec<u8> = (0..s.len()).map(|i| ((i as u64 * 2654435761 + seed) % u64::from(k)) as u8).collect();
        let o = NpsOptions::default();
        let r = nps_survey(Column::from(&s[..]), &Design::segments(Column::from(&codes[..])), &o).unwrap();
        prop_assert_eq!(&r.total, &nps(&s, &o).unwrap());
        let mut counts = [0u64; 3];
        for (g, seg) in r.segments.iter().enumerate() {
            let mine: Vec<f64> = s.iter().zip(&codes).filter(|(_, c)| usize::from(**c) == g).map(|(v, _)| *v).collect();
            match seg {
                None => prop_assert!(mine.is_empty()),
                Some(seg) => {
                    prop_assert_eq!(seg, &nps(&mine, &o).unwrap());
                    counts[0] += seg.promoters;
                    counts[1] += seg.passives;
                    counts[2] += seg.detractors;
                }
            }
        }
        prop_assert_eq!(counts, [r.total.promoters, r.total.passives, r.total.detractors]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn nps_intervals_stay_on_the_scale(s in scores(), m in 0usize..4, c in 0.5..0.999f64, w in prop::collection::vec(0.0..5.0f64, 200)) {
        let o = NpsOptions::default().with_method(NPS_METHODS[m]).with_confidence(c).with_resamples(200);
        let mut w = w[..s.len()].to_vec();
        w[0] += 0.5; // not all zero
        for r in [nps(&s, &o).unwrap(), nps_survey(Column::from(&s[..]), &Design::weights(Column::from(&w[..])), &o).unwrap().total] {
            prop_assert!(-100.0 <= r.ci_low && r.ci_low <= r.ci_high && r.ci_high <= 100.0, "{r:?}");
            if matches!(r.method, NpsMethod::Wald | NpsMethod::Bootstrap) {
                // Centred on the estimate (the bootstrap up to its draws' spread).
                prop_assert!(r.ci_low <= r.score + 1e-9 && r.score <= r.ci_high + 1e-9 || r.method == NpsMethod::Bootstrap);
            }
            if r.ci_low == r.ci_high {
                prop_assert!(r.note.is_some(), "zero width without a note: {r:?}");
            }
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn share_intervals_contain_the_share(r in prop::collection::vec(1u8..=5, 1..200), m in 0usize..4, c in 0.5..0.999f64) {
        let o = CsatOptions::default().with_method(SHARE_METHODS[m]).with_confidence(c);
        let a = csat_with(Column::from(&r[..]), &o).unwrap();
        prop_assert!(0.0 <= a.ci_low && a.ci_low <= a.share && a.share <= a.ci_high && a.ci_high <= 1.0, "{a:?}");
        if a.ci_low == a.ci_high {
            prop_assert!(a.note.is_some(), "zero width without a note: {a:?}");
        }
        let ones = vec![1u8; r.len()];
        let w = csat_survey(Column::from(&r[..]), &Design::weights(Column::from(&ones[..])), &o).unwrap().total;
        prop_assert!(close(w.share, a.share) && close(w.ci_low, a.ci_low) && close(w.ci_high, a.ci_high), "{w:?} {a:?}");
    }
}

/// A line through every answer (two promoters in period 0, one detractor in period 1; and the
/// means 9, 9 then 0; and means whose sums round far above their scatter) has no scatter: standard error 0 and p-value 0 whichever way the periods
/// run, not a t made of the rounding of Σ(y − ȳ)² − b·Σ(x − x̄)(y − ȳ) (proptest found the NPS
/// case: t = −10⁸, p = 6e-9 forwards, p = 0 backwards).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_line_through_every_answer_has_no_error_either_way() {
    use custometrics::satisfaction::{mean_trend, nps_trend};
    let s = [9.0, 0.0, 9.0];
    for codes in [[0u8, 1, 0], [1, 0, 1]] {
        let d = Design::segments(Column::from(&codes[..]));
        let direction = if codes[0] == 0 { -1.0 } else { 1.0 };
        let t = nps_trend(Column::from(&s[..]), &d, &NpsOptions::default()).unwrap();
        assert!((t.slope - 200.0 * direction).abs() < 1e-12, "{t:?}");
        assert_eq!((t.std_error, t.p_value, t.t), (0.0, 0.0, None), "{t:?}");
        let m = mean_trend(Column::from(&s[..]), (0.0, 10.0), &d, 0.95, NanPolicy::Raise).unwrap();
        assert!((m.slope - 9.0 * direction).abs() < 1e-12 && m.std_error == 0.0 && m.p_value == 0.0, "{m:?}");
    }
    // Means whose sums of squares round far above their scatter (uncentred sums): lines through
    // every period's answers, and a flat line, are still exact.
    let trend = |values: &[f64], periods: &[u8], scale| {
        mean_trend(Column::from(values), scale, &Design::segments(Column::from(periods)), 0.95, NanPolicy::Raise)
            .unwrap()
    };
    let mut v = vec![4.6];
    v.extend([4.7; 10]);
    let mut p = vec![0u8];
    p.extend([1u8; 10]);
    let m = trend(&v, &p, (1.0, 5.0));
    assert!((m.slope - 0.1).abs() < 1e-12 && m.std_error == 0.0 && m.p_value == 0.0, "{m:?}");
    let (mut v, mut p) = (vec![0.0; 333], vec![0u8; 333]);
    v.push(1.0);
    p.push(1);
    let m = trend(&v, &p, (0.0, 10.0));
    assert!((m.slope - 1.0).abs() < 1e-12 && m.std_error == 0.0 && m.p_value == 0.0, "{m:?}");
    let m = trend(&[9.1; 6], &[0, 1, 1, 1, 1, 1], (0.0, 10.0));
    assert_eq!((m.slope, m.std_error, m.t, m.p_value), (0.0, 0.0, Some(0.0), 1.0), "flat: {m:?}");
}

/// With two segments each is the other's rest: the same test mirrored, and Holm doubles the
/// p-value of both (m = 2, both ranks share the larger multiplier through the running maximum).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn versus_rest_of_two_segments_is_one_test_mirrored() {
    use custometrics::satisfaction::nps_versus_rest;
    let scores = [10.0, 10.0, 9.0, 8.0, 3.0, 10.0, 0.0, 1.0, 2.0, 8.0, 9.0];
    let region = [0u8, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    let t = nps_versus_rest(
        Column::from(&scores[..]),
        &Design::segments(Column::from(&region[..])),
        &NpsOptions::default(),
    )
    .unwrap();
    let (a, b) = (t[0].as_ref().unwrap(), t[1].as_ref().unwrap());
    // East: 3 promoters, 1 passive, 1 detractor of 5 = 40; west: 2, 1, 3 of 6 = −16.67.
    assert!((a.score - 40.0).abs() < 1e-12 && (a.rest_score - -100.0 / 6.0).abs() < 1e-12);
    assert_eq!(a.difference, -b.difference);
    assert_eq!(a.p_value, b.p_value);
    assert_eq!(a.p_holm, (2.0 * a.p_value).min(1.0));
    assert_eq!(b.p_holm, a.p_holm);
    let sa: f64 = (0.8 - 0.16) / 5.0; // Var of the east sample's mean of +1/0/−1: (p+ + p- − d²)/n
    let sb = (5.0 / 6.0 - 1.0 / 36.0) / 6.0;
    assert!((a.std_error - 100.0 * (sa + sb).sqrt()).abs() < 1e-9);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn holm_never_lowers_a_p_value_and_keeps_their_order(s in scores(), k in 2u8..8) {
        use custometrics::satisfaction::nps_versus_rest;
        let codes: Vec<u8> = (0..s.len()).map(|i| (i % usize::from(k)) as u8).collect();
        let t = nps_versus_rest(Column::from(&s[..]), &Design::segments(Column::from(&codes[..])), &NpsOptions::default()).unwrap();
        let mut present: Vec<(f64, f64)> = t.iter().flatten().map(|v| (v.p_value, v.p_holm)).collect();
        present.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in present.windows(2) {
            prop_assert!(w[0].1 <= w[1].1);
        }
        for (p, h) in present {
            prop_assert!(p <= h && h <= 1.0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The NPS categories' chi-square test does not depend on how segments are numbered, stays a
    /// probability, and is 0 with p = 1 when every segment has the same mix (a table whose rows
    /// are multiples of one row).
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn chi_square_ignores_segment_numbering_and_is_zero_for_equal_mixes(
        s in prop::collection::vec((0u8..=10).prop_map(f64::from), 2..150),
        k in 2u8..6,
        copies in prop::collection::vec(1usize..4, 2..5),
    ) {
        use custometrics::satisfaction::nps_chi_square;
        let o = NpsOptions::default();
        let codes: Vec<u8> = (0..s.len()).map(|i| (i % usize::from(k)) as u8).collect();
        let flipped: Vec<u8> = codes.iter().map(|c| k - 1 - c).collect();
        let run = |s: &[f64], c: &[u8]| nps_chi_square(Column::from(s), &Design::segments(Column::from(c)), &o);
        match (run(&s, &codes), run(&s, &flipped)) {
            (Ok(a), Ok(b)) => {
                prop_assert!(close(a.statistic, b.statistic) && a.dof == b.dof && a.n == b.n);
                prop_assert!((0.0..=1.0).contains(&a.p_value) && a.statistic >= 0.0);
                prop_assert!((0.0..=1.0 + 1e-12).contains(&a.cramers_v));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.code(), b.code()),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
        // Segment j holds copies[j] copies of one mix: independence exactly.
        let (mut equal, mut seg) = (vec![], vec![]);
        for (j, &m) in copies.iter().enumerate() {
            for _ in 0..m {
                equal.extend_from_slice(&s);
                seg.extend(std::iter::repeat_n(j as u8, s.len()));
            }
        }
        if let Ok(t) = run(&equal, &seg) {
            prop_assert!(t.statistic.abs() < 1e-9, "{}", t.statistic);
            prop_assert!(t.p_value > 1.0 - 1e-9);
            prop_assert_eq!(t.segments, copies.len() as u64);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The difference of two shares: its interval contains it, stays inside [−1, 1] for every
    /// interval method, and swapping the samples mirrors it.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn share_differences_are_bounded_and_mirror(
        a in prop::collection::vec(1u8..=5, 1..120),
        b in prop::collection::vec(1u8..=5, 1..120),
        m in 0usize..4,
    ) {
        use custometrics::satisfaction::csat_difference;
        let o = CsatOptions::default().with_method(SHARE_METHODS[m]);
        let d = csat_difference(Column::from(&a[..]), Column::from(&b[..]), &o).unwrap();
        let e = csat_difference(Column::from(&b[..]), Column::from(&a[..]), &o).unwrap();
        prop_assert!(-1.0 <= d.ci_low && d.ci_low <= d.difference && d.difference <= d.ci_high && d.ci_high <= 1.0,
            "{:?}", d);
        prop_assert_eq!(d.difference, -e.difference);
        prop_assert!(close(d.ci_low, -e.ci_high) && close(d.ci_high, -e.ci_low));
        prop_assert!((0.0..=1.0).contains(&d.p_value) && d.p_value == e.p_value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The NPS trend: reversing time negates the slope and keeps its test; the interval contains
    /// the slope; a sample whose every period has the same answers has no trend.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn trend_reverses_with_time_and_is_flat_for_equal_periods(
        s in prop::collection::vec((0u8..=10).prop_map(f64::from), 3..150),
        k in 2u8..6,
    ) {
        use custometrics::satisfaction::nps_trend;
        let o = NpsOptions::default();
        let codes: Vec<u8> = (0..s.len()).map(|i| (i % usize::from(k)) as u8).collect();
        let back: Vec<u8> = codes.iter().map(|c| k - 1 - c).collect();
        let run = |s: &[f64], c: &[u8]| nps_trend(Column::from(s), &Design::segments(Column::from(c)), &o);
        if let (Ok(a), Ok(b)) = (run(&s, &codes), run(&s, &back)) {
            prop_assert!(close(a.slope, -b.slope) && close(a.p_value, b.p_value) && a.dof == b.dof);
            prop_assert!(a.ci_low <= a.slope && a.slope <= a.ci_high);
            prop_assert!((0.0..=1.0).contains(&a.p_value));
        }
        let equal: Vec<f64> = s.iter().flat_map(|&x| [x, x]).collect();
        let halves: Vec<u8> = (0..equal.len()).map(|i| (i % 2) as u8).collect();
        let t = run(&equal, &halves).unwrap();
        prop_assert!(t.slope.abs() < 1e-9 && t.p_value > 1.0 - 1e-9);
    }

    /// The weighted trends: weights of 1 give the unweighted line to the bit (the periods'
    /// estimates as the weighted measures give them, to rounding), and one weight c for every
    /// answer the same line (its scale cancels), for the NPS and for a mean.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn weighted_trends_at_equal_weights_are_the_unweighted_trends(
        s in prop::collection::vec((0u8..=10).prop_map(f64::from), 3..150),
        k in 2u8..6,
        c in 0.01f64..100.0,
    ) {
        use custometrics::satisfaction::{mean_trend, nps_trend};
        let o = NpsOptions::default();
        let codes: Vec<u8> = (0..s.len()).map(|i| (i % usize::from(k)) as u8).collect();
        let (ones, cs) = (vec![1.0; s.len()], vec![c; s.len()]);
        let plain = Design::segments(Column::from(&codes[..]));
        let by_ones = Design { weights: Some(Column::from(&ones[..])), ..plain };
        let by_c = Design { weights: Some(Column::from(&cs[..])), ..plain };
        let nps = |d: &Design<'_>| nps_trend(Column::from(&s[..]), d, &o);
        let mean = |d: &Design<'_>| mean_trend(Column::from(&s[..]), (0.0, 10.0), d, 0.95, NanPolicy::Raise);
        if let Ok(unweighted) = nps(&plain) {
            let est = |p: &custometrics::satisfaction::Nps| (p.score, p.std_error);
            prop_assert!(agree(&unweighted, &nps(&by_ones).unwrap(), &nps(&by_c).unwrap(), est));
        }
        if let Ok(unweighted) = mean(&plain) {
            let est = |m: &custometrics::satisfaction::Mean| (m.mean, m.std_error);
            prop_assert!(agree(&unweighted, &mean(&by_ones).unwrap(), &mean(&by_c).unwrap(), est));
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn omitted_nans_are_no_answers_in_the_categorical_surveys() {
    // Omitted NaNs still counted as answers: a sample (or a segment) of NaNs alone had an NPS,
    // CSAT and rate of NaN instead of an `empty` error (or no result for the segment).
    let omit = NanPolicy::Omit;
    let nans = [f64::NAN, f64::NAN];
    let d = Design::default();
    let o = NpsOptions::default().with_nan_policy(omit);
    let c = CsatOptions::default().with_nan_policy(omit);
    let r = RateOptions::default().with_nan_policy(omit);
    let empty = |e: custometrics::Error| (e.code(), e.field().map(str::to_owned));
    assert_eq!(empty(nps_survey(Column::from(&nans[..]), &d, &o).unwrap_err()), ("empty", Some("scores".into())));
    assert_eq!(empty(csat_survey(Column::from(&nans[..]), &d, &c).unwrap_err()), ("empty", Some("responses".into())));
    let rate = satisfaction_rate_survey(Column::from(&nans[..]), 4.0, &d, &r).unwrap_err();
    assert_eq!(empty(rate), ("empty", Some("ratings".into())));
    // Segment 1 has only NaNs: no result for it, and the total is segment 0's.
    let scores = [10.0, 3.0, f64::NAN, 5.0, f64::NAN];
    let codes = [0u8, 0, 1, 0, 1];
    let d = Design::segments(Column::from(&codes[..]));
    let n = nps_survey(Column::from(&scores[..]), &d, &o).unwrap();
    assert!(n.segments[1].is_none() && n.segments[0] == Some(n.total.clone()), "{n:?}");
    let s = csat_survey(Column::from(&scores[..]), &d, &c.with_scale_points(10).with_top_k(2)).unwrap();
    assert!(s.segments[1].is_none() && s.total.share.is_finite(), "{s:?}");
    let s = satisfaction_rate_survey(Column::from(&scores[..]), 4.0, &d, &r).unwrap();
    assert!(s.segments[1].is_none() && s.total.share.is_finite(), "{s:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn intervals_of_an_nps_difference_stay_in_200_points() {
    // 50 against −50 on two answers each: a standard error of 50 points, so the 99 % Wald
    // interval 100 ± 129 reached 228.8, past the largest difference there is.
    let (a, b) = ([9.0, 7.0], [0.0, 7.0]);
    let o = NpsOptions::default().with_confidence(0.99);
    let d = nps_difference(&a, &b, &o).unwrap();
    assert!(d.difference == 100.0 && d.ci_low < 0.0 && d.ci_high == 200.0, "{d:?}");
    let d = nps_difference(&b, &a, &o).unwrap();
    assert!(d.difference == -100.0 && d.ci_low == -200.0 && d.ci_high > 0.0, "{d:?}");
    let scores = [9.0, 7.0, 0.0, 7.0];
    let codes = [0u8, 0, 1, 1];
    let v = nps_versus_rest(Column::from(&scores[..]), &Design::segments(Column::from(&codes[..])), &o).unwrap();
    for t in v.iter().flatten() {
        assert!((-200.0..=200.0).contains(&t.ci_low) && (-200.0..=200.0).contains(&t.ci_high), "{t:?}");
        assert!(t.ci_low <= t.difference && t.difference <= t.ci_high, "{t:?}");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_share_interval_of_width_0_still_holds_the_share() {
    // Weights 1 and 7: a share of 7/8 over an effective n of 64/50. At a confidence of 5e-324
    // Agresti–Coull's interval has width 0 and its centre (p n + z²/2) / (n + z²) rounded to
    // 0.8750000000000001, an ulp above the share it should contain.
    let (ratings, w) = ([3.0, 5.0], [1.0, 7.0]);
    let d = Design::weights(Column::from(&w[..]));
    for m in SHARE_METHODS {
        let o = RateOptions::default().with_method(m).with_confidence(5e-324);
        let s = satisfaction_rate_survey(Column::from(&ratings[..]), 4.0, &d, &o).unwrap().total;
        assert!(s.share == 0.875 && s.ci_low <= s.share && s.share <= s.ci_high, "{s:?}");
    }
}
