//! SERVQUAL (Parasuraman, Zeithaml & Berry 1988): service quality as perception minus expectation
//! over items grouped into dimensions, and the zone of tolerance between adequate and desired
//! service (Zeithaml, Berry & Parasuraman 1993).
//!
//! Item gap = P − E. A dimension's gap is the mean of its items' gaps; the unweighted SERVQUAL
//! score is the mean of the dimension gaps; the weighted score weights the dimension gaps by
//! importance points (the 1988 instrument splits 100 points over the five dimensions; any
//! non-negative split is normalised). Sample figures are means over respondents.

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use crate::satisfaction::csi::Scale;
use crate::satisfaction::means::{self, Mean, MeanSettings};
use crate::satisfaction::segments::{BySegment, Design};
use serde::{Deserialize, Serialize};

/// Items grouped into named dimensions.
///
/// ```
/// let i = custometrics::satisfaction::Instrument::servqual22();
/// assert_eq!(i.items(), 22);
/// assert_eq!(i.dimension_names()[1], "reliability");
/// assert_eq!(i.item_dimensions()[4], 1); // item 5 is the first reliability item
/// ```
///
/// Serialised as `{"dimension_names": […], "item_dimensions": […]}`; deserialising validates as
/// [`Instrument::new`] does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedInstrument")]
pub struct Instrument {
    dimension_names: Vec<String>,
    item_dimensions: Vec<usize>,
}

/// An instrument as read, before validation.
#[derive(Deserialize)]
struct UncheckedInstrument {
    dimension_names: Vec<String>,
    item_dimensions: Vec<usize>,
}

impl TryFrom<UncheckedInstrument> for Instrument {
    type Error = Error;
    fn try_from(u: UncheckedInstrument) -> Result<Self> {
        Self::new(u.dimension_names, u.item_dimensions)
    }
}

/// The five SERVQUAL dimensions and their items (1-based) in the 22-item instrument.
pub const SERVQUAL_DIMENSIONS: [(&str, std::ops::RangeInclusive<usize>); 5] = [
    ("tangibles", 1..=4),
    ("reliability", 5..=9),
    ("responsiveness", 10..=13),
    ("assurance", 14..=17),
    ("empathy", 18..=22),
];

impl Instrument {
    /// The 22-item SERVQUAL of Parasuraman, Zeithaml & Berry (1988): tangibles 1–4 (有形性),
    /// reliability 5–9 (可靠性), responsiveness 10–13 (响应性), assurance 14–17 (保证性),
    /// empathy 18–22 (移情性).
    pub fn servqual22() -> Self {
        let mut item_dimensions = Vec::with_capacity(22);
        for (d, (_, items)) in SERVQUAL_DIMENSIONS.iter().enumerate() {
            item_dimensions.extend(items.clone().map(|_| d));
        }
        Self { dimension_names: SERVQUAL_DIMENSIONS.iter().map(|(n, _)| (*n).to_owned()).collect(), item_dimensions }
    }

    /// A custom instrument: `item_dimensions[j]` is the dimension (index into
    /// `dimension_names`) of item `j`.
    ///
    /// # Errors
    /// `empty` for no dimensions or items, `out_of_range` for an item mapped to a dimension that
    /// does not exist, `invalid` for a dimension with no items.
    pub fn new(dimension_names: Vec<String>, item_dimensions: Vec<usize>) -> Result<Self> {
        input::min_len("dimension_names", dimension_names.len(), 1)?;
        input::min_len("item_dimensions", item_dimensions.len(), 1)?;
        let k = dimension_names.len();
        if let Some(i) = item_dimensions.iter().position(|&d| d >= k) {
            return Err(Error::OutOfRange {
                at: Location::at("item_dimensions", i),
                value: item_dimensions[i] as f64,
                expected: format!("the dimension indexes 0..{k}"),
            });
        }
        let mut used = vec![false; k];
        for &d in &item_dimensions {
            used[d] = true;
        }
        if let Some(d) = used.iter().position(|u| !u) {
            return Err(Error::Invalid {
                at: Location::at("dimension_names", d),
                value: format!("{:?}", dimension_names[d]),
                expected: "a dimension with at least one item".into(),
            });
        }
        Ok(Self { dimension_names, item_dimensions })
    }

    /// A custom instrument from named groups of 0-based item columns; every column from 0 to
    /// the largest one must belong to exactly one dimension.
    ///
    /// ```
    /// use custometrics::satisfaction::Instrument;
    /// let i = Instrument::from_groups(vec![("speed".into(), vec![0, 2]), ("care".into(), vec![1])]).unwrap();
    /// assert_eq!(i.item_dimensions(), &[0, 1, 0]);
    /// ```
    ///
    /// # Errors
    /// `empty` for no groups or an empty group, `invalid` for an item in two groups,
    /// `out_of_range` for a column beyond the items listed (a gap in the numbering).
    pub fn from_groups(groups: Vec<(String, Vec<usize>)>) -> Result<Self> {
        input::min_len("dimensions", groups.len(), 1)?;
        // As many items as listed: with no item listed twice, every column below that count
        // is then covered, and a larger column must be a gap.
        let n_items: usize = groups.iter().map(|(_, items)| items.len()).sum();
        let mut item_dimensions = vec![usize::MAX; n_items];
        let mut names = Vec::with_capacity(groups.len());
        for (d, (name, items)) in groups.into_iter().enumerate() {
            let field = format!("dimensions[{name:?}]");
            input::min_len(&field, items.len(), 1)?;
            for (k, item) in items.into_iter().enumerate() {
                match item_dimensions.get_mut(item) {
                    None => {
                        return Err(Error::OutOfRange {
                            at: Location::at(field, k),
                            value: item as f64,
                            expected: format!("the item columns 0..{n_items} (each item in one dimension, no gaps)"),
                        });
                    }
                    Some(slot) if *slot != usize::MAX => {
                        return Err(Error::Invalid {
                            at: Location::at(field, k),
                            value: item.to_string(),
                            expected: "each item in exactly one dimension".into(),
                        });
                    }
                    Some(slot) => *slot = d,
                }
            }
            names.push(name);
        }
        Self::new(names, item_dimensions)
    }

    /// Number of items.
    pub fn items(&self) -> usize {
        self.item_dimensions.len()
    }
    /// Number of dimensions.
    pub fn dimensions(&self) -> usize {
        self.dimension_names.len()
    }
    /// Dimension names, in order.
    pub fn dimension_names(&self) -> &[String] {
        &self.dimension_names
    }
    /// The dimension of each item.
    pub fn item_dimensions(&self) -> &[usize] {
        &self.item_dimensions
    }

    /// Means of `item_values` per dimension.
    fn dimension_means(&self, item_values: &[f64]) -> Vec<f64> {
        let k = self.dimensions();
        let (mut sum, mut count) = (vec![0.0; k], vec![0usize; k]);
        for (&d, v) in self.item_dimensions.iter().zip(item_values) {
            sum[d] += v;
            count[d] += 1;
        }
        sum.iter().zip(&count).map(|(s, &c)| s / c as f64).collect()
    }

    fn check_matrix(&self, m: &Matrix<'_>) -> Result<()> {
        input::same_len(m.field(), m.cols(), "instrument items", self.items())?;
        input::all_finite(m.field(), m.data())
    }
}

/// One respondent's (or the sample's) SERVQUAL figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServqualScore {
    /// Mean gap per dimension, in the instrument's order.
    #[serde(with = "crate::float_serde::vec")]
    pub dimension_gaps: Vec<f64>,
    /// Mean of the dimension gaps.
    #[serde(with = "crate::float_serde")]
    pub unweighted: f64,
    /// Σ importance share × dimension gap, when importance was given.
    #[serde(default, with = "crate::float_serde::option")]
    pub weighted: Option<f64>,
}

/// SERVQUAL results for a sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Servqual {
    /// Dimension names, in order.
    pub dimensions: Vec<String>,
    /// Mean P − E per item over respondents.
    #[serde(with = "crate::float_serde::vec")]
    pub item_gaps: Vec<f64>,
    /// Sample figures: means of the respondents' figures.
    pub sample: ServqualScore,
    /// Each respondent's figures, in row order.
    pub respondents: Vec<ServqualScore>,
}

/// SERVQUAL gaps from respondent × item matrices of expectations and perceptions (row-major,
/// one row per respondent). `importance` is either one split of points over the dimensions for
/// everyone (length = dimensions) or one split per respondent (rows × dimensions).
///
/// ```
/// use custometrics::{Matrix, satisfaction::{servqual, Instrument}};
/// let inst = Instrument::new(vec!["a".into(), "b".into()], vec![0, 0, 1]).unwrap();
/// let e = Matrix::new("expectations", &[5.0, 5.0, 5.0, 6.0, 6.0, 6.0], 3).unwrap();
/// let p = Matrix::new("perceptions", &[4.0, 6.0, 7.0, 6.0, 6.0, 3.0], 3).unwrap();
/// let s = servqual(&inst, &e, &p, Some(&[75.0, 25.0])).unwrap();
/// assert_eq!(s.item_gaps, vec![-0.5, 0.5, -0.5]);
/// assert_eq!(s.respondents[0].dimension_gaps, vec![0.0, 2.0]);
/// assert_eq!(s.sample.unweighted, -0.25); // respondents: (0 + 2)/2 = 1 and (0 − 3)/2 = −1.5
/// assert_eq!(s.sample.weighted, Some(-0.125)); // (0.75·0 + 0.25·2 + 0.75·0 − 0.25·3) / 2
/// ```
///
/// # Errors
/// `length_mismatch` when a matrix's columns differ from the instrument's items or the two
/// matrices differ in shape, or importance has the wrong length; `not_finite` for NaN/inf (the
/// index is row-major); `out_of_range`/`invalid` for negative or all-zero importance;
/// `out_of_range` naming the rating of largest magnitude when a gap or a mean overflows an `f64`.
pub fn servqual(
    instrument: &Instrument,
    expectations: &Matrix<'_>,
    perceptions: &Matrix<'_>,
    importance: Option<&[f64]>,
) -> Result<Servqual> {
    instrument.check_matrix(expectations)?;
    instrument.check_matrix(perceptions)?;
    perceptions.same_shape(expectations)?;
    let rows = perceptions.rows();
    let k = instrument.dimensions();
    let shares = importance.map(|imp| importance_shares(imp, rows, k)).transpose()?;

    let mut item_sums = vec![0.0; instrument.items()];
    let respondents: Vec<ServqualScore> = perceptions
        .iter_rows()
        .zip(expectations.iter_rows())
        .enumerate()
        .map(|(r, (p, e))| {
            let gaps: Vec<f64> = p.iter().zip(e).map(|(p, e)| p - e).collect();
            for (s, g) in item_sums.iter_mut().zip(&gaps) {
                *s += g;
            }
            let w = shares.as_ref().map(|s| if s.len() == k { &s[..] } else { &s[r * k..(r + 1) * k] });
            score(instrument.dimension_means(&gaps), w)
        })
        .collect();

    let n = rows as f64;
    let mean_of = |f: &dyn Fn(&ServqualScore) -> f64| respondents.iter().map(f).sum::<f64>() / n;
    let dimension_gaps = (0..k).map(|d| mean_of(&|s| s.dimension_gaps[d])).collect();
    let sample = ServqualScore {
        dimension_gaps,
        unweighted: mean_of(&|s| s.unweighted),
        weighted: shares.as_ref().map(|_| mean_of(&|s| s.weighted.unwrap_or(f64::NAN))),
    };
    let result = Servqual {
        dimensions: instrument.dimension_names.clone(),
        item_gaps: item_sums.iter().map(|s| s / n).collect(),
        sample,
        respondents,
    };
    let scores = std::iter::once(&result.sample).chain(&result.respondents);
    let finite = |s: &ServqualScore| {
        s.unweighted.is_finite()
            && s.weighted.is_none_or(f64::is_finite)
            && s.dimension_gaps.iter().all(|g| g.is_finite())
    };
    if !(result.item_gaps.iter().all(|g| g.is_finite()) && scores.clone().all(finite)) {
        return Err(overflow_blame(&[perceptions, expectations]));
    }
    Ok(result)
}

/// The sample's SERVQUAL figures from sums that add across partitions of the respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServqualSample {
    /// Dimension names, in order.
    pub dimensions: Vec<String>,
    /// Mean P − E per item over respondents.
    #[serde(with = "crate::float_serde::vec")]
    pub item_gaps: Vec<f64>,
    /// The sample's figures, as [`Servqual::sample`].
    pub sample: ServqualScore,
}

/// [`servqual`]'s sample figures from what each partition of the respondents contributes: the
/// number of respondents `n` and, per item, Σ (P − E) over them (an engine's group-by sums these;
/// they add across partitions). Every sample figure is linear in the item gaps, so this is the
/// whole sample's figure: exactly the same mean item gaps when the sums are exact (integer
/// ratings below 2⁵³), the dimension and overall gaps to rounding. `importance` is one split over
/// the dimensions (a split per respondent does not reduce to sums).
///
/// ```
/// use custometrics::satisfaction::{servqual_from_sums, Instrument};
/// let inst = Instrument::new(vec!["a".into(), "b".into()], vec![0, 0, 1]).unwrap();
/// // servqual's example: two respondents, P − E = (−1, 1, 2) and (0, 0, −3).
/// let s = servqual_from_sums(&inst, 2, &[-1.0, 1.0, -1.0], Some(&[75.0, 25.0])).unwrap();
/// assert_eq!(s.item_gaps, vec![-0.5, 0.5, -0.5]);
/// assert_eq!(s.sample.unweighted, -0.25);
/// assert_eq!(s.sample.weighted, Some(-0.125));
/// ```
///
/// # Errors
/// `empty` for n = 0; `length_mismatch` for sums other than one per item or importance other
/// than one per dimension; `not_finite` for a sum that is not; `out_of_range`/`invalid` for
/// negative or all-zero importance.
pub fn servqual_from_sums(
    instrument: &Instrument,
    n: u64,
    item_gap_sums: &[f64],
    importance: Option<&[f64]>,
) -> Result<ServqualSample> {
    if n == 0 {
        return Err(Error::Empty { at: Location::scalar("n"), len: 0, min: 1 });
    }
    input::same_len("item_gap_sums", item_gap_sums.len(), "instrument items", instrument.items())?;
    input::all_finite("item_gap_sums", item_gap_sums)?;
    let k = instrument.dimensions();
    let shares = importance.map(|imp| input::weights("importance", imp, "dimensions", k)).transpose()?;
    let item_gaps: Vec<f64> = item_gap_sums.iter().map(|s| s / n as f64).collect();
    let sample = score(instrument.dimension_means(&item_gaps), shares.as_deref());
    // Gaps near the f64 limit can overflow the dimension sums: refused, never inf.
    if !(sample.unweighted.is_finite() && sample.dimension_gaps.iter().all(|g| g.is_finite())) {
        let j = (0..item_gaps.len()).max_by(|&a, &b| item_gaps[a].abs().total_cmp(&item_gaps[b].abs())).unwrap_or(0);
        return Err(Error::OutOfRange {
            at: Location::at("item_gap_sums", j),
            value: item_gap_sums[j],
            expected: "sums whose mean gaps and their means stay within the f64 range".into(),
        });
    }
    Ok(ServqualSample { dimensions: instrument.dimension_names.clone(), item_gaps, sample })
}

/// The error for ratings so near the top of the f64 range that a gap or a mean of them
/// overflows: `out_of_range` naming the rating of largest magnitude.
fn overflow_blame(matrices: &[&Matrix<'_>]) -> Error {
    let mut worst = (0.0f64, Location::scalar(matrices.first().map_or("ratings", |m| m.field())));
    for m in matrices {
        for (i, v) in m.data().iter().enumerate() {
            if v.abs() > worst.0 {
                worst = (v.abs(), Location::at(m.field(), i));
            }
        }
    }
    let (at, value) = match &worst.1.index {
        Some(i) => {
            (worst.1.clone(), matrices.iter().find(|m| m.field() == worst.1.field).map_or(worst.0, |m| m.data()[*i]))
        }
        None => (worst.1.clone(), worst.0),
    };
    Error::OutOfRange { at, value, expected: "the ratings whose gaps and their means stay within the f64 range".into() }
}

fn score(dimension_gaps: Vec<f64>, shares: Option<&[f64]>) -> ServqualScore {
    let unweighted = dimension_gaps.iter().sum::<f64>() / dimension_gaps.len() as f64;
    let weighted = shares.map(|w| dimension_gaps.iter().zip(w).map(|(g, w)| g * w).sum());
    ServqualScore { dimension_gaps, unweighted, weighted }
}

/// Importance points normalised to shares, one split or one per respondent.
fn importance_shares(importance: &[f64], rows: usize, k: usize) -> Result<Vec<f64>> {
    if importance.len() == k {
        return input::weights("importance", importance, "dimensions", k);
    }
    input::same_len("importance", importance.len(), "respondents × dimensions", rows * k)?;
    let mut out = Vec::with_capacity(importance.len());
    for (r, split) in importance.chunks_exact(k).enumerate() {
        out.extend(input::weights("importance", split, "dimensions", k).map_err(|e| e.relocated("importance", r * k))?);
    }
    Ok(out)
}

/// Where the perceived level falls against the zone of tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TolerancePosition {
    /// P < adequate: below the zone.
    Below,
    /// adequate ≤ P ≤ desired.
    Within,
    /// P > desired: above the zone (customer delight).
    Above,
}

/// Zone-of-tolerance figures of one item or dimension, as sample means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToleranceZone {
    /// Mean adequate (minimum acceptable) level A.
    #[serde(with = "crate::float_serde")]
    pub adequate: f64,
    /// Mean desired level D.
    #[serde(with = "crate::float_serde")]
    pub desired: f64,
    /// Mean perceived level P.
    #[serde(with = "crate::float_serde")]
    pub perceived: f64,
    /// Measure of service adequacy, P − A.
    #[serde(with = "crate::float_serde")]
    pub adequacy_gap: f64,
    /// Measure of service superiority, P − D.
    #[serde(with = "crate::float_serde")]
    pub superiority_gap: f64,
    /// Width of the zone, D − A.
    #[serde(with = "crate::float_serde")]
    pub width: f64,
    /// Where P falls.
    pub position: TolerancePosition,
}

impl ToleranceZone {
    fn new(adequate: f64, desired: f64, perceived: f64) -> Self {
        let position = if perceived < adequate {
            TolerancePosition::Below
        } else if perceived > desired {
            TolerancePosition::Above
        } else {
            TolerancePosition::Within
        };
        Self {
            adequate,
            desired,
            perceived,
            adequacy_gap: perceived - adequate,
            superiority_gap: perceived - desired,
            width: desired - adequate,
            position,
        }
    }
}

/// Zone of tolerance per item and per dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ZoneOfTolerance {
    /// Dimension names, in order.
    pub dimensions: Vec<String>,
    /// One zone per item.
    pub items: Vec<ToleranceZone>,
    /// One zone per dimension (means of its items).
    pub by_dimension: Vec<ToleranceZone>,
}

/// Zone of tolerance from respondent × item matrices of adequate, desired and perceived levels
/// (the three-column SERVQUAL format of Parasuraman, Zeithaml & Berry 1994).
///
/// ```
/// use custometrics::{Matrix, satisfaction::{zone_of_tolerance, Instrument, TolerancePosition}};
/// let inst = Instrument::new(vec!["all".into()], vec![0, 0]).unwrap();
/// let a = Matrix::new("adequate", &[5.0, 4.0], 2).unwrap();
/// let d = Matrix::new("desired", &[8.0, 6.0], 2).unwrap();
/// let p = Matrix::new("perceived", &[4.0, 7.0], 2).unwrap();
/// let z = zone_of_tolerance(&inst, &a, &d, &p).unwrap();
/// assert_eq!(z.items[0].position, TolerancePosition::Below);
/// assert_eq!(z.items[1].position, TolerancePosition::Above);
/// assert_eq!(z.by_dimension[0].adequacy_gap, 1.0);
/// ```
///
/// # Errors
/// As [`servqual`] for the matrices' shapes and values.
pub fn zone_of_tolerance(
    instrument: &Instrument,
    adequate: &Matrix<'_>,
    desired: &Matrix<'_>,
    perceived: &Matrix<'_>,
) -> Result<ZoneOfTolerance> {
    for m in [adequate, desired, perceived] {
        instrument.check_matrix(m)?;
    }
    desired.same_shape(adequate)?;
    perceived.same_shape(adequate)?;
    let (a, d, p) = (adequate.col_means(), desired.col_means(), perceived.col_means());
    let items = (0..instrument.items()).map(|j| ToleranceZone::new(a[j], d[j], p[j])).collect();
    let (da, dd, dp) = (instrument.dimension_means(&a), instrument.dimension_means(&d), instrument.dimension_means(&p));
    let by_dimension = (0..instrument.dimensions()).map(|k| ToleranceZone::new(da[k], dd[k], dp[k])).collect();
    let zone = ZoneOfTolerance { dimensions: instrument.dimension_names.clone(), items, by_dimension };
    let finite = |z: &ToleranceZone| {
        [z.adequate, z.desired, z.perceived, z.adequacy_gap, z.superiority_gap, z.width].iter().all(|x| x.is_finite())
    };
    if !zone.items.iter().chain(&zone.by_dimension).all(finite) {
        return Err(overflow_blame(&[adequate, desired, perceived]));
    }
    Ok(zone)
}

/// The options of [`servqual`] beside its instrument: dimension importance weights, `None` (the
/// default) for no weighted score.
///
/// ```
/// assert_eq!(custometrics::satisfaction::ServqualOptions::default().importance, None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ServqualOptions {
    /// Importance weights of the dimensions; `None` for none.
    #[serde(with = "crate::float_serde::option_vec")]
    pub importance: Option<Vec<f64>>,
    /// The rating scale of [`servqual_survey`] (its gaps' intervals stay in ±(max − min)).
    /// Default 1..=7, the 1988 instrument's.
    pub scale: Scale,
    /// The confidence of [`servqual_survey`]'s intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
}

impl Default for ServqualOptions {
    fn default() -> Self {
        Self { importance: None, scale: Scale { min: 1.0, max: 7.0 }, confidence: 0.95 }
    }
}

crate::codes::with_setters!(ServqualOptions { with_importance => importance: Option<Vec<f64>>, with_scale => scale: Scale, with_confidence => confidence: f64 });

/// SERVQUAL gaps of one segment (or the total), each with its Student t interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServqualEstimate {
    /// Dimension names, in order.
    pub dimensions: Vec<String>,
    /// Per dimension, the mean over respondents of their dimension gap (the mean P − E of the
    /// dimension's items), with its interval on [−(max − min), max − min].
    pub dimension_gaps: Vec<Mean>,
    /// The unweighted SERVQUAL score (the mean of a respondent's dimension gaps), averaged over
    /// respondents, with its interval.
    pub unweighted: Mean,
    /// The importance-weighted score, when importance was given.
    pub weighted: Option<Mean>,
}

/// SERVQUAL gaps per segment and in total, weighted when the design has weights, with Student t
/// intervals on [−(max − min), max − min] of the rating scale (see
/// [`mean_survey`](super::mean_survey)): each respondent's dimension gaps and scores are
/// [`servqual`]'s, and each figure is their (weighted) mean. Unweighted, a segment's figures are
/// [`servqual`]'s sample figures of its respondents.
///
/// ```
/// use custometrics::{Column, Matrix, satisfaction::{Design, Instrument, Scale, ServqualOptions, servqual_survey}};
/// let inst = Instrument::new(vec!["a".into(), "b".into()], vec![0, 0, 1])?;
/// let e = Matrix::new("expectations", &[5.0, 5.0, 5.0, 6.0, 6.0, 6.0, 5.0, 6.0, 7.0], 3)?;
/// let p = Matrix::new("perceptions", &[4.0, 6.0, 7.0, 6.0, 6.0, 3.0, 5.0, 5.0, 7.0], 3)?;
/// let region = [0u8, 0, 1];
/// let r = servqual_survey(&inst, &e, &p, &Design::segments(Column::from(&region[..])), &ServqualOptions::default())?;
/// let first = r.segments[0].as_ref().unwrap();
/// assert_eq!(first.unweighted.mean, -0.25); // servqual's example
/// assert!(r.total.dimension_gaps[1].ci_low >= -6.0); // the 1..=7 scale's widest gap
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`servqual`]; `out_of_range` naming `scale.max` for a scale whose width max − min
/// overflows; `out_of_range` naming the matrix and index of a rating off `options.scale`;
/// as [`nps_survey`](super::nps_survey) for the design, naming `perceptions` for its length (the
/// rows); `out_of_range` naming `confidence` outside (0, 1).
pub fn servqual_survey(
    instrument: &Instrument,
    expectations: &Matrix<'_>,
    perceptions: &Matrix<'_>,
    design: &Design<'_>,
    options: &ServqualOptions,
) -> Result<BySegment<ServqualEstimate>> {
    input::confidence("confidence", options.confidence)?;
    let scale = Scale::new(options.scale.min, options.scale.max)?;
    // The gaps' intervals live on [−width, width], which needs a finite width.
    let width = scale.max - scale.min;
    input::check("scale.max", scale.max, width.is_finite(), "a scale whose width max - min is a finite number")?;
    let rows = perceptions.rows();
    for (field, col) in [("segments", design.segments), ("weights", design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), perceptions.field(), rows)?;
        }
    }
    let s = servqual(instrument, expectations, perceptions, options.importance.as_deref())?;
    let on_scale = format!("the scale {}..={}", scale.min, scale.max);
    expectations.all_in(scale.min, scale.max, &on_scale)?;
    perceptions.all_in(scale.min, scale.max, &on_scale)?;
    let settings =
        MeanSettings { range: (-width, width), confidence: options.confidence, nan_policy: NanPolicy::Raise };
    let run = |value: &dyn Fn(&ServqualScore) -> f64| -> Result<BySegment<Mean>> {
        let values: Vec<f64> = s.respondents.iter().map(value).collect();
        means::derived_by_segment(perceptions.field(), &values, design, &settings)
    };
    let dims: Vec<BySegment<Mean>> =
        (0..instrument.dimensions()).map(|d| run(&|r: &ServqualScore| r.dimension_gaps[d])).collect::<Result<_>>()?;
    let unweighted = run(&|r: &ServqualScore| r.unweighted)?;
    let weighted =
        options.importance.as_ref().map(|_| run(&|r: &ServqualScore| r.weighted.unwrap_or(0.0))).transpose()?;
    let estimate = |k: Option<usize>| -> Option<ServqualEstimate> {
        Some(ServqualEstimate {
            dimensions: s.dimensions.clone(),
            dimension_gaps: dims.iter().map(|d| d.pick(k)).collect::<Option<_>>()?,
            unweighted: unweighted.pick(k)?,
            weighted: match &weighted {
                Some(w) => Some(w.pick(k)?),
                None => None,
            },
        })
    };
    let segments = (0..unweighted.segments.len()).map(|k| estimate(Some(k))).collect();
    let total =
        estimate(None).ok_or_else(|| Error::Empty { at: Location::scalar(perceptions.field()), len: 0, min: 1 })?;
    Ok(BySegment { segments, total })
}
