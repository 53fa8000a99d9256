//! Criteria weights from pairwise comparisons: the analytic hierarchy process (AHP) of Saaty
//! (1977, "A scaling method for priorities in hierarchical structures", J. Math. Psychology 15;
//! 1980, "The Analytic Hierarchy Process").
//!
//! a_ij on Saaty's 1–9 scale says how much more important criterion i is than j, with a_ji =
//! 1/a_ij and a_ii = 1. The weights are the principal (Perron) eigenvector of the matrix,
//! normalised to sum 1, found by power iteration; λmax = mean_i (A w)_i / w_i; the consistency
//! index CI = (λmax − n)/(n − 1); the consistency ratio CR = CI / RI with Saaty's random indices
//! RI ([`RANDOM_INDEX`]). A ratio above 0.1 ([`CR_THRESHOLD`]) is flagged as inconsistent, not
//! hidden: the judgements should be revisited.

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix};
use serde::{Deserialize, Serialize};

/// Saaty's random consistency indices RI for n = 1..=15 criteria (Saaty 1980; the values for
/// 11–15 from Saaty's later tables as commonly reprinted).
pub const RANDOM_INDEX: [f64; 15] =
    [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

/// The consistency ratio above which judgements are flagged as inconsistent.
pub const CR_THRESHOLD: f64 = 0.1;

/// Options for [`ahp`].
///
/// ```
/// assert_eq!(custometrics::assessment::AhpOptions::default().reciprocal_tolerance, 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AhpOptions {
    /// How far a_ij·a_ji may be from 1 (and a_ii from 1), relatively: 0.01 accepts 0.33 for
    /// 1/3. Non-negative; default 0.01.
    pub reciprocal_tolerance: f64,
}

crate::codes::with_setters!(AhpOptions { with_reciprocal_tolerance => reciprocal_tolerance: f64 });

impl Default for AhpOptions {
    fn default() -> Self {
        Self { reciprocal_tolerance: 0.01 }
    }
}

/// Weights and consistency of a pairwise comparison matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ahp {
    /// The principal eigenvector, normalised to sum 1.
    pub weights: Vec<f64>,
    /// The principal eigenvalue λmax (≥ n for a reciprocal matrix).
    pub lambda_max: f64,
    /// Consistency index (λmax − n)/(n − 1); 0 for n = 1.
    pub ci: f64,
    /// Saaty's random index for n (None beyond 15 criteria).
    pub random_index: Option<f64>,
    /// Consistency ratio CI / RI (0 for n ≤ 2, always consistent; None beyond 15 criteria).
    pub cr: Option<f64>,
    /// Whether CR exceeds 0.1.
    pub inconsistent: bool,
    /// Power iterations used.
    pub iterations: u32,
}

const MAX_ITERATIONS: u32 = 10_000;

/// AHP weights from a square matrix of pairwise comparisons (row-major, n × n).
///
/// ```
/// use custometrics::{Matrix, assessment::{ahp, AhpOptions}};
/// // A consistent matrix: weights 4 : 2 : 1.
/// let a = [1.0, 2.0, 4.0, 0.5, 1.0, 2.0, 0.25, 0.5, 1.0];
/// let r = ahp(&Matrix::new("pairwise", &a, 3)?, &AhpOptions::default())?;
/// assert!((r.weights[0] - 4.0 / 7.0).abs() < 1e-15);
/// assert!((r.lambda_max - 3.0).abs() < 1e-12 && r.cr.is_some_and(|cr| cr.abs() < 1e-12));
/// assert!(!r.inconsistent);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `length_mismatch` for a matrix that is not square; `not_finite` / `out_of_range` for an
/// entry that is not a positive finite number; `invalid` for a diagonal entry not 1 or a pair
/// with a_ij·a_ji not 1 within the tolerance (naming the row-major index of a_ji);
/// `out_of_range` for a negative tolerance; `did_not_converge` if power iteration stalls.
pub fn ahp(pairwise: &Matrix<'_>, options: &AhpOptions) -> Result<Ahp> {
    let tol = options.reciprocal_tolerance;
    input::check("reciprocal_tolerance", tol, tol >= 0.0, "the non-negative numbers")?;
    let n = pairwise.cols();
    input::same_len(pairwise.field(), pairwise.rows(), &format!("{} columns", pairwise.field()), n)?;
    input::all_pass(pairwise.field(), pairwise.data(), |v| v > 0.0, "the positive numbers")?;
    let a = |i: usize, j: usize| pairwise.data()[i * n + j];
    for i in 0..n {
        for j in 0..=i {
            let product = a(i, j) * a(j, i);
            if (product - 1.0).abs() > tol {
                let expected = if i == j {
                    "1 on the diagonal".to_owned()
                } else {
                    format!("the reciprocal of a[{j}][{i}] = {}: a_ji = 1/a_ij", a(j, i))
                };
                return Err(Error::Invalid {
                    at: Location::at(pairwise.field(), i * n + j),
                    value: a(i, j).to_string(),
                    expected,
                });
            }
        }
    }

    let mut w = vec![1.0 / n as f64; n];
    let mut iterations = 0;
    loop {
        iterations += 1;
        let mut next: Vec<f64> = (0..n).map(|i| (0..n).map(|j| a(i, j) * w[j]).sum()).collect();
        let s: f64 = next.iter().sum();
        for v in &mut next {
            *v /= s;
        }
        let change = next.iter().zip(&w).map(|(x, y)| (x - y).abs() / x).fold(0.0, f64::max);
        w = next;
        if change <= 4.0 * f64::EPSILON {
            break;
        }
        if iterations >= MAX_ITERATIONS {
            // Iterates that settle to within a few units in the last place may alternate there.
            if change <= 1e-13 {
                break;
            }
            return Err(Error::DidNotConverge {
                model: "AHP power iteration".into(),
                iterations: u64::from(iterations),
                last: w,
            });
        }
    }
    let lambda_max = (0..n).map(|i| (0..n).map(|j| a(i, j) * w[j]).sum::<f64>() / w[i]).sum::<f64>() / n as f64;
    let ci = if n > 1 { (lambda_max - n as f64) / (n as f64 - 1.0) } else { 0.0 };
    let random_index = RANDOM_INDEX.get(n - 1).copied();
    let cr = random_index.map(|ri| if ri > 0.0 { ci / ri } else { 0.0 });
    Ok(Ahp {
        weights: w,
        lambda_max,
        ci,
        random_index,
        cr,
        inconsistent: cr.is_some_and(|c| c > CR_THRESHOLD),
        iterations,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn not_reciprocal_names_the_entry() {
        let a = [1.0, 3.0, 0.5, 1.0];
        let e = ahp(&Matrix::new("pairwise", &a, 2).unwrap(), &AhpOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.field(), e.index()), ("invalid", Some("pairwise"), Some(2)));
    }

    #[test]
    fn inconsistent_judgements_are_flagged() {
        // A > B, B > C, but C > A.
        let a = [1.0, 3.0, 1.0 / 3.0, 1.0 / 3.0, 1.0, 3.0, 3.0, 1.0 / 3.0, 1.0];
        let r = ahp(&Matrix::new("pairwise", &a, 3).unwrap(), &AhpOptions::default()).unwrap();
        assert!(r.inconsistent && r.cr.unwrap_or(0.0) > 0.1);
        assert!(r.weights.iter().all(|w| (w - 1.0 / 3.0).abs() < 1e-12));
    }
}
