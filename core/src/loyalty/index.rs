//! A weighted loyalty index over the seven measures of loyalty the course material names
//! (忠诚度的衡量), each given as a normalised score.

use crate::error::{Error, Location, Result};
use crate::input;
use serde::{Deserialize, Serialize};

/// The seven measures of loyalty, in the order [`loyalty_index`] takes their scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoyaltyMeasure {
    /// Number of repeat purchases (重复购买次数).
    RepeatPurchases,
    /// Time taken to choose (挑选时间): shorter is more loyal.
    TimeToChoose,
    /// Price sensitivity (对价格的敏感程度): lower is more loyal.
    PriceSensitivity,
    /// Attitude to competing products (对竞争产品的态度): indifference is loyal.
    AttitudeToCompetitors,
    /// Tolerance of a quality incident (对产品质量事故的承受能力).
    QualityIncidentTolerance,
    /// Growth and acquisition rate of customers (顾客增长率与获得率).
    GrowthAndAcquisition,
    /// Churn rate (顾客流失率): lower is more loyal.
    ChurnRate,
}

impl LoyaltyMeasure {
    /// All seven, in order.
    pub const ALL: [Self; 7] = [
        Self::RepeatPurchases,
        Self::TimeToChoose,
        Self::PriceSensitivity,
        Self::AttitudeToCompetitors,
        Self::QualityIncidentTolerance,
        Self::GrowthAndAcquisition,
        Self::ChurnRate,
    ];
}

/// One measure's part in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MeasureScore {
    /// The measure.
    pub measure: LoyaltyMeasure,
    /// Its normalised score, 0 (least loyal) to 1 (most loyal).
    pub score: f64,
    /// Its weight, normalised so the weights sum to 1.
    pub weight: f64,
    /// 100 × weight × score: its points in the index.
    pub contribution: f64,
}

/// A weighted loyalty index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoyaltyIndex {
    /// 100 × Σ weight × score, from 0 to 100.
    pub index: f64,
    /// The seven measures, in the order of [`LoyaltyMeasure::ALL`].
    pub measures: Vec<MeasureScore>,
}

/// The loyalty index: 100 × the weighted mean of seven normalised scores (0 = least loyal,
/// 1 = most loyal), in the order of [`LoyaltyMeasure::ALL`]. Weights are relative (they are
/// divided by their sum); a measure not surveyed gets weight 0. Put raw measures on the 0–1
/// scale with [`normalised_score`], which also turns "lower is better" measures around.
///
/// ```
/// use custometrics::loyalty::loyalty_index;
/// let scores  = [0.8, 0.5, 0.4, 0.6, 0.7, 0.5, 0.9];
/// let weights = [2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0];
/// let l = loyalty_index(&scores, &weights)?;
/// assert!((l.index - 70.0).abs() < 1e-12); // 100 × (1.6 + 0.5 + 0.4 + 0.6 + 0.7 + 0.5 + 2.7) / 10
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `length_mismatch` unless seven scores and seven weights are given; `not_finite` or
/// `out_of_range` naming the index of a score outside [0, 1] or a negative weight; `invalid` for
/// weights that are all 0.
pub fn loyalty_index(scores: &[f64], weights: &[f64]) -> Result<LoyaltyIndex> {
    let n = LoyaltyMeasure::ALL.len();
    input::same_len("scores", scores.len(), "the seven loyalty measures", n)?;
    input::all_in("scores", scores, 0.0, 1.0, "the normalised scores [0, 1]")?;
    let w = input::weights("weights", weights, "scores", n)?;
    let measures: Vec<MeasureScore> = LoyaltyMeasure::ALL
        .iter()
        .zip(scores)
        .zip(&w)
        .map(|((&measure, &score), &weight)| MeasureScore {
            measure,
            score,
            weight,
            contribution: 100.0 * weight * score,
        })
        .collect();
    let index = 100.0 * w.iter().zip(scores).map(|(w, s)| w * s).sum::<f64>();
    Ok(LoyaltyIndex { index, measures })
}

/// A raw measure on the 0–1 loyalty scale: 0 at `worst`, 1 at `best`, linear between and
/// clipped beyond. `best` may lie below `worst` for measures where less is more loyal (price
/// sensitivity, time to choose, churn rate).
///
/// ```
/// use custometrics::loyalty::normalised_score;
/// assert!((normalised_score(0.05, 0.30, 0.0)? - 0.25 / 0.30).abs() < 1e-15); // churn 5 %, worst 30 %
/// assert_eq!(normalised_score(12.0, 0.0, 10.0)?, 1.0);              // past the best: clipped
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `not_finite` for a non-finite argument; `division_by_zero` when `best` equals `worst`.
pub fn normalised_score(value: f64, worst: f64, best: f64) -> Result<f64> {
    input::finite("value", value)?;
    input::finite("worst", worst)?;
    input::finite("best", best)?;
    let span = best - worst;
    if span == 0.0 || !span.is_finite() {
        return Err(Error::DivisionByZero {
            at: Location::scalar("best"),
            value: best,
            reason: format!("best must differ from worst = {worst} (by a finite amount)"),
        });
    }
    Ok(((value - worst) / span).clamp(0.0, 1.0))
}
