//! Confidence and credible intervals that stay on the scale of their estimate: the four NPS
//! methods (Wald, the adjusted Wald of Rocks 2016, a seeded multinomial bootstrap, a
//! Dirichlet–multinomial posterior) and the four proportion methods for CSAT and the
//! satisfaction rate (Wilson, Agresti–Coull, Clopper–Pearson, Wald).
//!
//! Every method takes the sample as shares and an effective sample size `n` (the count of
//! answers, or Kish's effective size `(Σw)² / Σw²` of a weighted sample), so one formula serves
//! weighted and unweighted samples; with weights of 1 the two are the same numbers.

use crate::error::{Error, Location, Result};
use crate::numerics::stats;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Gamma};
use serde::{Deserialize, Serialize};

/// How the interval of an NPS is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NpsMethod {
    /// Score ± z·SE (the normal approximation), clipped to [−100, 100]. The default, as the
    /// library has always computed it. A unanimous sample has SE 0 and a zero-width interval
    /// (the result's `note` says so); prefer `AdjustedWald` or `Bayes` for small samples.
    #[default]
    Wald,
    /// Rocks (2016): the Wald interval of the sample with 3 pseudo-answers added, ¾ to the
    /// promoters, ¾ to the detractors and 1½ to the passives. Centred on the adjusted score, so
    /// on a unanimous sample it does not reach the raw score of ±100.
    AdjustedWald,
    /// Percentile interval of `resamples` multinomial resamples of the sample (seeded, so the
    /// same seed gives the same interval on every target).
    ///
    /// With design weights a resample has round(Kish's effective n) answers drawn with the
    /// weighted shares, so the weights cost the bootstrap the precision they cost the Wald
    /// interval (the design effect). Resampling the respondents and carrying their weights
    /// would leave that cost out (the intervals would be as narrow as an unweighted sample's
    /// of the full size), and a survey bootstrap proper (Rao & Wu 1988) needs the strata and
    /// clusters, which a column of weights does not carry.
    Bootstrap,
    /// Equal-tailed credible interval of 100 (p₊ − p₋) under the posterior
    /// Dirichlet(prior + promoters, prior + passives, prior + detractors), from `resamples`
    /// seeded draws; also gives P(NPS > threshold). With design weights the counts are the
    /// weighted shares times Kish's effective n, for the reason given under `Bootstrap`.
    Bayes,
}

/// How the interval of a proportion (CSAT, satisfaction rate) is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProportionMethod {
    /// Wilson's score interval (Wilson 1927). The default: good coverage at every n, never
    /// zero-width, inside [0, 1].
    #[default]
    Wilson,
    /// Agresti & Coull (1998): the Wald interval of the sample with z²/2 successes and z²/2
    /// failures added, clipped to [0, 1].
    AgrestiCoull,
    /// Clopper & Pearson (1934): the exact interval from beta quantiles, conservative.
    ClopperPearson,
    /// p ± z·√(p(1 − p)/n), clipped to [0, 1]; zero-width when every answer agrees.
    Wald,
}

/// An interval with the note that explains a degenerate one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Interval {
    pub low: f64,
    pub high: f64,
    /// P(estimate > threshold) under the posterior (Bayes only).
    pub prob_above: Option<f64>,
    pub note: Option<String>,
}

/// The sampling settings of the bootstrap and the posterior.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sampling {
    pub resamples: u32,
    pub seed: u64,
    pub prior: f64,
    /// In NPS points.
    pub threshold: f64,
}

/// Fewest resamples or draws accepted: fewer cannot place a 2.5 % quantile.
pub const MIN_RESAMPLES: u32 = 100;
/// Most resamples or draws accepted: a million put a 2.5 % quantile within 0.02 points of its
/// limit; more only cost memory (8 bytes each) and time.
pub const MAX_RESAMPLES: u32 = 1_000_000;

/// Checks the sampling settings: resamples ≥ 100, a positive finite prior, a finite threshold in
/// [−100, 100].
pub(crate) fn check_sampling(s: &Sampling) -> Result<()> {
    if !(MIN_RESAMPLES..=MAX_RESAMPLES).contains(&s.resamples) {
        return Err(Error::OutOfRange {
            at: Location::scalar("resamples"),
            value: f64::from(s.resamples),
            expected: format!("{MIN_RESAMPLES}..={MAX_RESAMPLES} resamples"),
        });
    }
    crate::input::check("prior", s.prior, s.prior.is_finite() && s.prior > 0.0, "a positive finite concentration")?;
    crate::input::check("threshold", s.threshold, (-100.0..=100.0).contains(&s.threshold), "the NPS scale -100..=100")?;
    Ok(())
}

const UNANIMOUS: &str = "every answer is in one category, so this interval has zero width; the adjusted_wald or \
                         bayes methods give a non-degenerate interval";

/// The variance of p₊ − p₋ over `n` answers with these shares: (p₊ + p₋ − (p₊ − p₋)²) / n.
pub(crate) fn nps_variance(pp: f64, pd: f64, n: f64) -> f64 {
    let d = pp - pd;
    (pp + pd - d * d).max(0.0) / n
}

/// The interval of an NPS with shares `pp` of promoters and `pd` of detractors over an
/// effective sample size `n` > 0, in NPS points, inside [−100, 100]; `std_error` (in points) is
/// the Wald interval's.
pub(crate) fn nps_interval(
    method: NpsMethod,
    (pp, pd, n): (f64, f64, f64),
    std_error: f64,
    confidence: f64,
    s: &Sampling,
) -> Interval {
    let z = stats::z_two_sided(confidence);
    let unanimous = pp == 1.0 || pd == 1.0 || pp + pd == 0.0;
    match method {
        NpsMethod::Wald => {
            let mut i = clipped_nps(100.0 * (pp - pd), z * std_error);
            if unanimous || n <= 1.0 {
                i.note = Some(UNANIMOUS.into());
            }
            i
        }
        NpsMethod::AdjustedWald => {
            let na = n + 3.0;
            let (pa, da) = ((pp * n + 0.75) / na, (pd * n + 0.75) / na);
            clipped_nps(100.0 * (pa - da), 100.0 * z * nps_variance(pa, da, na).sqrt())
        }
        NpsMethod::Bootstrap => {
            let mut i = nps_bootstrap(pp, pd, n, confidence, s);
            if unanimous {
                i.note = Some(UNANIMOUS.into());
            }
            i
        }
        NpsMethod::Bayes => nps_posterior(pp * n, (1.0 - pp - pd).max(0.0) * n, pd * n, confidence, s),
    }
}

/// The interval `difference ± half` of a difference of two NPS, clipped to the difference's
/// scale [−200, 200] (a Wald interval of two small samples, or at a high confidence, reaches
/// past it); a NaN stays NaN.
pub(crate) fn nps_difference_interval(difference: f64, half: f64) -> (f64, f64) {
    ((difference - half).clamp(-200.0, 200.0), (difference + half).clamp(-200.0, 200.0))
}

fn clipped_nps(centre: f64, half: f64) -> Interval {
    Interval {
        low: (centre - half).clamp(-100.0, 100.0),
        high: (centre + half).clamp(-100.0, 100.0),
        prob_above: None,
        note: None,
    }
}

/// Multinomial resamples of `round(n)` answers with the sample's shares, drawn as a binomial
/// count of promoters and then a binomial count of detractors among the rest (rand_distr's exact
/// samplers, whose arithmetic is `libm`'s, so every target draws the same numbers).
fn nps_bootstrap(pp: f64, pd: f64, n: f64, confidence: f64, s: &Sampling) -> Interval {
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let total = n.round().max(1.0) as u64;
    let rest_share = if pp < 1.0 { (pd / (1.0 - pp)).clamp(0.0, 1.0) } else { 0.0 };
    let mut draws = Vec::with_capacity(s.resamples as usize);
    for _ in 0..s.resamples {
        let promoters = Binomial::new(total, pp.clamp(0.0, 1.0)).map_or(0, |b| b.sample(&mut rng));
        let detractors = Binomial::new(total - promoters, rest_share).map_or(0, |b| b.sample(&mut rng));
        draws.push(100.0 * (promoters as f64 - detractors as f64) / total as f64);
    }
    let (low, high) = equal_tailed(&mut draws, confidence);
    // Resamples of very few answers (a small effective n) take few values, and the central share
    // of them may be one value: an interval of width 0 that must say why.
    let note = (low == high).then(|| {
        format!(
            "the bootstrap resamples {total} answer(s) (the effective sample size, rounded), and the central \
             {confidence} of its draws is one value: too few answers to resolve the score; adjusted_wald or \
             bayes give a meaningful interval"
        )
    });
    Interval { low, high, prob_above: None, note }
}

/// Draws of p₊ − p₋ from Dirichlet(prior + the three counts), each as three gamma draws over
/// their sum.
fn nps_posterior(promoters: f64, passives: f64, detractors: f64, confidence: f64, s: &Sampling) -> Interval {
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let gamma = |count: f64| Gamma::new(s.prior + count, 1.0).ok();
    let (gp, gn, gd) = (gamma(promoters), gamma(passives), gamma(detractors));
    let (Some(gp), Some(gn), Some(gd)) = (gp, gn, gd) else {
        // Unreachable for a checked prior and finite counts; an honest NaN rather than a panic.
        return Interval { low: f64::NAN, high: f64::NAN, prob_above: None, note: None };
    };
    let mut draws = Vec::with_capacity(s.resamples as usize);
    let mut above = 0u32;
    for _ in 0..s.resamples {
        let (a, b, c) = (gp.sample(&mut rng), gn.sample(&mut rng), gd.sample(&mut rng));
        let sum = a + b + c;
        let v = if sum > 0.0 { (100.0 * (a - c) / sum).clamp(-100.0, 100.0) } else { 0.0 };
        above += u32::from(v > s.threshold);
        draws.push(v);
    }
    let (low, high) = equal_tailed(&mut draws, confidence);
    Interval { low, high, prob_above: Some(f64::from(above) / f64::from(s.resamples)), note: None }
}

/// The (1 − c)/2 and (1 + c)/2 quantiles of the draws, interpolated linearly between order
/// statistics (numpy's default "linear" method, Hyndman & Fan type 7).
pub(crate) fn equal_tailed(draws: &mut [f64], confidence: f64) -> (f64, f64) {
    draws.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (draws.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(draws.len() - 1);
        draws[lo] + (h - lo as f64) * (draws[hi] - draws[lo])
    };
    let alpha = 1.0 - confidence;
    (q(alpha / 2.0), q(1.0 - alpha / 2.0))
}

/// The interval of a proportion `p` over an effective sample size `n` > 0, inside [0, 1];
/// `std_error` is the Wald interval's.
pub(crate) fn proportion_interval(
    method: ProportionMethod,
    p: f64,
    n: f64,
    std_error: f64,
    confidence: f64,
) -> Interval {
    let z = stats::z_two_sided(confidence);
    let z2 = z * z;
    let (low, high) = match method {
        ProportionMethod::Wald => (p - z * std_error, p + z * std_error),
        ProportionMethod::Wilson => {
            let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
            let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
            // At p = 0 and p = 1 the bound is exactly 0 and 1; the formula may round a hair past.
            (if p == 0.0 { 0.0 } else { centre - half }, if p == 1.0 { 1.0 } else { centre + half })
        }
        ProportionMethod::AgrestiCoull => {
            let nt = n + z2;
            let pt = (p * n + z2 / 2.0) / nt;
            let half = z * (pt * (1.0 - pt) / nt).sqrt();
            (pt - half, pt + half)
        }
        ProportionMethod::ClopperPearson => {
            let x = p * n;
            let alpha = 1.0 - confidence;
            let low = if x <= 0.0 { 0.0 } else { beta_quantile(alpha / 2.0, x, n - x + 1.0) };
            let high = if x >= n { 1.0 } else { beta_quantile(1.0 - alpha / 2.0, x + 1.0, n - x) };
            (low, high)
        }
    };
    let note = (method == ProportionMethod::Wald && (p == 0.0 || p == 1.0))
        .then(|| UNANIMOUS.replace("adjusted_wald or bayes", "wilson or clopper_pearson"));
    // Every method's interval contains p in exact arithmetic (Agresti–Coull's contains
    // Wilson's); at a confidence near 0 its width is 0 and the rounding of a centre such as
    // (p n + z²/2) / (n + z²) may land an ulp off p. The comparisons keep a NaN a NaN.
    let (low, high) = (if p < low { p } else { low }, if p > high { p } else { high });
    Interval { low: low.clamp(0.0, 1.0), high: high.clamp(0.0, 1.0), prob_above: None, note }
}

/// The q-quantile of Beta(a, b): the root of I_x(a, b) = q, bisected on [0, 1] until the
/// bracket stops shrinking (hand-written over the core's own `beta_reg` so that every target
/// gives the same bits; statrs's inverse uses the platform's maths).
fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..1100 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if stats::beta_reg(a, b, mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + (hi - lo) / 2.0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const S: Sampling = Sampling { resamples: 2000, seed: 7, prior: 1.0, threshold: 0.0 };

    #[test]
    fn beta_quantile_inverts_beta_reg() {
        for &(q, a, b) in &[(0.025, 3.0, 8.0), (0.975, 4.0, 7.0), (0.5, 0.5, 0.5), (0.001, 30.0, 2.0)] {
            let x = beta_quantile(q, a, b);
            assert!((stats::beta_reg(a, b, x) - q).abs() < 1e-12, "{q} {a} {b}: {x}");
        }
    }

    #[test]
    fn every_nps_interval_stays_on_the_scale() {
        for method in [NpsMethod::Wald, NpsMethod::AdjustedWald, NpsMethod::Bootstrap, NpsMethod::Bayes] {
            for (pp, pd, n) in
                [(1.0, 0.0, 1.0), (0.0, 1.0, 21.0), (0.9, 0.05, 21.0), (0.0, 0.0, 5.0), (0.3, 0.2, 1000.0)]
            {
                let se = 100.0 * nps_variance(pp, pd, n).sqrt();
                let i = nps_interval(method, (pp, pd, n), se, 0.95, &S);
                assert!(-100.0 <= i.low && i.low <= i.high && i.high <= 100.0, "{method:?} {pp} {pd} {n}: {i:?}");
            }
        }
    }

    #[test]
    fn bootstrap_and_posterior_repeat_with_their_seed() {
        let a = nps_interval(NpsMethod::Bootstrap, (0.5, 0.2, 50.0), 7.0, 0.9, &S);
        assert_eq!(a, nps_interval(NpsMethod::Bootstrap, (0.5, 0.2, 50.0), 7.0, 0.9, &S));
        let b = nps_interval(NpsMethod::Bayes, (0.5, 0.2, 50.0), 7.0, 0.9, &S);
        assert_eq!(b, nps_interval(NpsMethod::Bayes, (0.5, 0.2, 50.0), 7.0, 0.9, &S));
        assert!(b.prob_above.is_some_and(|p| p > 0.95));
    }
}
