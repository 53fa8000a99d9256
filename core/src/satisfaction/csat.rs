//! CSAT, the share of answers in the top boxes of a rating scale, and the satisfaction rate
//! (顾客满意率), the share of respondents at or above a satisfied threshold.

use crate::error::{Error, Location, Result};
use crate::input::{self, NanPolicy};
use serde::{Deserialize, Serialize};

/// A share of respondents meeting a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// count / n, in [0, 1] (NaN when propagating a NaN).
    pub share: f64,
    /// 100 × share.
    pub percent: f64,
    /// Respondents meeting the condition.
    pub count: u64,
    /// Respondents counted.
    pub n: u64,
}

/// Counts values meeting `hit` among values that must pass `valid`, under a NaN policy.
fn share_of(
    field: &str,
    values: &[f64],
    nan_policy: NanPolicy,
    valid: impl Fn(f64) -> bool,
    expected: &str,
    hit: impl Fn(f64) -> bool,
) -> Result<Share> {
    let (mut count, mut n, mut saw_nan) = (0u64, 0u64, false);
    for (i, &v) in values.iter().enumerate() {
        if v.is_nan() {
            match nan_policy {
                NanPolicy::Raise => return Err(Error::NotFinite { at: Location::at(field, i), value: v }),
                NanPolicy::Omit => continue,
                NanPolicy::Propagate => {
                    saw_nan = true;
                    continue;
                }
            }
        }
        if !valid(v) {
            return Err(input::out_of_range_or_not_finite(Location::at(field, i), v, expected));
        }
        n += 1;
        count += u64::from(hit(v));
    }
    if saw_nan {
        return Ok(Share { share: f64::NAN, percent: f64::NAN, count, n: values.len() as u64 });
    }
    input::min_len(field, n as usize, 1)?;
    let share = count as f64 / n as f64;
    Ok(Share { share, percent: 100.0 * share, count, n })
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
    let points = f64::from(scale_points);
    input::check("scale_points", points, scale_points >= 2, "the integers >= 2")?;
    input::check("top_k", f64::from(top_k), (1..=scale_points).contains(&top_k), &format!("1..={scale_points}"))?;
    let threshold = points - f64::from(top_k) + 1.0;
    share_of(
        "responses",
        responses,
        nan_policy,
        |v| (1.0..=points).contains(&v) && v.fract() == 0.0,
        &format!("the scale: an integer in 1..={scale_points}"),
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
    input::finite("threshold", threshold)?;
    share_of("ratings", ratings, nan_policy, f64::is_finite, "the finite numbers", |v| v >= threshold)
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
pub struct CsatOptions {
    /// Points of the scale (answers 1..=scale_points), at least 2. Default 5.
    pub scale_points: u32,
    /// The top boxes that count as satisfied, 1..=scale_points. Default 2.
    pub top_k: u32,
    /// What to do with NaN answers. Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
}

impl Default for CsatOptions {
    fn default() -> Self {
        Self { scale_points: 5, top_k: 2, nan_policy: NanPolicy::Raise }
    }
}
