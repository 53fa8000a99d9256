//! Excellence scoring in the frame of GB/T 19580 (卓越绩效评价准则): categories worth 1000
//! points, items within them scored by examiners as percentages in the scoring guidelines'
//! bands, points earned = item points × percentage, and the consensus of several examiners.
//!
//! The frame is data ([`Frame`]): the shipped GB/T 19580 categories ([`GBT19580`]), item splits
//! the caller supplies ([`Frame::with_items`]), or another award's frame altogether.
//!
//! # Scoring
//! - A scoring unit is an item of a category, or the category itself when the frame gives it no
//!   items. Scores are one row per examiner, one column per unit in frame order
//!   ([`Frame::units`]).
//! - A percentage is a multiple of 5 in 0..=100. The guidelines' bands — 0–5, 10–25, 30–45,
//!   50–65, 70–85, 90–100 % ([`BANDS`]) — cover every such value; each score carries its band.
//! - Earned points = unit points × percentage / 100, summed per category and overall. The
//!   improvement priorities are the units ordered by points available minus earned, largest
//!   first (equal losses in frame order).
//! - Several examiners: per unit the median and the mean percentage, the range (max − min) and
//!   the sample standard deviation, and the units whose range exceeds a threshold (default 20
//!   percentage points), largest range first: what a consensus meeting discusses first. The
//!   consensus sheets score the median and the mean percentages (a median of an even number of
//!   examiners may fall between two multiples of 5, and outside every band).
//! - A missing score (NaN) follows [`NanPolicy`]: `raise` refuses it, `propagate` makes the
//!   unit's points (and every sum over it) NaN, `omit` leaves it out: the examiner's sums count
//!   the units scored (their sheet says how many are missing) and the consensus uses the
//!   examiners who scored the unit.

use super::Text;
use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use crate::numerics::stats;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Whether a category is judged as process or as results.
///
/// ```
/// use custometrics::assessment::CategoryKind;
/// assert_eq!(CategoryKind::Process.dimensions(), ["approach", "deployment", "learning", "integration"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    /// Judged on approach, deployment, learning, integration (方法、展开、学习、整合).
    Process,
    /// Judged on levels, trends, comparisons, integration (水平、趋势、对比、整合).
    Results,
}

impl CategoryKind {
    /// The four dimensions examiners judge this kind of category on.
    pub fn dimensions(self) -> [&'static str; 4] {
        match self {
            Self::Process => ["approach", "deployment", "learning", "integration"],
            Self::Results => ["levels", "trends", "comparisons", "integration"],
        }
    }
}

/// An item of a category, with its points.
///
/// ```
/// use custometrics::assessment::FrameItem;
/// let i = FrameItem::new("4.3.1", "understanding customers and markets", "顾客和市场的了解", 40.0);
/// assert_eq!(i.points, 40.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameItem {
    /// Identifier, unique within the frame (`"4.3.1"`).
    pub id: String,
    /// Its name.
    pub name: Text,
    /// Points available.
    #[serde(with = "crate::float_serde")]
    pub points: f64,
}

impl FrameItem {
    /// An item from its id, English and Chinese name, and points.
    pub fn new(id: impl Into<String>, en: impl Into<String>, zh: impl Into<String>, points: f64) -> Self {
        Self { id: id.into(), name: Text::new(en, zh), points }
    }
}

/// A category of the frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameCategory {
    /// Identifier, unique within the frame (`"4.3"`).
    pub id: String,
    /// Its name.
    pub name: Text,
    /// Points available; its items' points must add up to them.
    #[serde(with = "crate::float_serde")]
    pub points: f64,
    /// Process or results.
    pub kind: CategoryKind,
    /// Its items; empty when the category is scored as one unit.
    pub items: Vec<FrameItem>,
}

/// A scoring frame: categories with points, optionally split into items.
///
/// The fields are public so a caller can write another award's frame; the scorer checks it
/// with [`Frame::validate`] first.
///
/// ```
/// use custometrics::assessment::{GBT19580, CategoryKind};
/// assert_eq!(GBT19580.total_points(), 1000.0);
/// assert_eq!(GBT19580.categories[2].points, 90.0); // 4.3 customers and market
/// assert_eq!(GBT19580.categories[6].kind, CategoryKind::Results);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Identifier of the frame.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// The categories, in order.
    pub categories: Vec<FrameCategory>,
}

/// The seven categories of GB/T 19580 (卓越绩效评价准则): [`Frame::gbt19580`].
pub static GBT19580: LazyLock<Frame> = LazyLock::new(Frame::gbt19580);

/// The scoring guidelines' percentage bands, lowest first (inclusive ends).
pub const BANDS: [(u32, u32); 6] = [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)];

/// The default threshold of examiner disagreement, in percentage points.
pub const DISAGREEMENT: f64 = 20.0;

/// The band (index into [`BANDS`]) that holds a percentage, if any.
///
/// ```
/// use custometrics::assessment::band;
/// assert_eq!((band(0.0), band(25.0), band(30.0), band(100.0)), (Some(0), Some(1), Some(2), Some(5)));
/// assert_eq!(band(52.5), Some(3));
/// assert_eq!(band(7.5), None); // between 0–5 and 10–25
/// ```
pub fn band(percent: f64) -> Option<usize> {
    BANDS.iter().position(|&(lo, hi)| percent >= f64::from(lo) && percent <= f64::from(hi))
}

/// One scoring unit of a frame: an item, or a category without items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// The item's (or category's) id.
    pub id: String,
    /// The index of its category.
    pub category: usize,
    /// Points available.
    #[serde(with = "crate::float_serde")]
    pub points: f64,
}

impl Frame {
    /// GB/T 19580 (卓越绩效评价准则), 1000 points: 4.1 leadership (领导) 100, 4.2 strategy
    /// (战略) 80, 4.3 customers and market (顾客与市场) 90, 4.4 resources (资源) 120, 4.5
    /// process management (过程管理) 110, 4.6 measurement, analysis and improvement (测量、分析
    /// 与改进) 100 — process categories — and 4.7 results (结果) 400. Items and their points
    /// are the caller's ([`Frame::with_items`]); without them each category is one unit.
    ///
    /// ```
    /// let f = custometrics::assessment::Frame::gbt19580();
    /// assert_eq!(f.categories.iter().map(|c| c.points).collect::<Vec<_>>(), [100.0, 80.0, 90.0, 120.0, 110.0, 100.0, 400.0]);
    /// assert_eq!(f.units().len(), 7);
    /// ```
    pub fn gbt19580() -> Self {
        let c = |id: &str, en: &str, zh: &str, points: f64, kind| FrameCategory {
            id: id.into(),
            name: Text::new(en, zh),
            points,
            kind,
            items: Vec::new(),
        };
        use CategoryKind::{Process, Results};
        Self {
            id: "gbt19580".into(),
            title: Text::new("Criteria for performance excellence (GB/T 19580)", "卓越绩效评价准则（GB/T 19580）"),
            categories: vec![
                c("4.1", "leadership", "领导", 100.0, Process),
                c("4.2", "strategy", "战略", 80.0, Process),
                c("4.3", "customers and market", "顾客与市场", 90.0, Process),
                c("4.4", "resources", "资源", 120.0, Process),
                c("4.5", "process management", "过程管理", 110.0, Process),
                c("4.6", "measurement, analysis and improvement", "测量、分析与改进", 100.0, Process),
                c("4.7", "results", "结果", 400.0, Results),
            ],
        }
    }

    /// The frame with the items of category `category` (its id) replaced by `items`, checked.
    ///
    /// ```
    /// use custometrics::assessment::{Frame, FrameItem};
    /// // An example split of 4.3's 90 points (the caller's data, not the standard's text).
    /// let f = Frame::gbt19580().with_items("4.3", vec![
    ///     FrameItem::new("4.3.1", "understanding customers and markets", "顾客和市场的了解", 40.0),
    ///     FrameItem::new("4.3.2", "customer relationships and satisfaction", "顾客关系与顾客满意", 50.0),
    /// ])?;
    /// assert_eq!(f.units()[3].id, "4.3.2");
    /// let bad = Frame::gbt19580().with_items("4.3", vec![FrameItem::new("4.3.1", "", "", 40.0)]);
    /// assert_eq!(bad.unwrap_err().code(), "invalid"); // 40 ≠ 90
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid` (field `category`) for an unknown category id; as [`Frame::validate`] for the
    /// new frame.
    pub fn with_items(mut self, category: &str, items: Vec<FrameItem>) -> Result<Self> {
        let Some(c) = self.categories.iter_mut().find(|c| c.id == category) else {
            return Err(Error::Invalid {
                at: Location::scalar("category"),
                value: format!("{category:?}"),
                expected: "the id of a category of the frame".into(),
            });
        };
        c.items = items;
        self.validate()?;
        Ok(self)
    }

    /// Checks the frame: at least one category; points finite and positive; ids of categories
    /// and items unique; each category's item points adding up to its points (within 1e-9).
    ///
    /// # Errors
    /// `empty` for no categories; `out_of_range`/`not_finite` for points (field
    /// `categories[i].points` or `categories[i].items`, with the item's index); `invalid` for a
    /// repeated id (field `categories` or `units`, with its index) or item points that do not add
    /// up (field `categories[i].items`).
    pub fn validate(&self) -> Result<()> {
        input::min_len("categories", self.categories.len(), 1)?;
        for (i, c) in self.categories.iter().enumerate() {
            input::check(&format!("categories[{i}].points"), c.points, c.points > 0.0, "the positive numbers")?;
            if let Some(j) = self.categories[..i].iter().position(|o| o.id == c.id) {
                return Err(duplicate("categories", i, &c.id, j));
            }
            let field = format!("categories[{i}].items");
            let points: Vec<f64> = c.items.iter().map(|it| it.points).collect();
            input::all_pass(&field, &points, |p| p > 0.0, "the positive numbers")?;
            let sum: f64 = points.iter().sum();
            if !c.items.is_empty() && (sum - c.points).abs() > 1e-9 * c.points.max(1.0) {
                return Err(Error::Invalid {
                    at: Location::scalar(field),
                    value: format!("points summing to {sum}"),
                    expected: format!("item points adding up to category {}'s {} points", c.id, c.points),
                });
            }
        }
        let units = self.units();
        for (i, u) in units.iter().enumerate() {
            if let Some(j) = units[..i].iter().position(|o| o.id == u.id) {
                return Err(duplicate("units", i, &u.id, j));
            }
        }
        Ok(())
    }

    /// The scoring units in order: each category's items, or the category itself.
    pub fn units(&self) -> Vec<Unit> {
        let mut units = Vec::new();
        for (k, c) in self.categories.iter().enumerate() {
            if c.items.is_empty() {
                units.push(Unit { id: c.id.clone(), category: k, points: c.points });
            } else {
                units.extend(c.items.iter().map(|it| Unit { id: it.id.clone(), category: k, points: it.points }));
            }
        }
        units
    }

    /// Scores whose columns are named by unit ids in any order, put in frame order
    /// (row-major), ready for [`excellence`].
    ///
    /// ```
    /// use custometrics::{Matrix, assessment::GBT19580};
    /// let cols: Vec<String> = ["4.7", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"].map(String::from).into();
    /// let s = GBT19580.align(&cols, &Matrix::new("scores", &[30.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0], 7)?)?;
    /// assert_eq!(s[6], 30.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `length_mismatch` when `columns` does not name every column or there are not as many
    /// as units; `invalid` (field `columns`, its index) for an unknown unit id or one named
    /// twice. As [`Frame::validate`].
    pub fn align(&self, columns: &[String], scores: &Matrix<'_>) -> Result<Vec<f64>> {
        self.validate()?;
        let units = self.units();
        let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        super::align("columns", columns, scores, &ids, "unit (item, or category without items) of the frame")
    }

    /// The sum of the categories' points.
    pub fn total_points(&self) -> f64 {
        self.categories.iter().map(|c| c.points).sum()
    }
}

fn duplicate(field: &str, index: usize, id: &str, first: usize) -> Error {
    Error::Invalid {
        at: Location::at(field, index),
        value: format!("{id:?}"),
        expected: format!("a unique id (also used at index {first})"),
    }
}

/// Options for [`excellence`].
///
/// ```
/// let o = custometrics::assessment::ExcellenceOptions::default();
/// assert_eq!(o.disagreement, 20.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ExcellenceOptions {
    /// Examiners disagree on a unit when their percentages span more than this many points.
    /// Non-negative; default [`DISAGREEMENT`] (20).
    #[serde(with = "crate::float_serde")]
    pub disagreement: f64,
    /// Missing scores (NaN). Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
}

crate::codes::with_setters!(ExcellenceOptions { with_disagreement => disagreement: f64, with_nan_policy => nan_policy: NanPolicy });

impl Default for ExcellenceOptions {
    fn default() -> Self {
        Self { disagreement: DISAGREEMENT, nan_policy: NanPolicy::Raise }
    }
}

/// One unit on one score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnitScore {
    /// The unit's id.
    pub unit: String,
    /// Points available.
    #[serde(with = "crate::float_serde")]
    pub points: f64,
    /// The percentage (NaN when missing).
    #[serde(with = "crate::float_serde")]
    pub percent: f64,
    /// Its band (index into [`BANDS`]), if it falls in one.
    pub band: Option<usize>,
    /// Points earned, points × percent / 100 (0 when missing under `omit`).
    #[serde(with = "crate::float_serde")]
    pub earned: f64,
    /// Points available minus earned.
    #[serde(with = "crate::float_serde")]
    pub lost: f64,
}

/// One category on one score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CategoryResult {
    /// The category's id.
    pub category: String,
    /// Points available.
    #[serde(with = "crate::float_serde")]
    pub points: f64,
    /// Points earned.
    #[serde(with = "crate::float_serde")]
    pub earned: f64,
    /// `earned / points`.
    #[serde(with = "crate::float_serde")]
    pub share: f64,
}

/// A score sheet: one examiner's, or the consensus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoreSheet {
    /// Per unit, in frame order.
    pub units: Vec<UnitScore>,
    /// Per category, in frame order.
    pub categories: Vec<CategoryResult>,
    /// Points earned overall.
    #[serde(with = "crate::float_serde")]
    pub total: f64,
    /// Points available overall (1000 for GB/T 19580).
    #[serde(with = "crate::float_serde")]
    pub points: f64,
    /// Unit indexes by points lost, largest first (equal losses in frame order): the
    /// improvement priorities.
    pub priorities: Vec<usize>,
    /// Units without a score.
    pub missing: usize,
}

/// The examiners' figures for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnitConsensus {
    /// The unit's id.
    pub unit: String,
    /// Examiners who scored it.
    pub n: usize,
    /// Median percentage.
    #[serde(with = "crate::float_serde")]
    pub median: f64,
    /// Mean percentage.
    #[serde(with = "crate::float_serde")]
    pub mean: f64,
    /// Lowest percentage.
    #[serde(with = "crate::float_serde")]
    pub min: f64,
    /// Highest percentage.
    #[serde(with = "crate::float_serde")]
    pub max: f64,
    /// `max − min`.
    #[serde(with = "crate::float_serde")]
    pub range: f64,
    /// Sample standard deviation of the percentages (None for one examiner).
    #[serde(default, with = "crate::float_serde::option")]
    pub sd: Option<f64>,
    /// Whether the range exceeds the disagreement threshold.
    pub disagree: bool,
}

/// Excellence scores of one or more examiners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Excellence {
    /// Each examiner's sheet, in row order.
    pub examiners: Vec<ScoreSheet>,
    /// Per unit, the examiners' spread and consensus.
    pub units: Vec<UnitConsensus>,
    /// The sheet of the median percentages.
    pub consensus: ScoreSheet,
    /// The sheet of the mean percentages.
    pub consensus_mean: ScoreSheet,
    /// Units whose examiners disagree, largest range first (equal ranges in frame order).
    pub disagreements: Vec<usize>,
}

/// Scores examiners' percentages (one row per examiner, one column per unit of `frame`).
///
/// ```
/// use custometrics::{Matrix, assessment::{excellence, ExcellenceOptions, GBT19580}};
/// let scores = [
///     50.0, 40.0, 60.0, 45.0, 50.0, 40.0, 35.0, // examiner 1
///     55.0, 40.0, 30.0, 45.0, 50.0, 40.0, 40.0, // examiner 2
/// ];
/// let r = excellence(&Matrix::new("scores", &scores, 7)?, &GBT19580, &ExcellenceOptions::default())?;
/// assert_eq!(r.examiners[0].total, 50.0 + 32.0 + 54.0 + 54.0 + 55.0 + 40.0 + 140.0);
/// assert_eq!(r.units[2].median, 45.0);
/// assert_eq!(r.disagreements, vec![2]); // 60 against 30 on 4.3
/// assert_eq!(r.consensus.priorities[0], 6); // 4.7 results loses the most points
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// Those of [`Frame::validate`]; `length_mismatch` when the columns are not the frame's units;
/// `out_of_range` for a percentage outside 0..=100 or not a multiple of 5, `not_finite` for
/// ±inf or (under `raise`) NaN, indexed row-major in `scores`; `out_of_range` for a negative
/// `disagreement`; `empty` (field `scores`, the unit's column) under `omit` when no examiner
/// scored a unit.
pub fn excellence(scores: &Matrix<'_>, frame: &Frame, options: &ExcellenceOptions) -> Result<Excellence> {
    frame.validate()?;
    input::check("disagreement", options.disagreement, options.disagreement >= 0.0, "the non-negative numbers")?;
    let units = frame.units();
    input::same_len(scores.field(), scores.cols(), "frame units", units.len())?;
    let policy = options.nan_policy;
    let bad = scores.data().iter().position(|&v| {
        if v.is_nan() { policy == NanPolicy::Raise } else { !((0.0..=100.0).contains(&v) && (v / 5.0).fract() == 0.0) }
    });
    if let Some(i) = bad {
        return Err(input::out_of_range_or_not_finite(
            Location::at(scores.field(), i),
            scores.data()[i],
            "the percentages 0..=100 in steps of 5",
        ));
    }

    let examiners: Vec<ScoreSheet> = scores.iter_rows().map(|row| sheet(frame, &units, row, policy)).collect();
    let mut consensus = Vec::with_capacity(units.len());
    for (j, u) in units.iter().enumerate() {
        let column: Vec<f64> = scores.iter_rows().filter_map(|r| r.get(j).copied()).collect();
        let values: Vec<f64> =
            if policy == NanPolicy::Omit { column.into_iter().filter(|v| !v.is_nan()).collect() } else { column };
        if values.is_empty() {
            return Err(Error::Empty { at: Location::at(scores.field(), j), len: 0, min: 1 });
        }
        let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let nan = values.iter().any(|v| v.is_nan());
        let (min, max) = if nan { (f64::NAN, f64::NAN) } else { (min, max) };
        let range = max - min;
        consensus.push(UnitConsensus {
            unit: u.id.clone(),
            n: values.len(),
            median: stats::median(&values),
            mean: stats::mean(&values),
            min,
            max,
            range,
            sd: (values.len() > 1).then(|| stats::sample_variance(&values).sqrt()),
            disagree: range > options.disagreement,
        });
    }
    let medians: Vec<f64> = consensus.iter().map(|c| c.median).collect();
    let means: Vec<f64> = consensus.iter().map(|c| c.mean).collect();
    let mut disagreements: Vec<usize> = (0..units.len()).filter(|&j| consensus[j].disagree).collect();
    crate::numerics::sort::by_key(&mut disagreements, &|j| consensus[j].range, true);
    Ok(Excellence {
        examiners,
        consensus: sheet(frame, &units, &medians, NanPolicy::Propagate),
        consensus_mean: sheet(frame, &units, &means, NanPolicy::Propagate),
        units: consensus,
        disagreements,
    })
}

/// A score sheet from one percentage per unit.
fn sheet(frame: &Frame, units: &[Unit], percents: &[f64], policy: NanPolicy) -> ScoreSheet {
    let mut categories: Vec<CategoryResult> = frame
        .categories
        .iter()
        .map(|c| CategoryResult { category: c.id.clone(), points: c.points, earned: 0.0, share: 0.0 })
        .collect();
    let mut missing = 0;
    let unit_scores: Vec<UnitScore> = units
        .iter()
        .zip(percents)
        .map(|(u, &p)| {
            let earned = if p.is_nan() {
                missing += 1;
                if policy == NanPolicy::Omit { 0.0 } else { f64::NAN }
            } else {
                u.points * p / 100.0
            };
            if let Some(c) = categories.get_mut(u.category) {
                c.earned += earned;
            }
            UnitScore {
                unit: u.id.clone(),
                points: u.points,
                percent: p,
                band: band(p),
                earned,
                lost: u.points - earned,
            }
        })
        .collect();
    for c in &mut categories {
        c.share = c.earned / c.points;
    }
    let mut priorities: Vec<usize> = (0..unit_scores.len()).collect();
    crate::numerics::sort::by_key(&mut priorities, &|j| unit_scores[j].lost, true);
    ScoreSheet {
        total: categories.iter().map(|c| c.earned).sum(),
        points: frame.total_points(),
        units: unit_scores,
        categories,
        priorities,
        missing,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_multiple_of_five_is_in_a_band() {
        for p in (0..=100).step_by(5) {
            assert!(band(f64::from(p)).is_some(), "{p}");
        }
    }

    #[test]
    fn omit_skips_a_missing_score() {
        let s = [50.0, f64::NAN, 70.0, 40.0, 60.0, 20.0, 30.0, 90.0, 80.0, 50.0, 60.0, 40.0, 60.0, 50.0];
        let opts = ExcellenceOptions { nan_policy: NanPolicy::Omit, ..Default::default() };
        let r = excellence(&Matrix::new("scores", &s, 7).unwrap(), &GBT19580, &opts).unwrap();
        assert_eq!(r.examiners[0].missing, 1);
        assert_eq!(r.units[1].n, 1);
        assert_eq!(r.units[1].median, 80.0);
        let raise = excellence(&Matrix::new("scores", &s, 7).unwrap(), &GBT19580, &Default::default()).unwrap_err();
        assert_eq!((raise.code(), raise.index()), ("not_finite", Some(1)));
    }

    #[test]
    fn frame_round_trips_through_json() {
        let f = Frame::gbt19580();
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"kind\":\"results\""));
        assert_eq!(serde_json::from_str::<Frame>(&json).unwrap(), f);
    }
}
