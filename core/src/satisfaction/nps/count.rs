//! The counting kernel of [`nps`](super::nps) and of CSAT: validation and counting in SIMD
//! lanes, for answers on an integer [`Scale`] with two cut points.
//!
//! A block of scores is read once. Per score the kernel only compares and adds — no branch, no
//! conversion — keeping its counts (valid, at or above the top cut, at or below the bottom cut:
//! NPS's promoters and detractors) in lanes of the score's own
//! width, so that a vector holds as many counters as scores: eight per AVX-512 register for `f64`
//! and `i64`, sixteen for `f32` and `i32` (8- and 16-bit scores count in 16-bit lanes, widened
//! every 2¹⁵ scores). With the `simd` feature the loop is compiled for AVX-512, AVX2 and
//! baseline x86-64 and picked at run time through `pulp`'s safe dispatch, as in `vmath`, which
//! keeps the crate free of `unsafe`; without it, once for the build's target. In a WebAssembly
//! build with SIMD (the npm package's), `f64` scores have a loop of their own written in the
//! `v128` operations (`tally_f64x2`): that build is optimised for size, and there the compiler
//! neither vectorises the loop nor keeps `pulp`'s vectors in vector registers.
//!
//! NaN are only counted, in a second pass over the block while it is in cache, when the block
//! has scores that are not valid. The cuts are counted without looking at validity: when every
//! score is valid (every non-NaN score counted valid) they are exact, and otherwise the call
//! fails, and a scalar re-scan of the first failing block finds the first bad score's index, as
//! the scalar definition does ([`Score::is_bad`]).

use crate::error::{Error, Location, Result};
use crate::input::{self, Column};
use crate::numerics::parallel;
#[cfg(feature = "simd")]
use pulp::{Arch, Simd, WithSimd};

/// An integer answer scale `lo..=hi` with two cut points on it: answers at or above `top` and
/// at or below `bottom` are counted (`lo <= bottom`, `lo <= top`, both `<= hi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// The lowest answer.
    pub lo: u32,
    /// The highest answer.
    pub hi: u32,
    /// The top cut: answers at or above it are counted (NPS's promoters, CSAT's top boxes).
    pub top: u32,
    /// The bottom cut: answers at or below it are counted (NPS's detractors).
    pub bottom: u32,
}

/// The NPS scale: 0..=10, promoters 9 and 10, detractors 0 to 6.
pub const NPS: Scale = Scale { lo: 0, hi: 10, top: 9, bottom: 6 };

/// Counts of one block of scores.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Scores in the block.
    pub len: u64,
    /// Scores that are integers on the scale.
    pub valid: u64,
    /// Scores at or above the top cut (exact when the block has no invalid score).
    pub top: u64,
    /// Scores at or below the bottom cut (exact when the block has no invalid score).
    pub bottom: u64,
    /// NaN scores.
    pub nan: u64,
}

impl Tally {
    pub(super) fn add(self, o: Self) -> Self {
        Self {
            len: self.len + o.len,
            valid: self.valid + o.valid,
            top: self.top + o.top,
            bottom: self.bottom + o.bottom,
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
        /// A scale's bounds and cuts as the loop compares them.
        type Bounds: Copy + Send + Sync;
        /// `scale` in this type's terms, or `None` when the type cannot hold it (an 8-bit
        /// integer and a 1..=300 scale): the caller then reads the scores as `f64`.
        fn bounds(scale: super::Scale) -> Option<Self::Bounds>;
        /// The block's counts: the SIMD loop, inlined into each instruction set's copy.
        fn tally_lanes(block: &[Self], bounds: Self::Bounds) -> super::Tally;
        /// The block's counts as the library computes them: [`super::tally`] (the loop through
        /// `pulp`'s dispatch), or for `f64` in a WebAssembly SIMD build `tally_f64x2`.
        fn tally_block(block: &[Self], bounds: Self::Bounds) -> super::Tally;
        /// The scalar definition: NaN (only when `nan_raises`), or not an integer on `scale`.
        fn is_bad(self, nan_raises: bool, scale: super::Scale) -> bool;
        /// The value for an error message (the nearest `f64` for 64-bit integers beyond 2⁵³).
        fn to_f64(self) -> f64;
    }
}

/// A type NPS scores can come in: `f64`, `f32` and the signed and unsigned integers of 8 to 64
/// bits. Sealed: the kernels are the crate's.
///
/// ```
/// use custometrics::satisfaction::{nps, nps_of, NpsOptions};
/// let from_ints = nps_of(&[10i64, 9, 8, 7, 6, 0], &NpsOptions::default()).unwrap();
/// let from_floats = nps(&[10.0, 9.0, 8.0, 7.0, 6.0, 0.0], &NpsOptions::default()).unwrap();
/// assert_eq!(from_ints, from_floats);
/// ```
pub trait Score: sealed::Sealed {}

/// 2ⁿ where n is the significand width: adding and subtracting it rounds a number in [0, 2ⁿ) to
/// an integer with plain SIMD adds (SSE2 and WASM have no vector rounding).
const ROUNDER_F64: f64 = 4_503_599_627_370_496.0;
const ROUNDER_F32: f32 = 8_388_608.0;

macro_rules! float_score {
    ($t:ty, $c:ty, $rounder:expr, $block:ident, $bounds:ident => $fast:expr) => {
        impl Score for $t {}
        impl sealed::Sealed for $t {
            /// lo, hi, top, bottom.
            type Bounds = [$t; 4];

            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn bounds(s: Scale) -> Option<[$t; 4]> {
                // Below the rounder every bound is exact in the type, and the rounding test
                // holds (it needs values in [0, 2ⁿ)).
                ((s.hi as $t) < $rounder).then(|| [s.lo as $t, s.hi as $t, s.top as $t, s.bottom as $t])
            }

            #[inline(always)]
            fn tally_lanes(block: &[Self], [lo, hi, top, bottom]: [$t; 4]) -> Tally {
                let (mut valid, mut tops, mut bottoms): ($c, $c, $c) = (0, 0, 0);
                for &v in block {
                    // v clamped to [lo, hi] (NaN to lo: these selects are `max` and `min`
                    // instructions) and rounded equals v exactly when v is an integer in
                    // lo..=hi (-0.0 included when lo is 0): one compare for the whole test.
                    let c = if v > lo { v } else { lo };
                    let c = if c < hi { c } else { hi };
                    valid += <$c>::from((c + $rounder) - $rounder == v);
                    tops += <$c>::from(v >= top);
                    bottoms += <$c>::from(v <= bottom);
                }
                let mut t = Tally {
                    len: block.len() as u64,
                    valid: wide(valid),
                    top: wide(tops),
                    bottom: wide(bottoms),
                    nan: 0,
                };
                if t.valid < t.len {
                    // NaN or bad scores: the NaN are counted in a second pass over the block,
                    // which is still in cache, so that the first pass saves their compares.
                    t.nan = block.iter().map(|v| wide(<$c>::from(v.is_nan()))).sum();
                }
                t
            }

            fn tally_block($block: &[Self], $bounds: [$t; 4]) -> Tally {
                $fast
            }

            fn is_bad(self, nan_raises: bool, s: Scale) -> bool {
                let v = f64::from(self);
                if v.is_nan() {
                    nan_raises
                } else {
                    !((f64::from(s.lo)..=f64::from(s.hi)).contains(&v) && v.fract() == 0.0)
                }
            }

            fn to_f64(self) -> f64 {
                f64::from(self)
            }
        }
    };
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
float_score!(f64, u64, ROUNDER_F64, block, bounds => tally_f64x2(block, bounds));
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
float_score!(f64, u64, ROUNDER_F64, block, bounds => tally(block, bounds));
float_score!(f32, u32, ROUNDER_F32, block, bounds => tally(block, bounds));

/// Scores per round of narrow counters: 2¹⁵ fits a `u16` (and is a multiple of any vector).
const NARROW_ROUND: usize = 1 << 15;

/// `$t` less the scale's `lo`, read as the unsigned `$u` of its width (scores below `lo` become
/// huge, so one unsigned compare tests both ends of the scale), counted in lanes of `$c`. The
/// wrap-around is exact when `hi` fits `$t`: a score below `lo` then lands above `hi − lo`.
macro_rules! int_score {
    ($t:ty, $u:ty, $c:ty) => {
        impl Score for $t {}
        impl sealed::Sealed for $t {
            /// lo, hi − lo, top − lo, bottom − lo.
            type Bounds = [$u; 4];

            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::unnecessary_cast)]
            fn bounds(s: Scale) -> Option<[$u; 4]> {
                (u64::from(s.hi) <= <$t>::MAX as u64)
                    .then(|| [s.lo as $u, (s.hi - s.lo) as $u, (s.top - s.lo) as $u, (s.bottom - s.lo) as $u])
            }

            #[inline(always)]
            fn tally_lanes(block: &[Self], [lo, span, top, bottom]: [$u; 4]) -> Tally {
                let mut t = Tally { len: block.len() as u64, ..Tally::default() };
                for round in block.chunks(NARROW_ROUND) {
                    let (mut valid, mut tops, mut bottoms): ($c, $c, $c) = (0, 0, 0);
                    for &x in round {
                        #[allow(clippy::unnecessary_cast)]
                        let u = (x as $u).wrapping_sub(lo);
                        valid += <$c>::from(u <= span);
                        tops += <$c>::from(u >= top);
                        bottoms += <$c>::from(u <= bottom);
                    }
                    t.valid += wide(valid);
                    t.top += wide(tops);
                    t.bottom += wide(bottoms);
                }
                t
            }

            fn tally_block(block: &[Self], bounds: [$u; 4]) -> Tally {
                tally(block, bounds)
            }

            #[allow(clippy::cast_lossless)]
            fn is_bad(self, _nan_raises: bool, s: Scale) -> bool {
                !(i128::from(s.lo)..=i128::from(s.hi)).contains(&(self as i128))
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

/// [`sealed::Sealed::tally_lanes`] for `f64` in WebAssembly SIMD, lane for lane the same counts
/// (the tests compare them on every kind of bad score). The npm package's build is optimised for
/// size, where LLVM does not vectorise loops, and `pulp`'s vector types (structs of lanes)
/// carried from one iteration to the next are split back into scalars there; `v128` stays one
/// vector. 10 million scores from a Float64Array: 28 ms before, 12 ms with it (benches/README.md).
/// Counts add a true compare's all-ones lanes (−1) by subtracting them.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn tally_f64x2(block: &[f64], bounds: [f64; 4]) -> Tally {
    use core::arch::wasm32::{
        f64x2, f64x2_eq, f64x2_ge, f64x2_le, f64x2_pmax, f64x2_pmin, f64x2_splat, f64x2_trunc, i64x2_extract_lane,
        i64x2_splat, i64x2_sub, v128,
    };
    let [lo, hi, top, bottom] = bounds.map(|b| f64x2_splat(b));
    let (mut valid, mut tops, mut bottoms) = (i64x2_splat(0), i64x2_splat(0), i64x2_splat(0));
    let mut pairs = block.chunks_exact(2);
    for pair in &mut pairs {
        let &[a, b] = pair else { continue };
        let v = f64x2(a, b);
        // v is valid when it equals its integer part clamped to [lo, hi] (`tally_lanes` rounds
        // with the rounder; WebAssembly has `f64x2.trunc`): pmax(lo, x) is
        // `if x > lo { x } else { lo }` and pmin(hi, x) `if x < hi { x } else { hi }`, so a NaN
        // clamps to lo and never equals itself, and -0.0 equals 0.0.
        let c = f64x2_pmin(hi, f64x2_pmax(lo, f64x2_trunc(v)));
        valid = i64x2_sub(valid, f64x2_eq(c, v));
        tops = i64x2_sub(tops, f64x2_ge(v, top));
        bottoms = i64x2_sub(bottoms, f64x2_le(v, bottom));
    }
    #[allow(clippy::cast_sign_loss)] // counts, never negative
    let lanes = |sum: v128| (i64x2_extract_lane::<0>(sum) + i64x2_extract_lane::<1>(sum)) as u64;
    let rest = <f64 as sealed::Sealed>::tally_lanes(pairs.remainder(), bounds);
    let mut t = Tally {
        len: block.len() as u64,
        valid: lanes(valid) + rest.valid,
        top: lanes(tops) + rest.top,
        bottom: lanes(bottoms) + rest.bottom,
        nan: 0,
    };
    if t.valid < t.len {
        t.nan = block.iter().map(|v| u64::from(v.is_nan())).sum();
    }
    t
}

/// One block's loop as a `pulp` operation, compiled once per instruction set.
#[cfg(feature = "simd")]
struct Count<'a, S: Score>(&'a [S], S::Bounds);

#[cfg(feature = "simd")]
impl<S: Score> WithSimd for Count<'_, S> {
    type Output = Tally;

    #[inline(always)]
    fn with_simd<V: Simd>(self, _simd: V) -> Tally {
        S::tally_lanes(self.0, self.1)
    }
}

/// The counts of `block` with the widest instruction set this CPU has (the `simd` feature), or
/// as compiled for the build's target.
fn tally<S: Score>(block: &[S], bounds: S::Bounds) -> Tally {
    #[cfg(feature = "simd")]
    {
        Arch::new().dispatch(Count(block, bounds))
    }
    #[cfg(not(feature = "simd"))]
    {
        S::tally_lanes(block, bounds)
    }
}

/// The counts of every score on `scale`, on every core, or the error for the first bad score
/// (one off the scale, or a NaN when `nan_raises`), named `field` with `expected` saying what
/// the scale is. `None` when the type cannot hold the scale (see [`sealed::Sealed::bounds`]).
pub(crate) fn tally_all<S: Score>(
    field: &str,
    scores: &[S],
    scale: Scale,
    nan_raises: bool,
    expected: &str,
) -> Option<Result<Tally>> {
    let bounds = S::bounds(scale)?;
    let blocks = parallel::map_chunks_at(scores, |at, block| (at, S::tally_block(block, bounds)));
    if let Some(&(from, _)) = blocks.iter().find(|(_, t)| t.has_bad(nan_raises)) {
        // The first bad score, searched from the start of the first block that has one.
        let rest = scores.get(from..).unwrap_or_default();
        return Some(Err(match rest.iter().position(|s| s.is_bad(nan_raises, scale)) {
            Some(i) => input::out_of_range_or_not_finite(Location::at(field, from + i), rest[i].to_f64(), expected),
            None => Error::Invalid { at: Location::scalar(field), value: "?".into(), expected: expected.into() },
        }));
    }
    Some(Ok(blocks.iter().fold(Tally::default(), |sum, (_, t)| sum.add(*t))))
}

/// [`tally_all`] of a column of any type but `bool` (not a rating: `None`, as for a type that
/// cannot hold the scale).
pub(crate) fn tally_column(
    field: &str,
    column: Column<'_>,
    scale: Scale,
    nan_raises: bool,
    expected: &str,
) -> Option<Result<Tally>> {
    match column {
        Column::F64(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::F32(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::I64(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::I32(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::I16(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::I8(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::U64(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::U32(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::U16(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::U8(s) => tally_all(field, s, scale, nan_raises, expected),
        Column::Bool(_) => None,
    }
}

/// The counts of `block` with each instruction set this CPU has — baseline (pulp's `Scalar`),
/// and on x86-64 AVX2 and AVX-512 where available — for tests that they agree.
#[cfg(test)]
#[cfg_attr(not(all(feature = "simd", target_arch = "x86_64")), allow(unused_mut))] // only x86-64 pushes more
pub(super) fn tally_per_instruction_set<S: Score>(block: &[S], scale: Scale) -> Vec<(&'static str, Tally)> {
    let Some(b) = S::bounds(scale) else { return Vec::new() };
    #[cfg(feature = "simd")]
    let mut results = vec![("baseline", Simd::vectorize(pulp::Scalar::new(), Count(block, b)))];
    #[cfg(not(feature = "simd"))]
    let mut results = vec![("baseline", S::tally_lanes(block, b))];
    // The block kernel the library calls (for f64 in a WebAssembly SIMD build, its own loop).
    results.push(("library", S::tally_block(block, b)));
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    {
        if let Some(simd) = pulp::x86::V3::try_new() {
            results.push(("AVX2", Simd::vectorize(simd, Count(block, b))));
        }
        if let Some(simd) = pulp::x86::V4::try_new() {
            results.push(("AVX-512", Simd::vectorize(simd, Count(block, b))));
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

    /// The scales the kernel is tested on: NPS's, CSAT's five points with two top boxes, a
    /// seven-point one, and one that 8-bit integers cannot hold.
    const SCALES: [Scale; 4] = [
        NPS,
        Scale { lo: 1, hi: 5, top: 4, bottom: 1 },
        Scale { lo: 1, hi: 7, top: 7, bottom: 3 },
        Scale { lo: 1, hi: 200, top: 150, bottom: 1 },
    ];

    /// The counts by the scalar definition, one score at a time. The cuts are only specified
    /// for blocks without invalid scores.
    fn reference<S: Score>(block: &[S], scale: Scale) -> Tally {
        let mut t = Tally { len: block.len() as u64, ..Tally::default() };
        for &s in block {
            let v = s.to_f64();
            if v.is_nan() {
                t.nan += 1;
            } else if !s.is_bad(false, scale) {
                t.valid += 1;
                t.top += u64::from(v >= f64::from(scale.top));
                t.bottom += u64::from(v <= f64::from(scale.bottom));
            }
        }
        t
    }

    /// Every instruction set's counts agree with the scalar definition, on the scale the
    /// scores were drawn for (`scale`); a type that cannot hold the scale is refused.
    fn check<S: Score + std::fmt::Debug>(block: &[S], scale: Scale) -> Result<(), TestCaseError> {
        let holds = S::bounds(scale).is_some();
        prop_assert_eq!(holds, fits::<S>(scale));
        if !holds {
            prop_assert!(tally_all("x", block, scale, true, "").is_none());
            return Ok(());
        }
        let want = reference(block, scale);
        for (isa, got) in tally_per_instruction_set(block, scale) {
            prop_assert_eq!((got.len, got.valid, got.nan), (want.len, want.valid, want.nan), "{}", isa);
            if want.valid + want.nan == want.len {
                prop_assert_eq!((got.top, got.bottom), (want.top, want.bottom), "{}", isa);
            }
        }
        let all = tally_all("x", block, scale, false, "").and_then(Result::ok);
        if want.valid + want.nan == want.len {
            prop_assert_eq!(all, tally_per_instruction_set(block, scale).pop().map(|(_, t)| t));
        } else {
            prop_assert!(all.is_none());
        }
        Ok(())
    }

    /// Whether a type holds a scale, by its range: every integer type the scale's `hi`, the
    /// floats every scale below their rounder.
    fn fits<S: Score>(scale: Scale) -> bool {
        let max = match std::any::type_name::<S>() {
            "i8" => 127.0,
            "u8" => 255.0,
            "i16" => 32767.0,
            _ => f64::INFINITY,
        };
        f64::from(scale.hi) <= max
    }

    /// Valid scores on `SCALES[k]` with a few values of `bad` planted at any position
    /// (including the edges of vectors and of the narrow counters' rounds: lengths run past
    /// 2¹⁵), and the scale.
    fn planted<S: Score + std::fmt::Debug>(
        valid: fn(u8) -> S,
        bad: impl Strategy<Value = S> + Clone,
    ) -> impl Strategy<Value = (Vec<S>, Scale)> {
        let len = prop_oneof![0usize..200, (1usize << 15) - 70..(1 << 15) + 70];
        (len, prop::collection::vec((any::<prop::sample::Index>(), bad), 0..4), any::<u64>(), 0..SCALES.len()).prop_map(
            move |(n, plant, seed, k)| {
                let scale = SCALES[k];
                let mut s = seed | 1;
                let mut v: Vec<S> = (0..n)
                    .map(|_| {
                        s ^= s << 13;
                        s ^= s >> 7;
                        s ^= s << 17;
                        // A valid score, reduced to 8 bits (the 1..=200 scale fits a u8).
                        valid((u64::from(scale.lo) + s % u64::from(scale.hi - scale.lo + 1)) as u8)
                    })
                    .collect();
                for (i, b) in plant {
                    if !v.is_empty() {
                        let i = i.index(v.len());
                        v[i] = b;
                    }
                }
                (v, scale)
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
        fn f64_lanes_agree((v, scale) in planted(f64::from, bad_f64())) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn f32_lanes_agree((v, scale) in planted(f32::from, prop_oneof![
            Just(f32::NAN), Just(-0.0f32), Just(10.5f32), Just(1e30f32), Just(8_388_609.0f32), any::<f32>()
        ])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i64_lanes_agree((v, scale) in planted(i64::from, prop_oneof![Just(-1i64), Just(11), Just(i64::MIN), Just(i64::MAX), any::<i64>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u64_lanes_agree((v, scale) in planted(u64::from, prop_oneof![Just(11u64), Just(u64::MAX), Just(1 << 63), any::<u64>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i32_lanes_agree((v, scale) in planted(i32::from, prop_oneof![Just(-1i32), Just(11), Just(i32::MIN), any::<i32>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u32_lanes_agree((v, scale) in planted(u32::from, prop_oneof![Just(11u32), Just(u32::MAX), any::<u32>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i16_lanes_agree((v, scale) in planted(i16::from, prop_oneof![Just(-1i16), Just(11), Just(i16::MIN), any::<i16>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u16_lanes_agree((v, scale) in planted(u16::from, prop_oneof![Just(11u16), Just(u16::MAX), any::<u16>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn i8_lanes_agree((v, scale) in planted(|x| x as i8, prop_oneof![Just(-1i8), Just(11), Just(i8::MIN), any::<i8>()])) { check(&v, scale)?; }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn u8_lanes_agree((v, scale) in planted(|x| x, prop_oneof![Just(11u8), Just(255), any::<u8>()])) { check(&v, scale)?; }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn narrow_counters_do_not_wrap() {
        // 2¹⁶ + 3 promoters: more than a u16 holds, in several rounds of narrow counters.
        let v = vec![10u8; (1 << 16) + 3];
        for (isa, t) in tally_per_instruction_set(&v, NPS) {
            assert_eq!((t.valid, t.top, t.bottom), (v.len() as u64, v.len() as u64, 0), "{isa}");
        }
        let v = vec![0i16; (1 << 16) + 3];
        for (isa, t) in tally_per_instruction_set(&v, NPS) {
            assert_eq!((t.valid, t.top, t.bottom), (v.len() as u64, 0, v.len() as u64), "{isa}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn huge_fractional_and_negative_values_are_invalid() {
        fn valid<S: Score>(v: &[S], scale: Scale) -> Option<u64> {
            S::bounds(scale).map(|b| tally(v, b).valid)
        }
        for v in [7.5, 1e300, -0.5, 10.000001, f64::INFINITY, -1.0, 4_503_599_627_370_497.0] {
            assert_eq!(valid(&[v], NPS), Some(0), "{v}");
        }
        assert_eq!(valid(&[-0.0], NPS), Some(1));
        assert_eq!(valid(&[-0.0, 0.0, 0.5, 5.5, 6.0], SCALES[1]), Some(0));
        assert_eq!(valid(&[-1i64, 11, i64::MIN], NPS), Some(0));
        assert_eq!(valid(&[0i64, 6, i64::MIN, i64::MAX], SCALES[1]), Some(0));
        assert_eq!(valid(&[0u8, 6, 255], SCALES[1]), Some(0));
        assert_eq!(valid(&[u64::MAX, 11, 1 << 63], NPS), Some(0));
        assert_eq!(valid(&[1i8], SCALES[3]), None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_first_bad_score_is_named_with_the_scale() {
        let mut v = vec![3i32; 3 * parallel::CHUNK];
        v[parallel::CHUNK + 5] = 0;
        v[2 * parallel::CHUNK] = 9;
        let e = tally_all("responses", &v, SCALES[1], true, "1..=5").and_then(Result::err).map(|e| e.to_string());
        let want = format!("responses[{}] = 0 is outside 1..=5", parallel::CHUNK + 5);
        assert_eq!(e.as_deref(), Some(want.as_str()));
        let f = [4.0, f64::NAN, 9.0];
        let e = tally_all("responses", &f, SCALES[1], true, "1..=5").and_then(Result::err).map(|e| e.code());
        assert_eq!(e, Some("not_finite"));
        let t = tally_all("responses", &f[..2], SCALES[1], false, "1..=5").and_then(Result::ok);
        assert_eq!(t.map(|t| (t.valid, t.top, t.nan)), Some((1, 1, 1)));
    }
}
