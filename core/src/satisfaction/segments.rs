//! Satisfaction measures of a survey in one pass: an optional segment code per answer (region,
//! channel, period …) and optional design weights, giving one result per segment and the total.
//!
//! One kernel ([`tally`]) reads the answers, the codes and the weights together, block by block
//! on every core, and keeps per segment and per answer category the count, Σw and Σw². Every
//! measure is then a function of those sums: the weighted shares Σw_c / Σw, Kish's effective
//! size (Σw)² / Σw², and the linearised (with-replacement) variance of a ratio estimator,
//! Σᵢ wᵢ² (yᵢ − ȳ)² / (Σw)² = Σ_c Σw²_c (y_c − ȳ)² / (Σw)², which is the unweighted variance when
//! every weight is 1.

use crate::error::{Error, Location, Result};
use crate::input::{self, Column, NanPolicy, column};
use crate::numerics::elementary as elem;
use crate::satisfaction::csat::{CsatOptions, RateOptions, Share, is_whole_below_2_52 as whole};
use crate::satisfaction::intervals;
use crate::satisfaction::nps::{Nps, NpsOptions};
use serde::{Deserialize, Serialize};

/// The survey design of a batch of answers: optional design weights and optional segment codes,
/// one per answer.
///
/// ```
/// use custometrics::{Column, satisfaction::{Design, NpsOptions, nps_survey}};
/// let scores = [10.0, 9.0, 3.0, 10.0, 7.0, 0.0];
/// let region = [0u8, 0, 0, 1, 1, 1];
/// let r = nps_survey(Column::from(&scores[..]), &Design::segments(Column::from(&region[..])), &NpsOptions::default())?;
/// let east = r.segments[0].as_ref().unwrap();
/// assert!((east.score - 100.0 / 3.0).abs() < 1e-12);
/// assert_eq!(r.total.n, 6);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Design<'a> {
    /// Design weights, 0 or in [1e-100, 1e100], not all 0 (`None`: every answer weighs 1).
    pub weights: Option<Column<'a>>,
    /// Segment codes, whole numbers in `0..n_segments` (`None`: one segment, the total); at most
    /// [`MAX_SEGMENTS`] segments.
    pub segments: Option<Column<'a>>,
    /// How many segments there are (codes `0..n_segments`); `None`: the largest code + 1.
    pub n_segments: Option<usize>,
}

impl<'a> Design<'a> {
    /// A design of segment codes only.
    pub fn segments(codes: Column<'a>) -> Self {
        Self { segments: Some(codes), ..Self::default() }
    }

    /// A design of weights only.
    pub fn weights(weights: Column<'a>) -> Self {
        Self { weights: Some(weights), ..Self::default() }
    }
}

/// One result per segment and the total over every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BySegment<T> {
    /// The result of segment `k` at index `k`; `None` for a segment without answers (or whose
    /// answers all weigh 0). Empty without segment codes.
    pub segments: Vec<Option<T>>,
    /// The result over every answer: the segments merged.
    pub total: T,
}

impl<T: Clone> BySegment<T> {
    /// Segment `k`'s result (`None` for one without answers), or the total's for `None`.
    pub(crate) fn pick(&self, k: Option<usize>) -> Option<T> {
        match k {
            None => Some(self.total.clone()),
            Some(k) => self.segments.get(k).cloned().flatten(),
        }
    }
}

/// Per segment: per answer category the answers, Σw and Σw², and the NaN answers when they are
/// propagated (omitted ones are no answers: a segment of them has none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cell<const C: usize> {
    pub n: [u64; C],
    pub w: [f64; C],
    pub w2: [f64; C],
    pub nan: u64,
}

impl<const C: usize> Default for Cell<C> {
    fn default() -> Self {
        Self { n: [0; C], w: [0.0; C], w2: [0.0; C], nan: 0 }
    }
}

impl<const C: usize> Cell<C> {
    fn add(&mut self, o: &Self) {
        for c in 0..C {
            self.n[c] += o.n[c];
            self.w[c] += o.w[c];
            self.w2[c] += o.w2[c];
        }
        self.nan += o.nan;
    }

    /// The cell of the answers in `self` and not in `part` (a sub-cell of it).
    fn without(&self, part: &Self) -> Self {
        let mut rest = *self;
        for c in 0..C {
            rest.n[c] -= part.n[c];
            rest.w[c] -= part.w[c];
            rest.w2[c] -= part.w2[c];
        }
        rest.nan -= part.nan;
        rest
    }

    fn answers(&self) -> u64 {
        self.n.iter().sum()
    }

    fn weight(&self) -> f64 {
        self.w.iter().sum()
    }

    /// Kish's effective sample size (Σw)² / Σw².
    fn effective_n(&self) -> f64 {
        let w = self.weight();
        w * w / self.w2.iter().sum::<f64>()
    }

    /// Σ_c Σw²_c (y_c − ȳ)² / (Σw)², the linearised variance of the weighted mean of y.
    fn variance(&self, y: [f64; C], mean: f64) -> f64 {
        let w = self.weight();
        (0..C).map(|c| self.w2[c] * (y[c] - mean) * (y[c] - mean)).sum::<f64>() / (w * w)
    }
}

/// Which input of a row failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bad {
    Value,
    Segment,
    Weight,
}

struct Chunk<const C: usize> {
    cells: Vec<Cell<C>>,
    bad: Option<(usize, Bad)>,
}

/// What an answer must be, and which category a valid one falls in.
pub(crate) struct Answers<'a, V, K> {
    pub field: &'a str,
    pub values: Column<'a>,
    pub nan_policy: NanPolicy,
    pub valid: V,
    pub expected: &'a str,
    pub category: K,
    /// `Some((lo, hi))` when `valid` is exactly "a whole number in lo..=hi" on a small scale (at
    /// most [`MAX_SPAN`] values): unweighted, the answers are then counted per scale value in one
    /// branch-free pass ([`tally_scale`]) and `category` is applied once per value.
    pub scale: Option<(f64, f64)>,
}

/// The most values of a scale [`tally_scale`] keeps a counter for per segment.
const MAX_SPAN: f64 = 64.0;

pub(crate) const SEGMENTS: &str = "segments";
/// The range of a positive design weight: their squares are summed, and 1e±100 keep the sums of
/// squares of billions of weights inside the `f64` range, where a larger weight would overflow
/// them (and a smaller one vanish) into a NaN or infinite standard error.
pub(crate) const MIN_WEIGHT: f64 = 1e-100;
pub(crate) const MAX_WEIGHT: f64 = 1e100;
/// Most segments one call takes: each block of rows keeps a cell per segment until the blocks
/// are merged (about 80 bytes each), so the count is bounded to keep memory proportionate.
pub const MAX_SEGMENTS: usize = 10_000;
pub(crate) const WEIGHTS: &str = "weights";

/// The cells of every segment (one cell without segment codes) in one pass over the answers,
/// codes and weights; the first failing row (its answer, then its code, then its weight) is the
/// error.
pub(crate) fn tally<const C: usize, V, K>(a: &Answers<'_, V, K>, design: &Design<'_>) -> Result<Vec<Cell<C>>>
where
    V: Fn(f64) -> bool + Sync + Send,
    K: Fn(f64) -> usize + Sync + Send,
{
    let n = a.values.len();
    for (field, col) in [(SEGMENTS, design.segments), (WEIGHTS, design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), a.field, n)?;
        }
    }
    let k = segment_count(design)?;
    let raise = a.nan_policy == NanPolicy::Raise;
    let propagate = a.nan_policy == NanPolicy::Propagate;
    let kf = k as f64;
    // Unweighted, Σw and Σw² are the counts, filled in once at the end.
    let weighted = design.weights.is_some();
    let row = |s: &mut Chunk<C>, i: usize, v: f64, code: f64, w: f64| {
        let nan = v.is_nan();
        let value_ok = if nan { !raise } else { (a.valid)(v) };
        let code_ok = (code >= 0.0) & (code < kf) && whole(code);
        let weight_ok = w == 0.0 || (MIN_WEIGHT..=MAX_WEIGHT).contains(&w);
        if !(value_ok && code_ok && weight_ok) {
            if s.bad.is_none() {
                let what = if !value_ok {
                    Bad::Value
                } else if !code_ok {
                    Bad::Segment
                } else {
                    Bad::Weight
                };
                s.bad = Some((i, what));
            }
            return;
        }
        let cell = &mut s.cells[code as usize];
        if nan {
            cell.nan += u64::from(propagate);
            return;
        }
        let c = (a.category)(v).min(C - 1);
        cell.n[c] += 1;
        if weighted {
            cell.w[c] += w;
            cell.w2[c] += w * w;
        }
    };
    if !weighted
        && let Some(scale) = a.scale
        && let Some(mut cells) = tally_scale::<C, V, K>(a, design.segments, k, scale)
    {
        for cell in &mut cells {
            cell.w = cell.n.map(|n| n as f64);
            cell.w2 = cell.w;
        }
        return Ok(cells);
    }
    let init = || Chunk { cells: vec![Cell::<C>::default(); k], bad: None };
    let chunks = match (design.segments, design.weights) {
        (None, None) => column::fold(&[a.values], n, init, |s, at, [v]| {
            v.iter().enumerate().for_each(|(j, &x)| row(s, at + j, x, 0.0, 1.0));
        }),
        (Some(g), None) => column::fold(&[a.values, g], n, init, |s, at, [v, g]| {
            v.iter().zip(g).enumerate().for_each(|(j, (&x, &c))| row(s, at + j, x, c, 1.0));
        }),
        (None, Some(w)) => column::fold(&[a.values, w], n, init, |s, at, [v, w]| {
            v.iter().zip(w).enumerate().for_each(|(j, (&x, &wt))| row(s, at + j, x, 0.0, wt));
        }),
        (Some(g), Some(w)) => column::fold(&[a.values, g, w], n, init, |s, at, [v, g, w]| {
            v.iter().zip(g).zip(w).enumerate().for_each(|(j, ((&x, &c), &wt))| row(s, at + j, x, c, wt));
        }),
    };
    if let Some((i, what)) = chunks.iter().find_map(|c| c.bad) {
        let (field, col, expected) = match what {
            Bad::Value => (a.field, Some(a.values), a.expected.to_owned()),
            Bad::Segment => (
                SEGMENTS,
                design.segments,
                format!("the segment codes: an integer in 0..{k} (at most {MAX_SEGMENTS} segments)"),
            ),
            Bad::Weight => (WEIGHTS, design.weights, "the design weights: 0 or in [1e-100, 1e100]".to_owned()),
        };
        let v = col.and_then(|c| c.get(i)).unwrap_or(f64::NAN);
        let at = Location::at(field, i);
        return Err(if v.is_nan() {
            Error::NotFinite { at, value: v }
        } else {
            input::out_of_range_or_not_finite(at, v, &expected)
        });
    }
    let mut cells = vec![Cell::<C>::default(); k];
    for chunk in &chunks {
        for (sum, c) in cells.iter_mut().zip(&chunk.cells) {
            sum.add(c);
        }
    }
    if !weighted {
        for cell in &mut cells {
            cell.w = cell.n.map(|n| n as f64);
            cell.w2 = cell.w;
        }
    }
    Ok(cells)
}

/// Unweighted answers on the small whole-number scale `lo..=hi`, counted per segment and per
/// scale value (and NaN) in one pass without branches: each row adds 1 to its segment's counter
/// for its value, or to a spare counter when the row fails. The categories are summed from the
/// counters at the end. `None` when any row fails, for [`tally`]'s row-by-row pass to find and
/// name the first; the counts are the same as that pass's.
fn tally_scale<const C: usize, V, K>(
    a: &Answers<'_, V, K>,
    codes: Option<Column<'_>>,
    k: usize,
    (lo, hi): (f64, f64),
) -> Option<Vec<Cell<C>>>
where
    V: Fn(f64) -> bool + Sync + Send,
    K: Fn(f64) -> usize + Sync + Send,
{
    struct Counts {
        counts: Vec<u64>,
        bad: bool,
    }
    let span = (hi - lo) as usize + 1;
    let width = span + 1; // the scale's values, then NaN
    let spare = k * width;
    let (raise, kf) = (a.nan_policy == NanPolicy::Raise, k as f64);
    let propagate = a.nan_policy == NanPolicy::Propagate;
    let count = |c: &mut Counts, v: f64, g: f64| {
        let nan = v.is_nan();
        let value_ok = (v >= lo) & (v <= hi) & whole(v);
        let code_ok = (g >= 0.0) & (g < kf) & whole(g);
        let ok = (value_ok | (nan & !raise)) & code_ok;
        let column = if nan { span } else { (v - lo) as usize };
        let slot = if ok { g as usize * width + column } else { spare };
        if let Some(n) = c.counts.get_mut(slot) {
            *n += 1;
        }
        c.bad |= !ok;
    };
    let n = a.values.len();
    let init = || Counts { counts: vec![0; spare + 1], bad: false };
    let chunks = match codes {
        None => column::fold(&[a.values], n, init, |c, _, [v]| v.iter().for_each(|&x| count(c, x, 0.0))),
        Some(g) => column::fold(&[a.values, g], n, init, |c, _, [v, g]| {
            v.iter().zip(g).for_each(|(&x, &code)| count(c, x, code));
        }),
    };
    if chunks.iter().any(|c| c.bad) {
        return None;
    }
    let mut counts = vec![0u64; spare];
    for chunk in &chunks {
        counts.iter_mut().zip(&chunk.counts).for_each(|(sum, x)| *sum += x);
    }
    let categories: Vec<usize> = (0..span).map(|j| (a.category)(lo + j as f64).min(C - 1)).collect();
    let cells = counts
        .chunks_exact(width)
        .map(|row| {
            let mut cell = Cell::<C>::default();
            row[..span].iter().zip(&categories).for_each(|(&n, &c)| cell.n[c] += n);
            cell.nan = if propagate { row[span] } else { 0 };
            cell
        })
        .collect();
    Some(cells)
}

/// The number of segments: as given (at least 1), or the largest code + 1 (codes that are not
/// whole numbers ≥ 0 are left for the tally to report).
pub(crate) fn segment_count(design: &Design<'_>) -> Result<usize> {
    let Some(codes) = design.segments else { return Ok(1) };
    if let Some(k) = design.n_segments {
        if k == 0 || k > MAX_SEGMENTS {
            return Err(Error::OutOfRange {
                at: Location::scalar("n_segments"),
                value: k as f64,
                expected: format!("1..={MAX_SEGMENTS} segments"),
            });
        }
        return Ok(k);
    }
    // Codes beyond the cap are left for the tally to report.
    const MAX: f64 = (MAX_SEGMENTS - 1) as f64;
    let tops = column::fold(
        &[codes],
        codes.len(),
        || 0.0f64,
        |m, _, [b]| {
            *m = b.iter().fold(*m, |m, &c| if (0.0..=MAX).contains(&c) && whole(c) { m.max(c) } else { m });
        },
    );
    Ok(tops.into_iter().fold(0.0f64, f64::max) as usize + 1)
}

/// Sums the segments' cells into the total's.
fn total<const C: usize>(cells: &[Cell<C>]) -> Cell<C> {
    let mut t = Cell::default();
    cells.iter().for_each(|c| t.add(c));
    t
}

/// Per segment and for the total, `f` of each cell with answers (weights not all 0); `None` for
/// the others. An error when the total has none.
fn by_segment<const C: usize, T>(
    field: &str,
    cells: &[Cell<C>],
    design: &Design<'_>,
    f: impl Fn(&Cell<C>) -> T,
) -> Result<BySegment<T>> {
    let t = total(cells);
    let has = |c: &Cell<C>| (c.answers() > 0 && c.weight() > 0.0) || c.nan > 0;
    if t.answers() > 0 && t.weight() == 0.0 {
        return Err(Error::Invalid {
            at: Location::scalar(WEIGHTS),
            value: "0 (their sum)".into(),
            expected: "design weights that are not all 0".into(),
        });
    }
    if !has(&t) {
        input::min_len(field, 0, 1)?;
    }
    let segments =
        if design.segments.is_some() { cells.iter().map(|c| has(c).then(|| f(c))).collect() } else { vec![] };
    Ok(BySegment { segments, total: f(&t) })
}

/// NPS per segment and in total, weighted when the design has weights.
///
/// Unweighted, each segment's result is the same, bit for bit, as [`nps`](super::nps) of its
/// answers; weighted, the shares are Σw-weighted, `effective_n` is Kish's, the standard error
/// is the linearised one and the interval methods use the effective size in place of `n`.
///
/// ```
/// use custometrics::{Column, satisfaction::{Design, NpsOptions, nps_survey}};
/// let scores = [10.0, 0.0];
/// let w = [3.0, 1.0];
/// let r = nps_survey(Column::from(&scores[..]), &Design::weights(Column::from(&w[..])), &NpsOptions::default())?;
/// assert_eq!(r.total.score, 50.0); // (3 − 1) / 4
/// assert_eq!(r.total.effective_n, 1.6); // 16 / 10
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`nps`](super::nps) for the scores; `length_mismatch` naming `segments` or `weights` of
/// another length than the scores; `out_of_range` (or `not_finite`) naming `segments[i]` for a
/// code that is not a whole number in `0..n_segments`, `weights[i]` for a weight that is
/// negative or not finite; `invalid` naming `weights` when they are all 0.
pub fn nps_survey(scores: Column<'_>, design: &Design<'_>, options: &NpsOptions) -> Result<BySegment<Nps>> {
    options.check()?;
    let weighted = design.weights.is_some();
    let a = nps_answers(scores, options.nan_policy);
    let cells = tally::<3, _, _>(&a, design)?;
    by_segment("scores", &cells, design, |c| nps_of_cell(c, weighted, options))
}

/// NPS answers as the tally reads them: whole numbers 0–10 in three categories, 0 promoter
/// (9–10), 1 passive (7–8), 2 detractor (0–6).
fn nps_answers(scores: Column<'_>, nan_policy: NanPolicy) -> Answers<'_, impl Fn(f64) -> bool, impl Fn(f64) -> usize> {
    Answers {
        field: "scores",
        values: scores,
        nan_policy,
        valid: |v: f64| (0.0..=10.0).contains(&v) && whole(v),
        expected: "the NPS scale: an integer in 0..=10",
        category: |v: f64| usize::from(v < 9.0) + usize::from(v < 7.0),
        scale: Some((0.0, 10.0)),
    }
}

/// The NPS of one cell.
fn nps_of_cell(c: &Cell<3>, weighted: bool, options: &NpsOptions) -> Nps {
    if c.nan > 0 && options.nan_policy == NanPolicy::Propagate {
        return Nps::propagated(c.answers() + c.nan, options);
    }
    if !weighted {
        return Nps::unweighted(c.n, options);
    }
    let w = c.weight();
    let (pp, pd) = (c.w[0] / w, c.w[2] / w);
    let se = 100.0 * c.variance([1.0, 0.0, -1.0], pp - pd).sqrt();
    Nps::from_shares(c.n, (pp, pd, c.effective_n()), se, options)
}

/// One segment's NPS against the NPS of every other answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VersusRest {
    /// The segment's NPS.
    #[serde(with = "crate::float_serde")]
    pub score: f64,
    /// The NPS of the answers outside the segment.
    #[serde(with = "crate::float_serde")]
    pub rest_score: f64,
    /// `score − rest_score`, in points.
    #[serde(with = "crate::float_serde")]
    pub difference: f64,
    /// Standard error of the difference (the two samples are disjoint, so independent).
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// Two-sided p-value of the z-test of no difference (0 when both sides are unanimous and
    /// differ: the difference is certain).
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// The p-value adjusted for testing every segment (Holm 1979), what to compare with α.
    #[serde(with = "crate::float_serde")]
    pub p_holm: f64,
    /// Lower end of the Wald interval of the difference, in [−200, 200].
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the Wald interval of the difference, in [−200, 200].
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
}

/// Each segment's NPS against the rest of the answers: the difference, its Wald interval, a
/// two-sided z-test and Holm's step-down adjustment over the segments tested. `None` for a
/// segment without answers or without any answer outside it.
///
/// ```
/// use custometrics::{Column, satisfaction::{Design, NpsOptions, nps_versus_rest}};
/// let scores = [10.0, 10.0, 9.0, 10.0, 0.0, 1.0, 2.0, 8.0];
/// let region = [0u8, 0, 0, 0, 1, 1, 1, 1];
/// let t = nps_versus_rest(Column::from(&scores[..]), &Design::segments(Column::from(&region[..])), &NpsOptions::default())?;
/// let east = t[0].as_ref().unwrap();
/// assert_eq!(east.difference, 175.0); // 100 − (−75)
/// assert!(east.p_holm >= east.p_value);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`nps_survey`]; `invalid` naming `segments` when the design has none.
pub fn nps_versus_rest(
    scores: Column<'_>,
    design: &Design<'_>,
    options: &NpsOptions,
) -> Result<Vec<Option<VersusRest>>> {
    require_segments(design, "segment codes, one per answer")?;
    let wald = NpsOptions { method: super::NpsMethod::Wald, ..*options };
    wald.check()?;
    let weighted = design.weights.is_some();
    let a = nps_answers(scores, options.nan_policy);
    let cells = tally::<3, _, _>(&a, design)?;
    let t = by_segment("scores", &cells, &Design::default(), |c| *c)?.total;
    let z = crate::numerics::stats::z_two_sided(options.confidence);
    let mut out: Vec<Option<VersusRest>> = cells
        .iter()
        .map(|c| {
            let rest = t.without(c);
            let usable = |c: &Cell<3>| c.answers() > 0 && c.weight() > 0.0;
            if !usable(c) || !usable(&rest) || c.nan > 0 && options.nan_policy == NanPolicy::Propagate {
                return None;
            }
            let (a, b) = (nps_of_cell(c, weighted, &wald), nps_of_cell(&rest, weighted, &wald));
            let difference = a.score - b.score;
            let std_error = elem::hypot(a.std_error, b.std_error);
            let p_value = if std_error > 0.0 {
                crate::numerics::stats::p_two_sided(difference / std_error)
            } else if difference == 0.0 {
                1.0
            } else {
                0.0
            };
            let (ci_low, ci_high) = intervals::nps_difference_interval(difference, z * std_error);
            Some(VersusRest {
                score: a.score,
                rest_score: b.score,
                difference,
                std_error,
                p_value,
                p_holm: p_value,
                ci_low,
                ci_high,
            })
        })
        .collect();
    let adjusted = holm(&out.iter().map(|t| t.as_ref().map(|t| t.p_value)).collect::<Vec<_>>());
    for (t, p) in out.iter_mut().zip(adjusted) {
        if let (Some(t), Some(p)) = (t.as_mut(), p) {
            t.p_holm = p;
        }
    }
    Ok(out)
}

/// Pearson's chi-square test that the three NPS categories (promoters, passives, detractors)
/// are spread alike in every segment: the segments × categories table of counts against the
/// counts expected from its margins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CategoryTest {
    /// Σ (observed − expected)² / expected over the cells of the segments and categories that
    /// have answers.
    #[serde(with = "crate::float_serde")]
    pub statistic: f64,
    /// (segments with answers − 1) × (categories with answers − 1).
    pub dof: u64,
    /// P(χ² ≥ statistic) with `dof` degrees of freedom.
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// Cramér's V, √(statistic / (n · (min(segments, categories) − 1))): 0 for no association, 1
    /// when the segment determines the category.
    #[serde(with = "crate::float_serde")]
    pub cramers_v: f64,
    /// The answers counted.
    pub n: u64,
    /// The segments with answers (the table's rows).
    pub segments: u64,
    /// The smallest expected count: the chi-square approximation wants every expected count at
    /// least 5 (Cochran 1954); below that, say so or merge segments.
    #[serde(with = "crate::float_serde")]
    pub min_expected: f64,
}

/// Pearson's chi-square test of independence of the segment and the NPS category (promoter 9–10,
/// passive 7–8, detractor 0–6), on the counts of the answers: whether the mix of answers, not
/// only the score, differs between segments. Segments without answers are left out, and so is a
/// category no segment has.
///
/// ```
/// use custometrics::{Column, satisfaction::{Design, NpsOptions, nps_chi_square}};
/// // 2 × 2 table of promoters and detractors: [[30, 10], [10, 30]]
/// let scores: Vec<f64> = [&[10.0; 30][..], &[0.0; 10], &[10.0; 10], &[0.0; 30]].concat();
/// let region: Vec<f64> = [[0.0; 40], [1.0; 40]].concat();
/// let t = nps_chi_square(Column::from(&scores[..]), &Design::segments(Column::from(&region[..])), &NpsOptions::default())?;
/// assert!((t.statistic - 20.0).abs() < 1e-12 && t.dof == 1); // 4 · 10² / 20
/// assert!((t.cramers_v - 0.5).abs() < 1e-12); // √(20 / 80)
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`nps_survey`] for the scores and codes; `invalid` naming `segments` when the design has
/// none or fewer than two segments have answers, naming `scores` when the answers fall in one
/// category only, and naming `weights` for a weighted design (the test counts answers; weighted
/// counts need a design-based correction such as Rao and Scott's, which is not implemented).
/// Under `nan_policy = "propagate"` a NaN answer makes the statistic, p-value and V NaN.
pub fn nps_chi_square(scores: Column<'_>, design: &Design<'_>, options: &NpsOptions) -> Result<CategoryTest> {
    require_segments(design, "segment codes, one per answer")?;
    if design.weights.is_some() {
        return Err(Error::Invalid {
            at: Location::scalar(WEIGHTS),
            value: "given".into(),
            expected: "no design weights: the chi-square test counts answers (a weighted test needs a \
                       Rao-Scott correction, not implemented)"
                .into(),
        });
    }
    options.check()?;
    let cells = tally::<3, _, _>(&nps_answers(scores, options.nan_policy), design)?;
    let rows: Vec<&Cell<3>> = cells.iter().filter(|c| c.answers() > 0).collect();
    let t = total(&cells);
    if t.answers() == 0 {
        input::min_len("scores", 0, 1)?;
    }
    if rows.len() < 2 {
        return Err(Error::Invalid {
            at: Location::scalar(SEGMENTS),
            value: format!("{} segment(s) with answers", rows.len()),
            expected: "answers in at least two segments".into(),
        });
    }
    let used: Vec<usize> = (0..3).filter(|&c| t.n[c] > 0).collect();
    if used.len() < 2 {
        return Err(Error::Invalid {
            at: Location::scalar("scores"),
            value: "every answer in one NPS category".into(),
            expected: "answers in at least two of promoters, passives and detractors".into(),
        });
    }
    let n = t.answers();
    let nf = n as f64;
    let (mut statistic, mut min_expected) = (0.0f64, f64::INFINITY);
    for row in &rows {
        let r = row.answers() as f64;
        for &c in &used {
            let expected = r * t.n[c] as f64 / nf;
            let d = row.n[c] as f64 - expected;
            statistic += d * d / expected;
            min_expected = min_expected.min(expected);
        }
    }
    let dof = ((rows.len() - 1) * (used.len() - 1)) as u64;
    let propagated = options.nan_policy == NanPolicy::Propagate && t.nan > 0;
    if propagated {
        statistic = f64::NAN;
    }
    let smaller = rows.len().min(used.len()) as f64;
    Ok(CategoryTest {
        statistic,
        dof,
        p_value: crate::numerics::stats::chi_square_sf(statistic, dof as f64),
        cramers_v: (statistic / (nf * (smaller - 1.0))).sqrt(),
        n,
        segments: rows.len() as u64,
        min_expected,
    })
}

/// A linear trend over ordered periods: each period's estimate and the least-squares slope of the
/// answers' values on their period's code, in the measure's units per period (NPS points for
/// [`nps_trend`], the scale's units for [`mean_trend`](super::mean_trend)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Trend<T> {
    /// The estimate per period (index = period code; `None` for a period without answers).
    pub periods: Vec<Option<T>>,
    /// Change per period, in the measure's units.
    #[serde(with = "crate::float_serde")]
    pub slope: f64,
    /// Standard error of the slope: ordinary least squares' over the answers, with Kish's
    /// effective sample size in place of the answers' count when weighted.
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// `slope / std_error`, Student's t with `dof` degrees of freedom: 0 when there is no slope
    /// and no scatter, absent (`None`) when the answers lie exactly on a sloped line.
    #[serde(default, with = "crate::float_serde::option")]
    pub t: Option<f64>,
    /// Degrees of freedom: the answers − 2, or Kish's effective sample size (Σw)² / Σw² − 2
    /// when weighted.
    #[serde(with = "crate::float_serde")]
    pub dof: f64,
    /// Two-sided p-value of the t-test of no trend (0 when `t` is absent).
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// Lower end of the interval of the slope.
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the interval of the slope.
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
}

/// The linear trend of the NPS over ordered periods: the least-squares slope of each answer's
/// value (+100 promoter, 0 passive, −100 detractor) on its period's code, in points per period.
pub type NpsTrend = Trend<Nps>;

/// The share of the magnitude of the terms a line's sums of squares are made of below which a
/// sum of squares is rounding (see `fitted_line`): 10⁴ ulps, far above the rounding of those sums
/// and of their difference, and far below any scatter answers on a rating scale can have.
const RESIDUAL_ROUNDING: f64 = 1e4 * f64::EPSILON;

/// The (weighted) least-squares line of answers' values on their period codes, from the centred
/// sums Σw(x − x̄)², Σw(x − x̄)(y − ȳ) and Σw(y − ȳ)² (`sums`, with y in units of `unit`) and the
/// effective sample size `n` (the answers' count unweighted): the slope per period, its standard
/// error, the t-test on n − 2 degrees of freedom and the interval; all NaN when a NaN answer was
/// `propagated`.
///
/// `magnitude` is the sum of the absolute values of the terms Σw(y − ȳ)² was computed from (the
/// sum itself when its terms are squares): its rounding is a few ulps of that. Below
/// [`RESIDUAL_ROUNDING`] of it, Σw(y − ȳ)² is no scatter at all — every answer is equal, the line
/// is flat (slope 0, p-value 1) — and the residual Σw(y − ȳ)² − b·Σw(x − x̄)(y − ȳ) is a line
/// through every answer (standard error 0): neither is a t made of rounding, whichever way the
/// periods run.
///
/// Weighted, the error variance is the weighted mean square of the residuals scaled by
/// n/(n − 2), and the slope's variance that over n times the weighted variance of the periods:
/// ordinary least squares with Kish's effective n for the count, the design effect of unequal
/// weights. The weights' scale cancels, and weights of 1 give the unweighted line to the bit.
pub(crate) fn fitted_line<T>(
    periods: Vec<Option<T>>,
    n: f64,
    (sxx, sxy, syy): (f64, f64, f64),
    magnitude: f64,
    unit: f64,
    confidence: f64,
    propagated: bool,
) -> Trend<T> {
    let dof = n - 2.0;
    if propagated {
        let nan = f64::NAN;
        let (slope, std_error, p_value, ci_low, ci_high) = (nan, nan, nan, nan, nan);
        return Trend { periods, slope, std_error, t: Some(nan), dof, p_value, ci_low, ci_high };
    }
    let rounding = magnitude * RESIDUAL_ROUNDING;
    let slope = if syy <= rounding { 0.0 } else { sxy / sxx };
    let sse = syy - slope * sxy;
    let sse = if sse <= rounding { 0.0 } else { sse };
    let std_error = (sse / dof / sxx).sqrt() * unit;
    let slope = slope * unit;
    let (t, p_value) = if std_error > 0.0 {
        let t = slope / std_error;
        (Some(t), crate::numerics::stats::t_p_two_sided(t, dof))
    } else if slope == 0.0 {
        (Some(0.0), 1.0)
    } else {
        (None, 0.0)
    };
    let half = crate::numerics::stats::t_two_sided(confidence, dof) * std_error;
    Trend { periods, slope, std_error, t, dof, p_value, ci_low: slope - half, ci_high: slope + half }
}

/// The NPS trend over periods (the design's segment codes, in time order: code k is period k),
/// in one pass: the NPS of each period with its interval, and the least-squares slope of the
/// answers' values (+100, 0, −100) on the period code with its t-test and interval. The slope
/// of the answers, not of the period scores, so a period weighs by its answers and a unanimous
/// period needs no special case. With design weights the period scores are weighted, the line is
/// weighted least squares, and its standard error and degrees of freedom take Kish's effective
/// sample size for the count (see `fitted_line`): weights of 1 give the unweighted trend.
///
/// ```
/// use custometrics::{Column, satisfaction::{Design, NpsOptions, nps_trend}};
/// // Three quarters: 0 of 2 promoters, 1 of 2, 2 of 2 (the rest detractors).
/// let scores = [0.0, 0.0, 10.0, 0.0, 10.0, 10.0];
/// let quarter = [0u8, 0, 1, 1, 2, 2];
/// let t = nps_trend(Column::from(&scores[..]), &Design::segments(Column::from(&quarter[..])), &NpsOptions::default())?;
/// assert!((t.slope - 100.0).abs() < 1e-12); // −100, 0, +100
/// assert_eq!(t.dof, 4.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`nps_survey`]; `invalid` naming `segments` when the design has none or fewer than two
/// periods have answers, naming `weights` for weights whose effective sample size is 2 or less;
/// `empty` naming `scores` for fewer than three answers. Under `nan_policy = "propagate"` a NaN
/// answer makes the slope and its test NaN.
pub fn nps_trend(scores: Column<'_>, design: &Design<'_>, options: &NpsOptions) -> Result<NpsTrend> {
    trend_design(design)?;
    options.check()?;
    let cells = tally::<3, _, _>(&nps_answers(scores, options.nan_policy), design)?;
    let periods = by_segment("scores", &cells, design, |c| nps_of_cell(c, design.weights.is_some(), options))?.segments;
    two_periods(cells.iter().filter(|c| c.answers() > 0).count())?;
    // Weighted sums over the answers of x (the period), y (+100/0/−100) and their products, by
    // cell (unweighted, each Σw is the count).
    const Y: [f64; 3] = [100.0, 0.0, -100.0];
    let (mut w, mut w2, mut sx, mut sy, mut answers) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0u64);
    for (k, c) in cells.iter().enumerate() {
        for (((&cw, &cw2), &m), y) in c.w.iter().zip(&c.w2).zip(&c.n).zip(Y) {
            w += cw;
            w2 += cw2;
            sx += cw * k as f64;
            sy += cw * y;
            answers += m;
        }
    }
    let n = trend_size("scores", answers, (w, w2), design.weights.is_some())?;
    let (mx, my) = (sx / w, sy / w);
    let (mut sxx, mut sxy, mut syy) = (0.0f64, 0.0f64, 0.0f64);
    for (k, c) in cells.iter().enumerate() {
        let dx = k as f64 - mx;
        for (j, &m) in c.w.iter().enumerate() {
            let dy = Y[j] - my;
            sxx += m * dx * dx;
            sxy += m * dx * dy;
            syy += m * dy * dy;
        }
    }
    let propagated = options.nan_policy == NanPolicy::Propagate && cells.iter().any(|c| c.nan > 0);
    Ok(fitted_line(periods, n, (sxx, sxy, syy), syy, 1.0, options.confidence, propagated))
}

/// A trend's design: period codes, one per answer (`invalid` naming `segments` otherwise).
pub(crate) fn trend_design(design: &Design<'_>) -> Result<()> {
    require_segments(design, "period codes, one per answer")
}

/// The sample size a trend's line is fitted on: the `answers` (at least 3, as a line through two
/// has no scatter to estimate its error from; `empty` naming `field`), or when `weighted` Kish's
/// effective size (Σw)² / Σw² of the weights `(Σw, Σw²)`, which must exceed 2 for the same reason
/// (`invalid` naming `weights`).
pub(crate) fn trend_size(field: &str, answers: u64, (w, w2): (f64, f64), weighted: bool) -> Result<f64> {
    input::min_len(field, usize::try_from(answers).unwrap_or(usize::MAX), 3)?;
    if !weighted {
        return Ok(answers as f64);
    }
    let effective = w * w / w2;
    if effective.is_nan() || effective <= 2.0 {
        return Err(Error::Invalid {
            at: Location::scalar(WEIGHTS),
            value: format!("weights whose effective sample size (Σw)² / Σw² is {effective}"),
            expected: "design weights with an effective sample size above 2, the answers a line needs to \
                       estimate its error"
                .into(),
        });
    }
    Ok(effective)
}

/// A line needs answers in two periods at least: `invalid` naming `segments` otherwise.
pub(crate) fn two_periods(used: usize) -> Result<()> {
    if used < 2 {
        return Err(Error::Invalid {
            at: Location::scalar(SEGMENTS),
            value: format!("{used} period(s) with answers"),
            expected: "answers in at least two periods".into(),
        });
    }
    Ok(())
}

/// An `invalid` error naming `segments` when the design has none.
pub(crate) fn require_segments(design: &Design<'_>, expected: &str) -> Result<()> {
    match design.segments {
        Some(_) => Ok(()),
        None => Err(Error::Invalid { at: Location::scalar(SEGMENTS), value: "None".into(), expected: expected.into() }),
    }
}

/// Holm's step-down adjustment (Holm 1979) of the p-values present: the k-th smallest of m
/// becomes max over j ≤ k of min(1, (m − j + 1) p₍ⱼ₎). A NaN p-value (a propagated NaN) is no
/// test: it is not counted in m and its adjusted value is `None`.
pub(crate) fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let value = |i: usize| p[i].unwrap_or(f64::NAN);
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !value(i).is_nan()).collect();
    crate::numerics::sort::by_key(&mut order, &value, false);
    let m = order.len();
    let mut out = vec![None; p.len()];
    let mut running = 0.0f64;
    for (k, &i) in order.iter().enumerate() {
        running = running.max(((m - k) as f64 * value(i)).min(1.0));
        out[i] = Some(running);
    }
    out
}

/// A share from a cell of hits (category 0) and misses (category 1).
fn share(c: &Cell<2>, weighted: bool, method: super::ProportionMethod, confidence: f64, propagate: bool) -> Share {
    let (count, n) = (c.n[0], c.answers());
    if propagate && c.nan > 0 {
        return Share::propagated(count, n + c.nan, method, confidence);
    }
    if !weighted {
        return Share::of_counts(count, n, method, confidence);
    }
    let p = c.w[0] / c.weight();
    let se = c.variance([1.0, 0.0], p).sqrt();
    Share::of_shares(count, n, (p, c.effective_n()), se, method, confidence)
}

/// CSAT per segment and in total, weighted when the design has weights (see [`nps_survey`]).
///
/// ```
/// use custometrics::{Column, satisfaction::{CsatOptions, Design, csat_survey}};
/// let r = csat_survey(Column::from(&[5u8, 4, 1, 2][..]), &Design::default(), &CsatOptions::default())?;
/// assert_eq!(r.total.share, 0.5);
/// assert!(r.total.ci_low > 0.0 && r.total.ci_high < 1.0); // Wilson
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`csat`](super::csat) and [`nps_survey`].
pub fn csat_survey(responses: Column<'_>, design: &Design<'_>, options: &CsatOptions) -> Result<BySegment<Share>> {
    let threshold = options.check()?;
    let points = f64::from(options.scale_points);
    let expected = format!("the scale: an integer in 1..={}", options.scale_points);
    let a = Answers {
        field: "responses",
        values: responses,
        nan_policy: options.nan_policy,
        // points < 2³², so a v on the scale is below 2⁵².
        valid: |v: f64| (v >= 1.0) & (v <= points) && whole(v),
        expected: &expected,
        category: |v: f64| usize::from(v < threshold),
        scale: (points <= MAX_SPAN).then_some((1.0, points)),
    };
    let cells = tally::<2, _, _>(&a, design)?;
    let propagate = options.nan_policy == NanPolicy::Propagate;
    by_segment("responses", &cells, design, |c| {
        share(c, design.weights.is_some(), options.method, options.confidence, propagate)
    })
}

/// The satisfaction rate (share of ratings ≥ `threshold`) per segment and in total, weighted
/// when the design has weights (see [`nps_survey`]).
///
/// # Errors
/// As [`satisfaction_rate`](super::satisfaction_rate) and [`nps_survey`].
pub fn satisfaction_rate_survey(
    ratings: Column<'_>,
    threshold: f64,
    design: &Design<'_>,
    options: &RateOptions,
) -> Result<BySegment<Share>> {
    input::finite("threshold", threshold)?;
    options.check()?;
    let a = Answers {
        field: "ratings",
        values: ratings,
        nan_policy: options.nan_policy,
        valid: f64::is_finite,
        expected: "the finite numbers",
        category: |v: f64| usize::from(v < threshold),
        scale: None,
    };
    let cells = tally::<2, _, _>(&a, design)?;
    let propagate = options.nan_policy == NanPolicy::Propagate;
    by_segment("ratings", &cells, design, |c| {
        share(c, design.weights.is_some(), options.method, options.confidence, propagate)
    })
}
