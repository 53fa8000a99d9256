//! Expectation disconfirmation (Oliver 1980): satisfaction as perceived performance (感知) minus
//! expectation (期望), per attribute and overall.
//!
//! A negative gap means the customer got less than expected (抱怨, complaint), a gap of zero or
//! more means satisfied (满意), a gap at or above the caller's delight margin means delighted
//! (the material's "perceived ≫ expected → loyalty", 忠诚).

use crate::error::{Error, Location, Result};
use crate::input;
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
    pub perception: f64,
    /// Expectation E.
    pub expectation: f64,
    /// P − E.
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
    /// The weights used, normalised to sum 1 (equal weights when none were given).
    pub weights: Vec<f64>,
    /// Σ wᵢ (Pᵢ − Eᵢ).
    pub overall_gap: f64,
    /// The state of the overall gap.
    pub overall_state: SatisfactionState,
}

/// Perception minus expectation per attribute, and overall as a weighted mean.
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
/// `out_of_range` for a negative weight or a delight margin that is not positive, `invalid` for
/// weights that are all zero.
pub fn disconfirmation(
    perception: &[f64],
    expectation: &[f64],
    weights: Option<&[f64]>,
    delight_margin: f64,
) -> Result<Disconfirmation> {
    input::check("delight_margin", delight_margin, delight_margin > 0.0, "the positive numbers")?;
    input::min_len("perception", perception.len(), 1)?;
    input::same_len("expectation", expectation.len(), "perception", perception.len())?;
    input::all_finite("perception", perception)?;
    input::all_finite("expectation", expectation)?;
    let weights = match weights {
        Some(w) => input::weights("weights", w, "perception", perception.len())?,
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
        weights,
        overall_gap,
    })
}

/// The options of [`disconfirmation`] as one value, with their defaults: equal weights, a
/// delight margin of 1.
///
/// ```
/// let o = custometrics::satisfaction::DisconfirmationOptions::default();
/// assert_eq!((o.weights, o.delight_margin), (None, 1.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct DisconfirmationOptions {
    /// Attribute weights; `None` (the default) for equal weights.
    pub weights: Option<Vec<f64>>,
    /// A gap at least this is delight. Default 1.
    pub delight_margin: f64,
}

crate::codes::with_setters!(DisconfirmationOptions { with_weights => weights: Option<Vec<f64>>, with_delight_margin => delight_margin: f64 });

impl Default for DisconfirmationOptions {
    fn default() -> Self {
        Self { weights: None, delight_margin: 1.0 }
    }
}
