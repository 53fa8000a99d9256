//! Net Promoter Score (净推荐值, Reichheld 2003): promoters (9–10) minus detractors (0–6) on the
//! 0–10 likelihood-to-recommend scale, with its standard error and confidence interval.
//!
//! With shares p₊ of promoters and p₋ of detractors in n answers, NPS = 100 (p₊ − p₋). Each answer
//! is a draw of +1, 0 or −1, so Var(NPS/100) = (p₊ + p₋ − (p₊ − p₋)²) / n. The interval is the
//! `method` of [`NpsOptions`] (Wald by default, clipped to ±100; the others in
//! [`intervals`](super::intervals)). Two independent samples differ by NPS₁ − NPS₂ with
//! SE = √(SE₁² + SE₂²) and a two-sided z-test.

use crate::error::{Error, Location, Result};
use crate::input::{self, NanPolicy};
use crate::numerics::elementary as elem;
use crate::numerics::stats;
use crate::satisfaction::intervals::{self, NpsMethod, Sampling};
use serde::{Deserialize, Serialize};

pub(crate) mod count;

pub use count::Score;

/// Options for [`nps`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct NpsOptions {
    /// Confidence level of the interval, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// What to do with NaN scores. Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
    /// How the interval is computed. Default [`NpsMethod::Wald`].
    pub method: NpsMethod,
    /// The Dirichlet concentration given to each of the three categories a priori by
    /// [`NpsMethod::Bayes`], > 0. Default 1 (uniform over the shares).
    #[serde(with = "crate::float_serde")]
    pub prior: f64,
    /// The score (in points) that [`NpsMethod::Bayes`] gives P(NPS > threshold) for. Default 0.
    #[serde(with = "crate::float_serde")]
    pub threshold: f64,
    /// Resamples of [`NpsMethod::Bootstrap`], draws of [`NpsMethod::Bayes`]; 100..=1000000.
    /// Default 10000.
    pub resamples: u32,
    /// The seed of the bootstrap and posterior draws: the same seed, the same interval, on every
    /// target. Default 0.
    pub seed: u64,
}

crate::codes::with_setters!(NpsOptions { with_confidence => confidence: f64, with_nan_policy => nan_policy: NanPolicy, with_method => method: NpsMethod, with_prior => prior: f64, with_threshold => threshold: f64, with_resamples => resamples: u32, with_seed => seed: u64 });

impl Default for NpsOptions {
    fn default() -> Self {
        Self {
            confidence: 0.95,
            nan_policy: NanPolicy::Raise,
            method: NpsMethod::Wald,
            prior: 1.0,
            threshold: 0.0,
            resamples: 10_000,
            seed: 0,
        }
    }
}

impl NpsOptions {
    /// Checks the confidence and the settings of the chosen method, as every NPS function does
    /// before it reads a score: for a caller that counts scores itself (in blocks, say) and
    /// reaches the options only at the end, in [`Nps::from_counts_with`].
    ///
    /// # Errors
    /// `out_of_range` naming `confidence` outside (0, 1); for the bootstrap and Bayes methods,
    /// as their settings' checks (resamples, prior, threshold).
    pub fn check(&self) -> Result<()> {
        input::confidence("confidence", self.confidence)?;
        if matches!(self.method, NpsMethod::Bootstrap | NpsMethod::Bayes) {
            intervals::check_sampling(&self.sampling())?;
        }
        Ok(())
    }

    fn sampling(&self) -> Sampling {
        Sampling { resamples: self.resamples, seed: self.seed, prior: self.prior, threshold: self.threshold }
    }
}

/// A Net Promoter Score with its sampling error. Score, error and interval are in NPS points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Nps {
    /// NPS in −100..=100.
    #[serde(with = "crate::float_serde")]
    pub score: f64,
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// Answers counted (after omitting NaN, if asked).
    pub n: u64,
    /// Standard error of the score, in points.
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// Lower end of the confidence interval, in points.
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the confidence interval, in points.
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
    /// The confidence level of the interval.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// How the interval was computed.
    pub method: NpsMethod,
    /// The effective sample size: `n`, or Kish's (Σw)² / Σw² for a weighted sample.
    #[serde(with = "crate::float_serde")]
    pub effective_n: f64,
    /// P(NPS > threshold) under the posterior ([`NpsMethod::Bayes`] only).
    #[serde(default, with = "crate::float_serde::option")]
    pub prob_above: Option<f64>,
    /// Why the interval is degenerate (zero width on a unanimous sample), when it is.
    pub note: Option<String>,
}

impl Nps {
    /// NPS from counts already tallied.
    ///
    /// ```
    /// let s = custometrics::satisfaction::Nps::from_counts(50, 30, 20, 0.95).unwrap();
    /// assert!((s.score - 30.0).abs() < 1e-12);
    /// ```
    ///
    /// # Errors
    /// `empty` when all counts are zero; `out_of_range` for a confidence outside (0, 1), or
    /// naming `detractors` when the three counts add up to more than `u64::MAX`.
    pub fn from_counts(promoters: u64, passives: u64, detractors: u64, confidence: f64) -> Result<Self> {
        input::confidence("confidence", confidence)?;
        let n = promoters.checked_add(passives).and_then(|n| n.checked_add(detractors)).ok_or_else(|| {
            Error::OutOfRange {
                at: Location::scalar("detractors"),
                value: detractors as f64,
                expected: format!(
                    "the counts for which promoters + passives + detractors fits in 64 bits (promoters = {promoters}, \
                     passives = {passives})"
                ),
            }
        })?;
        if n == 0 {
            return Err(Error::Empty { at: Location::scalar("scores"), len: 0, min: 1 });
        }
        Ok(Self::unweighted([promoters, passives, detractors], &NpsOptions { confidence, ..NpsOptions::default() }))
    }

    /// [`Nps::from_counts`] with every option of [`NpsOptions`] (the NaN policy aside): the
    /// interval method and its settings.
    ///
    /// ```
    /// use custometrics::satisfaction::{Nps, NpsMethod, NpsOptions};
    /// let o = NpsOptions::default().with_method(NpsMethod::AdjustedWald);
    /// let s = Nps::from_counts_with(21, 0, 0, &o)?;
    /// assert_eq!(s.score, 100.0);
    /// assert!(s.ci_low < 100.0 && s.ci_high <= 100.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Nps::from_counts`]; `out_of_range` for resamples below 100, a prior that is not
    /// positive or a threshold off the scale (bootstrap and Bayes).
    pub fn from_counts_with(promoters: u64, passives: u64, detractors: u64, options: &NpsOptions) -> Result<Self> {
        options.check()?;
        Self::from_counts(promoters, passives, detractors, options.confidence)?;
        Ok(Self::unweighted([promoters, passives, detractors], options))
    }

    /// The NPS of counts with at least one answer, options checked.
    pub(crate) fn unweighted(counts: [u64; 3], options: &NpsOptions) -> Self {
        let n = counts.iter().sum::<u64>() as f64;
        let (pp, pd) = (counts[0] as f64 / n, counts[2] as f64 / n);
        let std_error = 100.0 * intervals::nps_variance(pp, pd, n).sqrt();
        Self::from_shares(counts, (pp, pd, n), std_error, options)
    }

    /// The NPS of weighted shares `pp`, `pd` with effective size `n_eff` and standard error
    /// `std_error` (points); `counts` are the answers behind them.
    pub(crate) fn from_shares(
        counts: [u64; 3],
        (pp, pd, n_eff): (f64, f64, f64),
        std_error: f64,
        o: &NpsOptions,
    ) -> Self {
        let i = intervals::nps_interval(o.method, (pp, pd, n_eff), std_error, o.confidence, &o.sampling());
        Self {
            score: 100.0 * (pp - pd),
            promoters: counts[0],
            passives: counts[1],
            detractors: counts[2],
            n: counts.iter().sum(),
            std_error,
            ci_low: i.low,
            ci_high: i.high,
            confidence: o.confidence,
            method: o.method,
            effective_n: n_eff,
            prob_above: i.prob_above,
            note: i.note,
        }
    }

    pub(crate) fn propagated(n: u64, options: &NpsOptions) -> Self {
        Self {
            score: f64::NAN,
            promoters: 0,
            passives: 0,
            detractors: 0,
            n,
            std_error: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            confidence: options.confidence,
            method: options.method,
            effective_n: f64::NAN,
            prob_above: None,
            note: None,
        }
    }
}

const NPS_SCALE: &str = "the NPS scale: an integer in 0..=10";

/// Net Promoter Score of 0–10 answers.
///
/// ```
/// use custometrics::satisfaction::{nps, NpsOptions};
/// let s = nps(&[10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 10.0, 9.0], &NpsOptions::default()).unwrap();
/// assert_eq!((s.promoters, s.passives, s.detractors, s.n), (4, 2, 2, 8));
/// assert!((s.score - 25.0).abs() < 1e-12);
/// assert!(s.ci_low < s.score && s.score < s.ci_high);
/// ```
///
/// # Errors
/// `out_of_range` for a score that is not an integer in 0..=10 (naming its index), `not_finite`
/// for NaN under [`NanPolicy::Raise`] or ±inf, `empty` when no score remains, `out_of_range` for a
/// confidence outside (0, 1).
pub fn nps(scores: &[f64], options: &NpsOptions) -> Result<Nps> {
    nps_of(scores, options)
}

/// [`nps`] of scores in any [`Score`] type: `f64` and `f32`, or integers of 8 to 64 bits, signed
/// or unsigned, read as they are (no conversion to `f64`, no copy). Integer scores have no NaN,
/// so the NaN policy does not apply to them. The result is the same as [`nps`] of the scores
/// converted to `f64`.
///
/// ```
/// use custometrics::satisfaction::{nps_of, NpsOptions};
/// let s = nps_of(&[10u8, 9, 8, 7, 6, 0, 10, 9], &NpsOptions::default()).unwrap();
/// assert_eq!((s.promoters, s.passives, s.detractors, s.n), (4, 2, 2, 8));
/// let e = nps_of(&[10i64, -1], &NpsOptions::default()).unwrap_err();
/// assert_eq!(e.to_string(), "scores[1] = -1 is outside the NPS scale: an integer in 0..=10");
/// ```
///
/// # Errors
/// As [`nps`].
pub fn nps_of<S: Score>(scores: &[S], options: &NpsOptions) -> Result<Nps> {
    options.check()?;
    let nan_raises = options.nan_policy == NanPolicy::Raise;
    // Every score type holds the NPS scale, so the kernel always answers.
    let t = count::tally_all("scores", scores, count::NPS, nan_raises, NPS_SCALE).unwrap_or_else(|| {
        Err(Error::Invalid { at: Location::scalar("scores"), value: "?".into(), expected: NPS_SCALE.into() })
    })?;
    if options.nan_policy == NanPolicy::Propagate && t.nan > 0 {
        return Ok(Nps::propagated(t.len, options));
    }
    input::min_len("scores", t.valid as usize, 1)?;
    Ok(Nps::unweighted([t.top, t.valid - t.top - t.bottom, t.bottom], options))
}

/// The difference of two independent samples' NPS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NpsDifference {
    /// The first sample.
    pub a: Nps,
    /// The second sample.
    pub b: Nps,
    /// `a.score − b.score`, in points.
    #[serde(with = "crate::float_serde")]
    pub difference: f64,
    /// Standard error of the difference, in points.
    #[serde(with = "crate::float_serde")]
    pub std_error: f64,
    /// The z statistic `difference / std_error`: 0 when both samples have zero variance and
    /// equal scores, absent (`None`) when they differ with zero variance — each sample unanimous,
    /// the difference is certain and no finite z measures it.
    #[serde(default, with = "crate::float_serde::option")]
    pub z: Option<f64>,
    /// Two-sided p-value of the z-test of no difference (0 when `z` is absent).
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// Lower end of the interval of the difference, in [−200, 200].
    #[serde(with = "crate::float_serde")]
    pub ci_low: f64,
    /// Upper end of the interval of the difference, in [−200, 200].
    #[serde(with = "crate::float_serde")]
    pub ci_high: f64,
}

/// Compares the NPS of two independent samples.
///
/// ```
/// use custometrics::satisfaction::{nps_difference, NpsOptions};
/// let a = [10.0, 10.0, 9.0, 3.0, 8.0];
/// let b = [2.0, 5.0, 9.0, 7.0, 8.0];
/// let d = nps_difference(&a, &b, &NpsOptions::default()).unwrap();
/// assert!((d.difference - 60.0).abs() < 1e-9); // 40 − (−20)
/// assert!(d.p_value > 0.05); // five answers each are too few to tell
/// assert!(d.ci_low < 0.0 && d.ci_high > 0.0);
/// ```
///
/// # Errors
/// As [`nps`] for each sample; errors in the second sample name the field `scores_b`, in the
/// first `scores_a`.
pub fn nps_difference(a: &[f64], b: &[f64], options: &NpsOptions) -> Result<NpsDifference> {
    let a = nps(a, options).map_err(|e| rename_scores(e, "scores_a"))?;
    let b = nps(b, options).map_err(|e| rename_scores(e, "scores_b"))?;
    let difference = a.score - b.score;
    let std_error = elem::hypot(a.std_error, b.std_error);
    let z = if std_error > 0.0 {
        Some(difference / std_error)
    } else if difference == 0.0 {
        Some(0.0)
    } else {
        None
    };
    let half = stats::z_two_sided(options.confidence) * std_error;
    let (ci_low, ci_high) = intervals::nps_difference_interval(difference, half);
    Ok(NpsDifference { difference, std_error, z, p_value: z.map_or(0.0, stats::p_two_sided), ci_low, ci_high, a, b })
}

fn rename_scores(e: Error, field: &str) -> Error {
    if e.field() == Some("scores") { e.relocated(field, 0) } else { e }
}
