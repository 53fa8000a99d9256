//! The shifted-beta-geometric (sBG) model of contract duration in a discrete-time contractual
//! setting (Fader & Hardie 2007, "How to project customer retention", *Journal of Interactive
//! Marketing* 21(1), 76–90; Fader & Hardie 2010, "Customer-base valuation in a contractual
//! setting: the perils of ignoring heterogeneity", *Marketing Science* 29(1), 85–93).
//!
//! Each customer renews at the end of every period with a constant probability 1 − θ until they
//! churn, and θ varies over customers as Beta(α, β). For a cohort, with t = 1, 2, …:
//!
//! ```text
//! P(T = 1) = α / (α + β),  P(T = t) = P(T = t − 1) · (β + t − 2) / (α + β + t − 1)
//! S(t) = P(T > t) = B(α, β + t) / B(α, β),  S(0) = 1
//! r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1)
//! ```
//!
//! The retention rate r(t) rises with t: the cohort sorts itself, the churn-prone leave first.
//!
//! # Fitting
//!
//! `survivors[t]` is the number of the cohort still active after t periods, `survivors[0]` the
//! cohort size n₀. With nₜ = `survivors[t]` and T the last period observed, the log-likelihood of
//! Fader & Hardie (2007, eq. 7), Σₜ (nₜ₋₁ − nₜ) ln P(T = t) + n_T ln S(T), collapses to
//!
//! ```text
//! ℓ(α, β) = (n₀ − n_T) ln α + Σ_{j=0}^{T−1} [ n_{j+1} ln(β + j) − n_j ln(α + β + j) ]
//! ```
//!
//! written once for every number type, so that the fit's gradient and Hessian (finite sums of
//! reciprocals, the digamma and trigamma differences of the Beta-function form) come exactly by
//! automatic differentiation, as for every model in [`super`]. Counts need not be integers
//! (expected counts, weighted data).
//!
//! # DEL and DERL
//!
//! With per-period discount rate d and z = 1/(1 + d) (Fader & Hardie 2010, eqs. 5 and 6):
//!
//! ```text
//! DEL(d)     = Σ_{t≥0} S(t) zᵗ                              = ₂F₁(1, β; α + β; z)
//! DERL(d, n) = Σ_{t>n} S(t)/S(n) · z^{t−n−1}  = (β + n)/(α + β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; z)
//! ```
//!
//! DEL counts the first period's payment undiscounted (margin at the start of each period);
//! DERL is evaluated for a customer who has made n renewals, just before the decision to make
//! the (n + 1)th, so its first term is the probability of that renewal. E(CLV) = m · DEL and the
//! expected residual lifetime value E(RLV) = m · DERL for a margin m per period.

use super::fit::{self, Fit, FitData, FitOptions, Likelihood, Spec};
use super::output::Domain;
use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::dual::Real;
use crate::numerics::elementary as elem;
use crate::numerics::special::{NeumaierSum, hyp2f1_one_summed, ln_gamma_ratio};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde::{Deserialize, Serialize};

/// The parameters as read, before validation.
#[derive(Deserialize)]
struct Unchecked {
    #[serde(with = "crate::float_serde")]
    alpha: f64,
    #[serde(with = "crate::float_serde")]
    beta: f64,
}

/// A shifted-beta-geometric model with valid parameters (α > 0, β > 0, finite).
///
/// ```
/// use custometrics::retention::ShiftedBetaGeo;
/// let m = ShiftedBetaGeo::new(1.0, 1.0)?;      // θ uniform on (0, 1)
/// assert!((m.survival(3) - 0.25).abs() < 1e-15); // S(t) = 1 / (t + 1)
/// assert_eq!(m.retention_rate(3)?, 0.75);      // (β + 2) / (α + β + 2)
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// Serialised as `{"alpha": …, "beta": …}`; deserialising validates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct ShiftedBetaGeo {
    #[serde(with = "crate::float_serde")]
    alpha: f64,
    #[serde(with = "crate::float_serde")]
    beta: f64,
}

impl TryFrom<Unchecked> for ShiftedBetaGeo {
    type Error = Error;
    fn try_from(p: Unchecked) -> Result<Self> {
        Self::new(p.alpha, p.beta)
    }
}

impl super::sealed::StdErrors for ShiftedBetaGeo {
    fn read_std_errors<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let p = Unchecked::deserialize(d)?;
        super::sealed::check_std_error("alpha", p.alpha)?;
        super::sealed::check_std_error("beta", p.beta)?;
        Ok(Self { alpha: p.alpha, beta: p.beta })
    }
}

/// The cohort data behind a fit: survivor counts as shares of the cohort, and its size.
struct Cohort {
    shares: Vec<f64>,
    size: f64,
}

impl Cohort {
    fn new(survivors: &[f64]) -> Result<Self> {
        input::min_len("survivors", survivors.len(), 2)?;
        input::all_in("survivors", survivors, 0.0, f64::MAX, "the non-negative numbers")?;
        let size = survivors[0];
        if size <= 0.0 {
            return Err(Error::OutOfRange {
                at: Location::at("survivors", 0),
                value: size,
                expected: "the positive numbers (survivors[0] is the cohort size)".into(),
            });
        }
        for (i, w) in survivors.windows(2).enumerate() {
            if w[1] > w[0] {
                return Err(Error::OutOfRange {
                    at: Location::at("survivors", i + 1),
                    value: w[1],
                    expected: format!("the numbers <= survivors[{i}] = {} (survivor counts cannot increase)", w[0]),
                });
            }
        }
        let last = survivors[survivors.len() - 1];
        if last == size {
            return Err(Error::Invalid {
                at: Location::scalar("survivors"),
                value: format!("{size} customers, none lost"),
                expected: "at least one customer lost (with no churn, α and β have no finite maximum-likelihood \
                           estimate)"
                    .into(),
            });
        }
        if survivors[1] == 0.0 {
            return Err(Error::Invalid {
                at: Location::at("survivors", 1),
                value: "0".into(),
                expected: "some customers renewing once (when all leave after one period, β has no positive \
                           maximum-likelihood estimate)"
                    .into(),
            });
        }
        Ok(Self { shares: survivors.iter().map(|s| s / size).collect(), size })
    }
}

impl FitData for Cohort {
    fn total_weight(&self) -> f64 {
        self.size
    }
    /// The periods observed.
    fn patterns(&self) -> usize {
        self.shares.len() - 1
    }
}

/// The likelihood of a cohort's survivor counts.
struct Sbg;

impl Likelihood<2> for Sbg {
    type Data = Cohort;
    fn log_likelihood<S: Real>(&self, c: &Cohort, [a, b]: [S; 2]) -> S {
        let p = &c.shares;
        let lost = 1.0 - p[p.len() - 1];
        let mut ll = a.ln() * lost;
        for (j, w) in p.windows(2).enumerate() {
            let (pj, pn) = (w[0], w[1]);
            let j = j as f64;
            ll += (b + j).ln() * pn - (a + b + j).ln() * pj;
        }
        ll * c.size
    }
}

impl ShiftedBetaGeo {
    /// A model with α > 0 and β > 0.
    ///
    /// ```
    /// assert_eq!(custometrics::retention::ShiftedBetaGeo::new(0.0, 1.0).unwrap_err().field(), Some("alpha"));
    /// ```
    ///
    /// # Errors
    /// `not_finite` or `out_of_range` naming `alpha` or `beta`.
    pub fn new(alpha: f64, beta: f64) -> Result<Self> {
        input::check("alpha", alpha, alpha > 0.0, "the positive numbers")?;
        input::check("beta", beta, beta > 0.0, "the positive numbers")?;
        Ok(Self { alpha, beta })
    }

    /// α.
    ///
    /// ```
    /// assert_eq!(custometrics::retention::ShiftedBetaGeo::new(0.7, 1.2).unwrap().alpha(), 0.7);
    /// ```
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// β.
    ///
    /// ```
    /// assert_eq!(custometrics::retention::ShiftedBetaGeo::new(0.7, 1.2).unwrap().beta(), 1.2);
    /// ```
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Fits α and β by maximum likelihood to one cohort's survivor counts (`survivors[0]` = the
    /// cohort size, `survivors[t]` = still active after t periods).
    ///
    /// The optimiser works on ln α, ln β from α = β = 1 (or `options.initial`); the penalty and
    /// the standard errors follow lifetimes (see [`FitOptions`]), with the exact Hessian; the
    /// result is a [`Fit`] like every model's (`n_customers` the cohort size, `n_patterns` the
    /// periods observed).
    ///
    /// ```
    /// use custometrics::retention::{FitOptions, ShiftedBetaGeo};
    /// // Fader & Hardie (2007), "high end" segment: α̂ = 0.668, β̂ = 3.806.
    /// let high_end = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];
    /// let fit = ShiftedBetaGeo::fit(&high_end, &FitOptions::default())?;
    /// assert_eq!((fit.model.alpha() * 1e3).round(), 668.0);
    /// assert_eq!((fit.model.beta() * 1e3).round(), 3806.0);
    /// assert!(fit.std_errors.alpha() > 0.0 && fit.std_errors.beta() > 0.0);
    /// assert_eq!((fit.n_customers, fit.n_patterns), (1000.0, 7));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `empty` for fewer than two counts; `not_finite` / `out_of_range` for a negative count,
    /// a cohort size (`survivors[0]`) that is not positive, or a count above its predecessor
    /// (naming its index); `invalid` when no customer is lost, or all are lost in the first
    /// period (no finite estimate exists); option errors as [`FitOptions`] describes;
    /// `did_not_converge` with the last iterate when the optimiser stops short.
    pub fn fit(survivors: &[f64], options: &FitOptions) -> Result<Fit<Self>> {
        let cohort = Cohort::new(survivors)?;
        let spec =
            Spec { name: "sBG", unscale: [1.0; 2], penalty: options.penalizer, ll_shift: 0.0, data: "survivors" };
        let raw = fit::fit(&Sbg, &cohort, &spec, options)?;
        if Self::new(raw.params[0], raw.params[1]).is_err() {
            return Err(Error::DidNotConverge {
                model: spec.name.into(),
                iterations: raw.report.iterations,
                last: raw.params.to_vec(),
            });
        }
        Ok(raw.dress(&cohort, |[alpha, beta]| Self { alpha, beta }))
    }

    /// The log-likelihood of survivor counts under this model (Fader & Hardie 2007, eq. 7).
    ///
    /// ```
    /// use custometrics::retention::ShiftedBetaGeo;
    /// let m = ShiftedBetaGeo::new(1.0, 1.0)?;
    /// // 1000 customers, 500 lost in period 1 (P = 1/2), 500 still active (S(1) = 1/2)
    /// assert!((m.log_likelihood(&[1000.0, 500.0])? - 1000.0 * 0.5f64.ln()).abs() < 1e-9);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ShiftedBetaGeo::fit`] for the counts.
    pub fn log_likelihood(&self, survivors: &[f64]) -> Result<f64> {
        input::min_len("survivors", survivors.len(), 2)?;
        let cohort = Cohort::new(survivors).or_else(|e| match e {
            // A cohort with no churn or total churn has a likelihood, only no finite estimate.
            Error::Invalid { .. } => {
                Ok(Cohort { shares: survivors.iter().map(|s| s / survivors[0]).collect(), size: survivors[0] })
            }
            e => Err(e),
        })?;
        super::computed(Sbg.log_likelihood(&cohort, [self.alpha, self.beta]), Domain::Finite)
    }

    /// S(t) = P(still active after t periods) = B(α, β + t) / B(α, β); S(0) = 1.
    ///
    /// ln S(t) is the compensated sum of ln(1 − α/(α + β + j)), j < t, up to t = 1000; beyond,
    /// Stirling's series for ln Γ(β + t) − ln Γ(α + β + t) arranged without cancellation. The
    /// relative error is a few units of 1e-15 for moderate α (it grows like α · ln t · ε).
    ///
    /// ```
    /// let m = custometrics::retention::ShiftedBetaGeo::new(0.668, 3.806).unwrap();
    /// assert_eq!(m.survival(0), 1.0);
    /// assert!((m.survival(1) - 3.806 / 4.474).abs() < 1e-15);
    /// ```
    pub fn survival(&self, t: u64) -> f64 {
        elem::exp(ln_survival(self.alpha, self.beta, t))
    }

    /// S(0), S(1), …, S(`periods`) in one pass.
    ///
    /// ```
    /// let m = custometrics::retention::ShiftedBetaGeo::new(1.0, 1.0).unwrap();
    /// let curve = m.survival_curve(3).unwrap();
    /// for (s, want) in curve.iter().zip([1.0, 0.5, 1.0 / 3.0, 0.25]) {
    ///     assert!((s - want).abs() < 1e-15);
    /// }
    /// ```
    ///
    /// # Errors
    /// `out_of_range` naming `periods` above 10 000 000 (the curve would not fit in memory
    /// everywhere, WebAssembly included).
    pub fn survival_curve(&self, periods: u64) -> Result<Vec<f64>> {
        let len = curve_len(periods)?;
        let (a, b) = (self.alpha, self.beta);
        let mut sum = NeumaierSum::default();
        let mut out = Vec::with_capacity(len + 1);
        out.push(1.0);
        for j in 0..periods {
            sum.add(elem::ln_1p(-a / (a + b + j as f64)));
            out.push(elem::exp(sum.value()));
        }
        Ok(out)
    }

    /// r(1), r(2), …, r(`periods`): the retention-rate curve, rising with tenure.
    ///
    /// ```
    /// let m = custometrics::retention::ShiftedBetaGeo::new(1.0, 1.0).unwrap();
    /// assert_eq!(m.retention_curve(3).unwrap(), vec![0.5, 2.0 / 3.0, 0.75]);
    /// ```
    ///
    /// # Errors
    /// As [`ShiftedBetaGeo::survival_curve`].
    pub fn retention_curve(&self, periods: u64) -> Result<Vec<f64>> {
        curve_len(periods)?;
        let (a, b) = (self.alpha, self.beta);
        Ok((0..periods).map(|j| (b + j as f64) / (a + b + j as f64)).collect())
    }

    /// Expected survivors of a cohort of `cohort_size`: n₀ · S(t) for t = 0..=`periods`.
    ///
    /// ```
    /// let m = custometrics::retention::ShiftedBetaGeo::new(1.0, 1.0).unwrap();
    /// let n = m.expected_survivors(1000.0, 1).unwrap();
    /// assert_eq!(n.len(), 2);
    /// assert!((n[1] - 500.0).abs() < 1e-12);
    /// ```
    ///
    /// # Errors
    /// `not_finite` / `out_of_range` for a negative cohort size; as
    /// [`ShiftedBetaGeo::survival_curve`] for `periods`.
    pub fn expected_survivors(&self, cohort_size: f64, periods: u64) -> Result<Vec<f64>> {
        input::check("cohort_size", cohort_size, cohort_size >= 0.0, "the non-negative numbers")?;
        Ok(self.survival_curve(periods)?.into_iter().map(|s| s * cohort_size).collect())
    }

    /// r(t) = (β + t − 1) / (α + β + t − 1): the share of customers active in period t − 1 who
    /// renew for period t; t ≥ 1.
    ///
    /// ```
    /// let m = custometrics::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    /// assert!(m.retention_rate(1).unwrap() < m.retention_rate(10).unwrap()); // sorting effect
    /// ```
    ///
    /// # Errors
    /// `out_of_range` for t = 0.
    pub fn retention_rate(&self, t: u64) -> Result<f64> {
        let t = positive_period("t", t)?;
        Ok((self.beta + t - 1.0) / (self.alpha + self.beta + t - 1.0))
    }

    /// P(T = t) = S(t − 1) − S(t): the probability that a new customer's last period is t; t ≥ 1.
    ///
    /// ```
    /// let m = custometrics::retention::ShiftedBetaGeo::new(1.0, 1.0).unwrap();
    /// assert_eq!(m.churn_probability(1).unwrap(), 0.5);
    /// assert!((m.churn_probability(2).unwrap() - 1.0 / 6.0).abs() < 1e-15);
    /// ```
    ///
    /// # Errors
    /// `out_of_range` for t = 0.
    pub fn churn_probability(&self, t: u64) -> Result<f64> {
        let tf = positive_period("t", t)?;
        Ok(self.survival(t - 1) * self.alpha / (self.alpha + self.beta + tf - 1.0))
    }

    /// Discounted expected lifetime of a new customer, in periods (Fader & Hardie 2010, eq. 5):
    /// Σ_{t≥0} S(t) / (1 + d)ᵗ = ₂F₁(1, β; α + β; 1/(1 + d)).
    ///
    /// ```
    /// use custometrics::retention::ShiftedBetaGeo;
    /// // Uniform churn probabilities: S(t) = 1/(t + 1), so DEL = (1 + d) ln((1 + d)/d).
    /// let del = ShiftedBetaGeo::new(1.0, 1.0)?.del(0.1)?;
    /// assert!((del - 1.1 * 11f64.ln()).abs() < 1e-13);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `not_finite`, `out_of_range` for d <= −1; `diverges` for d < 0, and for d = 0 with
    /// α <= 1 (the expected lifetime is infinite); `did_not_converge` when d is so small
    /// (below about 5e-7) that the series needs more than 10⁸ terms.
    pub fn del(&self, discount: f64) -> Result<f64> {
        let z = discount_factor(discount)?;
        discounted_series(self.beta, self.alpha + self.beta, z, discount)
    }

    /// Discounted expected residual lifetime, in periods, of a customer who has made `renewals`
    /// renewals, evaluated just before the next renewal decision (Fader & Hardie 2010, eq. 6):
    /// (β + n)/(α + β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; 1/(1 + d)).
    ///
    /// ```
    /// use custometrics::retention::ShiftedBetaGeo;
    /// let m = ShiftedBetaGeo::new(0.704, 1.182)?;
    /// // DEL = 1 + DERL(0) / (1 + d): the first period, then the rest discounted one period.
    /// let (del, derl0) = (m.del(0.1)?, m.derl(0.1, 0)?);
    /// assert!((del - (1.0 + derl0 / 1.1)).abs() < 1e-12);
    /// assert!(m.derl(0.1, 4)? > derl0); // survivors are the loyal ones
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ShiftedBetaGeo::del`].
    pub fn derl(&self, discount: f64, renewals: u64) -> Result<f64> {
        let z = discount_factor(discount)?;
        let n = renewals as f64;
        let (a, b) = (self.alpha, self.beta);
        let f = discounted_series(b + n + 1.0, a + b + n + 1.0, z, discount)?;
        Ok((b + n) / (a + b + n) * f)
    }

    /// Expected lifetime value of a new customer, E(CLV) = m · DEL(d), for a margin `margin` per
    /// period received at the start of each period.
    ///
    /// DEL is an `f64` accurate to about 1e-15 relative; the product is rounded to the 28
    /// significant digits of a `Decimal`, so the result carries about 15 correct digits.
    ///
    /// ```
    /// use custometrics::retention::ShiftedBetaGeo;
    /// use rust_decimal::Decimal;
    /// let clv = ShiftedBetaGeo::new(1.0, 1.0)?.expected_clv(Decimal::from(100), 0.1)?;
    /// assert_eq!(clv.round_dp(2), Decimal::new(26377, 2)); // 100 · 1.1 · ln 11
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ShiftedBetaGeo::del`]; `out_of_range` on `margin` if the product overflows.
    pub fn expected_clv(&self, margin: Decimal, discount: f64) -> Result<Decimal> {
        margin_times(margin, self.del(discount)?)
    }

    /// Expected residual lifetime value of a customer who has made `renewals` renewals,
    /// E(RLV) = m · DERL(d, n).
    ///
    /// ```
    /// use custometrics::retention::ShiftedBetaGeo;
    /// use rust_decimal::Decimal;
    /// let m = ShiftedBetaGeo::new(0.704, 1.182)?;
    /// assert!(m.expected_residual_value(Decimal::from(100), 0.1, 4)? > m.expected_residual_value(Decimal::from(100), 0.1, 0)?);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ShiftedBetaGeo::expected_clv`].
    pub fn expected_residual_value(&self, margin: Decimal, discount: f64, renewals: u64) -> Result<Decimal> {
        margin_times(margin, self.derl(discount, renewals)?)
    }
}

/// Up to this t, ln S(t) is summed term by term.
const SUM_LIMIT: u64 = 1000;

/// ln S(t) for the sBG with parameters a = α, b = β.
fn ln_survival(a: f64, b: f64, t: u64) -> f64 {
    if t <= SUM_LIMIT {
        let mut sum = NeumaierSum::default();
        for j in 0..t {
            sum.add(elem::ln_1p(-a / (a + b + j as f64)));
        }
        sum.value()
    } else {
        ln_gamma_ratio(b + t as f64, a) - ln_gamma_ratio(b, a)
    }
}

/// Longest curve returned.
const MAX_CURVE: u64 = 10_000_000;

fn curve_len(periods: u64) -> Result<usize> {
    usize::try_from(periods).ok().filter(|_| periods <= MAX_CURVE).ok_or_else(|| Error::OutOfRange {
        at: Location::scalar("periods"),
        value: periods as f64,
        expected: format!("at most {MAX_CURVE} periods"),
    })
}

fn positive_period(field: &str, t: u64) -> Result<f64> {
    if t == 0 {
        Err(Error::OutOfRange { at: Location::scalar(field), value: 0.0, expected: "the periods 1, 2, 3, …".into() })
    } else {
        Ok(t as f64)
    }
}

/// z = 1/(1 + d) for a discount rate d > −1.
fn discount_factor(discount: f64) -> Result<f64> {
    input::check("discount", discount, discount > -1.0, "the numbers above -1")?;
    if discount < 0.0 {
        return Err(Error::Diverges {
            at: Location::scalar("discount"),
            value: discount,
            reason: "a negative discount rate makes the discounted survival series grow".into(),
        });
    }
    Ok(1.0 / (1.0 + discount))
}

fn margin_times(margin: Decimal, periods: f64) -> Result<Decimal> {
    let overflow = || Error::OutOfRange {
        at: Location::scalar("margin"),
        value: rust_decimal::prelude::ToPrimitive::to_f64(&margin).unwrap_or(f64::NAN),
        expected: "a margin whose lifetime value fits in a Decimal (about ±7.9e28)".into(),
    };
    let factor = Decimal::from_f64(periods).ok_or_else(overflow)?;
    Ok(margin.checked_mul(factor).ok_or_else(overflow)?.normalize())
}

/// ₂F₁(1, b; c; z) for 0 < b < c and 0 < z <= 1, the sum behind DEL and DERL: at z = 1 Gauss's
/// value (c − 1)/(c − b − 1) when c − b > 1 (otherwise the series diverges), below it the
/// summed series ([`hyp2f1_one_summed`]).
fn discounted_series(b: f64, c: f64, z: f64, discount: f64) -> Result<f64> {
    if z >= 1.0 {
        return if c - b > 1.0 {
            Ok((c - 1.0) / (c - b - 1.0))
        } else {
            Err(Error::Diverges {
                at: Location::scalar("discount"),
                value: discount,
                reason: format!("with alpha = {} <= 1 the undiscounted expected lifetime is infinite", c - b),
            })
        };
    }
    hyp2f1_one_summed(b, c, z).map_err(|(iterations, partial)| Error::DidNotConverge {
        model: "2F1 series of DEL/DERL".into(),
        iterations,
        last: vec![partial],
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::numerics::dual::Dual2;

    #[test]
    fn derivatives_are_the_closed_form_sums() {
        // ∂ℓ/∂α = n₀ [(1 − s_T)/α − Σ sⱼ/(α+β+j)], ∂ℓ/∂β = n₀ Σ [sⱼ₊₁/(β+j) − sⱼ/(α+β+j)], and
        // their derivatives, with sⱼ the shares of the cohort.
        let c = Cohort::new(&[1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0]).unwrap();
        let (a, b) = (0.7, 3.1);
        let d = Sbg.log_likelihood(&c, [Dual2::<2>::var(a, 0), Dual2::var(b, 1)]).symmetric();
        let p = &c.shares;
        let lost = 1.0 - p[p.len() - 1];
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (lost / a, 0.0, -lost / (a * a), 0.0, 0.0);
        for (j, w) in p.windows(2).enumerate() {
            let (bj, abj) = (b + j as f64, a + b + j as f64);
            ga -= w[0] / abj;
            gb += w[1] / bj - w[0] / abj;
            haa += w[0] / (abj * abj);
            hab += w[0] / (abj * abj);
            hbb += w[0] / (abj * abj) - w[1] / (bj * bj);
        }
        let want = [(d.g[0], ga), (d.g[1], gb), (d.h[0][0], haa), (d.h[0][1], hab), (d.h[1][0], hab), (d.h[1][1], hbb)];
        for (x, y) in want {
            let y = y * c.size;
            assert!((x - y).abs() < 1e-12 * y.abs().max(1.0), "{x} vs {y}");
        }
    }

    #[test]
    fn survival_matches_high_precision_values() {
        // mpmath, 40 digits: exp(lnΓ(α+β) − lnΓ(β) + lnΓ(β+t) − lnΓ(α+β+t))
        let m = ShiftedBetaGeo::new(0.668, 3.806).unwrap();
        for (t, want) in [
            (7, 0.488944620893725730905673768021933354668_f64),
            (1000, 0.02345641573642106740791360119566406837923),
            (1001, 0.02344081664106177560640506410500895575762),
            (100_000, 0.001084688849586715539803127305499722936493),
            (100_001, 0.001084681604189359378257988950099342814463),
        ] {
            let got = m.survival(t);
            assert!((got - want).abs() < 2e-15 * want, "t = {t}: {got} vs {want}");
        }
        let curve = m.survival_curve(1001).unwrap();
        assert!((curve[1001] - m.survival(1001)).abs() < 1e-15 * curve[1001]);
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let fit = ShiftedBetaGeo::fit(&[1000.0, 631.0, 468.0, 382.0], &FitOptions::default()).unwrap();
        let text = serde_json::to_string(&fit).unwrap();
        assert!(text.contains("\"model\":{\"alpha\":"), "{text}");
        let back: Fit<ShiftedBetaGeo> = serde_json::from_str(&text).unwrap();
        // serde_json without its float_roundtrip feature may parse the last bit differently
        assert_eq!(back.model, fit.model);
        assert!((back.std_errors.alpha - fit.std_errors.alpha).abs() <= 1e-15 * fit.std_errors.alpha);
        assert_eq!(back.report.iterations, fit.report.iterations);
        assert!(serde_json::from_str::<ShiftedBetaGeo>(r#"{"alpha": -1.0, "beta": 1.0}"#).is_err());
    }

    #[test]
    fn tiny_discount_is_a_named_error_not_a_hang() {
        let m = ShiftedBetaGeo::new(0.5, 1.0).unwrap();
        assert_eq!(m.del(1e-8).unwrap_err().code(), "did_not_converge");
        assert!(m.del(1e-4).unwrap() > 10.0);
    }

    #[test]
    fn undiscounted_lifetime_is_gauss_value_or_diverges() {
        // ₂F₁(1, b; c; 1) = (c − 1)/(c − b − 1)
        assert_eq!(discounted_series(2.0, 4.0, 1.0, 0.0).unwrap(), 3.0);
        assert_eq!(discounted_series(2.0, 2.5, 1.0, 0.0).unwrap_err().code(), "diverges");
    }
}
