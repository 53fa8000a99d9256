//! Customer lifetime value from a transaction model and the Gamma-Gamma spend model, with
//! lifetimes' semantics (`GammaGammaFitter.customer_lifetime_value`).

use super::TransactionModel;
use super::data::{self, check_rft, rft_ok};
use super::gamma_gamma::GammaGamma;
use super::output::Domain;
use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::elementary as elem;
use serde::{Deserialize, Serialize};

/// The time unit a transaction model was fitted in (lifetimes' `freq`), and so how many of
/// those units make the 30-day month CLV is discounted by.
///
/// ```
/// use custometrics::retention::models::TimeUnit;
/// assert_eq!(TimeUnit::parse("W")?.per_month(), 4.345);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Hours: 720 per month.
    Hour,
    /// Days: 30 per month (lifetimes' default).
    #[default]
    Day,
    /// Weeks: 4.345 per month.
    Week,
    /// Months.
    Month,
}

impl TimeUnit {
    /// Units per month, as lifetimes counts them.
    ///
    /// ```
    /// assert_eq!(custometrics::retention::models::TimeUnit::Day.per_month(), 30.0);
    /// ```
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Hour => 720.0,
            TimeUnit::Day => 30.0,
            TimeUnit::Week => 4.345,
            TimeUnit::Month => 1.0,
        }
    }

    /// Parses lifetimes' codes `"H"`, `"D"`, `"W"`, `"M"`.
    ///
    /// ```
    /// use custometrics::retention::models::TimeUnit;
    /// assert_eq!(TimeUnit::parse("D")?, TimeUnit::Day);
    /// assert_eq!(TimeUnit::parse("Y").unwrap_err().code(), "invalid");
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid` (field `freq`) for any other code.
    pub fn parse(code: &str) -> Result<Self> {
        match code {
            "H" => Ok(TimeUnit::Hour),
            "D" => Ok(TimeUnit::Day),
            "W" => Ok(TimeUnit::Week),
            "M" => Ok(TimeUnit::Month),
            other => Err(Error::Invalid {
                at: Location::scalar("freq"),
                value: format!("{other:?}"),
                expected: "one of \"H\", \"D\", \"W\", \"M\"".into(),
            }),
        }
    }
}

/// Options of [`customer_lifetime_value`] (lifetimes' `time`, `discount_rate`, `freq`); named
/// apart from `retention::ClvOptions`, which prices a retention rate rather than a model.
///
/// ```
/// let o = custometrics::retention::models::ModelClvOptions::default();
/// assert_eq!((o.months, o.discount_rate), (12, 0.01));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ModelClvOptions {
    /// Horizon in months, at most [`MAX_CLV_MONTHS`]. Default 12.
    pub months: u32,
    /// Discount rate per month, > −1. Default 0.01.
    pub discount_rate: f64,
    /// The time unit of the data the transaction model was fitted on. Default days.
    pub time_unit: TimeUnit,
}

crate::codes::with_setters!(ModelClvOptions { with_months => months: u32, with_discount_rate => discount_rate: f64, with_time_unit => time_unit: TimeUnit });

impl Default for ModelClvOptions {
    fn default() -> Self {
        Self { months: 12, discount_rate: 0.01, time_unit: TimeUnit::Day }
    }
}

/// The longest CLV horizon, in months: 100 years. The sum runs month by month through the
/// transaction model's conditional expectation (lifetimes' definition, discounted by the month a
/// purchase falls in), so its cost is linear in the horizon; the cap keeps one argument from
/// asking for minutes of work (10⁸ months took 63 s for one customer), and a century of monthly
/// discounting is beyond any use of a customer's value.
pub const MAX_CLV_MONTHS: u32 = 1200;

/// Customers per block of [`customer_lifetime_value_into`].
const CLV_BLOCK: usize = 1024;

/// Discounted expected spend of each customer over the next `months` months, exactly as
/// lifetimes' `GammaGammaFitter.customer_lifetime_value` computes it:
///
/// CLV = Σₖ₌₁..months  m̂ · (E[Y(k·f)] − E[Y((k−1)·f)]) / (1 + d)^k
///
/// where E[Y(t)] is the transaction model's expected number of purchases in the next t time
/// units given the customer's (frequency, recency, T), f the time units per month (30 days,
/// 4.345 weeks, 720 hours or 1 month), d the monthly `discount_rate`, and m̂ the Gamma-Gamma
/// expected average spend given (frequency, monetary value). Purchases are discounted by the
/// month they fall in (end-of-month), spend is taken as profit (apply a margin yourself), and
/// the result is in the money unit of `monetary_value`.
///
/// ```
/// use custometrics::retention::models::{customer_lifetime_value, BetaGeo, ModelClvOptions, GammaGamma, TimeUnit};
/// let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426)?; // weeks
/// let gg = GammaGamma::new(6.25, 3.74, 15.44)?;
/// let opts = ModelClvOptions::default().with_time_unit(TimeUnit::Week);
/// let clv = customer_lifetime_value(&bg, &gg, &[2.0, 0.0], &[30.43, 0.0], &[38.86, 38.86], &[22.35, 0.0], &opts)?;
/// assert!(clv[0] > clv[1] && clv[1] > 0.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `out_of_range`/`not_finite` for `discount_rate` <= −1; `out_of_range` naming `months` above
/// [`MAX_CLV_MONTHS`]; `length_mismatch`; for a customer,
/// as [`TransactionModel::probability_alive`] for the history and as
/// [`GammaGamma::conditional_expected_average_profit`] for the spend (with the index).
pub fn customer_lifetime_value<M: TransactionModel + ?Sized>(
    model: &M,
    spend: &GammaGamma,
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    monetary_value: &[f64],
    options: &ModelClvOptions,
) -> Result<Vec<f64>> {
    let mut out = vec![0.0; frequency.len()];
    customer_lifetime_value_into(model, spend, frequency, recency, t, monetary_value, options, &mut out)?;
    Ok(out)
}

/// [`customer_lifetime_value`] written into `out`.
///
/// ```
/// use custometrics::retention::models::{customer_lifetime_value_into, ParetoNbd, ModelClvOptions, GammaGamma, TimeUnit};
/// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669)?;
/// let gg = GammaGamma::new(6.25, 3.74, 15.44)?;
/// let mut out = [0.0];
/// let opts = ModelClvOptions::default().with_time_unit(TimeUnit::Week).with_months(0);
/// customer_lifetime_value_into(&m, &gg, &[2.0], &[30.43], &[38.86], &[22.35], &opts, &mut out)?;
/// assert_eq!(out[0], 0.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`customer_lifetime_value`], and `length_mismatch` for `out`.
#[allow(clippy::too_many_arguments)]
pub fn customer_lifetime_value_into<M: TransactionModel + ?Sized>(
    model: &M,
    spend: &GammaGamma,
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    monetary_value: &[f64],
    options: &ModelClvOptions,
    out: &mut [f64],
) -> Result<()> {
    model.check()?;
    spend.check()?;
    let d = options.discount_rate;
    input::check("discount_rate", d, d > -1.0, "the numbers above −1 (a rate per month)")?;
    if options.months > MAX_CLV_MONTHS {
        return Err(Error::OutOfRange {
            at: Location::scalar("months"),
            value: f64::from(options.months),
            expected: format!("the integers 0..={MAX_CLV_MONTHS} (months; the horizon is capped at 100 years)"),
        });
    }
    data::lengths(&["frequency", "recency", "T", "monetary_value"], &[frequency, recency, t, monetary_value], None)?;
    input::same_len("out", out.len(), "frequency", frequency.len())?;
    let f = options.time_unit.per_month();
    // Block by block (in parallel with the feature): the month-by-month expectations go through
    // the model's batch kernel, and two small buffers are all the extra memory.
    let ok = crate::numerics::parallel::all_blocks_mut(out, CLV_BLOCK, |offset, block| {
        let n = block.len();
        let range = offset..offset + n;
        let (x, tx, age, m) =
            (&frequency[range.clone()], &recency[range.clone()], &t[range.clone()], &monetary_value[range]);
        let mut ok = true;
        let mut spends = [0.0; CLV_BLOCK];
        for (j, s) in spends.iter_mut().take(n).enumerate() {
            ok &= rft_ok(x[j], tx[j], age[j]) && spend.row_ok(x[j], m[j]);
            *s = spend.expected_spend(x[j], m[j]);
        }
        let (mut before, mut upto) = ([0.0; CLV_BLOCK], [0.0; CLV_BLOCK]);
        block.fill(0.0);
        for k in 1..=options.months {
            let k = f64::from(k);
            ok &= model.conditional_fill(k * f, x, tx, age, &mut upto[..n]);
            let discount = elem::powf(1.0 + d, k);
            for j in 0..n {
                block[j] += spends[j] * (upto[j] - before[j]) / discount;
            }
            std::mem::swap(&mut before, &mut upto);
        }
        ok
    });
    if !ok {
        for i in 0..frequency.len() {
            check_rft(Some(i), frequency[i], recency[i], t[i])?;
            spend.check_row(Some(i), frequency[i], monetary_value[i])?;
        }
    }
    super::output::settle_batch(out, Domain::Expectation, "frequency", |i| {
        format!(
            "at index {i} (frequency {}, recency {}, T {}, monetary_value {})",
            frequency[i], recency[i], t[i], monetary_value[i]
        )
    })
}
