//! Key drivers (关键驱动因素): how much of the variance of overall satisfaction each attribute
//! explains, as shares of the R² of the least-squares regression of the overall rating on the
//! attributes, shares that sum to R².
//!
//! Both methods work on correlations: `R` the attributes' correlation matrix, `r` their
//! correlations with the overall rating, `b = R⁻¹ r` the standardised regression coefficients and
//! R² = rᵀb.
//!
//! - [`DriverMethod::RelativeWeights`] (Johnson 2000, "A heuristic method for estimating the
//!   relative weight of predictor variables in multiple regression", *Multivariate Behavioral
//!   Research* 35(1), 1–19): with `R = V Λ Vᵀ`, the orthogonal variables `Z` closest to the
//!   attributes relate to them by `Λ* = V Λ^½ Vᵀ` (elements λ*ⱼₖ); the overall rating's
//!   coefficients on `Z` are `β = Λ*⁻¹ r = Λ* b`, and attribute j's weight is εⱼ = Σₖ λ*ⱼₖ² βₖ².
//! - [`DriverMethod::Shapley`] (Lindeman, Merenda & Gold 1980, "LMG"; Grömping 2006, "Relative
//!   importance for linear regression in R: the package relaimpo", *J. Stat. Software* 17(1)):
//!   attribute j's Shapley value of the game "R² of a subset", the mean over all orders of the
//!   attributes of the R² it adds when it enters: Σ over subsets S of the others of
//!   |S|! (p − |S| − 1)! / p! · (R²(S ∪ {j}) − R²(S)), over all 2ᵖ subsets (32768 at p = 15). The
//!   R² of a subset is ‖L⁻¹ r_S‖² with `L` the Cholesky factor of `R_SS`, each subset's factor its
//!   parent's with one row more.
//!
//! An optional seeded bootstrap of the respondents gives percentile intervals of each share.

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use crate::numerics::linalg;
use crate::satisfaction::intervals::{MAX_RESAMPLES, MIN_RESAMPLES};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

/// Fewest attributes accepted: one attribute's share is its whole R².
pub const MIN_DRIVERS: usize = 2;
/// Most attributes accepted: Shapley values take 2ᵖ subset regressions (32768 at 15).
pub const MAX_DRIVERS: usize = 15;

/// A driver whose Cholesky pivot (1 − R² on the drivers before it) is at most this is refused as
/// collinear: a variance inflation factor of 10¹⁰ or more.
const COLLINEAR: f64 = 1e-10;

/// How the R² is shared among the attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverMethod {
    /// Johnson's (2000) relative weights. The default: one eigendecomposition, any p, and within
    /// a few hundredths of Shapley values in published comparisons.
    #[default]
    RelativeWeights,
    /// The Shapley value (LMG) of each attribute over all 2ᵖ subsets.
    Shapley,
}

impl DriverMethod {
    /// Parses `"relative_weights"` or `"shapley"`.
    ///
    /// # Errors
    /// `invalid` for any other word, naming the field `method`.
    pub fn parse(word: &str) -> Result<Self> {
        match word {
            "relative_weights" => Ok(Self::RelativeWeights),
            "shapley" => Ok(Self::Shapley),
            other => Err(Error::Invalid {
                at: Location::scalar("method"),
                value: format!("{other:?}"),
                expected: "one of \"relative_weights\", \"shapley\"".into(),
            }),
        }
    }
}

/// Options for [`key_drivers`].
///
/// ```
/// use custometrics::satisfaction::{DriverMethod, KeyDriversOptions};
/// let o = KeyDriversOptions::default();
/// assert_eq!((o.method, o.resamples, o.confidence, o.seed), (DriverMethod::RelativeWeights, None, 0.95, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct KeyDriversOptions {
    /// How R² is shared. Default [`DriverMethod::RelativeWeights`].
    pub method: DriverMethod,
    /// Missing values (NaN) in the overall rating or an attribute. Default
    /// [`NanPolicy::Raise`]; `Omit` drops the respondents with any (listwise deletion);
    /// `Propagate` makes every number of the result NaN.
    pub nan_policy: NanPolicy,
    /// Bootstrap resamples of the respondents for percentile intervals of the shares,
    /// 100..=1000000; `None` (the default) for no intervals.
    pub resamples: Option<u32>,
    /// Confidence level of the intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// The bootstrap's seed: the same seed, the same intervals, on every target. Default 0.
    pub seed: u64,
}

crate::codes::with_setters!(KeyDriversOptions { with_method => method: DriverMethod, with_nan_policy => nan_policy: NanPolicy, with_resamples => resamples: Option<u32>, with_confidence => confidence: f64, with_seed => seed: u64 });

impl Default for KeyDriversOptions {
    fn default() -> Self {
        Self {
            method: DriverMethod::RelativeWeights,
            nan_policy: NanPolicy::Raise,
            resamples: None,
            confidence: 0.95,
            seed: 0,
        }
    }
}

/// The key drivers of an overall rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KeyDrivers {
    /// How R² was shared.
    pub method: DriverMethod,
    /// Each attribute's share of R², non-negative, summing to `r_squared`.
    #[serde(with = "crate::float_serde::vec")]
    pub importance: Vec<f64>,
    /// Each share over R² (summing to 1): the attribute's part of what the attributes explain.
    #[serde(with = "crate::float_serde::vec")]
    pub rescaled: Vec<f64>,
    /// R² of the least-squares regression of the overall rating on all attributes.
    #[serde(with = "crate::float_serde")]
    pub r_squared: f64,
    /// Respondents used (after `omit`).
    pub n: u64,
    /// The bootstrap interval's lower end per share, when resamples were asked for.
    #[serde(default, with = "crate::float_serde::option_vec")]
    pub ci_low: Option<Vec<f64>>,
    /// The bootstrap interval's upper end per share.
    #[serde(default, with = "crate::float_serde::option_vec")]
    pub ci_high: Option<Vec<f64>>,
    /// Bootstrap resamples skipped because a driver was constant or collinear in them (the
    /// intervals come from the others); `None` without a bootstrap.
    #[serde(default)]
    pub skipped_resamples: Option<u32>,
}

/// The key drivers of `overall` (one rating per respondent) among the columns of `attributes`
/// (respondents × 2..=15 attributes).
///
/// ```
/// use custometrics::{Matrix, satisfaction::{key_drivers, DriverMethod, KeyDriversOptions}};
/// let x = [1.0, 2.0, 2.0, 1.0, 3.0, 4.0, 4.0, 3.0, 5.0, 5.0];
/// let m = Matrix::new("attributes", &x, 2).unwrap();
/// let y = [1.0, 2.0, 3.0, 5.0, 4.0];
/// let o = KeyDriversOptions::default().with_method(DriverMethod::Shapley);
/// let k = key_drivers(&y, &m, &o).unwrap();
/// let total: f64 = k.importance.iter().sum();
/// assert!((total - k.r_squared).abs() < 1e-12);
/// ```
///
/// # Errors
/// `length_mismatch` when `overall` and the rows differ; `out_of_range` for fewer than 2 or more
/// than 15 attributes, resamples outside 100..=1000000 or a confidence outside (0, 1);
/// `not_finite` for an infinite value or (under `raise`) a NaN, naming its index (row-major for
/// the attributes); `empty` for no more respondents than attributes; `division_by_zero` for a
/// constant overall rating (`overall`) or attribute (`attributes column`, its index);
/// `invalid` for an attribute that is a linear combination of the ones before it (`attributes
/// column`, its index); `division_by_zero` (`overall`) when no attribute correlates with the
/// overall rating (R² = 0); `invalid` when fewer than 100 resamples could be used.
pub fn key_drivers(overall: &[f64], attributes: &Matrix<'_>, options: &KeyDriversOptions) -> Result<KeyDrivers> {
    let p = attributes.cols();
    if !(MIN_DRIVERS..=MAX_DRIVERS).contains(&p) {
        return Err(Error::OutOfRange {
            at: Location::scalar(attributes.field()),
            value: p as f64,
            expected: format!("{MIN_DRIVERS}..={MAX_DRIVERS} attribute columns"),
        });
    }
    input::same_len("overall", overall.len(), &format!("{} rows", attributes.field()), attributes.rows())?;
    input::confidence("confidence", options.confidence)?;
    if let Some(b) = options.resamples
        && !(MIN_RESAMPLES..=MAX_RESAMPLES).contains(&b)
    {
        return Err(Error::OutOfRange {
            at: Location::scalar("resamples"),
            value: f64::from(b),
            expected: format!("{MIN_RESAMPLES}..={MAX_RESAMPLES} resamples"),
        });
    }
    let raise = options.nan_policy == NanPolicy::Raise;
    let bad = |v: f64| if raise { !v.is_finite() } else { v.is_infinite() };
    if let Some(i) = overall.iter().position(|&v| bad(v)) {
        return Err(Error::NotFinite { at: Location::at("overall", i), value: overall[i] });
    }
    let data = attributes.data();
    if let Some(i) = data.iter().position(|&v| bad(v)) {
        return Err(Error::NotFinite { at: Location::at(attributes.field(), i), value: data[i] });
    }
    // Rows with no NaN (all rows under `raise`, which refused them).
    let rows: Vec<usize> =
        (0..overall.len()).filter(|&i| !overall[i].is_nan() && !attributes.row(i).iter().any(|v| v.is_nan())).collect();
    if rows.len() < overall.len() && options.nan_policy == NanPolicy::Propagate {
        let nan = vec![f64::NAN; p];
        let ci = options.resamples.map(|_| nan.clone());
        return Ok(KeyDrivers {
            method: options.method,
            importance: nan.clone(),
            rescaled: nan,
            r_squared: f64::NAN,
            n: overall.len() as u64,
            ci_low: ci.clone(),
            ci_high: ci,
            skipped_resamples: options.resamples.map(|_| 0),
        });
    }
    if rows.len() <= p {
        return Err(Error::Empty { at: Location::scalar("overall"), len: rows.len(), min: p + 1 });
    }
    let field = format!("{} column", attributes.field());
    let (importance, r_squared) = shares(overall, attributes, &rows, options.method).map_err(|d| d.error(&field))?;
    if r_squared <= 0.0 {
        // Every attribute is uncorrelated with the overall rating: the shares are all 0 and their
        // rescaled parts 0 / 0.
        return Err(Error::DivisionByZero {
            at: Location::scalar("overall"),
            value: r_squared,
            reason: "no attribute correlates with the overall rating (R² = 0), so there is nothing to share".into(),
        });
    }
    let rescaled = importance.iter().map(|s| s / r_squared).collect();
    let (ci_low, ci_high, skipped) = match options.resamples {
        None => (None, None, None),
        Some(b) => {
            let (lo, hi, skipped) = bootstrap(overall, attributes, &rows, options, b)?;
            (Some(lo), Some(hi), Some(skipped))
        }
    };
    Ok(KeyDrivers {
        method: options.method,
        importance,
        rescaled,
        r_squared,
        n: rows.len() as u64,
        ci_low,
        ci_high,
        skipped_resamples: skipped,
    })
}

/// Why a sample has no key drivers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Degenerate {
    /// The overall rating is constant (its value).
    ConstantOverall(f64),
    /// Attribute j is constant (its value).
    Constant(usize, f64),
    /// Attribute j is a linear combination of the ones before it (its 1 − R² on them).
    Collinear(usize, f64),
}

impl Degenerate {
    fn error(self, field: &str) -> Error {
        match self {
            Self::ConstantOverall(v) => Error::DivisionByZero {
                at: Location::scalar("overall"),
                value: v,
                reason: "every overall rating equals this value, so there is no variance to explain".into(),
            },
            Self::Constant(j, v) => Error::DivisionByZero {
                at: Location::at(field, j),
                value: v,
                reason: "every rating of this attribute equals this value, so its correlation is undefined".into(),
            },
            Self::Collinear(j, pivot) => Error::Invalid {
                at: Location::at(field, j),
                value: format!("1 - R² = {pivot:e} on the attributes before it"),
                expected: "attributes none of which is a linear combination of the others (perfectly collinear)".into(),
            },
        }
    }
}

/// The shares and R² of the respondents `rows` (indices into `overall` and the attribute rows).
fn shares(
    overall: &[f64],
    x: &Matrix<'_>,
    rows: &[usize],
    method: DriverMethod,
) -> Result<(Vec<f64>, f64), Degenerate> {
    let (r, ry) = correlations(overall, x, rows)?;
    let p = x.cols();
    // The pivots of a correlation matrix's Cholesky factor are 1 − R² of each attribute on the
    // ones before it: the first one at or below COLLINEAR names the collinear attribute.
    let l = linalg::cholesky_dyn(&r, p, COLLINEAR).map_err(|(j, pivot)| Degenerate::Collinear(j, pivot))?;
    let b = linalg::cholesky_solve_dyn(&l, p, &ry);
    let r_squared: f64 = ry.iter().zip(&b).map(|(a, c)| a * c).sum();
    let mut importance = match method {
        DriverMethod::RelativeWeights => relative_weights(&r, &b, p),
        DriverMethod::Shapley => shapley(&r, &ry, p)?,
    };
    // R² is at most 1; a perfect fit's rounding can put it a few ulps above (3 respondents, 2
    // attributes: 1.0000000000000009). It is then 1, and the shares are scaled to sum to it.
    if r_squared > 1.0 {
        importance.iter_mut().for_each(|s| *s /= r_squared);
        return Ok((importance.into_iter().map(|s| s.min(1.0)).collect(), 1.0));
    }
    Ok((importance, r_squared))
}

/// The attributes' correlation matrix (row-major p × p, unit diagonal) and their correlations
/// with the overall rating, over `rows`, from centred sums (two passes). Each column is divided by
/// its largest magnitude first: correlations do not depend on scale, and ratings near the largest
/// or smallest doubles would otherwise overflow or underflow in the sums of squares.
fn correlations(overall: &[f64], x: &Matrix<'_>, rows: &[usize]) -> Result<(Vec<f64>, Vec<f64>), Degenerate> {
    let p = x.cols();
    let n = rows.len() as f64;
    let mut cx = vec![0.0_f64; p];
    let mut cy = 0.0_f64;
    for &i in rows {
        cy = cy.max(overall[i].abs());
        for (c, v) in cx.iter_mut().zip(x.row(i)) {
            *c = c.max(v.abs());
        }
    }
    // A column of zeros keeps scale 1 (and is refused as constant below).
    let unit = |c: f64| if c > 0.0 { c } else { 1.0 };
    let cy = unit(cy);
    cx.iter_mut().for_each(|c| *c = unit(*c));
    let mut mx = vec![0.0; p];
    let mut my = 0.0;
    for &i in rows {
        my += overall[i] / cy;
        for ((m, v), c) in mx.iter_mut().zip(x.row(i)).zip(&cx) {
            *m += v / c;
        }
    }
    my /= n;
    mx.iter_mut().for_each(|m| *m /= n);
    let mut sxx = vec![0.0; p * p];
    let mut sxy = vec![0.0; p];
    let mut syy = 0.0;
    let mut d = vec![0.0; p];
    for &i in rows {
        let dy = overall[i] / cy - my;
        syy += dy * dy;
        for (((dj, v), m), c) in d.iter_mut().zip(x.row(i)).zip(&mx).zip(&cx) {
            *dj = v / c - m;
        }
        for j in 0..p {
            sxy[j] += d[j] * dy;
            for k in 0..=j {
                sxx[j * p + k] += d[j] * d[k];
            }
        }
    }
    let first = rows[0];
    if syy <= 0.0 || rows.iter().all(|&i| overall[i] == overall[first]) {
        return Err(Degenerate::ConstantOverall(overall[first]));
    }
    for j in 0..p {
        let v = x.row(first)[j];
        if sxx[j * p + j] <= 0.0 || rows.iter().all(|&i| x.row(i)[j] == v) {
            return Err(Degenerate::Constant(j, v));
        }
    }
    let sd: Vec<f64> = (0..p).map(|j| sxx[j * p + j].sqrt()).collect();
    let mut r = vec![0.0; p * p];
    for j in 0..p {
        r[j * p + j] = 1.0;
        for k in 0..j {
            let c = (sxx[j * p + k] / (sd[j] * sd[k])).clamp(-1.0, 1.0);
            r[j * p + k] = c;
            r[k * p + j] = c;
        }
    }
    let sy = syy.sqrt();
    let ry = (0..p).map(|j| (sxy[j] / (sd[j] * sy)).clamp(-1.0, 1.0)).collect();
    Ok((r, ry))
}

/// Johnson's weights εⱼ = Σₖ λ*ⱼₖ² βₖ² with Λ* = V Λ^½ Vᵀ and β = Λ* b.
fn relative_weights(r: &[f64], b: &[f64], p: usize) -> Vec<f64> {
    let (values, v) = linalg::jacobi_eigen(r, p);
    // R is positive definite here (its Cholesky passed); rounding may leave a tiny negative.
    let root: Vec<f64> = values.iter().map(|&l| l.max(0.0).sqrt()).collect();
    let mut lam = vec![0.0; p * p];
    for j in 0..p {
        for k in 0..p {
            lam[j * p + k] = (0..p).map(|m| v[j * p + m] * root[m] * v[k * p + m]).sum();
        }
    }
    let beta: Vec<f64> = (0..p).map(|k| (0..p).map(|j| lam[k * p + j] * b[j]).sum()).collect();
    (0..p).map(|j| (0..p).map(|k| lam[j * p + k] * lam[j * p + k] * beta[k] * beta[k]).sum()).collect()
}

/// The R² of every subset of the attributes, by bit mask, each from its parent's: the subsets
/// are visited depth first, adding attributes in increasing order, so the Cholesky factor of a
/// subset's correlation matrix is its parent's with one row more (O(k²) per subset rather than
/// O(k³); the 32768 subsets at p = 15 take about a million multiplications).
struct Subsets<'a> {
    r: &'a [f64],
    ry: &'a [f64],
    p: usize,
    /// The members of the current subset, increasing.
    members: Vec<usize>,
    /// Its Cholesky factor, row-major with stride p (row k for member k).
    l: Vec<f64>,
    /// `L⁻¹ r_S`: R²(S) is the sum of its squares.
    z: Vec<f64>,
    r2: Vec<f64>,
}

impl Subsets<'_> {
    /// Visits every superset of the current subset made by adding attributes after its last.
    fn extend(&mut self, r2: f64, mask: usize) -> Result<(), Degenerate> {
        let (p, k) = (self.p, self.members.len());
        let start = self.members.last().map_or(0, |&m| m + 1);
        for j in start..p {
            let mut norm = 0.0;
            for a in 0..k {
                let mut s = self.r[self.members[a] * p + j];
                for b in 0..a {
                    s -= self.l[a * p + b] * self.l[k * p + b];
                }
                let v = s / self.l[a * p + a];
                self.l[k * p + a] = v;
                norm += v * v;
            }
            // 1 − R² of attribute j on the subset: at least its pivot on every attribute before
            // it, which the full factor found above COLLINEAR, unless rounding says otherwise.
            let pivot = 1.0 - norm;
            if pivot <= 0.0 {
                return Err(Degenerate::Collinear(j, pivot));
            }
            let d = pivot.sqrt();
            self.l[k * p + k] = d;
            let dot: f64 = (0..k).map(|a| self.l[k * p + a] * self.z[a]).sum();
            let zk = (self.ry[j] - dot) / d;
            self.z[k] = zk;
            let (r2j, maskj) = (r2 + zk * zk, mask | 1 << j);
            self.r2[maskj] = r2j;
            self.members.push(j);
            self.extend(r2j, maskj)?;
            self.members.pop();
        }
        Ok(())
    }
}

/// Shapley values of R² over all subsets of the p attributes.
fn shapley(r: &[f64], ry: &[f64], p: usize) -> Result<Vec<f64>, Degenerate> {
    let subsets = 1usize << p;
    let mut all = Subsets {
        r,
        ry,
        p,
        members: Vec::with_capacity(p),
        l: vec![0.0; p * p],
        z: vec![0.0; p],
        r2: vec![0.0; subsets],
    };
    all.extend(0.0, 0)?;
    let r2 = all.r2;
    // weight[s] = s! (p − s − 1)! / p!, the share of orders in which a given attribute enters
    // after a given set of s others.
    let fact = |m: usize| (1..=m).map(|i| i as f64).product::<f64>();
    let weight: Vec<f64> = (0..p).map(|s| fact(s) * fact(p - s - 1) / fact(p)).collect();
    Ok((0..p)
        .map(|j| {
            let bit = 1usize << j;
            (0..subsets)
                .filter(|mask| mask & bit == 0)
                .map(|mask| weight[(mask as u32).count_ones() as usize] * (r2[mask | bit] - r2[mask]))
                .sum()
        })
        .collect())
}

/// Percentile intervals of the shares over `b` resamples of `rows` with replacement; a resample
/// in which a driver is constant or collinear is skipped and counted.
fn bootstrap(
    overall: &[f64],
    x: &Matrix<'_>,
    rows: &[usize],
    options: &KeyDriversOptions,
    b: u32,
) -> Result<(Vec<f64>, Vec<f64>, u32)> {
    let p = x.cols();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let n = rows.len() as u64;
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(b as usize); p];
    let mut skipped = 0u32;
    let mut pick = vec![0usize; rows.len()];
    for _ in 0..b {
        // u64 indices, so 32- and 64-bit targets draw the same stream.
        for slot in &mut pick {
            *slot = rows[rng.random_range(0..n) as usize];
        }
        match shares(overall, x, &pick, options.method) {
            Ok((s, _)) => draws.iter_mut().zip(s).for_each(|(d, v)| d.push(v)),
            Err(_) => skipped += 1,
        }
    }
    if b - skipped < MIN_RESAMPLES {
        return Err(Error::Invalid {
            at: Location::scalar("resamples"),
            value: format!("{b} resamples, {skipped} with a constant or collinear driver"),
            expected: format!("at least {MIN_RESAMPLES} resamples in which every driver varies independently"),
        });
    }
    let (mut lo, mut hi) = (Vec::with_capacity(p), Vec::with_capacity(p));
    for d in &mut draws {
        let (l, h) = crate::satisfaction::intervals::equal_tailed(d, options.confidence);
        lo.push(l);
        hi.push(h);
    }
    Ok((lo, hi, skipped))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A perfect fit has R² 1, not one rounded above it (the survey fuzz target found
    /// 1.0000000000000002 on three respondents and two attributes), and no share above it.
    #[test]
    fn a_perfect_fit_explains_at_most_everything() {
        let mut worst = 0.0f64;
        for a in [[1.0, 10.0, 1.0], [1.0, 2.0, 4.0], [3.0, 7.0, 2.0], [0.0, 9.0, 5.0]] {
            for b in [[1.0, 1.0, 2.0], [2.0, 5.0, 1.0], [7.0, 3.0, 6.0], [10.0, 0.0, 4.0]] {
                for (ka, kb) in [(1.0, 1.0), (0.3, 0.7), (2.0, -1.0), (0.1, 3.0)] {
                    let x: Vec<f64> = (0..3).flat_map(|i| [a[i], b[i]]).collect();
                    let y: Vec<f64> = (0..3).map(|i| ka * a[i] + kb * b[i]).collect();
                    let Ok(m) = Matrix::new("attributes", &x, 2) else { continue };
                    for method in [DriverMethod::RelativeWeights, DriverMethod::Shapley] {
                        let o = KeyDriversOptions::default().with_method(method);
                        if let Ok(k) = key_drivers(&y, &m, &o) {
                            worst = worst.max(k.r_squared);
                            assert!(k.importance.iter().chain(&k.rescaled).all(|v| (0.0..=1.0).contains(v)), "{k:?}");
                        }
                    }
                }
            }
        }
        assert!(worst <= 1.0 && worst > 1.0 - 1e-12, "{worst}");
    }

    #[test]
    fn uncorrelated_drivers_share_their_squared_correlations() {
        // Two orthogonal centred columns: both methods give rⱼ².
        let x = [1.0, 1.0, 1.0, -1.0, -1.0, 1.0, -1.0, -1.0];
        let m = Matrix::new("attributes", &x, 2).unwrap();
        let y = [3.0, 1.0, 0.5, -2.0];
        for method in [DriverMethod::RelativeWeights, DriverMethod::Shapley] {
            let k = key_drivers(&y, &m, &KeyDriversOptions::default().with_method(method)).unwrap();
            let my = 2.5 / 4.0;
            let syy: f64 = y.iter().map(|v| (v - my) * (v - my)).sum();
            let r1 = (3.0 + 1.0 - 0.5 + 2.0) / (2.0 * syy.sqrt());
            let r2 = (3.0 - 1.0 + 0.5 + 2.0) / (2.0 * syy.sqrt());
            assert!((k.importance[0] - r1 * r1).abs() < 1e-14, "{method:?} {k:?}");
            assert!((k.importance[1] - r2 * r2).abs() < 1e-14, "{method:?} {k:?}");
            assert!((k.r_squared - r1 * r1 - r2 * r2).abs() < 1e-14);
        }
    }

    #[test]
    fn degenerate_samples_name_their_cause() {
        // The third attribute is the first plus twice the second: its pivot is 1 − R² = 0.
        let x = [1.0, 2.0, 5.0, 2.0, 1.0, 4.0, 3.0, 4.0, 11.0, 4.0, 3.0, 10.0, 5.0, 6.0, 17.0];
        let y = [3.0, 5.0, 4.0, 7.0, 8.0];
        let m = Matrix::new("attributes", &x, 3).unwrap();
        let err = key_drivers(&y, &m, &KeyDriversOptions::default()).unwrap_err();
        assert_eq!((err.code(), err.field(), err.index()), ("invalid", Some("attributes column"), Some(2)));
        assert!(err.to_string().contains("collinear"), "{err}");
        // Overall ratings uncorrelated with both attributes: R² = 0 has no shares to rescale.
        let x = [1.0, 1.0, 1.0, -1.0, -1.0, 1.0, -1.0, -1.0];
        let m = Matrix::new("attributes", &x, 2).unwrap();
        let err = key_drivers(&[1.0, 0.0, 0.0, 1.0], &m, &KeyDriversOptions::default()).unwrap_err();
        assert_eq!((err.code(), err.field()), ("division_by_zero", Some("overall")));
    }

    #[test]
    fn ratings_near_the_ends_of_the_doubles_give_the_shares_of_ordinary_ones() {
        // Correlations do not depend on scale: the same sample times 1e290 or 1e-300 (sums of
        // squares would overflow or underflow unscaled) has the same shares. The 1e16 is a case
        // property testing found giving NaN before the columns were scaled.
        let x = [1.0, 1e16, 3.0, 2.0, 4.0, 5.0, 3.0, 4.0, 4.0, 4.0, 4.0, 7.0, 5.0, 4.0, 8.0, 6.0, 4.0, 6.0];
        let y = [3.0, 5.0, 4.0, 7.0, 8.0, 6.0];
        let m = Matrix::new("attributes", &x, 3).unwrap();
        let base = key_drivers(&y, &m, &KeyDriversOptions::default()).unwrap();
        assert!(base.r_squared.is_finite() && base.importance.iter().all(|v| v.is_finite()), "{base:?}");
        for factor in [1e290, 1e-300] {
            let ys: Vec<f64> = y.iter().map(|v| v * factor).collect();
            let xs: Vec<f64> = x.iter().map(|v| v * factor).collect();
            let ms = Matrix::new("attributes", &xs, 3).unwrap();
            let k = key_drivers(&ys, &ms, &KeyDriversOptions::default()).unwrap();
            assert!((k.r_squared - base.r_squared).abs() < 1e-12, "{factor:e}: {k:?} vs {base:?}");
            for (a, b) in k.importance.iter().zip(&base.importance) {
                assert!((a - b).abs() < 1e-12, "{factor:e}: {k:?} vs {base:?}");
            }
        }
    }

    #[test]
    fn omit_drops_rows_with_nan_and_propagate_returns_nan() {
        let x = [1.0, 2.0, 2.0, 1.0, 3.0, 4.0, 4.0, 3.0, 5.0, 5.0, f64::NAN, 1.0];
        let y = [1.0, 2.0, 3.0, 5.0, 4.0, 2.0];
        let m = Matrix::new("attributes", &x, 2).unwrap();
        let err = key_drivers(&y, &m, &KeyDriversOptions::default()).unwrap_err();
        assert_eq!((err.code(), err.field(), err.index()), ("not_finite", Some("attributes"), Some(10)));
        let omit = key_drivers(&y, &m, &KeyDriversOptions::default().with_nan_policy(NanPolicy::Omit)).unwrap();
        let first = Matrix::new("attributes", &x[..10], 2).unwrap();
        assert_eq!(omit, key_drivers(&y[..5], &first, &KeyDriversOptions::default()).unwrap());
        assert_eq!(omit.n, 5);
        let nan = key_drivers(&y, &m, &KeyDriversOptions::default().with_nan_policy(NanPolicy::Propagate)).unwrap();
        assert!(nan.r_squared.is_nan() && nan.importance.iter().all(|v| v.is_nan()));
        // An infinity is refused under every policy.
        let inf = [1.0, 2.0, 2.0, 1.0, 3.0, 4.0, 4.0, 3.0, 5.0, 5.0, f64::INFINITY, 1.0];
        let m = Matrix::new("attributes", &inf, 2).unwrap();
        let err = key_drivers(&y, &m, &KeyDriversOptions::default().with_nan_policy(NanPolicy::Omit)).unwrap_err();
        assert_eq!((err.code(), err.index()), ("not_finite", Some(10)));
        assert_eq!(DriverMethod::parse("lmg").unwrap_err().field(), Some("method"));
    }
}
