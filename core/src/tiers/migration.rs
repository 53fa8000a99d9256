//! Migration between tiers as a Markov chain: transition counts and probabilities from each
//! customer's tier in two periods, the tier distribution k periods ahead, the steady state, and
//! the customer lifetime value per starting tier of Pfeifer & Carraway (2000), "Modeling
//! customer relationships as Markov chains", *Journal of Interactive Marketing* 14(2), 43–55.
//!
//! A transition matrix is stored row-major: entry `i × n_tiers + j` is the probability of moving
//! from tier `i` to tier `j` in one period, so each row sums to 1. Customers who leave belong in
//! a tier of their own (an absorbing "lost" tier with margin 0) when they should count.

use super::TierLabel;
use crate::error::{Error, Location, Result};
use crate::numerics::parallel as par;
use crate::{Matrix, input};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The most tiers a migration or transition matrix can have.
pub const MAX_MIGRATION_TIERS: usize = 256;

/// How far a row of a transition matrix may sum from 1.
pub const ROW_SUM_TOLERANCE: f64 = 1e-9;

/// Transition counts and probabilities between two periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Migration {
    /// The number of tiers.
    pub n_tiers: usize,
    /// Row-major: `counts[i × n_tiers + j]` customers went from tier `i` to tier `j`.
    pub counts: Vec<u64>,
    /// Customers in each tier in the first period (the row sums).
    pub from_totals: Vec<u64>,
    /// Customers in each tier in the second period (the column sums).
    pub to_totals: Vec<u64>,
    /// Row-major: the share of tier `i`'s customers that went to tier `j`. The row of a tier no
    /// customer started in is all 0 (no estimate), so [`Migration::transition`] refuses it.
    pub probabilities: Vec<f64>,
}

impl Migration {
    /// The estimated transition matrix.
    ///
    /// ```
    /// use custometrics::tiers::migration;
    /// let m = migration(&[0u8, 0, 1, 1], &[0u8, 1, 1, 1], 2)?;
    /// assert_eq!(m.transition()?.probabilities(), &[0.5, 0.5, 0.0, 1.0]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid` naming the row (as the index of the field `transition`) of a tier no customer
    /// started in.
    pub fn transition(&self) -> Result<TransitionMatrix> {
        TransitionMatrix::new(self.n_tiers, self.probabilities.clone())
    }
}

/// Counts the moves of each customer from tier `from_tiers[i]` in the first period to tier
/// `to_tiers[i]` in the second (labels `0..n_tiers`).
///
/// ```
/// use custometrics::tiers::migration;
/// //             customer: 0  1  2  3  4  5
/// let m = migration(&[0u8, 0, 1, 1, 1, 2], &[0u8, 1, 1, 2, 2, 2], 3)?;
/// assert_eq!(m.counts, vec![1, 1, 0,  0, 1, 2,  0, 0, 1]);
/// assert_eq!(m.from_totals, vec![2, 3, 1]);
/// assert_eq!(m.probabilities[5], 2.0 / 3.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` for `n_tiers` outside 1..=256; `length_mismatch` when `to_tiers` differs in
/// length from `from_tiers`; `empty` for no customers; `out_of_range` naming `from_tiers` or
/// `to_tiers` and the index of an unknown tier label (outside `0..n_tiers`).
pub fn migration<L: TierLabel>(from_tiers: &[L], to_tiers: &[L], n_tiers: usize) -> Result<Migration> {
    check_tiers(n_tiers)?;
    input::same_len("to_tiers", to_tiers.len(), "from_tiers", from_tiers.len())?;
    input::min_len("from_tiers", from_tiers.len(), 1)?;
    super::check_labels("from_tiers", from_tiers, n_tiers)?;
    super::check_labels("to_tiers", to_tiers, n_tiers)?;
    // Integer counts: adding them in any grouping gives the same result.
    let parts = par::map2_chunks(from_tiers, to_tiers, |f, t| {
        let mut c = vec![0u64; n_tiers * n_tiers];
        for (&a, &b) in f.iter().zip(t) {
            if let (Some(i), Some(j)) = (a.index(), b.index())
                && let Some(x) = c.get_mut(i * n_tiers + j)
            {
                *x += 1;
            }
        }
        c
    });
    let mut counts = vec![0u64; n_tiers * n_tiers];
    for p in parts {
        counts.iter_mut().zip(p).for_each(|(c, p)| *c += p);
    }
    let from_totals: Vec<u64> = counts.chunks(n_tiers).map(|r| r.iter().sum()).collect();
    let to_totals: Vec<u64> = (0..n_tiers).map(|j| counts.iter().skip(j).step_by(n_tiers).sum()).collect();
    let probabilities = counts
        .chunks(n_tiers)
        .zip(&from_totals)
        .flat_map(|(row, &t)| row.iter().map(move |&c| if t > 0 { c as f64 / t as f64 } else { 0.0 }))
        .collect();
    Ok(Migration { n_tiers, counts, from_totals, to_totals, probabilities })
}

fn check_tiers(n_tiers: usize) -> Result<()> {
    input::check(
        "n_tiers",
        n_tiers as f64,
        (1..=MAX_MIGRATION_TIERS).contains(&n_tiers),
        &format!("the integers 1..={MAX_MIGRATION_TIERS}"),
    )
    .map(|_| ())
}

/// A validated transition matrix: square, entries in [0, 1], rows summing to 1 within
/// [`ROW_SUM_TOLERANCE`]. Deserialising validates too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TransitionData", into = "TransitionData")]
pub struct TransitionMatrix {
    n_tiers: usize,
    probabilities: Vec<f64>,
}

/// The serialised form of a [`TransitionMatrix`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TransitionData {
    n_tiers: usize,
    probabilities: Vec<f64>,
}

impl TryFrom<TransitionData> for TransitionMatrix {
    type Error = Error;
    fn try_from(d: TransitionData) -> Result<Self> {
        Self::new(d.n_tiers, d.probabilities)
    }
}

impl From<TransitionMatrix> for TransitionData {
    fn from(m: TransitionMatrix) -> Self {
        Self { n_tiers: m.n_tiers, probabilities: m.probabilities }
    }
}

impl TransitionMatrix {
    /// A matrix of `n_tiers` × `n_tiers` probabilities, row-major.
    ///
    /// ```
    /// use custometrics::tiers::TransitionMatrix;
    /// let p = TransitionMatrix::new(2, vec![0.9, 0.1, 0.3, 0.7])?;
    /// assert_eq!(p.row(1), Some(&[0.3, 0.7][..]));
    /// let err = TransitionMatrix::new(2, vec![0.9, 0.2, 0.3, 0.7]).unwrap_err();
    /// assert_eq!((err.code(), err.field(), err.index()), ("invalid", Some("transition"), Some(0)));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range` for `n_tiers` outside 1..=256; `length_mismatch` for other than
    /// `n_tiers²` probabilities; `not_finite`/`out_of_range` naming the row-major index of an
    /// entry outside [0, 1]; `invalid` naming the row (as the index) of a row not summing to 1.
    pub fn new(n_tiers: usize, probabilities: Vec<f64>) -> Result<Self> {
        check_tiers(n_tiers)?;
        input::same_len("transition", probabilities.len(), "n_tiers²", n_tiers * n_tiers)?;
        input::all_in("transition", &probabilities, 0.0, 1.0, "the probabilities [0, 1]")?;
        for (i, row) in probabilities.chunks(n_tiers).enumerate() {
            let sum: f64 = row.iter().sum();
            if (sum - 1.0).abs() > ROW_SUM_TOLERANCE {
                return Err(Error::Invalid {
                    at: Location::at("transition", i),
                    value: format!("row sum {sum}"),
                    expected: format!("rows summing to 1 (this is row {i})"),
                });
            }
        }
        Ok(Self { n_tiers, probabilities })
    }

    /// From rows of equal length, one per tier.
    ///
    /// ```
    /// use custometrics::tiers::TransitionMatrix;
    /// let p = TransitionMatrix::from_rows(&[vec![1.0, 0.0], vec![0.5, 0.5]])?;
    /// assert_eq!(p.n_tiers(), 2);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TransitionMatrix::new`], and `length_mismatch` for a ragged or non-square matrix.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self> {
        let (data, cols) = Matrix::flatten("transition", rows)?;
        input::same_len("transition", rows.len(), "its rows' length", cols)?;
        Self::new(cols, data)
    }

    /// The number of tiers.
    pub fn n_tiers(&self) -> usize {
        self.n_tiers
    }

    /// All probabilities, row-major.
    pub fn probabilities(&self) -> &[f64] {
        &self.probabilities
    }

    /// The probabilities of moving from `tier`, `None` past the last tier.
    pub fn row(&self, tier: usize) -> Option<&[f64]> {
        self.probabilities.chunks(self.n_tiers).nth(tier)
    }

    fn rows(&self) -> std::slice::Chunks<'_, f64> {
        self.probabilities.chunks(self.n_tiers)
    }
}

/// `d · P`: a row vector times a matrix.
fn vec_mat(d: &[f64], p: &[f64], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for (&di, row) in d.iter().zip(p.chunks(n)) {
        out.iter_mut().zip(row).for_each(|(o, &x)| *o += di * x);
    }
    out
}

/// `A · B` for n × n matrices.
fn mat_mat(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    a.chunks(n).flat_map(|row| vec_mat(row, b, n)).collect()
}

/// The tier distribution `periods` periods ahead: `distribution · Pᵏ` (computed by binary
/// powering of P). The distribution may be counts of customers or shares; it is carried as
/// given, not normalised.
///
/// ```
/// use custometrics::tiers::{project, TransitionMatrix};
/// let p = TransitionMatrix::new(2, vec![0.9, 0.1, 0.5, 0.5])?;
/// let d = project(&[1000.0, 0.0], &p, 2)?;
/// assert!((d[0] - 860.0).abs() < 1e-9); // 1000 · (0.9·0.9 + 0.1·0.5)
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `length_mismatch` when `distribution` does not have one entry per tier; `not_finite` or
/// `out_of_range` naming the index of a negative or non-finite entry.
pub fn project(distribution: &[f64], transition: &TransitionMatrix, periods: u32) -> Result<Vec<f64>> {
    let n = transition.n_tiers;
    input::same_len("distribution", distribution.len(), "transition rows", n)?;
    input::all_in("distribution", distribution, 0.0, f64::MAX, "the non-negative numbers")?;
    let mut result = distribution.to_vec();
    let mut base = transition.probabilities.clone();
    let mut k = periods;
    while k > 0 {
        if k & 1 == 1 {
            result = vec_mat(&result, &base, n);
        }
        k >>= 1;
        if k > 0 {
            base = mat_mat(&base, &base, n);
        }
    }
    Ok(result)
}

/// The steady state π with π P = π and Σ π = 1, solved directly (Gaussian elimination with
/// partial pivoting on the equations of π (P − I) = 0, one replaced by Σ π = 1).
///
/// It is unique when the chain has exactly one closed class of tiers — for example every tier
/// reachable from every other, or one absorbing "lost" tier that all others lead to (then π puts
/// everything there).
///
/// ```
/// use custometrics::tiers::{steady_state, TransitionMatrix};
/// let p = TransitionMatrix::new(2, vec![0.9, 0.1, 0.5, 0.5])?;
/// let pi = steady_state(&p)?;
/// assert!((pi[0] - 5.0 / 6.0).abs() < 1e-12 && (pi[1] - 1.0 / 6.0).abs() < 1e-12);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `invalid` naming `transition` when the steady state is not unique (two or more closed
/// classes, such as two absorbing tiers), found as a pivot below 1e-12.
pub fn steady_state(transition: &TransitionMatrix) -> Result<Vec<f64>> {
    let n = transition.n_tiers;
    // a[j][i] = P[i][j] − [i = j] for the first n − 1 equations, then a row of ones.
    let mut a: Vec<Vec<f64>> = (0..n)
        .map(|j| {
            if j + 1 == n {
                vec![1.0; n]
            } else {
                transition.rows().enumerate().map(|(i, row)| row[j] - f64::from(u8::from(i == j))).collect()
            }
        })
        .collect();
    let mut b = vec![0.0; n];
    b[n - 1] = 1.0;
    let not_unique = || Error::Invalid {
        at: Location::scalar("transition"),
        value: "a chain with more than one closed class".into(),
        expected: "exactly one closed class of tiers (a unique steady state)".into(),
    };
    for k in 0..n {
        let p = (k..n).max_by(|&x, &y| a[x][k].abs().total_cmp(&a[y][k].abs())).unwrap_or(k);
        if a[p][k].abs() < 1e-12 {
            return Err(not_unique());
        }
        a.swap(k, p);
        b.swap(k, p);
        let pivot_row = a[k].clone();
        for i in k + 1..n {
            let factor = a[i][k] / pivot_row[k];
            if factor != 0.0 {
                a[i].iter_mut().zip(&pivot_row).skip(k).for_each(|(x, &y)| *x -= factor * y);
                b[i] -= factor * b[k];
            }
        }
    }
    let mut pi = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|j| a[i][j] * pi[j]).sum();
        pi[i] = (b[i] - s) / a[i][i];
    }
    // Rounding can leave −1e-17 where the answer is 0.
    pi.iter_mut().for_each(|x| *x = x.max(0.0));
    let total: f64 = pi.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return Err(not_unique());
    }
    Ok(pi.iter().map(|x| x / total).collect())
}

/// The most periods of a finite horizon in [`markov_clv`].
pub const MAX_HORIZON: u32 = 100_000;

/// Customer lifetime value per starting tier (Pfeifer & Carraway 2000): with P the transition
/// matrix, R the margin earned in each tier per period (net of what is spent there), and
/// δ = 1 / (1 + `discount_rate`),
///
/// - `horizon = Some(T)`: V = Σₜ₌₀ᵀ (δ P)ᵗ R — the margin of the current period and of T more
///   periods, discounted (computed as V₀ = R, Vₜ = R + δ P Vₜ₋₁);
/// - `horizon = None`: V = (I − δ P)⁻¹ R, the infinite horizon, solved by Gaussian elimination
///   (I − δ P has a dominant diagonal, so no pivoting is needed).
///
/// All arithmetic is in `Decimal`: each probability and the discount rate enter as the shortest
/// decimal that reads back as the same f64 (0.1 enters as 0.1), and results are normalised
/// (no trailing zeros). Divisions round to 28 significant digits.
///
/// ```
/// use custometrics::tiers::{markov_clv, TransitionMatrix};
/// use rust_decimal::Decimal;
/// // A customer stays with probability 0.5 and earns 12 a period; the lost tier earns nothing.
/// let p = TransitionMatrix::new(2, vec![0.5, 0.5, 0.0, 1.0])?;
/// let margins = [Decimal::from(12), Decimal::ZERO];
/// let v = markov_clv(&p, &margins, 0.25, None)?;      // δ = 0.8: V = 12 / (1 − 0.4)
/// assert_eq!(v[0].to_string(), "20");
/// let v2 = markov_clv(&p, &margins, 0.25, Some(2))?;  // 12 + 0.4·12 + 0.16·12
/// assert_eq!(v2[0].to_string(), "18.72");
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `length_mismatch` when `margins` does not have one entry per tier; `not_finite` or
/// `out_of_range` for a discount rate that is negative (or, for the infinite horizon, not
/// positive: `diverges`); `out_of_range` for a horizon above 100000; `diverges` when a value
/// leaves the range of `Decimal` (about ±7.9 × 10²⁸).
pub fn markov_clv(
    transition: &TransitionMatrix,
    margins: &[Decimal],
    discount_rate: f64,
    horizon: Option<u64>,
) -> Result<Vec<Decimal>> {
    let n = transition.n_tiers;
    input::same_len("margins", margins.len(), "transition rows", n)?;
    input::check("discount_rate", discount_rate, discount_rate >= 0.0, "the non-negative rates")?;
    if let Some(t) = horizon {
        input::check("horizon", t as f64, t <= u64::from(MAX_HORIZON), "the horizons 0..=100000 (None for no end)")?;
    } else if discount_rate == 0.0 {
        return Err(Error::Diverges {
            at: Location::scalar("discount_rate"),
            value: discount_rate,
            reason: "an infinite horizon needs a positive discount rate".into(),
        });
    }
    let overflow = || Error::Diverges {
        at: Location::scalar("margins"),
        value: f64::INFINITY,
        reason: "the lifetime value leaves the range of Decimal".into(),
    };
    let rate = to_decimal("discount_rate", discount_rate)?;
    let delta = Decimal::ONE.checked_div(Decimal::ONE + rate).ok_or_else(overflow)?;
    // δ P, row-major.
    let dp: Vec<Decimal> = transition
        .probabilities
        .iter()
        .map(|&p| to_decimal("transition", p).and_then(|p| p.checked_mul(delta).ok_or_else(overflow)))
        .collect::<Result<_>>()?;
    let values = match horizon {
        Some(t) => {
            let mut v = margins.to_vec();
            for _ in 0..t {
                v = dp
                    .chunks(n)
                    .zip(margins)
                    .map(|(row, &r)| dot(row, &v).and_then(|x| x.checked_add(r)).ok_or_else(overflow))
                    .collect::<Result<_>>()?;
            }
            v
        }
        None => solve_dominant(&dp, margins, n).ok_or_else(overflow)?,
    };
    Ok(values.into_iter().map(|v| v.normalize()).collect())
}

fn dot(a: &[Decimal], b: &[Decimal]) -> Option<Decimal> {
    a.iter().zip(b).try_fold(Decimal::ZERO, |acc, (&x, &y)| acc.checked_add(x.checked_mul(y)?))
}

/// Solves (I − δP) V = R by elimination without pivoting (the matrix has a strictly dominant
/// diagonal). `None` on overflow.
fn solve_dominant(dp: &[Decimal], r: &[Decimal], n: usize) -> Option<Vec<Decimal>> {
    let mut a: Vec<Vec<Decimal>> = dp
        .chunks(n)
        .enumerate()
        .map(|(i, row)| row.iter().enumerate().map(|(j, &x)| if i == j { Decimal::ONE - x } else { -x }).collect())
        .collect();
    let mut b = r.to_vec();
    for k in 0..n {
        let pivot_row = a[k].clone();
        let pivot = pivot_row[k];
        let bk = b[k];
        for i in k + 1..n {
            let factor = a[i][k].checked_div(pivot)?;
            if factor.is_zero() {
                continue;
            }
            for (x, &y) in a[i].iter_mut().zip(&pivot_row).skip(k) {
                *x = x.checked_sub(factor.checked_mul(y)?)?;
            }
            b[i] = b[i].checked_sub(factor.checked_mul(bk)?)?;
        }
    }
    let mut v = vec![Decimal::ZERO; n];
    for i in (0..n).rev() {
        let s = dot(a[i].get(i + 1..)?, v.get(i + 1..)?)?;
        v[i] = b[i].checked_sub(s)?.checked_div(a[i][i])?;
    }
    Some(v)
}

/// The shortest decimal that reads back as `x` (what Rust and Python print for it).
fn to_decimal(field: &str, x: f64) -> Result<Decimal> {
    Decimal::from_str(&x.to_string()).or_else(|_| Decimal::from_scientific(&format!("{x:e}"))).map_err(|_| {
        Error::OutOfRange { at: Location::scalar(field), value: x, expected: "the range of Decimal".into() }
    })
}

/// The horizon of [`markov_clv`]: `None` (the default) for the infinite sum.
///
/// ```
/// assert_eq!(custometrics::tiers::MarkovClvOptions::default().horizon, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct MarkovClvOptions {
    /// Periods whose margins count, up to [`MAX_HORIZON`]; `None` for all of them.
    pub horizon: Option<u64>,
}

crate::codes::with_setters!(MarkovClvOptions { with_horizon => horizon: Option<u64> });

/// The number of periods [`project`] looks ahead, default 1 (the next period).
///
/// ```
/// assert_eq!(custometrics::tiers::ProjectOptions::default().periods, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProjectOptions {
    /// Periods ahead. Default 1.
    pub periods: u32,
}

crate::codes::with_setters!(ProjectOptions { with_periods => periods: u32 });

impl Default for ProjectOptions {
    fn default() -> Self {
        Self { periods: 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_the_shortest_form() {
        let text = |x: f64| to_decimal("x", x).map(|d| d.to_string());
        assert_eq!(text(0.1), Ok("0.1".into()));
        assert_eq!(text(0.15), Ok("0.15".into()));
        assert_eq!(text(1.0 / 3.0), Ok("0.3333333333333333".into()));
        assert_eq!(to_decimal("x", 1e-40).map(|d| d.is_zero()), Ok(true));
    }
}
