//! Customer satisfaction index (顾客满意度指数, CSI): attribute means rescaled to 0–100 and combined
//! by importance, stated by the caller or derived from each attribute's correlation with an
//! overall satisfaction rating (the usual practice of ACSI-style reports when no model is fitted).

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix};
use crate::numerics::stats;
use serde::{Deserialize, Serialize};

/// Where the attribute weights come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Importance<'a> {
    /// Every attribute weighs the same.
    Equal,
    /// Weights the caller states, one per attribute (non-negative, not all zero).
    Stated(&'a [f64]),
    /// Weights proportional to each attribute's Pearson correlation with `overall`, one overall
    /// rating per respondent. Negative correlations get weight 0.
    Derived {
        /// Overall satisfaction per respondent.
        overall: &'a [f64],
    },
}

impl<'a> Importance<'a> {
    /// From the two optional inputs of the bindings: stated `weights`, or `overall` ratings to
    /// derive them from, or neither (equal weights).
    ///
    /// # Errors
    /// `invalid` when both are given.
    pub fn from_options(weights: Option<&'a [f64]>, overall: Option<&'a [f64]>) -> Result<Self> {
        match (weights, overall) {
            (None, None) => Ok(Self::Equal),
            (Some(w), None) => Ok(Self::Stated(w)),
            (None, Some(overall)) => Ok(Self::Derived { overall }),
            (Some(_), Some(_)) => Err(Error::Invalid {
                at: Location::scalar("overall"),
                value: "given together with weights".into(),
                expected: "either stated weights or overall ratings to derive them from, not both".into(),
            }),
        }
    }
}

/// A rating scale `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Lowest rating.
    pub min: f64,
    /// Highest rating.
    pub max: f64,
}

impl Scale {
    /// A scale; `min < max`, both finite.
    ///
    /// # Errors
    /// `not_finite`, or `out_of_range` for `max <= min`.
    pub fn new(min: f64, max: f64) -> Result<Self> {
        input::finite("scale.min", min)?;
        input::check("scale.max", max, max > min, &format!("the numbers above scale.min = {min}"))?;
        Ok(Self { min, max })
    }

    /// Rescales a value on this scale to 0–100. A scale whose width or whose 100 × (v − min)
    /// overflows an `f64` (ends near ±1.8e308) is rescaled from halves, so the index stays
    /// finite.
    pub fn to_index(&self, v: f64) -> f64 {
        let x = 100.0 * (v - self.min) / (self.max - self.min);
        if x.is_finite() || !v.is_finite() {
            x
        } else {
            100.0 * ((0.5 * v - 0.5 * self.min) / (0.5 * self.max - 0.5 * self.min))
        }
    }
}

/// A customer satisfaction index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Csi {
    /// The index, 0–100.
    pub index: f64,
    /// Mean rating per attribute.
    pub attribute_means: Vec<f64>,
    /// Mean rating per attribute rescaled to 0–100.
    pub attribute_indexes: Vec<f64>,
    /// The weights used, summing to 1.
    pub weights: Vec<f64>,
    /// For derived importance, each attribute's correlation with the overall rating.
    pub correlations: Option<Vec<f64>>,
}

/// The customer satisfaction index of a respondent × attribute matrix of ratings on `scale`.
///
/// ```
/// use custometrics::{Matrix, satisfaction::{csi, Importance, Scale}};
/// let m = Matrix::new("ratings", &[10.0, 6.0, 8.0, 4.0], 2).unwrap();
/// let s = csi(&m, Scale::new(0.0, 10.0).unwrap(), Importance::Stated(&[3.0, 1.0])).unwrap();
/// assert_eq!(s.attribute_indexes, vec![90.0, 50.0]);
/// assert_eq!(s.index, 80.0);
/// ```
///
/// # Errors
/// `out_of_range`/`not_finite` for a rating off the scale, `length_mismatch` for weights or
/// overall ratings of the wrong length, `invalid` for all-zero weights or derived weights that
/// are all zero (no attribute correlates positively), `division_by_zero` for an attribute or
/// overall rating with zero variance under derived importance.
pub fn csi(ratings: &Matrix<'_>, scale: Scale, importance: Importance<'_>) -> Result<Csi> {
    // The fields are public: a scale written as a literal is checked here.
    Scale::new(scale.min, scale.max)?;
    let on_scale = format!("the scale {}..={}", scale.min, scale.max);
    ratings.all_in(scale.min, scale.max, &on_scale)?;
    let attribute_means = ratings.col_means();
    let attribute_indexes: Vec<f64> = attribute_means.iter().map(|&m| scale.to_index(m)).collect();
    let (weights, correlations) = match importance {
        Importance::Equal => (vec![1.0 / ratings.cols() as f64; ratings.cols()], None),
        Importance::Stated(w) => (input::weights("weights", w, ratings.field(), ratings.cols())?, None),
        Importance::Derived { overall } => {
            input::same_len("overall", overall.len(), "ratings rows", ratings.rows())?;
            input::all_finite("overall", overall)?;
            let r = derived_correlations(ratings, overall)?;
            let positive: Vec<f64> = r.iter().map(|c| c.max(0.0)).collect();
            let w = input::weights("derived importance", &positive, "attributes", ratings.cols())?;
            (w, Some(r))
        }
    };
    let index = attribute_indexes.iter().zip(&weights).map(|(x, w)| x * w).sum();
    Ok(Csi { index, attribute_means, attribute_indexes, weights, correlations })
}

fn derived_correlations(ratings: &Matrix<'_>, overall: &[f64]) -> Result<Vec<f64>> {
    if stats::pearson(overall.iter().copied(), overall.iter().copied()).is_none() {
        return Err(zero_variance(Location::scalar("overall"), overall[0]));
    }
    (0..ratings.cols())
        .map(|j| {
            let col = ratings.iter_rows().map(move |r| r[j]);
            stats::pearson(col, overall.iter().copied())
                .ok_or_else(|| zero_variance(Location::at("ratings column", j), ratings.row(0)[j]))
        })
        .collect()
}

fn zero_variance(at: Location, value: f64) -> Error {
    Error::DivisionByZero {
        at,
        value,
        reason: "every rating equals this value, so its correlation is undefined".into(),
    }
}

/// The options of [`csi`] as one value, with their defaults: a 1..=10 scale, equal importance.
/// `weights` and `overall` become the [`Importance`] of [`Importance::from_options`].
///
/// ```
/// let o = custometrics::satisfaction::CsiOptions::default();
/// assert_eq!((o.scale.min, o.scale.max), (1.0, 10.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CsiOptions {
    /// The rating scale. Default 1..=10.
    pub scale: Scale,
    /// Stated importance weights, one per attribute; `None` for none.
    pub weights: Option<Vec<f64>>,
    /// Overall satisfaction ratings, one per respondent, to derive importance from; `None` for
    /// none.
    pub overall: Option<Vec<f64>>,
}

crate::codes::with_setters!(CsiOptions { with_scale => scale: Scale, with_weights => weights: Option<Vec<f64>>, with_overall => overall: Option<Vec<f64>> });

impl Default for CsiOptions {
    fn default() -> Self {
        Self { scale: Scale { min: 1.0, max: 10.0 }, weights: None, overall: None }
    }
}
