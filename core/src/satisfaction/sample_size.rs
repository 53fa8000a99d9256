//! Survey design (抽样设计): the sample size for a margin of error, and the margin of error of a
//! measured proportion, with the finite-population correction (Cochran 1977, ch. 4).
//!
//! n₀ = z² p (1 − p) / e²; with a population of N, n = n₀ / (1 + (n₀ − 1) / N), rounded up.
//! The margin of a proportion p from n answers is z √(p (1 − p) / n), times √((N − n)/(N − 1))
//! for a finite population.

use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::stats;
use serde::{Deserialize, Serialize};

/// A required sample size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SampleSize {
    /// Respondents needed, rounded up (after the finite-population correction, if any).
    pub n: u64,
    /// The unrounded size for an infinite population, n₀. Finite, except for a margin so small
    /// (below about 1e-154) that n₀ exceeds the `f64` range, which only a finite population
    /// allows (`n` is then the whole population): +∞ there.
    pub n_infinite: f64,
    /// The critical value z used.
    pub z: f64,
}

/// Sample size for a `margin` of error (a proportion, e.g. 0.05) at `confidence`, expecting a
/// proportion `proportion` (0.5 is the conservative default), from a `population` if finite.
///
/// ```
/// use custometrics::satisfaction::sample_size;
/// assert_eq!(sample_size(0.05, 0.95, 0.5, None).unwrap().n, 385); // the textbook 384.15 → 385
/// assert_eq!(sample_size(0.05, 0.95, 0.5, Some(1000)).unwrap().n, 278);
/// ```
///
/// # Errors
/// `out_of_range` for a margin outside (0, 1), confidence outside (0, 1), proportion outside
/// [0, 1] or a population of 0; `out_of_range` naming `margin` when, with no population, the
/// size does not fit in a `u64`.
pub fn sample_size(margin: f64, confidence: f64, proportion: f64, population: Option<u64>) -> Result<SampleSize> {
    input::check("margin", margin, margin > 0.0 && margin < 1.0, "the open interval (0, 1)")?;
    input::confidence("confidence", confidence)?;
    input::unit("proportion", proportion)?;
    let z = stats::z_two_sided(confidence);
    let spread = proportion * (1.0 - proportion);
    let n_infinite = if spread == 0.0 {
        // A proportion of 0 or 1 has no sampling error, however small the margin.
        0.0
    } else {
        let n0 = z * z * spread / (margin * margin);
        // Below a margin of about 1e-154 the square underflows: z/e first then.
        if n0.is_finite() { n0 } else { (z / margin) * (z / margin) * spread }
    };
    let n = match population {
        Some(big_n) => {
            input::check("population", big_n as f64, big_n >= 1, "the integers >= 1")?;
            // n₀ beyond the f64 range: the corrected size is the whole population.
            let n = if n_infinite.is_finite() {
                n_infinite / (1.0 + (n_infinite - 1.0) / big_n as f64)
            } else {
                big_n as f64
            };
            ceil_count(n).min(big_n)
        }
        None if n_infinite >= U64_LIMIT => {
            return Err(Error::OutOfRange {
                at: Location::scalar("margin"),
                value: margin,
                expected: format!(
                    "the margins whose sample size fits in a 64-bit count (this one needs n₀ = {n_infinite:e}; give a \
                     population to correct it)"
                ),
            });
        }
        None => ceil_count(n_infinite),
    };
    Ok(SampleSize { n, n_infinite, z })
}

/// 2⁶⁴ as an `f64`: the first size a `u64` cannot hold.
const U64_LIMIT: f64 = 18_446_744_073_709_551_616.0;

/// A size rounded up to a whole count of at least 1 (less 1e-9, so that a size that is whole up
/// to rounding is not pushed to the next one); `n` is finite, non-negative and below 2⁶⁴.
fn ceil_count(n: f64) -> u64 {
    (n - 1e-9).ceil().max(1.0) as u64
}

/// Margin of error of a proportion `proportion` measured on `n` answers, at `confidence`.
///
/// ```
/// use custometrics::satisfaction::margin_of_error;
/// let e = margin_of_error(0.5, 385, 0.95, None).unwrap();
/// assert!((e - 0.04994).abs() < 1e-5);
/// ```
///
/// # Errors
/// `out_of_range` for n = 0, a proportion outside [0, 1], confidence outside (0, 1), or a
/// population smaller than n.
pub fn margin_of_error(proportion: f64, n: u64, confidence: f64, population: Option<u64>) -> Result<f64> {
    input::unit("proportion", proportion)?;
    input::check("n", n as f64, n >= 1, "the integers >= 1")?;
    input::confidence("confidence", confidence)?;
    let z = stats::z_two_sided(confidence);
    let e = z * (proportion * (1.0 - proportion) / n as f64).sqrt();
    match population {
        None => Ok(e),
        Some(big_n) => {
            input::check("population", big_n as f64, big_n >= n, &format!("the integers >= n = {n}"))?;
            let fpc = if big_n == 1 { 0.0 } else { ((big_n - n) as f64 / (big_n - 1) as f64).sqrt() };
            Ok(e * fpc)
        }
    }
}

/// The survey options of [`sample_size`] and [`margin_of_error`] as one value, with their
/// defaults: 95 % confidence, the most conservative proportion 0.5, an infinite population.
///
/// ```
/// use custometrics::satisfaction::{SurveyOptions, sample_size};
/// let o = SurveyOptions::default();
/// assert_eq!(sample_size(0.05, o.confidence, o.proportion, o.population)?.n, 385);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SurveyOptions {
    /// Confidence level, in (0, 1). Default 0.95.
    pub confidence: f64,
    /// The expected proportion, in [0, 1] ([`sample_size`] only). Default 0.5.
    pub proportion: f64,
    /// The population size for the finite-population correction; `None` (the default) for none.
    pub population: Option<u64>,
}

crate::codes::with_setters!(SurveyOptions { with_confidence => confidence: f64, with_proportion => proportion: f64, with_population => population: Option<u64> });

impl Default for SurveyOptions {
    fn default() -> Self {
        Self { confidence: 0.95, proportion: 0.5, population: None }
    }
}
