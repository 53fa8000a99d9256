//! The counting kernel of [`nps`](super::nps): validation and counting in SIMD lanes.
//!
//! A block of scores is read once. Per score the kernel only compares and adds — no branch, no
//! conversion — keeping its counts (valid, promoter, detractor) in lanes of the score's own
//! width, so that a vector holds as many counters as scores: eight per AVX-512 register for `f64`
//! and `i64`, sixteen for `f32` and `i32` (8- and 16-bit scores count in 16-bit lanes, widened
//! every 2¹⁵ scores). With the `simd` feature the loop is compiled for AVX-512, AVX2 and
//! baseline x86-64 and picked at run time through `pulp`'s safe dispatch, as in `vmath`, which
//! keeps the crate free of `unsafe`; without it, once for the build's target.
//!
//! NaN are only counted, in a second pass over the block while it is in cache, when the block
//! has scores that are not valid. Promoters and detractors are counted without looking at
//! validity: when every score is valid (every non-NaN score counted valid) they are exact, and
//! otherwise the call fails, and a scalar re-scan of the first failing block finds the first bad
//! score's index, as the scalar definition does ([`Score::is_bad`]).

#[cfg(feature = "simd")]
use pulp::{Arch, Simd, WithSimd};

/// Counts of one block of scores.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Scores in the block.
    pub len: u64,
    /// Scores that are integers in 0..=10.
    pub valid: u64,
    /// Scores >= 9 (exact when the block has no invalid score).
    pub promoters: u64,
    /// Scores <= 6 (exact when the block has no invalid score).
    pub detractors: u64,
    /// NaN scores.
    pub nan: u64,
}

impl Tally {
    pub(super) fn add(self, o: Self) -> Self {
        Self {
            len: self.len + o.len,
            valid: self.valid + o.valid,
            promoters: self.promoters + o.promoters,
            detractors: self.detractors + o.detractors,
            nan: self.nan + o.nan,
        }
    }

    /// Whether the block holds a score that fails the call: one out of scale, or a NaN when
    /// NaN raises.
    pub(super) fn has_bad(&self, nan_raises: bool) -> bool {
        self.valid + self.nan < self.len || (nan_raises && self.nan > 0)
    }
}

pub(crate) mod sealed {
    /// The per-type kernels behind [`super::Score`]; outside the crate it cannot be named, so
    /// no other type can implement `Score`.
    pub trait Sealed: Copy + Send + Sync + 'static {
        /// The block's counts: the SIMD loop, inlined into each instruction set's copy.
        fn tally_lanes(block: &[Self]) -> super::Tally;
        /// The scalar definition: NaN (only when `nan_raises`), or not an integer in 0..=10.
        fn is_bad(self, nan_raises: bool) -> bool;
        /// The value for an error message (the nearest `f64` for 64-bit integers beyond 2⁵³).
        fn to_f64(self) -> f64;
    }
}

/// A type NPS scores can come in: `f64`, `f32` and the signed and unsigned integers of 8 to 64
/// bits. Sealed: the kernels are the crate's.
///
/// ```
/// use custometrics::satisfaction::{nps, nps_of, NpsOptions};
/// let from_ints = nps_of(&[10i64, 9, 8, 7, 6, 0], NpsOptions::default()).unwrap();
/// let from_floats = nps(&[10.0, 9.0, 8.0, 7.0, 6.0, 0.0], NpsOptions::default()).unwrap();
/// assert_eq!(from_ints, from_floats);
/// ```
pub trait Score: sealed::Sealed {}

/// 2ⁿ where n is the significand width: adding and subtracting it rounds a number in [0, 2ⁿ) to
/// an integer with plain SIMD adds (SSE2 and WASM have no vector rounding).
const ROUNDER_F64: f64 = 4_503_599_627_370_496.0;
const ROUNDER_F32: f32 = 8_388_608.0;

macro_rules! float_score {
    ($t:ty, $c:ty, $rounder:expr) => {
        impl Score for $t {}
        impl sealed::Sealed for $t {
            #[inline(always)]
            fn tally_lanes(block: &[Self]) -> Tally {
                let (mut valid, mut promoters, mut detractors): ($c, $c, $c) = (0, 0, 0);
                for &v in block {
                    // v clamped to [0, 10] (NaN to 0: these selects are `max` and `min`
                    // instructions) and rounded equals v exactly when v is an integer in
                    // 0..=10 (-0.0 included): one compare for the whole test.
                    let c = if v > 0.0 { v } else { 0.0 };
                    let c = if c < 10.0 { c } else { 10.0 };
                    valid += <$c>::from((c + $rounder) - $rounder == v);
                    promoters += <$c>::from(v >= 9.0);
                    detractors += <$c>::from(v <= 6.0);
                }
                let mut t = Tally {
                    len: block.len() as u64,
                    valid: wide(valid),
                    promoters: wide(promoters),
                    detractors: wide(detractors),
                    nan: 0,
                };
                if t.valid < t.len {
                    // NaN or bad scores: the NaN are counted in a second pass over the block,
                    // which is still in cache, so that the first pass saves their compares.
                    t.nan = block.iter().map(|v| wide(<$c>::from(v.is_nan()))).sum();
                }
                t
            }

            fn is_bad(self, nan_raises: bool) -> bool {
                if self.is_nan() { nan_raises } else { !((0.0..=10.0).contains(&self) && self.fract() == 0.0) }
            }

            fn to_f64(self) -> f64 {
                f64::from(self)
            }
        }
    };
}

float_score!(f64, u64, ROUNDER_F64);
float_score!(f32, u32, ROUNDER_F32);

/// Scores per round of narrow counters: 2¹⁵ fits a `u16` (and is a multiple of any vector).
const NARROW_ROUND: usize = 1 << 15;

/// `$t` read as the unsigned `$u` of its width (negative scores become huge, so one unsigned
/// compare tests both ends of the scale), counted in lanes of `$c`.
macro_rules! int_score {
    ($t:ty, $u:ty, $c:ty) => {
        impl Score for $t {}
        impl sealed::Sealed for $t {
            #[inline(always)]
            fn tally_lanes(block: &[Self]) -> Tally {
                let mut t = Tally { len: block.len() as u64, ..Tally::default() };
                for round in block.chunks(NARROW_ROUND) {
                    let (mut valid, mut promoters, mut detractors): ($c, $c, $c) = (0, 0, 0);
                    for &x in round {
                        #[allow(clippy::unnecessary_cast)]
                        let u = x as $u;
                        valid += <$c>::from(u <= 10);
                        promoters += <$c>::from(u >= 9);
                        detractors += <$c>::from(u <= 6);
                    }
                    t.valid += wide(valid);
                    t.promoters += wide(promoters);
                    t.detractors += wide(detractors);
                }
                t
            }

            #[allow(unused_comparisons)]
            fn is_bad(self, _nan_raises: bool) -> bool {
                !(0..=10).contains(&self)
            }

            #[allow(clippy::cast_lossless)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    };
}

int_score!(i64, u64, u64);
int_score!(u64, u64, u64);
int_score!(i32, u32, u32);
int_score!(u32, u32, u32);
int_score!(i16, u16, u16);
int_score!(u16, u16, u16);
int_score!(i8, u8, u16);
int_score!(u8, u8, u16);

/// A lane counter as a `u64`.
#[inline(always)]
fn wide<C: Into<u64>>(c: C) -> u64 {
    c.into()
}

/// One block's loop as a `pulp` operation, compiled once per instruction set.
#[cfg(feature = "simd")]
struct Count<'a, S>(&'a [S]);

#[cfg(feature = "simd")]
impl<S: Score> WithSimd for Count<'_, S> {
    type Output = Tally;

    #[inline(always)]
    fn with_simd<V: Simd>(self, _simd: V) -> Tally {
        S::tally_lanes(self.0)
    }
}

/// The counts of `block` with the widest instruction set this CPU has (the `simd` feature), or
/// as compiled for the build's target.
pub(super) fn tally<S: Score>(block: &[S]) -> Tally {
    #[cfg(feature = "simd")]
    {
        Arch::new().dispatch(Count(block))
    }
    #[cfg(not(feature = "simd"))]
    {
        S::tally_lanes(block)
    }
}

/// The index of the first bad score in `block` (scalar; only on the error path).
pub(super) fn first_bad<S: Score>(block: &[S], nan_raises: bool) -> Option<usize> {
    block.iter().position(|s| s.is_bad(nan_raises))
}

/// The counts of `block` with each instruction set this CPU has — baseline (pulp's `Scalar`),
/// and on x86-64 AVX2 and AVX-512 where available — for tests that they agree.
#[cfg(test)]
#[cfg_attr(not(all(feature = "simd", target_arch = "x86_64")), allow(unused_mut))] // only x86-64 pushes more
pub(super) fn tally_per_instruction_set<S: Score>(block: &[S]) -> Vec<(&'static str, Tally)> {
    #[cfg(feature = "simd")]
    let mut results = vec![("baseline", Simd::vectorize(pulp::Scalar::new(), Count(block)))];
    #[cfg(not(feature = "simd"))]
    let mut results = vec![("baseline", S::tally_lanes(block))];
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    {
        if let Some(simd) = pulp::x86::V3::try_new() {
            results.push(("AVX2", Simd::vectorize(simd, Count(block))));
        }
        if let Some(simd) = pulp::x86::V4::try_new() {
            results.push(("AVX-512", Simd::vectorize(simd, Count(block))));
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

    /// The counts by the scalar definition, one score at a time. Promoters and detractors are
    /// only specified for blocks without invalid scores.
    fn reference<S: Score>(block: &[S]) -> Tally {
        let mut t = Tally { len: block.len() as u64, ..Tally::default() };
        for &s in block {
            let v = s.to_f64();
            if v.is_nan() {
                t.nan += 1;
            } else if !s.is_bad(false) {
                t.valid += 1;
                t.promoters += u64::from(v >= 9.0);
                t.detractors += u64::from(v <= 6.0);
            }
        }
        t
    }

    /// Every instruction set's counts agree with the scalar definition.
    fn check<S: Score + std::fmt::Debug>(block: &[S]) -> Result<(), TestCaseError> {
        let want = reference(block);
        for (isa, got) in tally_per_instruction_set(block) {
            prop_assert_eq!((got.len, got.valid, got.nan), (want.len, want.valid, want.nan), "{}", isa);
            if want.valid + want.nan == want.len {
                prop_assert_eq!((got.promoters, got.detractors), (want.promoters, want.detractors), "{}", isa);
            }
        }
        prop_assert_eq!(Some(tally(block)), tally_per_instruction_set(block).pop().map(|(_, t)| t));
        Ok(())
    }

    /// Valid scores with a few values of `bad` planted at any position (including the edges of
    /// vectors and of the narrow counters' rounds: lengths run past 2¹⁵).
    fn planted<S: Score + std::fmt::Debug>(
        valid: fn(u8) -> S,
        bad: impl Strategy<Value = S> + Clone,
    ) -> impl Strategy<Value = Vec<S>> {
        let len = prop_oneof![0usize..200, (1usize << 15) - 70..(1 << 15) + 70];
        (len, prop::collection::vec((any::<prop::sample::Index>(), bad), 0..4), any::<u64>()).prop_map(
            move |(n, plant, seed)| {
                let mut s = seed | 1;
                let mut v: Vec<S> = (0..n)
                    .map(|_| {
                        s ^= s << 13;
                        s ^= s >> 7;
                        s ^= s << 17;
                        valid((s % 11) as u8)
                    })
                    .collect();
                for (i, b) in plant {
                    if !v.is_empty() {
                        let i = i.index(v.len());
                        v[i] = b;
                    }
                }
                v
            },
        )
    }

    fn bad_f64() -> impl Strategy<Value = f64> + Clone {
        prop_oneof![
            Just(f64::NAN),
            Just(-0.0),
            Just(10.5),
            Just(1e300),
            Just(-1.0),
            Just(11.0),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(4_503_599_627_370_497.0),
            Just(-0.5),
            Just(f64::MIN_POSITIVE),
            any::<f64>(),
            -20.0..20.0f64,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn f64_lanes_agree(v in planted(f64::from, bad_f64())) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn f32_lanes_agree(v in planted(f32::from, prop_oneof![
            Just(f32::NAN), Just(-0.0f32), Just(10.5f32), Just(1e30f32), Just(8_388_609.0f32), any::<f32>()
        ])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i64_lanes_agree(v in planted(i64::from, prop_oneof![Just(-1i64), Just(11), Just(i64::MIN), Just(i64::MAX), any::<i64>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u64_lanes_agree(v in planted(u64::from, prop_oneof![Just(11u64), Just(u64::MAX), Just(1 << 63), any::<u64>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i32_lanes_agree(v in planted(i32::from, prop_oneof![Just(-1i32), Just(11), Just(i32::MIN), any::<i32>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u32_lanes_agree(v in planted(u32::from, prop_oneof![Just(11u32), Just(u32::MAX), any::<u32>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i16_lanes_agree(v in planted(i16::from, prop_oneof![Just(-1i16), Just(11), Just(i16::MIN), any::<i16>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u16_lanes_agree(v in planted(u16::from, prop_oneof![Just(11u16), Just(u16::MAX), any::<u16>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i8_lanes_agree(v in planted(|x| x as i8, prop_oneof![Just(-1i8), Just(11), Just(i8::MIN), any::<i8>()])) { check(&v)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u8_lanes_agree(v in planted(|x| x, prop_oneof![Just(11u8), Just(255), any::<u8>()])) { check(&v)?; }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn narrow_counters_do_not_wrap() {
        // 2¹⁶ + 3 promoters: more than a u16 holds, in several rounds of narrow counters.
        let v = vec![10u8; (1 << 16) + 3];
        for (isa, t) in tally_per_instruction_set(&v) {
            assert_eq!((t.valid, t.promoters, t.detractors), (v.len() as u64, v.len() as u64, 0), "{isa}");
        }
        let v = vec![0i16; (1 << 16) + 3];
        for (isa, t) in tally_per_instruction_set(&v) {
            assert_eq!((t.valid, t.promoters, t.detractors), (v.len() as u64, 0, v.len() as u64), "{isa}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn huge_fractional_and_negative_values_are_invalid() {
        for v in [7.5, 1e300, -0.5, 10.000001, f64::INFINITY, -1.0, 4_503_599_627_370_497.0] {
            assert_eq!(tally(&[v]).valid, 0, "{v}");
        }
        assert_eq!(tally(&[-0.0]).valid, 1);
        assert_eq!(tally(&[-1i64, 11, i64::MIN]).valid, 0);
        assert_eq!(tally(&[u64::MAX, 11, 1 << 63]).valid, 0);
    }
}
