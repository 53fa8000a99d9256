//! NPS's SIMD counting kernel against a plain scalar reference, for every score type: counts,
//! results and — for bad values at any position, within and across vectors and blocks — the
//! index and message of the first bad value, under each NaN policy.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::NanPolicy;
use custometrics::satisfaction::{Nps, NpsOptions, Score, nps, nps_of};
use proptest::prelude::*;

/// The parallel blocks' length in the core (`par::CHUNK`); lengths around its multiples test
/// the joins.
const BLOCK: usize = 1 << 16;

/// NPS by its definition, one score at a time, as the text of its `Result` (`Debug`, so that
/// NaN results compare equal).
fn reference(scores: &[f64], o: NpsOptions) -> String {
    let (mut promoters, mut passives, mut detractors, mut nan) = (0u64, 0u64, 0u64, 0u64);
    for (i, &v) in scores.iter().enumerate() {
        if v.is_nan() {
            if o.nan_policy == NanPolicy::Raise {
                return format!("Err(scores[{i}] = NaN is not finite)");
            }
            nan += 1;
        } else if !(0.0..=10.0).contains(&v) || v.fract() != 0.0 {
            return if v.is_finite() {
                format!("Err(scores[{i}] = {v} is outside the NPS scale: an integer in 0..=10)")
            } else {
                format!("Err(scores[{i}] = {v} is not finite)")
            };
        } else if v >= 9.0 {
            promoters += 1;
        } else if v >= 7.0 {
            passives += 1;
        } else {
            detractors += 1;
        }
    }
    if o.nan_policy == NanPolicy::Propagate && nan > 0 {
        let n = scores.len();
        return format!("Ok(NaN score, 0 0 0 of {n})");
    }
    shown(Nps::from_counts(promoters, passives, detractors, o.confidence))
}

fn shown(r: custometrics::Result<Nps>) -> String {
    match r {
        Err(e) => format!("Err({e})"),
        Ok(s) if s.score.is_nan() => {
            format!("Ok(NaN score, {} {} {} of {})", s.promoters, s.passives, s.detractors, s.n)
        }
        Ok(s) => format!("Ok({s:?})"),
    }
}

fn policy() -> impl Strategy<Value = NanPolicy> {
    prop_oneof![Just(NanPolicy::Raise), Just(NanPolicy::Omit), Just(NanPolicy::Propagate)]
}

/// Lengths within a vector, around the narrow counters' rounds (2¹⁵) and around one and two
/// parallel blocks.
fn length() -> impl Strategy<Value = usize> {
    prop_oneof![
        4 => 1usize..100,
        1 => (1usize << 15) - 40..(1 << 15) + 40,
        1 => BLOCK - 40..BLOCK + 40,
        1 => 2 * BLOCK - 20..2 * BLOCK + 100,
    ]
}

/// Valid scores of `length()` with up to three values of `bad` planted anywhere, often near the
/// end of a vector or a block.
fn planted<S: Score + std::fmt::Debug>(
    valid: fn(u8) -> S,
    bad: impl Strategy<Value = S> + Clone,
) -> impl Strategy<Value = Vec<S>> {
    let at = prop_oneof![any::<prop::sample::Index>().prop_map(Err), (0usize..3, 0usize..17).prop_map(Ok)];
    (length(), prop::collection::vec((at, bad), 0..4), any::<u64>()).prop_map(move |(n, plant, seed)| {
        let mut s = seed | 1;
        let mut v: Vec<S> = (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                valid((s % 11) as u8)
            })
            .collect();
        for (at, b) in plant {
            // Either anywhere, or just before/after a block boundary or a multiple of 8.
            let i = match at {
                Err(i) => i.index(n),
                Ok((k, d)) => (k * BLOCK + d * 8).saturating_sub(d % 3).min(n - 1),
            };
            v[i] = b;
        }
        v
    })
}

fn bad_f64() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        Just(f64::NAN),
        Just(-0.0),
        Just(10.5),
        Just(1e300),
        Just(-1e300),
        Just(-1.0),
        Just(11.0),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.5),
        Just(4_503_599_627_370_497.0),
        any::<f64>(),
    ]
}

fn options(nan_policy: NanPolicy) -> NpsOptions {
    NpsOptions::default().with_nan_policy(nan_policy)
}

/// The kernel on `S` agrees with the reference on the same scores as `f64`, and with [`nps`].
fn check<S: Score + Copy + Into<f64>>(v: &[S], p: NanPolicy) -> Result<(), TestCaseError> {
    let wide: Vec<f64> = v.iter().map(|&s| s.into()).collect();
    let want = reference(&wide, options(p));
    prop_assert_eq!(shown(nps_of(v, &options(p))), want.clone());
    prop_assert_eq!(shown(nps(&wide, &options(p))), want);
    Ok(())
}

/// As [`check`] for 64-bit integers, which `Into<f64>` does not cover: the reference reads
/// them through `i128`, exactly.
fn check_wide<S: Score + Copy + Into<i128>>(v: &[S]) -> Result<(), TestCaseError> {
    let got = shown(nps_of(v, &NpsOptions::default()));
    let first_bad = v.iter().position(|&s| !(0..=10).contains(&s.into()));
    match first_bad {
        Some(i) => {
            #[allow(clippy::cast_precision_loss)]
            let shown_value = v[i].into() as f64;
            prop_assert_eq!(
                got,
                format!("Err(scores[{i}] = {shown_value} is outside the NPS scale: an integer in 0..=10)")
            );
        }
        None => {
            #[allow(clippy::cast_precision_loss)]
            let wide: Vec<f64> = v.iter().map(|&s| s.into() as f64).collect();
            prop_assert_eq!(got, reference(&wide, NpsOptions::default()));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn f64_scores(v in planted(f64::from, bad_f64()), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn f32_scores(v in planted(f32::from, prop_oneof![
        Just(f32::NAN), Just(-0.0f32), Just(10.5f32), Just(1e30f32), Just(-1.0f32), Just(f32::INFINITY),
        Just(8_388_609.0f32), any::<f32>()
    ]), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn i64_scores(v in planted(i64::from, prop_oneof![Just(-1i64), Just(11), Just(i64::MIN), Just(i64::MAX), any::<i64>()])) {
        check_wide(&v)?;
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn u64_scores(v in planted(u64::from, prop_oneof![Just(11u64), Just(u64::MAX), Just(1u64 << 63), Just((1u64 << 53) + 1), any::<u64>()])) {
        check_wide(&v)?;
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn i32_scores(v in planted(i32::from, prop_oneof![Just(-1i32), Just(11), Just(i32::MIN), any::<i32>()]), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn u32_scores(v in planted(u32::from, prop_oneof![Just(11u32), Just(u32::MAX), any::<u32>()]), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn i16_scores(v in planted(i16::from, prop_oneof![Just(-1i16), Just(11), Just(i16::MIN), any::<i16>()]), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn u16_scores(v in planted(u16::from, prop_oneof![Just(11u16), Just(u16::MAX), any::<u16>()]), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn i8_scores(v in planted(|x| x as i8, prop_oneof![Just(-1i8), Just(11), Just(i8::MIN), any::<i8>()]), p in policy()) { check(&v, p)?; }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn u8_scores(v in planted(|x| x, prop_oneof![Just(11u8), Just(255u8), any::<u8>()]), p in policy()) { check(&v, p)?; }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_position_across_two_blocks() {
    // A bad value at each position near the first block boundary and near vector edges, alone
    // and after a NaN that the policy omits: the index is always the first bad one's.
    let base: Vec<f64> = (0..BLOCK + 64).map(|i| (i % 11) as f64).collect();
    for i in (0..64).chain(BLOCK - 64..BLOCK + 64) {
        for bad in [11.0, -1.0, 10.5, f64::NAN] {
            for p in [NanPolicy::Raise, NanPolicy::Omit, NanPolicy::Propagate] {
                let mut v = base.clone();
                v[i] = bad;
                if i > 3 {
                    v[i - 3] = f64::NAN;
                }
                assert_eq!(shown(nps(&v, &options(p))), reference(&v, options(p)), "{i} {bad} {p:?}");
                let ints: Vec<i64> = v.iter().map(|&x| if x == x.trunc() { x as i64 } else { 12 }).collect();
                let want = ints.iter().position(|x| !(0..=10).contains(x));
                let got = nps_of(&ints, &options(p));
                assert_eq!(got.err().and_then(|e| e.index()), want);
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn integer_scores_give_the_bits_of_float_scores() {
    let v: Vec<u8> = (0..3 * BLOCK + 5).map(|i| ((i * 7 + i / 3) % 11) as u8).collect();
    let f: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
    let want = nps(&f, &NpsOptions::default()).unwrap();
    let i: Vec<i64> = v.iter().map(|&x| i64::from(x)).collect();
    assert_eq!(nps_of(&v, &NpsOptions::default()).unwrap(), want);
    assert_eq!(nps_of(&i, &NpsOptions::default()).unwrap(), want);
    assert_eq!(nps_of(&f, &NpsOptions::default()).unwrap(), want);
    assert_eq!(want.n, v.len() as u64);
    // Integers have no NaN: the policy does not change their result.
    assert_eq!(nps_of(&i, &options(NanPolicy::Propagate)).unwrap(), want);
    assert_eq!(nps_of::<i64>(&[], &NpsOptions::default()).unwrap_err().code(), "empty");
    let e = nps_of(&[1u64, 2, u64::MAX], &NpsOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("scores"), Some(2)));
}
