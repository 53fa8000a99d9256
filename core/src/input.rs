//! Validation of inputs at the edge of every public function, and the missing-value policy.
//!
//! Everything here returns an [`Error`] that names the field, the index and the value, so
//! formulas further in can assume clean numbers.

use crate::error::{Error, Location, Result};
use crate::numerics::parallel as par;
use serde::{Deserialize, Serialize};

pub(crate) mod column;

pub use column::Column;

/// What to do with NaN in sample data, in scipy's words.
///
/// ```
/// use custometrics::{NanPolicy, satisfaction::{nps, NpsOptions}};
/// let opts = NpsOptions::default().with_nan_policy(NanPolicy::Omit);
/// assert_eq!(nps(&[10.0, f64::NAN, 0.0], &opts).unwrap().n, 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NanPolicy {
    /// A NaN is an error (`not_finite`) naming its index. The default.
    #[default]
    Raise,
    /// NaNs are dropped; the result's `n` says how many values remained.
    Omit,
    /// A NaN makes the result NaN (element-wise functions: that element's result).
    Propagate,
}

impl NanPolicy {
    /// Parses `"raise"`, `"omit"` or `"propagate"`.
    ///
    /// # Errors
    /// `invalid` for any other word, naming the field `nan_policy`.
    pub fn parse(word: &str) -> Result<Self> {
        match word {
            "raise" => Ok(Self::Raise),
            "omit" => Ok(Self::Omit),
            "propagate" => Ok(Self::Propagate),
            other => Err(Error::Invalid {
                at: Location::scalar("nan_policy"),
                value: format!("{other:?}"),
                expected: "one of \"raise\", \"omit\", \"propagate\"".into(),
            }),
        }
    }
}

/// `value` must be finite.
pub(crate) fn finite(field: &str, value: f64) -> Result<f64> {
    if value.is_finite() { Ok(value) } else { Err(Error::NotFinite { at: Location::scalar(field), value }) }
}

/// `value` must be finite and satisfy `ok`; `expected` describes the condition.
pub(crate) fn check(field: &str, value: f64, ok: bool, expected: &str) -> Result<f64> {
    finite(field, value)?;
    if ok {
        Ok(value)
    } else {
        Err(Error::OutOfRange { at: Location::scalar(field), value, expected: expected.into() })
    }
}

/// `result` if it is finite, else `out_of_range` naming the input `field` = `value` that carried
/// it past the `f64` range: a finite input near the top of the range whose result overflows is
/// refused with its name rather than returned as an infinity. `what` names the result.
pub(crate) fn finite_result(at: Location, value: f64, result: f64, what: &str) -> Result<f64> {
    if result.is_finite() {
        Ok(result)
    } else {
        Err(Error::OutOfRange { at, value, expected: format!("the values for which {what} stays finite") })
    }
}

/// A confidence level strictly inside (0, 1).
pub(crate) fn confidence(field: &str, value: f64) -> Result<f64> {
    check(field, value, value > 0.0 && value < 1.0, "the open interval (0, 1)")
}

/// A probability or share in [0, 1].
pub(crate) fn unit(field: &str, value: f64) -> Result<f64> {
    check(field, value, (0.0..=1.0).contains(&value), "the interval [0, 1]")
}

/// The first element of `values` that is not finite, as an error.
pub(crate) fn all_finite(field: &str, values: &[f64]) -> Result<()> {
    all_pass(field, values, f64::is_finite, "the finite numbers")
}

/// Every element finite and inside `[lo, hi]`.
pub(crate) fn all_in(field: &str, values: &[f64], lo: f64, hi: f64, expected: &str) -> Result<()> {
    all_pass(field, values, |v| v >= lo && v <= hi, expected)
}

/// Every element is finite and passes `ok`; else the first that is not, as `not_finite` or
/// `out_of_range` (with `expected`). Scans large arrays chunk by chunk on all cores.
pub(crate) fn all_pass(
    field: &str,
    values: &[f64],
    ok: impl Fn(f64) -> bool + Sync + Send,
    expected: &str,
) -> Result<()> {
    match par::first_failing(values, |v| v.is_finite() && ok(v)) {
        None => Ok(()),
        Some(i) => Err(out_of_range_or_not_finite(Location::at(field, i), values[i], expected)),
    }
}

/// [`all_pass`] over a [`Column`] of any width.
pub(crate) fn all_pass_in(
    field: &str,
    values: Column<'_>,
    ok: impl Fn(f64) -> bool + Sync + Send,
    expected: &str,
) -> Result<()> {
    match column::first_failing(values, |v| v.is_finite() && ok(v)) {
        None => Ok(()),
        Some(i) => Err(out_of_range_or_not_finite(Location::at(field, i), values.get(i).unwrap_or(f64::NAN), expected)),
    }
}

/// The error for a value that failed a range test: `not_finite` if it is NaN or infinite.
pub(crate) fn out_of_range_or_not_finite(at: Location, value: f64, expected: &str) -> Error {
    if value.is_finite() {
        Error::OutOfRange { at, value, expected: expected.into() }
    } else {
        Error::NotFinite { at, value }
    }
}

/// At least `min` elements.
pub(crate) fn min_len(field: &str, len: usize, min: usize) -> Result<()> {
    if len >= min { Ok(()) } else { Err(Error::Empty { at: Location::scalar(field), len, min }) }
}

/// `field` must have the same length as `other`.
pub(crate) fn same_len(field: &str, len: usize, other: &str, other_len: usize) -> Result<()> {
    if len == other_len {
        Ok(())
    } else {
        Err(Error::LengthMismatch { at: Location::scalar(field), len, other: other.into(), other_len })
    }
}

/// Weights: finite, non-negative, not all zero, one per item. Returns them normalised to sum 1.
pub(crate) fn weights(field: &str, w: &[f64], items: &str, n_items: usize) -> Result<Vec<f64>> {
    same_len(field, w.len(), items, n_items)?;
    all_in(field, w, 0.0, f64::INFINITY, "the non-negative numbers")?;
    let total: f64 = w.iter().sum();
    if !total.is_finite() {
        return Err(Error::NotFinite { at: Location::scalar(field), value: total });
    }
    if total <= 0.0 {
        return Err(Error::Invalid {
            at: Location::scalar(field),
            value: "all zero".into(),
            expected: "at least one positive weight".into(),
        });
    }
    Ok(w.iter().map(|x| x / total).collect())
}

/// Shares that must each be in [0, 1] and sum to 1 within `1e-9`.
pub(crate) fn shares_sum_to_one(field: &str, shares: &[f64]) -> Result<()> {
    all_in(field, shares, 0.0, 1.0, "the interval [0, 1]")?;
    sum_to_one(field, shares)
}

/// Tier shares, top tier first: at least one, each in (0, 1], together summing to 1 within
/// `1e-9`.
pub(crate) fn tier_shares(field: &str, shares: &[f64]) -> Result<()> {
    min_len(field, shares.len(), 1)?;
    all_pass(field, shares, |s| s > 0.0 && s <= 1.0, "the interval (0, 1]")?;
    sum_to_one(field, shares)
}

fn sum_to_one(field: &str, shares: &[f64]) -> Result<()> {
    let total: f64 = shares.iter().sum();
    if (total - 1.0).abs() > 1e-9 {
        return Err(Error::Invalid {
            at: Location::scalar(field),
            value: format!("sum {total}"),
            expected: "shares that sum to 1".into(),
        });
    }
    Ok(())
}

/// A respondent × column matrix stored row-major in one slice, as numpy's C order.
///
/// ```
/// use custometrics::Matrix;
/// let m = Matrix::new("ratings", &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3).unwrap();
/// assert_eq!((m.rows(), m.cols()), (2, 3));
/// assert_eq!(m.row(1), &[4.0, 5.0, 6.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix<'a> {
    field: &'a str,
    data: &'a [f64],
    cols: usize,
}

impl<'a> Matrix<'a> {
    /// A view of `data` with `cols` columns; `field` names it in errors.
    ///
    /// # Errors
    /// `empty` if there are no columns or no rows, `invalid` if the length is not a multiple of
    /// `cols`.
    pub fn new(field: &'a str, data: &'a [f64], cols: usize) -> Result<Self> {
        min_len(field, cols, 1)?;
        min_len(field, data.len(), 1)?;
        if !data.len().is_multiple_of(cols) {
            return Err(Error::Invalid {
                at: Location::scalar(field),
                value: format!("{} values", data.len()),
                expected: format!("a whole number of rows of {cols} columns"),
            });
        }
        Ok(Self { field, data, cols })
    }

    /// From rows of equal length (convenient in tests and examples).
    ///
    /// # Errors
    /// As [`Matrix::new`], and `length_mismatch` for a ragged row. The returned vector owns the
    /// data; view it with [`Matrix::new`].
    pub fn flatten(field: &str, rows: &[Vec<f64>]) -> Result<(Vec<f64>, usize)> {
        let cols = rows.first().map_or(0, Vec::len);
        for (i, r) in rows.iter().enumerate() {
            same_len(&format!("{field}[{i}]"), r.len(), &format!("{field}[0]"), cols)?;
        }
        Ok((rows.concat(), cols))
    }

    /// The name used in errors.
    pub fn field(&self) -> &str {
        self.field
    }
    /// Number of rows (respondents).
    pub fn rows(&self) -> usize {
        self.data.len() / self.cols
    }
    /// Number of columns (items, attributes).
    pub fn cols(&self) -> usize {
        self.cols
    }
    /// All values, row-major.
    pub fn data(&self) -> &'a [f64] {
        self.data
    }
    /// Row `r`; callers iterate `0..rows()`.
    pub fn row(&self, r: usize) -> &'a [f64] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }
    /// Iterator over the rows.
    pub fn iter_rows(&self) -> impl Iterator<Item = &'a [f64]> + Clone + 'a {
        self.data.chunks_exact(self.cols)
    }
    /// Column means.
    pub(crate) fn col_means(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.cols];
        for row in self.iter_rows() {
            for (s, v) in sums.iter_mut().zip(row) {
                *s += v;
            }
        }
        let n = self.rows() as f64;
        let mut means: Vec<f64> = sums.iter().map(|s| s / n).collect();
        // A column of finite values near the top of the f64 range whose sum overflows: the sum
        // of the values over n instead, which cannot.
        for (j, m) in means.iter_mut().enumerate() {
            if !m.is_finite() && self.iter_rows().all(|r| r[j].is_finite()) {
                *m = self.iter_rows().map(|r| r[j] / n).sum();
            }
        }
        means
    }
    /// Same shape as `other`, else `length_mismatch`.
    pub(crate) fn same_shape(&self, other: &Matrix<'_>) -> Result<()> {
        same_len(self.field, self.cols, other.field, other.cols)?;
        same_len(self.field, self.data.len(), other.field, other.data.len())
    }
    /// All values finite and in `[lo, hi]`, the error indexed row-major.
    pub(crate) fn all_in(&self, lo: f64, hi: f64, expected: &str) -> Result<()> {
        all_in(self.field, self.data, lo, hi, expected)
    }
}
