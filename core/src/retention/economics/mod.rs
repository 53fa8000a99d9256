//! Retention economics: churn and retention, period conversion, expected lifetime, customer
//! lifetime value (CLV), customer equity, the profit impact of a retention change, acquisition
//! versus retention spending and payback.
//!
//! # Money and precision
//!
//! Margins, costs and values are [`Decimal`] (28–29 significant digits, exact decimal
//! arithmetic). Rates (retention, discount, growth) are `f64` at the API and enter money formulas
//! as the *shortest decimal that reads back as the same `f64`* — the digits Python's `repr` and
//! JavaScript's `String(x)` print — so a retention of `0.9` is exactly 0.9 and
//! `clv_closed_form(100, 0.9, 0.1)` is exactly 450. Each operation rounds to 28 significant
//! digits; powers (qⁿ for a finite horizon) are repeated squaring, so a result is good to about
//! 26 significant digits, fewer when q = r(1 + g)/(1 + d) is within 10⁻ᵏ of 1 (k digits are lost
//! to 1 − qⁿ). Results are normalised (no trailing zeros); rounding to cents is the caller's
//! (`Decimal::round_dp(2)`). An overflow of a `Decimal` (beyond about ±7.9e28) is an
//! `out_of_range` error on the input that caused it, never a panic.
//!
//! # Timing
//!
//! Gupta & Lehmann (2003, "Customers as assets", *Journal of Interactive Marketing* 17(1)) count
//! a margin m at the end of each period the customer survives: CLV = Σ_{t≥1} m rᵗ/(1 + d)ᵗ =
//! m r/(1 + d − r) ([`MarginTiming::End`], the default). With the first margin received at once,
//! CLV = Σ_{t≥0} m rᵗ/(1 + d)ᵗ = m (1 + d)/(1 + d − r) ([`MarginTiming::Start`]). With margins
//! growing by g per period, r is replaced by r(1 + g) in the ratio q = r(1 + g)/(1 + d); the
//! infinite sums exist only for q < 1, else the CLV diverges (an error, not an infinity).
//!
//! The same formula, generic over a small numeric trait, gives the `f64` batch kernel
//! [`clv_batch`].

mod number;

use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::elementary as elem;
use number::{N, Real};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// When in each period the margin is received.
///
/// ```
/// use custometrics::retention::MarginTiming;
/// assert_eq!(MarginTiming::parse("start").unwrap(), MarginTiming::Start);
/// assert_eq!(MarginTiming::default(), MarginTiming::End);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarginTiming {
    /// At the end of each period the customer survives (Gupta & Lehmann 2003): the first margin
    /// needs one renewal and is discounted one period. The default.
    #[default]
    End,
    /// At the start of each period the customer is active: the first margin is received at once.
    Start,
}

impl MarginTiming {
    /// Parses `"end"` or `"start"`.
    ///
    /// # Errors
    /// `invalid` naming the field `timing` for any other word.
    pub fn parse(word: &str) -> Result<Self> {
        match word {
            "end" => Ok(Self::End),
            "start" => Ok(Self::Start),
            other => Err(Error::Invalid {
                at: Location::scalar("timing"),
                value: format!("{other:?}"),
                expected: "one of \"end\", \"start\"".into(),
            }),
        }
    }
}

/// How future margins are valued: discounting, growth, horizon, timing.
///
/// ```
/// use custometrics::retention::{ClvOptions, MarginTiming};
/// let o = ClvOptions::default().with_discount(0.1).with_horizon(Some(5));
/// assert_eq!((o.growth, o.timing), (0.0, MarginTiming::End));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ClvOptions {
    /// Discount rate per period, above −1. Default 0 (no discounting).
    pub discount: f64,
    /// Growth of the margin per period, above −1: the margin of the t-th period received is
    /// m (1 + g)^(t−1). Default 0.
    pub growth: f64,
    /// Number of periods whose margins count; `None` (the default) for all of them.
    pub horizon: Option<u64>,
    /// When the margin of each period is received. Default [`MarginTiming::End`].
    pub timing: MarginTiming,
}

crate::codes::with_setters!(ClvOptions { with_discount => discount: f64, with_growth => growth: f64, with_horizon => horizon: Option<u64>, with_timing => timing: MarginTiming });

impl Default for ClvOptions {
    fn default() -> Self {
        Self { discount: 0.0, growth: 0.0, horizon: None, timing: MarginTiming::End }
    }
}

impl ClvOptions {
    fn validate(&self) -> Result<()> {
        input::check("discount", self.discount, self.discount > -1.0, "the numbers above -1")?;
        input::check("growth", self.growth, self.growth > -1.0, "the numbers above -1")?;
        Ok(())
    }
}

/// Why the generic formula failed; the caller names the input.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Failure {
    /// The infinite sum diverges (q >= 1).
    Diverges,
    /// A number outgrew its type: in the power qⁿ (`horizon`) or elsewhere (`margin`).
    Overflow { in_power: bool },
}

/// Present value of the margin stream m, m(1 + g), … of a customer retained with probability r
/// per period, discounted at d: m · num/den · (1 − qⁿ), with den = 1 + d − r(1 + g),
/// num = r (end) or 1 + d (start), q = r(1 + g)/(1 + d). Written once for `Decimal` and `f64`.
///
/// The margin multiplies last, onto a factor that depends on the rates and the horizon only: a
/// small margin is rounded once (a `Decimal` keeps 28 decimal places), and an overflow of the
/// factor is the horizon's doing, of the product the margin's.
fn present_value<T: Real>(m: T, r: T, d: T, g: T, horizon: Option<u64>, timing: MarginTiming) -> Result<T, Failure> {
    let overflow = Failure::Overflow { in_power: false };
    let in_power = Failure::Overflow { in_power: true };
    let one = N::of(T::ONE);
    let one_d = one + N::of(d);
    let grown = N::of(r) * (one + N::of(g));
    let den = (one_d - grown).get().ok_or(overflow)?;
    let num = match timing {
        MarginTiming::End => N::of(r),
        MarginTiming::Start => one_d,
    };
    let factor = match horizon {
        None => {
            if den <= T::ZERO {
                return Err(Failure::Diverges);
            }
            (num / N::of(den)).get().ok_or(overflow)?
        }
        Some(0) => return Ok(T::ZERO),
        Some(n) => {
            let sum = T::discounted_sum(r, g, d, n, den).ok_or(in_power)?;
            (num * N::of(sum)).get().ok_or(in_power)?
        }
    };
    m.c_mul(factor).ok_or(overflow)
}

/// A rate as the shortest decimal that reads back as the same `f64`.
fn rate_to_decimal(field: &str, x: f64) -> Result<Decimal> {
    let bad = || Error::OutOfRange {
        at: Location::scalar(field),
        value: x,
        expected: "the numbers a Decimal can hold (|x| < 7.9e28)".into(),
    };
    if !x.is_finite() {
        return Err(Error::NotFinite { at: Location::scalar(field), value: x });
    }
    if x.abs() >= 7.9e28 {
        return Err(bad());
    }
    Decimal::from_str(&format!("{x}")).ok().or_else(|| Decimal::from_f64(x)).ok_or_else(bad)
}

fn to_f64(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// a / b as an `f64`, b ≠ 0: the decimal quotient where it keeps its digits, else the quotient of
/// the two numbers as `f64`. Between the largest and the smallest `Decimal` (7.9e28 over 1e-28)
/// the quotient can exceed a `Decimal`, and a tiny one rounds to a few digits (or 0) at 28
/// decimal places, where an `f64` keeps 16 significant digits of either.
fn ratio(a: Decimal, b: Decimal) -> f64 {
    match a.checked_div(b) {
        Some(q) if q.is_zero() == a.is_zero() && (q.is_zero() || q.abs() >= Decimal::new(1, 8)) => to_f64(q),
        _ => to_f64(a) / to_f64(b),
    }
}

/// The error for a failed formula, naming the input responsible.
fn failure_error(f: Failure, at_index: Option<usize>, margin: f64, retention: f64, options: &ClvOptions) -> Error {
    let at = |field: &str| match at_index {
        Some(i) => Location::at(field, i),
        None => Location::scalar(field),
    };
    match f {
        Failure::Diverges if retention >= 1.0 + options.discount => Error::Diverges {
            at: at("retention"),
            value: retention,
            reason: format!(
                "retention >= 1 + discount = {}: the discounted survival series r^t/(1+d)^t does not shrink",
                1.0 + options.discount
            ),
        },
        Failure::Diverges => Error::Diverges {
            at: Location::scalar("growth"),
            value: options.growth,
            reason: format!(
                "retention * (1 + growth) >= 1 + discount = {}: margins grow faster than they are lost and \
                 discounted",
                1.0 + options.discount
            ),
        },
        Failure::Overflow { in_power: true } => Error::OutOfRange {
            at: Location::scalar("horizon"),
            value: options.horizon.map_or(f64::INFINITY, |h| h as f64),
            expected: "a horizon for which (retention * (1 + growth) / (1 + discount))^horizon fits in a Decimal"
                .into(),
        },
        Failure::Overflow { in_power: false } => Error::OutOfRange {
            at: at("margin"),
            value: margin,
            expected: "a margin whose lifetime value fits in a Decimal (about ±7.9e28)".into(),
        },
    }
}

/// Validated Decimal rates (retention, discount, growth) for the money formulas.
#[derive(Clone, Copy)]
struct Rates {
    r: Decimal,
    d: Decimal,
    g: Decimal,
}

fn rates(retention: f64, options: &ClvOptions) -> Result<Rates> {
    options.validate()?;
    input::unit("retention", retention)?;
    Ok(Rates {
        r: rate_to_decimal("retention", retention)?,
        d: rate_to_decimal("discount", options.discount)?,
        g: rate_to_decimal("growth", options.growth)?,
    })
}

/// Gross CLV of one customer, per the options, with the error naming the input.
fn clv_decimal(margin: Decimal, retention: f64, options: &ClvOptions) -> Result<Decimal> {
    let rates = rates(retention, options)?;
    clv_at(margin, &rates, options)
}

/// Gross CLV at validated rates.
fn clv_at(margin: Decimal, rates: &Rates, options: &ClvOptions) -> Result<Decimal> {
    let Rates { r, d, g } = *rates;
    present_value(margin, r, d, g, options.horizon, options.timing)
        .map(|v| v.normalize())
        .map_err(|f| failure_error(f, None, to_f64(margin), to_f64(r), options))
}

/// Churn = 1 − retention.
///
/// ```
/// assert_eq!(custometrics::retention::churn_from_retention(0.75).unwrap(), 0.25);
/// ```
///
/// # Errors
/// `not_finite` or `out_of_range` for a retention outside [0, 1].
pub fn churn_from_retention(retention: f64) -> Result<f64> {
    Ok(1.0 - input::unit("retention", retention)?)
}

/// Retention = 1 − churn.
///
/// ```
/// assert_eq!(custometrics::retention::retention_from_churn(0.25).unwrap(), 0.75);
/// ```
///
/// # Errors
/// `not_finite` or `out_of_range` for a churn outside [0, 1].
pub fn retention_from_churn(churn: f64) -> Result<f64> {
    Ok(1.0 - input::unit("churn", churn)?)
}

/// A retention rate over periods of `from_length` converted to periods of `to_length` (any
/// common unit): r^(to_length / from_length). Monthly to annual: `convert_retention(r, 1.0,
/// 12.0)` = r¹²; annual to monthly: `convert_retention(r, 12.0, 1.0)` = r^(1/12).
///
/// This assumes a constant hazard within the longer period.
///
/// ```
/// use custometrics::retention::convert_retention;
/// assert!((convert_retention(0.9, 1.0, 12.0).unwrap() - 0.9f64.powi(12)).abs() < 1e-15);
/// assert!((convert_retention(0.81, 2.0, 1.0).unwrap() - 0.9).abs() < 1e-15);
/// ```
///
/// # Errors
/// `not_finite` / `out_of_range` for a retention outside [0, 1] or a length that is not
/// positive.
pub fn convert_retention(retention: f64, from_length: f64, to_length: f64) -> Result<f64> {
    input::unit("retention", retention)?;
    input::check("from_length", from_length, from_length > 0.0, "the positive numbers")?;
    input::check("to_length", to_length, to_length > 0.0, "the positive numbers")?;
    Ok(elem::powf(retention, to_length / from_length))
}

/// A churn rate converted between period lengths: 1 − (1 − c)^(to_length / from_length).
///
/// ```
/// use custometrics::retention::convert_churn;
/// // 2 % monthly churn is about 21.5 % a year
/// assert!((convert_churn(0.02, 1.0, 12.0).unwrap() - (1.0 - 0.98f64.powi(12))).abs() < 1e-15);
/// ```
///
/// # Errors
/// As [`convert_retention`], naming `churn`.
pub fn convert_churn(churn: f64, from_length: f64, to_length: f64) -> Result<f64> {
    input::unit("churn", churn)?;
    input::check("from_length", from_length, from_length > 0.0, "the positive numbers")?;
    input::check("to_length", to_length, to_length > 0.0, "the positive numbers")?;
    // 1 − exp(k ln(1 − c)) without cancellation for small churn. The ends are exact whatever k
    // is: k overflows to inf for lengths 1e300 apart, and inf × ln(1) would be NaN.
    let k = to_length / from_length;
    Ok(if churn == 0.0 {
        0.0
    } else if churn == 1.0 {
        1.0
    } else {
        -elem::exp_m1(k * elem::ln_1p(-churn))
    })
}

/// Expected lifetime in periods, 1/(1 − r): the mean of a geometric lifetime that counts the
/// first period, P(L = k) = r^(k−1) (1 − r).
///
/// ```
/// assert_eq!(custometrics::retention::expected_lifetime(0.75).unwrap(), 4.0);
/// ```
///
/// # Errors
/// `not_finite` / `out_of_range` for a retention outside [0, 1]; `diverges` for retention 1.
pub fn expected_lifetime(retention: f64) -> Result<f64> {
    input::unit("retention", retention)?;
    if retention >= 1.0 {
        return Err(Error::Diverges {
            at: Location::scalar("retention"),
            value: retention,
            reason: "a customer who always renews never leaves".into(),
        });
    }
    Ok(1.0 / (1.0 - retention))
}

/// CLV in Gupta & Lehmann's closed form: m r / (1 + d − r) for margins at the end of each
/// period ([`MarginTiming::End`]), m (1 + d) / (1 + d − r) for margins at the start.
///
/// ```
/// use custometrics::retention::{clv_closed_form, MarginTiming};
/// use rust_decimal::Decimal;
/// let m = Decimal::from(100);
/// assert_eq!(clv_closed_form(m, 0.9, 0.1, MarginTiming::End)?, Decimal::from(450));
/// assert_eq!(clv_closed_form(m, 0.9, 0.1, MarginTiming::Start)?, Decimal::from(550));
/// // retention >= 1 + discount: the series diverges
/// assert_eq!(clv_closed_form(m, 1.0, 0.0, MarginTiming::End).unwrap_err().code(), "diverges");
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `not_finite` / `out_of_range` for a retention outside [0, 1] or a discount <= −1;
/// `diverges` naming `retention` when retention >= 1 + discount; `out_of_range` naming `margin`
/// if the value overflows a `Decimal`.
pub fn clv_closed_form(margin: Decimal, retention: f64, discount: f64, timing: MarginTiming) -> Result<Decimal> {
    clv_decimal(margin, retention, &ClvOptions { discount, timing, ..ClvOptions::default() })
}

/// A customer's lifetime value, gross and net of acquisition cost.
///
/// ```
/// use custometrics::retention::{clv, ClvOptions};
/// use rust_decimal::Decimal;
/// let v = clv(Decimal::from(100), 0.9, Decimal::from(120), &ClvOptions::default().with_discount(0.1))?;
/// assert_eq!((v.gross, v.net, v.margin_multiple), (Decimal::from(450), Decimal::from(330), Decimal::new(45, 1)));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Clv {
    /// Present value of the expected margins.
    pub gross: Decimal,
    /// The acquisition cost, paid now.
    pub acquisition_cost: Decimal,
    /// `gross − acquisition_cost`.
    pub net: Decimal,
    /// `gross / margin`: how many periods' margins the customer is worth (Gupta & Lehmann's
    /// margin multiple); computed with a margin of 1.
    pub margin_multiple: Decimal,
}

/// CLV with discounting, margin growth, a finite or infinite horizon and an acquisition cost.
///
/// With q = r (1 + g)/(1 + d) and n periods: gross = m · num/(1 + d − r(1 + g)) · (1 − qⁿ), where
/// num = r for margins at period ends and 1 + d for margins at period starts (1 − qⁿ = 1 for an
/// infinite horizon). Net = gross − acquisition cost.
///
/// ```
/// use custometrics::retention::{clv, ClvOptions};
/// use rust_decimal::Decimal;
/// let opts = ClvOptions::default().with_discount(0.1).with_horizon(Some(3));
/// let v = clv(Decimal::from(100), 0.5, Decimal::from(50), &opts)?;
/// // 100 (0.5/1.1 + 0.25/1.21 + 0.125/1.331)
/// let want = Decimal::from(100) * (Decimal::new(5, 1) / Decimal::new(11, 1)
///     + Decimal::new(25, 2) / Decimal::new(121, 2) + Decimal::new(125, 3) / Decimal::new(1331, 3));
/// assert!((v.gross - want).abs() < Decimal::new(1, 20));
/// assert_eq!(v.net, v.gross - Decimal::from(50));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`clv_closed_form`]; `out_of_range` for a growth <= −1; `diverges` naming `growth` when
/// growth makes an infinite-horizon series diverge; `out_of_range` naming `horizon` if qⁿ
/// overflows.
pub fn clv(margin: Decimal, retention: f64, acquisition_cost: Decimal, options: &ClvOptions) -> Result<Clv> {
    let gross = clv_decimal(margin, retention, options)?;
    let margin_multiple = clv_decimal(Decimal::ONE, retention, options)?;
    let net = gross.checked_sub(acquisition_cost).ok_or_else(|| Error::OutOfRange {
        at: Location::scalar("acquisition_cost"),
        value: to_f64(acquisition_cost),
        expected: "a cost for which CLV − cost fits in a Decimal".into(),
    })?;
    Ok(Clv { gross, acquisition_cost, net: net.normalize(), margin_multiple })
}

/// Gross CLV of many customers at once in `f64` (the batch kernel behind arrays in Python and
/// JavaScript): the same formula as [`clv`], written into `out`.
///
/// ```
/// use custometrics::retention::{clv_into, ClvOptions};
/// let mut out = [0.0; 2];
/// let opts = ClvOptions::default().with_discount(0.1);
/// clv_into(&[100.0, 50.0], &[0.9, 0.5], &opts, &mut out).unwrap();
/// assert!((out[0] - 450.0).abs() < 1e-12 && (out[1] - 50.0 * 0.5 / 0.6).abs() < 1e-12);
/// ```
///
/// # Errors
/// `length_mismatch` (including `out`); `not_finite` / `out_of_range` naming `margins` or
/// `retention` and the index; option errors as [`clv`]; `diverges` naming `retention[i]` (or
/// `growth`); `out_of_range` naming `margins[i]` on overflow.
pub fn clv_into(margins: &[f64], retention: &[f64], options: &ClvOptions, out: &mut [f64]) -> Result<()> {
    options.validate()?;
    input::same_len("retention", retention.len(), "margins", margins.len())?;
    input::same_len("out", out.len(), "margins", margins.len())?;
    input::all_finite("margins", margins)?;
    input::all_in("retention", retention, 0.0, 1.0, "the interval [0, 1]")?;
    let ClvOptions { discount: d, growth: g, horizon, timing } = *options;
    for (i, ((o, &m), &r)) in out.iter_mut().zip(margins).zip(retention).enumerate() {
        *o = present_value(m, r, d, g, horizon, timing).map_err(|f| failure_error(f, Some(i), m, r, options))?;
    }
    Ok(())
}

/// Gross CLV of many customers, allocating the result. See [`clv_into`].
///
/// ```
/// use custometrics::retention::{clv_batch, ClvOptions};
/// let v = clv_batch(&[100.0], &[0.8], &ClvOptions::default().with_discount(0.1)).unwrap();
/// assert!((v[0] - 100.0 * 0.8 / 0.3).abs() < 1e-12);
/// ```
///
/// # Errors
/// As [`clv_into`].
pub fn clv_batch(margins: &[f64], retention: &[f64], options: &ClvOptions) -> Result<Vec<f64>> {
    let mut out = vec![0.0; margins.len()];
    clv_into(margins, retention, options, &mut out)?;
    Ok(out)
}

/// A group of customers acquired together: the existing base (`acquired_in` 0, no acquisition
/// cost) or a future cohort.
///
/// ```
/// use custometrics::retention::Cohort;
/// use rust_decimal::Decimal;
/// let base = Cohort { customers: 5000, margin: Decimal::new(2450, 2), retention: 0.85, acquisition_cost: Decimal::ZERO, acquired_in: 0 };
/// let next_year = Cohort { customers: 800, acquisition_cost: Decimal::from(60), acquired_in: 1, ..base.clone() };
/// assert_eq!(next_year.margin, Decimal::new(2450, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// Number of customers.
    pub customers: u64,
    /// Margin per customer per period.
    pub margin: Decimal,
    /// Retention per period, in [0, 1].
    pub retention: f64,
    /// Acquisition cost per customer, paid when the cohort is acquired.
    pub acquisition_cost: Decimal,
    /// The period in which the cohort is (or was) acquired, counted from now: 0 for today's
    /// customers; its value is discounted by (1 + d)^acquired_in.
    pub acquired_in: u64,
}

/// The value of one cohort.
///
/// ```
/// use custometrics::retention::{customer_equity, ClvOptions, Cohort};
/// use rust_decimal::Decimal;
/// let c = Cohort { customers: 10, margin: Decimal::from(100), retention: 0.9, acquisition_cost: Decimal::from(50), acquired_in: 0 };
/// let v = &customer_equity(&[c], &ClvOptions::default().with_discount(0.1))?.cohorts[0];
/// assert_eq!((v.clv, v.net_clv, v.value), (Decimal::from(450), Decimal::from(400), Decimal::from(4000)));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CohortValue {
    /// Gross CLV per customer at acquisition.
    pub clv: Decimal,
    /// CLV net of the acquisition cost, per customer at acquisition.
    pub net_clv: Decimal,
    /// `customers · net_clv / (1 + d)^acquired_in`: the cohort's value today.
    pub value: Decimal,
}

/// Customer equity: the value today of a customer base and of future cohorts.
///
/// ```
/// use custometrics::retention::{customer_equity, ClvOptions, Cohort};
/// use rust_decimal::Decimal;
/// let c = Cohort { customers: 3, margin: Decimal::from(10), retention: 0.5, acquisition_cost: Decimal::ZERO, acquired_in: 0 };
/// let ce = customer_equity(&[c.clone(), c], &ClvOptions::default())?;
/// assert_eq!((ce.equity, ce.customers), (Decimal::from(60), 6)); // 6 · 10 · 0.5 / 0.5
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerEquity {
    /// Sum of the cohorts' values.
    pub equity: Decimal,
    /// Customers over all cohorts.
    pub customers: u64,
    /// Per cohort, in input order.
    pub cohorts: Vec<CohortValue>,
}

/// Customer equity (Gupta, Lehmann & Stuart 2004, "Valuing customers", *Journal of Marketing
/// Research* 41(1)): Σ over cohorts of nₖ (CLVₖ − cₖ) / (1 + d)^kₖ, each CLV per the options.
///
/// ```
/// use custometrics::retention::{customer_equity, ClvOptions, Cohort};
/// use rust_decimal::Decimal;
/// let base = Cohort { customers: 1000, margin: Decimal::from(100), retention: 0.9, acquisition_cost: Decimal::ZERO, acquired_in: 0 };
/// let next = Cohort { customers: 200, acquisition_cost: Decimal::from(150), acquired_in: 1, ..base.clone() };
/// let ce = customer_equity(&[base, next], &ClvOptions::default().with_discount(0.1))?;
/// // 1000 · 450 + 200 · (450 − 150) / 1.1
/// assert_eq!(ce.equity.round_dp(6), (Decimal::from(450_000) + Decimal::from(60_000) / Decimal::new(11, 1)).round_dp(6));
/// assert_eq!(ce.customers, 1200);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `empty` for no cohorts; option errors as [`clv`]; the per-customer errors of [`clv`] naming
/// `retention`, `margin` or `acquisition_cost` with the cohort's index; `out_of_range` naming
/// `customers` with the index on overflow.
pub fn customer_equity(cohorts: &[Cohort], options: &ClvOptions) -> Result<CustomerEquity> {
    input::min_len("cohorts", cohorts.len(), 1)?;
    options.validate()?;
    let d = rate_to_decimal("discount", options.discount)?;
    let one_d = Decimal::ONE.checked_add(d).ok_or_else(|| Error::OutOfRange {
        at: Location::scalar("discount"),
        value: options.discount,
        expected: "the numbers a Decimal can hold".into(),
    })?;
    let mut equity = Decimal::ZERO;
    let mut customers = 0u64;
    let mut values = Vec::with_capacity(cohorts.len());
    for (i, c) in cohorts.iter().enumerate() {
        let relocate = |e: Error| match e.field() {
            Some("retention" | "margin" | "acquisition_cost") => with_index(e, i),
            _ => e,
        };
        let v = clv(c.margin, c.retention, c.acquisition_cost, options).map_err(relocate)?;
        let overflow = || Error::OutOfRange {
            at: Location::at("customers", i),
            value: c.customers as f64,
            expected: "a cohort whose value fits in a Decimal".into(),
        };
        let undiscounted = Decimal::from(c.customers).checked_mul(v.net).ok_or_else(overflow)?;
        let value = discount_periods(undiscounted, one_d, c.acquired_in)
            .ok_or_else(|| Error::OutOfRange {
                at: Location::at("acquired_in", i),
                value: c.acquired_in as f64,
                expected: format!(
                    "the periods for which the cohort's value / (1 + discount)^acquired_in fits in a Decimal \
                     (discount = {})",
                    options.discount
                ),
            })?
            .normalize();
        equity = equity.checked_add(value).ok_or_else(overflow)?;
        customers = customers.checked_add(c.customers).ok_or_else(|| Error::OutOfRange {
            at: Location::at("customers", i),
            value: c.customers as f64,
            expected: format!("the counts whose total over the cohorts fits in 64 bits ({customers} before this one)"),
        })?;
        values.push(CohortValue { clv: v.gross, net_clv: v.net, value });
    }
    Ok(CustomerEquity { equity: equity.normalize(), customers, cohorts: values })
}

/// value / (1 + d)ᵏ. Where the power outgrows a `Decimal` (1.1¹⁰⁰⁰ does), or shrinks below 1e-8
/// and with it its digits at 28 decimal places (a negative discount rate), the value is divided
/// in two steps of k/2 periods, recursively: a long wait shrinks the value (to 0 at 28 decimal
/// places) instead of failing. `None` only when the value itself overflows (a negative discount
/// rate makes it grow). About log₂ k powers in all.
fn discount_periods(value: Decimal, one_d: Decimal, k: u64) -> Option<Decimal> {
    if k == 0 || value.is_zero() {
        return Some(value);
    }
    match one_d.checked_powu(k) {
        Some(p) if p >= Decimal::new(1, 8) => value.checked_div(p),
        _ if k == 1 => value.checked_div(one_d),
        _ => discount_periods(discount_periods(value, one_d, k / 2)?, one_d, k - k / 2),
    }
}

/// The same error at element `i` of its (array) input.
fn with_index(mut e: Error, i: usize) -> Error {
    match &mut e {
        Error::NotFinite { at, .. }
        | Error::OutOfRange { at, .. }
        | Error::Empty { at, .. }
        | Error::LengthMismatch { at, .. }
        | Error::DivisionByZero { at, .. }
        | Error::Invalid { at, .. }
        | Error::Diverges { at, .. } => at.index = Some(i),
        _ => {}
    }
    e
}

/// What a change in retention does to a customer's value.
///
/// ```
/// use custometrics::retention::{retention_impact, ClvOptions};
/// use rust_decimal::Decimal;
/// let imp = retention_impact(Decimal::from(100), 0.5, 0.25, &ClvOptions::default())?;
/// assert_eq!((imp.clv_before, imp.clv_after, imp.difference), (Decimal::from(100), Decimal::from(300), Decimal::from(200)));
/// assert_eq!(imp.ratio, Some(3.0));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RetentionImpact {
    /// Retention before the change.
    pub retention_before: f64,
    /// Retention after the change.
    pub retention_after: f64,
    /// CLV at `retention_before`.
    pub clv_before: Decimal,
    /// CLV at `retention_after`.
    pub clv_after: Decimal,
    /// `clv_after − clv_before`.
    pub difference: Decimal,
    /// `clv_after / clv_before`; `None` when `clv_before` is 0.
    pub ratio: Option<f64>,
    /// `ratio − 1`: the relative increase (0.25 is +25 %); `None` when `clv_before` is 0.
    pub relative_change: Option<f64>,
}

/// The Reichheld & Sasser (1990, "Zero defections", *Harvard Business Review*) question: what
/// does a change of retention by `change` (in retention points: +5 points is `0.05`) do to a
/// customer's CLV, under the options? Their 25–85 % profit increase for +5 points is a
/// what-if this function computes for your margin, retention and discount.
///
/// ```
/// use custometrics::retention::{retention_impact, ClvOptions};
/// use rust_decimal::Decimal;
/// let opts = ClvOptions::default().with_discount(0.1);
/// let imp = retention_impact(Decimal::from(100), 0.8, 0.05, &opts)?;
/// assert_eq!(imp.clv_after, Decimal::from(340));                // 100 · 0.85 / 0.25
/// assert!((imp.relative_change.unwrap() - 0.275).abs() < 1e-12); // 340 / (80 / 0.3) − 1
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`clv`]; `out_of_range` naming `change` when retention + change leaves [0, 1];
/// `diverges` naming `change` when the new retention makes the CLV diverge.
pub fn retention_impact(margin: Decimal, retention: f64, change: f64, options: &ClvOptions) -> Result<RetentionImpact> {
    let before = rates(retention, options)?;
    // The new retention is summed in decimal, so 0.8 + 0.05 is 0.85, not 0.8500000000000001.
    let r_after = before.r.checked_add(rate_to_decimal("change", change)?);
    let after = r_after.filter(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE).ok_or_else(|| Error::OutOfRange {
        at: Location::scalar("change"),
        value: change,
        expected: format!("the changes that keep retention {retention} + change in [0, 1]"),
    })?;
    let after_rates = Rates { r: after, ..before };
    let clv_before = clv_at(margin, &before, options)?;
    let clv_after = clv_at(margin, &after_rates, options).map_err(|e| match e {
        Error::Diverges { reason, .. } => Error::Diverges { at: Location::scalar("change"), value: change, reason },
        e => e,
    })?;
    let difference = clv_after.checked_sub(clv_before).ok_or_else(|| Error::OutOfRange {
        at: Location::scalar("margin"),
        value: to_f64(margin),
        expected: "a margin whose lifetime value fits in a Decimal".into(),
    })?;
    let ratio = (!clv_before.is_zero()).then(|| ratio(clv_after, clv_before));
    Ok(RetentionImpact {
        retention_before: retention,
        retention_after: to_f64(after),
        clv_before,
        clv_after,
        difference: difference.normalize(),
        ratio,
        relative_change: ratio.map(|r| r - 1.0),
    })
}

/// The ratio of acquisition cost to retention cost per customer (the course material quotes 5×
/// to 10×).
///
/// ```
/// use custometrics::retention::cost_ratio;
/// use rust_decimal::Decimal;
/// assert_eq!(cost_ratio(Decimal::from(500), Decimal::from(100)).unwrap(), 5.0);
/// ```
///
/// # Errors
/// `out_of_range` for a negative cost; `division_by_zero` naming `retention_cost` when it is 0.
pub fn cost_ratio(acquisition_cost: Decimal, retention_cost: Decimal) -> Result<f64> {
    non_negative("acquisition_cost", acquisition_cost)?;
    non_negative("retention_cost", retention_cost)?;
    if retention_cost.is_zero() {
        return Err(Error::DivisionByZero {
            at: Location::scalar("retention_cost"),
            value: 0.0,
            reason: "the ratio divides by the retention cost".into(),
        });
    }
    Ok(ratio(acquisition_cost, retention_cost))
}

fn non_negative(field: &str, x: Decimal) -> Result<()> {
    if x.is_sign_negative() && !x.is_zero() {
        Err(Error::OutOfRange {
            at: Location::scalar(field),
            value: to_f64(x),
            expected: "the non-negative amounts".into(),
        })
    } else {
        Ok(())
    }
}

/// The most a retention effort may cost for it to pay.
///
/// ```
/// use custometrics::retention::{break_even_retention_spend, ClvOptions};
/// use rust_decimal::Decimal;
/// let b = break_even_retention_spend(Decimal::from(100), 0.5, 0.25, &ClvOptions::default())?;
/// // margin multiples 0.5/0.5 = 1 and 0.75/0.25 = 3: spend up to 100 (1 − 1/3) a period
/// assert_eq!(b.per_period.round_dp(2), Decimal::new(6667, 2));
/// assert_eq!(b.present_value, Decimal::from(200));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BreakEvenSpend {
    /// CLV without the effort.
    pub clv_before: Decimal,
    /// CLV with retention raised by the lift, before the effort's cost.
    pub clv_after: Decimal,
    /// The spend per active customer per period (paid when the margin is) at which the effort
    /// breaks even: m (1 − M(r)/M(r + lift)), M the margin multiple.
    pub per_period: Decimal,
    /// The same in present value per customer: `clv_after − clv_before`, the most worth paying
    /// now, once.
    pub present_value: Decimal,
}

/// Break-even retention spend: how much per customer a programme that raises retention by
/// `lift` may cost, per period and in present value, before it lowers CLV.
///
/// ```
/// use custometrics::retention::{break_even_retention_spend, ClvOptions};
/// use rust_decimal::Decimal;
/// let opts = ClvOptions::default().with_discount(0.1);
/// let b = break_even_retention_spend(Decimal::from(100), 0.8, 0.05, &opts)?;
/// assert_eq!(b.present_value.round_dp(10), Decimal::new(733333333333, 10)); // 340 − 266.67
/// // spending per_period every period at r = 0.85 costs exactly that present value
/// assert_eq!((b.per_period * Decimal::new(34, 1)).round_dp(10), b.present_value.round_dp(10));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`retention_impact`] (naming `lift`); `division_by_zero` naming `lift` when the new
/// retention gives a zero margin multiple.
pub fn break_even_retention_spend(
    margin: Decimal,
    retention: f64,
    lift: f64,
    options: &ClvOptions,
) -> Result<BreakEvenSpend> {
    let imp = retention_impact(margin, retention, lift, options).map_err(|e| rename(e, "change", "lift"))?;
    let before = rates(retention, options)?;
    // retention_impact accepted before.r + lift as a retention in [0, 1]
    let r_after = before.r.checked_add(rate_to_decimal("lift", lift)?).unwrap_or(before.r);
    let after = Rates { r: r_after, ..before };
    let m_before = clv_at(Decimal::ONE, &before, options)?;
    let m_after = clv_at(Decimal::ONE, &after, options).map_err(|e| rename(e, "retention", "lift"))?;
    if m_after.is_zero() {
        return Err(Error::DivisionByZero {
            at: Location::scalar("lift"),
            value: lift,
            reason: "at the new retention the customer is worth no margin at all".into(),
        });
    }
    let per_period = m_before
        .checked_div(m_after)
        .and_then(|x| Decimal::ONE.checked_sub(x))
        .and_then(|x| margin.checked_mul(x))
        .ok_or_else(|| Error::OutOfRange {
            at: Location::scalar("margin"),
            value: to_f64(margin),
            expected: "a margin whose lifetime value fits in a Decimal".into(),
        })?;
    Ok(BreakEvenSpend {
        clv_before: imp.clv_before,
        clv_after: imp.clv_after,
        per_period: per_period.normalize(),
        present_value: imp.difference,
    })
}

fn rename(e: Error, from: &str, to: &str) -> Error {
    if e.field() == Some(from) { e.relocated(to, 0) } else { e }
}

/// When an acquisition cost is earned back.
///
/// ```
/// use custometrics::retention::{payback, ClvOptions};
/// use rust_decimal::Decimal;
/// let p = payback(Decimal::from(100), Decimal::from(40), 1.0, &ClvOptions::default().with_horizon(Some(12)))?;
/// assert_eq!((p.periods, p.simple_periods, p.clv), (Some(3), Some(2.5), Decimal::from(480)));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payback {
    /// The first period n after which the expected, discounted margins of periods 1..=n cover
    /// the acquisition cost (0 if the cost is not positive); `None` if they never do (within the
    /// horizon, if one is set).
    pub periods: Option<u64>,
    /// acquisition cost / margin: periods of margin to earn the cost back with no churn and no
    /// discounting (the "CAC payback months" of subscription businesses); `None` for a margin
    /// that is not positive.
    pub simple_periods: Option<f64>,
    /// The gross CLV, the most the margins are worth.
    pub clv: Decimal,
}

/// Payback of an acquisition cost: the number of periods (months, if the rates are monthly)
/// before a new customer's expected discounted margins cover what acquiring them cost.
///
/// ```
/// use custometrics::retention::{payback, ClvOptions};
/// use rust_decimal::Decimal;
/// let opts = ClvOptions::default().with_discount(0.01);
/// let p = payback(Decimal::from(300), Decimal::from(50), 0.95, &opts)?;
/// assert_eq!(p.simple_periods, Some(6.0));
/// assert_eq!(p.periods, Some(8)); // churn and discounting stretch six months to eight
/// assert_eq!(payback(Decimal::from(5000), Decimal::from(50), 0.95, &opts)?.periods, None); // CLV < cost
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`clv`]; `out_of_range` for a negative acquisition cost.
pub fn payback(acquisition_cost: Decimal, margin: Decimal, retention: f64, options: &ClvOptions) -> Result<Payback> {
    non_negative("acquisition_cost", acquisition_cost)?;
    let Rates { r, d, g } = rates(retention, options)?;
    let simple_periods = (margin > Decimal::ZERO).then(|| ratio(acquisition_cost, margin));
    // The value over the whole horizon; an infinite one may diverge (then payback is certain).
    let total = present_value(margin, r, d, g, options.horizon, options.timing);
    let clv = match total {
        Ok(v) => v.normalize(),
        Err(f) => return Err(failure_error(f, None, to_f64(margin), retention, options)),
    };
    let cumulative = |n: u64| present_value(margin, r, d, g, Some(n), options.timing).ok();
    let periods = if acquisition_cost.is_zero() {
        Some(0)
    } else if clv <= acquisition_cost || margin <= Decimal::ZERO {
        // The margins never add up to the cost (an infinite sum approaches its limit from below).
        None
    } else {
        first_period_covering(acquisition_cost, margin, retention, options, &cumulative)
    };
    Ok(Payback { periods: periods.filter(|n| options.horizon.is_none_or(|h| *n <= h)), simple_periods, clv })
}

/// The least n with cumulative(n) >= cost, given that one exists: an `f64` estimate from the
/// closed form, then corrected with exact `Decimal` sums.
fn first_period_covering(
    cost: Decimal,
    margin: Decimal,
    retention: f64,
    options: &ClvOptions,
    cumulative: &impl Fn(u64) -> Option<Decimal>,
) -> Option<u64> {
    let (m, a) = (to_f64(margin), to_f64(cost));
    let (r, d, g) = (retention, options.discount, options.growth);
    let num = match options.timing {
        MarginTiming::End => r,
        MarginTiming::Start => 1.0 + d,
    };
    let den = 1.0 + d - r * (1.0 + g);
    let q = r * (1.0 + g) / (1.0 + d);
    let estimate = if den == 0.0 {
        a * (1.0 + d) / (m * num)
    } else {
        let ratio = a * den / (m * num);
        elem::ln_1p(-ratio) / elem::ln(q)
    };
    let mut n = if estimate.is_finite() && estimate >= 1.0 { estimate.ceil().min(u64::MAX as f64) as u64 } else { 1 };
    let covers = |n: u64| cumulative(n).is_some_and(|c| c >= cost);
    for _ in 0..64 {
        if n > 1 && covers(n - 1) {
            n -= 1;
        } else if !covers(n) {
            n = n.checked_add(1)?;
        } else {
            return Some(n);
        }
    }
    covers(n).then_some(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn rates_enter_as_their_shortest_decimal() {
        assert_eq!(rate_to_decimal("r", 0.1).unwrap(), Decimal::new(1, 1));
        assert_eq!(rate_to_decimal("r", 0.1 + 0.2).unwrap(), Decimal::from_str("0.30000000000000004").unwrap());
        assert_eq!(rate_to_decimal("r", 5e-324).unwrap(), Decimal::ZERO);
        assert_eq!(rate_to_decimal("r", 1e300).unwrap_err().code(), "out_of_range");
    }

    #[test]
    fn churn_between_lengths_1e300_apart_stays_finite() {
        // to/from overflows to inf: no churn stays none, any churn becomes certain, and
        // retention follows r^inf = 0, 1^inf = 1 (found by the edge property test)
        assert_eq!(convert_churn(-0.0, 5e-324, 1.7e116).unwrap(), 0.0);
        assert_eq!(convert_churn(0.5, 5e-324, 1.7e116).unwrap(), 1.0);
        assert_eq!(convert_retention(0.5, 5e-324, 1.7e116).unwrap(), 0.0);
        assert_eq!(convert_retention(1.0, 5e-324, 1.7e116).unwrap(), 1.0);
    }

    #[test]
    fn generic_formula_agrees_between_decimal_and_f64() {
        for (r, d, g, h) in [(0.8, 0.1, 0.0, None), (0.9, 0.05, 0.02, Some(40)), (0.95, 0.0, 0.05, Some(7))] {
            for timing in [MarginTiming::End, MarginTiming::Start] {
                let f = present_value(100.0, r, d, g, h, timing).unwrap();
                let dec = present_value(
                    Decimal::from(100),
                    rate_to_decimal("r", r).unwrap(),
                    rate_to_decimal("d", d).unwrap(),
                    rate_to_decimal("g", g).unwrap(),
                    h,
                    timing,
                )
                .unwrap();
                assert!((f - to_f64(dec)).abs() < 1e-11 * f, "{r} {d} {g} {h:?}: {f} vs {dec}");
            }
        }
    }

    #[test]
    fn finite_horizon_with_q_one() {
        // r (1 + g) = 1 + d: every margin is worth r/(1 + d) · m = m / (1 + g) at the end
        let v = present_value(
            Decimal::from(100),
            Decimal::new(8, 1),
            Decimal::ZERO,
            Decimal::new(25, 2),
            Some(4),
            MarginTiming::End,
        )
        .unwrap();
        assert_eq!(v, Decimal::from(320));
    }
}
