//! The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting your customers: who
//! are they and what will they do next?", *Management Science* 33(1)), with the likelihood as
//! derived in Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related
//! expressions" (brucehardie.com note 009, eqs. 18–20).
//!
//! While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α) and drops out
//! after an exponential lifetime with rate μ ~ Gamma(s, β). With A₀ as in the note,
//!
//! L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ],
//!
//! where s/(r+s+x)·A₀ = s ∫ from tₓ to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ. The note writes A₀
//! with ₂F₁(r+s+x, ·; r+s+x+1; z) terms; here each is first put through Euler's transformation
//! into ₂F₁(1, ·; r+s+x+1; z) times powers of (α+τ) and (β+τ), and that function is evaluated
//! by Gauss's continued fraction, which converges for every z in [0, 1) — also near 1, where
//! the series needs thousands of terms — and whose terms stay bounded for frequencies in the
//! millions. Everything is in logs; the difference of the two terms of A₀ is a log-diff-exp.

use super::bg_nbd::ln_nbd;
use super::data::{self, HEAVY_CHUNK, Patterns, check_rft, chunked_sum, rft_ok};
use super::fit::{self, Fit, FitOptions, Likelihood, Spec};
use super::output::Domain;
use super::sealed::Kernels;
use super::{TransactionModel, check_horizon, check_params};
use crate::error::Result;
use crate::input::Column;
use crate::numerics::dual::{Real, log_add_exp};
use crate::numerics::elementary as elem;
use crate::numerics::special::ln_gamma;
use crate::numerics::special::{hyp2f1_one, integrate_pieces};
use serde::{Deserialize, Serialize};

/// Pareto/NBD parameters (lifetimes' `ParetoNBDFitter` names): purchase rate λ ~ Gamma(shape
/// `r`, rate `alpha`), dropout rate μ ~ Gamma(shape `s`, rate `beta`); `alpha` and `beta` are in
/// the time unit of the data.
///
/// ```
/// use custometrics::retention::models::{ParetoNbd, TransactionModel};
/// // Fader & Hardie's CDNOW estimates, weeks.
/// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?;
/// assert!(m.probability_alive(0.0, 0.0, 38.86)? < 1.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct ParetoNbd {
    /// Shape of the Gamma distribution of purchase rates.
    #[serde(with = "crate::float_serde")]
    pub r: f64,
    /// Rate of the Gamma distribution of purchase rates, per time unit.
    #[serde(with = "crate::float_serde")]
    pub alpha: f64,
    /// Shape of the Gamma distribution of dropout rates.
    #[serde(with = "crate::float_serde")]
    pub s: f64,
    /// Rate of the Gamma distribution of dropout rates, per time unit.
    #[serde(with = "crate::float_serde")]
    pub beta: f64,
}

validated_on_deserialize!(ParetoNbd, Unchecked, r, alpha, s, beta);

const NAMES: [&str; 4] = ["r", "alpha", "s", "beta"];

impl ParetoNbd {
    /// Validated parameters.
    ///
    /// ```
    /// use custometrics::retention::models::ParetoNbd;
    /// assert_eq!(ParetoNbd::new(0.5, 10.0, 0.6, 0.0).unwrap_err().field(), Some("beta"));
    /// ```
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` for a parameter that is not a positive number.
    pub fn new(r: f64, alpha: f64, s: f64, beta: f64) -> Result<Self> {
        check_params(&NAMES, &[r, alpha, s, beta])?;
        Ok(Self { r, alpha, s, beta })
    }

    /// Fits the model by maximum likelihood to (`frequency`, `recency`, `T`) with optional
    /// `weights`.
    ///
    /// With a `penalizer` λ the objective is lifetimes' `ParetoNBDFitter` objective,
    /// −Σ wᵢ ln Lᵢ / mean(w) + λ (r² + (α/max T)² + s² + (β/max T)²): unlike the other models
    /// lifetimes divides by the *mean* weight, so the penalty weighs 1/rows as much against the
    /// mean log-likelihood (rows as passed, before grouping). lifetimes minimises this with
    /// Nelder–Mead from a random start and reports no standard errors; here the same optimum
    /// is found with exact gradients, and the standard errors come with it.
    ///
    /// ```
    /// use custometrics::retention::models::{ParetoNbd, FitOptions};
    /// # let csv = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow_customers_summary.csv"));
    /// # let rows: Vec<Vec<f64>> = csv.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    /// # let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
    /// let (frequency, recency, t) = (col(1), col(2), col(3)); // CDNOW, weeks
    /// let fit = ParetoNbd::fit(&frequency, &recency, &t, None, &FitOptions::default())?;
    /// // Fader & Hardie: r = 0.553, α = 10.58, s = 0.606, β = 11.67, LL = −9595.0
    /// assert!((fit.model.beta - 11.67).abs() < 1e-2 && (fit.report.log_likelihood + 9595.0).abs() < 0.1);
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
            name: "Pareto/NBD",
            unscale: [1.0, 1.0 / scale, 1.0, 1.0 / scale],
            penalty: options.penalizer / data.rows as f64,
            ll_shift: elem::ln(scale) * data.weighted_x,
            data: "frequency",
        };
        Ok(fit::fit(&Pnbd, &data, &spec, options)?.dress(&data, |[r, alpha, s, beta]| Self { r, alpha, s, beta }))
    }

    /// The total log-likelihood of data under these parameters.
    ///
    /// ```
    /// use custometrics::retention::models::ParetoNbd;
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?;
    /// // No repeat purchase in 10 weeks: the note's eq. (18) with x = tₓ = 0.
    /// let ll = m.log_likelihood(&[0.0], &[0.0], &[10.0], None)?;
    /// assert!(ll < 0.0 && ll > -1.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ParetoNbd::fit`] for the data.
    pub fn log_likelihood(
        &self,
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<f64> {
        let (data, scale) = data::continuous(frequency, recency, t, weights)?;
        let p = [self.r, self.alpha * scale, self.s, self.beta * scale];
        self.check()?;
        super::computed(Pnbd.log_likelihood(&data, p) + elem::ln(scale) * data.weighted_x, Domain::Finite)
    }

    /// The probability that a customer with history (`frequency`, `recency`, `T` = `age`) makes
    /// exactly `n` purchases in the next `t` time units (lifetimes'
    /// `ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time(n, t, frequency,
    /// recency, T)`; Fader & Hardie, "Deriving the conditional PMF of the Pareto/NBD model",
    /// brucehardie.com note 028, eq. 16).
    ///
    /// Given the history, the customer is alive at T with probability P(alive), and then her
    /// purchase and dropout rates are distributed as Gamma(r + x, α + T) and Gamma(s, β + T):
    /// a new Pareto/NBD customer with those parameters. So
    ///
    /// P(Y(t) = n | x, tₓ, T) = [n = 0]·(1 − P(alive)) + P(alive)·P'(X(t) = n),
    ///
    /// with P' the unconditional probability of
    /// [`probability_of_transactions`](TransactionModel::probability_of_transactions) at the
    /// updated parameters: alive through T + t with n purchases, or dropped out at T + τ after
    /// n purchases, τ ≤ t. The note (and lifetimes) writes the second part as B₂ − Σᵢ₌₀ⁿ tⁱ/i!·B₃(i),
    /// ₂F₁ terms whose difference loses digits as n grows (lifetimes is 5e-11 off at n = 20 for a
    /// CDNOW customer, and goes negative further out); here it is the integral of a positive,
    /// unimodal density over τ, by Gauss–Kronrod from pieces placed around its peak, and every
    /// term is positive.
    ///
    /// At t = 0 the answer is 1 for n = 0 and 0 otherwise (lifetimes returns 0 for any n when
    /// t <= 0).
    ///
    /// ```
    /// use custometrics::retention::models::ParetoNbd;
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?; // CDNOW, weeks
    /// // A customer with 2 repeat purchases, the last at 30.43 of 38.86 weeks: the next 39 weeks.
    /// let p: Vec<f64> =
    ///     (0..200).map(|n| m.conditional_probability_of_transactions(n, 39.0, 2.0, 30.43, 38.86).unwrap()).collect();
    /// assert!((p[0] - 0.408).abs() < 1e-3);
    /// assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range`/`not_finite` for `t` negative or not finite, or for an invalid history
    /// (naming `frequency`, `recency` or `T`, as [`TransactionModel::probability_alive`]); for
    /// parameters that are not positive numbers, naming the parameter.
    pub fn conditional_probability_of_transactions(
        &self,
        n: u64,
        t: f64,
        frequency: f64,
        recency: f64,
        age: f64,
    ) -> Result<f64> {
        self.check()?;
        check_horizon(t)?;
        check_rft(None, frequency, recency, age)?;
        super::computed(self.conditional_pmf(n, t, frequency, recency, age), Domain::Probability)
    }

    /// [`ParetoNbd::conditional_probability_of_transactions`] for many customers, one `n` and one
    /// horizon `t`, written into `out` (in parallel with the `parallel` feature).
    ///
    /// ```
    /// use custometrics::retention::models::ParetoNbd;
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?;
    /// let mut out = [0.0; 2];
    /// m.conditional_probability_of_transactions_into(0, 39.0, &[0.0, 2.0], &[0.0, 30.43], &[38.86; 2], &mut out)?;
    /// assert!(out[0] > out[1]); // no purchase is likelier for the customer who never came back
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `length_mismatch` (including `out`), `empty` for no customers; otherwise as the scalar
    /// version, naming the index of the first invalid customer.
    pub fn conditional_probability_of_transactions_into(
        &self,
        n: u64,
        t: f64,
        frequency: &[f64],
        recency: &[f64],
        age: &[f64],
        out: &mut [f64],
    ) -> Result<()> {
        self.conditional_probability_of_transactions_into_of(n, t, [frequency, recency, age].map(Column::F64), out)
    }

    /// [`ParetoNbd::conditional_probability_of_transactions_into`] of the histories
    /// (frequency, recency, T) given as [`Column`]s of any numeric type, each read at its own
    /// width: the same values and errors, bit for bit, as for the columns converted to `f64`.
    ///
    /// ```
    /// use custometrics::Column;
    /// use custometrics::retention::models::ParetoNbd;
    /// let m = ParetoNbd::new(0.55, 10.58, 0.61, 11.67)?;
    /// let (x, tx, t) = ([0u8, 2], [0u8, 30], [38u8, 38]);
    /// let mut out = [0.0; 2];
    /// let histories = [Column::from(&x[..]), Column::from(&tx[..]), Column::from(&t[..])];
    /// m.conditional_probability_of_transactions_into_of(0, 39.0, histories, &mut out)?;
    /// assert!(out.iter().all(|p| (0.0..=1.0).contains(p)));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ParetoNbd::conditional_probability_of_transactions_into`].
    pub fn conditional_probability_of_transactions_into_of(
        &self,
        n: u64,
        t: f64,
        histories: [Column<'_>; 3],
        out: &mut [f64],
    ) -> Result<()> {
        self.check()?;
        check_horizon(t)?;
        data::fill_histories(histories, out, Domain::Probability, |[frequency, recency, age], out| {
            data::fill_checked(out, |i| {
                let (x, tx, a) = (frequency[i], recency[i], age[i]);
                rft_ok(x, tx, a).then(|| self.conditional_pmf(n, t, x, tx, a))
            })
        })
    }

    /// [`ParetoNbd::conditional_probability_of_transactions`] for many customers.
    ///
    /// ```
    /// use custometrics::retention::models::ParetoNbd;
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?;
    /// let p = m.conditional_probability_of_transactions_batch(1, 39.0, &[0.0, 2.0], &[0.0, 30.43], &[38.86; 2])?;
    /// assert_eq!(p.len(), 2);
    /// let e = m.conditional_probability_of_transactions_batch(1, 39.0, &[0.0, 2.0], &[1.0, 30.43], &[38.86; 2]);
    /// assert_eq!(e.unwrap_err().index(), Some(0)); // recency > 0 with no repeat purchase
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ParetoNbd::conditional_probability_of_transactions_into`].
    pub fn conditional_probability_of_transactions_batch(
        &self,
        n: u64,
        t: f64,
        frequency: &[f64],
        recency: &[f64],
        age: &[f64],
    ) -> Result<Vec<f64>> {
        let mut out = vec![0.0; frequency.len()];
        self.conditional_probability_of_transactions_into(n, t, frequency, recency, age, &mut out)?;
        Ok(out)
    }

    /// P(Y(t) = n | x, tₓ, T) for a valid history (see
    /// [`ParetoNbd::conditional_probability_of_transactions`]).
    fn conditional_pmf(&self, n: u64, t: f64, x: f64, tx: f64, age: f64) -> f64 {
        let (first, second) = self.parts(x, tx, age);
        // P(alive) = 1 / (1 + e^d) and its complement 1 / (1 + e^−d), each without cancellation.
        let d = second - first;
        let alive = 1.0 / (1.0 + elem::exp(d));
        let posterior = ParetoNbd { r: self.r + x, alpha: self.alpha + age, s: self.s, beta: self.beta + age };
        let future = alive * posterior.pmf(n, t);
        if n == 0 { 1.0 / (1.0 + elem::exp(-d)) + future } else { future }
    }

    /// ln of the two parts of the likelihood without the common factor Γ(r+x)α^rβ^s/Γ(r):
    /// ln[(α+T)^−(r+x)(β+T)^−s] and ln[s/(r+s+x)·A₀] (−inf when tₓ = T).
    fn parts(&self, x: f64, tx: f64, t: f64) -> (f64, f64) {
        let l = Logs::direct(self.alpha, self.beta, tx, t);
        parts(self.r, self.alpha, self.s, self.beta, x, tx, t, &l)
    }
}

/// ln of the summand of A₀ at τ, in the branch chosen by α ≥ β (see the module docs), given
/// `la` = ln(α+τ) and `lb` = ln(β+τ).
#[inline]
#[allow(clippy::too_many_arguments)]
fn a0_term<S: Real>(r: S, alpha: S, s: S, beta: S, x: f64, tau: f64, la: S, lb: S) -> S {
    let rx = r + x;
    let c = rx + s + 1.0;
    if alpha.v() >= beta.v() {
        let z = (alpha - beta) / (alpha + tau);
        hyp2f1_one(rx, c, z).ln() - rx * la - s * lb
    } else {
        let z = (beta - alpha) / (beta + tau);
        hyp2f1_one(s + 1.0, c, z).ln() - (rx - 1.0) * la - (s + 1.0) * lb
    }
}

/// ln(α+τ), ln(β+τ) at τ = tₓ and τ = T.
struct Logs<S> {
    a_tx: S,
    b_tx: S,
    a_t: S,
    b_t: S,
}

impl<S: Real> Logs<S> {
    fn direct(alpha: S, beta: S, tx: f64, t: f64) -> Self {
        Self { a_tx: (alpha + tx).ln(), b_tx: (beta + tx).ln(), a_t: (alpha + t).ln(), b_t: (beta + t).ln() }
    }
}

/// See [`ParetoNbd::parts`]; generic for the likelihood's derivatives.
#[inline]
#[allow(clippy::too_many_arguments)]
fn parts<S: Real>(r: S, alpha: S, s: S, beta: S, x: f64, tx: f64, t: f64, l: &Logs<S>) -> (S, S) {
    let rx = r + x;
    let first = -(rx * l.a_t) - s * l.b_t;
    if tx >= t {
        return (first, S::cst(f64::NEG_INFINITY));
    }
    let hi = a0_term(r, alpha, s, beta, x, tx, l.a_tx, l.b_tx);
    let lo = a0_term(r, alpha, s, beta, x, t, l.a_t, l.b_t);
    // ln(e^hi − e^lo) = hi + ln(−expm1(lo − hi)); hi > lo because A₀ > 0.
    let d = lo - hi;
    let ln_a0 = hi + (-d.exp_m1()).ln();
    (first, s.ln() - (rx + s).ln() + ln_a0)
}

struct Pnbd;

impl Likelihood<4> for Pnbd {
    type Data = Patterns;
    fn log_likelihood<S: Real>(&self, d: &Patterns, [r, alpha, s, beta]: [S; 4]) -> S {
        let base = -r.ln_gamma() + r * alpha.ln() + s * beta.ln();
        let per_x: Vec<S> = d.xs.iter().map(|&x| (r + x).ln_gamma() + base).collect();
        let (ta, tb) = (d.ln_table(alpha), d.ln_table(beta));
        chunked_sum(d.len(), HEAVY_CHUNK, S::cst(0.0), |range| {
            let mut acc = S::cst(0.0);
            for i in range {
                let k = d.xi[i] as usize;
                let x = d.xs[k];
                let logs = Logs {
                    a_tx: d.ln_a(&ta, alpha, i),
                    b_tx: d.ln_a(&tb, beta, i),
                    a_t: d.ln_b(&ta, alpha, i),
                    b_t: d.ln_b(&tb, beta, i),
                };
                let (first, second) = parts(r, alpha, s, beta, x, d.a[i], d.b[i], &logs);
                let tail = if second.v() == f64::NEG_INFINITY { first } else { log_add_exp(first, second) };
                acc += (per_x[k] + tail) * d.w[i];
            }
            acc
        })
    }
}

/// (1 − (1+u)^−k) / k, and its limit ln(1+u) at k = 0.
fn one_minus_pow_over(k: f64, u: f64) -> f64 {
    let l = elem::ln_1p(u);
    if (k * l).abs() < 1e-300 { l } else { -elem::exp_m1(-k * l) / k }
}

impl Kernels for ParetoNbd {
    fn check(&self) -> Result<()> {
        check_params(&NAMES, &[self.r, self.alpha, self.s, self.beta])
    }

    fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        let (first, second) = self.parts(x, tx, t);
        1.0 / (1.0 + elem::exp(second - first))
    }

    fn expected(&self, t: f64) -> f64 {
        let ParetoNbd { r, alpha, s, beta } = *self;
        r * beta / alpha * one_minus_pow_over(s - 1.0, t / beta)
    }

    fn conditional(&self, t: f64, x: f64, tx: f64, age: f64) -> f64 {
        let ParetoNbd { r, alpha, s, beta } = *self;
        let (b1, a1) = (beta + age, alpha + age);
        (r + x) * b1 / a1 * one_minus_pow_over(s - 1.0, t / b1) * self.p_alive(x, tx, age)
    }

    /// P(X(t) = n) = NBD(n; r, α, t)·(β/(β+t))^s + ∫₀ᵗ NBD(n; r, α, τ) · sβ^s/(β+τ)^(s+1) dτ:
    /// alive throughout, or dropped out at τ (Fader & Hardie note 009, before eq. 21); the
    /// integral by [`died_within`].
    fn pmf(&self, n: u64, t: f64) -> f64 {
        if t == 0.0 {
            return if n == 0 { 1.0 } else { 0.0 };
        }
        let ParetoNbd { r, alpha, s, beta } = *self;
        let alive = elem::exp(ln_nbd(n, r, alpha, t) - s * elem::ln_1p(t / beta));
        alive + died_within(n, r, alpha, s, beta, t)
    }
}

/// ∫₀ᵗ NBD(n; r, α, τ) · (s/β)(1 + τ/β)^−(s+1) dτ: the probability that a new Pareto/NBD
/// customer drops out within `t` after exactly `n` purchases.
///
/// The integrand f is unimodal: ln f = const + n ln τ − (r+n) ln(α+τ) − (s+1) ln(β+τ), whose
/// derivative vanishes where (r+s+1)τ² − ((n−s−1)α − rβ)τ − nαβ = 0 — at one positive τ* for
/// n >= 1, at τ* = 0 for n = 0. With σ = (−(ln f)''(τ*))^−½ the width of the peak (for n = 0 the
/// decay length 1/(r/α + (s+1)/β)), the adaptive Gauss–Kronrod rule starts from pieces
/// bounded by τ* ± 4ᵏσ, so that a narrow peak — the posterior of a customer with thousands of
/// purchases, whose rate is known to a few parts in a thousand — is resolved from the start
/// rather than stepped over by equal panels. The integrand is scaled by f(τ*) so that it peaks
/// at 1 whatever the size of the parameters.
fn died_within(n: u64, r: f64, alpha: f64, s: f64, beta: f64, t: f64) -> f64 {
    let nf = n as f64;
    let shape = |tau: f64| {
        let decay = -r * elem::ln_1p(tau / alpha) - (s + 1.0) * elem::ln_1p(tau / beta);
        if n == 0 { decay } else { nf * elem::ln(tau / (alpha + tau)) + decay }
    };
    let (mode, width) = if n == 0 {
        (0.0, 1.0 / (r / alpha + (s + 1.0) / beta))
    } else {
        let (a2, c1, c0) = (r + s + 1.0, (nf - s - 1.0) * alpha - r * beta, nf * alpha * beta);
        let root = (c1 * c1 + 4.0 * a2 * c0).sqrt();
        // The positive root of a2·τ² − c1·τ − c0, without cancellation when c1 < 0.
        let mode = if c1 >= 0.0 { (c1 + root) / (2.0 * a2) } else { 2.0 * c0 / (root - c1) };
        let curvature = nf / (mode * mode)
            - (r + nf) / ((alpha + mode) * (alpha + mode))
            - (s + 1.0) / ((beta + mode) * (beta + mode));
        (mode, if curvature > 0.0 { curvature.sqrt().recip() } else { mode })
    };
    let peak = shape(mode.min(t));
    let mut points = vec![0.0, t];
    let mut step = if width > 0.0 && width.is_finite() { width } else { t };
    for _ in 0..32 {
        for p in [mode - step, mode + step] {
            if p > 0.0 && p < t {
                points.push(p);
            }
        }
        step *= 4.0;
        if mode - step <= 0.0 && mode + step >= t {
            break;
        }
    }
    if mode > 0.0 && mode < t {
        points.push(mode);
    }
    points.sort_unstable_by(f64::total_cmp);
    points.dedup();
    let area = integrate_pieces(|tau| elem::exp(shape(tau) - peak), &points, 1e-13);
    let ln_const = ln_gamma(r + nf) - ln_gamma(r) - ln_gamma(nf + 1.0) + elem::ln(s / beta);
    if area > 0.0 { elem::exp(ln_const + peak + elem::ln(area)) } else { 0.0 }
}

impl TransactionModel for ParetoNbd {}

#[cfg(test)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::numerics::special::integrate;

    #[test]
    fn a0_matches_its_integral_in_both_branches() {
        for &(r, alpha, s, beta) in &[(0.55, 10.6, 0.61, 11.7), (0.55, 11.7, 0.61, 10.6), (2.0, 0.5, 0.3, 30.0)] {
            for &(x, tx, t) in &[(2.0, 30.43, 38.86), (1.0, 1.71, 38.86), (7.0, 0.5, 60.0), (40.0, 20.0, 21.0)] {
                let (_, second) = parts(r, alpha, s, beta, x, tx, t, &Logs::direct(alpha, beta, tx, t));
                let exact =
                    integrate(|tau| s * (alpha + tau).powf(-(r + x)) * (beta + tau).powf(-(s + 1.0)), tx, t, 8, 1e-14);
                assert!((second - exact.ln()).abs() < 1e-10, "{r} {alpha} {s} {beta} {x}: {second} {}", exact.ln());
            }
        }
    }

    #[test]
    fn pmf_sums_to_one_and_to_the_mean() {
        let m = ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
        let t = 39.0;
        let (mut total, mut mean) = (0.0, 0.0);
        for n in 0..400 {
            let p = m.pmf(n, t);
            total += p;
            mean += n as f64 * p;
        }
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        assert!((mean - m.expected(t)).abs() < 1e-8, "{mean} {}", m.expected(t));
    }

    #[test]
    fn conditional_pmf_sums_to_one_and_to_the_conditional_mean() {
        let m = ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
        // Light and heavy buyers, a customer seen at T, horizons short and long: the heavy
        // buyers' posterior peaks are narrow, the check that pieces around the peak resolve them.
        for &(x, tx, age, t) in &[
            (0.0, 0.0, 38.86, 39.0),
            (2.0, 30.43, 38.86, 39.0),
            (2.0, 30.43, 38.86, 0.5),
            (7.0, 38.86, 38.86, 200.0),
            (50.0, 20.0, 38.0, 39.0),
            (1000.0, 37.5, 38.0, 10.0),
            (1e5, 37.9, 38.0, 1.0),
        ] {
            let want = m.conditional(t, x, tx, age);
            let (mut total, mut mean, mut n) = (0.0, 0.0, 0_u64);
            // Sum until the tail past the mean is negligible.
            while n < 20 || (n as f64) < 4.0 * want + 400.0 {
                let p = m.conditional_pmf(n, t, x, tx, age);
                assert!((0.0..=1.0).contains(&p), "{x} {tx} {age} {t} {n}: {p}");
                total += p;
                mean += n as f64 * p;
                n += 1;
            }
            assert!((total - 1.0).abs() < 1e-10, "{x} {tx} {age} {t}: total {total}");
            assert!((mean - want).abs() < 1e-9 * want.max(1.0), "{x} {tx} {age} {t}: mean {mean} vs {want}");
        }
    }

    #[test]
    fn conditional_pmf_far_in_the_tail_keeps_its_digits() {
        // lifetimes' parameters for CDNOW; P(Y(39) = n | x = 1, tₓ = 2, T = 38) by mpmath at 50
        // digits from the same decomposition (posterior Pareto/NBD, tanh-sinh quadrature in τ
        // on pieces, two piecewise splits agreeing to 1e-13), where lifetimes' B₂ − Σ B₃ gives
        // 2.9591933396700823e-8 for n = 20 (5e-11 off) and 4.75e-20 for n = 200 (all digits lost).
        let m = ParetoNbd {
            r: 0.553_281_586_152_805_3,
            alpha: 10.577_753_122_778_805,
            s: 0.606_171_446_287_227_7,
            beta: 11.666_906_530_603_386,
        };
        let p = m.conditional_pmf(20, 39.0, 1.0, 2.0, 38.0);
        assert!((p / 2.959_193_339_514_345e-8 - 1.0).abs() < 1e-12, "{p:e}");
        let far = m.conditional_pmf(200, 39.0, 1.0, 2.0, 38.0);
        assert!((far / 5.858_267_491_269_44e-71 - 1.0).abs() < 1e-11, "{far:e}");
    }

    #[test]
    fn frequencies_in_the_millions_stay_finite() {
        let m = ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
        let p = m.p_alive(3e6, 30.0, 38.86);
        assert!(p.is_finite() && (0.0..=1.0).contains(&p));
        let (first, second) = m.parts(3e6, 30.0, 38.86);
        assert!(first.is_finite() && second.is_finite());
        for n in [0, 1, 3_000_000 / 4] {
            let p = m.conditional_pmf(n, 10.0, 3e6, 38.0, 38.86);
            assert!(p.is_finite() && (0.0..=1.0).contains(&p), "{n}: {p}");
        }
    }
}
