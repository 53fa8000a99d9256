//! Forward-mode automatic differentiation ("dual numbers"), just enough for the models'
//! log-likelihoods.
//!
//! A log-likelihood is written once, generic over [`Real`], and evaluated with
//! - `f64`: the value alone (predictions, the reported log-likelihood);
//! - [`Dual<N>`]: the value and the gradient in `N` parameters (the optimiser);
//! - [`Dual2<N>`]: the value, the gradient and the Hessian (standard errors from the observed
//!   information).
//!
//! Every elementary function is applied through [`Real::chain`] with its first and second
//! derivatives, so the derivatives are exact to rounding: no finite differences anywhere.

use super::special::{digamma, ln_gamma};
use crate::numerics::elementary as elem;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// A number that carries derivatives with respect to the model parameters.
pub(crate) trait Real:
    Copy
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + AddAssign
{
    /// 0 (values), 1 (gradients) or 2 (Hessians): which derivatives [`Real::chain`] uses.
    const ORDER: u8;

    /// A constant (all derivatives zero).
    fn cst(v: f64) -> Self;

    /// The value.
    fn v(self) -> f64;

    /// `f(self)` given `f0 = f(x)`, `f1 = f'(x)`, `f2 = f''(x)` at `x = self.v()`.
    fn chain(self, f0: f64, f1: f64, f2: f64) -> Self;

    /// Natural logarithm.
    #[inline]
    fn ln(self) -> Self {
        let x = self.v();
        let d = 1.0 / x;
        self.chain(elem::ln(x), d, -d * d)
    }

    /// Exponential.
    #[inline]
    fn exp(self) -> Self {
        let e = elem::exp(self.v());
        self.chain(e, e, e)
    }

    /// e^x − 1, accurate for small x.
    #[inline]
    fn exp_m1(self) -> Self {
        let x = self.v();
        let e = elem::exp(x);
        self.chain(elem::exp_m1(x), e, e)
    }

    /// ln(1 + x), accurate for small x.
    #[inline]
    fn ln_1p(self) -> Self {
        let x = self.v();
        let d = 1.0 / (1.0 + x);
        self.chain(elem::ln_1p(x), d, -d * d)
    }

    /// 1 / x.
    #[inline]
    fn recip(self) -> Self {
        let d = 1.0 / self.v();
        self.chain(d, -d * d, 2.0 * d * d * d)
    }

    /// ln Γ(x) for x > 0.
    #[inline]
    fn ln_gamma(self) -> Self {
        let x = self.v();
        let f1 = if Self::ORDER >= 1 { digamma(x) } else { 0.0 };
        let f2 = if Self::ORDER >= 2 { trigamma(x) } else { 0.0 };
        self.chain(ln_gamma(x), f1, f2)
    }

    /// `f(u, v, w)` of three numbers given its value `f0`, its first derivatives `f1` and its
    /// second derivatives `f2` (symmetric) at their values: the chain rule for a function whose
    /// derivatives are computed alongside its value (as [`super::special::hyp2f1_one`] does).
    fn chain3(args: [Self; 3], f0: f64, f1: [f64; 3], f2: &[[f64; 3]; 3]) -> Self;
}

impl Real for f64 {
    const ORDER: u8 = 0;
    #[inline]
    fn cst(v: f64) -> Self {
        v
    }
    #[inline]
    fn v(self) -> f64 {
        self
    }
    #[inline]
    fn chain(self, f0: f64, _f1: f64, _f2: f64) -> Self {
        f0
    }
    #[inline]
    fn chain3(_args: [Self; 3], f0: f64, _f1: [f64; 3], _f2: &[[f64; 3]; 3]) -> Self {
        f0
    }
}

/// ln Γ(a) − ln Γ(b) + ln Γ(c) … helpers read better with this.
#[inline]
pub(crate) fn ln_beta<S: Real>(a: S, b: S) -> S {
    a.ln_gamma() + b.ln_gamma() - (a + b).ln_gamma()
}

/// log(e^a + e^b) without overflow.
#[inline]
pub(crate) fn log_add_exp<S: Real>(a: S, b: S) -> S {
    if a.v() >= b.v() { a + (b - a).exp().ln_1p() } else { b + (a - b).exp().ln_1p() }
}

/// The trigamma function ψ′(x) for x > 0 (recurrence up to x >= 10, then the asymptotic series
/// with Bernoulli numbers to x⁻¹⁷; relative error below 1e-15).
pub(crate) fn trigamma(mut x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    // 1/x + 1/(2x²) + Σ B₂ₖ / x^(2k+1)
    let series = z
        * (1.0 / 6.0
            + z * (-1.0 / 30.0
                + z * (1.0 / 42.0
                    + z * (-1.0 / 30.0
                        + z * (5.0 / 66.0 + z * (-691.0 / 2730.0 + z * (7.0 / 6.0 + z * (-3617.0 / 510.0))))))));
    acc + 1.0 / x + 0.5 * z + series / x
}

/// Value and gradient in `N` variables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dual<const N: usize> {
    pub(crate) v: f64,
    pub(crate) g: [f64; N],
}

impl<const N: usize> Dual<N> {
    /// The variable number `i` at value `v`.
    pub(crate) fn var(v: f64, i: usize) -> Self {
        let mut g = [0.0; N];
        if let Some(gi) = g.get_mut(i) {
            *gi = 1.0;
        }
        Self { v, g }
    }
}

/// Value, gradient and Hessian in `N` variables. Only the upper triangle of `h` (j >= i) is
/// computed; [`Dual2::symmetric`] fills in the rest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dual2<const N: usize> {
    pub(crate) v: f64,
    pub(crate) g: [f64; N],
    pub(crate) h: [[f64; N]; N],
}

impl<const N: usize> Dual2<N> {
    /// The variable number `i` at value `v`.
    pub(crate) fn var(v: f64, i: usize) -> Self {
        let mut g = [0.0; N];
        if let Some(gi) = g.get_mut(i) {
            *gi = 1.0;
        }
        Self { v, g, h: [[0.0; N]; N] }
    }

    /// The same number with the lower triangle of the Hessian mirrored from the upper.
    pub(crate) fn symmetric(mut self) -> Self {
        for i in 0..N {
            for j in 0..i {
                self.h[i][j] = self.h[j][i];
            }
        }
        self
    }
}

impl<const N: usize> Real for Dual<N> {
    const ORDER: u8 = 1;
    #[inline]
    fn cst(v: f64) -> Self {
        Self { v, g: [0.0; N] }
    }
    #[inline]
    fn v(self) -> f64 {
        self.v
    }
    #[inline]
    fn chain(self, f0: f64, f1: f64, _f2: f64) -> Self {
        let mut g = self.g;
        for gi in &mut g {
            *gi *= f1;
        }
        Self { v: f0, g }
    }
    #[inline]
    fn chain3([b, c, z]: [Self; 3], v: f64, [db, dc, dz]: [f64; 3], _f2: &[[f64; 3]; 3]) -> Self {
        let mut g = [0.0; N];
        for (i, gi) in g.iter_mut().enumerate() {
            *gi = db * b.g[i] + dc * c.g[i] + dz * z.g[i];
        }
        Self { v, g }
    }
}

impl<const N: usize> Real for Dual2<N> {
    const ORDER: u8 = 2;
    #[inline]
    fn chain3(args: [Self; 3], f0: f64, first: [f64; 3], second: &[[f64; 3]; 3]) -> Self {
        let mut out = Self::cst(f0);
        for (u, du) in args.iter().zip(first) {
            for i in 0..N {
                out.g[i] += du * u.g[i];
                for j in i..N {
                    out.h[i][j] += du * u.h[i][j];
                }
            }
        }
        for (u, row) in args.iter().zip(second) {
            for (w, duw) in args.iter().zip(row) {
                for i in 0..N {
                    for j in i..N {
                        out.h[i][j] += duw * u.g[i] * w.g[j];
                    }
                }
            }
        }
        out
    }
    #[inline]
    fn cst(v: f64) -> Self {
        Self { v, g: [0.0; N], h: [[0.0; N]; N] }
    }
    #[inline]
    fn v(self) -> f64 {
        self.v
    }
    #[inline]
    fn chain(self, f0: f64, f1: f64, f2: f64) -> Self {
        let mut out = Self { v: f0, g: self.g, h: self.h };
        for i in 0..N {
            out.g[i] = f1 * self.g[i];
            for j in i..N {
                out.h[i][j] = f1 * self.h[i][j] + f2 * self.g[i] * self.g[j];
            }
        }
        out
    }
}

macro_rules! scalar_ops {
    ($t:ident) => {
        impl<const N: usize> Add<f64> for $t<N> {
            type Output = Self;
            #[inline]
            fn add(mut self, c: f64) -> Self {
                self.v += c;
                self
            }
        }
        impl<const N: usize> Sub<f64> for $t<N> {
            type Output = Self;
            #[inline]
            fn sub(mut self, c: f64) -> Self {
                self.v -= c;
                self
            }
        }
        impl<const N: usize> Div<f64> for $t<N> {
            type Output = Self;
            #[inline]
            fn div(self, c: f64) -> Self {
                self * (1.0 / c)
            }
        }
        impl<const N: usize> Neg for $t<N> {
            type Output = Self;
            #[inline]
            fn neg(self) -> Self {
                self * -1.0
            }
        }
        impl<const N: usize> Sub for $t<N> {
            type Output = Self;
            #[inline]
            fn sub(self, o: Self) -> Self {
                self + (-o)
            }
        }
        impl<const N: usize> Div for $t<N> {
            type Output = Self;
            #[inline]
            #[allow(clippy::suspicious_arithmetic_impl)] // a / b = a · (1/b), the reciprocal by the chain rule
            fn div(self, o: Self) -> Self {
                self * o.recip()
            }
        }
        impl<const N: usize> AddAssign for $t<N> {
            #[inline]
            fn add_assign(&mut self, o: Self) {
                *self = *self + o;
            }
        }
    };
}

scalar_ops!(Dual);
scalar_ops!(Dual2);

impl<const N: usize> Add for Dual<N> {
    type Output = Self;
    #[inline]
    fn add(mut self, o: Self) -> Self {
        self.v += o.v;
        for (a, b) in self.g.iter_mut().zip(o.g) {
            *a += b;
        }
        self
    }
}

impl<const N: usize> Mul for Dual<N> {
    type Output = Self;
    #[inline]
    fn mul(self, o: Self) -> Self {
        let mut g = [0.0; N];
        for ((gi, a), b) in g.iter_mut().zip(self.g).zip(o.g) {
            *gi = self.v * b + o.v * a;
        }
        Self { v: self.v * o.v, g }
    }
}

impl<const N: usize> Mul<f64> for Dual<N> {
    type Output = Self;
    #[inline]
    fn mul(mut self, c: f64) -> Self {
        self.v *= c;
        for a in &mut self.g {
            *a *= c;
        }
        self
    }
}

impl<const N: usize> Add for Dual2<N> {
    type Output = Self;
    #[inline]
    fn add(mut self, o: Self) -> Self {
        self.v += o.v;
        for i in 0..N {
            self.g[i] += o.g[i];
            for j in i..N {
                self.h[i][j] += o.h[i][j];
            }
        }
        self
    }
}

impl<const N: usize> Mul for Dual2<N> {
    type Output = Self;
    #[inline]
    fn mul(self, o: Self) -> Self {
        let mut out = Self::cst(self.v * o.v);
        for i in 0..N {
            out.g[i] = self.v * o.g[i] + o.v * self.g[i];
            for j in i..N {
                out.h[i][j] = self.v * o.h[i][j] + o.v * self.h[i][j] + self.g[i] * o.g[j] + o.g[i] * self.g[j];
            }
        }
        out
    }
}

impl<const N: usize> Mul<f64> for Dual2<N> {
    type Output = Self;
    #[inline]
    fn mul(mut self, c: f64) -> Self {
        self.v *= c;
        for i in 0..N {
            self.g[i] *= c;
            for j in i..N {
                self.h[i][j] *= c;
            }
        }
        self
    }
}

#[cfg(test)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    fn f<S: Real>(x: S, y: S) -> S {
        (x * y).ln() + (x / y).exp() - (x + 1.0).ln_gamma() + log_add_exp(x, y * 2.0) + (x.ln() * 1.5).exp() * y
    }

    #[test]
    fn second_derivatives_match_differences_of_first() {
        let (x, y) = (1.3, 0.7);
        let d2 = f(Dual2::<2>::var(x, 0), Dual2::<2>::var(y, 1)).symmetric();
        let d1 = f(Dual::<2>::var(x, 0), Dual::<2>::var(y, 1));
        assert!((d2.v - f(x, y)).abs() < 1e-14);
        assert_eq!(d1.g, d2.g);
        let h = 1e-5;
        for (i, (dx, dy)) in [(h, 0.0), (0.0, h)].into_iter().enumerate() {
            let up = f(Dual::<2>::var(x + dx, 0), Dual::<2>::var(y + dy, 1));
            let dn = f(Dual::<2>::var(x - dx, 0), Dual::<2>::var(y - dy, 1));
            for j in 0..2 {
                let fd = (up.g[j] - dn.g[j]) / (2.0 * h);
                assert!((fd - d2.h[i][j]).abs() < 1e-6 * (1.0 + fd.abs()), "{i}{j} {fd} {}", d2.h[i][j]);
            }
        }
    }

    #[test]
    fn trigamma_matches_known_values() {
        // ψ′(1) = π²/6, ψ′(1/2) = π²/2, ψ′(x) ~ 1/x
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-14);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-13);
        assert!((trigamma(1e6) * 1e6 - 1.0).abs() < 1e-6);
        assert!(trigamma(-1.0).is_nan());
    }
}
