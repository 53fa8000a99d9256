//! The small numeric trait that lets one formula serve both `Decimal` (money at the scalar API
//! edge) and `f64` (batch kernels), with checked arithmetic: an overflow (or, for `f64`, a
//! non-finite result) becomes `None` instead of a panic or an infinity.

use crate::numerics::elementary as elem;
use rust_decimal::{Decimal, MathematicalOps};
use std::ops::{Add, Div, Mul, Sub};

/// The operations the retention formulas need.
pub(crate) trait Real: Copy + PartialOrd {
    const ZERO: Self;
    const ONE: Self;
    fn c_add(self, o: Self) -> Option<Self>;
    fn c_sub(self, o: Self) -> Option<Self>;
    fn c_mul(self, o: Self) -> Option<Self>;
    fn c_div(self, o: Self) -> Option<Self>;
    /// 1 − qⁿ for q = r (1 + g)/(1 + d) >= 0, computed the most accurate way the type allows.
    fn one_minus_pow(r: Self, g: Self, d: Self, n: u64) -> Option<Self>;
    /// (1 − qⁿ)/`den` for q = r (1 + g)/(1 + d) and den = 1 + d − r (1 + g) = (1 + d)(1 − q),
    /// that is Σ_{t<n} qᵗ/(1 + d), n >= 1, computed the most accurate way the type allows.
    fn discounted_sum(r: Self, g: Self, d: Self, n: u64, den: Self) -> Option<Self>;
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn c_add(self, o: Self) -> Option<Self> {
        finite(self + o)
    }
    fn c_sub(self, o: Self) -> Option<Self> {
        finite(self - o)
    }
    fn c_mul(self, o: Self) -> Option<Self> {
        finite(self * o)
    }
    fn c_div(self, o: Self) -> Option<Self> {
        finite(self / o)
    }
    /// −expm1(n (ln r + ln(1 + g) − ln(1 + d))): q is never formed, so nothing cancels when q
    /// is near 1.
    fn one_minus_pow(r: Self, g: Self, d: Self, n: u64) -> Option<Self> {
        if n == 0 {
            return Some(0.0);
        }
        if r == 0.0 {
            return Some(1.0);
        }
        finite(-elem::exp_m1(n as f64 * (elem::ln(r) + elem::ln_1p(g) - elem::ln_1p(d))))
    }
    fn discounted_sum(r: Self, g: Self, d: Self, n: u64, den: Self) -> Option<Self> {
        if den == 0.0 {
            // q = 1: n terms of 1/(1 + d).
            return finite(n as f64 / (1.0 + d));
        }
        finite(Self::one_minus_pow(r, g, d, n)? / den)
    }
}

impl Real for Decimal {
    const ZERO: Self = Decimal::ZERO;
    const ONE: Self = Decimal::ONE;
    fn c_add(self, o: Self) -> Option<Self> {
        self.checked_add(o)
    }
    fn c_sub(self, o: Self) -> Option<Self> {
        self.checked_sub(o)
    }
    fn c_mul(self, o: Self) -> Option<Self> {
        self.checked_mul(o)
    }
    fn c_div(self, o: Self) -> Option<Self> {
        self.checked_div(o)
    }
    /// 1 − qⁿ with qⁿ by repeated squaring, each product rounded to 28 significant digits.
    fn one_minus_pow(r: Self, g: Self, d: Self, n: u64) -> Option<Self> {
        let q = r.checked_mul(Decimal::ONE.checked_add(g)?)?.checked_div(Decimal::ONE.checked_add(d)?)?;
        Decimal::ONE.checked_sub(q.checked_powu(n)?)
    }
    /// The geometric sum Σ_{t<n} qᵗ itself, whose terms are all positive, rather than
    /// (1 − qⁿ)/(1 − q): when q is within 10⁻ᵏ of 1 the difference loses k of the 28 digits (at
    /// q = 0.9999999999999999 and n = 10 the sum is 9.999999999999999450…, the difference
    /// 1e-15/1e-16 = 10.00…), and a q above 1 whose sum fits is not lost to an overflow of qⁿ/(q − 1).
    fn discounted_sum(r: Self, g: Self, d: Self, n: u64, _den: Self) -> Option<Self> {
        let one_d = Decimal::ONE.checked_add(d)?;
        let q = r.checked_mul(Decimal::ONE.checked_add(g)?)?.checked_div(one_d)?;
        geometric_sum(q, n)?.checked_div(one_d)
    }
}

/// Σ_{t<n} qᵗ for q >= 0 in about 2 log₂ n products, each rounded to 28 digits: with s = S(k) and
/// p = qᵏ, S(2k) = s (1 + p) and S(k + 1) = 1 + q s, walking the bits of n from the top. qᵏ is
/// not formed after the last step, where it could overflow although the sum fits.
fn geometric_sum(q: Decimal, n: u64) -> Option<Decimal> {
    let (mut s, mut p) = (Decimal::ZERO, Decimal::ONE);
    for bit in (0..u64::BITS - n.leading_zeros()).rev() {
        let (more, set) = (bit > 0, (n >> bit) & 1 == 1);
        s = s.checked_mul(Decimal::ONE.checked_add(p)?)?;
        if more {
            p = p.checked_mul(p)?;
        }
        if set {
            s = Decimal::ONE.checked_add(q.checked_mul(s)?)?;
            if more {
                p = p.checked_mul(q)?;
            }
        }
    }
    Some(s)
}

/// A value under checked arithmetic: the first failure makes every later result `None`, so a
/// formula reads as a formula.
#[derive(Clone, Copy, Debug)]
pub(crate) struct N<T>(pub Option<T>);

impl<T: Real> N<T> {
    pub(crate) fn of(x: T) -> Self {
        N(Some(x))
    }
    pub(crate) fn get(self) -> Option<T> {
        self.0
    }
}

macro_rules! op {
    ($tr:ident, $f:ident, $m:ident) => {
        impl<T: Real> $tr for N<T> {
            type Output = N<T>;
            fn $f(self, o: N<T>) -> N<T> {
                N(match (self.0, o.0) {
                    (Some(a), Some(b)) => a.$m(b),
                    _ => None,
                })
            }
        }
    };
}
op!(Add, add, c_add);
op!(Sub, sub, c_sub);
op!(Mul, mul, c_mul);
op!(Div, div, c_div);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_none_not_a_panic() {
        let big = N::of(Decimal::MAX);
        assert!((big * N::of(Decimal::TWO)).get().is_none());
        assert!((N::of(1.0) / N::of(0.0)).get().is_none());
        assert!((N::of(Decimal::ONE) / N::of(Decimal::ZERO)).get().is_none());
    }

    #[test]
    fn geometric_sum_keeps_the_digits_near_one() {
        // Σ_{t<10} qᵗ at q = 1 − 10⁻¹⁶: 10 − 45·10⁻¹⁶ + 120·10⁻³² − … (binomial sums, by hand)
        let q = Decimal::from_str_exact("0.9999999999999999").unwrap();
        assert_eq!(geometric_sum(q, 10).unwrap(), Decimal::from_str_exact("9.999999999999995500000000000").unwrap());
        assert_eq!(geometric_sum(Decimal::new(5, 1), 3).unwrap(), Decimal::new(175, 2)); // 1 + 0.5 + 0.25
        assert_eq!(geometric_sum(Decimal::ONE, 1_000_000_007).unwrap(), Decimal::from(1_000_000_007u64));
        // 2⁹⁵ − 1 fits although 2⁹⁶ does not
        assert_eq!(geometric_sum(Decimal::TWO, 95).unwrap(), Decimal::from_i128_with_scale((1i128 << 95) - 1, 0));
        assert!(geometric_sum(Decimal::TWO, 97).is_none());
        assert_eq!(geometric_sum(Decimal::ZERO, u64::MAX).unwrap(), Decimal::ONE);
    }

    #[test]
    fn one_minus_pow_near_one() {
        // q = 0.5 · 2 / (1 + 1e-12): 1 − q¹⁰⁰⁰ = x − x²/2 + … with x = 1000 ln(1 + 1e-12)
        let x = f64::one_minus_pow(0.5, 1.0, 1e-12, 1000).unwrap();
        assert!((x - (1e-9 - 5e-19 - 5e-22)).abs() < 1e-23, "{x}");
        let d = Decimal::one_minus_pow(Decimal::new(99, 2), Decimal::ZERO, Decimal::ZERO, 2).unwrap();
        assert_eq!(d, Decimal::new(199, 4));
    }
}
