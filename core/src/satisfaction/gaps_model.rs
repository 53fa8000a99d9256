//! The five-gaps service-quality model (差距模型; Parasuraman, Zeithaml & Berry 1985).
//!
//! Each gap is the mean of `achieved − reference` over paired ratings, so a negative gap is a
//! shortfall, as with P − E:
//! 1. knowledge gap: management's perception of expectations − customers' expectations;
//! 2. standards gap: service-quality specifications − management's perception of expectations;
//! 3. delivery gap: service delivered − specifications;
//! 4. communication gap: service delivered − what external communication promised;
//! 5. customer gap: perceived − expected service (SERVQUAL data).

use crate::error::Result;
use crate::input;
use serde::{Deserialize, Serialize};

/// The gaps' names, in order 1–5.
pub const GAP_NAMES: [&str; 5] = ["knowledge", "standards", "delivery", "communication", "customer"];

/// Paired ratings for one gap: `achieved[i]` is compared with `reference[i]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapRatings<'a> {
    /// The reference side (e.g. customers' expectations for gap 1).
    pub reference: &'a [f64],
    /// The achieved side (e.g. management's perception of them for gap 1).
    pub achieved: &'a [f64],
}

/// One gap of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Gap {
    /// 1 to 5.
    pub number: u8,
    /// `knowledge`, `standards`, `delivery`, `communication` or `customer`.
    pub name: String,
    /// Mean of the reference ratings.
    pub reference_mean: f64,
    /// Mean of the achieved ratings.
    pub achieved_mean: f64,
    /// Mean of achieved − reference.
    pub gap: f64,
    /// Pairs used.
    pub n: usize,
}

/// The five gaps side by side; gaps the caller had no data for are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FiveGaps {
    /// Gaps 1 to 5, in order.
    pub gaps: Vec<Option<Gap>>,
    /// The gap with the largest shortfall (most negative), if any gap is negative.
    pub largest_shortfall: Option<u8>,
}

/// Reports the five gaps from paired ratings. `ratings[k]` is gap k + 1's data.
///
/// ```
/// use custometrics::satisfaction::{five_gaps, GapRatings};
/// let e = [6.0, 7.0];
/// let p = [5.0, 5.0];
/// let mgmt = [6.5, 7.0];
/// let g = five_gaps([
///     Some(GapRatings { reference: &e, achieved: &mgmt }),
///     None, None, None,
///     Some(GapRatings { reference: &e, achieved: &p }),
/// ]).unwrap();
/// assert_eq!(g.gaps[0].as_ref().unwrap().gap, 0.25);
/// assert_eq!(g.gaps[4].as_ref().unwrap().gap, -1.5);
/// assert_eq!(g.largest_shortfall, Some(5));
/// ```
///
/// # Errors
/// `empty`, `length_mismatch` or `not_finite` for a gap's ratings, `out_of_range` for ratings whose
/// mean gap overflows an `f64`; the field is
/// `gap1.reference`, `gap3.achieved`, ….
pub fn five_gaps(ratings: [Option<GapRatings<'_>>; 5]) -> Result<FiveGaps> {
    let mut gaps = Vec::with_capacity(5);
    for (k, r) in ratings.iter().enumerate() {
        gaps.push(r.as_ref().map(|r| gap(k, r)).transpose()?);
    }
    let largest_shortfall =
        gaps.iter().flatten().filter(|g| g.gap < 0.0).min_by(|a, b| a.gap.total_cmp(&b.gap)).map(|g| g.number);
    Ok(FiveGaps { gaps, largest_shortfall })
}

fn gap(k: usize, r: &GapRatings<'_>) -> Result<Gap> {
    let reference = format!("gap{}.reference", k + 1);
    let achieved = format!("gap{}.achieved", k + 1);
    input::min_len(&reference, r.reference.len(), 1)?;
    input::same_len(&achieved, r.achieved.len(), &reference, r.reference.len())?;
    input::all_finite(&reference, r.reference)?;
    input::all_finite(&achieved, r.achieved)?;
    let n = r.reference.len();
    let reference_mean = crate::numerics::stats::mean(r.reference);
    let achieved_mean = crate::numerics::stats::mean(r.achieved);
    let nf = n as f64;
    let mut gap = r.achieved.iter().zip(r.reference).map(|(a, b)| a - b).sum::<f64>() / nf;
    if !gap.is_finite() {
        // Ratings near the top of the f64 range: the differences of the shares, which overflow
        // only when the mean gap itself does.
        gap = r.achieved.iter().zip(r.reference).map(|(a, b)| a / nf - b / nf).sum::<f64>();
    }
    let gap = input::finite_result(
        crate::error::Location::scalar(achieved.as_str()),
        achieved_mean,
        gap,
        &format!("the mean gap achieved − reference (reference mean {reference_mean:e})"),
    )?;
    Ok(Gap { number: k as u8 + 1, name: GAP_NAMES[k].into(), reference_mean, achieved_mean, gap, n })
}
