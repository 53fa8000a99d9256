//! The inverted profit pyramid (利润倒金字塔): for any tiering, each tier's share of customers
//! against its share of value; and the concentration of value over all customers — the Lorenz
//! curve and the Gini coefficient.
//!
//! Value here may be negative (profit: the lead tier exists because some customers lose money).
//! Shares are of the total value, which must be positive.

use super::TierLabel;
use crate::error::{Error, Location, Result};
use crate::input::{self, Column};
use crate::numerics::parallel as par;
use serde::{Deserialize, Serialize};

/// One tier of a profit pyramid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TierShare {
    /// The tier index (0 = top).
    pub tier: u32,
    /// Customers in the tier.
    pub customers: u64,
    /// customers / all customers.
    pub customer_share: f64,
    /// The tier's total value.
    pub value: f64,
    /// value / total value (negative for a loss-making tier; the shares sum to 1).
    pub value_share: f64,
    /// value / customers; `None` for an empty tier.
    pub value_per_customer: Option<f64>,
}

/// Value by tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProfitPyramid {
    /// One entry per tier, tier 0 first.
    pub tiers: Vec<TierShare>,
    /// All customers.
    pub customers: u64,
    /// The total value (positive).
    pub total_value: f64,
}

/// The most tiers [`profit_pyramid()`] takes.
pub const MAX_PROFIT_TIERS: usize = 1024;

/// Each tier's share of customers and of value, from each customer's value and tier.
///
/// ```
/// use custometrics::tiers::profit_pyramid;
/// let value = [500.0, 300.0, 80.0, 60.0, 40.0, 20.0, -10.0, 10.0];
/// let p = profit_pyramid(&value, &[0u8, 0, 1, 1, 2, 2, 3, 3], 4)?;
/// assert_eq!(p.total_value, 1000.0);
/// assert_eq!(p.tiers[0].value_share, 0.8);      // a quarter of the customers, 80 % of value
/// assert_eq!(p.tiers[0].customer_share, 0.25);
/// assert_eq!(p.tiers[3].value, 0.0);            // the lead tier: one loses what the other earns
/// assert_eq!(p.tiers[1].value_per_customer, Some(70.0));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `length_mismatch` when `tiers` and `values` differ in length; `not_finite` for a NaN or
/// infinite value; `out_of_range` for a tier label outside `0..n_tiers` (naming its index);
/// `out_of_range` for `n_tiers` outside 1..=1024; `empty` for no customers; `division_by_zero`
/// when the values sum to 0 and `invalid` when they sum to less (shares of a non-positive total
/// mean nothing) or overflow.
pub fn profit_pyramid<L: TierLabel>(values: &[f64], tiers: &[L], n_tiers: usize) -> Result<ProfitPyramid> {
    input::check(
        "n_tiers",
        n_tiers as f64,
        (1..=MAX_PROFIT_TIERS).contains(&n_tiers),
        &format!("the integers 1..={MAX_PROFIT_TIERS}"),
    )?;
    input::same_len("tiers", tiers.len(), "values", values.len())?;
    input::min_len("values", values.len(), 1)?;
    input::all_finite("values", values)?;
    super::check_labels("tiers", tiers, n_tiers)?;
    let parts = par::map2_chunks(values, tiers, |v, t| {
        let mut acc = vec![(0u64, 0.0f64); n_tiers];
        for (&x, &l) in v.iter().zip(t) {
            if let Some(a) = l.index().and_then(|i| acc.get_mut(i)) {
                a.0 += 1;
                a.1 += x;
            }
        }
        acc
    });
    let mut acc = vec![(0u64, 0.0f64); n_tiers];
    for part in parts {
        acc.iter_mut().zip(part).for_each(|(a, p)| {
            a.0 += p.0;
            a.1 += p.1;
        });
    }
    let total = acc.iter().map(|a| a.1).sum::<f64>();
    positive_total(total)?;
    let n = values.len() as u64;
    let tiers = acc
        .iter()
        .zip(0u32..)
        .map(|(&(customers, value), tier)| TierShare {
            tier,
            customers,
            customer_share: customers as f64 / n as f64,
            value,
            value_share: value / total,
            value_per_customer: (customers > 0).then(|| value / customers as f64),
        })
        .collect();
    Ok(ProfitPyramid { tiers, customers: n, total_value: total })
}

/// A total that shares can be taken of: positive and finite.
fn positive_total(total: f64) -> Result<()> {
    if total == 0.0 {
        return Err(Error::DivisionByZero {
            at: Location::scalar("values"),
            value: total,
            reason: "the values sum to 0, so no share of value exists".into(),
        });
    }
    if !(total > 0.0 && total.is_finite()) {
        return Err(Error::Invalid {
            at: Location::scalar("values"),
            value: format!("sum {total}"),
            expected: "values with a positive, finite sum (shares of value need one)".into(),
        });
    }
    Ok(())
}

/// The Lorenz curve of value and its Gini coefficient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lorenz {
    /// Cumulative share of customers, `k / points` for `k = 0..=points`.
    pub population_share: Vec<f64>,
    /// Cumulative share of value held by that share of customers, lowest values first; from 0
    /// to 1, below 0 where loss-making customers pull it down.
    pub value_share: Vec<f64>,
    /// The Gini coefficient, as [`gini`].
    pub gini: f64,
}

/// The Gini coefficient of value: the mean absolute difference between two customers' values
/// over twice the mean value, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄) — equal to 1 − 2 × the area under the
/// Lorenz curve through the points (i/n, share of value of the i lowest).
///
/// It is computed from the sorted values x₍₁₎ ≤ … ≤ x₍ₙ₎ as Σₖ k (n − k) (x₍ₖ₊₁₎ − x₍ₖ₎) / (n Σ x),
/// a sum of non-negative terms: 0 when all values are equal, at most (n − 1)/n for non-negative
/// values (one customer holds everything), and unchanged when all values are multiplied by the
/// same positive number.
///
/// **Negative values** (loss-making customers) are allowed as long as the total is positive: the
/// Lorenz curve then dips below zero and the coefficient can exceed 1, which measures exactly
/// the inverted profit pyramid's point — a few customers earn more than the whole profit.
///
/// ```
/// use custometrics::tiers::gini;
/// assert_eq!(gini(&[1.0, 1.0, 1.0, 1.0])?, 0.0);
/// assert_eq!(gini(&[0.0, 0.0, 0.0, 10.0])?, 0.75);   // (n − 1)/n
/// assert_eq!(gini(&[1.0, 2.0, 3.0, 4.0])?, 0.25);    // Σ|xᵢ − xⱼ| = 20, 2·16·2.5 = 80
/// assert_eq!(gini(&[-1.0, 2.0])?, 1.5);              // a loss: above 1
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `empty` for no values; `not_finite` for a NaN or infinite value (naming its index);
/// `division_by_zero` when the values sum to 0, `invalid` when the sum is negative or overflows
/// (or the differences between values do).
pub fn gini(values: &[f64]) -> Result<f64> {
    gini_of(Column::F64(values))
}

/// [`gini`] of a [`Column`] of any numeric type, read at its own width without an `f64` copy:
/// the same coefficient and errors, bit for bit, as for the column converted to `f64`.
///
/// ```
/// use custometrics::{Column, tiers::gini_of};
/// assert_eq!(gini_of(Column::from(&[1u32, 2, 3, 4][..]))?, 0.25);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`gini`].
pub fn gini_of(values: Column<'_>) -> Result<f64> {
    let sorted = sorted_keys(values)?;
    let (total, gini) = gini_of_sorted(&sorted);
    positive_total(total)?;
    finite_gini(gini)
}

/// A Gini coefficient that overflowed (differences between values beyond f64) is an error.
fn finite_gini(gini: f64) -> Result<f64> {
    if gini.is_finite() {
        Ok(gini)
    } else {
        Err(Error::Invalid {
            at: Location::scalar("values"),
            value: format!("Gini {gini}"),
            expected: "values whose differences stay within the range of f64".into(),
        })
    }
}

/// The Lorenz curve at `points + 1` evenly spaced shares of customers (the curve is linear
/// between customers: at a share `p` with `p·n` not whole, the next customer counts in part),
/// with the Gini coefficient.
///
/// ```
/// use custometrics::tiers::lorenz;
/// let l = lorenz(&[1.0, 2.0, 3.0, 4.0], 4)?;
/// assert_eq!(l.population_share, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
/// assert_eq!(l.value_share, vec![0.0, 0.1, 0.3, 0.6, 1.0]);
/// assert_eq!(l.gini, 0.25);
/// let half = lorenz(&[1.0, 2.0, 3.0, 4.0], 8)?;
/// assert_eq!(half.value_share[1], 0.05);                  // half of the lowest customer
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`gini`], and `out_of_range` for `points` outside 1..=1000000.
pub fn lorenz(values: &[f64], points: usize) -> Result<Lorenz> {
    lorenz_of(Column::F64(values), points)
}

/// [`lorenz`] of a [`Column`] of any numeric type, read at its own width without an `f64` copy:
/// the same curve and errors, bit for bit, as for the column converted to `f64`.
///
/// ```
/// use custometrics::{Column, tiers::lorenz_of};
/// assert_eq!(lorenz_of(Column::from(&[1i8, 2, 3, 4][..]), 4)?.value_share, vec![0.0, 0.1, 0.3, 0.6, 1.0]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`lorenz`].
pub fn lorenz_of(values: Column<'_>, points: usize) -> Result<Lorenz> {
    input::check("points", points as f64, (1..=MAX_LORENZ_POINTS).contains(&points), "the integers 1..=1000000")?;
    let sorted = sorted_keys(values)?;
    let (total, gini) = gini_of_sorted(&sorted);
    positive_total(total)?;
    let gini = finite_gini(gini)?;
    let n = sorted.len() as u128;
    // Running sums of the lowest values, read off at k·n/points customers (exact in integers).
    let mut cumulative = Vec::with_capacity(points + 1);
    let (mut taken, mut acc) = (0usize, 0.0f64);
    for k in 0..=points as u128 {
        let whole = (k * n / points as u128) as usize;
        let part = (k * n % points as u128) as f64 / points as f64;
        for &x in sorted.get(taken..whole).unwrap_or(&[]) {
            acc += unkey(x);
        }
        taken = taken.max(whole);
        cumulative.push(acc + sorted.get(whole).map_or(0.0, |&x| part * unkey(x)));
    }
    let value_share = cumulative.iter().map(|c| c / acc).collect();
    let population_share = (0..=points).map(|k| k as f64 / points as f64).collect();
    Ok(Lorenz { population_share, value_share, gini })
}

/// The most points [`lorenz`] gives.
const MAX_LORENZ_POINTS: usize = 1_000_000;

/// Validated values as order-preserving integer keys, sorted (one array the size of the input).
fn sorted_keys(values: Column<'_>) -> Result<Vec<u64>> {
    input::min_len("values", values.len(), 1)?;
    input::all_pass_in("values", values, |_| true, "the finite numbers")?;
    Ok(par::sorted_keys(values, key))
}

/// Maps an f64 to a u64 whose unsigned order is the numeric order.
#[inline]
fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// The inverse of [`key`].
#[inline]
fn unkey(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// The total and Σₖ k (n − k) (x₍ₖ₊₁₎ − x₍ₖ₎) / (n × total) of sorted keys, in fixed chunks.
fn gini_of_sorted(sorted: &[u64]) -> (f64, f64) {
    let nf = sorted.len() as f64;
    let parts = par::map_chunks_at(sorted, |start, c| {
        let (mut total, mut acc) = (0.0, 0.0);
        // Each element with its successor (the next chunk's first for the last one).
        let next = c.iter().skip(1).chain(sorted.get(start + c.len()));
        for ((j, &x), &y) in c.iter().enumerate().zip(next) {
            let k = (start + j + 1) as f64;
            acc += k * (nf - k) * (unkey(y) - unkey(x));
        }
        for &x in c {
            total += unkey(x);
        }
        (total, acc)
    });
    let total = parts.iter().map(|p| p.0).sum::<f64>();
    let weighted = parts.iter().map(|p| p.1).sum::<f64>();
    (total, weighted / (nf * total))
}

/// The resolution of [`lorenz`], default 100 points (101 shares of customers, 0 to 1).
///
/// ```
/// assert_eq!(custometrics::tiers::LorenzOptions::default().points, 100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LorenzOptions {
    /// Intervals of the curve, 1..=1000000. Default 100.
    pub points: usize,
}

crate::codes::with_setters!(LorenzOptions { with_points => points: usize });

impl Default for LorenzOptions {
    fn default() -> Self {
        Self { points: 100 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_order() {
        let v = [-1e300, -2.5, -0.0, 0.0, 1e-310, 3.0, f64::MAX];
        for w in v.windows(2) {
            assert!(key(w[0]) <= key(w[1]), "{w:?}");
        }
        for x in v {
            assert_eq!(unkey(key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn gini_matches_the_pairwise_definition_across_chunks() {
        let n = 3 * par::CHUNK + 17;
        let v: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1013) as f64 - 100.0).collect();
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        // Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n − 1) x₍ᵢ₎ (i from 1)
        let pair: f64 = sorted.iter().enumerate().map(|(i, x)| (2.0 * (i as f64 + 1.0) - n as f64 - 1.0) * x).sum();
        let total: f64 = v.iter().sum();
        let want = pair / (n as f64 * total);
        let got = gini(&v);
        assert!(got.as_ref().is_ok_and(|g| (g - want).abs() < 1e-9 * want.abs()), "{got:?} vs {want}");
    }
}
