//! The weighted decision matrix (最适化决策模式, the optimising decision model): list the
//! criteria, weight them, list the alternatives, score each on each criterion, and choose the
//! alternative with the highest weighted total.
//!
//! # Method
//! - Weights: any non-negative numbers with a positive sum, normalised to sum 1 (or from
//!   pairwise comparisons: [`ahp`](super::ahp())).
//! - Normalisation of each criterion's column r_ij from the scores x_ij ([`Normalise`]):
//!   `none` uses the scores as given (every criterion must then be a benefit); `min_max` maps a
//!   benefit to (x − min)/(max − min) and a cost to (max − x)/(max − min), a constant column to
//!   1; `vector` maps a benefit to x/‖x‖₂ and a cost to 1 − x/‖x‖₂ (an all-zero column to 0 and
//!   1), for non-negative scores.
//! - Total of alternative i: Σ_j w_j r_ij. Ranks are competition ranks (1, 1, 3): totals within
//!   1e-12 of each other, relative to the larger, are tied. The margin is the first total minus
//!   the second (0 when the top is tied).
//! - Sensitivity of criterion k: its weight w moves to w′ in [0, 1] and the others are rescaled
//!   in proportion, w_j (1 − w′)/(1 − w). Every total is then linear in w′, so the weight at
//!   which another alternative ties with the current best has a closed form; the report gives
//!   the nearest such weight, the change w′ − w, and the alternative that takes over, or None
//!   when no weight in [0, 1] changes the top choice. A criterion that holds all the weight
//!   (w = 1) cannot rescale the others and reports None.
//! - Missing scores (NaN) follow [`NanPolicy`]: `raise` refuses them; `omit` and `propagate`
//!   both leave the alternative out of the normalisation and the ranking (an alternative missing
//!   a score cannot be compared): it is listed in `excluded`, with a NaN total and no rank.

use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use serde::{Deserialize, Serialize};

/// How each criterion's scores are made comparable before weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalise {
    /// The scores as given (all criteria benefits, on one scale). The default.
    #[default]
    None,
    /// (x − min)/(max − min), reversed for a cost.
    MinMax,
    /// x/‖x‖₂, 1 − x/‖x‖₂ for a cost.
    Vector,
}

impl Normalise {
    /// Parses `"none"`, `"min_max"` or `"vector"`.
    ///
    /// ```
    /// use custometrics::assessment::Normalise;
    /// assert_eq!(Normalise::parse("min_max")?, Normalise::MinMax);
    /// assert_eq!(Normalise::parse("max").unwrap_err().field(), Some("normalise"));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid` for any other word, naming the field `normalise`.
    pub fn parse(word: &str) -> Result<Self> {
        match word {
            "none" => Ok(Self::None),
            "min_max" => Ok(Self::MinMax),
            "vector" => Ok(Self::Vector),
            other => Err(Error::Invalid {
                at: Location::scalar("normalise"),
                value: format!("{other:?}"),
                expected: "one of \"none\", \"min_max\", \"vector\"".into(),
            }),
        }
    }
}

/// Options for [`decision`]: names, cost criteria, normalisation.
///
/// ```
/// let o = custometrics::assessment::DecisionOptions::default();
/// assert!(o.criteria.is_none() && o.cost.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct DecisionOptions {
    /// Criterion names, one per column (default `"c1"`, `"c2"`, …).
    pub criteria: Option<Vec<String>>,
    /// Alternative names, one per row (default `"a1"`, `"a2"`, …).
    pub alternatives: Option<Vec<String>>,
    /// Whether each criterion is a cost (lower is better); default all benefits.
    pub cost: Option<Vec<bool>>,
    /// The normalisation. Default [`Normalise::None`].
    pub normalise: Normalise,
    /// Missing scores. Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
}

crate::codes::with_setters!(DecisionOptions { with_criteria => criteria: Option<Vec<String>>, with_alternatives => alternatives: Option<Vec<String>>, with_cost => cost: Option<Vec<bool>>, with_normalise => normalise: Normalise, with_nan_policy => nan_policy: NanPolicy });

/// How far one criterion's weight can move before the top choice changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WeightSensitivity {
    /// The criterion's name.
    pub criterion: String,
    /// Its normalised weight.
    #[serde(with = "crate::float_serde")]
    pub weight: f64,
    /// The nearest weight in [0, 1] at which another alternative ties with the best.
    #[serde(default, with = "crate::float_serde::option")]
    pub threshold: Option<f64>,
    /// `threshold − weight`.
    #[serde(default, with = "crate::float_serde::option")]
    pub change: Option<f64>,
    /// The alternative (index) that takes over beyond the threshold.
    pub new_top: Option<usize>,
}

/// The weighted decision matrix's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision {
    /// Criterion names.
    pub criteria: Vec<String>,
    /// Alternative names.
    pub alternatives: Vec<String>,
    /// Weights normalised to sum 1.
    #[serde(with = "crate::float_serde::vec")]
    pub weights: Vec<f64>,
    /// Normalised scores, one row per alternative (NaN rows for those left out).
    #[serde(with = "crate::float_serde::vec_vec")]
    pub normalised: Vec<Vec<f64>>,
    /// Weighted totals (NaN for an alternative left out).
    #[serde(with = "crate::float_serde::vec")]
    pub totals: Vec<f64>,
    /// Competition ranks, 1 = best (None for an alternative left out).
    pub ranks: Vec<Option<usize>>,
    /// Ranked alternatives' indexes, best first (equal totals in input order).
    pub order: Vec<usize>,
    /// The alternatives tied for first.
    pub best: Vec<usize>,
    /// First total minus second (0 when tied; None with one ranked alternative).
    #[serde(default, with = "crate::float_serde::option")]
    pub margin: Option<f64>,
    /// Alternatives left out for a missing score.
    pub excluded: Vec<usize>,
    /// One per criterion.
    pub sensitivity: Vec<WeightSensitivity>,
}

fn tied(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Weighted totals, ranking and weight sensitivity of alternatives (rows of `scores`) on
/// criteria (columns).
///
/// ```
/// use custometrics::{Matrix, assessment::{decision, DecisionOptions, Normalise}};
/// // Three suppliers on quality (1–10), delivery (1–10) and price (a cost).
/// let scores = [8.0, 6.0, 100.0, 6.0, 9.0, 90.0, 9.0, 5.0, 120.0];
/// let opts = DecisionOptions::default().with_cost(Some(vec![false, false, true])).with_normalise(Normalise::MinMax);
/// let d = decision(&Matrix::new("scores", &scores, 3)?, &[5.0, 3.0, 2.0], &opts)?;
/// assert_eq!(d.weights, vec![0.5, 0.3, 0.2]);
/// assert_eq!(d.ranks, vec![Some(1), Some(2), Some(2)]); // 0.54, 0.5 and 0.5
/// assert_eq!(d.order, vec![0, 1, 2]);
/// let quality = &d.sensitivity[0];
/// // Quality's weight down from 0.5 to 7/15 (the others rescaled) and the second ties first.
/// assert_eq!(quality.new_top, Some(1));
/// assert!(quality.threshold.is_some_and(|t| (t - 7.0 / 15.0).abs() < 1e-12));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `length_mismatch` for weights, names or cost flags of the wrong length; `out_of_range` /
/// `not_finite` for a negative or non-finite weight, `invalid` for weights all zero;
/// `not_finite` for a score that is ±inf or (under `raise`) NaN, indexed row-major in `scores`;
/// `out_of_range` for a negative score under `vector`; `invalid` (field `cost`, its index) for
/// a cost criterion under `none`; `invalid` (field `scores`) when every alternative is left out.
pub fn decision(scores: &Matrix<'_>, weights: &[f64], options: &DecisionOptions) -> Result<Decision> {
    let (m, n) = (scores.rows(), scores.cols());
    let w = input::weights("weights", weights, "criteria (scores columns)", n)?;
    let criteria = names(options.criteria.as_deref(), "criteria", "scores columns", n, 'c')?;
    let alternatives = names(options.alternatives.as_deref(), "alternatives", "scores rows", m, 'a')?;
    let cost = match &options.cost {
        Some(c) => {
            input::same_len("cost", c.len(), "scores columns", n)?;
            c.clone()
        }
        None => vec![false; n],
    };
    if options.normalise == Normalise::None
        && let Some(j) = cost.iter().position(|&c| c)
    {
        return Err(Error::Invalid {
            at: Location::at("cost", j),
            value: "true".into(),
            expected: "benefit criteria only without normalisation (choose min_max or vector for a cost)".into(),
        });
    }
    let policy = options.nan_policy;
    let bad = scores.data().iter().position(|&v| {
        if v.is_nan() {
            policy == NanPolicy::Raise
        } else {
            !v.is_finite() || (options.normalise == Normalise::Vector && v < 0.0)
        }
    });
    if let Some(i) = bad {
        return Err(input::out_of_range_or_not_finite(
            Location::at(scores.field(), i),
            scores.data()[i],
            "the non-negative numbers (vector normalisation)",
        ));
    }
    let complete: Vec<bool> = scores.iter_rows().map(|r| r.iter().all(|v| !v.is_nan())).collect();
    let excluded: Vec<usize> = (0..m).filter(|&i| !complete[i]).collect();
    if excluded.len() == m {
        return Err(Error::Invalid {
            at: Location::scalar(scores.field()),
            value: format!("{m} alternative(s), each missing a score"),
            expected: "at least one alternative scored on every criterion".into(),
        });
    }

    let kept: Vec<usize> = (0..m).filter(|&i| complete[i]).collect();
    let mut normalised = vec![vec![f64::NAN; n]; m];
    for j in 0..n {
        let col: Vec<f64> = kept.iter().map(|&i| scores.row(i)[j]).collect();
        let r = normalise_column(&col, cost[j], options.normalise);
        for (&i, v) in kept.iter().zip(r) {
            normalised[i][j] = v;
        }
    }
    let totals: Vec<f64> = normalised.iter().map(|r| r.iter().zip(&w).map(|(x, w)| x * w).sum()).collect();
    let mut order = kept.clone();
    crate::numerics::sort::by_key(&mut order, &|i| totals[i], true);
    // Runs of tied totals (each within the tolerance of the run's first) share the rank of their
    // first position and keep input order among themselves.
    let mut ranks = vec![None; m];
    let mut start = 0;
    while start < order.len() {
        let lead = totals[order[start]];
        let end = start + order[start..].iter().take_while(|&&i| tied(lead, totals[i])).count();
        order[start..end].sort_unstable();
        for &i in &order[start..end] {
            ranks[i] = Some(start + 1);
        }
        start = end;
    }
    let best: Vec<usize> = order.iter().copied().filter(|&i| ranks[i] == Some(1)).collect();
    let margin = match order.as_slice() {
        [a, b, ..] => Some(if ranks[*b] == Some(1) { 0.0 } else { totals[*a] - totals[*b] }),
        _ => None,
    };
    let sensitivity = (0..n)
        .map(|k| {
            let (threshold, new_top) =
                order.first().map_or((None, None), |&top| sensitivity(&normalised, &w, k, top, &kept));
            WeightSensitivity {
                criterion: criteria[k].clone(),
                weight: w[k],
                threshold,
                change: threshold.map(|t| t - w[k]),
                new_top,
            }
        })
        .collect();
    Ok(Decision {
        criteria,
        alternatives,
        weights: w,
        normalised,
        totals,
        ranks,
        order,
        best,
        margin,
        excluded,
        sensitivity,
    })
}

fn names(given: Option<&[String]>, field: &str, other: &str, len: usize, prefix: char) -> Result<Vec<String>> {
    match given {
        Some(g) => {
            input::same_len(field, g.len(), other, len)?;
            Ok(g.to_vec())
        }
        None => Ok((1..=len).map(|i| format!("{prefix}{i}")).collect()),
    }
}

fn normalise_column(col: &[f64], cost: bool, how: Normalise) -> Vec<f64> {
    match how {
        Normalise::None => col.to_vec(),
        Normalise::MinMax => {
            let (lo, hi) = col.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
            let span = hi - lo;
            col.iter()
                .map(|&x| if span > 0.0 { if cost { (hi - x) / span } else { (x - lo) / span } } else { 1.0 })
                .collect()
        }
        Normalise::Vector => {
            let norm = col.iter().map(|x| x * x).sum::<f64>().sqrt();
            col.iter()
                .map(|&x| {
                    let r = if norm > 0.0 { x / norm } else { 0.0 };
                    if cost { 1.0 - r } else { r }
                })
                .collect()
        }
    }
}

/// The nearest weight of criterion `k` at which an alternative ties with `top`, and which one.
fn sensitivity(r: &[Vec<f64>], w: &[f64], k: usize, top: usize, kept: &[usize]) -> (Option<f64>, Option<usize>) {
    let wk = w[k];
    if wk >= 1.0 {
        return (None, None);
    }
    // Total_i(t) = t·r_ik + (1 − t)·B_i with B_i = Σ_{j≠k} w_j r_ij / (1 − w_k).
    let rest = |i: usize| -> f64 {
        r[i].iter().zip(w).enumerate().filter(|(j, _)| *j != k).map(|(_, (x, w))| x * w).sum::<f64>() / (1.0 - wk)
    };
    let (ra, ba) = (r[top][k], rest(top));
    let mut best: Option<(f64, usize)> = None;
    for &b in kept {
        if b == top {
            continue;
        }
        let (rb, bb) = (r[b][k], rest(b));
        // D(t) = (ba − bb) + t·((ra − rb) − (ba − bb)); D(w_k) ≥ 0 is the current lead.
        let d0 = ba - bb;
        let slope = (ra - rb) - d0;
        let lead = d0 + wk * slope;
        let t = if tied(ra * wk + ba * (1.0 - wk), rb * wk + bb * (1.0 - wk)) {
            wk
        } else if slope != 0.0 {
            -d0 / slope
        } else {
            continue;
        };
        if !(0.0..=1.0).contains(&t) || lead < 0.0 {
            continue;
        }
        let dist = (t - wk).abs();
        if best.is_none_or(|(bt, _)| dist < (bt - wk).abs()) {
            best = Some((t, b));
        }
    }
    (best.map(|b| b.0), best.map(|b| b.1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank() {
        let s = [5.0, 5.0, 5.0, 5.0, 1.0, 9.0];
        let d = decision(&Matrix::new("scores", &s, 2).unwrap(), &[1.0, 1.0], &DecisionOptions::default()).unwrap();
        assert_eq!(d.ranks, vec![Some(1), Some(1), Some(1)]);
        assert_eq!(d.margin, Some(0.0));
        assert_eq!(d.best, vec![0, 1, 2]);
    }

    #[test]
    fn dominant_alternative_never_changes() {
        let s = [9.0, 9.0, 1.0, 1.0];
        let d = decision(&Matrix::new("scores", &s, 2).unwrap(), &[1.0, 3.0], &DecisionOptions::default()).unwrap();
        assert!(d.sensitivity.iter().all(|x| x.threshold.is_none()));
        assert_eq!(d.margin, Some(8.0));
    }

    #[test]
    fn missing_scores_follow_the_policy() {
        let s = [9.0, f64::NAN, 3.0, 4.0, 5.0, 5.0];
        let m = Matrix::new("scores", &s, 2).unwrap();
        let e = decision(&m, &[1.0, 1.0], &DecisionOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.index()), ("not_finite", Some(1)));
        let opts = DecisionOptions { nan_policy: NanPolicy::Omit, ..Default::default() };
        let d = decision(&m, &[1.0, 1.0], &opts).unwrap();
        assert_eq!((d.excluded.clone(), d.ranks.clone()), (vec![0], vec![None, Some(2), Some(1)]));
        assert!(d.totals[0].is_nan());
    }
}
