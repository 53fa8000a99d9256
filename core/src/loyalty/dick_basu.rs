//! The Dick & Basu (1994) loyalty matrix: relative attitude (态度取向) against repeat patronage
//! (重复购买行为) — loyalty (忠诚), latent loyalty (潜在忠诚), spurious loyalty (虚假忠诚) and no
//! loyalty (不忠诚). Dick, A. S. & Basu, K. (1994), "Customer loyalty: toward an integrated
//! conceptual framework", *Journal of the Academy of Marketing Science* 22(2), 99–113.

use crate::error::Result;
use crate::input::{self, Column, column};
use crate::numerics::order_stats;
use serde::{Deserialize, Serialize};

/// A cell of the Dick & Basu matrix. The discriminants (0–3) are the codes the array forms use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum DickBasuClass {
    /// High attitude, high patronage: loyalty (忠诚).
    Loyal = 0,
    /// High attitude, low patronage: latent loyalty (潜在忠诚).
    Latent = 1,
    /// Low attitude, high patronage: spurious loyalty (虚假忠诚).
    Spurious = 2,
    /// Low attitude, low patronage: no loyalty (不忠诚).
    NoLoyalty = 3,
}

crate::codes::coded_enum!(DickBasuClass: u8, "Dick & Basu class" {
    Loyal => "loyal",
    Latent => "latent",
    Spurious => "spurious",
    NoLoyalty => "no_loyalty",
});

impl DickBasuClass {
    /// The class of one customer, "high" meaning at or above the threshold.
    ///
    /// ```
    /// use custometrics::loyalty::DickBasuClass as C;
    /// assert_eq!(C::of(true, false), C::Latent);
    /// ```
    pub fn of(high_attitude: bool, high_patronage: bool) -> Self {
        match (high_attitude, high_patronage) {
            (true, true) => Self::Loyal,
            (true, false) => Self::Latent,
            (false, true) => Self::Spurious,
            (false, false) => Self::NoLoyalty,
        }
    }
}

/// One number per cell of the Dick & Basu matrix.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct DickBasuCells<T> {
    /// Loyalty.
    pub loyal: T,
    /// Latent loyalty.
    pub latent: T,
    /// Spurious loyalty.
    pub spurious: T,
    /// No loyalty.
    pub no_loyalty: T,
}

/// Customers classified by the Dick & Basu matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DickBasu {
    /// The class of each customer, in input order.
    pub classes: Vec<DickBasuClass>,
    /// Customers per cell.
    pub counts: DickBasuCells<u64>,
    /// counts / n (summing to 1).
    pub shares: DickBasuCells<f64>,
    /// The attitude threshold used (given, or the sample median).
    pub attitude_threshold: f64,
    /// The patronage threshold used (given, or the sample median).
    pub patronage_threshold: f64,
    /// Customers.
    pub n: u64,
}

/// Classifies each customer by relative attitude and repeat patronage against thresholds — the
/// caller's, or the sample medians (for an even count, the mean of the two middle values, as
/// numpy's `median`). A value at or above its threshold counts as high, so with median
/// thresholds at least half the customers are high on each axis.
///
/// Attitude and patronage can be on any scale (a rating, an attitude index, a repeat-purchase
/// count or share of wallet); only their order against the threshold matters.
///
/// ```
/// use custometrics::loyalty::{dick_basu, DickBasuClass as C};
/// let attitude  = [9.0, 8.0, 3.0, 2.0, 7.0];
/// let patronage = [6.0, 1.0, 5.0, 0.0, 4.0];
/// let d = dick_basu(&attitude, &patronage, None, None)?;   // medians 7 and 4
/// assert_eq!(d.classes, vec![C::Loyal, C::Latent, C::Spurious, C::NoLoyalty, C::Loyal]);
/// assert_eq!(d.shares.loyal, 0.4);
/// let d = dick_basu(&attitude, &patronage, Some(8.0), Some(5.0))?;
/// assert_eq!(d.counts.loyal, 1);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `empty` for no customers; `length_mismatch` when `patronage` differs in length from
/// `attitude`; `not_finite` naming the array and index of a NaN or infinite value, or a
/// non-finite threshold.
pub fn dick_basu(
    attitude: &[f64],
    patronage: &[f64],
    attitude_threshold: Option<f64>,
    patronage_threshold: Option<f64>,
) -> Result<DickBasu> {
    dick_basu_of(Column::F64(attitude), Column::F64(patronage), attitude_threshold, patronage_threshold)
}

/// [`dick_basu`] of columns of any numeric type, each read at its own width without an `f64`
/// copy: the same result and errors, bit for bit, as for the columns converted to `f64`.
///
/// ```
/// use custometrics::{Column, loyalty::{dick_basu_of, DickBasuClass as C}};
/// let attitude = [9i64, 8, 3, 2, 7];
/// let patronage = [6u8, 1, 5, 0, 4];
/// let d = dick_basu_of(Column::from(&attitude[..]), Column::from(&patronage[..]), None, None)?;
/// assert_eq!(d.classes, vec![C::Loyal, C::Latent, C::Spurious, C::NoLoyalty, C::Loyal]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`dick_basu`].
pub fn dick_basu_of(
    attitude: Column<'_>,
    patronage: Column<'_>,
    attitude_threshold: Option<f64>,
    patronage_threshold: Option<f64>,
) -> Result<DickBasu> {
    input::min_len("attitude", attitude.len(), 1)?;
    input::same_len("patronage", patronage.len(), "attitude", attitude.len())?;
    input::all_pass_in("attitude", attitude, |_| true, "the finite numbers")?;
    input::all_pass_in("patronage", patronage, |_| true, "the finite numbers")?;
    let at = threshold("attitude_threshold", attitude_threshold, attitude)?;
    let pt = threshold("patronage_threshold", patronage_threshold, patronage)?;
    let n = attitude.len();
    let mut classes = vec![DickBasuClass::NoLoyalty; n];
    let parts = column::fold_into(
        &[attitude, patronage],
        &mut classes,
        || [0u64; 4],
        |counts, [a, p], out| {
            for ((o, &a), &p) in out.iter_mut().zip(a).zip(p) {
                let class = DickBasuClass::of(a >= at, p >= pt);
                counts[class as usize] += 1;
                *o = class;
            }
        },
    );
    let mut c = [0u64; 4];
    for part in parts {
        c.iter_mut().zip(part).for_each(|(c, p)| *c += p);
    }
    let counts = DickBasuCells { loyal: c[0], latent: c[1], spurious: c[2], no_loyalty: c[3] };
    let share = |k: u64| k as f64 / n as f64;
    let shares = DickBasuCells {
        loyal: share(counts.loyal),
        latent: share(counts.latent),
        spurious: share(counts.spurious),
        no_loyalty: share(counts.no_loyalty),
    };
    Ok(DickBasu { classes, counts, shares, attitude_threshold: at, patronage_threshold: pt, n: n as u64 })
}

/// The given threshold (finite), or the median of `values` (finite, non-empty).
fn threshold(field: &str, given: Option<f64>, values: Column<'_>) -> Result<f64> {
    match given {
        Some(t) => input::finite(field, t),
        None => Ok(median(values)),
    }
}

/// The median of finite, non-empty values, by selection.
pub(crate) fn median(values: Column<'_>) -> f64 {
    let n = values.len();
    let mid = order_stats::order_stats_in(values, &[(n - 1) / 2, n / 2]);
    match mid.as_slice() {
        [lo, hi] => {
            let s = lo.value + hi.value;
            if s.is_finite() { s / 2.0 } else { lo.value / 2.0 + hi.value / 2.0 }
        }
        _ => f64::NAN,
    }
}

/// The options of [`dick_basu`] as one value: the thresholds, each the sample median when `None`
/// (the default).
///
/// ```
/// assert_eq!(custometrics::loyalty::DickBasuOptions::default().attitude_threshold, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct DickBasuOptions {
    /// High relative attitude from here up; `None` for the median.
    pub attitude_threshold: Option<f64>,
    /// High repeat patronage from here up; `None` for the median.
    pub patronage_threshold: Option<f64>,
}

crate::codes::with_setters!(DickBasuOptions { with_attitude_threshold => attitude_threshold: Option<f64>, with_patronage_threshold => patronage_threshold: Option<f64> });
