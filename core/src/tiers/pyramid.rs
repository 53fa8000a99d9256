//! The customer pyramid (客户金字塔) of Zeithaml, Rust & Lemon (2001) — platinum, gold, iron, lead
//! — and Curry's (2000) pyramid of active customers — top 1 %, big 4 %, medium 15 %, small 80 % —
//! as tiers by rank of customer value with given shares of customers.

use super::cut::{self, Cut};
use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::order_stats;
use serde::{Deserialize, Serialize};

/// The tiers of the customer pyramid of Zeithaml, Rust & Lemon (2001), top first. The shares are
/// the caller's (the authors set none).
pub const CUSTOMER_PYRAMID_TIERS: [&str; 4] = CustomerPyramidTier::LABELS;

/// The tiers of Curry's customer pyramid, top first.
pub const CURRY_TIERS: [&str; 4] = CurryTier::LABELS;

/// A tier of Curry's pyramid; its code (0–3) is what [`curry`] returns per customer, its label
/// the word in [`CURRY_TIERS`].
///
/// ```
/// use custometrics::tiers::{curry, CurryTier, CURRY_TIERS};
/// let value: Vec<f64> = (0..200).map(f64::from).collect();
/// let tier = CurryTier::try_from(curry(&value)?[199])?;
/// assert_eq!(tier, CurryTier::Top);
/// assert!(CurryTier::ALL.iter().all(|t| t.label() == CURRY_TIERS[usize::from(t.as_code())]));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum CurryTier {
    /// The top 1 % of active customers by value.
    Top = 0,
    /// The next 4 %.
    Big = 1,
    /// The next 15 %.
    Medium = 2,
    /// The remaining 80 %.
    Small = 3,
}

crate::codes::coded_enum!(CurryTier: u8, "Curry tier" { Top => "top", Big => "big", Medium => "medium", Small => "small" });

/// A tier of the customer pyramid of Zeithaml, Rust & Lemon (2001), for [`pyramid()`] with four
/// shares; its label is the word in [`CUSTOMER_PYRAMID_TIERS`].
///
/// ```
/// use custometrics::tiers::{CustomerPyramidTier, CUSTOMER_PYRAMID_TIERS};
/// assert_eq!(CustomerPyramidTier::try_from(1)?, CustomerPyramidTier::Gold);
/// assert!(CustomerPyramidTier::ALL.iter().all(|t| t.label() == CUSTOMER_PYRAMID_TIERS[usize::from(t.as_code())]));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum CustomerPyramidTier {
    /// The most profitable customers.
    Platinum = 0,
    /// Profitable, less so than platinum.
    Gold = 1,
    /// Volume without much margin.
    Iron = 2,
    /// Customers who cost more than they bring.
    Lead = 3,
}

crate::codes::coded_enum!(CustomerPyramidTier: u8, "customer pyramid tier" {
    Platinum => "platinum",
    Gold => "gold",
    Iron => "iron",
    Lead => "lead",
});

/// Curry's shares of active customers: top 1 %, big 4 %, medium 15 %, small 80 %.
pub const CURRY_SHARES: [f64; 4] = [0.01, 0.04, 0.15, 0.80];

/// The most tiers a tiering can have (tier indexes are `u8`).
pub const MAX_TIERS: usize = 255;

/// Tiers by rank of value: tier 0 holds the highest-value `shares[0]` of the customers, tier 1
/// the next `shares[1]`, and so on; returns one tier index per customer, in input order.
///
/// The number of customers in tiers `0..=t` is `round(n × (shares[0] + … + shares[t]))`, halves
/// rounded up, the cumulative share summed in f64; the last tier takes the rest. A tier can be
/// empty when its share of `n` rounds to nothing.
///
/// **Ties**: customers are ordered by value, highest first, and customers of equal value by
/// their index in the input (the earlier one ranks higher). Where a tier boundary falls inside a
/// run of equal values, the run is split by that order, so tier sizes are exactly as above.
///
/// ```
/// use custometrics::tiers::pyramid;
/// let value = [10.0, 400.0, 35.0, 90.0, 5.0, 90.0, 60.0, 20.0, 0.0, 150.0];
/// let tier = pyramid(&value, &[0.1, 0.2, 0.3, 0.4])?;
/// //                        10   400  35   90   5    90   60   20   0    150
/// assert_eq!(tier, vec![    3,   0,   2,   1,   3,   2,   2,   3,   3,   1]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `not_finite` for a NaN or infinite value (naming its index); `out_of_range` for a share
/// outside (0, 1]; `invalid` for shares that do not sum to 1 (within 1e-9) or more than
/// [`MAX_TIERS`] shares; `empty` for no shares or fewer customers than tiers.
pub fn pyramid(values: &[f64], shares: &[f64]) -> Result<Vec<u8>> {
    let mut out = vec![0u8; values.len()];
    pyramid_into(values, shares, &mut out)?;
    Ok(out)
}

/// [`pyramid()`] writing into a caller's buffer of the same length as `values`.
///
/// ```
/// use custometrics::tiers::{pyramid_into, CURRY_SHARES};
/// let value: Vec<f64> = (1..=100).map(f64::from).collect(); // customer i has value i + 1
/// let mut tier = vec![0u8; 100];
/// pyramid_into(&value, &CURRY_SHARES, &mut tier)?;
/// assert_eq!(tier[99], 0);                              // the top 1 %: one customer
/// assert!(tier[95..99].iter().all(|&t| t == 1));        // big: the next 4
/// assert_eq!(tier.iter().filter(|&&t| t == 2).count(), 15);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`pyramid()`], and `length_mismatch` when `out` differs in length from `values`.
pub fn pyramid_into(values: &[f64], shares: &[f64], out: &mut [u8]) -> Result<()> {
    input::tier_shares("shares", shares)?;
    tier_count("shares", shares.len())?;
    input::same_len("out", out.len(), "values", values.len())?;
    input::all_finite("values", values)?;
    let n = values.len();
    input::min_len("values", n, shares.len())?;
    let above = cumulative_counts(shares, n);
    // The k-th largest is the (n − k)-th smallest; the cuts at 0 and n need none.
    let inner = |k: usize| k > 0 && k < n;
    let ranks: Vec<usize> = above.iter().filter(|&&k| inner(k)).map(|&k| n - k).collect();
    let mut stats = order_stats::order_stats(values, &ranks).into_iter();
    let cuts: Vec<Cut> = above
        .iter()
        .map(|&k| {
            let boundary = if inner(k) { stats.next() } else { None };
            Cut::after(k, n, boundary)
        })
        .collect();
    cut::assign_into(values, &cuts, out);
    Ok(())
}

/// Curry's pyramid with its default shares [`CURRY_SHARES`] (tier 0 = top 1 %, then big,
/// medium, small; names in [`CURRY_TIERS`]). Pass only active customers. Other shares: call
/// [`pyramid()`].
///
/// ```
/// use custometrics::tiers::curry;
/// let value: Vec<f64> = (0..200).map(|i| f64::from(i % 50)).collect();
/// let tier = curry(&value)?;
/// assert_eq!(tier.iter().filter(|&&t| t == 0).count(), 2); // 1 % of 200
/// // value 49 appears 4 times (indexes 49, 99, 149, 199): the first two by index are "top"
/// assert_eq!((tier[49], tier[99], tier[149], tier[199]), (0, 0, 1, 1));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`pyramid()`].
pub fn curry(values: &[f64]) -> Result<Vec<u8>> {
    pyramid(values, &CURRY_SHARES)
}

/// Customers above each cut: `round(n × cumulative share)`, halves up, never decreasing, the
/// last tier taking the rest.
fn cumulative_counts(shares: &[f64], n: usize) -> Vec<usize> {
    let mut cum = 0.0;
    let mut prev = 0usize;
    let cuts = shares.len().saturating_sub(1);
    shares
        .iter()
        .take(cuts)
        .map(|s| {
            cum += s;
            let k = ((cum * n as f64 + 0.5).floor() as usize).clamp(prev, n);
            prev = k;
            k
        })
        .collect()
}

/// At most [`MAX_TIERS`] tiers.
pub(super) fn tier_count(field: &str, tiers: usize) -> Result<()> {
    if tiers <= MAX_TIERS {
        Ok(())
    } else {
        Err(Error::Invalid {
            at: Location::scalar(field),
            value: format!("{tiers} tiers"),
            expected: format!("at most {MAX_TIERS} tiers"),
        })
    }
}

/// The shares of [`curry`]'s pyramid as an option, default [`CURRY_SHARES`]; other shares give
/// [`pyramid`].
///
/// ```
/// assert_eq!(custometrics::tiers::CurryOptions::default().shares, custometrics::tiers::CURRY_SHARES);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CurryOptions {
    /// Shares of customers per tier, top first, summing to 1. Default [`CURRY_SHARES`].
    pub shares: Vec<f64>,
}

crate::codes::with_setters!(CurryOptions { with_shares => shares: Vec<f64> });

impl Default for CurryOptions {
    fn default() -> Self {
        Self { shares: CURRY_SHARES.to_vec() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_half_up() {
        assert_eq!(cumulative_counts(&CURRY_SHARES, 100), vec![1, 5, 20]);
        assert_eq!(cumulative_counts(&CURRY_SHARES, 50), vec![1, 3, 10]); // 0.5 → 1, 2.5 → 3
        assert_eq!(cumulative_counts(&CURRY_SHARES, 4), vec![0, 0, 1]);
        assert_eq!(cumulative_counts(&[1.0], 4), Vec::<usize>::new());
    }
}
