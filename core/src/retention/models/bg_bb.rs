//! The BG/BB model for discrete transaction opportunities (Fader, Hardie & Shang 2010,
//! "Customer-base analysis in a discrete-time noncontractual setting", *Marketing Science*
//! 29(6)): at each of n opportunities an alive customer transacts with probability
//! p ~ Beta(α, β) and, after each opportunity, drops out with probability θ ~ Beta(γ, δ).
//!
//! The likelihood of x transactions, the last at opportunity tₓ, out of n is (eq. 5)
//!
//! L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
//!   + Σ_{i=0}^{n−tₓ−1} B(α+x, β+tₓ−x+i)/B(α,β) · B(γ+1, δ+tₓ+i)/B(γ,δ),
//!
//! summed here in logs with each term obtained from the previous one by its ratio.

use super::bg_nbd::around_one;
use super::check_params;
use super::data::{self, HEAVY_CHUNK, Patterns, chunked_sum, is_count, loc};
use super::fit::{self, Fit, FitOptions, Likelihood, Spec};
use super::output::Domain;
use crate::error::{Error, Result};
use crate::input;
use crate::numerics::dual::{Real, ln_beta as ln_beta_s, log_add_exp};
use crate::numerics::elementary as elem;
use crate::numerics::special::ln_gamma;
use crate::numerics::special::{ln_beta, ln_gamma_ratio_diff, ln_gamma_ratio_s as ln_gamma_ratio};
use serde::{Deserialize, Serialize};

/// BG/BB parameters (lifetimes' `BetaGeoBetaBinomFitter` names): transaction probability
/// p ~ Beta(`alpha`, `beta`), dropout probability θ ~ Beta(`gamma`, `delta`).
///
/// ```
/// use custometrics::retention::models::BetaGeoBetaBinom;
/// // Fader, Hardie & Shang (2010), donations.
/// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
/// let e = m.expected_transactions(6)?;
/// assert!(e > 2.0 && e < 4.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct BetaGeoBetaBinom {
    /// First shape of the Beta distribution of transaction probabilities.
    #[serde(with = "crate::float_serde")]
    pub alpha: f64,
    /// Second shape of the Beta distribution of transaction probabilities.
    #[serde(with = "crate::float_serde")]
    pub beta: f64,
    /// First shape of the Beta distribution of dropout probabilities.
    #[serde(with = "crate::float_serde")]
    pub gamma: f64,
    /// Second shape of the Beta distribution of dropout probabilities.
    #[serde(with = "crate::float_serde")]
    pub delta: f64,
}

validated_on_deserialize!(BetaGeoBetaBinom, Unchecked, alpha, beta, gamma, delta);

const NAMES: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

/// Whether (x, tₓ, n) is a valid discrete history.
#[inline]
fn history_ok(x: f64, tx: f64, n: f64) -> bool {
    is_count(x) && is_count(tx) && is_count(n) && n >= 1.0 && tx <= n && x <= tx && (x > 0.0 || tx == 0.0)
}

/// The error for an invalid discrete history (row `i`, if any).
fn check_history(i: Option<usize>, x: f64, tx: f64, n: f64) -> Result<()> {
    if history_ok(x, tx, n) {
        return Ok(());
    }
    let whole = "a non-negative whole number";
    let at = |k: usize| i.map_or(String::new(), |_| format!("[{k}]"));
    let k = i.unwrap_or(0);
    if !(is_count(n) && n >= 1.0) {
        let e = "a whole number of transaction opportunities, at least 1";
        return Err(input::out_of_range_or_not_finite(loc("n_periods", i), n, e));
    }
    if !(is_count(tx) && tx <= n) {
        let e = format!("{whole} in 0..=n_periods{} = {n}", at(k));
        return Err(input::out_of_range_or_not_finite(loc("recency", i), tx, &e));
    }
    if !(is_count(x) && x <= tx) {
        let e = format!("{whole} in 0..=recency{} = {tx} (at most one transaction per period)", at(k));
        return Err(input::out_of_range_or_not_finite(loc("frequency", i), x, &e));
    }
    Err(Error::OutOfRange {
        at: loc("recency", i),
        value: tx,
        expected: format!("0, since frequency{} = 0 (no transaction, so no recency)", at(k)),
    })
}

fn first_bad(x: &[f64], tx: &[f64], n: &[f64]) -> Result<()> {
    for i in 0..x.len() {
        check_history(Some(i), x[i], tx[i], n[i])?;
    }
    Ok(())
}

impl BetaGeoBetaBinom {
    /// Validated parameters.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// assert_eq!(BetaGeoBetaBinom::new(1.2, 0.75, -0.6, 2.8).unwrap_err().field(), Some("gamma"));
    /// ```
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` for a parameter that is not a positive number.
    pub fn new(alpha: f64, beta: f64, gamma: f64, delta: f64) -> Result<Self> {
        check_params(&NAMES, &[alpha, beta, gamma, delta])?;
        Ok(Self { alpha, beta, gamma, delta })
    }

    /// Fits the model by maximum likelihood to (`frequency`, `recency`, `n_periods`): the
    /// number of opportunities with a transaction, the opportunity of the last one (0 if
    /// none) and the number of opportunities, with optional `weights` for grouped data.
    ///
    /// With a `penalizer` λ the objective is lifetimes' `BetaGeoBetaBinomFitter` objective,
    /// −Σ wᵢ ln Lᵢ / Σ wᵢ + λ(α² + β² + γ² + δ²).
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeoBetaBinom, FitOptions};
    /// # let csv = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/donations.csv"));
    /// # let rows: Vec<Vec<f64>> = csv.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    /// # let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
    /// let (x, tx, n, counts) = (col(0), col(1), col(2), col(3)); // 11,104 donors in 22 patterns
    /// let fit = BetaGeoBetaBinom::fit(&x, &tx, &n, Some(&counts), &FitOptions::default())?;
    /// // Fader, Hardie & Shang (2010): α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33225.6
    /// assert!((fit.model.delta - 2.783).abs() < 1e-3 && (fit.report.log_likelihood + 33225.6).abs() < 0.1);
    /// assert_eq!(fit.n_customers, 11104.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `empty`, `length_mismatch`; `out_of_range`/`not_finite` naming the field and index of
    /// a row that is not a discrete history (whole numbers with frequency <= recency <=
    /// n_periods, n_periods >= 1, recency 0 when frequency is 0) or a bad weight;
    /// `did_not_converge` with the last iterate.
    pub fn fit(
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
        weights: Option<&[f64]>,
        options: &FitOptions,
    ) -> Result<Fit<Self>> {
        let data = patterns(frequency, recency, n_periods, weights)?;
        let spec =
            Spec { name: "BG/BB", unscale: [1.0; 4], penalty: options.penalizer, ll_shift: 0.0, data: "frequency" };
        Ok(fit::fit(&Bgbb, &data, &spec, options)?.dress(&data, |[alpha, beta, gamma, delta]| Self {
            alpha,
            beta,
            gamma,
            delta,
        }))
    }

    /// The total log-likelihood of data under these parameters.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// assert!(m.log_likelihood(&[0.0], &[0.0], &[6.0], Some(&[3464.0]))? < 0.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeoBetaBinom::fit`] for the data.
    pub fn log_likelihood(
        &self,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<f64> {
        let data = patterns(frequency, recency, n_periods, weights)?;
        self.check()?;
        super::computed(Bgbb.log_likelihood(&data, [self.alpha, self.beta, self.gamma, self.delta]), Domain::Finite)
    }

    /// `Ok` when every parameter is a positive finite number (the fields are public).
    fn check(&self) -> Result<()> {
        check_params(&NAMES, &[self.alpha, self.beta, self.gamma, self.delta])
    }

    /// ln L for one history (unchecked).
    fn ln_l(&self, x: f64, tx: f64, n: f64) -> f64 {
        ln_likelihood(self.alpha, self.beta, self.gamma, self.delta, x, tx, n)
    }

    /// The probability that a customer with history (`frequency`, `recency`, `n_periods`) is
    /// alive at opportunity `n_periods` + `m_periods_in_future` (lifetimes'
    /// `conditional_probability_alive`; FHS 2010 eq. A10).
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// assert!(m.probability_alive(0, 6.0, 6.0, 6.0)? > 0.99);
    /// assert!(m.probability_alive(0, 1.0, 1.0, 6.0)? < 0.5);
    /// assert!(m.probability_alive(5, 3.0, 6.0, 6.0)? < m.probability_alive(0, 3.0, 6.0, 6.0)?);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range`/`not_finite` naming `frequency`, `recency` or `n_periods` for a history
    /// that is not valid (see [`BetaGeoBetaBinom::fit`]).
    pub fn probability_alive(
        &self,
        m_periods_in_future: u64,
        frequency: f64,
        recency: f64,
        n_periods: f64,
    ) -> Result<f64> {
        self.check()?;
        check_history(None, frequency, recency, n_periods)?;
        super::computed(self.p_alive(m_periods_in_future as f64, frequency, recency, n_periods), Domain::Probability)
    }

    fn p_alive(&self, m: f64, x: f64, tx: f64, n: f64) -> f64 {
        let Self { alpha, beta, gamma, delta } = *self;
        let ln = ln_beta(alpha + x, beta + n - x) - ln_beta(alpha, beta) + ln_beta(gamma, delta + n + m)
            - ln_beta(gamma, delta)
            - self.ln_l(x, tx, n);
        // A probability: the last bits of the log-likelihood's rounding must not push it past 1.
        elem::exp(ln).min(1.0)
    }

    /// [`BetaGeoBetaBinom::probability_alive`] for many customers, written into `out`.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// let mut out = [0.0; 2];
    /// m.probability_alive_into(0, &[0.0, 6.0], &[0.0, 6.0], &[6.0, 6.0], &mut out)?;
    /// assert!(out[1] > out[0]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `length_mismatch` (including `out`), and as the scalar version with the index.
    pub fn probability_alive_into(
        &self,
        m_periods_in_future: u64,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
        out: &mut [f64],
    ) -> Result<()> {
        let m = m_periods_in_future as f64;
        self.fill_per_customer(frequency, recency, n_periods, out, Domain::Probability, |x, tx, n| {
            self.p_alive(m, x, tx, n)
        })
    }

    /// [`BetaGeoBetaBinom::probability_alive`] for many customers.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// assert_eq!(m.probability_alive_batch(0, &[1.0], &[1.0], &[6.0])?.len(), 1);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeoBetaBinom::probability_alive_into`].
    pub fn probability_alive_batch(
        &self,
        m_periods_in_future: u64,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
    ) -> Result<Vec<f64>> {
        let mut out = vec![0.0; frequency.len()];
        self.probability_alive_into(m_periods_in_future, frequency, recency, n_periods, &mut out)?;
        Ok(out)
    }

    /// The expected number of transactions in the next `m_periods_in_future` opportunities of
    /// a customer with history (`frequency`, `recency`, `n_periods`) (lifetimes'
    /// `conditional_expected_number_of_purchases_up_to_time`; FHS 2010 eq. 13).
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// let e = m.conditional_expected_transactions(5, 6.0, 6.0, 6.0)?;
    /// assert!(e > 3.0 && e < 5.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeoBetaBinom::probability_alive`].
    pub fn conditional_expected_transactions(
        &self,
        m_periods_in_future: u64,
        frequency: f64,
        recency: f64,
        n_periods: f64,
    ) -> Result<f64> {
        self.check()?;
        check_history(None, frequency, recency, n_periods)?;
        super::computed(
            self.conditional(m_periods_in_future as f64, frequency, recency, n_periods),
            Domain::Expectation,
        )
    }

    fn conditional(&self, m: f64, x: f64, tx: f64, n: f64) -> f64 {
        let Self { alpha, beta, gamma, delta } = *self;
        let lead = ln_beta(alpha + x + 1.0, beta + n - x) - ln_beta(alpha, beta) - self.ln_l(x, tx, n);
        // δ/(γ−1) · Γ(γ+δ)Γ(1+δ+n)/(Γ(1+δ)Γ(γ+δ+n)) · [1 − the same ratio from n to n + m], each
        // gamma ratio from Stirling's series without cancellation, so the sign is the exact one.
        let rest = around_one(gamma, |g| {
            let k = delta / (g - 1.0) * elem::exp(-ln_gamma_ratio_diff(1.0 + delta, g - 1.0, n));
            k * one_minus_gamma_ratio(g, delta, n, m)
        });
        elem::exp(lead) * rest
    }

    /// [`BetaGeoBetaBinom::conditional_expected_transactions`] for many customers, written
    /// into `out`.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// let mut out = [0.0; 2];
    /// m.conditional_expected_transactions_into(5, &[0.0, 6.0], &[0.0, 6.0], &[6.0, 6.0], &mut out)?;
    /// assert!(out[1] > out[0]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeoBetaBinom::probability_alive_into`].
    pub fn conditional_expected_transactions_into(
        &self,
        m_periods_in_future: u64,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
        out: &mut [f64],
    ) -> Result<()> {
        let m = m_periods_in_future as f64;
        self.fill_per_customer(frequency, recency, n_periods, out, Domain::Expectation, |x, tx, n| {
            self.conditional(m, x, tx, n)
        })
    }

    /// [`BetaGeoBetaBinom::conditional_expected_transactions`] for many customers.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// assert_eq!(m.conditional_expected_transactions_batch(5, &[1.0], &[1.0], &[6.0])?.len(), 1);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeoBetaBinom::probability_alive_into`].
    pub fn conditional_expected_transactions_batch(
        &self,
        m_periods_in_future: u64,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
    ) -> Result<Vec<f64>> {
        let mut out = vec![0.0; frequency.len()];
        self.conditional_expected_transactions_into(m_periods_in_future, frequency, recency, n_periods, &mut out)?;
        Ok(out)
    }

    /// The expected number of transactions of a new customer in the first `n_periods`
    /// opportunities (FHS 2010 eq. 9).
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// let total: f64 = (0..=6).map(|x| x as f64 * m.probability_of_transactions(x, 6).unwrap()).sum();
    /// assert!((m.expected_transactions(6)? - total).abs() < 1e-12);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range`/`not_finite` for a parameter that is not a positive number.
    pub fn expected_transactions(&self, n_periods: u64) -> Result<f64> {
        self.check()?;
        let Self { alpha, beta, gamma, delta } = *self;
        let n = n_periods as f64;
        let e =
            alpha / (alpha + beta) * around_one(gamma, |g| delta / (g - 1.0) * one_minus_gamma_ratio(g, delta, 0.0, n));
        super::computed(e, Domain::Expectation)
    }

    /// The probability that a new customer transacts at exactly `x` of the first `n_periods`
    /// opportunities (FHS 2010 eq. 7; lifetimes' `expected_number_of_transactions_in_first_n_periods`
    /// divided by the number of customers).
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeoBetaBinom;
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783)?;
    /// let total: f64 = (0..=6).map(|x| m.probability_of_transactions(x, 6).unwrap()).sum();
    /// assert!((total - 1.0).abs() < 1e-12);
    /// assert_eq!(m.probability_of_transactions(7, 6)?, 0.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range`/`not_finite` for a parameter that is not a positive number;
    /// `out_of_range` naming `n_periods` above [`MAX_PMF_PERIODS`].
    pub fn probability_of_transactions(&self, x: u64, n_periods: u64) -> Result<f64> {
        self.check()?;
        // The sum has n_periods − x terms: a bound keeps a call from running for hours.
        let expected = format!("at most {MAX_PMF_PERIODS} opportunities");
        input::check("n_periods", n_periods as f64, n_periods <= MAX_PMF_PERIODS, &expected)?;
        if x > n_periods {
            return Ok(0.0);
        }
        let Self { alpha, beta, gamma, delta } = *self;
        let (xf, n) = (x as f64, n_periods as f64);
        let ln_choose = |i: f64| ln_gamma(i + 1.0) - ln_gamma(xf + 1.0) - ln_gamma(i - xf + 1.0);
        let (lab, lgd) = (ln_beta(alpha, beta), ln_beta(gamma, delta));
        let mut p =
            elem::exp(ln_choose(n) + ln_beta(alpha + xf, beta + n - xf) - lab + ln_beta(gamma, delta + n) - lgd);
        for i in x..n_periods {
            let i = i as f64;
            p += elem::exp(
                ln_choose(i) + ln_beta(alpha + xf, beta + i - xf) - lab + ln_beta(gamma + 1.0, delta + i) - lgd,
            );
        }
        super::computed(p, Domain::Probability)
    }
}

/// The most opportunities [`BetaGeoBetaBinom::probability_of_transactions`] sums over (2¹⁶: a tenth
/// of a second; 2²⁴ took 30 s).
pub const MAX_PMF_PERIODS: u64 = 1 << 16;

/// Validated and compressed discrete histories.
fn patterns(frequency: &[f64], recency: &[f64], n_periods: &[f64], weights: Option<&[f64]>) -> Result<Patterns> {
    let n = data::lengths(&["frequency", "recency", "n_periods"], &[frequency, recency, n_periods], weights)?;
    for i in 0..n {
        check_history(Some(i), frequency[i], recency[i], n_periods[i])?;
    }
    data::check_weights(weights)?;
    Patterns::compress(frequency, recency, n_periods, weights, 1.0, 1.0)
}

/// 1 − Γ(1+δ+n+m)Γ(γ+δ+n) / (Γ(1+δ+n)Γ(γ+δ+n+m)), the bracket of the BG/BB expectations,
/// as −expm1 of [`ln_gamma_ratio_diff`]: the log-gamma values themselves differ
/// by rounding where the bracket is tiny, and gave negative expectations (−1.9e−15 at n = 1,
/// −1.19e7 at extreme parameters). 0 for m = 0, and of the sign of γ − 1 otherwise.
fn one_minus_gamma_ratio(gamma: f64, delta: f64, n: f64, m: f64) -> f64 {
    if m == 0.0 {
        return 0.0;
    }
    -elem::exp_m1(-ln_gamma_ratio_diff(1.0 + delta + n, gamma - 1.0, m))
}

/// Terms of the likelihood's sum added one by one before the rest, if any, is summed by
/// [`sum_tail`].
const DIRECT_TERMS: f64 = 1024.0;

/// ln L, generic (see the module docs).
///
/// The sum has n − tₓ terms that fall only like i^−(α+γ+1) (their ratio is
/// (β+tₓ−x+i)/(α+β+tₓ+i) · (δ+tₓ+i)/(γ+δ+1+tₓ+i)): adding them one by one made a fit linear in
/// `n_periods` (10⁶ opportunities took 2.7 s, 10⁹ over a minute). The first [`DIRECT_TERMS`]
/// are added one by one; the rest by [`sum_tail`], whose cost grows with the logarithm of n.
#[inline]
fn ln_likelihood<S: Real>(alpha: S, beta: S, gamma: S, delta: S, x: f64, tx: f64, n: f64) -> S {
    let (lab, lgd) = (ln_beta_s(alpha, beta), ln_beta_s(gamma, delta));
    let ax = alpha + x;
    let first = ln_beta_s(ax, beta + (n - x)) - lab + ln_beta_s(gamma, delta + n) - lgd;
    let terms = n - tx;
    if terms < 1.0 {
        return first;
    }
    // Term i+1 / term i = (β+tₓ−x+i)/(α+β+tₓ+i) · (δ+tₓ+i)/(γ+δ+1+tₓ+i).
    let head = ln_beta_s(ax, beta + (tx - x)) + ln_beta_s(gamma + 1.0, delta + tx) - lab - lgd;
    let (mut sum, mut term) = (S::cst(1.0), S::cst(1.0));
    let mut i = 0.0;
    let mut settled = false;
    while i + 1.0 < terms.min(DIRECT_TERMS) {
        term = term * (beta + (tx - x + i)) / (alpha + beta + (tx + i)) * (delta + (tx + i))
            / (gamma + delta + (1.0 + tx + i));
        sum += term;
        if term.v() < 1e-17 * sum.v() {
            settled = true;
            break;
        }
        i += 1.0;
    }
    if !settled && terms > DIRECT_TERMS {
        // `term` is term DIRECT_TERMS − 1; the tail starts one ratio further.
        let j = DIRECT_TERMS - 1.0;
        let next = term * (beta + (tx - x + j)) / (alpha + beta + (tx + j)) * (delta + (tx + j))
            / (gamma + delta + (1.0 + tx + j));
        let (b, a_minus_b) = (beta + (tx - x), alpha + x);
        let (d, c_minus_d) = (delta + tx, gamma + 1.0);
        sum += sum_tail(next, b, a_minus_b, d, c_minus_d, DIRECT_TERMS, terms - 1.0, sum.v());
    }
    log_add_exp(first, head + sum.ln())
}

/// Σ_{j=j0}^{j1} f(j) for the likelihood's terms past the first j0 (j0 >= 1000), f(j0) = `f0`:
/// ln f(j) − ln f(j0) = G(j) − G(j0) with G(j) = [ln Γ(b+j) − ln Γ(b+j+a−b)] + [ln Γ(d+j) −
/// ln Γ(d+j+c−d)], from Stirling's series without cancellation ([`ln_gamma_ratio`]).
///
/// Euler–Maclaurin: the integral of f from j0 to j1, plus (f(j0) + f(j1))/2, plus
/// (f′(j1) − f′(j0))/12 (the next correction is below 1e-15 of the tail for j0 >= 1000 at the
/// decay rates that reach this point: faster ones have settled among the first terms). The
/// integral is 8-point Gauss–Legendre in u = ln j on panels no wider than ln 2 and narrow enough
/// that ln f changes by at most 1 across one; it stops once the rest is below 1e-18 of `scale`
/// (the sum so far). Hand-written: no crate offers these sums over dual numbers.
#[allow(clippy::too_many_arguments)]
fn sum_tail<S: Real>(f0: S, b: S, a_minus_b: S, d: S, c_minus_d: S, j0: f64, j1: f64, scale: f64) -> S {
    // 8-point Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun 25.4.30).
    const X: [f64; 4] =
        [0.183_434_642_495_649_8, 0.525_532_409_916_329, 0.796_666_477_413_626_7, 0.960_289_856_497_536_3];
    const W: [f64; 4] =
        [0.362_683_783_378_362, 0.313_706_645_877_887_3, 0.222_381_034_453_374_5, 0.101_228_536_290_376_3];
    let g = |j: f64| ln_gamma_ratio(b + j, a_minus_b) + ln_gamma_ratio(d + j, c_minus_d);
    let g0 = g(j0);
    let f = |j: f64| f0 * (g(j) - g0).exp();
    // d/dj ln f = ψ(b+j) − ψ(b+j+a−b) + ψ(d+j) − ψ(d+j+c−d), by ψ(x) ≈ ln x − 1/(2x) − 1/(12x²)
    // (the terms dropped are below 1e-10 of it here, and it is only needed to 1e-7).
    let dpsi = |x: S, y: S| {
        let (ix, iy) = (x.recip(), y.recip());
        -((y - x) / x).ln_1p() - (ix - iy) * 0.5 - (ix * ix - iy * iy) * (1.0 / 12.0)
    };
    let slope = |j: f64| dpsi(b + j, b + j + a_minus_b) + dpsi(d + j, d + j + c_minus_d);
    let fj1 = f(j1);
    let mut total = (f0 + fj1) * 0.5 + (fj1 * slope(j1) - f0 * slope(j0)) * (1.0 / 12.0);
    let mut u = elem::ln(j0);
    let u1 = elem::ln(j1);
    while u < u1 {
        let j = elem::exp(u);
        // A panel over which ln f falls by at most 1 (|slope| · Δj <= 1), and at most ln 2 wide.
        let rate = slope(j).v().abs() * j;
        let width = (std::f64::consts::LN_2).min(1.0 / rate.max(1e-300)).min(u1 - u);
        let (mid, half) = (u + 0.5 * width, 0.5 * width);
        let mut panel = S::cst(0.0);
        for (x, w) in X.iter().zip(W) {
            for node in [mid - half * x, mid + half * x] {
                let jn = elem::exp(node);
                panel += f(jn) * (jn * w * half);
            }
        }
        total += panel;
        u += width;
        // The rest falls at least as fast as j^−1 · f: negligible once f(j)·j is.
        let jn = elem::exp(u);
        if u < u1 && f(jn).v() * jn * (1.0 + rate) < 1e-18 * scale {
            break;
        }
    }
    total
}

struct Bgbb;

impl Likelihood<4> for Bgbb {
    type Data = Patterns;
    fn log_likelihood<S: Real>(&self, d: &Patterns, [alpha, beta, gamma, delta]: [S; 4]) -> S {
        chunked_sum(d.len(), HEAVY_CHUNK, S::cst(0.0), |range| {
            let mut acc = S::cst(0.0);
            for i in range {
                acc += ln_likelihood(alpha, beta, gamma, delta, d.x(i), d.a[i], d.b[i]) * d.w[i];
            }
            acc
        })
    }
}

impl BetaGeoBetaBinom {
    /// Validates the parameters and every customer's history, writing `per(x, tₓ, n)` for each
    /// customer into `out`: the loop every batch prediction shares.
    fn fill_per_customer(
        &self,
        frequency: &[f64],
        recency: &[f64],
        n_periods: &[f64],
        out: &mut [f64],
        domain: Domain,
        per: impl Fn(f64, f64, f64) -> f64 + Sync + Send,
    ) -> Result<()> {
        self.check()?;
        data::lengths(&["frequency", "recency", "n_periods"], &[frequency, recency, n_periods], None)?;
        input::same_len("out", out.len(), "frequency", frequency.len())?;
        let ok = data::fill_checked(out, |i| {
            let (x, tx, n) = (frequency[i], recency[i], n_periods[i]);
            history_ok(x, tx, n).then(|| per(x, tx, n))
        });
        if !ok {
            first_bad(frequency, recency, n_periods)?;
        }
        super::output::settle_batch(out, domain, "frequency", |i| {
            format!("at index {i} (frequency {}, recency {}, n_periods {})", frequency[i], recency[i], n_periods[i])
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn likelihood_matches_the_plain_sum() {
        let (alpha, beta, gamma, delta) = (1.204, 0.750, 0.657, 2.783);
        for &(x, tx, n) in &[(0.0, 0.0, 6.0), (1.0, 2.0, 6.0), (3.0, 6.0, 6.0), (2.0, 3.0, 40.0)] {
            let lab = ln_beta(alpha, beta);
            let lgd = ln_beta(gamma, delta);
            let mut l = (ln_beta(alpha + x, beta + n - x) - lab + ln_beta(gamma, delta + n) - lgd).exp();
            let mut i = 0.0;
            while i < n - tx {
                l += (ln_beta(alpha + x, beta + tx - x + i) - lab + ln_beta(gamma + 1.0, delta + tx + i) - lgd).exp();
                i += 1.0;
            }
            let got: f64 = ln_likelihood(alpha, beta, gamma, delta, x, tx, n);
            assert!((got - l.ln()).abs() < 1e-12, "{x} {tx} {n}");
        }
    }

    /// The terms one by one (as the sum was computed before the tail), in Neumaier's compensated
    /// sum, relative to the first.
    fn plain_sum(alpha: f64, beta: f64, gamma: f64, delta: f64, x: f64, tx: f64, n: f64) -> f64 {
        let mut sum = crate::numerics::special::NeumaierSum::default();
        let mut term = 1.0_f64;
        sum.add(term);
        let mut i = 0.0;
        while i + 1.0 < n - tx {
            term *= (beta + tx - x + i) / (alpha + beta + tx + i) * (delta + tx + i) / (gamma + delta + 1.0 + tx + i);
            sum.add(term);
            i += 1.0;
        }
        let head = ln_beta(alpha + x, beta + tx - x) + ln_beta(gamma + 1.0, delta + tx)
            - ln_beta(alpha, beta)
            - ln_beta(gamma, delta);
        let first =
            ln_beta(alpha + x, beta + n - x) - ln_beta(alpha, beta) + ln_beta(gamma, delta + n) - ln_beta(gamma, delta);
        crate::numerics::dual::log_add_exp(first, head + sum.value().ln())
    }

    #[test]
    fn the_tail_of_long_histories_matches_the_term_by_term_sum() {
        // Slowly falling terms (small α + γ) and long ones: the tail past 1024 terms by
        // Euler–Maclaurin against every term added.
        for &(alpha, beta, gamma, delta) in
            &[(0.05, 0.75, 0.02, 2.8), (1.204, 0.750, 0.657, 2.783), (0.3, 40.0, 0.1, 500.0)]
        {
            for &(x, tx, n) in &[(0.0, 0.0, 1500.0), (2.0, 3.0, 20_000.0), (50.0, 900.0, 300_000.0), (1.0, 1.0, 1025.0)]
            {
                let want = plain_sum(alpha, beta, gamma, delta, x, tx, n);
                let got: f64 = ln_likelihood(alpha, beta, gamma, delta, x, tx, n);
                assert!((got - want).abs() <= 1e-13 * want.abs().max(1.0), "{alpha} {x} {tx} {n}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn a_billion_opportunities_cost_no_more_than_a_thousand() {
        // The fit used to add every term: 10⁹ opportunities took over a minute. The tail's
        // panels grow with ln n; this finishes in microseconds and stays a probability.
        let got: f64 = ln_likelihood(0.05, 0.75, 0.02, 2.8, 2.0, 3.0, 1e9);
        assert!(got.is_finite() && got < 0.0, "{got}");
        // and it is the likelihood: between those of 10⁸ and 10¹⁰ opportunities' neighbours
        let (shorter, longer): (f64, f64) = (
            ln_likelihood(0.05, 0.75, 0.02, 2.8, 2.0, 3.0, 1e9 - 1.0),
            ln_likelihood(0.05, 0.75, 0.02, 2.8, 2.0, 3.0, 1e9 + 1.0),
        );
        assert!(shorter >= got && got >= longer, "{shorter} {got} {longer}");
    }

    #[test]
    fn expectations_start_at_zero_and_never_fall() {
        // At (1, 1, 8, 7.64) E[X(1)] was −1.9e−15 (found by the Python property test); the
        // brackets are now of the exact sign. Against the sum of x · P(X = x) as well.
        for m in [
            BetaGeoBetaBinom::new(1.0, 1.0, 8.0, 7.636695234201899).unwrap(),
            BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap(),
            BetaGeoBetaBinom::new(1e-8, 1e8, 1e-8, 1e8).unwrap(),
        ] {
            assert_eq!(m.expected_transactions(0).unwrap(), 0.0);
            let mut last = 0.0;
            for n in 1..12u64 {
                let e = m.expected_transactions(n).unwrap();
                assert!(e >= last, "{m:?} {n}: {e} < {last}");
                if m.alpha > 1e-3 {
                    // (the sum of the PMF itself loses 3.5e-8 at α = γ = 1e-8, δ = 1e8)
                    let sum: f64 = (0..=n).map(|x| x as f64 * m.probability_of_transactions(x, n).unwrap()).sum();
                    assert!((e - sum).abs() <= 1e-12 * sum, "{m:?} {n}: {e} vs {sum}");
                } else if n == 1 {
                    // E[X(1)] = P(alive at and buying at the first opportunity) = E[p] · E[1 − θ]
                    let want = m.alpha / (m.alpha + m.beta) * m.delta / (m.gamma + m.delta);
                    assert!((e - want).abs() <= 4e-16 * want, "{e} vs {want}");
                }
                last = e;
                for k in 0..4u64 {
                    let c = m.conditional_expected_transactions(k, 1.0, 1.0, n as f64).unwrap();
                    assert!(c >= 0.0 && (k > 0 || c == 0.0), "{m:?} {k} {n}: {c}");
                }
            }
        }
    }

    #[test]
    fn the_probabilities_of_all_histories_sum_to_one() {
        // Σ over every (x, tₓ) for n = 5 of L(x, tₓ, n) × the number of sequences with that
        // (x, tₓ): C(tₓ−1, x−1) for x ≥ 1.
        let m = BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap();
        let n = 5.0;
        let mut total = m.ln_l(0.0, 0.0, n).exp();
        for tx in 1..=5 {
            for x in 1..=tx {
                let c = (ln_gamma(tx as f64) - ln_gamma(x as f64) - ln_gamma((tx - x + 1) as f64)).exp();
                total += c * m.ln_l(x as f64, tx as f64, n).exp();
            }
        }
        assert!((total - 1.0).abs() < 1e-12, "{total}");
    }

    #[test]
    fn a_certainly_alive_customer_is_alive_with_probability_one_not_more() {
        // Transacted at the only opportunity: alive for sure; the logs once gave 1 + 7e-15
        // (found by the Python property test).
        let m = BetaGeoBetaBinom::new(4.725482064451098, 7.832336834261739, 1.0, 1.0).unwrap();
        assert_eq!(m.probability_alive(0, 1.0, 1.0, 1.0).unwrap(), 1.0);
        let p = m.probability_alive(1, 1.0, 1.0, 1.0).unwrap();
        assert!((p - 2.0 / 3.0).abs() < 1e-12, "{p}");
    }
}
