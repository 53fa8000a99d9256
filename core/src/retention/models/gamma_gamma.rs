//! The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV:
//! using iso-value curves for customer base analysis", *JMR* 42; Fader & Hardie, "The
//! Gamma-Gamma model of monetary value", brucehardie.com note 025).
//!
//! Each transaction's value is Gamma(p, ν) with ν ~ Gamma(q, v) across customers, so the mean
//! m̄ of a customer's x transactions has the density (note 025, eq. 1a)
//!
//! f(m̄ | x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q m̄^(px−1) x^(px) / (v + x m̄)^(px+q),
//!
//! and the expected spend given (x, m̄) is p(v + x m̄)/(px + q − 1) (eq. 5). The model assumes
//! spend independent of purchase frequency; [`GammaGamma::independence_check`] gives the
//! correlation to look at before using it.

use super::check_params;
use super::data::{self, Patterns, chunked_sum, is_count, loc};
use super::fit::{self, Fit, FitOptions, Likelihood, Spec};
use super::output::Domain;
use crate::error::{Error, Location, Result};
use crate::input::column::Widen;
use crate::input::{self, Column, column};
use crate::numerics::dual::Real;
use crate::numerics::elementary as elem;
use crate::numerics::stats;
use serde::{Deserialize, Serialize};

/// Gamma-Gamma parameters (lifetimes' `GammaGammaFitter` names): transaction values
/// Gamma(shape `p`, rate ν), ν ~ Gamma(shape `q`, rate `v`); `v` is in money units.
///
/// ```
/// use custometrics::retention::models::GammaGamma;
/// // Fader & Hardie note 025, CDNOW.
/// let m = GammaGamma::new(6.25, 3.74, 15.44)?;
/// let spend = m.conditional_expected_average_profit(2.0, 20.0)?;
/// assert!(spend > 20.0 && spend < 40.0); // shrunk towards the population mean
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct GammaGamma {
    /// Shape of the Gamma distribution of a customer's transaction values.
    #[serde(with = "crate::float_serde")]
    pub p: f64,
    /// Shape of the Gamma distribution of the rate ν across customers.
    #[serde(with = "crate::float_serde")]
    pub q: f64,
    /// Rate of the Gamma distribution of ν across customers (money units).
    #[serde(with = "crate::float_serde")]
    pub v: f64,
}

validated_on_deserialize!(GammaGamma, Unchecked, p, q, v);

const NAMES: [&str; 3] = ["p", "q", "v"];

/// The frequency–spend independence check: the Gamma-Gamma model assumes that how often a
/// customer buys says nothing about how much she spends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpendIndependence {
    /// Pearson correlation of frequency and mean transaction value over the customers given.
    /// Near 0 supports the assumption.
    #[serde(with = "crate::float_serde")]
    pub correlation: f64,
    /// Two-sided p-value of no correlation (Fisher's z, √(n−3) atanh r).
    #[serde(with = "crate::float_serde")]
    pub p_value: f64,
    /// Customers.
    pub n: u64,
}

/// (frequency >= 1, monetary > 0) for fitting.
fn check_fit_row(i: usize, x: f64, m: f64) -> Result<()> {
    if !(is_count(x) && x >= 1.0) {
        let e = "a whole number >= 1 (the Gamma-Gamma model is fitted on repeat customers)";
        return Err(input::out_of_range_or_not_finite(Location::at("frequency", i), x, e));
    }
    if !(m > 0.0 && m.is_finite()) {
        let e = "the positive numbers (the mean value of repeat transactions)";
        return Err(input::out_of_range_or_not_finite(Location::at("monetary_value", i), m, e));
    }
    Ok(())
}

/// (frequency >= 0, monetary > 0, or any non-negative value when frequency is 0) for predictions.
#[inline]
fn predict_ok(x: f64, m: f64) -> bool {
    is_count(x) && m.is_finite() && (m > 0.0 || (x == 0.0 && m >= 0.0))
}

fn check_predict(i: Option<usize>, x: f64, m: f64) -> Result<()> {
    if predict_ok(x, m) {
        return Ok(());
    }
    data::check_frequency("frequency", i, x)?;
    let e = "the positive numbers (0 allowed only with frequency 0)";
    Err(input::out_of_range_or_not_finite(loc("monetary_value", i), m, e))
}

impl GammaGamma {
    /// Validated parameters.
    ///
    /// ```
    /// use custometrics::retention::models::GammaGamma;
    /// assert_eq!(GammaGamma::new(6.25, 0.0, 15.4).unwrap_err().field(), Some("q"));
    /// ```
    ///
    /// # Errors
    /// `out_of_range` or `not_finite` for a parameter that is not a positive number.
    pub fn new(p: f64, q: f64, v: f64) -> Result<Self> {
        check_params(&NAMES, &[p, q, v])?;
        Ok(Self { p, q, v })
    }

    /// Fits the model by maximum likelihood to repeat customers' `frequency` (>= 1) and
    /// `monetary_value` (the mean value of their repeat transactions, > 0), with optional
    /// `weights`.
    ///
    /// With a `penalizer` λ the objective is lifetimes' `GammaGammaFitter` objective,
    /// −Σ wᵢ ln fᵢ / Σ wᵢ + λ(p² + q² + v²).
    ///
    /// ```
    /// use custometrics::retention::models::{GammaGamma, FitOptions};
    /// # let csv = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow_customers_summary_with_transactions.csv"));
    /// # let rows: Vec<Vec<f64>> = csv.lines().skip(1).map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    /// # let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
    /// // CDNOW's 946 repeat customers: frequency and mean repeat-transaction value.
    /// let repeat: Vec<&Vec<f64>> = rows.iter().filter(|r| r[1] > 0.0).collect();
    /// let (frequency, spend): (Vec<f64>, Vec<f64>) = repeat.iter().map(|r| (r[1], r[4])).unzip();
    /// let fit = GammaGamma::fit(&frequency, &spend, None, &FitOptions::default())?;
    /// // Fader & Hardie, note 025: p = 6.25, q = 3.74, v = 15.44
    /// assert!((fit.model.p - 6.25).abs() < 1e-2 && (fit.model.v - 15.44).abs() < 1e-2);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `empty`, `length_mismatch`; `out_of_range`/`not_finite` naming `frequency` (not a whole
    /// number >= 1), `monetary_value` (not positive) or `weights` with the index;
    /// `did_not_converge` with the last iterate.
    pub fn fit(
        frequency: &[f64],
        monetary_value: &[f64],
        weights: Option<&[f64]>,
        options: &FitOptions,
    ) -> Result<Fit<Self>> {
        let data = patterns(frequency, monetary_value, weights)?;
        let spec = Spec {
            name: "Gamma-Gamma",
            unscale: [1.0; 3],
            penalty: options.penalizer,
            ll_shift: 0.0,
            data: "frequency",
        };
        Ok(fit::fit(&Gg, &data, &spec, options)?.dress(&data, |[p, q, v]| Self { p, q, v }))
    }

    /// The total log-likelihood of (frequency, monetary value) data under these parameters.
    ///
    /// ```
    /// use custometrics::retention::models::GammaGamma;
    /// let m = GammaGamma::new(6.25, 3.74, 15.44)?;
    /// assert!(m.log_likelihood(&[2.0], &[20.0], None)? < 0.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`GammaGamma::fit`] for the data.
    pub fn log_likelihood(&self, frequency: &[f64], monetary_value: &[f64], weights: Option<&[f64]>) -> Result<f64> {
        let data = patterns(frequency, monetary_value, weights)?;
        self.check()?;
        super::computed(Gg.log_likelihood(&data, [self.p, self.q, self.v]), Domain::Finite)
    }

    /// The expected mean transaction value of a customer with `frequency` repeat purchases of
    /// mean value `monetary_value`: p(v + x m̄)/(px + q − 1), a weighted mean of the population
    /// mean vp/(q−1) and m̄ (lifetimes' `conditional_expected_average_profit`). With frequency
    /// 0 it is the population mean and `monetary_value` is ignored.
    ///
    /// ```
    /// use custometrics::retention::models::GammaGamma;
    /// let m = GammaGamma::new(6.25, 3.74, 15.44)?;
    /// let population = 6.25 * 15.44 / 2.74;
    /// assert!((m.conditional_expected_average_profit(0.0, 0.0)? - population).abs() < 1e-12);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range`/`not_finite` for a frequency that is not a non-negative whole number or
    /// a monetary value that is not positive (0 allowed with frequency 0); `diverges` (field
    /// `q`) when px + q <= 1, where the expectation is infinite (for frequency 0: q <= 1).
    pub fn conditional_expected_average_profit(&self, frequency: f64, monetary_value: f64) -> Result<f64> {
        self.check()?;
        self.check_row(None, frequency, monetary_value)?;
        super::computed(self.expected_spend(frequency, monetary_value), Domain::Expectation)
    }

    /// `out[i]` = the expected spend of row `i` (NaN for an invalid row; each value as `f64`,
    /// so `i64` columns give the bits of the same columns as `f64`); whether every row was valid.
    fn spend_fill<E: Widen + Sync>(&self, frequency: &[E], monetary_value: &[E], out: &mut [f64]) -> bool {
        data::fill_checked(out, |i| {
            let (x, m) = (frequency[i].to_f64(), monetary_value[i].to_f64());
            self.row_ok(x, m).then(|| self.expected_spend(x, m))
        })
    }

    /// Whether (x, m̄) is valid for a prediction with a finite expectation.
    #[inline]
    pub(crate) fn row_ok(&self, x: f64, m: f64) -> bool {
        predict_ok(x, m) && self.p * x + self.q > 1.0
    }

    /// `Ok` when every parameter is a positive finite number (the fields are public).
    pub(crate) fn check(&self) -> Result<()> {
        check_params(&NAMES, &[self.p, self.q, self.v])
    }

    /// The error for an invalid (x, m̄) at row `i`, if any.
    pub(crate) fn check_row(&self, i: Option<usize>, x: f64, m: f64) -> Result<()> {
        check_predict(i, x, m)?;
        self.check_finite_mean(x)
    }

    fn check_finite_mean(&self, x: f64) -> Result<()> {
        if self.p * x + self.q > 1.0 {
            return Ok(());
        }
        Err(Error::Diverges {
            at: Location::scalar("q"),
            value: self.q,
            reason: format!("the expected spend p(v + x m)/(px + q − 1) needs p·x + q > 1 (x = {x}, p = {})", self.p),
        })
    }

    #[inline]
    pub(crate) fn expected_spend(&self, x: f64, m: f64) -> f64 {
        let m = if x == 0.0 { 0.0 } else { m };
        self.p * (self.v + x * m) / (self.p * x + self.q - 1.0)
    }

    /// [`GammaGamma::conditional_expected_average_profit`] for many customers, into `out`.
    ///
    /// ```
    /// use custometrics::retention::models::GammaGamma;
    /// let m = GammaGamma::new(6.25, 3.74, 15.44)?;
    /// let mut out = [0.0; 2];
    /// m.conditional_expected_average_profit_into(&[0.0, 10.0], &[0.0, 50.0], &mut out)?;
    /// assert!(out[1] > out[0]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `length_mismatch` (including `out`); as the scalar version, with the index.
    pub fn conditional_expected_average_profit_into(
        &self,
        frequency: &[f64],
        monetary_value: &[f64],
        out: &mut [f64],
    ) -> Result<()> {
        self.conditional_expected_average_profit_into_of(Column::F64(frequency), Column::F64(monetary_value), out)
    }

    /// [`GammaGamma::conditional_expected_average_profit_into`] of columns of any numeric type,
    /// each read at its own width without an `f64` copy: the same values and errors, bit for
    /// bit, as for the columns converted to `f64`.
    ///
    /// ```
    /// use custometrics::Column;
    /// use custometrics::retention::models::GammaGamma;
    /// let m = GammaGamma::new(6.25, 3.74, 15.44)?;
    /// let mut out = [0.0; 2];
    /// m.conditional_expected_average_profit_into_of(Column::from(&[0u8, 10][..]), Column::from(&[0.0f32, 50.0][..]), &mut out)?;
    /// assert_eq!(out[..], m.conditional_expected_average_profit_batch(&[0.0, 10.0], &[0.0, 50.0])?[..]);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`GammaGamma::conditional_expected_average_profit_into`].
    pub fn conditional_expected_average_profit_into_of(
        &self,
        frequency: Column<'_>,
        monetary_value: Column<'_>,
        out: &mut [f64],
    ) -> Result<()> {
        self.check()?;
        data::column_lengths(&["frequency", "monetary_value"], &[frequency, monetary_value])?;
        input::same_len("out", out.len(), "frequency", frequency.len())?;
        // Integer columns (counts and whole-currency spends, the usual summary) are read in
        // place by the same loop, without widening blocks first (see `column::fill_or_ints`).
        let ok = column::fill_or_ints(
            &[frequency, monetary_value],
            out,
            |[frequency, monetary_value], out| self.spend_fill(frequency, monetary_value, out),
            |[frequency, monetary_value], out| Some(self.spend_fill(frequency, monetary_value, out)),
        );
        let at = |c: Column<'_>, i: usize| c.get(i).unwrap_or(f64::NAN);
        if !ok {
            for i in 0..frequency.len() {
                self.check_row(Some(i), at(frequency, i), at(monetary_value, i))?;
            }
        }
        super::output::settle_batch(out, Domain::Expectation, "frequency", |i| {
            format!("at index {i} (frequency {}, monetary_value {})", at(frequency, i), at(monetary_value, i))
        })
    }

    /// [`GammaGamma::conditional_expected_average_profit`] for many customers.
    ///
    /// ```
    /// use custometrics::retention::models::GammaGamma;
    /// let m = GammaGamma::new(6.25, 3.74, 15.44)?;
    /// assert_eq!(m.conditional_expected_average_profit_batch(&[1.0], &[9.5])?.len(), 1);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`GammaGamma::conditional_expected_average_profit_into`].
    pub fn conditional_expected_average_profit_batch(
        &self,
        frequency: &[f64],
        monetary_value: &[f64],
    ) -> Result<Vec<f64>> {
        let mut out = vec![0.0; frequency.len()];
        self.conditional_expected_average_profit_into(frequency, monetary_value, &mut out)?;
        Ok(out)
    }

    /// The correlation of frequency and monetary value over the customers given (pass the
    /// repeat customers the model is fitted on): the independence the model assumes.
    ///
    /// ```
    /// use custometrics::retention::models::GammaGamma;
    /// let c = GammaGamma::independence_check(&[1.0, 2.0, 3.0, 4.0], &[10.0, 30.0, 20.0, 25.0])?;
    /// assert!(c.correlation > 0.0 && c.correlation < 1.0);
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `empty` (fewer than 4 customers: the p-value's √(n − 3) needs a fourth), `length_mismatch`,
    /// and as [`GammaGamma::fit`] for the values; `division_by_zero` naming `frequency` or
    /// `monetary_value` (index 0, with its value) when every customer has the same value there,
    /// so that the correlation is undefined.
    pub fn independence_check(frequency: &[f64], monetary_value: &[f64]) -> Result<SpendIndependence> {
        let n = data::lengths(&["frequency", "monetary_value"], &[frequency, monetary_value], None)?;
        for i in 0..n {
            check_fit_row(i, frequency[i], monetary_value[i])?;
        }
        input::min_len("frequency", n, 4)?;
        for (field, column) in [("frequency", frequency), ("monetary_value", monetary_value)] {
            if column.iter().all(|v| *v == column[0]) {
                return Err(Error::DivisionByZero {
                    at: Location::at(field, 0),
                    value: column[0],
                    reason: "every customer has this value, so its correlation with the other column is undefined"
                        .into(),
                });
            }
        }
        let r = stats::pearson(frequency.iter().copied(), monetary_value.iter().copied()).ok_or_else(|| {
            Error::DivisionByZero {
                at: Location::scalar("monetary_value"),
                value: monetary_value[0],
                reason: "the values vary too little for their variance to be represented".into(),
            }
        })?;
        let z = elem::atanh(r.clamp(-1.0 + 1e-16, 1.0 - 1e-16)) * ((n - 3) as f64).sqrt();
        let p_value = stats::p_two_sided(z);
        Ok(SpendIndependence { correlation: r, p_value, n: n as u64 })
    }
}

/// Validated and compressed (frequency, monetary value); the pattern's third column holds
/// ln m̄, which every evaluation needs.
fn patterns(frequency: &[f64], monetary_value: &[f64], weights: Option<&[f64]>) -> Result<Patterns> {
    let n = data::lengths(&["frequency", "monetary_value"], &[frequency, monetary_value], weights)?;
    for i in 0..n {
        check_fit_row(i, frequency[i], monetary_value[i])?;
    }
    data::check_weights(weights)?;
    let mut p = Patterns::compress(frequency, monetary_value, monetary_value, weights, 1.0, 1.0)?;
    for (b, a) in p.b.iter_mut().zip(&p.a) {
        *b = elem::ln(*a);
    }
    Ok(p)
}

struct Gg;

impl Likelihood<3> for Gg {
    type Data = Patterns;
    fn log_likelihood<S: Real>(&self, d: &Patterns, [p, q, v]: [S; 3]) -> S {
        let base = q * v.ln() - q.ln_gamma();
        let per_x: Vec<S> =
            d.xs.iter()
                .map(|&x| {
                    let px = p * x;
                    (px + q).ln_gamma() - px.ln_gamma() + px * elem::ln(x) + base
                })
                .collect();
        chunked_sum(d.len(), data::CHUNK, S::cst(0.0), |range| {
            let mut acc = S::cst(0.0);
            for i in range {
                let k = d.xi[i] as usize;
                let x = d.xs[k];
                let px = p * x;
                let (m, ln_m) = (d.a[i], d.b[i]);
                acc += (per_x[k] + (px - 1.0) * ln_m - (px + q) * (v + x * m).ln()) * d.w[i];
            }
            acc
        })
    }
}
