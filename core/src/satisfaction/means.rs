//! Means of survey answers on a bounded scale (trust scores, satisfaction indices, gaps) by
//! segment and weighted, each with a Student t interval that stays on the scale.
//!
//! One kernel ([`moments`]) reads the values, the segment codes and the design weights together,
//! block by block on every core, and keeps per segment the answers, Σw, Σwy, Σw², Σw²y and Σw²y²
//! (of y less a fixed shift, the scale's midpoint, so the sums of squares keep their digits, in
//! units of a power of two near the scale's half-width, so they stay finite on any finite scale)
//! and the smallest and largest answer. Sums add, so the segments' moments merged are the total's.
//! From them:
//!
//! - the weighted mean ȳ = Σwy / Σw;
//! - Kish's effective sample size n_eff = (Σw)² / Σw²;
//! - the linearised (with-replacement) variance of the weighted mean,
//!   v = m / (m − 1) · Σ w²(y − ȳ)² / (Σw)² over the m answers of positive weight, which with
//!   every weight 1 is s² / n, the textbook variance of a mean;
//! - the interval ȳ ± t · √v with t Student's two-sided quantile on n_eff − 1 degrees of
//!   freedom, clipped to the scale.
//!
//! A sample without spread (one answer, or every answer the same value v) has no variance to
//! estimate, and a t interval of width 0 would claim certainty. Its interval is instead the one
//! that the answers allow without any assumption on their distribution: if a share p of the
//! population answered something other than v, n answers (n_eff, weighted) would all be v with
//! probability (1 − p)ⁿ, so p ≤ p̄ = 1 − (1 − confidence)^(1/n) (the Clopper–Pearson bound for 0
//! of n; for 95 % about 3/n, the "rule of three"), and the mean lies in
//! [v − p̄ (v − min), v + p̄ (max − v)]. Its `note` says so. With one answer p̄ is the confidence
//! itself: nearly the whole scale.

use crate::error::{Error, Location, Result};
use crate::input::{self, Column, NanPolicy, column};
use crate::numerics::elementary as elem;
use crate::numerics::parallel;
use crate::numerics::stats;
use crate::satisfaction::csat::is_whole_below_2_52 as whole;
use crate::satisfaction::segments::{
    BySegment, Design, MAX_SEGMENTS, MAX_WEIGHT, MIN_WEIGHT, SEGMENTS, Trend, WEIGHTS, fitted_line, holm,
    require_segments, segment_count, trend_design, trend_size, two_periods,
};
use serde::{Deserialize, Serialize};

/// A mean with its standard error and Student t interval, on the scale of the values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mean {
    /// The (weighted) mean, on the scale of the values (NaN when propagating a NaN).
    #[serde(with = "crate::float_serde")]
    pub mean: f64,
    /// Answers counted (NaN answers omitted are not; propagated ones are).
    pub n: u64,
    /// Kish's effective sample size (Σw)² / Σw²: `n` when unweighted.
    #[serde(with = "crate::float_serde")]
    pub effective_n: f64,
    /// Standard error of the mean: s / √n, or the linearised one when weighted. 0 for a sample
    /// without spread (see `note`).
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// Degrees of freedom of the t interval: `effective_n` − 1.
    #[serde(with = "crate::float_serde")]
    pub dof: f64,
    /// Lower end of the interval, on the scale.
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the interval, on the scale.
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
    /// The confidence level of the interval.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// Why the interval is not a t interval, when it is not: a sample without spread gets the
    /// distribution-free bound of the module docs.
    pub note: Option<String>,
}

impl Mean {
    fn propagated(n: u64, confidence: f64) -> Self {
        let nan = f64::NAN;
        Self {
            mean: nan,
            n,
            effective_n: nan,
            std_error: nan,
            dof: nan,
            ci_low: nan,
            ci_high: nan,
            confidence,
            note: None,
        }
    }
}

/// Per segment: the answers, their weighted sums of the shifted value and its square, the
/// smallest and largest answer of positive weight, and the NaN answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moments {
    /// Valid answers (any weight).
    pub n: u64,
    /// Answers of positive weight.
    pub positive: u64,
    pub nan: u64,
    pub w: f64,
    pub wy: f64,
    pub w2: f64,
    pub w2y: f64,
    pub w2y2: f64,
    /// Σwy², the weighted trend's sum of squares.
    pub wy2: f64,
    pub min: f64,
    pub max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Self {
            n: 0,
            positive: 0,
            nan: 0,
            w: 0.0,
            wy: 0.0,
            w2: 0.0,
            w2y: 0.0,
            w2y2: 0.0,
            wy2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Moments {
    #[inline(always)]
    fn push(&mut self, y: f64, w: f64) {
        self.n += 1;
        if w > 0.0 {
            let w2 = w * w;
            self.positive += 1;
            self.w += w;
            self.wy += w * y;
            self.w2 += w2;
            self.w2y += w2 * y;
            self.w2y2 += w2 * y * y;
            self.wy2 += w * y * y;
            // Compares, not f64::min/max: the same result (a NaN leaves both as they are), but
            // those are calls to libm's fmin/fmax in WebAssembly, a fifth of `mean`'s time there.
            if y < self.min {
                self.min = y;
            }
            if y > self.max {
                self.max = y;
            }
        }
    }

    pub(crate) fn add(&mut self, o: &Self) {
        self.n += o.n;
        self.positive += o.positive;
        self.nan += o.nan;
        self.w += o.w;
        self.wy += o.wy;
        self.w2 += o.w2;
        self.w2y += o.w2y;
        self.w2y2 += o.w2y2;
        self.wy2 += o.wy2;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// Whether the cell has a result: answers of positive weight, or NaN answers.
    fn has(&self) -> bool {
        self.positive > 0 || self.nan > 0
    }
}

/// What the values must be: the field named in errors, the scale `lo..=hi` they lie on (which
/// the interval is clipped to) and whether a value off it is an error (`checked`) or cannot
/// occur (values the caller derived from validated ratings). One type, not a closure, so the
/// kernel is compiled once (the WebAssembly module's size).
pub(crate) struct Values<'a> {
    pub field: &'a str,
    pub values: Column<'a>,
    pub nan_policy: NanPolicy,
    pub checked: bool,
    pub expected: &'a str,
    pub range: (f64, f64),
}

/// The mean of `values` derived from ratings already checked on their scale (a respondent's
/// gap, score or column), per segment of `design` and in total, on `settings`: the one pass the
/// survey forms of SERVQUAL, disconfirmation and IPA make per figure.
pub(crate) fn derived_by_segment(
    field: &str,
    values: &[f64],
    design: &Design<'_>,
    settings: &MeanSettings,
) -> Result<BySegment<Mean>> {
    let a = Values {
        field,
        values: Column::F64(values),
        nan_policy: NanPolicy::Raise,
        checked: false, // derived from ratings checked on the scale
        expected: "",
        range: settings.range,
    };
    let cells = moments(&a, design)?;
    by_segment_of(field, &cells, design, |c| mean_of(c, settings))
}

/// Which input of a row failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bad {
    Value,
    Segment,
    Weight,
}

#[derive(Debug, Clone)]
struct Chunk {
    cells: Vec<Moments>,
    bad: Option<(usize, Bad)>,
}

/// What a row of [`moments`] must be to count, and how it is counted.
#[derive(Debug, Clone, Copy)]
struct Rules {
    raise: bool,
    propagate: bool,
    checked: bool,
    range: (f64, f64),
    segments: f64,
    shift: f64,
    /// 1 / the unit of [`centre`]: exact, a power of two.
    per_unit: f64,
}

impl Rules {
    fn new(a: &Values<'_>, segments: usize) -> Self {
        let (shift, unit) = centre(a.range);
        Self {
            raise: a.nan_policy == NanPolicy::Raise,
            propagate: a.nan_policy == NanPolicy::Propagate,
            checked: a.checked,
            range: a.range,
            segments: segments as f64,
            shift,
            per_unit: 1.0 / unit,
        }
    }

    /// Whether the row counts; the first row that does not (its value, then its code, then its
    /// weight) goes into `bad`.
    #[inline(always)]
    fn valid(self, bad: &mut Option<(usize, Bad)>, i: usize, v: f64, code: f64, w: f64) -> bool {
        let value_ok =
            if v.is_nan() { !self.raise } else { !self.checked || (v >= self.range.0) & (v <= self.range.1) };
        let code_ok = (code >= 0.0) & (code < self.segments) && whole(code);
        let weight_ok = w == 0.0 || (MIN_WEIGHT..=MAX_WEIGHT).contains(&w);
        if value_ok && code_ok && weight_ok {
            return true;
        }
        if bad.is_none() {
            *bad = Some((
                i,
                if !value_ok {
                    Bad::Value
                } else if !code_ok {
                    Bad::Segment
                } else {
                    Bad::Weight
                },
            ));
        }
        false
    }

    /// Rows of weight 1 without segments (no weights, no codes) from `at` on, into the chunk's
    /// one cell, keeping only the sums that differ, in locals for the block: with w = 1,
    /// w·y = w²·y = y and w·y² = w²·y² = y² exactly, and Σw = Σw² = the count, so the moments
    /// are those of [`Self::take`] row by row to the bit, from two running sums instead of six
    /// read and written through memory (`mean` of a 10-million Float64Array in the npm package:
    /// 115 → 40 ms).
    #[inline(always)]
    fn unit_weights(self, s: &mut Chunk, at: usize, values: &[f64]) {
        let Some(&cell) = s.cells.first() else { return };
        let (mut sy, mut syy, mut min, mut max) = (cell.wy, cell.wy2, cell.min, cell.max);
        let (mut skipped, mut nan) = (0u64, 0u64);
        // Only the value's part of `valid`: code and weight are known good here, and the
        // size-optimised build calls its weight check per row (`mean`: 115 ms through `valid`).
        // One test passes the usual row: on the scale, or any number but NaN when not checked.
        let (lo, hi) = if self.checked { self.range } else { (f64::NEG_INFINITY, f64::INFINITY) };
        for (j, &x) in values.iter().enumerate() {
            if !((x >= lo) & (x <= hi)) {
                skipped += 1;
                if x.is_nan() && !self.raise {
                    nan += 1;
                } else {
                    s.bad.get_or_insert((at + j, Bad::Value));
                }
                continue;
            }
            let y = (x - self.shift) * self.per_unit;
            sy += y;
            syy += y * y;
            if y < min {
                min = y;
            }
            if y > max {
                max = y;
            }
        }
        let counted = values.len() as u64 - skipped;
        // Adding 1 `counted` times to a whole number below 2⁵³ is adding `counted`.
        #[allow(clippy::cast_precision_loss)]
        let whole = counted as f64;
        let Some(cell) = s.cells.first_mut() else { return };
        cell.n += counted;
        cell.positive += counted;
        cell.nan += if self.propagate { nan } else { 0 };
        cell.w += whole;
        cell.w2 += whole;
        (cell.wy, cell.w2y, cell.wy2, cell.w2y2) = (sy, sy, syy, syy);
        (cell.min, cell.max) = (min, max);
    }

    /// A counted row into its segment's moments. A NaN (omitted or propagated) is counted only
    /// where it makes the result NaN: an omitted NaN is no answer, and a segment of omitted NaNs
    /// has no result.
    #[inline(always)]
    fn take(self, cell: &mut Moments, v: f64, w: f64) {
        if v.is_nan() {
            cell.nan += u64::from(self.propagate);
        } else {
            cell.push((v - self.shift) * self.per_unit, w);
        }
    }
}

/// The moments of every segment (one without segment codes) in one pass over the values, codes
/// and weights; the first failing row (its value, then its code, then its weight) is the error.
pub(crate) fn moments(a: &Values<'_>, design: &Design<'_>) -> Result<Vec<Moments>> {
    let n = a.values.len();
    for (field, col) in [(SEGMENTS, design.segments), (WEIGHTS, design.weights)] {
        if let Some(col) = col {
            input::same_len(field, col.len(), a.field, n)?;
        }
    }
    let k = segment_count(design)?;
    let rules = Rules::new(a, k);
    let init = || Chunk { cells: vec![Moments::default(); k], bad: None };
    let row = |s: &mut Chunk, i: usize, x: f64, code: f64, wt: f64| {
        if rules.valid(&mut s.bad, i, x, code, wt)
            && let Some(cell) = s.cells.get_mut(code as usize)
        {
            rules.take(cell, x, wt);
        }
    };
    let chunks = match (design.segments, design.weights) {
        (None, None) => column::fold(&[a.values], n, init, |s, at, [v]| {
            rules.unit_weights(s, at, v);
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
        return Err(bad_value(Location::at(field, i), v, &expected));
    }
    let mut cells = vec![Moments::default(); k];
    for chunk in &chunks {
        for (sum, c) in cells.iter_mut().zip(&chunk.cells) {
            sum.add(c);
        }
    }
    Ok(cells)
}

/// The error about a row's value `v` (or code or weight) at `at`: NaN is `not_finite`, any other
/// value off `expected` is `out_of_range` (or `not_finite` for ±inf).
fn bad_value(at: Location, v: f64, expected: &str) -> Error {
    if v.is_nan() { Error::NotFinite { at, value: v } } else { input::out_of_range_or_not_finite(at, v, expected) }
}

/// The mean of answers on a scale that arrive in blocks — a file read in pieces, a stream, the
/// npm package's typed arrays copied in a block at a time — without holding them all:
/// [`mean_survey`]'s total without a design, to the bit, whatever the blocks' lengths (the
/// blocks are summed in the same fixed chunks of rows as one call's).
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::{Design, MeanStream, mean_survey}};
/// let v = [4.0, 5.0, 3.0, 4.0, 2.0];
/// let mut stream = MeanStream::new((1.0, 5.0), 0.95, NanPolicy::Raise)?;
/// stream.push(&v[..2])?;
/// stream.push(&v[2..])?;
/// let whole = mean_survey(Column::from(&v[..]), (1.0, 5.0), &Design::default(), 0.95, NanPolicy::Raise)?;
/// assert_eq!(stream.clone().finish()?, whole.total);
/// // An answer off the scale is named by its index among all the answers pushed.
/// assert_eq!(stream.push(&[6.0]).err().and_then(|e| e.index()), Some(5));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MeanStream {
    rules: Rules,
    settings: MeanSettings,
    expected: String,
    /// The chunks summed so far.
    total: Moments,
    /// The chunk being summed and its rows so far.
    chunk: Chunk,
    in_chunk: usize,
    rows: usize,
    /// The error of a push, which every later push and `finish` return again.
    failed: Option<Error>,
}

impl MeanStream {
    /// A stream of answers on `scale` = (min, max), for a mean with a `confidence` interval;
    /// NaN answers as `nan_policy` says.
    ///
    /// # Errors
    /// As [`mean_survey`]'s for the scale and the confidence.
    pub fn new(scale: (f64, f64), confidence: f64, nan_policy: NanPolicy) -> Result<Self> {
        let range = check_range("scale", scale)?;
        input::confidence("confidence", confidence)?;
        let expected = format!("the scale {}..={}", range.0, range.1);
        let a = Values { field: "values", values: Column::F64(&[]), nan_policy, checked: true, expected: "", range };
        Ok(Self {
            rules: Rules::new(&a, 1),
            settings: MeanSettings { range, confidence, nan_policy },
            expected,
            total: Moments::default(),
            chunk: Chunk { cells: vec![Moments::default()], bad: None },
            in_chunk: 0,
            rows: 0,
            failed: None,
        })
    }

    /// Adds the next block of answers.
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` naming `values[i]`, `i` the answer's index among all the
    /// answers pushed, as [`mean_survey`]'s. The stream then has no mean: every later push and
    /// [`finish`](Self::finish) return that error again.
    pub fn push(&mut self, values: &[f64]) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let (first, mut rest) = (self.rows, values);
        while !rest.is_empty() {
            let (now, later) = rest.split_at((parallel::CHUNK - self.in_chunk).min(rest.len()));
            self.rules.unit_weights(&mut self.chunk, self.rows, now);
            if let Some((i, _)) = self.chunk.bad {
                let v = values.get(i - first).copied().unwrap_or(f64::NAN);
                let e = bad_value(Location::at("values", i), v, &self.expected);
                self.failed = Some(e.clone());
                return Err(e);
            }
            (self.rows, self.in_chunk, rest) = (self.rows + now.len(), self.in_chunk + now.len(), later);
            if self.in_chunk == parallel::CHUNK {
                self.end_chunk();
            }
        }
        Ok(())
    }

    fn end_chunk(&mut self) {
        if let Some(c) = self.chunk.cells.first_mut() {
            self.total.add(c);
            *c = Moments::default();
        }
        self.in_chunk = 0;
    }

    /// The mean of every answer pushed, with its interval.
    ///
    /// # Errors
    /// `empty` naming `values` when no answer was pushed (or every one was a NaN omitted); the
    /// error of a failed push.
    pub fn finish(mut self) -> Result<Mean> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if self.in_chunk > 0 {
            self.end_chunk();
        }
        let design = Design::default();
        by_segment_of("values", &[self.total], &design, |c| mean_of(c, &self.settings)).map(|b| b.total)
    }
}

/// The settings of a mean's interval.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MeanSettings {
    pub range: (f64, f64),
    pub confidence: f64,
    pub nan_policy: NanPolicy,
}

/// Answers whose range is at most this share of the scale's magnitude (its larger bound in
/// absolute value) are equal but for rounding.
const ROUNDING: f64 = 1e-12;

/// The midpoint of a finite scale and the unit of the moments: the power of two at or below
/// its half-width, so shifted answers are within ±2 units and their weighted squares stay finite
/// even on a scale whose ends are near ±1.8e308. Dividing by a power of two is exact, so on
/// every ordinary scale the moments, and the results, have the bits they would have in the
/// scale's own units. The unit is at least 2⁻¹⁰²² (a scale narrower than that has shifted
/// answers far below 2 units, exactly), so its reciprocal is a power of two too, and rows are
/// multiplied by that, with the same bits as a division, which costs several times as much.
pub(crate) fn centre((lo, hi): (f64, f64)) -> (f64, f64) {
    let half = hi / 2.0 - lo / 2.0;
    (lo / 2.0 + hi / 2.0, libm::scalbn(1.0, libm::ilogb(half).max(f64::MIN_EXP - 1)))
}

/// The mean of one cell with answers of positive weight (or NaN answers), as the module docs
/// say.
pub(crate) fn mean_of(c: &Moments, s: &MeanSettings) -> Mean {
    let (lo, hi) = s.range;
    if c.nan > 0 && s.nan_policy == NanPolicy::Propagate {
        return Mean::propagated(c.n + c.nan, s.confidence);
    }
    let (shift, unit) = centre(s.range);
    let shifted = c.wy / c.w; // in units
    let mean = (shift + shifted * unit).clamp(lo, hi);
    let effective_n = c.w * c.w / c.w2;
    let dof = effective_n - 1.0;
    // Answers equal but for rounding (a CSI of 5, 5, 4 and of 3, 4, 7 with equal importance:
    // 14/3 twice, one ulp apart on some targets) have no spread either: the test is on the
    // answers themselves, not on a standard error, which would call distinct answers equal when
    // their weights are uneven enough.
    let (low, high) = (shift + c.min * unit, shift + c.max * unit);
    let equal = c.min == c.max || high - low <= ROUNDING * lo.abs().max(hi.abs());
    if equal || c.positive < 2 {
        // No spread: the distribution-free bound of the module docs.
        let v = if c.min == c.max { low.clamp(lo, hi) } else { mean };
        let alpha = 1.0 - s.confidence;
        let off = 1.0 - elem::exp(elem::ln(alpha) / effective_n);
        let (ci_low, ci_high) = free_interval(v, effective_n, alpha, s.range);
        return Mean {
            mean: v,
            n: c.n,
            effective_n,
            std_error: 0.0,
            dof,
            ci_low,
            ci_high,
            confidence: s.confidence,
            note: Some(format!(
                "every answer is {v}: no spread to estimate a standard error from; the interval bounds the \
                 share of other answers by 1 - (1 - confidence)^(1/effective_n) = {off} and so the mean"
            )),
        };
    }
    let m = c.positive as f64;
    let spread = (c.w2y2 - 2.0 * shifted * c.w2y + shifted * shifted * c.w2).max(0.0);
    let std_error = (spread / (c.w * c.w) * (m / (m - 1.0))).sqrt() * unit;
    // Weights so uneven that the effective size is 1 (one answer's worth) leave no degree of
    // freedom: the t quantile is infinite, and the interval the whole scale (said here, not left
    // to infinity times the standard error, which rounds to 0 beside such weights).
    let half = if dof > 0.0 { stats::t_two_sided(s.confidence, dof) * std_error } else { f64::INFINITY };
    Mean {
        mean,
        n: c.n,
        effective_n,
        std_error,
        dof,
        ci_low: (mean - half).clamp(lo, mean),
        ci_high: (mean + half).clamp(mean, hi),
        confidence: s.confidence,
        note: None,
    }
}

/// The distribution-free interval of a mean when all `n` answers are `v` (see the module docs):
/// [v − p̄ (v − lo), v + p̄ (hi − v)] with p̄ = 1 − α^(1/n).
///
/// On a scale wider than the largest float (the gaps' ±(max − min) of a scale up to ±1.8e308)
/// v − lo or hi − v overflows; the share of it is then taken of the halves, so a share of 0 (a
/// confidence so small that p̄ is 0) is an end at v, not 0 · inf = NaN.
fn free_interval(v: f64, n: f64, alpha: f64, (lo, hi): (f64, f64)) -> (f64, f64) {
    let off = 1.0 - elem::exp(elem::ln(alpha) / n);
    let share = |d: f64, half: f64| if d.is_finite() { off * d } else { 2.0 * (off * half) };
    let (down, up) = (share(v - lo, v / 2.0 - lo / 2.0), share(hi - v, hi / 2.0 - v / 2.0));
    ((v - down).clamp(lo, v), (v + up).clamp(v, hi))
}

/// Per segment and in total, `f` of the cells with answers; `None` for the others. An error
/// naming `field` when there are no answers at all, naming `weights` when they are all 0.
pub(crate) fn by_segment_of<T>(
    field: &str,
    cells: &[Moments],
    design: &Design<'_>,
    f: impl Fn(&Moments) -> T,
) -> Result<BySegment<T>> {
    let mut t = Moments::default();
    cells.iter().for_each(|c| t.add(c));
    if t.n > 0 && t.positive == 0 && t.nan == 0 {
        return Err(Error::Invalid {
            at: Location::scalar(WEIGHTS),
            value: "0 (their sum)".into(),
            expected: "design weights that are not all 0".into(),
        });
    }
    if !t.has() {
        input::min_len(field, 0, 1)?;
    }
    let segments =
        if design.segments.is_some() { cells.iter().map(|c| c.has().then(|| f(c))).collect() } else { vec![] };
    Ok(BySegment { segments, total: f(&t) })
}

/// The mean of values on the scale `range` = (min, max) per segment and in total, weighted when
/// the design has weights, each with its Student t interval (see the module docs): the kernel
/// behind [`trust_survey`](crate::trust::trust_survey) and the survey forms of the indices and
/// gaps, for any other bounded measure.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::{Design, mean_survey}};
/// let v = [4.0, 5.0, 3.0, 4.0];
/// let r = mean_survey(Column::from(&v[..]), (1.0, 5.0), &Design::default(), 0.95, NanPolicy::Raise)?;
/// assert_eq!(r.total.mean, 4.0);
/// assert!((r.total.std_error - (2.0f64 / 3.0 / 4.0).sqrt()).abs() < 1e-15); // s / √n
/// // Unanimous: an interval that still says how little four answers know.
/// let u = mean_survey(Column::from(&[5.0; 4][..]), (1.0, 5.0), &Design::default(), 0.95, NanPolicy::Raise)?;
/// assert!(u.total.ci_low < 5.0 && u.total.ci_high == 5.0 && u.total.note.is_some());
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` naming `scale.max` unless min < max (both finite); `out_of_range` naming
/// `confidence` outside (0, 1); `out_of_range`/`not_finite` naming `values[i]` off the scale
/// (NaN under `Raise`); for the design as [`nps_survey`](super::nps_survey); `empty` when there
/// is no answer.
pub fn mean_survey(
    values: Column<'_>,
    range: (f64, f64),
    design: &Design<'_>,
    confidence: f64,
    nan_policy: NanPolicy,
) -> Result<BySegment<Mean>> {
    let (cells, s) = checked_moments(values, range, design, confidence, nan_policy)?;
    by_segment_of("values", &cells, design, |c| mean_of(c, &s))
}

/// The checks and the one pass of [`mean_survey`] and [`mean_versus_rest`]: the cells' moments
/// and the settings of their means.
fn checked_moments(
    values: Column<'_>,
    range: (f64, f64),
    design: &Design<'_>,
    confidence: f64,
    nan_policy: NanPolicy,
) -> Result<(Vec<Moments>, MeanSettings)> {
    let (lo, hi) = check_range("scale", range)?;
    input::confidence("confidence", confidence)?;
    let expected = format!("the scale {lo}..={hi}");
    let a = Values { field: "values", values, nan_policy, checked: true, expected: &expected, range };
    Ok((moments(&a, design)?, MeanSettings { range, confidence, nan_policy }))
}

/// A finite range min < max whose width is finite.
pub(crate) fn check_range(field: &str, (lo, hi): (f64, f64)) -> Result<(f64, f64)> {
    input::finite(&format!("{field}.min"), lo)?;
    input::check(
        &format!("{field}.max"),
        hi,
        hi > lo && (hi - lo).is_finite(),
        &format!("the numbers above {field}.min = {lo}, at a finite distance"),
    )?;
    Ok((lo, hi))
}

/// The options of [`mean_difference`] as one value, with their defaults: 95 % intervals, NaN
/// raised.
///
/// ```
/// let o = custometrics::satisfaction::MeanOptions::default();
/// assert_eq!(o.confidence, 0.95);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct MeanOptions {
    /// The confidence of the intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// What a NaN answer does. Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
}

crate::codes::with_setters!(MeanOptions { with_confidence => confidence: f64, with_nan_policy => nan_policy: NanPolicy });

impl Default for MeanOptions {
    fn default() -> Self {
        Self { confidence: 0.95, nan_policy: NanPolicy::Raise }
    }
}

/// Two samples' means compared: Welch's t-test and the interval of the difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MeanDifference {
    /// Sample a's mean with its interval.
    pub a: Mean,
    /// Sample b's mean with its interval.
    pub b: Mean,
    /// `a.mean − b.mean`.
    #[serde(with = "crate::float_serde")]
    pub difference: f64,
    /// √(SE_a² + SE_b²): the samples are independent.
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// Welch–Satterthwaite degrees of freedom, (SE_a² + SE_b²)² / (SE_a⁴/df_a + SE_b⁴/df_b), each
    /// side's df its effective n − 1 (0 when neither side has spread: no t distribution is used).
    #[serde(with = "crate::float_serde")]
    pub dof: f64,
    /// Two-sided p-value of Welch's t-test of no difference (without spread on either side:
    /// twice the largest level at which the two distribution-free intervals still meet, and
    /// `note` says so).
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// Lower end of the interval of the difference, in [−width, width] of the scale.
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the interval of the difference.
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
    /// The confidence level of the intervals.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// Why the interval is not Welch's, when it is not.
    pub note: Option<String>,
}

/// Has the mean changed between two samples (two periods, two segments)? Each sample's mean
/// as [`mean_survey`] gives it (weighted by its own design weights when given), their difference
/// a − b with Welch's t-test and interval, the standard error √(SE_a² + SE_b²) and the
/// Welch–Satterthwaite degrees of freedom from each side's Kish effective size, so a weighted
/// sample counts as many answers as its weights are worth. The interval is clipped to
/// [−(max − min), max − min]. When neither sample has any spread (each unanimous, or one answer
/// each) there is no standard error to test with: the interval is then the two samples'
/// distribution-free intervals at 1 − (1 − confidence)/2 combined (Bonferroni),
/// [a.low − b.high, a.high − b.low], the p-value twice the largest level at which they still
/// meet (so the interval excludes 0 exactly when p < 1 − confidence), with a `note`.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::mean_difference};
/// let a = [4.0, 5.0, 3.0, 4.0];
/// let b = [2.0, 3.0, 2.0, 1.0];
/// let d = mean_difference(Column::from(&a[..]), Column::from(&b[..]), (1.0, 5.0), (None, None), 0.95, NanPolicy::Raise)?;
/// assert_eq!(d.difference, 2.0);
/// assert_eq!(d.dof, 6.0); // equal variances and sizes: n_a + n_b − 2
/// assert!(d.p_value < 0.05 && d.ci_low > 0.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`mean_survey`] for each sample, naming `a` or `b` (and `weights_a` / `weights_b`).
pub fn mean_difference(
    a: Column<'_>,
    b: Column<'_>,
    range: (f64, f64),
    (weights_a, weights_b): (Option<Column<'_>>, Option<Column<'_>>),
    confidence: f64,
    nan_policy: NanPolicy,
) -> Result<MeanDifference> {
    let (lo, hi) = check_range("scale", range)?;
    input::confidence("confidence", confidence)?;
    let expected = format!("the scale {lo}..={hi}");
    let s = MeanSettings { range, confidence, nan_policy };
    let side = |field: &str, weights_field: &str, values: Column<'_>, weights: Option<Column<'_>>| -> Result<Mean> {
        let v = Values { field, values, nan_policy, checked: true, expected: &expected, range };
        let rename = |e: Error| if e.field() == Some(WEIGHTS) { e.relocated(weights_field, 0) } else { e };
        let cells = moments(&v, &Design { weights, ..Design::default() }).map_err(rename)?;
        by_segment_of(field, &cells, &Design::default(), |c| mean_of(c, &s)).map_err(rename).map(|r| r.total)
    };
    let a = side("a", "weights_a", a, weights_a)?;
    let b = side("b", "weights_b", b, weights_b)?;
    Ok(welch(a, b, range, confidence))
}

/// Welch's comparison of two independent means on the scale `range` (see [`mean_difference`]).
fn welch(a: Mean, b: Mean, (lo, hi): (f64, f64), confidence: f64) -> MeanDifference {
    let width = hi - lo;
    let difference = a.mean - b.mean;
    // The variances in the moments' units (see `centre`), so they stay finite on any scale.
    let (_, unit) = centre((lo, hi));
    let (sa, sb) = (a.std_error / unit, b.std_error / unit);
    let (va, vb) = (sa * sa, sb * sb);
    let std_error = (va + vb).sqrt() * unit;
    if a.mean.is_nan() || b.mean.is_nan() {
        let nan = f64::NAN;
        return MeanDifference {
            a,
            b,
            difference: nan,
            std_error: nan,
            dof: nan,
            p_value: nan,
            ci_low: nan,
            ci_high: nan,
            confidence,
            note: None,
        };
    }
    if std_error == 0.0 {
        // Each side at 1 − α/2 (Bonferroni), so the combined interval covers at `confidence`
        // and excludes 0 exactly when the p-value is below 1 − confidence.
        let alpha = 1.0 - confidence;
        let bounds = |m: &Mean, alpha: f64| free_interval(m.mean, m.effective_n, alpha, (lo, hi));
        let combined = |alpha: f64| {
            let ((al, ah), (bl, bh)) = (bounds(&a, alpha), bounds(&b, alpha));
            ((al - bh).max(-width), (ah - bl).min(width))
        };
        let (ci_low, ci_high) = combined(alpha / 2.0);
        // The p-value: twice the largest α at which the two sides' intervals still meet.
        let p_value = if difference == 0.0 {
            1.0
        } else {
            let apart = |alpha: f64| {
                let (l, h) = combined(alpha);
                l > 0.0 || h < 0.0
            };
            let (mut meet, mut part) = (0.0f64, 1.0f64);
            for _ in 0..200 {
                let mid = meet + (part - meet) / 2.0;
                if mid <= meet || mid >= part {
                    break;
                }
                if apart(mid) { part = mid } else { meet = mid }
            }
            (2.0 * part).min(1.0)
        };
        return MeanDifference {
            difference,
            std_error,
            dof: 0.0,
            p_value,
            ci_low,
            ci_high,
            confidence,
            note: Some(
                "neither sample has any spread, so there is no standard error to test with: each sample's \
                 distribution-free interval at 1 - (1 - confidence)/2, combined (Bonferroni), and the p-value is \
                 twice the largest level at which those intervals still meet"
                    .into(),
            ),
            a,
            b,
        };
    }
    // A side without spread adds no variance and no term to the degrees of freedom.
    // A side without a degree of freedom (its effective size 1) has an infinite term, and the
    // test none either (its t quantile is infinite, its p-value 1).
    let term = |v: f64, dof: f64| match (v > 0.0, dof > 0.0) {
        (false, _) => 0.0,
        (true, true) => v * v / dof,
        (true, false) => f64::INFINITY,
    };
    let dof = (va + vb) * (va + vb) / (term(va, a.dof) + term(vb, b.dof));
    let t = difference / std_error;
    let half = stats::t_two_sided(confidence, dof) * std_error;
    MeanDifference {
        difference,
        std_error,
        dof,
        p_value: stats::t_p_two_sided(t, dof),
        ci_low: (difference - half).clamp(-width, difference),
        ci_high: (difference + half).clamp(difference, width),
        confidence,
        note: None,
        a,
        b,
    }
}

/// One segment's mean against the mean of every other answer: Welch's comparison
/// ([`mean_difference`], `a` the segment, `b` the rest) and its p-value adjusted for testing
/// every segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MeanVersusRest {
    /// The segment (`a`) against the rest (`b`).
    pub test: MeanDifference,
    /// `test.p_value` adjusted for testing every segment (Holm 1979), what to compare with α
    /// (NaN when the p-value is).
    #[serde(with = "crate::float_serde")]
    pub p_holm: f64,
}

/// Each segment's mean against the mean of the answers outside it (weighted by the design's
/// weights when given): Welch's t-test and interval of the difference as [`mean_difference`]
/// gives them, and Holm's step-down adjustment over the segments tested. `None` for a segment
/// without answers or without any answer outside it. The rest's sums are added from the other
/// segments (prefix and suffix sums), never subtracted from the total, so they keep their digits.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::{Design, mean_versus_rest}};
/// let v = [5.0, 4.0, 5.0, 4.0, 2.0, 1.0, 3.0, 2.0];
/// let store = [0u8, 0, 0, 0, 1, 1, 1, 1];
/// let t = mean_versus_rest(Column::from(&v[..]), (1.0, 5.0), &Design::segments(Column::from(&store[..])), 0.95, NanPolicy::Raise)?;
/// let first = t[0].as_ref().unwrap();
/// assert_eq!(first.test.difference, 2.5); // 4.5 − 2
/// assert!(first.p_holm >= first.test.p_value);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`mean_survey`]; `invalid` naming `segments` when the design has none.
pub fn mean_versus_rest(
    values: Column<'_>,
    range: (f64, f64),
    design: &Design<'_>,
    confidence: f64,
    nan_policy: NanPolicy,
) -> Result<Vec<Option<MeanVersusRest>>> {
    require_segments(design, "segment codes, one per answer")?;
    let (cells, s) = checked_moments(values, range, design, confidence, nan_policy)?;
    // Fails as mean_survey does: no answers at all, or every weight 0.
    by_segment_of("values", &cells, &Design::default(), |_| ())?;
    // after[i]: the sums of the segments after i.
    let mut after = vec![Moments::default(); cells.len() + 1];
    for i in (0..cells.len()).rev() {
        after[i] = after[i + 1];
        after[i].add(&cells[i]);
    }
    let mut before = Moments::default();
    let mut tests = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        let mut rest = before;
        rest.add(&after[i + 1]);
        before.add(c);
        let test = (c.has() && rest.has()).then(|| welch(mean_of(c, &s), mean_of(&rest, &s), range, confidence));
        tests.push(test);
    }
    let p: Vec<Option<f64>> = tests.iter().map(|t| t.as_ref().map(|t| t.p_value)).collect();
    Ok(tests
        .into_iter()
        .zip(holm(&p))
        .map(|(t, p)| t.map(|test| MeanVersusRest { test, p_holm: p.unwrap_or(f64::NAN) }))
        .collect())
}

/// The trend of a mean over ordered periods: each period's [`Mean`] and the slope of the answers
/// on the period, in the scale's units per period.
pub type MeanTrend = Trend<Mean>;

/// The trend of the mean of answers on `range` = (min, max) over ordered periods (the design's
/// segment codes, in time order: code k is period k), in one pass: each period's mean with its
/// t interval, and the least-squares slope of the answers on the period code with its t-test on
/// n − 2 degrees of freedom and interval, as [`nps_trend`](super::nps_trend) fits the NPS; with
/// design weights, weighted least squares with Kish's effective n for n, as there.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::{Design, mean_trend}};
/// let v = [3.0, 4.0, 4.0, 5.0, 5.0, 6.0];
/// let wave = [0u8, 0, 1, 1, 2, 2];
/// let t = mean_trend(Column::from(&v[..]), (1.0, 7.0), &Design::segments(Column::from(&wave[..])), 0.95, NanPolicy::Raise)?;
/// assert_eq!(t.slope, 1.0); // 3.5, 4.5, 5.5
/// assert_eq!((t.dof, t.periods[1].as_ref().map(|m| m.mean)), (4.0, Some(4.5)));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`mean_survey`]; `invalid` naming `segments` when the design has none or fewer than two
/// periods have answers, naming `weights` for weights whose effective sample size is 2 or less;
/// `empty` naming `values` for fewer than three answers. Under
/// `nan_policy = "propagate"` a NaN answer makes the slope and its test NaN.
pub fn mean_trend(
    values: Column<'_>,
    range: (f64, f64),
    design: &Design<'_>,
    confidence: f64,
    nan_policy: NanPolicy,
) -> Result<MeanTrend> {
    trend_design(design)?;
    let (cells, s) = checked_moments(values, range, design, confidence, nan_policy)?;
    let periods = by_segment_of("values", &cells, design, |c| mean_of(c, &s))?.segments;
    two_periods(cells.iter().filter(|c| c.positive > 0).count())?;
    // Each cell's Σw, Σwy and Σwy², in the moments' units (see `centre`); unweighted Σw is its
    // answers.
    let w: f64 = cells.iter().map(|c| c.w).sum();
    let w2: f64 = cells.iter().map(|c| c.w2).sum();
    let answers = cells.iter().map(|c| c.n).sum();
    let n = trend_size("values", answers, (w, w2), design.weights.is_some())?;
    let mx = cells.iter().enumerate().map(|(k, c)| c.w * k as f64).sum::<f64>() / w;
    let my = cells.iter().map(|c| c.wy).sum::<f64>() / w;
    // Σw(y − ȳ)² from each cell's uncentred sums: its rounding grows with the terms, not with it.
    let (mut sxx, mut sxy, mut syy, mut magnitude) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (k, c) in cells.iter().enumerate().filter(|(_, c)| c.positive > 0) {
        let dx = k as f64 - mx;
        sxx += c.w * dx * dx;
        sxy += dx * (c.wy - c.w * my);
        syy += c.wy2 - 2.0 * my * c.wy + c.w * my * my;
        magnitude += c.wy2 + (2.0 * my * c.wy).abs() + c.w * my * my;
    }
    let (_, unit) = centre(range);
    let propagated = nan_policy == NanPolicy::Propagate && cells.iter().any(|c| c.nan > 0);
    Ok(fitted_line(periods, n, (sxx, sxy, syy.max(0.0)), magnitude, unit, confidence, propagated))
}
