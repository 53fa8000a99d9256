//! RFM scoring for database and one-to-one marketing: recency, frequency and monetary scores
//! 1..=q by quantile of rank, the RFM cell code, and named segments from a replaceable map.

use crate::error::{Error, Location, Result};
use crate::input::{self, Column, column};
use crate::numerics::order_stats;
use crate::numerics::parallel as par;
use serde::{Deserialize, Serialize};

/// The default number of score levels (quintiles).
pub const RFM_Q: u32 = 5;

/// The most score levels (scores are `u8`).
pub const MAX_Q: u32 = 255;

/// Quantile scores 1..=`q` by rank, one per customer in input order.
///
/// With `below` = the number of customers whose value is strictly less than this customer's,
/// the score is `1 + ⌊q × below / n⌋` (exact integer arithmetic): the score `s` goes to the
/// customers who have at least `(s − 1)/q` but less than `s/q` of all customers below them. With
/// `reverse`, `above` (strictly greater) takes the place of `below`, so low values score high —
/// recency, where the most recent customers score `q`.
///
/// **Ties**: customers with equal values get the same score, the one of their lowest rank (as
/// pandas' `rank(method="min")`). Distinct values fill the scores in blocks of n/q customers
/// (sizes differing by at most one); a large run of equal values stays in one score and leaves
/// the next ones smaller or empty.
///
/// Needs `q − 1` order statistics, found by selection, and one pass: no sort.
///
/// ```
/// use custometrics::tiers::quantile_scores;
/// let spend = [10.0, 50.0, 20.0, 20.0, 90.0, 0.0, 30.0, 70.0, 60.0, 40.0];
/// assert_eq!(quantile_scores(&spend, 5, false)?, vec![1, 4, 2, 2, 5, 1, 3, 5, 4, 3]); // 1 + ⌊below / 2⌋
/// let days_since = [3.0, 40.0, 3.0, 200.0];
/// assert_eq!(quantile_scores(&days_since, 4, true)?, vec![3, 2, 3, 1]); // 3 days: 2 above → 1 + ⌊4·2/4⌋
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` for `q` outside 2..=255; `not_finite` for a NaN or infinite value (naming its
/// index); `empty` for fewer customers than `q`.
pub fn quantile_scores(values: &[f64], q: u32, reverse: bool) -> Result<Vec<u8>> {
    let mut out = vec![0u8; values.len()];
    quantile_scores_into(values, q, reverse, &mut out)?;
    Ok(out)
}

/// [`quantile_scores`] writing into a caller's buffer of the same length as `values`.
///
/// ```
/// use custometrics::tiers::quantile_scores_into;
/// let mut score = [0u8; 4];
/// quantile_scores_into(&[5.0, 5.0, 5.0, 9.0], 2, false, &mut score)?;
/// assert_eq!(score, [1, 1, 1, 2]); // three equal values share the lowest score
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`quantile_scores`], and `length_mismatch` when `out` differs in length from `values`.
pub fn quantile_scores_into(values: &[f64], q: u32, reverse: bool, out: &mut [u8]) -> Result<()> {
    quantile_scores_into_of(Column::F64(values), q, reverse, out)
}

/// [`quantile_scores_into`] of a [`Column`] of any numeric type, read at its own width without
/// an `f64` copy: the same scores and errors as for the column converted to `f64`.
///
/// ```
/// use custometrics::{Column, tiers::quantile_scores_into_of};
/// let mut score = [0u8; 4];
/// quantile_scores_into_of(Column::from(&[5u16, 5, 5, 9][..]), 2, false, &mut score)?;
/// assert_eq!(score, [1, 1, 1, 2]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`quantile_scores_into`].
pub fn quantile_scores_into_of(values: Column<'_>, q: u32, reverse: bool, out: &mut [u8]) -> Result<()> {
    check_q(q)?;
    input::same_len("out", out.len(), "values", values.len())?;
    scores_into("values", values, q, reverse, out)
}

fn check_q(q: u32) -> Result<()> {
    input::check("q", f64::from(q), (2..=MAX_Q).contains(&q), "the integers 2..=255").map(|_| ())
}

fn scores_into(field: &str, values: Column<'_>, q: u32, reverse: bool, out: &mut [u8]) -> Result<()> {
    input::all_pass_in(field, values, |_| true, "the finite numbers")?;
    let n = values.len();
    input::min_len(field, n, q as usize)?;
    // Score ≥ s exactly when below ≥ c_s = ⌈(s − 1) n / q⌉, i.e. when the value exceeds the
    // c_s-th smallest (ascending rank c_s − 1); reversed: when it is under the c_s-th largest.
    let (nn, qq) = (n as u128, u128::from(q));
    let ranks: Vec<usize> = (2..=qq)
        .map(|s| {
            let c = ((s - 1) * nn).div_ceil(qq) as usize;
            if reverse { n - c } else { c - 1 }
        })
        .collect();
    let thresholds: Vec<f64> = order_stats::order_stats_in(values, &ranks).iter().map(|s| s.value).collect();
    match thresholds.len() {
        0..=4 => score_pass::<4>(values, &thresholds, reverse, out),
        5..=8 => score_pass::<8>(values, &thresholds, reverse, out),
        9..=16 => score_pass::<16>(values, &thresholds, reverse, out),
        _ => score_pass::<0>(values, &thresholds, reverse, out),
    }
    Ok(())
}

/// `out = 1 + ` the number of thresholds each value passes (is above, or with `reverse` below),
/// the thresholds padded to `M` so the loop is unrolled; `M = 0` for many, by binary search.
fn score_pass<const M: usize>(values: Column<'_>, thresholds: &[f64], reverse: bool, out: &mut [u8]) {
    let mut ascending = thresholds.to_vec();
    ascending.sort_unstable_by(f64::total_cmp);
    // Padding that no value passes: +inf for "above", −inf for "below".
    let mut fixed = [if reverse { f64::NEG_INFINITY } else { f64::INFINITY }; M];
    fixed.iter_mut().zip(&ascending).for_each(|(f, &t)| *f = t);
    column::fold_into(
        &[values],
        out,
        || (),
        |(), [v], o| {
            for (o, &x) in o.iter_mut().zip(v) {
                let passed = match (M, reverse) {
                    (0, false) => ascending.partition_point(|&t| t < x) as u8,
                    (0, true) => (ascending.len() - ascending.partition_point(|&t| t <= x)) as u8,
                    (_, false) => fixed.iter().map(|&t| u8::from(x > t)).sum(),
                    (_, true) => fixed.iter().map(|&t| u8::from(x < t)).sum(),
                };
                *o = 1 + passed;
            }
        },
    );
}

/// Recency, frequency and monetary scores with their cell codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RfmScores {
    /// Recency scores 1..=q, the most recent (lowest recency) highest.
    pub r: Vec<u8>,
    /// Frequency scores 1..=q, the most frequent highest.
    pub f: Vec<u8>,
    /// Monetary scores 1..=q, the highest spend highest.
    pub m: Vec<u8>,
    /// The cell code of each customer, [`rfm_code`].
    pub code: Vec<u32>,
    /// The number of score levels.
    pub q: u32,
}

/// RFM scores: [`quantile_scores`] of recency reversed (time since the last purchase: recent
/// scores high), of frequency and of monetary value, with each customer's cell code.
///
/// ```
/// use custometrics::tiers::rfm_scores;
/// let recency = [5.0, 30.0, 90.0, 1.0, 60.0];
/// let frequency = [10.0, 2.0, 1.0, 8.0, 1.0];
/// let monetary = [500.0, 80.0, 20.0, 300.0, 45.0];
/// let s = rfm_scores(&recency, &frequency, &monetary, 5)?;
/// assert_eq!(s.r, vec![4, 3, 1, 5, 2]);
/// assert_eq!(s.f, vec![5, 3, 1, 4, 1]); // the two 1s share the lowest score
/// assert_eq!(s.code[0], 455);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` for `q` outside 2..=255; `length_mismatch` when `frequency` or `monetary`
/// differs in length from `recency`; `not_finite` naming the array and index of a NaN or
/// infinite value; `empty` for fewer customers than `q`.
pub fn rfm_scores(recency: &[f64], frequency: &[f64], monetary: &[f64], q: u32) -> Result<RfmScores> {
    rfm_scores_of([recency, frequency, monetary].map(Column::F64), q)
}

/// [`rfm_scores`] of recency, frequency and monetary value given as [`Column`]s of any numeric
/// type, each read at its own width without an `f64` copy: the same result and errors as for the
/// columns converted to `f64`.
///
/// ```
/// use custometrics::{Column, tiers::{rfm_scores, rfm_scores_of}};
/// let (r, f, m) = ([5u16, 30, 90, 1, 60], [3u8, 2, 1, 3, 1], [10.0f32, 50.0, 20.0, 80.0, 5.0]);
/// let typed = rfm_scores_of([Column::from(&r[..]), Column::from(&f[..]), Column::from(&m[..])], 5)?;
/// let wide = rfm_scores(&[5.0, 30.0, 90.0, 1.0, 60.0], &[3.0, 2.0, 1.0, 3.0, 1.0], &[10.0, 50.0, 20.0, 80.0, 5.0], 5)?;
/// assert_eq!(typed, wide);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`rfm_scores`].
pub fn rfm_scores_of(columns: [Column<'_>; 3], q: u32) -> Result<RfmScores> {
    let [recency, frequency, monetary] = columns;
    check_q(q)?;
    input::same_len("frequency", frequency.len(), "recency", recency.len())?;
    input::same_len("monetary", monetary.len(), "recency", recency.len())?;
    let n = recency.len();
    let (mut r, mut f, mut m) = (vec![0u8; n], vec![0u8; n], vec![0u8; n]);
    scores_into("recency", recency, q, true, &mut r)?;
    scores_into("frequency", frequency, q, false, &mut f)?;
    scores_into("monetary", monetary, q, false, &mut m)?;
    let mut code = vec![0u32; n];
    par::zip_chunks_mut(&r, &mut code, |i, rc, out| {
        let start = i * par::CHUNK;
        let (fc, mc) = (f.get(start..).unwrap_or(&[]), m.get(start..).unwrap_or(&[]));
        for (((o, &r), &f), &m) in out.iter_mut().zip(rc).zip(fc).zip(mc) {
            *o = rfm_code(r, f, m, q);
        }
    });
    Ok(RfmScores { r, f, m, code, q })
}

/// 10 to the number of decimal digits of `q`: 10 for q ≤ 9, 100 for q ≤ 99, 1000 up to 255.
fn code_base(q: u32) -> u32 {
    match q {
        0..=9 => 10,
        10..=99 => 100,
        _ => 1000,
    }
}

/// The RFM cell code: the three scores written side by side in decimal, each padded to the
/// digits of `q` — `r·100 + f·10 + m` for q ≤ 9 (scores 4, 5, 3 → 453), `r·10⁴ + f·10² + m` for
/// q up to 99 (10, 2, 7 → 100207), three digits each above.
///
/// ```
/// assert_eq!(custometrics::tiers::rfm_code(4, 5, 3, 5), 453);
/// assert_eq!(custometrics::tiers::rfm_code(10, 2, 7, 10), 100207);
/// ```
pub fn rfm_code(r: u8, f: u8, m: u8, q: u32) -> u32 {
    let base = code_base(q);
    (u32::from(r) * base + u32::from(f)) * base + u32::from(m)
}

/// An inclusive range of scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRange {
    /// Lowest score in the range.
    pub min: u8,
    /// Highest score in the range.
    pub max: u8,
}

impl ScoreRange {
    /// `min..=max`.
    pub const fn new(min: u8, max: u8) -> Self {
        Self { min, max }
    }
    fn contains(self, s: u8) -> bool {
        self.min <= s && s <= self.max
    }
}

/// A named segment: the customers whose scores fall in all three ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRule {
    /// The segment's name.
    pub name: String,
    /// Recency scores.
    pub r: ScoreRange,
    /// Frequency scores.
    pub f: ScoreRange,
    /// Monetary scores.
    pub m: ScoreRange,
}

/// Named segments over RFM scores: the first rule a customer matches names its segment, and
/// customers matching none fall in `fallback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentMap {
    /// The score levels the map is written for.
    pub q: u32,
    /// Rules, tried in order.
    pub rules: Vec<SegmentRule>,
    /// The segment of customers no rule matches.
    pub fallback: String,
}

impl Default for SegmentMap {
    fn default() -> Self {
        Self::standard()
    }
}

/// A segment of [`SegmentMap::standard`]: its code (0–10) is the index [`rfm_segments`] returns
/// per customer under that map, its label the segment's name there (`other` for the fallback).
/// Under a map of your own the codes index your map's names instead.
///
/// ```
/// use custometrics::tiers::{rfm_segments, RfmSegment, SegmentMap};
/// let s = rfm_segments(&[5, 1], &[5, 1], &[2, 1], &SegmentMap::standard())?;
/// let segments = s.segment.iter().map(|&c| RfmSegment::try_from(c)).collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(segments, [RfmSegment::Champions, RfmSegment::Hibernating]);
/// assert_eq!(RfmSegment::Hibernating.to_string(), s.names[9]);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u16)]
pub enum RfmSegment {
    /// R 5, F 4–5.
    Champions = 0,
    /// R 3–4, F 4–5.
    Loyal = 1,
    /// R 4–5, F 2–3.
    PotentialLoyalists = 2,
    /// R 5, F 1.
    NewCustomers = 3,
    /// R 4, F 1.
    Promising = 4,
    /// R 3, F 3.
    NeedAttention = 5,
    /// R 3, F 1–2.
    AboutToSleep = 6,
    /// R 1–2, F 5.
    CannotLoseThem = 7,
    /// R 1–2, F 3–4.
    AtRisk = 8,
    /// R 1–2, F 1–2.
    Hibernating = 9,
    /// No rule matched (the standard grid names every cell, so only under other scores).
    Other = 10,
}

crate::codes::coded_enum!(RfmSegment: u16, "standard RFM segment" {
    Champions => "champions",
    Loyal => "loyal",
    PotentialLoyalists => "potential_loyalists",
    NewCustomers => "new_customers",
    Promising => "promising",
    NeedAttention => "need_attention",
    AboutToSleep => "about_to_sleep",
    CannotLoseThem => "cannot_lose_them",
    AtRisk => "at_risk",
    Hibernating => "hibernating",
    Other => "other",
});

impl SegmentMap {
    /// The widely used segment grid over recency and frequency quintiles (q = 5; the monetary
    /// score is not used), which names every one of the 25 R × F cells:
    ///
    /// | segment | R | F |
    /// |---|---|---|
    /// | `champions` | 5 | 4–5 |
    /// | `loyal` | 3–4 | 4–5 |
    /// | `potential_loyalists` | 4–5 | 2–3 |
    /// | `new_customers` | 5 | 1 |
    /// | `promising` | 4 | 1 |
    /// | `need_attention` | 3 | 3 |
    /// | `about_to_sleep` | 3 | 1–2 |
    /// | `cannot_lose_them` | 1–2 | 5 |
    /// | `at_risk` | 1–2 | 3–4 |
    /// | `hibernating` | 1–2 | 1–2 |
    ///
    /// ```
    /// let map = custometrics::tiers::SegmentMap::standard();
    /// assert_eq!(map.rules.len(), 10);
    /// assert_eq!(map.rules[0].name, "champions");
    /// ```
    pub fn standard() -> Self {
        let rule = |name: &str, r: (u8, u8), f: (u8, u8)| SegmentRule {
            name: name.into(),
            r: ScoreRange::new(r.0, r.1),
            f: ScoreRange::new(f.0, f.1),
            m: ScoreRange::new(1, 5),
        };
        Self {
            q: 5,
            rules: vec![
                rule("champions", (5, 5), (4, 5)),
                rule("loyal", (3, 4), (4, 5)),
                rule("potential_loyalists", (4, 5), (2, 3)),
                rule("new_customers", (5, 5), (1, 1)),
                rule("promising", (4, 4), (1, 1)),
                rule("need_attention", (3, 3), (3, 3)),
                rule("about_to_sleep", (3, 3), (1, 2)),
                rule("cannot_lose_them", (1, 2), (5, 5)),
                rule("at_risk", (1, 2), (3, 4)),
                rule("hibernating", (1, 2), (1, 2)),
            ],
            fallback: "other".into(),
        }
    }

    /// The map checked: q in 2..=255, at most 65534 rules, each range within 1..=q and not
    /// reversed.
    ///
    /// # Errors
    /// `out_of_range` for `q`; `invalid` naming the rule's index in `rules` for a bad range or
    /// too many rules.
    pub fn validate(&self) -> Result<()> {
        check_q(self.q)?;
        if self.rules.len() >= usize::from(u16::MAX) {
            return Err(Error::Invalid {
                at: Location::scalar("rules"),
                value: format!("{} rules", self.rules.len()),
                expected: "at most 65534 rules".into(),
            });
        }
        for (i, rule) in self.rules.iter().enumerate() {
            for (name, range) in [("r", rule.r), ("f", rule.f), ("m", rule.m)] {
                if range.min < 1 || range.min > range.max || u32::from(range.max) > self.q {
                    return Err(Error::Invalid {
                        at: Location::at("rules", i),
                        value: format!("{} {name} = {}..={}", rule.name, range.min, range.max),
                        expected: format!("score ranges within 1..={}", self.q),
                    });
                }
            }
        }
        Ok(())
    }

    fn segment_of(&self, r: u8, f: u8, m: u8) -> usize {
        self.rules
            .iter()
            .position(|x| x.r.contains(r) && x.f.contains(f) && x.m.contains(m))
            .unwrap_or(self.rules.len())
    }
}

/// Each customer's segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RfmSegments {
    /// The segment of each customer, an index into `names`.
    pub segment: Vec<u16>,
    /// The segment names: the map's rules in order, then its fallback.
    pub names: Vec<String>,
    /// Customers per segment, in the order of `names`.
    pub counts: Vec<u64>,
}

/// Names the segment of each customer from its scores with `map` (for example
/// [`SegmentMap::standard`]).
///
/// ```
/// use custometrics::tiers::{rfm_segments, SegmentMap};
/// let s = rfm_segments(&[5, 1, 3], &[5, 1, 3], &[2, 1, 4], &SegmentMap::standard())?;
/// let names: Vec<&str> = s.segment.iter().map(|&i| s.names[usize::from(i)].as_str()).collect();
/// assert_eq!(names, ["champions", "hibernating", "need_attention"]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`SegmentMap::validate`]; `length_mismatch` when `f` or `m` differs in length from `r`;
/// `out_of_range` for a score outside 1..=q, naming the array and the index.
pub fn rfm_segments(r: &[u8], f: &[u8], m: &[u8], map: &SegmentMap) -> Result<RfmSegments> {
    map.validate()?;
    input::same_len("f", f.len(), "r", r.len())?;
    input::same_len("m", m.len(), "r", r.len())?;
    let q = map.q;
    for (name, scores) in [("r", r), ("f", f), ("m", m)] {
        if let Some(i) = par::first_failing(scores, |s| s >= 1 && u32::from(s) <= q) {
            return Err(Error::OutOfRange {
                at: Location::at(name, i),
                value: f64::from(scores[i]),
                expected: format!("the scores 1..={q}"),
            });
        }
    }
    // A lookup table over all q³ cells when it is small, else the rules per customer.
    let q = q as usize;
    let table: Option<Vec<u16>> = (q * q * q <= 1 << 16).then(|| {
        (0..q * q * q)
            .map(|c| map.segment_of((c / (q * q) + 1) as u8, (c / q % q + 1) as u8, (c % q + 1) as u8) as u16)
            .collect()
    });
    let n = r.len();
    let mut segment = vec![0u16; n];
    let k = map.rules.len() + 1;
    let counts_per_chunk = par::zip_chunks_mut(r, &mut segment, |i, rc, out| {
        let start = i * par::CHUNK;
        let (fc, mc) = (f.get(start..).unwrap_or(&[]), m.get(start..).unwrap_or(&[]));
        let mut counts = vec![0u64; k];
        for (((o, &r), &f), &m) in out.iter_mut().zip(rc).zip(fc).zip(mc) {
            let cell = (usize::from(r) - 1) * q * q + (usize::from(f) - 1) * q + usize::from(m) - 1;
            let s = match &table {
                Some(t) => t.get(cell).copied().unwrap_or(0),
                None => map.segment_of(r, f, m) as u16,
            };
            *o = s;
            if let Some(c) = counts.get_mut(usize::from(s)) {
                *c += 1;
            }
        }
        counts
    });
    let mut counts = vec![0u64; k];
    for c in counts_per_chunk {
        counts.iter_mut().zip(c).for_each(|(t, c)| *t += c);
    }
    let names = map.rules.iter().map(|x| x.name.clone()).chain([map.fallback.clone()]).collect();
    Ok(RfmSegments { segment, names, counts })
}

/// The options of [`quantile_scores`] as one value, with their defaults: [`RFM_Q`] levels, high
/// values scored high.
///
/// ```
/// let o = custometrics::tiers::QuantileOptions::default();
/// assert_eq!((o.q, o.reverse), (5, false));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct QuantileOptions {
    /// Score levels 1..=q. Default [`RFM_Q`].
    pub q: u32,
    /// Score low values high. Default false.
    pub reverse: bool,
}

crate::codes::with_setters!(QuantileOptions { with_q => q: u32, with_reverse => reverse: bool });

impl Default for QuantileOptions {
    fn default() -> Self {
        Self { q: RFM_Q, reverse: false }
    }
}

/// The levels of [`rfm_scores`], default [`RFM_Q`].
///
/// ```
/// assert_eq!(custometrics::tiers::RfmOptions::default().q, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RfmOptions {
    /// Score levels 1..=q. Default [`RFM_Q`].
    pub q: u32,
}

crate::codes::with_setters!(RfmOptions { with_q => q: u32 });

impl Default for RfmOptions {
    fn default() -> Self {
        Self { q: RFM_Q }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_segment_enum_names_the_standard_map_code_for_code() {
        let map = SegmentMap::standard();
        let names: Vec<&str> = map.rules.iter().map(|r| r.name.as_str()).chain([map.fallback.as_str()]).collect();
        let labels: Vec<&str> = RfmSegment::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels, names);
        for s in RfmSegment::ALL {
            assert_eq!(RfmSegment::try_from(s.as_code()), Ok(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        let e = RfmSegment::try_from(11).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", Some("code")));
    }

    #[test]
    fn the_standard_map_names_every_cell_once() {
        let map = SegmentMap::standard();
        assert_eq!(map.validate(), Ok(()));
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                let hits = map.rules.iter().filter(|x| x.r.contains(r) && x.f.contains(f)).count();
                assert_eq!(hits, 1, "cell R{r} F{f}");
            }
        }
    }
}
