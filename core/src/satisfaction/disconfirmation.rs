//! Expectation disconfirmation (Oliver 1980): satisfaction as perceived performance (感知) minus
//! expectation (期望), per attribute and overall.
//!
//! A negative gap means the customer got less than expected (抱怨, complaint), a gap of zero or
//! more means satisfied (满意), a gap at or above the caller's delight margin means delighted
//! (the material's "perceived ≫ expected → loyalty", 忠诚).

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use crate::satisfaction::csi::Scale;
use crate::satisfaction::means::{self, Mean, MeanSettings};
use crate::satisfaction::segments::{BySegment, Design};
use serde::{Deserialize, Serialize};

/// Where a perception stands against its expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SatisfactionState {
    /// P < E (不满意 / 抱怨).
    Dissatisfied,
    /// E ≤ P < E + margin (满意).
    Satisfied,
    /// P ≥ E + margin (惊喜, the road to loyalty).
    Delighted,
}

impl SatisfactionState {
    /// The state of a gap P − E with a positive delight margin.
    ///
    /// ```
    /// use custometrics::satisfaction::SatisfactionState as S;
    /// assert_eq!(S::of_gap(-0.1, 1.0), S::Dissatisfied);
    /// assert_eq!(S::of_gap(0.0, 1.0), S::Satisfied);
    /// assert_eq!(S::of_gap(1.0, 1.0), S::Delighted);
    /// ```
    pub fn of_gap(gap: f64, delight_margin: f64) -> Self {
        if gap < 0.0 {
            Self::Dissatisfied
        } else if gap >= delight_margin {
            Self::Delighted
        } else {
            Self::Satisfied
        }
    }
}

/// One attribute's gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AttributeGap {
    /// Perceived performance P.
    #[serde(with = "crate::float_serde")]
    pub perception: f64,
    /// Expectation E.
    #[serde(with = "crate::float_serde")]
    pub expectation: f64,
    /// P − E.
    #[serde(with = "crate::float_serde")]
    pub gap: f64,
    /// The state of the gap.
    pub state: SatisfactionState,
}

/// Gaps of all attributes and their weighted overall gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Disconfirmation {
    /// One entry per attribute, in input order.
    pub attributes: Vec<AttributeGap>,
    /// The importance weights used, normalised to sum 1 (equal weights when none were given).
    #[serde(with = "crate::float_serde::vec")]
    pub importance: Vec<f64>,
    /// Σ wᵢ (Pᵢ − Eᵢ).
    #[serde(with = "crate::float_serde")]
    pub overall_gap: f64,
    /// The state of the overall gap.
    pub overall_state: SatisfactionState,
}

/// Perception minus expectation per attribute, and overall as the mean weighted by attribute
/// `importance` (equal when `None`).
///
/// ```
/// use custometrics::satisfaction::{disconfirmation, SatisfactionState as S};
/// let d = disconfirmation(&[4.0, 6.0, 5.0], &[5.0, 5.0, 3.0], Some(&[1.0, 1.0, 2.0]), 1.5).unwrap();
/// assert_eq!(d.attributes[0].state, S::Dissatisfied);
/// assert_eq!(d.attributes[2].state, S::Delighted);
/// assert!((d.overall_gap - 1.0).abs() < 1e-12); // (-1 + 1 + 2·2) / 4
/// ```
///
/// # Errors
/// `empty` for no attributes, `length_mismatch` between the arrays, `not_finite` for NaN/inf,
/// `out_of_range` for a negative importance weight (named `importance`) or a delight margin that
/// is not positive, `invalid` for importance weights that are all zero.
pub fn disconfirmation(
    perception: &[f64],
    expectation: &[f64],
    importance: Option<&[f64]>,
    delight_margin: f64,
) -> Result<Disconfirmation> {
    input::check("delight_margin", delight_margin, delight_margin > 0.0, "the positive numbers")?;
    input::min_len("perception", perception.len(), 1)?;
    input::same_len("expectation", expectation.len(), "perception", perception.len())?;
    input::all_finite("perception", perception)?;
    input::all_finite("expectation", expectation)?;
    let weights = match importance {
        Some(w) => input::weights("importance", w, "perception", perception.len())?,
        None => vec![1.0 / perception.len() as f64; perception.len()],
    };
    let attributes: Vec<AttributeGap> = perception
        .iter()
        .zip(expectation)
        .map(|(&p, &e)| AttributeGap {
            perception: p,
            expectation: e,
            gap: p - e,
            state: SatisfactionState::of_gap(p - e, delight_margin),
        })
        .collect();
    // Finite ratings of opposite signs near the f64 limit have a gap beyond it: refused, never inf.
    const GAP: &str = "a perception whose gap to the expectation is a finite number";
    if let Some(i) = attributes.iter().position(|a| !a.gap.is_finite()) {
        return Err(Error::OutOfRange {
            at: Location::at("perception", i),
            value: perception[i],
            expected: GAP.into(),
        });
    }
    let overall_gap: f64 = attributes.iter().zip(&weights).map(|(a, w)| a.gap * w).sum();
    if !overall_gap.is_finite() {
        return Err(Error::OutOfRange { at: Location::scalar("perception"), value: overall_gap, expected: GAP.into() });
    }
    Ok(Disconfirmation {
        overall_state: SatisfactionState::of_gap(overall_gap, delight_margin),
        attributes,
        importance: weights,
        overall_gap,
    })
}

/// The options of [`disconfirmation`] and [`disconfirmation_survey`] as one value, with their
/// defaults: equal importance, a delight margin of 1, and for the survey form a 1..=7 scale (the
/// seven-point expectation and performance items of Oliver's 1980 instrument and SERVQUAL's) and
/// 95 % intervals.
///
/// ```
/// let o = custometrics::satisfaction::DisconfirmationOptions::default();
/// assert_eq!((o.importance, o.delight_margin, o.scale.max, o.confidence), (None, 1.0, 7.0, 0.95));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct DisconfirmationOptions {
    /// Attribute importance weights (non-negative, not all zero); `None` (the default) for equal
    /// weights.
    #[serde(with = "crate::float_serde::option_vec")]
    pub importance: Option<Vec<f64>>,
    /// A gap at least this is delight. Default 1.
    #[serde(with = "crate::float_serde")]
    pub delight_margin: f64,
    /// The rating scale of [`disconfirmation_survey`] (its gaps' intervals stay in ±(max − min)).
    /// Default 1..=7.
    pub scale: Scale,
    /// The confidence of [`disconfirmation_survey`]'s intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

crate::codes::with_setters!(DisconfirmationOptions { with_importance => importance: Option<Vec<f64>>, with_delight_margin => delight_margin: f64, with_scale => scale: Scale, with_confidence => confidence: f64 });

impl Default for DisconfirmationOptions {
    fn default() -> Self {
        Self { importance: None, delight_margin: 1.0, scale: Scale { min: 1.0, max: 7.0 }, confidence: 0.95 }
    }
}

/// Disconfirmation of one segment (or the total): each attribute's mean gap and the overall gap,
/// each with its Student t interval, and their states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisconfirmationEstimate {
    /// Per attribute, the mean over respondents of P − E with its interval on
    /// [−(max − min), max − min] of the scale.
    pub gaps: Vec<Mean>,
    /// The state of each mean gap.
    pub states: Vec<SatisfactionState>,
    /// The mean over respondents of their importance-weighted gap Σⱼ wⱼ (Pⱼ − Eⱼ), with its
    /// interval: [`disconfirmation`]'s overall gap of the attribute means.
    pub overall_gap: Mean,
    /// The state of the overall gap.
    pub overall_state: SatisfactionState,
    /// The importance used, normalised to sum 1 (the same in every segment).
    #[serde(with = "crate::float_serde::vec")]
    pub importance: Vec<f64>,
}

/// Disconfirmation per segment and in total from respondent × attribute matrices of perceived
/// performance and expectations on `options.scale`, weighted when the design has weights, with
/// Student t intervals on [−(max − min), max − min] (see [`mean_survey`](super::mean_survey)).
/// Each attribute's gap is the (weighted) mean over respondents of P − E, the overall gap the
/// mean of each respondent's importance-weighted gap; both are linear in the ratings, so
/// unweighted a segment's figures are [`disconfirmation`] of its attribute means (to rounding).
///
/// ```
/// use custometrics::{Column, Matrix, satisfaction::{Design, DisconfirmationOptions, SatisfactionState as S, disconfirmation_survey}};
/// let p = Matrix::new("perceptions", &[4.0, 6.0, 5.0, 6.0, 7.0, 3.0], 2)?;
/// let e = Matrix::new("expectations", &[5.0, 5.0, 5.0, 6.0, 5.0, 5.0], 2)?;
/// let region = [0u8, 0, 1];
/// let o = DisconfirmationOptions::default().with_importance(Some(vec![1.0, 3.0]));
/// let r = disconfirmation_survey(&p, &e, &Design::segments(Column::from(&region[..])), &o)?;
/// let first = r.segments[0].as_ref().unwrap();
/// assert_eq!((first.gaps[0].mean, first.gaps[1].mean), (-0.5, 0.5));
/// assert_eq!(first.overall_gap.mean, 0.25); // (−0.5 + 3 · 0.5) / 4
/// assert_eq!(first.overall_state, S::Satisfied);
/// assert!(r.total.gaps[0].ci_low >= -6.0); // the 1..=7 scale's widest gap
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` naming `confidence` outside (0, 1), `scale.max` for a scale that is not
/// min < max (or whose width overflows), `delight_margin` unless positive; `length_mismatch`
/// naming `expectations` when the matrices differ in shape, `importance` when it is not one per
/// attribute; `out_of_range`/`not_finite` naming the matrix and (row-major) index of a rating
/// off the scale; `out_of_range`/`invalid` naming `importance` for a negative or all-zero
/// importance; as [`nps_survey`](super::nps_survey) for the design, naming `perceptions` for its
/// length (the rows).
pub fn disconfirmation_survey(
    perceptions: &Matrix<'_>,
    expectations: &Matrix<'_>,
    design: &Design<'_>,
    options: &DisconfirmationOptions,
) -> Result<BySegment<DisconfirmationEstimate>> {
    input::confidence("confidence", options.confidence)?;
    let scale = Scale::new(options.scale.min, options.scale.max)?;
    let width = scale.max - scale.min;
    input::check("scale.max", scale.max, width.is_finite(), "a scale whose width max - min is a finite number")?;
    let margin = options.delight_margin;
    input::check("delight_margin", margin, margin > 0.0, "the positive numbers")?;
    let rows = perceptions.rows();
    for (field, col) in [("segments", design.segments), ("weights", design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), perceptions.field(), rows)?;
        }
    }
    expectations.same_shape(perceptions)?;
    let on_scale = format!("the scale {}..={}", scale.min, scale.max);
    perceptions.all_in(scale.min, scale.max, &on_scale)?;
    expectations.all_in(scale.min, scale.max, &on_scale)?;
    let cols = perceptions.cols();
    let importance = match &options.importance {
        Some(w) => input::weights("importance", w, "attributes", cols)?,
        None => vec![1.0 / cols as f64; cols],
    };
    let range = (-width, width);
    let settings = MeanSettings { range, confidence: options.confidence, nan_policy: NanPolicy::Raise };
    let run = |values: &[f64]| means::derived_by_segment(perceptions.field(), values, design, &settings);
    let pairs = || perceptions.iter_rows().zip(expectations.iter_rows());
    let mut column = vec![0.0; rows];
    let mut gaps = Vec::with_capacity(cols);
    for j in 0..cols {
        column.iter_mut().zip(pairs()).for_each(|(c, (p, e))| *c = p[j] - e[j]);
        gaps.push(run(&column)?);
    }
    column.iter_mut().zip(pairs()).for_each(|(c, (p, e))| {
        *c = p.iter().zip(e).zip(&importance).map(|((p, e), w)| w * (p - e)).sum();
    });
    let overall = run(&column)?;
    let estimate = |k: Option<usize>| -> Option<DisconfirmationEstimate> {
        let gaps: Vec<Mean> = gaps.iter().map(|g| g.pick(k)).collect::<Option<_>>()?;
        let overall_gap = overall.pick(k)?;
        Some(DisconfirmationEstimate {
            states: gaps.iter().map(|g| SatisfactionState::of_gap(g.mean, margin)).collect(),
            gaps,
            overall_state: SatisfactionState::of_gap(overall_gap.mean, margin),
            overall_gap,
            importance: importance.clone(),
        })
    };
    let segments = (0..overall.segments.len()).map(|k| estimate(Some(k))).collect();
    let total =
        estimate(None).ok_or_else(|| Error::Empty { at: Location::scalar(perceptions.field()), len: 0, min: 1 })?;
    Ok(BySegment { segments, total })
}
