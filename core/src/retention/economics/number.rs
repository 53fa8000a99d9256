//! The small numeric trait that lets one formula serve both `Decimal` (money at the scalar API
//! edge) and `f64` (batch kernels), with checked arithmetic: an overflow (or, for `f64`, a
//! non-finite result) becomes `None` instead of a panic or an infinity.

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
    /// `n` as a number of this type.
    fn from_u64(n: u64) -> Option<Self>;
    /// 1 − qⁿ for q = r (1 + g)/(1 + d) >= 0, computed the most accurate way the type allows.
    fn one_minus_pow(r: Self, g: Self, d: Self, n: u64) -> Option<Self>;
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
    fn from_u64(n: u64) -> Option<Self> {
        Some(n as f64)
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
        finite(-(n as f64 * (r.ln() + g.ln_1p() - d.ln_1p())).exp_m1())
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
    fn from_u64(n: u64) -> Option<Self> {
        Some(Decimal::from(n))
    }
    /// 1 − qⁿ with qⁿ by repeated squaring, each product rounded to 28 significant digits.
    fn one_minus_pow(r: Self, g: Self, d: Self, n: u64) -> Option<Self> {
        let q = r.checked_mul(Decimal::ONE.checked_add(g)?)?.checked_div(Decimal::ONE.checked_add(d)?)?;
        Decimal::ONE.checked_sub(q.checked_powu(n)?)
    }
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
    fn one_minus_pow_near_one() {
        // q = 0.5 · 2 / (1 + 1e-12): 1 − q¹⁰⁰⁰ = x − x²/2 + … with x = 1000 ln(1 + 1e-12)
        let x = f64::one_minus_pow(0.5, 1.0, 1e-12, 1000).unwrap();
        assert!((x - (1e-9 - 5e-19 - 5e-22)).abs() < 1e-23, "{x}");
        let d = Decimal::one_minus_pow(Decimal::new(99, 2), Decimal::ZERO, Decimal::ZERO, 2).unwrap();
        assert_eq!(d, Decimal::new(199, 4));
    }
}
