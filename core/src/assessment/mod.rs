//! Assessment instruments (评估工具) of the course material: the customer-orientation
//! self-assessment (客户导向公司特质自我测试, [`orientation()`]), excellence scoring in the frame
//! of GB/T 19580 (卓越绩效评价准则, [`excellence()`]) and the weighted decision matrix
//! (最适化决策模式, [`decision()`]) with criteria weights from pairwise comparisons
//! ([`ahp()`]).
//!
//! The instruments are data: [`ORIENTATION`] (40 statements in English and Chinese) and
//! [`GBT19580`] (seven categories, 1000 points) serialise with serde, so an app can render the
//! questionnaire or the score sheet from the library, and a caller-defined [`Instrument`] or
//! [`Frame`] is scored by the same code.
//!
//! ```
//! use custometrics::{Matrix, assessment::{score_respondent, OrientationOptions, ORIENTATION}};
//! let answers = [3.0; 40];
//! let s = score_respondent(&answers, &ORIENTATION, &OrientationOptions::default())?;
//! assert_eq!((s.total, s.share), (120.0, 0.6));
//! # Ok::<(), custometrics::Error>(())
//! ```

mod ahp;
mod decision;
mod excellence;
mod orientation;

pub use ahp::{Ahp, AhpOptions, CR_THRESHOLD, RANDOM_INDEX, ahp};
pub use decision::{Decision, DecisionOptions, Normalise, WeightSensitivity, decision};
pub use excellence::{
    BANDS, CategoryKind, CategoryResult, DISAGREEMENT, Excellence, ExcellenceOptions, Frame, FrameCategory, FrameItem,
    GBT19580, ScoreSheet, Unit, UnitConsensus, UnitScore, band, excellence,
};
pub use orientation::{
    AnswerScale, Category, CategoryScore, CategoryStats, GroupGap, GroupStats, Instrument, MAX_ITEMS, ORIENTATION,
    Orientation, OrientationOptions, RespondentScore, ShareDifference, Statement, orientation, score_respondent,
};

use serde::{Deserialize, Serialize};

/// A text in English and simplified Chinese.
///
/// ```
/// let t = custometrics::assessment::Text::new("Culture and climate", "文化与氛围");
/// assert_eq!(t.zh, "文化与氛围");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Text {
    /// A text from its English and Chinese wording.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self { en: en.into(), zh: zh.into() }
    }
}

/// The data of `matrix` with its columns, named by `columns`, put in the order of `ids`: for a
/// table whose columns carry statement or unit ids in any order (a DataFrame's columns).
fn align(
    field: &str,
    columns: &[String],
    matrix: &crate::Matrix<'_>,
    ids: &[&str],
    what: &str,
) -> crate::Result<Vec<f64>> {
    use crate::error::{Error, Location};
    crate::input::same_len(field, columns.len(), matrix.field(), matrix.cols())?;
    crate::input::same_len(field, columns.len(), &format!("the {what} ids"), ids.len())?;
    for (i, c) in columns.iter().enumerate() {
        if !ids.contains(&c.as_str()) {
            return Err(Error::Invalid {
                at: Location::at(field, i),
                value: format!("{c:?}"),
                expected: format!("the id of a {what}"),
            });
        }
        if let Some(j) = columns[..i].iter().position(|o| o == c) {
            return Err(Error::Invalid {
                at: Location::at(field, i),
                value: format!("{c:?}"),
                expected: format!("each {what} once (also at index {j})"),
            });
        }
    }
    // Every column is a known id, none twice, and there are as many as ids: each id is present.
    let order: Vec<usize> = ids.iter().map(|id| columns.iter().position(|c| c == id).unwrap_or(usize::MAX)).collect();
    let mut out = Vec::with_capacity(matrix.data().len());
    for row in matrix.iter_rows() {
        out.extend(order.iter().map(|&j| row.get(j).copied().unwrap_or(f64::NAN)));
    }
    Ok(out)
}
