//! Small statistical helpers shared by several modules: the normal distribution from statrs,
//! means and correlations written once.

use statrs::distribution::{ContinuousCDF, Normal};

fn standard_normal() -> Normal {
    // Mean 0 and standard deviation 1 are valid parameters; statrs cannot refuse them.
    Normal::standard()
}

/// The two-sided critical value z with P(|Z| <= z) = `confidence`; `confidence` in (0, 1).
pub(crate) fn z_two_sided(confidence: f64) -> f64 {
    standard_normal().inverse_cdf(0.5 + confidence / 2.0)
}

/// Two-sided p-value of a z statistic, erfc(|z|/√2). libm's erfc (a port of FreeBSD's msun,
/// within an ulp or two) rather than statrs's, whose erfc is off by ~5e-11 relative near z = 1.2;
/// being pure Rust it also gives the same bits natively and on wasm32.
pub(crate) fn p_two_sided(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Arithmetic mean of a non-empty slice.
pub(crate) fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Pearson correlation of two equal-length series, `None` when either has zero variance.
pub(crate) fn pearson(x: impl Iterator<Item = f64> + Clone, y: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    let n = x.clone().count() as f64;
    let mx = x.clone().sum::<f64>() / n;
    let my = y.clone().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}
