//! Small statistical helpers shared by several modules: the normal quantile, means and
//! correlations written once.

use crate::numerics::elementary as elem;

/// The two-sided critical value z with P(|Z| <= z) = `confidence`; `confidence` in (0, 1).
///
/// z = √2 · w with erfc(w) = α = 1 − `confidence` (exact for a confidence >= 1/2, so a confidence
/// a few ulps below 1 keeps its tail: at 1 − 2⁻⁵³, z is 8.29 where Φ⁻¹(0.5 + c/2) would round
/// its argument to 1 and return infinity). w is the root of erfc(w) − α by Halley's method,
/// every operation IEEE arithmetic or the pure-Rust `libm` (erfc, exp, log, sqrt): the same
/// bits natively, in Python and in WebAssembly. statrs's erf⁻¹, used before, calls the
/// platform's `ln`, `exp` and `sqrt` and differed by an ulp or two between Python and JS at 43
/// of 2000 confidence levels. Hand-written: no crate offers an erf⁻¹ over `libm`.
pub(crate) fn z_two_sided(confidence: f64) -> f64 {
    let alpha = 1.0 - confidence;
    if !(confidence > 0.0 && alpha > 0.0) {
        return if alpha <= 0.0 { f64::INFINITY } else { 0.0 };
    }
    let two_over_root_pi = 2.0 / libm::sqrt(std::f64::consts::PI);
    // A start within a few per cent: the series erfc(w) ≈ 1 − 2w/√π near 0, and the leading
    // term of the asymptotic expansion, w² ≈ −ln(α w √π), in the tail.
    let mut w = if confidence < 0.5 {
        confidence / two_over_root_pi
    } else {
        let l = -libm::log(alpha);
        let w1 = libm::sqrt(l);
        libm::sqrt((l - libm::log(w1 / two_over_root_pi * 2.0)).max(l * 0.5))
    };
    // Halley on g(w) = erfc(w) − α (or, below confidence 1/2, where erfc(w) is near 1 and the
    // difference would lose w's digits, erf(w) − confidence), g′ = ∓(2/√π) e^{−w²}, g″ = −2w g′:
    // w ← w − g / (g′ + w g).
    let small = confidence < 0.5;
    for _ in 0..40 {
        let (g, sign) = if small { (libm::erf(w) - confidence, 1.0) } else { (libm::erfc(w) - alpha, -1.0) };
        let d = sign * two_over_root_pi * libm::exp(-w * w);
        let step = g / (d + w * g);
        w -= step;
        if step.is_nan() || step.abs() <= 1e-17 * w {
            break;
        }
    }
    std::f64::consts::SQRT_2 * w
}

/// Two-sided p-value of a z statistic, erfc(|z|/√2). libm's erfc (a port of FreeBSD's msun,
/// within an ulp or two) rather than statrs's, whose erfc is off by ~5e-11 relative near z = 1.2;
/// being pure Rust it also gives the same bits natively and on wasm32.
pub(crate) fn p_two_sided(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Arithmetic mean of a non-empty slice: the sum over n, or, where finite values near the top
/// of the `f64` range overflow that sum, the sum of the values over n kept between the least
/// and the largest value, where the mean lies (each v / n rounds, and n of them rounded up can
/// still pass ±1.8e308: three of -MAX / 3 make -inf).
pub(crate) fn mean(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let m = values.iter().sum::<f64>() / n;
    if m.is_finite() || values.iter().any(|v| !v.is_finite()) {
        return m;
    }
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    values.iter().map(|v| v / n).sum::<f64>().clamp(lo, hi)
}

/// Pearson correlation of two equal-length series, `None` when either has zero variance.
pub(crate) fn pearson(x: impl Iterator<Item = f64> + Clone, y: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    // r is scale-free: values whose squares or sums could leave the f64 range (beyond 1e150 or
    // below 1e-150 in magnitude) are first divided by a power of two near their largest
    // magnitude, which is exact; ordinary data is not touched, so its bits do not change.
    let (sx, sy) = (power_of_two_scale(x.clone()), power_of_two_scale(y.clone()));
    if sx != 1.0 || sy != 1.0 {
        return pearson_unscaled(x.map(move |v| v * sx), y.map(move |v| v * sy));
    }
    pearson_unscaled(x, y)
}

/// 1, or 2⁻ᵉ with 2ᵉ near the largest |value| when that is outside [1e-150, 1e150] (and finite,
/// nonzero).
fn power_of_two_scale(values: impl Iterator<Item = f64>) -> f64 {
    let top = values.fold(0.0f64, |m, v| m.max(v.abs()));
    if !top.is_finite() || top == 0.0 || (1e-150..=1e150).contains(&top) {
        return 1.0;
    }
    libm::exp2(-libm::floor(libm::log2(top)))
}

fn pearson_unscaled(x: impl Iterator<Item = f64> + Clone, y: impl Iterator<Item = f64> + Clone) -> Option<f64> {
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

/// Sample variance (divisor n − 1) of at least two values.
pub(crate) fn sample_variance(values: &[f64]) -> f64 {
    let m = mean(values);
    values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (values.len() as f64 - 1.0)
}

/// Median of a non-empty slice (the mean of the two middle values for an even count); NaN if
/// any value is NaN.
pub(crate) fn median(values: &[f64]) -> f64 {
    if values.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The regularised incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1], by the
/// continued fraction of Numerical Recipes (§6.4, modified Lentz), with libm's lgamma, exp and
/// log so every target gives the same bits.
pub(crate) fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * libm::log(x) + b * libm::log1p(-x);
    beta_reg_from(a, b, x, ln_front)
}

/// [`beta_reg`] given ln(xᵃ (1−x)ᵇ / B(a, b)) computed by the caller (in a form that keeps its
/// digits where ln Γ(a + b) − ln Γ(b) would cancel, as for the negative binomial tail at
/// r = 1e300); x strictly inside (0, 1).
pub(crate) fn beta_reg_from(a: f64, b: f64, x: f64, ln_front: f64) -> f64 {
    let front = libm::exp(ln_front);
    if x < (a + 1.0) / (a + b + 2.0) { front * beta_cf(a, b, x) / a } else { 1.0 - front * beta_cf(b, a, 1.0 - x) / b }
}

fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// Two-sided p-value P(|T| ≥ |t|) of Student's t with `df` degrees of freedom (not
/// necessarily whole: Welch's test), as I_{df/(df+t²)}(df/2, 1/2); with no degree of freedom
/// (`df` ≤ 0: a weighted sample whose effective size is 1) its limit as df → 0, 1: no evidence.
pub(crate) fn t_p_two_sided(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() {
        return f64::NAN;
    }
    if df <= 0.0 {
        return 1.0;
    }
    if t.is_infinite() {
        return 0.0;
    }
    beta_reg(df / 2.0, 0.5, df / (df + t * t))
}

/// The two-sided critical value t with P(|T| ≤ t) = `confidence` for `df` > 0 degrees of
/// freedom: the root of [`t_p_two_sided`] = 1 − confidence, bracketed and bisected to the last
/// representable step; with no degree of freedom (`df` ≤ 0) its limit, infinity.
pub(crate) fn t_two_sided(confidence: f64, df: f64) -> f64 {
    if confidence.is_nan() || df.is_nan() {
        return f64::NAN;
    }
    if df <= 0.0 {
        return f64::INFINITY;
    }
    let alpha = 1.0 - confidence;
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while t_p_two_sided(hi, df) > alpha && hi < 1e300 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..2000 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if t_p_two_sided(mid, df) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + (hi - lo) / 2.0
}

/// P(X ≥ x) for X ~ χ² with `k` > 0 degrees of freedom: the regularised upper incomplete gamma
/// Q(k/2, x/2) = Γ(a, y)/Γ(a), by the power series of the lower one, P = e^(−y) y^a/Γ(a+1) ·
/// Σₙ yⁿ/((a+1)…(a+n)), where y < a + 1 (Q = 1 − P, P at most about 0.6 there, so the difference
/// keeps its digits), and by Legendre's continued fraction for Γ(a, y) (evaluated by the modified
/// Lentz method) beyond. Hand-written on the crate's elementary functions, as the quantiles above
/// are, so a p-value has the same bits in every language (statrs's `gamma_ur` calls the
/// platform's `exp` and `ln`).
pub(crate) fn chi_square_sf(x: f64, k: f64) -> f64 {
    if x.is_nan() || k.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let (a, y) = (k / 2.0, x / 2.0);
    let ln_front = a * elem::ln(y) - y - crate::numerics::special::ln_gamma(a);
    if y < a + 1.0 {
        let (mut term, mut sum, mut an) = (1.0 / a, 1.0 / a, a);
        for _ in 0..100_000 {
            an += 1.0;
            term *= y / an;
            sum += term;
            if term <= sum * 1e-17 {
                break;
            }
        }
        return 1.0 - sum * elem::exp(ln_front);
    }
    const TINY: f64 = 1e-300;
    let mut b = y + 1.0 - a;
    let (mut c, mut d) = (1.0 / TINY, 1.0 / b);
    let mut h = d;
    for i in 1..100_000 {
        let fi = i as f64;
        let an = -fi * (fi - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() <= 1e-16 {
            break;
        }
    }
    elem::exp(ln_front) * h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_tail_matches_statrs() {
        use statrs::distribution::{ChiSquared, ContinuousCDF};
        let mut worst = 0.0f64;
        for k in [1.0, 2.0, 3.0, 4.0, 5.5, 8.0, 10.0, 18.0, 40.0, 99.0, 400.0, 2000.0] {
            let dist = ChiSquared::new(k);
            for x in [1e-6, 0.01, 0.3, 1.0, 2.0, 3.84, 5.99, 10.0, 30.0, 100.0, 500.0, 1500.0, 2500.0] {
                let (got, want) = (chi_square_sf(x, k), dist.as_ref().map_or(f64::NAN, |d| d.sf(x)));
                assert!(!want.is_nan(), "χ²({k})");
                assert!((0.0..=1.0).contains(&got), "k {k} x {x}: {got}");
                if want > 1e-290 {
                    let rel = (got - want).abs() / want;
                    worst = worst.max(rel);
                    assert!(rel < 1e-11, "k {k} x {x}: {got} vs {want}");
                }
            }
        }
        // Textbook critical values: P(χ²₁ ≥ 3.841459) = P(χ²₂ ≥ 5.991465) = 0.05; χ²₂'s tail is e^(−x/2).
        assert!((chi_square_sf(3.841_458_820_694_124, 1.0) - 0.05).abs() < 1e-14);
        assert!((chi_square_sf(5.991_464_547_107_979, 2.0) - 0.05).abs() < 1e-14);
        assert!((chi_square_sf(7.0, 2.0) - elem::exp(-3.5)).abs() < 1e-15);
        assert_eq!((chi_square_sf(0.0, 3.0), chi_square_sf(f64::INFINITY, 3.0)), (1.0, 0.0));
        eprintln!("largest relative difference from statrs {worst:e}");
    }

    #[test]
    fn z_matches_the_arbitrary_precision_values() {
        // tests/data/normal_quantile_mpmath.json: √2 · erf⁻¹(c) by mpmath at 40 digits.
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/normal_quantile_mpmath.json")).unwrap_or_default();
        let cases = file["cases"].as_array().cloned().unwrap_or_default();
        assert!(cases.len() >= 8);
        for c in cases {
            let bits = |k: usize| f64::from_bits(c[k].as_u64().unwrap_or(u64::MAX));
            let (conf, want) = (bits(2), bits(3));
            let got = z_two_sided(conf);
            assert!((got - want).abs() <= 2.0 * f64::EPSILON * want, "{conf}: {got} vs {want}");
        }
    }

    #[test]
    fn t_matches_printed_tables() {
        // Two-sided 95 % critical values of Student's t (any statistics table).
        for (df, t) in [(1.0, 12.706), (2.0, 4.303), (5.0, 2.571), (10.0, 2.228), (30.0, 2.042), (1e6, 1.960)] {
            assert!((t_two_sided(0.95, df) - t).abs() < 5e-4, "df {df}");
        }
        // With one degree of freedom T is Cauchy: P(|T| ≥ 1) = 1/2 exactly.
        assert!((t_p_two_sided(1.0, 1.0) - 0.5).abs() < 1e-15);
        assert_eq!(t_p_two_sided(0.0, 3.0), 1.0);
        assert_eq!(t_p_two_sided(f64::INFINITY, 3.0), 0.0);
    }

    #[test]
    fn median_even_and_odd() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[50.0, 55.0]), 52.5);
        assert!(median(&[1.0, f64::NAN]).is_nan());
    }
}
