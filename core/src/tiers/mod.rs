//! Customer tiers (客户分级管理): the customer pyramid (客户金字塔; Zeithaml, Rust & Lemon 2001) and
//! Curry's pyramid (Curry 2000), ABC tiers by cumulative value, the inverted profit pyramid
//! (利润倒金字塔) with its Lorenz curve and Gini coefficient, RFM scores and named segments, and
//! migration between tiers as a Markov chain with its customer lifetime value (Pfeifer &
//! Carraway 2000).
//!
//! Tier indexes count from the top: 0 is platinum, Curry's top 1 %, or A. The array functions
//! return these `u8` codes (compact, and what a column holds); [`AbcTier`], [`CurryTier`],
//! [`CustomerPyramidTier`] and [`RfmSegment`] (the segments of [`SegmentMap::standard`]) name
//! them: `AbcTier::try_from(code)`, `tier.as_code()`, and `Display` gives the label.
//!
//! # One tie rule
//!
//! The tierings by value — [`pyramid()`], [`curry`] and [`abc()`] — order customers by value,
//! highest first, and customers of equal value by their index in the input, the earlier first.
//! Tiers are consecutive stretches of that order, so tier sizes are exactly what the shares say
//! even when a boundary falls inside a run of equal values. RFM scores, which are quantiles of
//! rank, give equal values the same score instead (see [`quantile_scores`]).
//!
//! # Speed and memory
//!
//! The batch functions make a few passes over the data instead of sorting it. Tier boundaries
//! are order statistics (or, for ABC, points where a running sum crosses a share of the total);
//! a sample places narrow buckets around them, one pass counts the values per bucket and keeps
//! the few percent that fall in the buckets that matter, and selection among those finishes the
//! job. A last pass writes the tiers. With the default `parallel` feature every pass uses all
//! cores. Extra memory, besides the output, is a small fraction of the input; [`gini`] and
//! [`lorenz`], which need the full order, sort one copy (a bucket sort on the values' bits).
//! Results are bit-for-bit the same with and without `parallel`.

mod abc;
mod cut;
mod migration;
mod profit_pyramid;
mod pyramid;
mod rfm;

pub use abc::{ABC_A, ABC_B, AbcOptions, AbcTier, abc, abc_into};
pub use migration::{
    MAX_HORIZON, MAX_MIGRATION_TIERS, MarkovClvOptions, Migration, ProjectOptions, ROW_SUM_TOLERANCE, TransitionMatrix,
    markov_clv, migration, project, steady_state,
};
pub use profit_pyramid::{
    Lorenz, LorenzOptions, MAX_PROFIT_TIERS, ProfitPyramid, TierShare, gini, gini_of, lorenz, lorenz_of, profit_pyramid,
};
pub use pyramid::{
    CURRY_SHARES, CURRY_TIERS, CUSTOMER_PYRAMID_TIERS, CurryOptions, CurryTier, CustomerPyramidTier, MAX_TIERS, curry,
    pyramid, pyramid_into,
};
pub use rfm::{
    MAX_Q, QuantileOptions, RFM_Q, RfmOptions, RfmScores, RfmSegment, RfmSegments, ScoreRange, SegmentMap, SegmentRule,
    quantile_scores, quantile_scores_into, quantile_scores_into_of, rfm_code, rfm_scores, rfm_scores_of, rfm_segments,
};

use crate::error::{Error, Location, Result};
use crate::numerics::parallel as par;

/// An integer type that can label a tier (0 = the top tier), so tier arrays of any integer
/// width — the `u8` this module returns, or `i64` from numpy — are read without conversion.
///
/// ```
/// use custometrics::tiers::TierLabel;
/// assert_eq!(3u8.index(), Some(3));
/// assert_eq!((-1i64).index(), None);
/// ```
pub trait TierLabel: Copy + Send + Sync {
    /// The label as an index, `None` when it cannot be one (negative, or too large).
    fn index(self) -> Option<usize>;
    /// The label as a number, for error messages.
    fn as_f64(self) -> f64;
}

macro_rules! tier_label {
    ($($t:ty),*) => {$(
        impl TierLabel for $t {
            #[inline]
            fn index(self) -> Option<usize> {
                usize::try_from(self).ok()
            }
            fn as_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
tier_label!(u8, u16, u32, u64, usize, i8, i16, i32, i64);

/// Every label in `0..n_tiers`, else `out_of_range` naming the first unknown one.
fn check_labels<L: TierLabel>(field: &str, labels: &[L], n_tiers: usize) -> Result<()> {
    match par::first_failing(labels, |l| l.index().is_some_and(|i| i < n_tiers)) {
        None => Ok(()),
        Some(i) => Err(Error::OutOfRange {
            at: Location::at(field, i),
            value: labels.get(i).map_or(f64::NAN, |l| l.as_f64()),
            expected: format!("the tier labels 0..={}", n_tiers.saturating_sub(1)),
        }),
    }
}
