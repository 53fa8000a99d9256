//! Customer satisfaction index (顾客满意度指数, CSI): attribute means rescaled to 0–100 and combined
//! by importance, stated by the caller or derived from each attribute's correlation with an
//! overall satisfaction rating (the usual practice of ACSI-style reports when no model is fitted).

use crate::error::{Error, Location, Result};
use crate::input::{self, Column, Matrix, NanPolicy};
use crate::numerics::stats;
use crate::satisfaction::means::{self, Mean, MeanSettings, Moments};
use crate::satisfaction::segments::{BySegment, Design};
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
    /// From the two optional inputs of the bindings: stated `importance` weights, or `overall`
    /// ratings to derive them from, or neither (equal weights).
    ///
    /// # Errors
    /// `invalid` when both are given.
    pub fn from_options(importance: Option<&'a [f64]>, overall: Option<&'a [f64]>) -> Result<Self> {
        match (importance, overall) {
            (None, None) => Ok(Self::Equal),
            (Some(w), None) => Ok(Self::Stated(w)),
            (None, Some(overall)) => Ok(Self::Derived { overall }),
            (Some(_), Some(_)) => Err(Error::Invalid {
                at: Location::scalar("overall"),
                value: "given together with importance".into(),
                expected: "either stated importance or overall ratings to derive it from, not both".into(),
            }),
        }
    }
}

/// A rating scale `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Lowest rating.
    #[serde(with = "crate::float_serde")]
    pub min: f64,
    /// Highest rating.
    #[serde(with = "crate::float_serde")]
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
    #[serde(with = "crate::float_serde")]
    pub index: f64,
    /// Mean rating per attribute.
    #[serde(with = "crate::float_serde::vec")]
    pub attribute_means: Vec<f64>,
    /// Mean rating per attribute rescaled to 0–100.
    #[serde(with = "crate::float_serde::vec")]
    pub attribute_indexes: Vec<f64>,
    /// The importance weights used, summing to 1.
    #[serde(with = "crate::float_serde::vec")]
    pub importance: Vec<f64>,
    /// For derived importance, each attribute's correlation with the overall rating.
    #[serde(default, with = "crate::float_serde::option_vec")]
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
/// `out_of_range`/`not_finite` for a rating off the scale, `length_mismatch` for importance or
/// overall ratings of the wrong length, `invalid` for all-zero importance or derived weights that
/// are all zero (no attribute correlates positively), `division_by_zero` for an attribute or
/// overall rating with zero variance under derived importance.
pub fn csi(ratings: &Matrix<'_>, scale: Scale, importance: Importance<'_>) -> Result<Csi> {
    // The fields are public: a scale written as a literal is checked here.
    Scale::new(scale.min, scale.max)?;
    let on_scale = format!("the scale {}..={}", scale.min, scale.max);
    ratings.all_in(scale.min, scale.max, &on_scale)?;
    let correlations = match importance {
        Importance::Derived { overall } => {
            input::same_len("overall", overall.len(), "ratings rows", ratings.rows())?;
            input::all_finite("overall", overall)?;
            Some(derived_correlations(ratings, overall)?)
        }
        _ => None,
    };
    finish(ratings.col_means(), scale, importance, ratings.field(), correlations)
}

/// The index from the attribute means: rescaled, weighted as `importance` says (its derived
/// weights from `correlations`, negative ones counting 0).
fn finish(
    attribute_means: Vec<f64>,
    scale: Scale,
    importance: Importance<'_>,
    field: &str,
    correlations: Option<Vec<f64>>,
) -> Result<Csi> {
    let cols = attribute_means.len();
    let attribute_indexes: Vec<f64> = attribute_means.iter().map(|&m| scale.to_index(m)).collect();
    let weights = match (importance, &correlations) {
        (Importance::Stated(w), _) => input::weights("importance", w, field, cols)?,
        (_, Some(r)) => {
            let positive: Vec<f64> = r.iter().map(|c| c.max(0.0)).collect();
            input::weights("derived importance", &positive, "attributes", cols)?
        }
        _ => vec![1.0 / cols as f64; cols],
    };
    let index = attribute_indexes.iter().zip(&weights).map(|(x, w)| x * w).sum();
    Ok(Csi { index, attribute_means, attribute_indexes, importance: weights, correlations })
}

/// What a set of respondents contributes to a [`csi`]: sums that add across partitions of the
/// respondents (an engine's group-by sums them, or `+` by hand), from which [`csi_from_sums`]
/// gives the index of all of them together. Each sum runs over the respondents; `x` is one
/// attribute's rating, `y` the overall rating. Sums of integer ratings are exact while they stay
/// below 2⁵³, so then the means are those of [`csi`] to the bit; correlations from sums agree
/// with [`csi`]'s two-pass ones to rounding (about 1e-13 on survey scales).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsiSums<'a> {
    /// Respondents.
    pub n: u64,
    /// Σ x, one per attribute.
    pub sum: &'a [f64],
    /// The overall rating's sums, for derived importance.
    pub overall: Option<OverallSums<'a>>,
}

/// The sums that derived importance needs besides Σ x: see [`CsiSums`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OverallSums<'a> {
    /// Σ x², one per attribute.
    pub sum_squares: &'a [f64],
    /// Σ y.
    pub overall_sum: f64,
    /// Σ y².
    pub overall_sum_squares: f64,
    /// Σ x·y, one per attribute.
    pub cross: &'a [f64],
}

/// The customer satisfaction index from [`CsiSums`]: [`csi`] of all the respondents whose sums
/// they are. Importance is equal, stated (`importance`), or derived from the overall rating when
/// `sums.overall` is given.
///
/// ```
/// use custometrics::satisfaction::{csi_from_sums, CsiSums, Scale};
/// // Two respondents rating two attributes (10, 6) and (8, 4), as in `csi`'s example.
/// let sums = CsiSums { n: 2, sum: &[18.0, 10.0], overall: None };
/// let s = csi_from_sums(&sums, Scale::new(0.0, 10.0).unwrap(), Some(&[3.0, 1.0])).unwrap();
/// assert_eq!(s.index, 80.0);
/// ```
///
/// # Errors
/// `empty` for n = 0 or no attributes; `not_finite` for a sum that is not finite;
/// `out_of_range` for a mean off the scale (naming `sum` and its index); `length_mismatch` for
/// sums or importance of another length; `invalid` for stated importance with overall sums (one source
/// of importance), or sums of squares no ratings could give (n Σx² < (Σx)²);
/// `division_by_zero` for an attribute or overall rating with no variance under derived
/// importance.
pub fn csi_from_sums(sums: &CsiSums<'_>, scale: Scale, importance: Option<&[f64]>) -> Result<Csi> {
    Scale::new(scale.min, scale.max)?;
    if sums.n == 0 {
        return Err(Error::Empty { at: Location::scalar("n"), len: 0, min: 1 });
    }
    input::min_len("sum", sums.sum.len(), 1)?;
    input::all_finite("sum", sums.sum)?;
    let n = sums.n as f64;
    let means: Vec<f64> = sums.sum.iter().map(|s| s / n).collect();
    let on_scale = format!("the sums whose means lie on the scale {}..={}", scale.min, scale.max);
    if let Some(j) = means.iter().position(|m| !(scale.min..=scale.max).contains(m)) {
        return Err(Error::OutOfRange { at: Location::at("sum", j), value: sums.sum[j], expected: on_scale });
    }
    let (importance, correlations) = match (importance, sums.overall) {
        (Some(_), Some(_)) => {
            return Err(Error::Invalid {
                at: Location::scalar("overall"),
                value: "given together with importance".into(),
                expected: "either stated importance or overall sums to derive it from, not both".into(),
            });
        }
        (Some(w), None) => (Importance::Stated(w), None),
        (None, None) => (Importance::Equal, None),
        (None, Some(o)) => (Importance::Equal, Some(correlations_from_sums(sums.n, sums.sum, &o)?)),
    };
    finish(means, scale, importance, "sum", correlations)
}

/// Pearson's r of each attribute with the overall rating from the sums:
/// (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
fn correlations_from_sums(n: u64, sum: &[f64], o: &OverallSums<'_>) -> Result<Vec<f64>> {
    let cols = sum.len();
    input::same_len("sum_squares", o.sum_squares.len(), "sum", cols)?;
    input::same_len("cross", o.cross.len(), "sum", cols)?;
    input::all_finite("sum_squares", o.sum_squares)?;
    input::all_finite("cross", o.cross)?;
    input::finite("overall_sum", o.overall_sum)?;
    input::finite("overall_sum_squares", o.overall_sum_squares)?;
    let n = n as f64;
    // n × the sum of squared deviations: zero for a constant rating, negative only for sums no
    // ratings could give.
    let spread = |field: &str, j: Option<usize>, s: f64, sq: f64| -> Result<f64> {
        let d = n * sq - s * s;
        let at = j.map_or_else(|| Location::scalar(field), |j| Location::at(field, j));
        if d < 0.0 || !d.is_finite() {
            return Err(Error::Invalid {
                at,
                value: format!("{sq} (with the sum {s} over {n} respondents)"),
                expected: "a sum of squares of the same ratings as the sum (n Σx² ≥ (Σx)²)".into(),
            });
        }
        if d == 0.0 {
            return Err(zero_variance(at, s / n));
        }
        Ok(d)
    };
    let dy = spread("overall_sum_squares", None, o.overall_sum, o.overall_sum_squares)?;
    (0..cols)
        .map(|j| {
            let dx = spread("sum_squares", Some(j), sum[j], o.sum_squares[j])?;
            let r = (n * o.cross[j] - sum[j] * o.overall_sum) / (dx * dy).sqrt();
            if !r.is_finite() {
                return Err(Error::NotFinite { at: Location::at("cross", j), value: r });
            }
            // Rounding may carry r a hair past ±1.
            Ok(r.clamp(-1.0, 1.0))
        })
        .collect()
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
/// `importance` and `overall` become the [`Importance`] of [`Importance::from_options`].
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
    #[serde(with = "crate::float_serde::option_vec")]
    pub importance: Option<Vec<f64>>,
    /// Overall satisfaction ratings, one per respondent, to derive importance from; `None` for
    /// none.
    #[serde(with = "crate::float_serde::option_vec")]
    pub overall: Option<Vec<f64>>,
    /// The confidence of [`csi_survey`]'s intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

crate::codes::with_setters!(CsiOptions { with_scale => scale: Scale, with_importance => importance: Option<Vec<f64>>, with_overall => overall: Option<Vec<f64>>, with_confidence => confidence: f64 });

impl Default for CsiOptions {
    fn default() -> Self {
        Self { scale: Scale { min: 1.0, max: 10.0 }, importance: None, overall: None, confidence: 0.95 }
    }
}

/// A customer satisfaction index of one segment (or the total) with its interval, and the
/// attribute means with theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CsiEstimate {
    /// The index (0–100) with its t interval: the mean over respondents of
    /// Iᵢ = Σⱼ wⱼ · 100 (xᵢⱼ − min) / (max − min), which is [`csi`]'s index of their ratings.
    pub index: Mean,
    /// Each attribute's mean rating with its t interval, on the rating scale.
    pub attributes: Vec<Mean>,
    /// The importance weights used, summing to 1 (the same in every segment).
    #[serde(with = "crate::float_serde::vec")]
    pub importance: Vec<f64>,
}

/// The customer satisfaction index per segment and in total, weighted when the design has
/// weights, with Student t intervals (see [`mean_survey`](super::mean_survey): degrees of
/// freedom from Kish's effective size, the linearised variance of a weighted mean, and a
/// distribution-free interval for a segment without spread). The index is linear in the
/// attribute means, so it is the mean of each respondent's own index Iᵢ = Σⱼ wⱼ index(xᵢⱼ) and
/// its interval is that mean's; unweighted, a segment's index is [`csi`]'s of its respondents.
///
/// Importance is equal, stated (`options.importance`), or derived from `options.overall` once,
/// from the whole sample (unweighted, as [`csi`] derives it), and applied in every segment: the
/// segments are then compared on one yardstick, and a small segment's index does not move with
/// the noise of its own correlations.
///
/// ```
/// use custometrics::{Column, Matrix, satisfaction::{CsiOptions, Design, Scale, csi_survey}};
/// let m = Matrix::new("ratings", &[10.0, 6.0, 8.0, 4.0, 6.0, 6.0], 2)?;
/// let o = CsiOptions::default().with_scale(Scale::new(0.0, 10.0)?).with_importance(Some(vec![3.0, 1.0]));
/// let region = [0u8, 0, 1];
/// let r = csi_survey(&m, &Design::segments(Column::from(&region[..])), &o)?;
/// let first = r.segments[0].as_ref().unwrap();
/// assert_eq!(first.index.mean, 80.0); // csi's example
/// assert_eq!(first.attributes[1].mean, 5.0);
/// assert!(r.total.index.ci_low < r.total.index.mean && r.total.index.ci_high <= 100.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`csi`] for the ratings and importance; as [`nps_survey`](super::nps_survey) for the
/// design, naming `ratings` for its length (the rows); `out_of_range` naming `confidence`
/// outside (0, 1).
pub fn csi_survey(ratings: &Matrix<'_>, design: &Design<'_>, options: &CsiOptions) -> Result<BySegment<CsiEstimate>> {
    input::confidence("confidence", options.confidence)?;
    let rows = ratings.rows();
    for (field, col) in [("segments", design.segments), ("weights", design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), ratings.field(), rows)?;
        }
    }
    let importance = Importance::from_options(options.importance.as_deref(), options.overall.as_deref())?;
    // The whole sample's index validates the ratings and gives the weights.
    let whole = csi(ratings, options.scale, importance)?;
    let scale = options.scale;
    let weights = whole.importance;
    let per_respondent: Vec<f64> =
        ratings.iter_rows().map(|r| r.iter().zip(&weights).map(|(&x, w)| w * scale.to_index(x)).sum()).collect();
    let run = |values: &[f64], range: (f64, f64)| -> Result<Vec<Moments>> {
        let a = means::Values {
            field: ratings.field(),
            values: Column::F64(values),
            nan_policy: NanPolicy::Raise,
            checked: false, // derived from validated ratings
            expected: "",
            range,
        };
        means::moments(&a, design)
    };
    let index_range = (0.0, 100.0);
    let index_cells = run(&per_respondent, index_range)?;
    let mut attribute_cells = Vec::with_capacity(ratings.cols());
    let mut column = vec![0.0; rows];
    for j in 0..ratings.cols() {
        column.iter_mut().zip(ratings.iter_rows()).for_each(|(c, r)| *c = r[j]);
        attribute_cells.push(run(&column, (scale.min, scale.max))?);
    }
    let settings = |range| MeanSettings { range, confidence: options.confidence, nan_policy: NanPolicy::Raise };
    let (on_index, on_scale) = (settings(index_range), settings((scale.min, scale.max)));
    let index = means::by_segment_of(ratings.field(), &index_cells, design, |c| means::mean_of(c, &on_index))?;
    let attributes: Vec<BySegment<Mean>> = attribute_cells
        .iter()
        .map(|cells| means::by_segment_of(ratings.field(), cells, design, |c| means::mean_of(c, &on_scale)))
        .collect::<Result<_>>()?;
    let estimate = |index: &Mean, k: Option<usize>| CsiEstimate {
        index: index.clone(),
        attributes: attributes
            .iter()
            .filter_map(|a| match k {
                None => Some(a.total.clone()),
                Some(k) => a.segments.get(k).cloned().flatten(),
            })
            .collect(),
        importance: weights.clone(),
    };
    let segments = index.segments.iter().enumerate().map(|(k, m)| m.as_ref().map(|m| estimate(m, Some(k)))).collect();
    Ok(BySegment { segments, total: estimate(&index.total, None) })
}
