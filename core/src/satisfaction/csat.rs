//! CSAT, the share of answers in the top boxes of a rating scale, and the satisfaction rate
//! (顾客满意率), the share of respondents at or above a satisfied threshold.

use crate::error::{Error, Location, Result};
use crate::input::{self, Column, NanPolicy, column};
use crate::numerics::elementary as elem;
use crate::satisfaction::intervals::{self, ProportionMethod};
use crate::satisfaction::nps::count::{self, Scale};
use serde::{Deserialize, Serialize};

/// A share of respondents meeting a condition, with its interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Share {
    /// count / n (Σw of the hits / Σw when weighted), in [0, 1] (NaN when propagating a NaN).
    #[serde(with = "crate::float_serde")]
    pub share: f64,
    /// 100 × share.
    #[serde(with = "crate::float_serde")]
    pub percent: f64,
    /// Respondents meeting the condition.
    pub count: u64,
    /// Respondents counted.
    pub n: u64,
    /// Standard error of `share` (the Wald one; linearised when weighted).
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// Lower end of the interval of `share`, in [0, 1].
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the interval of `share`, in [0, 1].
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
    /// The confidence level of the interval.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// How the interval was computed.
    pub method: ProportionMethod,
    /// The effective sample size: `n`, or Kish's (Σw)² / Σw² when weighted.
    #[serde(with = "crate::float_serde")]
    pub effective_n: f64,
    /// Why the interval is degenerate (zero width), when it is.
    pub note: Option<String>,
}

impl Share {
    /// The share of `count` hits in `n` ≥ 1 answers.
    pub(crate) fn of_counts(count: u64, n: u64, method: ProportionMethod, confidence: f64) -> Self {
        let nf = n as f64;
        let p = count as f64 / nf;
        Self::of_shares(count, n, (p, nf), (p * (1.0 - p) / nf).sqrt(), method, confidence)
    }

    /// A (weighted) share `p` with effective size `n_eff` and standard error `std_error`.
    pub(crate) fn of_shares(
        count: u64,
        n: u64,
        (p, n_eff): (f64, f64),
        std_error: f64,
        method: ProportionMethod,
        confidence: f64,
    ) -> Self {
        let i = intervals::proportion_interval(method, p, n_eff, std_error, confidence);
        Self {
            share: p,
            percent: 100.0 * p,
            count,
            n,
            std_error,
            ci_low: i.low,
            ci_high: i.high,
            confidence,
            method,
            effective_n: n_eff,
            note: i.note,
        }
    }

    pub(crate) fn propagated(count: u64, n: u64, method: ProportionMethod, confidence: f64) -> Self {
        Self {
            share: f64::NAN,
            percent: f64::NAN,
            count,
            n,
            std_error: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            confidence,
            method,
            effective_n: f64::NAN,
            note: None,
        }
    }
}

/// Per chunk of a column: how many values were valid, how many of those hit, how many were
/// NaN, and the index of the first value that fails the call.
#[derive(Default)]
struct Counts {
    count: u64,
    n: u64,
    nan: u64,
    first_bad: Option<usize>,
}

/// Counts values meeting `hit` among values that must pass `valid` (false for NaN), under a NaN
/// policy: one pass over the column on every core, the first failing value (a NaN under
/// `raise`, or any value failing `valid`) the error.
fn share_of(
    field: &str,
    values: Column<'_>,
    (nan_policy, method, confidence): (NanPolicy, ProportionMethod, f64),
    valid: impl Fn(f64) -> bool + Sync + Send,
    expected: &str,
    hit: impl Fn(f64) -> bool + Sync + Send,
) -> Result<Share> {
    let raise = nan_policy == NanPolicy::Raise;
    let fails = |v: f64| !valid(v) & (raise | !v.is_nan());
    let parts = column::fold(&[values], values.len(), Counts::default, |c, at, [block]| {
        // Branch-free counts; a block with a failing value is searched again only for the
        // first chunk's first one.
        let (mut count, mut n, mut nan, mut bad) = (0u64, 0u64, 0u64, false);
        for &v in block {
            let ok = valid(v);
            n += u64::from(ok);
            count += u64::from(ok & hit(v));
            nan += u64::from(v.is_nan());
            bad |= fails(v);
        }
        (c.count, c.n, c.nan) = (c.count + count, c.n + n, c.nan + nan);
        if bad && c.first_bad.is_none() {
            c.first_bad = block.iter().position(|&v| fails(v)).map(|j| at + j);
        }
    });
    let total = parts.iter().fold(Counts::default(), |t, p| Counts {
        count: t.count + p.count,
        n: t.n + p.n,
        nan: t.nan + p.nan,
        first_bad: t.first_bad.or(p.first_bad),
    });
    share_from(field, values, total, (nan_policy, method, confidence), expected)
}

/// The share of [`share_of`]'s counts over the whole column, or the error for its first
/// failing value.
fn share_from(
    field: &str,
    values: Column<'_>,
    total: Counts,
    (nan_policy, method, confidence): (NanPolicy, ProportionMethod, f64),
    expected: &str,
) -> Result<Share> {
    if let Some(i) = total.first_bad {
        let v = values.get(i).unwrap_or(f64::NAN);
        return Err(if v.is_nan() {
            Error::NotFinite { at: Location::at(field, i), value: v }
        } else {
            input::out_of_range_or_not_finite(Location::at(field, i), v, expected)
        });
    }
    let Counts { count, n, nan, .. } = total;
    if nan > 0 && nan_policy == NanPolicy::Propagate {
        return Ok(Share::propagated(count, values.len() as u64, method, confidence));
    }
    input::min_len(field, n as usize, 1)?;
    Ok(Share::of_counts(count, n, method, confidence))
}

/// Whether `v` is a whole number, for `v` in [0, 2⁵²): adding and subtracting 2⁵² rounds it to
/// a whole number exactly (the same answer as `v.fract() == 0.0` there, without the `trunc` call
/// that keeps a loop from vectorising on baseline x86-64).
#[inline(always)]
pub(crate) fn is_whole_below_2_52(v: f64) -> bool {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    (v + TWO_52) - TWO_52 == v
}

/// CSAT: the share of answers in the top `top_k` boxes of a 1..=`scale_points` scale.
///
/// ```
/// use custometrics::{NanPolicy, satisfaction::csat};
/// let c = csat(&[5.0, 4.0, 3.0, 5.0, 1.0], 5, 2, NanPolicy::Raise).unwrap();
/// assert_eq!((c.count, c.n), (3, 5));
/// assert_eq!(c.percent, 60.0);
/// ```
///
/// # Errors
/// `out_of_range` for a scale of fewer than 2 points, `top_k` outside 1..=scale_points, or an
/// answer that is not an integer on the scale; `not_finite`, `empty` as usual.
pub fn csat(responses: &[f64], scale_points: u32, top_k: u32, nan_policy: NanPolicy) -> Result<Share> {
    csat_of(Column::F64(responses), scale_points, top_k, nan_policy)
}

/// [`csat`] of answers in a [`Column`] of any numeric type, read at its own width: the same
/// result, bit for bit, as [`csat`] of the answers converted to `f64`.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::csat_of};
/// let c = csat_of(Column::from(&[5u8, 4, 3, 5, 1][..]), 5, 2, NanPolicy::Raise)?;
/// assert_eq!((c.count, c.n), (3, 5));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`csat`].
pub fn csat_of(responses: Column<'_>, scale_points: u32, top_k: u32, nan_policy: NanPolicy) -> Result<Share> {
    csat_with(responses, &CsatOptions { scale_points, top_k, nan_policy, ..CsatOptions::default() })
}

/// [`csat_of`] with every option of [`CsatOptions`], the interval's method and confidence
/// among them.
///
/// ```
/// use custometrics::{Column, satisfaction::{CsatOptions, ProportionMethod, csat_with}};
/// let o = CsatOptions::default().with_method(ProportionMethod::ClopperPearson);
/// let c = csat_with(Column::from(&[5u8, 5, 5][..]), &o)?;
/// assert_eq!((c.share, c.ci_high), (1.0, 1.0));
/// assert!(c.ci_low > 0.29 && c.ci_low < 0.3); // 0.025^(1/3)
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`csat`]; `out_of_range` for a confidence outside (0, 1).
pub fn csat_with(responses: Column<'_>, options: &CsatOptions) -> Result<Share> {
    let threshold = options.check()?;
    let (scale_points, points) = (options.scale_points, f64::from(options.scale_points));
    let expected = format!("the scale: an integer in 1..={scale_points}");
    let (nan_policy, method, confidence) = (options.nan_policy, options.method, options.confidence);
    // Answers are an integer scale: NPS's counting kernel reads them at their own width, in SIMD
    // lanes. The threshold is a whole number (`check` makes it scale_points − top_k + 1).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let scale = Scale { lo: 1, hi: scale_points, top: threshold as u32, bottom: 1 };
    let raise = nan_policy == NanPolicy::Raise;
    if let Some(t) = count::tally_column("responses", responses, scale, raise, &expected) {
        let t = t?;
        if t.nan > 0 && nan_policy == NanPolicy::Propagate {
            return Ok(Share::propagated(t.top, t.len, method, confidence));
        }
        input::min_len("responses", t.valid as usize, 1)?;
        return Ok(Share::of_counts(t.top, t.valid, method, confidence));
    }
    share_of(
        "responses",
        responses,
        (nan_policy, method, confidence),
        // points < 2³², so a v on the scale is below 2⁵².
        |v| (v >= 1.0) & (v <= points) & is_whole_below_2_52(v),
        &expected,
        |v| v >= threshold,
    )
}

/// Satisfaction rate: the share of ratings at or above `threshold`.
///
/// ```
/// use custometrics::{NanPolicy, satisfaction::satisfaction_rate};
/// let r = satisfaction_rate(&[80.0, 60.0, 90.0, 70.0], 70.0, NanPolicy::Raise).unwrap();
/// assert_eq!(r.share, 0.75);
/// ```
///
/// # Errors
/// `not_finite` for ±inf (and NaN under `raise`) or a non-finite threshold, `empty`.
pub fn satisfaction_rate(ratings: &[f64], threshold: f64, nan_policy: NanPolicy) -> Result<Share> {
    satisfaction_rate_of(Column::F64(ratings), threshold, nan_policy)
}

/// [`satisfaction_rate`] of ratings in a [`Column`] of any numeric type, read at its own width:
/// the same result, bit for bit, as [`satisfaction_rate`] of the ratings converted to `f64`.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::satisfaction_rate_of};
/// let r = satisfaction_rate_of(Column::from(&[80i32, 60, 90, 70][..]), 70.0, NanPolicy::Raise)?;
/// assert_eq!(r.share, 0.75);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`satisfaction_rate`].
pub fn satisfaction_rate_of(ratings: Column<'_>, threshold: f64, nan_policy: NanPolicy) -> Result<Share> {
    satisfaction_rate_with(ratings, threshold, &RateOptions { nan_policy, ..RateOptions::default() })
}

/// [`satisfaction_rate_of`] with every option of [`RateOptions`].
///
/// # Errors
/// As [`satisfaction_rate`]; `out_of_range` for a confidence outside (0, 1).
pub fn satisfaction_rate_with(ratings: Column<'_>, threshold: f64, options: &RateOptions) -> Result<Share> {
    input::finite("threshold", threshold)?;
    options.check()?;
    let o = options;
    // Integers are always finite: the rate is a count at their own width (the same count as the
    // comparison on f64 below).
    if let Some(count) = ratings.count_at_least(threshold) {
        input::min_len("ratings", ratings.len(), 1)?;
        return Ok(Share::of_counts(count, ratings.len() as u64, o.method, o.confidence));
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let Column::F64(values) = ratings {
        let (count, n, nan) = rate_f64x2(values, threshold);
        let raise = o.nan_policy == NanPolicy::Raise;
        let fails = |v: f64| !v.is_finite() & (raise | !v.is_nan());
        let bad = if raise { n < values.len() as u64 } else { n + nan < values.len() as u64 };
        let first_bad = if bad { values.iter().position(|&v| fails(v)) } else { None };
        let total = Counts { count, n, nan, first_bad };
        return share_from("ratings", ratings, total, (o.nan_policy, o.method, o.confidence), "the finite numbers");
    }
    share_of("ratings", ratings, (o.nan_policy, o.method, o.confidence), f64::is_finite, "the finite numbers", |v| {
        v >= threshold
    })
}

/// The counts of [`satisfaction_rate_with`] on `f64` ratings in WebAssembly SIMD — at or above
/// `threshold` and finite, finite, NaN — for the npm package's build, which does not vectorise
/// `share_of`'s loop (see `nps::count`'s WebAssembly loop): the same counts, by the same
/// compares. A 10-million Float64Array: 36.8 → 15.4 ms (benches/README.md).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn rate_f64x2(values: &[f64], threshold: f64) -> (u64, u64, u64) {
    use core::arch::wasm32::{
        f64x2, f64x2_abs, f64x2_ge, f64x2_lt, f64x2_ne, f64x2_splat, i64x2_extract_lane, i64x2_splat, i64x2_sub, v128,
        v128_and,
    };
    let (at_least, infinity) = (f64x2_splat(threshold), f64x2_splat(f64::INFINITY));
    let (mut count, mut finite, mut nan) = (i64x2_splat(0), i64x2_splat(0), i64x2_splat(0));
    let mut pairs = values.chunks_exact(2);
    for pair in &mut pairs {
        let &[a, b] = pair else { continue };
        let v = f64x2(a, b);
        // |v| < ∞ is false for ±∞ and NaN: v is finite.
        let ok = f64x2_lt(f64x2_abs(v), infinity);
        finite = i64x2_sub(finite, ok);
        count = i64x2_sub(count, v128_and(ok, f64x2_ge(v, at_least)));
        nan = i64x2_sub(nan, f64x2_ne(v, v));
    }
    #[allow(clippy::cast_sign_loss)] // counts, never negative
    let lanes = |sum: v128| (i64x2_extract_lane::<0>(sum) + i64x2_extract_lane::<1>(sum)) as u64;
    let (mut counts, mut finites, mut nans) = (lanes(count), lanes(finite), lanes(nan));
    for &v in pairs.remainder() {
        counts += u64::from(v.is_finite() && v >= threshold);
        finites += u64::from(v.is_finite());
        nans += u64::from(v.is_nan());
    }
    (counts, finites, nans)
}

/// The difference of two independent samples' shares (CSAT, satisfaction rate): a − b.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProportionDifference {
    /// The first sample's share.
    pub a: Share,
    /// The second sample's share.
    pub b: Share,
    /// `a.share − b.share`, in [−1, 1].
    #[serde(with = "crate::float_serde")]
    pub difference: f64,
    /// Standard error of the difference, √(p₁q₁/n₁ + p₂q₂/n₂).
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// The two-proportion z statistic with the pooled share (0 when both samples are unanimous
    /// alike).
    #[serde(with = "crate::float_serde")]
    pub z: f64,
    /// Two-sided p-value of that z-test of no difference.
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// Lower end of the interval of the difference, in [−1, 1].
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the interval of the difference, in [−1, 1].
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
}

impl ProportionDifference {
    /// a − b with Newcombe's (1998) hybrid interval: from the two shares' own intervals (l, u),
    /// [d − √((p₁ − l₁)² + (u₂ − p₂)²), d + √((u₁ − p₁)² + (p₂ − l₂)²)]. With Wilson's intervals
    /// (the default method) this is Newcombe's method 10, which keeps its coverage at small n
    /// and stays inside [−1, 1] where the Wald interval of a difference does not.
    fn of(a: Share, b: Share) -> Self {
        let difference = a.share - b.share;
        let std_error = elem::hypot(a.std_error, b.std_error);
        let (na, nb) = (a.n as f64, b.n as f64);
        let pooled = (a.count + b.count) as f64 / (na + nb);
        let se0 = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
        // se0 is 0 only when every answer of both samples is a hit, or every one a miss.
        let z = if se0 > 0.0 { difference / se0 } else { 0.0 * difference };
        let p_value = crate::numerics::stats::p_two_sided(z);
        let down = elem::hypot(a.share - a.ci_low, b.ci_high - b.share);
        let up = elem::hypot(a.ci_high - a.share, b.share - b.ci_low);
        // Inside [−1, 1] in exact arithmetic; the comparisons keep a NaN (propagated) a NaN.
        let (low, high) = (difference - down, difference + up);
        Self {
            difference,
            std_error,
            z,
            p_value,
            ci_low: if low < -1.0 { -1.0 } else { low },
            ci_high: if high > 1.0 { 1.0 } else { high },
            a,
            b,
        }
    }
}

/// The first sample's errors name `<field>_a`, the second's `<field>_b`.
fn renamed(r: Result<Share>, field: &str, to: &str) -> Result<Share> {
    r.map_err(|e| if e.field() == Some(field) { e.relocated(to, 0) } else { e })
}

/// Compares the CSAT of two independent samples (two segments, two periods): the difference of
/// the shares, Newcombe's interval of it (see [`ProportionDifference`]) and the two-proportion z-test.
///
/// ```
/// use custometrics::{Column, satisfaction::{CsatOptions, csat_difference}};
/// // Newcombe (1998), example (a): 56 of 70 against 48 of 80.
/// let a: Vec<f64> = [&[5.0; 56][..], &[1.0; 14]].concat();
/// let b: Vec<f64> = [&[5.0; 48][..], &[1.0; 32]].concat();
/// let d = csat_difference(Column::from(&a[..]), Column::from(&b[..]), &CsatOptions::default())?;
/// assert!((d.difference - 0.2).abs() < 1e-12);
/// assert_eq!(((d.ci_low * 1e4).round(), (d.ci_high * 1e4).round()), (524.0, 3339.0)); // his method 10
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`csat_with`] for each sample; the first sample's errors name `responses_a`, the second's
/// `responses_b`.
pub fn csat_difference(a: Column<'_>, b: Column<'_>, options: &CsatOptions) -> Result<ProportionDifference> {
    let a = renamed(csat_with(a, options), "responses", "responses_a")?;
    let b = renamed(csat_with(b, options), "responses", "responses_b")?;
    Ok(ProportionDifference::of(a, b))
}

/// Compares the satisfaction rate (share of ratings ≥ `threshold`) of two independent samples,
/// as [`csat_difference`] does CSAT.
///
/// # Errors
/// As [`satisfaction_rate_with`] for each sample; the first sample's errors name `ratings_a`,
/// the second's `ratings_b`.
pub fn satisfaction_rate_difference(
    a: Column<'_>,
    b: Column<'_>,
    threshold: f64,
    options: &RateOptions,
) -> Result<ProportionDifference> {
    let a = renamed(satisfaction_rate_with(a, threshold, options), "ratings", "ratings_a")?;
    let b = renamed(satisfaction_rate_with(b, threshold, options), "ratings", "ratings_b")?;
    Ok(ProportionDifference::of(a, b))
}

/// The options of [`satisfaction_rate_with`]: the interval and the NaN policy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RateOptions {
    /// What to do with NaN ratings. Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
    /// How the interval is computed. Default [`ProportionMethod::Wilson`].
    pub method: ProportionMethod,
    /// Confidence level of the interval, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

crate::codes::with_setters!(RateOptions { with_nan_policy => nan_policy: NanPolicy, with_method => method: ProportionMethod, with_confidence => confidence: f64 });

impl Default for RateOptions {
    fn default() -> Self {
        Self { nan_policy: NanPolicy::Raise, method: ProportionMethod::Wilson, confidence: 0.95 }
    }
}

impl RateOptions {
    pub(crate) fn check(&self) -> Result<()> {
        input::confidence("confidence", self.confidence).map(|_| ())
    }
}

/// The options of [`csat`] as one value, with their defaults: a 5-point scale, the top 2 boxes,
/// NaN raised.
///
/// ```
/// use custometrics::satisfaction::{CsatOptions, csat};
/// let o = CsatOptions::default();
/// assert_eq!(csat(&[5.0, 4.0, 1.0], o.scale_points, o.top_k, o.nan_policy)?.count, 2);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CsatOptions {
    /// Points of the scale (answers 1..=scale_points), at least 2. Default 5.
    pub scale_points: u32,
    /// The top boxes that count as satisfied, 1..=scale_points. Default 2.
    pub top_k: u32,
    /// What to do with NaN answers. Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
    /// How the interval is computed. Default [`ProportionMethod::Wilson`].
    pub method: ProportionMethod,
    /// Confidence level of the interval, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

crate::codes::with_setters!(CsatOptions { with_scale_points => scale_points: u32, with_top_k => top_k: u32, with_nan_policy => nan_policy: NanPolicy, with_method => method: ProportionMethod, with_confidence => confidence: f64 });

impl Default for CsatOptions {
    fn default() -> Self {
        Self {
            scale_points: 5,
            top_k: 2,
            nan_policy: NanPolicy::Raise,
            method: ProportionMethod::Wilson,
            confidence: 0.95,
        }
    }
}

impl CsatOptions {
    /// Checks the scale, the boxes and the confidence; the lowest answer that counts.
    pub(crate) fn check(&self) -> Result<f64> {
        let (scale_points, top_k) = (self.scale_points, self.top_k);
        let points = f64::from(scale_points);
        input::check("scale_points", points, scale_points >= 2, "the integers >= 2")?;
        input::check("top_k", f64::from(top_k), (1..=scale_points).contains(&top_k), &format!("1..={scale_points}"))?;
        input::confidence("confidence", self.confidence)?;
        Ok(points - f64::from(top_k) + 1.0)
    }
}
