//! ABC (Pareto) tiers by cumulative share of value: A, the few customers who bring the first 80 %
//! of value; B, those who bring it to 95 %; C, the rest.

use super::cut::{self, Cut};
use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::order_stats;
use serde::{Deserialize, Serialize};

/// The default cumulative share of value that tier A reaches.
pub const ABC_A: f64 = 0.8;
/// The default cumulative share of value that tiers A and B reach together.
pub const ABC_B: f64 = 0.95;

/// An ABC tier; its code (0–2) is what [`abc()`] returns per customer.
///
/// ```
/// use custometrics::tiers::{abc, AbcTier, ABC_A, ABC_B};
/// let codes = abc(&[10.0, 50.0, 4.0, 30.0, 6.0], ABC_A, ABC_B)?;
/// let tiers: Vec<AbcTier> = codes.iter().map(|&c| AbcTier::try_from(c)).collect::<Result<_, _>>()?;
/// assert_eq!(tiers[1], AbcTier::A);
/// assert_eq!(tiers[2].to_string(), "C");
/// assert_eq!(AbcTier::B.as_code(), 1);
/// assert_eq!(AbcTier::try_from(3).unwrap_err().code(), "out_of_range");
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum AbcTier {
    /// The few customers who bring the first `a` (80 %) of value.
    A = 0,
    /// Those who bring it to `b` (95 %).
    B = 1,
    /// The rest.
    C = 2,
}

crate::codes::coded_enum!(AbcTier: u8, "ABC tier" { A => "A", B => "B", C => "C" });

/// ABC tiers: 0 = A, 1 = B, 2 = C, one per customer in input order.
///
/// Customers are ordered by value, highest first, ties by index in the input (the earlier one
/// first). A customer is in A when the value of the customers before it in that order is less
/// than `a` × the total value, in B when it is less than `b` × the total, else in C. So A is the
/// smallest set of top customers whose value reaches at least `a` of the total (the customer who
/// crosses `a` is in A), the top customer is always in A, and customers of zero value after the
/// total is reached are in C. Sums are taken in f64; a customer whose preceding value equals the
/// threshold exactly in real arithmetic may fall on either side by rounding.
///
/// Runs in a few passes over the data (no sort): see the crate's notes on speed.
///
/// ```
/// use custometrics::tiers::{abc, ABC_A, ABC_B};
/// // Total 100. In order: 50 (before it 0), 30 (50), 10 (80), 6 (90), 4 (96).
/// let tier = abc(&[10.0, 50.0, 4.0, 30.0, 6.0], ABC_A, ABC_B)?;
/// assert_eq!(tier, vec![1, 0, 2, 0, 1]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` for `a` outside (0, 1] or `b` outside [`a`, 1]; `not_finite` or
/// `out_of_range` for a NaN, infinite or negative value (naming its index: a share of value
/// needs non-negative values); `empty` for fewer than 3 customers; `division_by_zero` when the
/// values sum to 0; `invalid` when their sum overflows f64.
pub fn abc(values: &[f64], a: f64, b: f64) -> Result<Vec<u8>> {
    let mut out = vec![0u8; values.len()];
    abc_into(values, a, b, &mut out)?;
    Ok(out)
}

/// [`abc()`] writing into a caller's buffer of the same length as `values`.
///
/// ```
/// use custometrics::tiers::abc_into;
/// let mut tier = [0u8; 4];
/// abc_into(&[1.0, 1.0, 1.0, 1.0], 0.5, 0.75, &mut tier)?;
/// assert_eq!(tier, [0, 0, 1, 2]); // equal values: by index
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`abc()`], and `length_mismatch` when `out` differs in length from `values`.
pub fn abc_into(values: &[f64], a: f64, b: f64, out: &mut [u8]) -> Result<()> {
    input::check("a", a, a > 0.0 && a <= 1.0, "the interval (0, 1]")?;
    input::check("b", b, b >= a && b <= 1.0, &format!("the interval [a, 1] = [{a}, 1]"))?;
    input::same_len("out", out.len(), "values", values.len())?;
    input::all_in("values", values, 0.0, f64::MAX, "the non-negative numbers (a share of value needs them)")?;
    let n = values.len();
    input::min_len("values", n, 3)?;
    let (total, crossings) = order_stats::top_crossings(values, &[a, b]);
    if total == 0.0 {
        return Err(Error::DivisionByZero {
            at: Location::scalar("values"),
            value: total,
            reason: "the values sum to 0, so no customer has a share of value".into(),
        });
    }
    if !total.is_finite() {
        return Err(Error::Invalid {
            at: Location::scalar("values"),
            value: format!("sum {total}"),
            expected: "values whose sum is finite".into(),
        });
    }
    let cuts: Vec<Cut> = crossings.iter().map(|c| Cut::after(c.count, n, c.boundary)).collect();
    cut::assign_into(values, &cuts, out);
    Ok(())
}

/// The cuts of [`abc`] as one value, with their defaults [`ABC_A`] and [`ABC_B`].
///
/// ```
/// let o = custometrics::tiers::AbcOptions::default();
/// assert_eq!((o.a, o.b), (0.8, 0.95));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AbcOptions {
    /// Cumulative share of value that ends tier A. Default [`ABC_A`].
    pub a: f64,
    /// Cumulative share of value that ends tier B. Default [`ABC_B`].
    pub b: f64,
}

crate::codes::with_setters!(AbcOptions { with_a => a: f64, with_b => b: f64 });

impl Default for AbcOptions {
    fn default() -> Self {
        Self { a: ABC_A, b: ABC_B }
    }
}
