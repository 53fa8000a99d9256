//! The elementary functions of the core: one implementation on every target.
//!
//! `f64::exp`, `f64::ln`, `f64::powf` … call the platform's maths library natively (glibc, the
//! macOS libm, the MSVC CRT) and a different implementation in WebAssembly, so the same formula
//! could give bits that differ by an ulp or more between Rust, Python and JS. Every elementary
//! function the core needs is here instead, from the pure-Rust [`libm`](https://docs.rs/libm)
//! crate (a port of musl's), which computes the same bits on every target. `clippy.toml` forbids
//! the `f64` methods everywhere else in the core (`make lint`); the correctly rounded operations
//! (`sqrt`, `mul_add`, `abs`, `floor` …) are the same everywhere and stay as they are.
//!
//! The special functions built on these (log-gamma, digamma, the incomplete beta ratio) are in
//! [`super::special`].

// This module is the one place allowed to name the functions the rest of the core may not.
#![allow(clippy::disallowed_methods)]

/// eˣ.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// eˣ − 1, accurate for small x.
#[inline]
pub(crate) fn exp_m1(x: f64) -> f64 {
    libm::expm1(x)
}

/// The natural logarithm.
#[inline]
pub(crate) fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// ln(1 + x), accurate for small x.
#[inline]
pub(crate) fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// xʸ.
#[inline]
pub(crate) fn powf(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// sin x.
#[inline]
pub(crate) fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// artanh x.
#[inline]
pub(crate) fn atanh(x: f64) -> f64 {
    libm::atanh(x)
}

/// √(x² + y²) without overflow.
#[inline]
pub(crate) fn hypot(x: f64, y: f64) -> f64 {
    libm::hypot(x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_platform_to_an_ulp_or_two() {
        // Not a reference (both sides round): a check that each wrapper calls the function its
        // name says.
        let close = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(f64::MIN_POSITIVE);
        for x in [1e-300_f64, 1e-10, 0.1, 0.5, 1.0, 2.5, 10.0, 700.0] {
            assert!(close(exp(x.min(700.0)), x.min(700.0).exp()));
            assert!(close(exp_m1(x), x.exp_m1()));
            assert!(close(ln(x), x.ln()));
            assert!(close(ln_1p(x), x.ln_1p()));
            assert!(close(powf(x, 1.7), x.powf(1.7)));
            assert!(close(sin(x.min(10.0)), x.min(10.0).sin()));
            assert!(close(atanh(x.min(0.9)), x.min(0.9).atanh()));
            assert!(close(hypot(x, 2.0 * x), x.hypot(2.0 * x)));
        }
    }
}
