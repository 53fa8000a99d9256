//! Importance–performance analysis (Martilla & James 1977): each attribute placed in a quadrant
//! by its importance (需求对购买决策的相对重要性) and performance against cut points, by default the
//! grand means. A value equal to its cut counts as high.

use crate::error::Result;
use crate::input;
use crate::numerics::stats;
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
    pub importance_cut: f64,
    /// The performance cut.
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

/// The options of [`ipa`] as one value: the cuts, each the sample mean when `None` (the default).
///
/// ```
/// assert_eq!(custometrics::satisfaction::IpaOptions::default().importance_cut, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct IpaOptions {
    /// The importance cut; `None` for the mean importance.
    pub importance_cut: Option<f64>,
    /// The performance cut; `None` for the mean performance.
    pub performance_cut: Option<f64>,
}

crate::codes::with_setters!(IpaOptions { with_importance_cut => importance_cut: Option<f64>, with_performance_cut => performance_cut: Option<f64> });
