//! The trust equation (信任方程式) of Maister, Green & Galford (2000), *The Trusted Advisor*:
//! T = (C + R + I) / S — credibility, reliability and intimacy over self-orientation.
//!
//! Ratings live on a validated scale (default 1–10, the book's self-scoring range). The scale's
//! minimum must be positive, so S can never be zero.

use crate::error::{Error, Location, Result};
use crate::input::{self, Column, NanPolicy, column};
#[cfg(feature = "simd")]
use pulp::{Arch, Simd, WithSimd};
use serde::{Deserialize, Serialize};

/// The rating scale of the four components. Deserialised through [`TrustScale::new`], so a scale
/// read from data is validated like one built in code.
///
/// ```
/// use custometrics::trust::TrustScale;
/// let s: TrustScale = serde_json::from_str(r#"{"min": 1, "max": 5}"#).unwrap();
/// assert_eq!(s.max(), 5.0);
/// assert!(serde_json::from_str::<TrustScale>(r#"{"min": 0, "max": 5}"#).is_err()); // S could be 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ScaleBounds")]
pub struct TrustScale {
    #[serde(with = "crate::float_serde")]
    min: f64,
    #[serde(with = "crate::float_serde")]
    max: f64,
}

/// A [`TrustScale`] as data, before validation.
#[derive(Deserialize)]
struct ScaleBounds {
    #[serde(with = "crate::float_serde")]
    min: f64,
    #[serde(with = "crate::float_serde")]
    max: f64,
}

impl TryFrom<ScaleBounds> for TrustScale {
    type Error = crate::Error;
    fn try_from(b: ScaleBounds) -> Result<Self> {
        Self::new(b.min, b.max)
    }
}

impl Default for TrustScale {
    fn default() -> Self {
        Self { min: 1.0, max: 10.0 }
    }
}

impl TrustScale {
    /// A scale `min..=max` with `0 < min < max`, narrow enough that every T on it and its
    /// derivatives are finite numbers: the largest T, 3·max/min, and the steepest slope,
    /// 3·max/min², must not overflow an `f64`.
    ///
    /// ```
    /// use custometrics::trust::TrustScale;
    /// assert!(TrustScale::new(0.0, 5.0).is_err()); // S could be 0
    /// assert_eq!(TrustScale::new(1e-300, 1e10).unwrap_err().field(), Some("scale.min")); // T up to 3e310
    /// ```
    ///
    /// # Errors
    /// `not_finite`, or `out_of_range` for `min <= 0`, `max <= min`, `max` so large that
    /// C + R + I overflows, or `min` so small against `max` that T or ∂T/∂S would.
    pub fn new(min: f64, max: f64) -> Result<Self> {
        input::check("scale.min", min, min > 0.0, "the positive numbers (S must not reach 0)")?;
        input::check("scale.max", max, max > min, &format!("the numbers above scale.min = {min}"))?;
        input::check("scale.max", max, (3.0 * max).is_finite(), "the numbers whose triple is finite (C + R + I)")?;
        let steepest = 3.0 * max / min / min;
        input::check(
            "scale.min",
            min,
            (3.0 * max / min).is_finite() && steepest.is_finite(),
            &format!("the numbers for which 3·max/min and 3·max/min² stay finite (max = {max})"),
        )?;
        Ok(Self { min, max })
    }
    /// Lowest rating.
    pub fn min(&self) -> f64 {
        self.min
    }
    /// Highest rating.
    pub fn max(&self) -> f64 {
        self.max
    }
    fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }
    fn expected(&self) -> String {
        format!("the rating scale {}..={}", self.min, self.max)
    }
}

/// The four components, as field names in errors.
pub const COMPONENTS: [&str; 4] = ["credibility", "reliability", "intimacy", "self_orientation"];

/// One rater's four ratings, validated against a scale; the fields are read through their
/// accessors so that a value cannot be changed past the check. Serialised as
/// `{"credibility": …, "reliability": …, "intimacy": …, "self_orientation": …}`; deserialising
/// checks that the ratings belong to some valid scale (all positive and finite, T finite),
/// since the scale itself is not stored.
///
/// ```
/// use custometrics::trust::{TrustRatings, TrustScale};
/// let r = TrustRatings::new(7.0, 8.0, 6.0, 3.0, TrustScale::default())?;
/// assert_eq!((r.credibility(), r.self_orientation(), r.score()), (7.0, 3.0, 7.0));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedRatings")]
pub struct TrustRatings {
    #[serde(with = "crate::float_serde")]
    credibility: f64,
    #[serde(with = "crate::float_serde")]
    reliability: f64,
    #[serde(with = "crate::float_serde")]
    intimacy: f64,
    #[serde(with = "crate::float_serde")]
    self_orientation: f64,
}

/// Ratings as read, before validation.
#[derive(Deserialize)]
struct UncheckedRatings {
    #[serde(with = "crate::float_serde")]
    credibility: f64,
    #[serde(with = "crate::float_serde")]
    reliability: f64,
    #[serde(with = "crate::float_serde")]
    intimacy: f64,
    #[serde(with = "crate::float_serde")]
    self_orientation: f64,
}

impl TryFrom<UncheckedRatings> for TrustRatings {
    type Error = Error;
    fn try_from(u: UncheckedRatings) -> Result<Self> {
        let values = [u.credibility, u.reliability, u.intimacy, u.self_orientation];
        for (name, v) in COMPONENTS.iter().zip(values) {
            if !(v > 0.0 && v.is_finite()) {
                return Err(input::out_of_range_or_not_finite(Location::scalar(*name), v, "the positive numbers"));
            }
        }
        let t = equation(values[0], values[1], values[2], values[3]);
        if !t.is_finite() {
            return Err(Error::OutOfRange {
                at: Location::scalar(COMPONENTS[3]),
                value: values[3],
                expected: format!(
                    "the values for which T = (C + R + I) / S is finite (C + R + I = {})",
                    values[0] + values[1] + values[2]
                ),
            });
        }
        Ok(Self { credibility: values[0], reliability: values[1], intimacy: values[2], self_orientation: values[3] })
    }
}

impl TrustRatings {
    /// Validated ratings.
    ///
    /// # Errors
    /// `not_finite` or `out_of_range` (naming the component) for a rating off the scale.
    pub fn new(c: f64, r: f64, i: f64, s: f64, scale: TrustScale) -> Result<Self> {
        for (name, v) in COMPONENTS.iter().zip([c, r, i, s]) {
            if !scale.contains(v) {
                return Err(input::out_of_range_or_not_finite(Location::scalar(*name), v, &scale.expected()));
            }
        }
        Ok(Self { credibility: c, reliability: r, intimacy: i, self_orientation: s })
    }

    /// C, credibility.
    pub fn credibility(&self) -> f64 {
        self.credibility
    }
    /// R, reliability.
    pub fn reliability(&self) -> f64 {
        self.reliability
    }
    /// I, intimacy.
    pub fn intimacy(&self) -> f64 {
        self.intimacy
    }
    /// S, self-orientation.
    pub fn self_orientation(&self) -> f64 {
        self.self_orientation
    }

    /// T = (C + R + I) / S: finite, since S is positive and the scale bounds T.
    pub fn score(&self) -> f64 {
        equation(self.credibility, self.reliability, self.intimacy, self.self_orientation)
    }
}

#[inline]
fn equation(c: f64, r: f64, i: f64, s: f64) -> f64 {
    (c + r + i) / s
}

/// T for a block of rows, written into `out` (as long as each column): whether every rating lies
/// in `lo..=hi` (a NaN does not). With the `simd` feature, with the widest SIMD instructions the
/// CPU has (`Rows`); without it, one row at a time in the same order, so with the same bits.
fn rows(cols: [&[f64]; 4], out: &mut [f64], lo: f64, hi: f64) -> bool {
    #[cfg(feature = "simd")]
    {
        Arch::new().dispatch(Rows { cols, out, lo, hi })
    }
    #[cfg(not(feature = "simd"))]
    {
        let n = out.len();
        let [c, r, i, s] = cols.map(|col| col.get(..n).unwrap_or_default());
        let mut every = true;
        for ((((o, &c), &r), &i), &s) in out.iter_mut().zip(c).zip(r).zip(i).zip(s) {
            every &= (c >= lo) & (c <= hi) & (r >= lo) & (r <= hi) & (i >= lo) & (i <= hi) & (s >= lo) & (s <= hi);
            *o = equation(c, r, i, s);
        }
        every
    }
}

/// T for a block of rows, written into `out` (as long as each column), with the widest SIMD
/// instructions the CPU has (`pulp`'s dispatch; WebAssembly SIMD in the npm package): whether
/// every rating lies in `lo..=hi` (a NaN does not). Written with explicit vector operations,
/// not as a loop for the compiler to vectorise, because the npm package's size-optimised build
/// does not vectorise loops. SIMD addition and division round as their scalar forms do, in the
/// same order as [`equation`], so every instruction set gives its bits.
#[cfg(feature = "simd")]
struct Rows<'a> {
    cols: [&'a [f64]; 4],
    out: &'a mut [f64],
    lo: f64,
    hi: f64,
}

/// Which lanes of `x` lie in `lo..=hi` (inlined by hand: the size-optimised build would call a
/// closure once per vector).
#[cfg(feature = "simd")]
#[inline(always)]
fn in_scale<S: Simd>(simd: S, x: S::f64s, lo: S::f64s, hi: S::f64s) -> S::m64s {
    simd.and_m64s(simd.greater_than_or_equal_f64s(x, lo), simd.less_than_or_equal_f64s(x, hi))
}

#[cfg(feature = "simd")]
impl WithSimd for Rows<'_> {
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) -> bool {
        let n = self.out.len();
        let [c, r, i, s] = self.cols.map(|col| col.get(..n).unwrap_or_default());
        let (out, out_tail) = S::as_mut_simd_f64s(self.out);
        let ((c, c_tail), (r, r_tail)) = (S::as_simd_f64s(c), S::as_simd_f64s(r));
        let ((i, i_tail), (s, s_tail)) = (S::as_simd_f64s(i), S::as_simd_f64s(s));
        let (lo, hi) = (simd.splat_f64s(self.lo), simd.splat_f64s(self.hi));
        // Every lane true: a scale's minimum is below its maximum.
        let mut all = simd.less_than_or_equal_f64s(lo, hi);
        for ((((o, &c), &r), &i), &s) in out.iter_mut().zip(c).zip(r).zip(i).zip(s) {
            let ok = simd.and_m64s(
                simd.and_m64s(in_scale(simd, c, lo, hi), in_scale(simd, r, lo, hi)),
                simd.and_m64s(in_scale(simd, i, lo, hi), in_scale(simd, s, lo, hi)),
            );
            all = simd.and_m64s(all, ok);
            *o = simd.div_f64s(simd.add_f64s(simd.add_f64s(c, r), i), s);
        }
        let (one, zero) = (simd.splat_f64s(1.0), simd.splat_f64s(0.0));
        let mut every = simd.reduce_min_f64s(simd.select_f64s(all, one, zero)) == 1.0;
        let (lo, hi) = (self.lo, self.hi);
        for ((((o, &c), &r), &i), &s) in out_tail.iter_mut().zip(c_tail).zip(r_tail).zip(i_tail).zip(s_tail) {
            every &= (c >= lo) & (c <= hi) & (r >= lo) & (r <= hi) & (i >= lo) & (i <= hi) & (s >= lo) & (s <= hi);
            *o = equation(c, r, i, s);
        }
        every
    }
}

/// T for rows of `i64` ratings read in place, written into `out` (as long as each column):
/// whether every rating lies in `lo..=hi`. Each rating is converted to `f64` as it is read and
/// the row computed as [`equation`] computes it, so the bits are those of [`rows`] on the same
/// ratings as `f64`. Widening blocks of integer columns first (as other types are) leaves the
/// memory idle while each block is computed: this loop keeps reading while it computes.
fn int_rows(cols: [&[i64]; 4], out: &mut [f64], lo: f64, hi: f64) -> bool {
    let rows = IntRows { cols, out, lo, hi };
    #[cfg(feature = "simd")]
    {
        Arch::new().dispatch(rows)
    }
    #[cfg(not(feature = "simd"))]
    {
        rows.run()
    }
}

/// The loop of [`int_rows`], compiled once per instruction set (as a `pulp` operation).
struct IntRows<'a> {
    cols: [&'a [i64]; 4],
    out: &'a mut [f64],
    lo: f64,
    hi: f64,
}

impl IntRows<'_> {
    #[inline(always)]
    fn run(self) -> bool {
        let n = self.out.len();
        let [c, r, i, s] = self.cols.map(|col| col.get(..n).unwrap_or_default());
        let (lo, hi) = (self.lo, self.hi);
        let mut every = true;
        for ((((o, &c), &r), &i), &s) in self.out.iter_mut().zip(c).zip(r).zip(i).zip(s) {
            let (c, r, i, s) = (c as f64, r as f64, i as f64, s as f64);
            every &= (c >= lo) & (c <= hi) & (r >= lo) & (r <= hi) & (i >= lo) & (i <= hi) & (s >= lo) & (s <= hi);
            *o = equation(c, r, i, s);
        }
        every
    }
}

#[cfg(feature = "simd")]
impl WithSimd for IntRows<'_> {
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: Simd>(self, _simd: S) -> bool {
        self.run()
    }
}

/// T = (C + R + I) / S for one rater.
///
/// ```
/// use custometrics::trust::{trust_score, TrustScale};
/// assert_eq!(trust_score(7.0, 8.0, 6.0, 3.0, TrustScale::default()).unwrap(), 7.0);
/// ```
///
/// # Errors
/// As [`TrustRatings::new`].
pub fn trust_score(c: f64, r: f64, i: f64, s: f64, scale: TrustScale) -> Result<f64> {
    Ok(TrustRatings::new(c, r, i, s, scale)?.score())
}

/// Element-wise T over arrays of ratings, written into `out` (one pass, no allocation).
///
/// Under [`NanPolicy::Raise`] a NaN is an error; under `Omit` or `Propagate` a row with a NaN
/// gets NaN and keeps its position (dropping rows would misalign an element-wise result).
///
/// ```
/// use custometrics::{NanPolicy, trust::{trust_score_into, TrustScale}};
/// let mut out = [0.0; 2];
/// trust_score_into(&[7.0, 9.0], &[8.0, 9.0], &[6.0, 9.0], &[3.0, 9.0], TrustScale::default(), NanPolicy::Raise, &mut out).unwrap();
/// assert_eq!(out, [7.0, 3.0]);
/// ```
///
/// # Errors
/// `length_mismatch` (including `out`), `not_finite`/`out_of_range` naming the component and
/// index.
pub fn trust_score_into(
    c: &[f64],
    r: &[f64],
    i: &[f64],
    s: &[f64],
    scale: TrustScale,
    nan_policy: NanPolicy,
    out: &mut [f64],
) -> Result<()> {
    trust_score_into_of([c, r, i, s].map(Column::F64), scale, nan_policy, out)
}

/// [`trust_score_into`] over the four components given as [`Column`]s of any numeric type
/// (C, R, I, S in that order; each read at its own width, block by block, without an `f64`
/// copy): the same values and errors, bit for bit, as for the columns converted to `f64`.
///
/// ```
/// use custometrics::{Column, NanPolicy, trust::{trust_score_into_of, TrustScale}};
/// let (c, r, i) = ([7u8, 9], [8u8, 9], [6u8, 9]);
/// let s = [3.0f32, 9.0];
/// let mut out = [0.0; 2];
/// let columns = [Column::from(&c[..]), Column::from(&r[..]), Column::from(&i[..]), Column::from(&s[..])];
/// trust_score_into_of(columns, TrustScale::default(), NanPolicy::Raise, &mut out)?;
/// assert_eq!(out, [7.0, 3.0]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`trust_score_into`].
pub fn trust_score_into_of(
    columns: [Column<'_>; 4],
    scale: TrustScale,
    nan_policy: NanPolicy,
    out: &mut [f64],
) -> Result<()> {
    for (name, col) in COMPONENTS[1..].iter().zip(&columns[1..]) {
        input::same_len(name, col.len(), COMPONENTS[0], columns[0].len())?;
    }
    input::same_len("out", out.len(), COMPONENTS[0], columns[0].len())?;
    let (lo, hi) = (scale.min, scale.max);
    // Integer ratings (no NaN possible) are read in place, each chunk in one loop.
    if let [Column::I64(c), Column::I64(r), Column::I64(i), Column::I64(s)] = columns {
        let every = crate::numerics::parallel::all_blocks_mut(out, crate::numerics::parallel::CHUNK, |at, out| {
            let rows = at..at + out.len();
            int_rows([&c[rows.clone()], &r[rows.clone()], &i[rows.clone()], &s[rows]], out, lo, hi)
        });
        return if every { Ok(()) } else { Err(first_bad(columns, scale, nan_policy)) };
    }
    // One branch-free pass computes and checks at once, on every core ([`Rows`]: every row in
    // the scale?); only a block where some row is not (a NaN, or a rating off the scale) is
    // scanned again to tell the two apart. The error path rescans to name the first bad value.
    let flags = column::fold_into(
        &columns,
        out,
        || (false, false),
        |flags, [c, r, i, s], out| {
            if rows([c, r, i, s], out, lo, hi) {
                return;
            }
            let (mut bad, mut nan) = *flags;
            for (((&c, &r), &i), &s) in c.iter().zip(r).zip(i).zip(s) {
                let ok = (c >= lo) & (c <= hi) & (r >= lo) & (r <= hi) & (i >= lo) & (i <= hi) & (s >= lo) & (s <= hi);
                let any_nan = c.is_nan() | r.is_nan() | i.is_nan() | s.is_nan();
                bad |= !ok & !any_nan;
                nan |= any_nan;
            }
            *flags = (bad, nan);
        },
    );
    let (bad, nan) = flags.into_iter().fold((false, false), |a, b| (a.0 | b.0, a.1 | b.1));
    if bad || (nan && nan_policy == NanPolicy::Raise) {
        return Err(first_bad(columns, scale, nan_policy));
    }
    Ok(())
}

/// Element-wise T, allocating the result.
///
/// ```
/// use custometrics::{NanPolicy, trust::{trust_score_batch, TrustScale}};
/// let t = trust_score_batch(&[7.0], &[8.0], &[6.0], &[3.0], TrustScale::default(), NanPolicy::Raise).unwrap();
/// assert_eq!(t, vec![7.0]);
/// ```
///
/// # Errors
/// As [`trust_score_into`].
pub fn trust_score_batch(
    c: &[f64],
    r: &[f64],
    i: &[f64],
    s: &[f64],
    scale: TrustScale,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>> {
    let mut out = vec![0.0; c.len()];
    trust_score_into(c, r, i, s, scale, nan_policy, &mut out)?;
    Ok(out)
}

fn first_bad(columns: [Column<'_>; 4], scale: TrustScale, nan_policy: NanPolicy) -> Error {
    let n = columns[0].len();
    for row in 0..n {
        for (name, col) in COMPONENTS.iter().zip(columns) {
            let v = col.get(row).unwrap_or(f64::NAN);
            if v.is_nan() && nan_policy != NanPolicy::Raise {
                continue;
            }
            if !scale.contains(v) {
                return input::out_of_range_or_not_finite(Location::at(*name, row), v, &scale.expected());
            }
        }
    }
    Error::Invalid { at: Location::scalar(COMPONENTS[0]), value: "?".into(), expected: scale.expected() }
}

/// How T responds to each component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TrustSensitivity {
    /// T at the given ratings.
    #[serde(with = "crate::float_serde")]
    pub score: f64,
    /// ∂T/∂C = ∂T/∂R = ∂T/∂I = 1/S.
    #[serde(with = "crate::float_serde")]
    pub d_numerator: f64,
    /// ∂T/∂S = −(C + R + I)/S².
    #[serde(with = "crate::float_serde")]
    pub d_self_orientation: f64,
    /// The gain in T from one point of improvement of each component within the scale
    /// (C, R, I up by one point, S down by one), in the order credibility, reliability,
    /// intimacy, self_orientation. A component already at its best gains only what the scale
    /// leaves.
    #[serde(with = "crate::float_serde::array")]
    pub gains: [f64; 4],
    /// The component whose one-point improvement raises T most (ties: the first in that order),
    /// or `None` when no component can improve.
    pub best_lever: Option<String>,
}

/// Sensitivities of T for one rater.
///
/// ```
/// use custometrics::trust::{sensitivity, TrustRatings, TrustScale};
/// let r = TrustRatings::new(7.0, 8.0, 6.0, 3.0, TrustScale::default()).unwrap();
/// let s = sensitivity(&r, TrustScale::default());
/// assert_eq!(s.gains[0], 1.0 / 3.0);          // (7+1+8+6)/3 − 7
/// assert_eq!(s.gains[3], 21.0 / 2.0 - 7.0);   // S from 3 to 2
/// assert_eq!(s.best_lever.as_deref(), Some("self_orientation"));
/// ```
pub fn sensitivity(ratings: &TrustRatings, scale: TrustScale) -> TrustSensitivity {
    let TrustRatings { credibility: c, reliability: r, intimacy: i, self_orientation: s } = *ratings;
    let t = ratings.score();
    let up = |x: f64| (scale.max - x).min(1.0);
    let s_down = (s - scale.min).min(1.0);
    let gains = [up(c) / s, up(r) / s, up(i) / s, equation(c, r, i, s - s_down) - t];
    let best = best_lever(&gains);
    TrustSensitivity {
        score: t,
        d_numerator: 1.0 / s,
        d_self_orientation: -(c + r + i) / (s * s),
        gains,
        best_lever: best.map(|k| COMPONENTS[k].to_owned()),
    }
}

/// The component with the largest positive gain (ties: the first in [`COMPONENTS`] order).
fn best_lever(gains: &[f64; 4]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (k, g) in gains.iter().enumerate() {
        if *g > 0.0 && best.is_none_or(|b| *g > gains[b]) {
            best = Some(k);
        }
    }
    best
}

/// Sensitivities over a sample of raters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SampleSensitivity {
    /// Mean one-point gain of each component over raters (order as [`COMPONENTS`]).
    #[serde(with = "crate::float_serde::array")]
    pub mean_gains: [f64; 4],
    /// How many raters have each component as their best lever.
    pub best_lever_counts: [u64; 4],
    /// The component with the largest mean gain (ties: the first), `None` if no gain is positive.
    pub best_lever: Option<String>,
    /// Raters.
    pub n: u64,
}

/// Trust over many raters: both aggregates, labelled, because they differ (the mean of ratios
/// is not the ratio of means).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TrustAggregate {
    /// Mean of the individual T values.
    #[serde(with = "crate::float_serde")]
    pub mean_of_scores: f64,
    /// T of the mean ratings: (C̄ + R̄ + Ī) / S̄.
    #[serde(with = "crate::float_serde")]
    pub score_of_means: f64,
    /// Mean rating per component (order as [`COMPONENTS`]).
    #[serde(with = "crate::float_serde::array")]
    pub mean_ratings: [f64; 4],
    /// Sensitivities over the sample.
    pub sensitivity: SampleSensitivity,
    /// Raters.
    pub n: u64,
}

/// Aggregates T over raters (arrays of equal length, one element per rater).
///
/// ```
/// use custometrics::trust::{trust_over_raters, TrustScale};
/// let a = trust_over_raters(&[6.0, 6.0], &[6.0, 6.0], &[6.0, 6.0], &[2.0, 6.0], TrustScale::default()).unwrap();
/// assert_eq!(a.mean_of_scores, 6.0);  // (18/2 + 18/6) / 2
/// assert_eq!(a.score_of_means, 4.5);  // 18 / 4
/// ```
///
/// # Errors
/// `empty`, `length_mismatch`, `not_finite`/`out_of_range` naming component and index.
pub fn trust_over_raters(c: &[f64], r: &[f64], i: &[f64], s: &[f64], scale: TrustScale) -> Result<TrustAggregate> {
    input::min_len(COMPONENTS[0], c.len(), 1)?;
    let scores = trust_score_batch(c, r, i, s, scale, NanPolicy::Raise)?;
    let n = c.len();
    let nf = n as f64;
    // The sum first (the usual bits); where it overflows, the sum of the shares, which cannot.
    let mean = |a: &[f64]| {
        let m = a.iter().sum::<f64>() / nf;
        if m.is_finite() { m } else { a.iter().map(|x| x / nf).sum::<f64>() }
    };
    let mean_ratings = [mean(c), mean(r), mean(i), mean(s)];
    let (mut mean_gains, mut best_lever_counts) = ([0.0; 4], [0u64; 4]);
    for k in 0..n {
        let one = sensitivity(
            &TrustRatings { credibility: c[k], reliability: r[k], intimacy: i[k], self_orientation: s[k] },
            scale,
        );
        for (m, g) in mean_gains.iter_mut().zip(one.gains) {
            *m += g / nf;
        }
        if let Some(best) = one.best_lever.and_then(|b| COMPONENTS.iter().position(|c| *c == b)) {
            best_lever_counts[best] += 1;
        }
    }
    let best = best_lever(&mean_gains);
    Ok(TrustAggregate {
        mean_of_scores: mean(&scores),
        score_of_means: equation(mean_ratings[0], mean_ratings[1], mean_ratings[2], mean_ratings[3]),
        mean_ratings,
        sensitivity: SampleSensitivity {
            mean_gains,
            best_lever_counts,
            best_lever: best.map(|k| COMPONENTS[k].to_owned()),
            n: n as u64,
        },
        n: n as u64,
    })
}

/// The options of the trust functions as one value, with their defaults: the 1..=10 scale, NaN
/// raised ([`trust_score_batch`] alone reads the policy).
///
/// ```
/// let o = custometrics::trust::TrustOptions::default();
/// assert_eq!((o.scale.min(), o.scale.max()), (1.0, 10.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TrustOptions {
    /// The rating scale. Default 1..=10.
    pub scale: TrustScale,
    /// What [`trust_score_batch`] and [`trust_survey`] do with NaN ratings. Default
    /// [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
    /// The confidence of [`trust_survey`]'s intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

crate::codes::with_setters!(TrustOptions { with_scale => scale: TrustScale, with_nan_policy => nan_policy: NanPolicy, with_confidence => confidence: f64 });

impl Default for TrustOptions {
    fn default() -> Self {
        Self { scale: TrustScale::default(), nan_policy: NanPolicy::Raise, confidence: 0.95 }
    }
}

/// The mean trust score T = (C + R + I) / S per segment and in total, weighted when the design
/// has weights, each with its Student t interval on T's range [3·min/max, 3·max/min] (see
/// [`mean_survey`](crate::satisfaction::mean_survey): degrees of freedom from Kish's effective
/// size, the linearised variance of a weighted mean, and a distribution-free interval instead
/// of a zero-width one when every rater gives the same T). The components are read as
/// [`trust_score_into_of`] reads them.
///
/// ```
/// use custometrics::{Column, satisfaction::Design, trust::{TrustOptions, trust_survey}};
/// let (c, r, i, s) = ([7.0, 5.0, 6.0], [8.0, 5.0, 6.0], [6.0, 5.0, 6.0], [3.0, 3.0, 2.0]);
/// let t = trust_survey([&c[..], &r[..], &i[..], &s[..]].map(Column::from), &Design::default(), &TrustOptions::default())?;
/// assert_eq!(t.total.mean, 7.0); // (7 + 5 + 9) / 3
/// assert_eq!(t.total.dof, 2.0);
/// assert!(t.total.ci_low < 7.0 && t.total.ci_high > 7.0 && t.total.ci_low >= 0.3);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`trust_score_into_of`] for the ratings (NaN ratings as `nan_policy` says: omitted or
/// propagated to their segment's and the total's mean); as
/// [`nps_survey`](crate::satisfaction::nps_survey) for the design, naming `credibility` for its
/// length; `out_of_range` naming `confidence` outside (0, 1); `empty` without raters.
pub fn trust_survey(
    columns: [Column<'_>; 4],
    design: &crate::satisfaction::Design<'_>,
    options: &TrustOptions,
) -> Result<crate::satisfaction::BySegment<crate::satisfaction::Mean>> {
    use crate::satisfaction::means;
    let scale = TrustScale::new(options.scale.min, options.scale.max)?;
    input::confidence("confidence", options.confidence)?;
    for (field, col) in [("segments", design.segments), ("weights", design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), COMPONENTS[0], columns[0].len())?;
        }
    }
    let mut t = vec![0.0; columns[0].len()];
    trust_score_into_of(columns, scale, options.nan_policy, &mut t)?;
    let range = (3.0 * scale.min / scale.max, 3.0 * scale.max / scale.min);
    let a = means::Values {
        field: COMPONENTS[0],
        values: Column::F64(&t),
        nan_policy: options.nan_policy,
        // Every T of ratings on the scale is in its range (rounding aside: clamped).
        checked: false, // derived from validated ratings
        expected: "",
        range,
    };
    let cells = means::moments(&a, design)?;
    let s = means::MeanSettings { range, confidence: options.confidence, nan_policy: options.nan_policy };
    means::by_segment_of(COMPONENTS[0], &cells, design, |c| means::mean_of(c, &s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

    /// The vector kernel against the scalar definition, for every length up to three vectors of
    /// the widest instruction set and a tail, and with one row off the scale or NaN at each
    /// position: T's bits, and whether every rating was in the scale.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn rows_match_the_scalar_definition() {
        let (lo, hi) = (1.0, 10.0);
        for n in 0..=27 {
            let cols: Vec<Vec<f64>> =
                (0..4).map(|k| (0..n).map(|i| 1.0 + ((i * 7 + k * 3) % 10) as f64 * 0.9).collect()).collect();
            let mut cases = vec![(cols.clone(), true)];
            for at in 0..n {
                for (k, bad) in [(0, 0.5), (1, 10.5), (2, f64::NAN), (3, 0.0)] {
                    let mut c = cols.clone();
                    c[k][at] = bad;
                    cases.push((c, false));
                }
            }
            for (c, all_in) in cases {
                let mut out = vec![0.0; n];
                let every = rows([&c[0][..], &c[1][..], &c[2][..], &c[3][..]], &mut out, lo, hi);
                assert_eq!(every, all_in, "n = {n}");
                for (row, t) in out.iter().enumerate() {
                    let want = equation(c[0][row], c[1][row], c[2][row], c[3][row]);
                    assert_eq!(t.to_bits(), want.to_bits(), "n = {n}, row {row}");
                }
            }
        }
    }
}
