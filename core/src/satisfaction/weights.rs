//! Design weights by raking (iterative proportional fitting, Deming & Stephan 1940): weights that
//! make the sample's weighted category totals match known population totals on several margins
//! at once (region, age band, channel …), with the convergence reported.
//!
//! Each sweep multiplies, margin by margin, every answer's weight by its category's target over
//! the category's current weighted total; the sweeps stop when every weighted total is within
//! `tolerance` (relative) of its target, or after `max_iterations` sweeps (`converged` false).
//! Hand-written: the loop is a few lines, and no maintained Rust crate offers it.

use crate::error::{Error, Location, Result};
use crate::input::{self, Column};
use serde::{Deserialize, Serialize};

/// One margin to rake to: a category code per answer and the population total of each category.
#[derive(Debug, Clone, Copy)]
pub struct Margin<'a> {
    /// Category codes, whole numbers in `0..targets.len()`, one per answer.
    pub codes: Column<'a>,
    /// The population total of each category, in [1e-100, 1e100]; every margin's totals add up
    /// to the same sum.
    pub targets: &'a [f64],
}

/// Options of [`rake`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RakeOptions {
    /// Sweeps over every margin at most, 1..=10000. Default 100.
    pub max_iterations: u32,
    /// Largest relative gap |total − target| / target accepted, > 0. Default 1e-10.
    pub tolerance: f64,
}

crate::codes::with_setters!(RakeOptions { with_max_iterations => max_iterations: u32, with_tolerance => tolerance: f64 });

impl Default for RakeOptions {
    fn default() -> Self {
        Self { max_iterations: 100, tolerance: 1e-10 }
    }
}

/// Raked weights and how the fit went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Raked {
    /// One weight per answer; they add up to the margins' common total.
    pub weights: Vec<f64>,
    /// Sweeps done.
    pub iterations: u32,
    /// Whether every margin was met within the tolerance.
    pub converged: bool,
    /// The largest relative gap left between a weighted total and its target.
    pub max_gap: f64,
    /// Kish's effective sample size of the weights, (Σw)² / Σw².
    pub effective_n: f64,
}

/// Rakes `base` weights (1 for every answer when `None`) to the margins.
///
/// ```
/// use custometrics::{Column, satisfaction::{Margin, RakeOptions, rake}};
/// // 4 answers; the population is 60 % north (code 0), and 50 % young (code 0).
/// let region = [0u8, 0, 0, 1];
/// let age = [0u8, 1, 1, 0];
/// let r = rake(
///     &[Margin { codes: Column::from(&region[..]), targets: &[60.0, 40.0] },
///       Margin { codes: Column::from(&age[..]), targets: &[50.0, 50.0] }],
///     None,
///     &RakeOptions::default(),
/// )?;
/// assert!(r.converged);
/// let north: f64 = r.weights[..3].iter().sum();
/// assert!((north - 60.0).abs() < 1e-6);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `empty` without margins or answers; `length_mismatch` naming `margins[m].codes` or `base`;
/// `out_of_range` naming `margins[m].codes[i]` for a code outside `0..targets.len()`,
/// `margins[m].targets[c]` for a target outside [1e-100, 1e100], `base[i]` for a weight that is
/// not 0 or in [1e-100, 1e100], `max_iterations` of 0 or `tolerance` not positive;
/// `invalid` naming `margins[m].targets` whose sum differs from the first margin's, or
/// `margins[m].codes` when a category with a positive target has no answer (weight) to carry it.
pub fn rake(margins: &[Margin<'_>], base: Option<&[f64]>, options: &RakeOptions) -> Result<Raked> {
    input::min_len("margins", margins.len(), 1)?;
    let n = margins[0].codes.len();
    input::min_len("margins[0].codes", n, 1)?;
    let sweeps = options.max_iterations;
    input::check("max_iterations", f64::from(sweeps), (1..=10_000).contains(&sweeps), "1..=10000")?;
    input::check("tolerance", options.tolerance, options.tolerance > 0.0 && options.tolerance.is_finite(), "> 0")?;
    let mut w = match base {
        Some(b) => {
            input::same_len("base", b.len(), "margins[0].codes", n)?;
            input::all_pass("base", b, |x| x == 0.0 || (1e-100..=1e100).contains(&x), "0 or in [1e-100, 1e100]")?;
            b.to_vec()
        }
        None => vec![1.0; n],
    };
    let mut codes = Vec::with_capacity(margins.len());
    let mut total = f64::NAN;
    for (m, margin) in margins.iter().enumerate() {
        let field = format!("margins[{m}].codes");
        input::same_len(&field, margin.codes.len(), "margins[0].codes", n)?;
        let k = margin.targets.len();
        input::min_len(&format!("margins[{m}].targets"), k, 1)?;
        let field_t = format!("margins[{m}].targets");
        input::all_pass(&field_t, margin.targets, |t| (1e-100..=1e100).contains(&t), "in [1e-100, 1e100]")?;
        let c: Vec<usize> = (0..n)
            .map(|i| {
                let v = margin.codes.get(i).unwrap_or(f64::NAN);
                if v >= 0.0 && v < k as f64 && v.fract() == 0.0 {
                    Ok(v as usize)
                } else {
                    Err(input::out_of_range_or_not_finite(
                        Location::at(field.as_str(), i),
                        v,
                        &format!("the category codes 0..{k}"),
                    ))
                }
            })
            .collect::<Result<_>>()?;
        let sum: f64 = margin.targets.iter().sum();
        if !sum.is_finite() {
            return Err(Error::Invalid {
                at: Location::scalar(format!("margins[{m}].targets")),
                value: format!("{sum} (their sum)"),
                expected: "targets with a finite sum".into(),
            });
        }
        if m == 0 {
            total = sum;
        } else if (sum - total).abs() > 1e-9 * total {
            return Err(Error::Invalid {
                at: Location::scalar(format!("margins[{m}].targets")),
                value: format!("{sum} (their sum)"),
                expected: format!("targets adding up to the first margin's total {total}"),
            });
        }
        let mut carried = vec![0.0; k];
        c.iter().zip(&w).for_each(|(&j, &x)| carried[j] += x);
        if let Some(j) = carried.iter().position(|&x| x <= 0.0) {
            return Err(Error::Invalid {
                at: Location::scalar(field),
                value: format!("category {j}"),
                expected: "every category with a target has answers with a positive weight".into(),
            });
        }
        codes.push(c);
    }
    let gap = |w: &[f64]| {
        margins.iter().zip(&codes).fold(0.0f64, |g, (margin, c)| {
            let mut sums = vec![0.0; margin.targets.len()];
            c.iter().zip(w).for_each(|(&j, &x)| sums[j] += x);
            sums.iter().zip(margin.targets).fold(g, |g, (s, t)| g.max((s - t).abs() / t))
        })
    };
    let (mut iterations, mut max_gap) = (0, gap(&w));
    while max_gap > options.tolerance && iterations < options.max_iterations {
        for (margin, c) in margins.iter().zip(&codes) {
            let mut sums = vec![0.0; margin.targets.len()];
            c.iter().zip(&w).for_each(|(&j, &x)| sums[j] += x);
            let factor: Vec<f64> = sums.iter().zip(margin.targets).map(|(s, t)| t / s).collect();
            w.iter_mut().zip(c).for_each(|(x, &j)| *x *= factor[j]);
        }
        iterations += 1;
        max_gap = gap(&w);
    }
    // Kish's n of the weights over their largest, which is the same number and cannot overflow.
    let top = w.iter().fold(0.0f64, |m, &x| m.max(x));
    let (s, s2) = w.iter().fold((0.0, 0.0), |(s, s2), x| (s + x / top, s2 + (x / top) * (x / top)));
    Ok(Raked { weights: w, iterations, converged: max_gap <= options.tolerance, max_gap, effective_n: s * s / s2 })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn one_margin_is_met_in_one_sweep_and_two_converge() {
        let region = [0u8, 0, 1, 1, 1];
        let r =
            rake(&[Margin { codes: Column::from(&region[..]), targets: &[50.0, 50.0] }], None, &RakeOptions::default())
                .unwrap();
        assert_eq!(r.iterations, 1);
        assert!(r.converged);
        assert_eq!(r.weights, vec![25.0, 25.0, 50.0 / 3.0, 50.0 / 3.0, 50.0 / 3.0]);
        let age = [0u8, 1, 0, 1, 1];
        let m = [
            Margin { codes: Column::from(&region[..]), targets: &[50.0, 50.0] },
            Margin { codes: Column::from(&age[..]), targets: &[30.0, 70.0] },
        ];
        let r = rake(&m, None, &RakeOptions::default()).unwrap();
        assert!(r.converged && r.iterations > 1 && r.max_gap <= 1e-10);
        let one = rake(&m, None, &RakeOptions { max_iterations: 1, ..RakeOptions::default() }).unwrap();
        assert!(!one.converged && one.max_gap > 1e-10);
    }

    #[test]
    fn a_category_nobody_answered_is_named() {
        let region = [0u8, 0];
        let e =
            rake(&[Margin { codes: Column::from(&region[..]), targets: &[1.0, 1.0] }], None, &RakeOptions::default())
                .unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", Some("margins[0].codes")));
        let e =
            rake(&[Margin { codes: Column::from(&[0u8, 2][..]), targets: &[1.0, 1.0] }], None, &RakeOptions::default())
                .unwrap_err();
        assert_eq!(e.to_string(), "margins[0].codes[1] = 2 is outside the category codes 0..2");
    }
}
