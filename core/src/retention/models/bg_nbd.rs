//! The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way: an
//! alternative to the Pareto/NBD model", *Marketing Science* 24(2)).
//!
//! While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
//! purchase she drops out with probability p ~ Beta(a, b). The likelihood of (x, tₓ, T) is
//! (eq. 6 of the paper, in logs as in section 7):
//!
//! L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / Γ(r) · [ (α+T)^−(r+x) + 1{x>0} a/(b+x−1) (α+tₓ)^−(r+x) ].

use super::data::{self, Patterns, chunked_sum};
use super::data::{FxMap, rft_ok};
use super::fit::{self, Fit, FitOptions, Likelihood, Spec};
use super::output::Domain;
use super::sealed::Kernels;
use super::{TransactionModel, check_params};
use crate::error::Result;
use crate::numerics::dual::{Real, log_add_exp};
use crate::numerics::elementary as elem;
use crate::numerics::special::ln_gamma;
use crate::numerics::special::{LnHyp, SeriesTable, ln_gamma_ratio, ln_gamma_ratio_diff, ln_hyp2f1};
use crate::numerics::vmath;
use serde::{Deserialize, Serialize};

/// BG/NBD parameters (lifetimes' `BetaGeoFitter` names): purchase rate λ ~ Gamma(shape `r`,
/// rate `alpha`), dropout probability after each purchase p ~ Beta(`a`, `b`). `alpha` is in the
/// time unit of the data.
///
/// ```
/// use custometrics::retention::models::{BetaGeo, TransactionModel};
/// // Fader, Hardie & Lee (2005), CDNOW, weeks.
/// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
/// let e = m.expected_transactions(52.0)?;
/// assert!(e > 1.0 && e < 2.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct BetaGeo {
    /// Shape of the Gamma distribution of purchase rates.
    #[serde(with = "crate::float_serde")]
    pub r: f64,
    /// Rate (inverse scale) of the Gamma distribution of purchase rates, per time unit.
    #[serde(with = "crate::float_serde")]
    pub alpha: f64,
    /// First shape of the Beta distribution of dropout probabilities.
    #[serde(with = "crate::float_serde")]
    pub a: f64,
    /// Second shape of the Beta distribution of dropout probabilities.
    #[serde(with = "crate::float_serde")]
    pub b: f64,
}

validated_on_deserialize!(BetaGeo, Unchecked, r, alpha, a, b);

/// Parameter names in order.
const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

impl BetaGeo {
    /// Validated parameters.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeo;
    /// assert_eq!(BetaGeo::new(0.2, -1.0, 0.8, 2.4).unwrap_err().field(), Some("alpha"));
    /// ```
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` for a parameter that is not a positive number.
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Self> {
        check_params(&NAMES, &[r, alpha, a, b])?;
        Ok(Self { r, alpha, a, b })
    }

    /// Fits the model by maximum likelihood to customers' (`frequency`, `recency`, `T`), with
    /// optional `weights` (customer counts per row).
    ///
    /// With a `penalizer` λ the objective is lifetimes' `BetaGeoFitter` objective:
    /// −Σ wᵢ ln Lᵢ / Σ wᵢ + λ (r² + (α/max T)² + a² + b²) — the mean negative log-likelihood on
    /// the time axis rescaled to max T = 1, plus the L2 penalty on those rescaled parameters.
    ///
    /// ```
    /// use custometrics::retention::models::{BetaGeo, FitOptions};
    /// # let csv = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow_customers_summary.csv"));
    /// # let rows: Vec<Vec<f64>> = csv.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    /// # let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
    /// let (frequency, recency, t) = (col(1), col(2), col(3)); // CDNOW's 2357 customers, weeks
    /// let fit = BetaGeo::fit(&frequency, &recency, &t, None, &FitOptions::default())?;
    /// // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
    /// assert!((fit.model.alpha - 4.414).abs() < 1e-3 && (fit.report.log_likelihood + 9582.4).abs() < 0.1);
    /// assert!(fit.std_errors.alpha > 0.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `empty`, `length_mismatch`; `out_of_range`/`not_finite` naming the field and index of
    /// an invalid row (frequency not a non-negative whole number, recency outside 0..=T,
    /// recency non-zero with frequency 0, T not positive) or weight (negative; `invalid` if all
    /// are zero); `out_of_range` for bad options; `did_not_converge` with the last iterate.
    pub fn fit(
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
        options: &FitOptions,
    ) -> Result<Fit<Self>> {
        let (data, scale) = data::continuous(frequency, recency, t, weights)?;
        let spec = Spec {
            name: "BG/NBD",
            unscale: [1.0, 1.0 / scale, 1.0, 1.0],
            penalty: options.penalizer,
            ll_shift: elem::ln(scale) * data.weighted_x,
            data: "frequency",
        };
        Ok(fit::fit(&Bg, &data, &spec, options)?.dress(&data, |[r, alpha, a, b]| Self { r, alpha, a, b }))
    }

    /// The total log-likelihood Σ wᵢ ln L(params | xᵢ, tₓᵢ, Tᵢ) of data under these parameters.
    ///
    /// ```
    /// use custometrics::retention::models::BetaGeo;
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?;
    /// // A customer with no repeat purchase in 10 weeks: ln (α/(α+10))^r.
    /// let ll = m.log_likelihood(&[0.0], &[0.0], &[10.0], None)?;
    /// assert!((ll - 0.243 * (4.414f64 / 14.414).ln()).abs() < 1e-12);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`BetaGeo::fit`] for the data.
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
            Bg.log_likelihood(&data, [self.r, self.alpha * scale, self.a, self.b]) + elem::ln(scale) * data.weighted_x;
        super::computed(ll, Domain::Finite)
    }
}

/// The likelihood, on patterns.
struct Bg;

impl Likelihood<4> for Bg {
    type Data = Patterns;
    fn log_likelihood<S: Real>(&self, d: &Patterns, [r, alpha, a, b]: [S; 4]) -> S {
        let base = (a + b).ln_gamma() - b.ln_gamma() - r.ln_gamma() + r * alpha.ln();
        let per_x: Vec<(S, S)> =
            d.xs.iter()
                .map(|&x| {
                    let ax = (r + x).ln_gamma() + (b + x).ln_gamma() - (a + b + x).ln_gamma() + base;
                    let cx = if x > 0.0 { a.ln() - (b + (x - 1.0)).ln() } else { S::cst(0.0) };
                    (ax, cx)
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
                let a3 = -(rx * d.ln_b(&table, alpha, i));
                let tail = if x > 0.0 { log_add_exp(a3, cx - rx * d.ln_a(&table, alpha, i)) } else { a3 };
                acc += (ax + tail) * d.w[i];
            }
            acc
        })
    }
}

/// P(alive) of the BG/NBD family as a row kernel over (x, tₓ, T):
/// 1 / (1 + a/(b + x + shift) · ((α+T)/(α+tₓ))^(r+x)), with shift −1 for the BG/NBD (where a
/// customer without repeat purchases is alive) and 0 for the MBG/NBD.
///
/// The power is [`vmath::pow_ratio`]: one logarithm and one exponential, vectorisable, so the
/// scalar predictions and the batch ones (SIMD on every core) share these bits. It saturates
/// from 2^1023.5, so P(alive) below about 1e−308 · (b + x + shift)/a rounds to 0, as in
/// lifetimes. (Taking a/(b+x−1) inside the exponent as ln a − ln(b+x−1) would avoid that, at the
/// cost of a third transcendental function per row; the power is what carries the precision.)
#[derive(Clone, Copy)]
pub(crate) struct AliveKernel {
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
    shift: f64,
    zero_is_alive: bool,
}

impl AliveKernel {
    pub(crate) fn bg_nbd(m: &BetaGeo) -> Self {
        AliveKernel { r: m.r, alpha: m.alpha, a: m.a, b: m.b, shift: -1.0, zero_is_alive: true }
    }

    pub(crate) fn mbg_nbd(r: f64, alpha: f64, a: f64, b: f64) -> Self {
        AliveKernel { r, alpha, a, b, shift: 0.0, zero_is_alive: false }
    }

    #[inline(always)]
    pub(crate) fn value(&self, x: f64, tx: f64, t: f64) -> f64 {
        let AliveKernel { r, alpha, a, b, shift, zero_is_alive } = *self;
        // 1 / (1 + a/c · power) = c / (c + a · power), c = b + x + shift: one division, not two.
        let c = b + x + shift;
        let power = vmath::pow_ratio(alpha + t, alpha + tx, r + x);
        if zero_is_alive & (x == 0.0) { 1.0 } else { c / (c + a * power) }
    }
}

impl vmath::RowKernel for AliveKernel {
    #[inline(always)]
    fn at(&self, x: f64, tx: f64, t: f64) -> (f64, bool) {
        (self.value(x, tx, t), rft_ok(x, tx, t))
    }
}

/// 1 − (α/(α+t))^r ₂F₁(a, b; c; t/(α+t)), the bracket of the BG/NBD and MBG/NBD expectations.
pub(crate) fn one_minus_hyp(r: f64, alpha: f64, t: f64, a: f64, b: f64, c: f64) -> f64 {
    if t == 0.0 {
        return 0.0;
    }
    bracket(r, alpha, t, ln_hyp2f1(a, b, c, t / (alpha + t))).0
}

/// The bracket 1 − X, X = (α/(α+t))^r F, of [`one_minus_hyp`] from F = ₂F₁(…; t/(α+t)), and
/// whether it keeps at least 12 digits: it is a difference, so the error of X (from its
/// logarithm, ln_pow + ln F, about ε per unit of their sizes, and from the sum F was computed
/// by, about ε per unit of its condition) is multiplied by X/|1 − X|. Where it does not,
/// [`expected_count`] computes the expectation without the difference. The one-customer and the
/// batch paths both decide here, from the same F.
pub(crate) fn bracket(r: f64, alpha: f64, t: f64, f: LnHyp) -> (f64, bool) {
    let ln_pow = -r * elem::ln_1p(t / alpha);
    let ln_x = ln_pow + f.ln;
    let bracket = if f.sign > 0.0 { -elem::exp_m1(ln_x) } else { 1.0 + elem::exp(ln_x) };
    let digits = 4.0 + ln_pow.abs() + f.ln.abs() + 4.0 * f.cond;
    let loss = f64::EPSILON * digits * elem::exp(ln_x) / bracket.abs();
    (bracket, loss.is_finite() && loss <= 1e-12)
}

/// The closed form c/(a−1) · bracket where it keeps its digits, else `series()` (the
/// expectation without the difference) if that converges, else the closed form.
pub(crate) fn closed_or_series(
    c: f64,
    a: f64,
    (bracket, ok): (f64, bool),
    series: impl FnOnce() -> Option<f64>,
) -> f64 {
    let closed = c / (a - 1.0) * bracket;
    if closed >= 0.0 && ok {
        return closed;
    }
    series().unwrap_or(closed)
}

/// N = E[(1 − e^(−λpt))/p] over λ ~ Gamma(r, α) and p ~ Beta(a, b): the expected purchases in
/// (0, t] of a customer alive now whose rate and dropout probability have those posteriors
/// (FHL 2005 eq. 10 is (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))] · P(alive)),
/// in two forms without that difference, for the parameters where the closed form cancels
/// (a ≪ b, a short horizon, a near 1, r or α at 1e±300): `None` when neither converges here.
///
/// 1. The moments of p: with u = t/α, (1 − (1+pu)^−r)/p = Σₖ≥₁ (−1)^(k+1) (r)ₖ uᵏ pᵏ⁻¹/k!, so
///    N = Σₖ≥₁ (−1)^(k+1) (r)ₖ uᵏ/k! · (a)ₖ₋₁/(a+b)ₖ₋₁. (1+pu)^−(r+1) is completely monotone in p,
///    so the partial sums bracket N: the error after a term is at most the next term. Taken when
///    the terms fall fast from the first (a few dropouts expected in the horizon), rounding at
///    most a few ε.
/// 2. The purchase count: K ~ NB(r, t/(α+t)) purchases while alive, each followed by dropout
///    with probability p, so N = Σₖ≥₁ P(K = k) Σⱼ₍ⱼ<ₖ₎ E[(1−p)ʲ], E[(1−p)ʲ] = (b)ⱼ/(a+b)ⱼ: positive
///    terms, taken when K's range is at most [`COUNT_TERMS`].
pub(crate) fn expected_count(r: f64, alpha: f64, t: f64, a: f64, b: f64) -> Option<f64> {
    if t == 0.0 {
        return Some(0.0);
    }
    let u = t / alpha;
    // 1. The moment series.
    let (mut term, mut sum, mut largest) = (r * u, 0.0_f64, 0.0_f64);
    if term.is_finite() && term > 0.0 {
        for k in 1..=MOMENT_TERMS {
            sum += term;
            largest = largest.max(term.abs());
            let kf = k as f64;
            term *= -(r + kf) * u * ((a + (kf - 1.0)) / ((kf + 1.0) * (a + b + (kf - 1.0))));
            if !term.is_finite() {
                break;
            }
            if term.abs() <= 1e-17 * sum.abs() {
                if largest <= 4.0 * sum {
                    return Some(sum);
                }
                break;
            }
        }
    }
    // 2. The purchase count.
    let z = t / (alpha + t);
    let mut p = elem::exp(ln_nbd(1, r, alpha, t));
    if !(p > 0.0 && p.is_finite()) {
        return None;
    }
    let (mut m, mut cum, mut total) = (1.0_f64, 1.0_f64, 0.0_f64);
    for k in 1..=COUNT_TERMS {
        total += p * cum;
        let kf = k as f64;
        let ratio = (r + kf) * z / (kf + 1.0);
        // E[(1−p)^k] and the running sum of those below k + 1.
        m *= (b + (kf - 1.0)) / (a + b + (kf - 1.0));
        cum += m;
        p *= ratio;
        // Past the mode, what is left is below p·(cum/(1−ρ) + 1/(1−ρ)²), ρ the largest ratio to come.
        let rho = ratio.max(z);
        if ratio < 1.0 && p * (cum / (1.0 - rho) + 1.0 / ((1.0 - rho) * (1.0 - rho))) <= 1e-17 * total {
            return Some(total);
        }
    }
    None
}

/// Most terms of the moment series of [`expected_count`].
const MOMENT_TERMS: u64 = 2_000;

/// Most terms of the purchase-count series of [`expected_count`] (about 0.1 ms).
const COUNT_TERMS: u64 = 20_000;

/// `g(a)` for a formula with a removable singularity at a = 1 (a factor 1/(a − 1) times a
/// bracket that vanishes there): within 1e-6 of 1, the cubic through g at 1 ± h and 1 ± 2h,
/// h = 1e-4, evaluated at a. The bracket's rounding error is divided by a − 1, so points close
/// to 1 are noisy (the mean of 1 ± 1e-6 was 4e-10 off at a = 1 + 1e-9, t = 1e6: the bracket's
/// error times 1e6); at 1e-4 the noise is 100 times smaller and the cubic's own error, about
/// h⁴ g⁗/6, is below 1e-11 against mpmath even over 1e6 periods (core/tests/suite/models_extremes.rs).
pub(crate) fn around_one(a: f64, g: impl Fn(f64) -> f64) -> f64 {
    const H: f64 = 1e-4;
    if (a - 1.0).abs() >= 1e-6 {
        return g(a);
    }
    // Lagrange weights of the nodes k = −2, −1, 1, 2 (in units of H) at s = (a − 1)/H.
    let s = (a - 1.0) / H;
    let nodes = [-2.0, -1.0, 1.0, 2.0];
    nodes
        .iter()
        .map(|&k| {
            let w: f64 = nodes.iter().filter(|&&j| j != k).map(|&j| (s - j) / (k - j)).product();
            w * g(1.0 + k * H)
        })
        .sum()
}

/// `g(b)` for the BG/NBD expectations, whose closed form has a removable singularity where
/// the ₂F₁'s c = a + b − 1 is 0 (the factor c meets the pole of ₂F₁ at c = 0): the mean of
/// b ± 1e-6 there.
fn around_c_zero(a: f64, b: f64, g: impl Fn(f64) -> f64) -> f64 {
    if (a + b - 1.0).abs() < 1e-6 { 0.5 * (g(b - 1e-6) + g(b + 1e-6)) } else { g(b) }
}

/// The BG/NBD's ₂F₁ parameters (r + x, b + x, a + b + x − 1) of a customer with frequency x,
/// written once so that the batch's tables and the one-customer path use the same floats.
fn bg_hyp_params(r: f64, a: f64, b: f64, x: f64) -> (f64, f64, f64) {
    let b1 = b + x;
    (r + x, b1, a + b1 - 1.0)
}

/// The BG/NBD's expected purchases of a customer alive now, [`expected_count`]'s N, with
/// r1 = r + x, α1 = α + T, b1 = b + x: by FHL's closed form where it keeps its digits (its
/// removable singularities at a = 1 and a + b1 = 1 by the mean of both sides), else by
/// [`expected_count`]'s series. `hyp(z)` is ₂F₁(r1, b1; a + b1 − 1; z):
/// [`ln_hyp2f1`] or a batch's [`SeriesTable`], which gives its bits.
fn bg_count(r1: f64, alpha1: f64, t: f64, a: f64, b1: f64, hyp: impl FnOnce(f64) -> LnHyp) -> f64 {
    if t == 0.0 {
        return 0.0;
    }
    let c = a + b1 - 1.0;
    let series = || expected_count(r1, alpha1, t, a, b1);
    if (a - 1.0).abs() >= 1e-6 && c.abs() >= 1e-6 {
        return closed_or_series(c, a, bracket(r1, alpha1, t, hyp(t / (alpha1 + t))), series);
    }
    let closed = around_c_zero(a, b1, |b1| {
        around_one(a, |a| (a + b1 - 1.0) / (a - 1.0) * one_minus_hyp(r1, alpha1, t, r1, b1, a + b1 - 1.0))
    });
    series().unwrap_or(closed)
}

/// Most distinct frequencies a batch prepares a [`SeriesTable`] for (the others take the
/// one-customer path).
const MAX_TABLES: usize = 20_000;

/// Frequencies below this find their table by index, the others by hash.
const DENSE_FREQUENCIES: usize = 1024;

/// One [`SeriesTable`] per distinct valid frequency of a batch (its ₂F₁ parameters depend on
/// the frequency only), each built for the largest argument z = t/(α + T + t) among that
/// frequency's customers (the youngest), at most 0.9.
pub(crate) struct FrequencyTables {
    dense: Vec<u32>,
    sparse: FxMap<u64, u32>,
    tables: Vec<Option<SeriesTable>>,
}

impl FrequencyTables {
    /// `make(x, z_max)` builds frequency x's table.
    pub(crate) fn new(
        x: &[f64],
        tx: &[f64],
        age: &[f64],
        alpha: f64,
        t: f64,
        make: impl Fn(f64, f64) -> Option<SeriesTable>,
    ) -> Self {
        let mut dense = vec![u32::MAX; DENSE_FREQUENCIES];
        let mut sparse: FxMap<u64, u32> = FxMap::default();
        let (mut xs, mut youngest): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
        for i in 0..x.len().min(tx.len()).min(age.len()) {
            let (xi, ai) = (x[i], age[i]);
            if !rft_ok(xi, tx[i], ai) {
                continue;
            }
            let slot = if xi < DENSE_FREQUENCIES as f64 {
                &mut dense[xi as usize]
            } else {
                sparse.entry(xi.to_bits()).or_insert(u32::MAX)
            };
            if *slot == u32::MAX {
                if xs.len() >= MAX_TABLES {
                    continue;
                }
                *slot = xs.len() as u32;
                xs.push(xi);
                youngest.push(ai);
            } else if let Some(y) = youngest.get_mut(*slot as usize) {
                *y = y.min(ai);
            }
        }
        // The same sums as the customer's z = t/(α1 + t), α1 = α + T, so that z <= z_max.
        let tables = xs.iter().zip(&youngest).map(|(&xi, &y)| make(xi, (t / (alpha + y + t)).min(0.9))).collect();
        Self { dense, sparse, tables }
    }

    /// Frequency x's table, if it has one.
    #[inline]
    pub(crate) fn get(&self, x: f64) -> Option<&SeriesTable> {
        let slot =
            if x < DENSE_FREQUENCIES as f64 { *self.dense.get(x as usize)? } else { *self.sparse.get(&x.to_bits())? };
        self.tables.get(slot as usize)?.as_ref()
    }
}

/// ln Γ(x + m) − ln Γ(x) for x > 0, m >= 0, without subtracting two large log-gammas (at
/// x = 1e300 each is 7e302 and their difference, about m ln x, would be lost).
fn ln_rising(x: f64, m: f64) -> f64 {
    if m == 0.0 { 0.0 } else { -ln_gamma_ratio(x, m) }
}

/// Most terms [`nbd_tail`] adds before it hands over to the incomplete beta ratio.
const NBD_TAIL_TERMS: u64 = 10_000;

/// P(N ≥ n) for N negative binomial with P(N = j) = Γ(r+j)/(Γ(r) j!) (1−p)^r p^j, summed where
/// the sum is short and exact in double precision: above the mean, Σ_{j≥n} P(N = j) (the terms
/// fall from the first, by the ratio (r+j)p/(j+1)); at or below it, 1 − Σ_{j<n} P(N = j) when
/// that sum is at most 0.9. Each term comes from the previous by that ratio, the
/// first in log space. Past [`NBD_TAIL_TERMS`] terms, the incomplete beta ratio I_p(n, r) by its
/// continued fraction, its prefactor in log space. Hand-written: the sums keep their digits at
/// r = 1e300, where the continued fraction does not settle.
pub(crate) fn nbd_tail(n: u64, r: f64, p: f64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    if !(r > 0.0 && (0.0..=1.0).contains(&p)) {
        return f64::NAN;
    }
    if p == 0.0 || p == 1.0 {
        return p;
    }
    let nf = n as f64;
    let ln_term = |j: f64| ln_rising(r, j) - ln_gamma(j + 1.0) + j * elem::ln(p) + r * elem::ln_1p(-p);
    let mean = r * p / (1.0 - p);
    if nf > mean {
        let (mut term, mut sum) = (elem::exp(ln_term(nf)), 0.0);
        let mut j = nf;
        for _ in 0..NBD_TAIL_TERMS {
            sum += term;
            term *= (r + j) * p / (j + 1.0);
            j += 1.0;
            if term <= 1e-17 * sum {
                return sum;
            }
        }
    } else if ln_term(nf - 1.0) + elem::ln(nf) < -746.0 {
        // At or below the mean the head terms rise to P(N = n−1) (terms between the mode and
        // the mean are never near underflow): n of them below the smallest double make
        // P(N < n) 0 to double precision.
        return 1.0;
    } else if n <= NBD_TAIL_TERMS && ln_term(0.0) > -700.0 {
        // (P(N = 0) not near underflow, which would drop the head of the sum; and at most 0.9
        // subtracted, one digit lost at worst: else the continued fraction.)
        let (mut term, mut sum) = (elem::exp(ln_term(0.0)), 0.0);
        for j in 0..n {
            sum += term;
            let j = j as f64;
            term *= (r + j) * p / (j + 1.0);
        }
        if sum <= 0.9 {
            return 1.0 - sum;
        }
    }
    let ln_front = ln_rising(r, nf) - ln_gamma(nf) + nf * elem::ln(p) + r * elem::ln_1p(-p);
    crate::numerics::stats::beta_reg_from(nf, r, p, ln_front)
}

/// ln P(N = n) of the same negative binomial, p = t/(α+t).
pub(crate) fn ln_nbd(n: u64, r: f64, alpha: f64, t: f64) -> f64 {
    let nf = n as f64;
    let ln_p = if n == 0 { 0.0 } else { nf * elem::ln(t / (alpha + t)) };
    ln_rising(r, nf) - ln_gamma(nf + 1.0) - r * elem::ln_1p(t / alpha) + ln_p
}

/// ln(B(a, b + m) / B(a, b)) = [ln Γ(b + m) − ln Γ(b)] − [ln Γ(a + b + m) − ln Γ(a + b)] for
/// m >= 0, as one difference of gamma ratios ([`ln_gamma_ratio_diff`]) that keeps its digits when
/// a is small beside b or both are extreme (the P(X = n) of BG/NBD and MBG/NBD at 1e±300).
pub(crate) fn ln_beta_shift(a: f64, b: f64, m: f64) -> f64 {
    if m == 0.0 { 0.0 } else { -ln_gamma_ratio_diff(b, a, m) }
}

impl Kernels for BetaGeo {
    fn check(&self) -> Result<()> {
        check_params(&NAMES, &[self.r, self.alpha, self.a, self.b])
    }

    fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        AliveKernel::bg_nbd(self).value(x, tx, t)
    }

    fn p_alive_fill(&self, x: &[f64], tx: &[f64], t: &[f64], out: &mut [f64]) -> bool {
        vmath::fill_rows(&AliveKernel::bg_nbd(self), x, tx, t, out)
    }

    fn p_alive_fill_ints(&self, x: &[i64], tx: &[i64], t: &[i64], out: &mut [f64]) -> Option<bool> {
        Some(vmath::fill_rows(&AliveKernel::bg_nbd(self), x, tx, t, out))
    }

    fn expected(&self, t: f64) -> f64 {
        let BetaGeo { r, alpha, a, b } = *self;
        bg_count(r, alpha, t, a, b, |z| ln_hyp2f1(r, b, a + b - 1.0, z))
    }

    fn conditional(&self, t: f64, x: f64, tx: f64, age: f64) -> f64 {
        let BetaGeo { r, alpha, a, b } = *self;
        let (r1, b1, c) = bg_hyp_params(r, a, b, x);
        bg_count(r1, alpha + age, t, a, b1, |z| ln_hyp2f1(r1, b1, c, z)) * self.p_alive(x, tx, age)
    }

    /// The batch kernel: the ₂F₁ series of each distinct frequency is prepared once (its term
    /// ratios depend on x only) and summed by Horner's rule for every customer, with the bits
    /// of [`Kernels::conditional`] (see [`SeriesTable`]).
    fn conditional_fill(&self, t: f64, x: &[f64], tx: &[f64], age: &[f64], out: &mut [f64]) -> bool {
        let BetaGeo { r, alpha, a, b } = *self;
        let tables = FrequencyTables::new(x, tx, age, alpha, t, |xf, z_max| {
            let (r1, b1, c) = bg_hyp_params(r, a, b, xf);
            SeriesTable::new(r1, b1, c, z_max)
        });
        data::fill_checked(out, |i| {
            let (xi, txi, ai) = (x[i], tx[i], age[i]);
            if !rft_ok(xi, txi, ai) {
                return None;
            }
            let (r1, b1, c) = bg_hyp_params(r, a, b, xi);
            let table = tables.get(xi);
            let hyp = |z| table.and_then(|s| s.ln_eval(z)).unwrap_or_else(|| ln_hyp2f1(r1, b1, c, z));
            Some(bg_count(r1, alpha + ai, t, a, b1, hyp) * self.p_alive(xi, txi, ai))
        })
    }

    fn pmf(&self, n: u64, t: f64) -> f64 {
        if t == 0.0 {
            return if n == 0 { 1.0 } else { 0.0 };
        }
        let BetaGeo { r, alpha, a, b } = *self;
        let nf = n as f64;
        // B(a, b+n)/B(a, b) and B(a+1, b+n−1)/B(a, b) = a/(a+b+n−1) · B(a, b+n−1)/B(a, b), each
        // in one stable piece (see `ln_beta_shift`).
        let first = elem::exp(ln_beta_shift(a, b, nf) + ln_nbd(n, r, alpha, t));
        if n == 0 {
            return first;
        }
        let weight = elem::exp(elem::ln(a) - elem::ln(a + b + nf - 1.0) + ln_beta_shift(a, b, nf - 1.0));
        first + weight * nbd_tail(n, r, t / (alpha + t))
    }
}

impl TransactionModel for BetaGeo {}

#[cfg(test)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::numerics::special::ln_beta;

    #[test]
    fn the_batch_kernel_matches_the_scalar_one() {
        let m = BetaGeo { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let x = [0.0, 1.0, 2.0, 2.0, 7.0, 40.0, 3e6, 1.0];
        let tx = [0.0, 3.0, 30.0, 10.0, 38.0, 38.5, 38.9, 0.5];
        let age = [38.9, 38.9, 38.9, 30.0, 38.9, 38.9, 38.9, 1.0];
        for t in [0.0, 1.0, 39.0, 200.0] {
            let mut out = [0.0; 8];
            assert!(m.conditional_fill(t, &x, &tx, &age, &mut out));
            for i in 0..8 {
                let one = m.conditional(t, x[i], tx[i], age[i]);
                assert_eq!(out[i].to_bits(), one.to_bits(), "{t} {i}: {} vs {one}", out[i]);
            }
        }
    }

    #[test]
    fn nbd_tail_is_one_minus_the_partial_sum() {
        let (r, alpha, t) = (0.7, 3.0, 5.0);
        let mut cdf = 0.0;
        for n in 0..30 {
            let tail = nbd_tail(n, r, t / (alpha + t));
            assert!((tail - (1.0 - cdf)).abs() < 1e-12, "{n}");
            cdf += ln_nbd(n, r, alpha, t).exp();
        }
    }

    #[test]
    fn long_horizons_match_the_mixture_integral() {
        // E[X(t)] = E_p[(1 − (α/(α+pt))^r) / p] over p ~ Beta(a, b): for t ≫ α the 2F1's
        // argument t/(α+t) is near 1 and the connection formula takes over from the series.
        use crate::numerics::special::integrate;
        let m = BetaGeo { r: 0.243, alpha: 4.414, a: 1.793, b: 2.426 };
        for t in [50.0, 500.0, 5e4] {
            let lb = ln_beta(m.a, m.b);
            let f = |p: f64| {
                let dens = ((m.a - 1.0) * p.ln() + (m.b - 1.0) * (-p).ln_1p() - lb).exp();
                -(-m.r * (p * t / m.alpha).ln_1p()).exp_m1() / p * dens
            };
            let exact = integrate(f, 0.0, 1.0, 64, 1e-13);
            let got = m.expected(t);
            assert!((got - exact).abs() < 1e-9 * exact, "{t}: {got} vs {exact}");
        }
    }

    #[test]
    fn expectation_is_the_sum_of_the_pmf() {
        let m = BetaGeo { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let t = 39.0;
        let mean: f64 = (0..2000).map(|n| n as f64 * m.pmf(n, t)).sum();
        assert!((mean - m.expected(t)).abs() < 1e-8, "{mean} {}", m.expected(t));
        // the singular a = 1 is removable
        let m1 = BetaGeo { a: 1.0, ..m };
        let near = BetaGeo { a: 1.0 + 1e-4, ..m };
        assert!((m1.expected(t) - near.expected(t)).abs() < 1e-3);
    }

    /// The closed form in std's `powf`, as lifetimes writes it.
    fn reference_p_alive(m: &BetaGeo, x: f64, tx: f64, t: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        1.0 / (1.0 + m.a / (m.b + x - 1.0) * ((m.alpha + t) / (m.alpha + tx)).powf(m.r + x))
    }

    #[test]
    fn the_batch_p_alive_has_the_bits_of_the_scalar_one() {
        let m = BetaGeo { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        // Enough rows for the SIMD body of the loop, not only its scalar tail.
        let mut x = vec![0.0, 1.0, 2.0, 255.0, 256.0, 3e6, 7.0];
        let mut tx = vec![0.0, 3.0, 30.0, 38.0, 38.5, 38.9, 38.86];
        let mut t = vec![38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.86];
        for i in 0..1000 {
            let xi = (i % 13) as f64;
            x.push(xi);
            t.push(1.0 + i as f64 * 0.37);
            tx.push(if xi == 0.0 { 0.0 } else { (i % 10) as f64 * 0.1 * t[t.len() - 1] });
        }
        let mut out = vec![0.0; x.len()];
        assert!(m.p_alive_fill(&x, &tx, &t, &mut out));
        for i in 0..x.len() {
            assert_eq!(out[i].to_bits(), m.p_alive(x[i], tx[i], t[i]).to_bits(), "{i}");
            let want = reference_p_alive(&m, x[i], tx[i], t[i]);
            // powf's own error grows with the exponent r + x (at x = 255 it is the less accurate:
            // 0.6033228557958006 against ours 0.6033228557958030 and 0.60332285579580274 by mpmath).
            assert!((out[i] - want).abs() <= 1e-16 * (4.0 + x[i]), "{i}: {} {want}", out[i]);
        }
        assert!(!m.p_alive_fill(&[1.5], &[1.0], &[2.0], &mut out[..1]));
        // and every instruction set this CPU has computes the same bits
        for (name, other, ok) in vmath::fill_rows_per_instruction_set(&AliveKernel::bg_nbd(&m), &x, &tx, &t) {
            assert!(ok, "{name}");
            for i in 0..x.len() {
                assert_eq!(other[i].to_bits(), m.p_alive(x[i], tx[i], t[i]).to_bits(), "{name}, row {i}");
            }
        }
    }

    #[test]
    fn a_plus_b_equal_to_one_is_removable() {
        // c = a + b − 1 = 0: the closed form is 0 · ∞ there (found by the Python property test).
        let at = BetaGeo { r: 1.0, alpha: 1.0, a: 0.5, b: 0.5 };
        let near = BetaGeo { b: 0.5 + 1e-5, ..at };
        for t in [1.0, 10.0, 52.0] {
            let (e, n) = (at.expected(t), near.expected(t));
            assert!(e.is_finite() && (e - n).abs() < 1e-4 * n, "{t}: {e} vs {n}");
            let (c, cn) = (at.conditional(t, 0.0, 0.0, 1.0), near.conditional(t, 0.0, 0.0, 1.0));
            assert!(c.is_finite() && (c - cn).abs() < 1e-4 * cn, "{t}: {c} vs {cn}");
            let mut out = [0.0; 2];
            assert!(at.conditional_fill(t, &[0.0, 2.0], &[0.0, 0.5], &[1.0, 1.0], &mut out));
            assert_eq!(out[0], c);
        }
    }
}
