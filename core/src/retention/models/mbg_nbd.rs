//! The MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
//! comparison of models for customer base analysis", *IJRM* 24; Wagner & Hoppe 2008): the
//! BG/NBD with a chance to drop out at time 0 too, so that a customer without repeat purchases
//! is not certainly alive.
//!
//! L = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / Γ(r) · (α+T)^−(r+x) · [1 + a/(b+x) ((α+T)/(α+tₓ))^(r+x)].

use super::bg_nbd::{
    AliveKernel, FrequencyTables, around_one, bracket, closed_or_series, expected_count, ln_beta_shift, ln_nbd,
    nbd_tail, one_minus_hyp,
};
use super::data::{self, Patterns, chunked_sum, rft_ok};
use super::fit::{self, Fit, FitOptions, Likelihood, Spec};
use super::output::Domain;
use super::sealed::Kernels;
use super::{TransactionModel, check_params};
use crate::error::Result;
use crate::numerics::dual::{Real, log_add_exp};
use crate::numerics::elementary as elem;
use crate::numerics::special::{LnHyp, SeriesTable, ln_hyp2f1};
use crate::numerics::vmath;
use serde::{Deserialize, Serialize};

/// MBG/NBD parameters (lifetimes' `ModifiedBetaGeoFitter` names): purchase rate λ ~ Gamma(`r`,
/// `alpha`), dropout probability at time 0 and after each purchase p ~ Beta(`a`, `b`).
///
/// ```
/// use custometrics::retention::models::{ModifiedBetaGeo, TransactionModel};
/// let m = ModifiedBetaGeo::new(0.525, 6.183, 0.891, 1.614)?;
/// assert!(m.probability_alive(0.0, 0.0, 39.0)? < 1.0); // unlike BG/NBD
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct ModifiedBetaGeo {
    /// Shape of the Gamma distribution of purchase rates.
    #[serde(with = "crate::float_serde")]
    pub r: f64,
    /// Rate of the Gamma distribution of purchase rates, per time unit.
    #[serde(with = "crate::float_serde")]
    pub alpha: f64,
    /// First shape of the Beta distribution of dropout probabilities.
    #[serde(with = "crate::float_serde")]
    pub a: f64,
    /// Second shape of the Beta distribution of dropout probabilities.
    #[serde(with = "crate::float_serde")]
    pub b: f64,
}

validated_on_deserialize!(ModifiedBetaGeo, Unchecked, r, alpha, a, b);

const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

impl ModifiedBetaGeo {
    /// Validated parameters.
    ///
    /// ```
    /// use custometrics::retention::models::ModifiedBetaGeo;
    /// assert_eq!(ModifiedBetaGeo::new(0.5, 6.0, f64::NAN, 1.6).unwrap_err().code(), "not_finite");
    /// ```
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` for a parameter that is not a positive number.
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Self> {
        check_params(&NAMES, &[r, alpha, a, b])?;
        Ok(Self { r, alpha, a, b })
    }

    /// Fits the model by maximum likelihood, as [`super::BetaGeo::fit`] (the same penalty,
    /// lifetimes' `ModifiedBetaGeoFitter` objective).
    ///
    /// ```
    /// use custometrics::retention::models::{ModifiedBetaGeo, FitOptions};
    /// # let csv = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow_customers_summary.csv"));
    /// # let rows: Vec<Vec<f64>> = csv.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    /// # let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
    /// let (frequency, recency, t) = (col(1), col(2), col(3)); // CDNOW's 2357 customers, weeks
    /// let fit = ModifiedBetaGeo::fit(&frequency, &recency, &t, None, &FitOptions::default())?;
    /// assert!((fit.model.r - 0.525).abs() < 1e-3 && fit.report.converged);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`super::BetaGeo::fit`].
    pub fn fit(
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
        options: &FitOptions,
    ) -> Result<Fit<Self>> {
        let (data, scale) = data::continuous(frequency, recency, t, weights)?;
        let spec = Spec {
            name: "MBG/NBD",
            unscale: [1.0, 1.0 / scale, 1.0, 1.0],
            penalty: options.penalizer,
            ll_shift: elem::ln(scale) * data.weighted_x,
            data: "frequency",
        };
        Ok(fit::fit(&Mbg, &data, &spec, options)?.dress(&data, |[r, alpha, a, b]| Self { r, alpha, a, b }))
    }

    /// The total log-likelihood of data under these parameters.
    ///
    /// ```
    /// use custometrics::retention::models::ModifiedBetaGeo;
    /// let m = ModifiedBetaGeo::new(0.5, 6.0, 0.9, 1.6)?;
    /// assert!(m.log_likelihood(&[1.0, 0.0], &[3.0, 0.0], &[10.0, 10.0], None)? < 0.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ModifiedBetaGeo::fit`] for the data.
    pub fn log_likelihood(
        &self,
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<f64> {
        let (data, scale) = data::continuous(frequency, recency, t, weights)?;
        self.check()?;
        let ll =
            Mbg.log_likelihood(&data, [self.r, self.alpha * scale, self.a, self.b]) + elem::ln(scale) * data.weighted_x;
        super::computed(ll, Domain::Finite)
    }
}

struct Mbg;

impl Likelihood<4> for Mbg {
    type Data = Patterns;
    fn log_likelihood<S: Real>(&self, d: &Patterns, [r, alpha, a, b]: [S; 4]) -> S {
        let base = (a + b).ln_gamma() - b.ln_gamma() - r.ln_gamma() + r * alpha.ln();
        let per_x: Vec<(S, S)> =
            d.xs.iter()
                .map(|&x| {
                    let ax = (r + x).ln_gamma() + (b + (x + 1.0)).ln_gamma() - (a + b + (x + 1.0)).ln_gamma() + base;
                    (ax, a.ln() - (b + x).ln())
                })
                .collect();
        let table = d.ln_table(alpha);
        chunked_sum(d.len(), data::CHUNK, S::cst(0.0), |range| {
            let mut acc = S::cst(0.0);
            for i in range {
                let k = d.xi[i] as usize;
                let x = d.xs[k];
                let (ax, cx) = per_x[k];
                let rx = r + x;
                let (lt, ltx) = (d.ln_b(&table, alpha, i), d.ln_a(&table, alpha, i));
                let a4 = cx + rx * (lt - ltx);
                acc += (ax - rx * lt + log_add_exp(a4, S::cst(0.0))) * d.w[i];
            }
            acc
        })
    }
}

impl ModifiedBetaGeo {
    fn alive_kernel(&self) -> AliveKernel {
        AliveKernel::mbg_nbd(self.r, self.alpha, self.a, self.b)
    }
}

impl ModifiedBetaGeo {
    /// The ₂F₁ parameters (r + x, b + x + 1, a + b + x) of the expectation of a customer with
    /// frequency x, written once so that the batch's tables and the one-customer path use the
    /// same floats.
    fn hyp_params(&self, x: f64) -> (f64, f64, f64) {
        let ModifiedBetaGeo { r, a, b, .. } = *self;
        (r + x, b + x + 1.0, a + b + x)
    }

    /// The expected purchases in (0, t] of a customer alive now with frequency x and age T:
    /// FHL's closed form (a + b + x)/(a − 1) · [1 − (α1/(α1+t))^r1 ₂F₁(r1, b + x + 1; a + b + x; z)]
    /// where it keeps its digits (a = 1 by the mean of both sides), else [`expected_count`]'s
    /// series. `hyp(z)` is that ₂F₁: [`ln_hyp2f1`] or a batch's table.
    fn count(&self, t: f64, x: f64, age: f64, hyp: impl FnOnce(f64) -> LnHyp) -> f64 {
        if t == 0.0 {
            return 0.0;
        }
        let ModifiedBetaGeo { alpha, a, b, .. } = *self;
        let (r1, b1, c) = self.hyp_params(x);
        let alpha1 = alpha + age;
        let series = || expected_count(r1, alpha1, t, a, b1);
        if (a - 1.0).abs() >= 1e-6 {
            return closed_or_series(c, a, bracket(r1, alpha1, t, hyp(t / (alpha1 + t))), series);
        }
        let closed = around_one(a, |a| (a + b + x) / (a - 1.0) * one_minus_hyp(r1, alpha1, t, r1, b1, a + b + x));
        series().unwrap_or(closed)
    }
}

impl Kernels for ModifiedBetaGeo {
    fn check(&self) -> Result<()> {
        check_params(&NAMES, &[self.r, self.alpha, self.a, self.b])
    }

    fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        self.alive_kernel().value(x, tx, t)
    }

    fn p_alive_fill(&self, x: &[f64], tx: &[f64], t: &[f64], out: &mut [f64]) -> bool {
        vmath::fill_rows(&self.alive_kernel(), x, tx, t, out)
    }

    fn p_alive_fill_ints(&self, x: &[i64], tx: &[i64], t: &[i64], out: &mut [f64]) -> Option<bool> {
        Some(vmath::fill_rows(&self.alive_kernel(), x, tx, t, out))
    }

    fn expected(&self, t: f64) -> f64 {
        let ModifiedBetaGeo { r, alpha, a, b } = *self;
        if t == 0.0 {
            return 0.0;
        }
        // b/(a+b) (the chance of not dropping out at the first purchase) times N with b + 1.
        let series = || expected_count(r, alpha, t, a, b + 1.0).map(|n| elem::exp(elem::ln(b) - elem::ln(a + b)) * n);
        if (a - 1.0).abs() >= 1e-6 {
            let f = ln_hyp2f1(r, b + 1.0, a + b, t / (alpha + t));
            return closed_or_series(b, a, bracket(r, alpha, t, f), series);
        }
        let closed = around_one(a, |a| b / (a - 1.0) * one_minus_hyp(r, alpha, t, r, b + 1.0, a + b));
        series().unwrap_or(closed)
    }

    fn conditional(&self, t: f64, x: f64, tx: f64, age: f64) -> f64 {
        let (r1, b1, c) = self.hyp_params(x);
        self.count(t, x, age, |z| ln_hyp2f1(r1, b1, c, z)) * self.p_alive(x, tx, age)
    }

    /// As BG/NBD's: each distinct frequency's ₂F₁ series prepared once, Horner per customer,
    /// with the bits of [`Kernels::conditional`].
    fn conditional_fill(&self, t: f64, x: &[f64], tx: &[f64], age: &[f64], out: &mut [f64]) -> bool {
        let tables = FrequencyTables::new(x, tx, age, self.alpha, t, |xf, z_max| {
            let (r1, b1, c) = self.hyp_params(xf);
            SeriesTable::new(r1, b1, c, z_max)
        });
        data::fill_checked(out, |i| {
            let (xi, txi, ai) = (x[i], tx[i], age[i]);
            if !rft_ok(xi, txi, ai) {
                return None;
            }
            let (r1, b1, c) = self.hyp_params(xi);
            let table = tables.get(xi);
            let hyp = |z| table.and_then(|s| s.ln_eval(z)).unwrap_or_else(|| ln_hyp2f1(r1, b1, c, z));
            Some(self.count(t, xi, ai, hyp) * self.p_alive(xi, txi, ai))
        })
    }

    fn pmf(&self, n: u64, t: f64) -> f64 {
        if t == 0.0 {
            return if n == 0 { 1.0 } else { 0.0 };
        }
        let ModifiedBetaGeo { r, alpha, a, b } = *self;
        let nf = n as f64;
        // B(a, b+n+1)/B(a, b) and B(a+1, b+n)/B(a, b) = a/(a+b+n) · B(a, b+n)/B(a, b), each in one
        // stable piece (see `ln_beta_shift`).
        let first = elem::exp(ln_beta_shift(a, b, nf + 1.0) + ln_nbd(n, r, alpha, t));
        let weight = elem::exp(elem::ln(a) - elem::ln(a + b + nf) + ln_beta_shift(a, b, nf));
        first + weight * nbd_tail(n, r, t / (alpha + t))
    }
}

impl TransactionModel for ModifiedBetaGeo {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_kernel_matches_the_scalar_one() {
        let m = ModifiedBetaGeo { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
        let (x, tx, age) = ([0.0, 1.0, 5.0, 2e6], [0.0, 3.0, 30.0, 38.0], [38.9, 38.9, 38.9, 38.9]);
        let mut out = [0.0; 4];
        assert!(m.conditional_fill(39.0, &x, &tx, &age, &mut out));
        for i in 0..4 {
            let one = m.conditional(39.0, x[i], tx[i], age[i]);
            assert_eq!(out[i].to_bits(), one.to_bits(), "{i}: {} vs {one}", out[i]);
        }
    }

    #[test]
    fn pmf_sums_to_one_and_to_the_mean() {
        let m = ModifiedBetaGeo { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
        let t = 39.0;
        let (mut total, mut mean) = (0.0, 0.0);
        for n in 0..3000 {
            let p = m.pmf(n, t);
            total += p;
            mean += n as f64 * p;
        }
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        assert!((mean - m.expected(t)).abs() < 1e-7, "{mean} {}", m.expected(t));
    }
}
