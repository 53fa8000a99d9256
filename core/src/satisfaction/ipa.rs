//! Importance–performance analysis (Martilla & James 1977): each attribute placed in a quadrant
//! by its importance (需求对购买决策的相对重要性) and performance against cut points, by default the
//! grand means. A value equal to its cut counts as high.

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use crate::numerics::stats;
use crate::satisfaction::csi::Scale;
use crate::satisfaction::key_drivers::{DriverMethod, KeyDriversOptions, key_drivers};
use crate::satisfaction::means::{self, Mean, MeanSettings};
use crate::satisfaction::segments::{BySegment, Design};
use serde::{Deserialize, Serialize};

/// The four quadrants of the importance–performance grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IpaQuadrant {
    /// High importance, low performance: concentrate here (重点改进).
    ConcentrateHere,
    /// High importance, high performance: keep up the good work (继续保持).
    KeepUpTheGoodWork,
    /// Low importance, low performance: low priority (次要改进).
    LowPriority,
    /// Low importance, high performance: possible overkill (过度投入).
    PossibleOverkill,
}

/// Quadrants and the cut points used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ipa {
    /// The importance cut.
    #[serde(with = "crate::float_serde")]
    pub importance_cut: f64,
    /// The performance cut.
    #[serde(with = "crate::float_serde")]
    pub performance_cut: f64,
    /// One quadrant per attribute.
    pub quadrants: Vec<IpaQuadrant>,
}

/// Classifies attributes against an importance cut and a performance cut; each cut not given is
/// the grand mean of its column.
///
/// ```
/// use custometrics::satisfaction::{ipa, IpaQuadrant as Q};
/// let r = ipa(&[9.0, 9.0, 3.0, 3.0], &[2.0, 8.0, 2.0, 8.0], None, None).unwrap();
/// assert_eq!(r.quadrants, vec![Q::ConcentrateHere, Q::KeepUpTheGoodWork, Q::LowPriority, Q::PossibleOverkill]);
/// ```
///
/// # Errors
/// `empty`, `length_mismatch`, `not_finite` (for values and cuts).
pub fn ipa(
    importance: &[f64],
    performance: &[f64],
    importance_cut: Option<f64>,
    performance_cut: Option<f64>,
) -> Result<Ipa> {
    input::min_len("importance", importance.len(), 1)?;
    input::same_len("performance", performance.len(), "importance", importance.len())?;
    input::all_finite("importance", importance)?;
    input::all_finite("performance", performance)?;
    let ic = importance_cut.map_or(Ok(stats::mean(importance)), |c| input::finite("importance_cut", c))?;
    let pc = performance_cut.map_or(Ok(stats::mean(performance)), |c| input::finite("performance_cut", c))?;
    let quadrants = importance
        .iter()
        .zip(performance)
        .map(|(&i, &p)| match (i >= ic, p >= pc) {
            (true, false) => IpaQuadrant::ConcentrateHere,
            (true, true) => IpaQuadrant::KeepUpTheGoodWork,
            (false, false) => IpaQuadrant::LowPriority,
            (false, true) => IpaQuadrant::PossibleOverkill,
        })
        .collect();
    Ok(Ipa { importance_cut: ic, performance_cut: pc, quadrants })
}

/// The options of [`ipa`] and [`ipa_survey`] as one value: the cuts, each the mean of its column
/// when `None` (the default), and for the survey form the rating scale (default 1..=7, the
/// seven-point items usual in IPA questionnaires) and the confidence of the intervals (0.95).
///
/// ```
/// let o = custometrics::satisfaction::IpaOptions::default();
/// assert_eq!((o.importance_cut, o.scale.max, o.confidence), (None, 7.0, 0.95));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct IpaOptions {
    /// The importance cut; `None` for the mean importance.
    #[serde(with = "crate::float_serde::option")]
    pub importance_cut: Option<f64>,
    /// The performance cut; `None` for the mean performance.
    #[serde(with = "crate::float_serde::option")]
    pub performance_cut: Option<f64>,
    /// The rating scale of [`ipa_survey`]'s performance and stated importance ratings. Default
    /// 1..=7.
    pub scale: Scale,
    /// The confidence of [`ipa_survey`]'s intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

impl Default for IpaOptions {
    fn default() -> Self {
        Self { importance_cut: None, performance_cut: None, scale: Scale { min: 1.0, max: 7.0 }, confidence: 0.95 }
    }
}

crate::codes::with_setters!(IpaOptions { with_importance_cut => importance_cut: Option<f64>, with_performance_cut => performance_cut: Option<f64>, with_scale => scale: Scale, with_confidence => confidence: f64 });

/// Where [`ipa_survey`]'s importance comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IpaImportance<'a> {
    /// Each respondent's importance ratings, a matrix of the performance matrix's shape on the
    /// same scale.
    Stated(&'a Matrix<'a>),
    /// Importance derived from an overall satisfaction rating: each attribute's share of R² in
    /// [`key_drivers`] of `overall` (one rating per respondent) on the performance ratings.
    Derived {
        /// Overall satisfaction per respondent.
        overall: &'a [f64],
        /// How R² is shared among the attributes.
        method: DriverMethod,
    },
}

impl<'a> IpaImportance<'a> {
    /// From the two optional inputs of the bindings: stated importance ratings, or `overall`
    /// ratings to derive importance from by `method`.
    ///
    /// ```
    /// use custometrics::satisfaction::{DriverMethod, IpaImportance};
    /// let i = IpaImportance::from_options(None, Some(&[6.0, 4.0, 5.0]), DriverMethod::Shapley).unwrap();
    /// assert!(matches!(i, IpaImportance::Derived { method: DriverMethod::Shapley, .. }));
    /// assert!(IpaImportance::from_options(None, None, DriverMethod::Shapley).is_err());
    /// ```
    ///
    /// # Errors
    /// `invalid` naming `overall` when both or neither are given.
    pub fn from_options(
        stated: Option<&'a Matrix<'a>>,
        overall: Option<&'a [f64]>,
        method: DriverMethod,
    ) -> Result<Self> {
        let either = |value: &str| Error::Invalid {
            at: Location::scalar("overall"),
            value: value.into(),
            expected: "either stated importance ratings or overall ratings to derive importance from, not both".into(),
        };
        match (stated, overall) {
            (Some(m), None) => Ok(Self::Stated(m)),
            (None, Some(overall)) => Ok(Self::Derived { overall, method }),
            (Some(_), Some(_)) => Err(either("given together with importance")),
            (None, None) => Err(either("not given (and no importance)")),
        }
    }
}

/// Importance–performance analysis of one segment (or the total).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IpaEstimate {
    /// Each attribute's mean performance with its t interval, on the rating scale.
    pub performance: Vec<Mean>,
    /// Each attribute's importance: the mean stated importance rating, or the derived share of
    /// R² (the same in every segment).
    #[serde(with = "crate::float_serde::vec")]
    pub importance: Vec<f64>,
    /// For stated importance, each attribute's mean importance with its t interval (the means
    /// are `importance`); `None` for derived importance.
    pub importance_intervals: Option<Vec<Mean>>,
    /// For derived importance, the R² the shares sum to; `None` for stated importance.
    #[serde(default, with = "crate::float_serde::option")]
    pub r_squared: Option<f64>,
    /// The importance cut: the options' or the mean of `importance`.
    #[serde(with = "crate::float_serde")]
    pub importance_cut: f64,
    /// The performance cut: the options' or the mean of the attributes' mean performance.
    #[serde(with = "crate::float_serde")]
    pub performance_cut: f64,
    /// One quadrant per attribute, as [`ipa`] places the importance and mean performance.
    pub quadrants: Vec<IpaQuadrant>,
}

/// Importance–performance analysis per segment and in total from a respondent × attribute
/// matrix of performance ratings on `options.scale`, weighted when the design has weights: each
/// attribute's mean performance with its Student t interval (see
/// [`mean_survey`](super::mean_survey)), its importance, and the quadrants [`ipa`] gives them
/// against the options' cuts or the segment's grand means. Unweighted with stated importance, a
/// segment's quadrants are [`ipa`]'s of its attribute means.
///
/// Stated importance is averaged as performance is. Derived importance is [`key_drivers`] of
/// `overall` on the performance ratings, computed once, from the whole sample (unweighted, as
/// [`key_drivers`] fits), and applied in every segment, as [`csi_survey`](super::csi_survey)
/// derives its weights: the segments are placed on one importance axis, a segment is often too
/// small for a regression on every attribute (it needs more respondents than attributes and no
/// constant column), and a small segment's quadrants do not move with the noise of its own fit.
///
/// ```
/// use custometrics::{Column, Matrix, satisfaction::{Design, IpaImportance, IpaOptions, IpaQuadrant as Q, ipa_survey}};
/// let perf = Matrix::new("performance", &[2.0, 6.0, 3.0, 7.0, 5.0, 5.0], 2)?;
/// let imp = Matrix::new("importance", &[7.0, 3.0, 6.0, 2.0, 4.0, 4.0], 2)?;
/// let region = [0u8, 0, 1];
/// let d = Design::segments(Column::from(&region[..]));
/// let r = ipa_survey(&perf, IpaImportance::Stated(&imp), &d, &IpaOptions::default())?;
/// let first = r.segments[0].as_ref().unwrap();
/// assert_eq!(first.importance, vec![6.5, 2.5]);
/// assert_eq!(first.quadrants, vec![Q::ConcentrateHere, Q::PossibleOverkill]);
/// assert_eq!(first.performance[1].mean, 6.5);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` naming `confidence` outside (0, 1) or `scale.max` unless min < max;
/// `not_finite` naming `importance_cut` or `performance_cut`; `length_mismatch` naming
/// `importance` when its shape is not the performance matrix's; `out_of_range`/`not_finite`
/// naming the matrix and (row-major) index of a rating off the scale; for derived importance,
/// [`key_drivers`]' errors (`overall` of another length or constant, a constant or collinear
/// `performance column` by its index, fewer than 2 or more than 15 attributes, no more
/// respondents than attributes); as [`nps_survey`](super::nps_survey) for the design, naming
/// `performance` for its length (the rows).
pub fn ipa_survey(
    performance: &Matrix<'_>,
    importance: IpaImportance<'_>,
    design: &Design<'_>,
    options: &IpaOptions,
) -> Result<BySegment<IpaEstimate>> {
    input::confidence("confidence", options.confidence)?;
    let scale = Scale::new(options.scale.min, options.scale.max)?;
    if let Some(c) = options.importance_cut {
        input::finite("importance_cut", c)?;
    }
    if let Some(c) = options.performance_cut {
        input::finite("performance_cut", c)?;
    }
    let rows = performance.rows();
    for (field, col) in [("segments", design.segments), ("weights", design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), performance.field(), rows)?;
        }
    }
    let on_scale = format!("the scale {}..={}", scale.min, scale.max);
    performance.all_in(scale.min, scale.max, &on_scale)?;
    let range = (scale.min, scale.max);
    let settings = MeanSettings { range, confidence: options.confidence, nan_policy: NanPolicy::Raise };
    let column_means = |m: &Matrix<'_>| -> Result<Vec<BySegment<Mean>>> {
        let mut column = vec![0.0; rows];
        let mut out = Vec::with_capacity(m.cols());
        for j in 0..m.cols() {
            column.iter_mut().zip(m.iter_rows()).for_each(|(c, r)| *c = r[j]);
            out.push(means::derived_by_segment(m.field(), &column, design, &settings)?);
        }
        Ok(out)
    };
    let (stated, derived) = match importance {
        IpaImportance::Stated(m) => {
            m.same_shape(performance)?;
            m.all_in(scale.min, scale.max, &on_scale)?;
            (Some(column_means(m)?), None)
        }
        IpaImportance::Derived { overall, method } => {
            let o = KeyDriversOptions::default().with_method(method);
            (None, Some(key_drivers(overall, performance, &o)?))
        }
    };
    let perf = column_means(performance)?;
    let estimate = |k: Option<usize>| -> Option<Result<IpaEstimate>> {
        let performance: Vec<Mean> = perf.iter().map(|m| m.pick(k)).collect::<Option<_>>()?;
        let intervals: Option<Vec<Mean>> = match &stated {
            Some(s) => Some(s.iter().map(|m| m.pick(k)).collect::<Option<_>>()?),
            None => None,
        };
        let importance: Vec<f64> = match (&intervals, &derived) {
            (Some(i), _) => i.iter().map(|m| m.mean).collect(),
            (None, Some(d)) => d.importance.clone(),
            (None, None) => vec![],
        };
        let means: Vec<f64> = performance.iter().map(|m| m.mean).collect();
        Some(ipa(&importance, &means, options.importance_cut, options.performance_cut).map(|q| IpaEstimate {
            performance,
            importance,
            importance_intervals: intervals,
            r_squared: derived.as_ref().map(|d| d.r_squared),
            importance_cut: q.importance_cut,
            performance_cut: q.performance_cut,
            quadrants: q.quadrants,
        }))
    };
    let segments = (0..perf.first().map_or(0, |p| p.segments.len()))
        .map(|k| estimate(Some(k)).transpose())
        .collect::<Result<_>>()?;
    let total =
        estimate(None).ok_or_else(|| Error::Empty { at: Location::scalar(performance.field()), len: 0, min: 1 })??;
    Ok(BySegment { segments, total })
}
