//! From a transaction log to the per-customer summary the transaction models are fitted to:
//! frequency, recency, T and monetary value, with the definitions of lifetimes'
//! `summary_data_from_transaction_data` and `calibration_and_holdout_data`.
//!
//! # Definitions
//!
//! Times are integers, seconds since the Unix epoch (UTC) for the [`Period`] presets; the Python
//! binding converts `datetime64` to seconds. Each time falls into a period of fixed length
//! ([`Period`]; days by default), and purchases in the same period count as one:
//!
//! - **frequency** — the number of *distinct periods* with a purchase, minus one (the first
//!   purchase is not a repeat). Several purchases on one day are one repeat at most.
//! - **recency** — periods from the first purchase's period to the last purchase's period
//!   (0 for a customer with no repeat).
//! - **T** — periods from the first purchase's period to the observation end's period.
//! - **monetary value** — the mean over the repeat periods of the period's total spend, the first
//!   period excluded; 0 for a customer with no repeat.
//!
//! recency, T and the holdout duration are divided by `freq_multiplier` (lifetimes': e.g. periods
//! of an hour with a multiplier of 24 give days with fractions). With
//! `include_first_transaction`, frequency counts the first period too and the monetary value
//! averages over all periods (lifetimes' option of that name).
//!
//! Without a calibration split, transactions in periods after the observation end's period are
//! ignored (a purchase later on the last day still counts, as in lifetimes). With a calibration
//! end, the calibration summary uses the transactions at or before `calibration_end` (and T runs
//! to its period); the holdout has those after it and at or before `observation_end`:
//!
//! - **frequency_holdout** — distinct periods with a purchase in the holdout;
//! - **monetary_value_holdout** — the mean value of the holdout *transactions* (each one, not
//!   per period — lifetimes computes it that way), 0 without any;
//! - **duration_holdout** — periods from the calibration end's period to the observation end's.
//!
//! Customers whose first purchase is in the holdout are not in the result. Customers are
//! returned sorted by id (lifetimes' order). Unlike lifetimes, an empty holdout is not an error:
//! every holdout count is then 0.
//!
//! Calendar months are not offered: they are not of fixed length. lifetimes 0.11.3 names `'M'`,
//! but measures recency and T by dividing a time difference by `np.timedelta64(1, freq)`, which
//! pandas 2 and later refuse for months (with pandas 3.1 it raises `ValueError: Unit M is not
//! supported`, measured), so there is no lifetimes result to agree with.

use crate::error::{Error, Location, Result};
use crate::input;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::Hash;

/// Fixed-length periods: period k is `[origin + k·length, origin + (k+1)·length)`, in the unit of
/// the times (seconds for the presets).
///
/// ```
/// use custometrics::retention::Period;
/// assert_eq!(Period::parse("W").unwrap(), Period::WEEK);
/// assert_eq!(Period::DAY.index(86_399), 0);
/// assert_eq!(Period::DAY.index(-1), -1); // before the epoch
/// assert_eq!(Period::WEEK.index(4 * 86_400), 0); // Monday 1970-01-05 starts week 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Length of a period, at least 1.
    pub length: i64,
    /// A time at which a period starts.
    pub origin: i64,
}

impl Default for Period {
    fn default() -> Self {
        Self::DAY
    }
}

impl Period {
    /// One second (numpy's `'s'`).
    pub const SECOND: Period = Period { length: 1, origin: 0 };
    /// One minute (`'m'`).
    pub const MINUTE: Period = Period { length: 60, origin: 0 };
    /// One hour (`'h'`).
    pub const HOUR: Period = Period { length: 3_600, origin: 0 };
    /// One UTC day (`'D'`, lifetimes' default).
    pub const DAY: Period = Period { length: 86_400, origin: 0 };
    /// One week from Monday 00:00 UTC (`'W'`: pandas' weekly periods end on Sunday).
    pub const WEEK: Period = Period { length: 604_800, origin: 345_600 };

    /// Periods of `length` starting at `origin`.
    ///
    /// ```
    /// // 4-week periods starting on a Monday
    /// let p = custometrics::retention::Period::new(4 * 604_800, 345_600).unwrap();
    /// assert_eq!(p.index(345_600 + 4 * 604_800), 1);
    /// ```
    ///
    /// # Errors
    /// `out_of_range` naming `period.length` for a length below 1.
    pub fn new(length: i64, origin: i64) -> Result<Self> {
        if length < 1 {
            return Err(Error::OutOfRange {
                at: Location::scalar("period.length"),
                value: length as f64,
                expected: "the positive integers".into(),
            });
        }
        Ok(Self { length, origin })
    }

    /// `"s"`, `"m"` or `"min"`, `"h"`, `"D"`, `"W"` (lifetimes' `freq` words for fixed periods).
    ///
    /// # Errors
    /// `invalid` naming `freq` for any other word (including `"M"`: months are not fixed).
    pub fn parse(word: &str) -> Result<Self> {
        match word {
            "s" => Ok(Self::SECOND),
            "m" | "min" => Ok(Self::MINUTE),
            "h" | "H" => Ok(Self::HOUR),
            "D" | "d" => Ok(Self::DAY),
            "W" | "w" => Ok(Self::WEEK),
            other => Err(Error::Invalid {
                at: Location::scalar("freq"),
                value: format!("{other:?}"),
                expected: "one of \"s\", \"m\", \"h\", \"D\", \"W\" (fixed-length periods)".into(),
            }),
        }
    }

    /// The period a time falls in (floor division, so times before `origin` work).
    ///
    /// ```
    /// assert_eq!(custometrics::retention::Period::HOUR.index(7_200), 2);
    /// ```
    pub fn index(&self, time: i64) -> i128 {
        let length = self.length.max(1);
        match time.checked_sub(self.origin) {
            // the common case in 64-bit arithmetic (i128 division is a slow library call)
            Some(d) => i128::from(d.div_euclid(length)),
            None => (i128::from(time) - i128::from(self.origin)).div_euclid(i128::from(length)),
        }
    }
}

/// Options of [`summary_from_transactions`].
///
/// ```
/// use custometrics::retention::{Period, SummaryOptions};
/// let o = SummaryOptions::default().with_period(Period::WEEK);
/// assert_eq!(o.freq_multiplier, 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SummaryOptions {
    /// The period purchases are collapsed into and durations are counted in. Default a day.
    pub period: Period,
    /// The end of observation (same unit as the times); `None` for the last transaction's time.
    pub observation_end: Option<i64>,
    /// The end of calibration; `Some` adds the holdout columns. Must be before the observation
    /// end.
    pub calibration_end: Option<i64>,
    /// recency, T and duration_holdout are divided by this. Positive; default 1.
    pub freq_multiplier: f64,
    /// Count the first purchase in frequency and monetary value. Default false (what the models
    /// need).
    pub include_first_transaction: bool,
}

crate::codes::with_setters!(SummaryOptions { with_period => period: Period, with_observation_end => observation_end: Option<i64>, with_calibration_end => calibration_end: Option<i64>, with_freq_multiplier => freq_multiplier: f64, with_include_first_transaction => include_first_transaction: bool });

impl Default for SummaryOptions {
    fn default() -> Self {
        Self {
            period: Period::DAY,
            observation_end: None,
            calibration_end: None,
            freq_multiplier: 1.0,
            include_first_transaction: false,
        }
    }
}

/// Per-customer summary columns, one element per customer, customers sorted by id.
///
/// Serialised with lifetimes' column names (`T` for [`Summary::t`]).
///
/// ```
/// use custometrics::retention::{summary_from_transactions, SummaryOptions};
/// let s = summary_from_transactions(&[2u64, 1], &[0, 0], Some(&[5.0, 6.0]), &SummaryOptions::default())?;
/// let json = serde_json::to_value(&s).unwrap();
/// assert_eq!(json["customer_id"], serde_json::json!([1, 2]));
/// assert_eq!(json["T"], serde_json::json!([0.0, 0.0]));
/// assert_eq!(json["frequency_holdout"], serde_json::Value::Null);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary<K> {
    /// Customer ids, ascending.
    pub customer_id: Vec<K>,
    /// Repeat periods (distinct periods with a purchase, minus one).
    pub frequency: Vec<f64>,
    /// First to last purchase period, over `freq_multiplier`.
    pub recency: Vec<f64>,
    /// First purchase period to the (calibration or observation) end's period, over
    /// `freq_multiplier`.
    #[serde(rename = "T")]
    pub t: Vec<f64>,
    /// Mean spend of the repeat periods (0 without repeats); `None` without values.
    pub monetary_value: Option<Vec<f64>>,
    /// Distinct holdout periods with a purchase; `None` without a calibration split.
    pub frequency_holdout: Option<Vec<f64>>,
    /// Mean value of the holdout transactions (0 without any); `None` without values or split.
    pub monetary_value_holdout: Option<Vec<f64>>,
    /// Holdout length in periods over `freq_multiplier` (the same for everyone, as a column);
    /// `None` without a split.
    pub duration_holdout: Option<Vec<f64>>,
}

impl<K> Summary<K> {
    /// Number of customers.
    ///
    /// ```
    /// use custometrics::retention::{summary_from_transactions, SummaryOptions};
    /// let s = summary_from_transactions(&[7u64, 7, 3], &[0, 86_400, 0], None, &SummaryOptions::default()).unwrap();
    /// assert_eq!(s.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.customer_id.len()
    }

    /// Whether there are no customers (never, for a summary the library made).
    ///
    /// ```
    /// use custometrics::retention::{summary_from_transactions, SummaryOptions};
    /// assert!(!summary_from_transactions(&["a"], &[0], None, &SummaryOptions::default()).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.customer_id.is_empty()
    }
}

/// One transaction, ready to sort: customer, calibration (0) or holdout (1), period offset,
/// packed into one integer key so that the sort compares single words.
#[derive(Clone, Copy)]
struct Row {
    key: u128,
    value: f64,
}

impl Row {
    fn new(customer: u32, holdout: bool, period: u64, value: f64) -> Self {
        Self { key: (u128::from(customer) << 65) | (u128::from(holdout) << 64) | u128::from(period), value }
    }
    fn customer(&self) -> u32 {
        (self.key >> 65) as u32
    }
    fn holdout(&self) -> bool {
        (self.key >> 64) & 1 == 1
    }
    fn period(&self) -> u64 {
        self.key as u64
    }
}

/// What one customer's transactions add up to.
#[derive(Default, Clone, Copy)]
struct Tally {
    periods: u64,
    first: u64,
    last: u64,
    repeat_sum: f64,
    repeat_periods: u64,
    holdout_periods: u64,
    holdout_sum: f64,
    holdout_count: u64,
    /// The same sums with each value scaled by 2⁻⁶⁴, which cannot overflow: the fallback when
    /// values near the top of the f64 range overflow the plain sums.
    repeat_scaled: f64,
    holdout_scaled: f64,
    /// The largest |value|, to name in an error.
    largest: f64,
}

/// 2⁻⁶⁴, exact: fewer than 2⁶⁴ scaled values cannot overflow a sum.
const SCALE: f64 = 1.0 / 18_446_744_073_709_551_616.0;

/// sum / count, or from the scaled sum where the plain one overflowed; `out_of_range` naming
/// `values` (with the customer's largest value) when the mean itself is beyond the f64 range.
fn mean_value(sum: f64, scaled: f64, count: u64, largest: f64) -> Result<f64> {
    if count == 0 {
        return Ok(0.0);
    }
    let m = sum / count as f64;
    if m.is_finite() {
        return Ok(m);
    }
    let m = scaled / count as f64 / SCALE;
    input::finite_result(Location::scalar("values"), largest, m, "a customer's mean spend per period")
}

/// Summarises a transaction log per customer (see the module docs for the definitions).
///
/// `customers` may hold any ids that can be hashed and ordered: `u64`, `&str`, `String` …
/// `times` are integers in the unit of `options.period` (seconds since the epoch for the
/// presets); `values` the optional monetary value of each transaction.
///
/// ```
/// use custometrics::retention::{summary_from_transactions, SummaryOptions};
/// const DAY: i64 = 86_400;
/// let ids = ["b", "a", "a", "a", "a"];
/// let times = [0, 0, 2 * DAY, 2 * DAY + 60, 5 * DAY];
/// let values = [10.0, 1.0, 2.0, 3.0, 4.0];
/// let opts = SummaryOptions::default().with_observation_end(Some(9 * DAY));
/// let s = summary_from_transactions(&ids, &times, Some(&values), &opts)?;
/// assert_eq!(s.customer_id, ["a", "b"]);
/// assert_eq!(s.frequency, [2.0, 0.0]);      // days 2 and 5 (two purchases on day 2 are one)
/// assert_eq!(s.recency, [5.0, 0.0]);
/// assert_eq!(s.t, [9.0, 9.0]);
/// assert_eq!(s.monetary_value.unwrap(), [(5.0 + 4.0) / 2.0, 0.0]); // day totals 5 and 4
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// Runs in one hash pass and one sort: a million transactions take well under a second.
///
/// # Errors
/// `empty` for no transactions; `length_mismatch` for `times` or `values`; `not_finite` naming
/// `values[i]`; `out_of_range` for a `freq_multiplier` that is not positive, a period length
/// below 1 or a `calibration_end` not before the observation end; `invalid` naming
/// `observation_end` (or `calibration_end`) when no transaction is at or before it;
/// `out_of_range` naming `values` (with the customer's largest value) when a customer's mean
/// spend per period is beyond the `f64` range.
pub fn summary_from_transactions<K>(
    customers: &[K],
    times: &[i64],
    values: Option<&[f64]>,
    options: &SummaryOptions,
) -> Result<Summary<K>>
where
    K: Clone + Eq + Hash + Ord,
{
    let n = customers.len();
    input::min_len("customers", n, 1)?;
    input::same_len("times", times.len(), "customers", n)?;
    if let Some(v) = values {
        input::same_len("values", v.len(), "customers", n)?;
        input::all_finite("values", v)?;
    }
    let mult = options.freq_multiplier;
    input::check("freq_multiplier", mult, mult > 0.0, "the positive numbers")?;
    let period = Period::new(options.period.length, options.period.origin)?;
    let (Some(&t_min), Some(&t_max)) = (times.iter().min(), times.iter().max()) else {
        return Err(Error::Empty { at: Location::scalar("times"), len: 0, min: 1 });
    };
    let observation_end = options.observation_end.unwrap_or(t_max);
    if let Some(c) = options.calibration_end.filter(|c| *c >= observation_end) {
        return Err(Error::OutOfRange {
            at: Location::scalar("calibration_end"),
            value: c as f64,
            expected: format!("the times before observation_end = {observation_end}"),
        });
    }
    let (end_field, summary_end) = match options.calibration_end {
        Some(c) => ("calibration_end", c),
        None => ("observation_end", observation_end),
    };
    let p_end = period.index(observation_end);
    let p_summary_end = period.index(summary_end);
    let base = period.index(t_min);

    // Dense ids in first-seen order, and the rows that count.
    // No capacity hint: customers are usually far fewer than transactions, and a table sized for
    // every transaction spreads the lookups over more cache lines.
    let mut ids: HashMap<&K, u32> = HashMap::new();
    let mut keys: Vec<&K> = Vec::new();
    let mut rows: Vec<Row> = Vec::with_capacity(n);
    for (i, (k, &t)) in customers.iter().zip(times).enumerate() {
        let p = period.index(t);
        let holdout = match options.calibration_end {
            None if p <= p_end => false,
            None => continue,
            Some(c) if t <= c => false,
            Some(_) if t <= observation_end => true,
            Some(_) => continue,
        };
        let next = keys.len();
        let id = *ids.entry(k).or_insert_with(|| {
            keys.push(k);
            u32::try_from(next).unwrap_or(u32::MAX)
        });
        let value = values.and_then(|v| v.get(i).copied()).unwrap_or(0.0);
        // p >= base and p − base < 2⁶⁴: both are periods of i64 times
        rows.push(Row::new(id, holdout, u64::try_from(p - base).unwrap_or(u64::MAX), value));
    }
    if keys.len() > u32::MAX as usize {
        return Err(Error::Invalid {
            at: Location::scalar("customers"),
            value: format!("{} distinct ids", keys.len()),
            expected: "at most 4294967295 customers".into(),
        });
    }
    rows.sort_unstable_by_key(|r| r.key);

    let mut tallies: Vec<Option<Tally>> = vec![None; keys.len()];
    let mut i = 0;
    while i < rows.len() {
        let c = rows[i].customer();
        let mut tally = Tally::default();
        let mut seen_calibration = false;
        while i < rows.len() && rows[i].customer() == c {
            // one period of one part
            let (key, holdout, p) = (rows[i].key, rows[i].holdout(), rows[i].period());
            let (mut sum, mut scaled, mut count) = (0.0, 0.0, 0u64);
            while i < rows.len() && rows[i].key == key {
                sum += rows[i].value;
                scaled += rows[i].value * SCALE;
                if rows[i].value.abs() > tally.largest.abs() {
                    tally.largest = rows[i].value;
                }
                count += 1;
                i += 1;
            }
            if holdout {
                tally.holdout_periods += 1;
                tally.holdout_sum += sum;
                tally.holdout_scaled += scaled;
                tally.holdout_count += count;
            } else {
                if !seen_calibration {
                    tally.first = p;
                    seen_calibration = true;
                }
                tally.last = p;
                tally.periods += 1;
                if tally.periods > 1 || options.include_first_transaction {
                    tally.repeat_sum += sum;
                    tally.repeat_scaled += scaled;
                    tally.repeat_periods += 1;
                }
            }
        }
        if let (true, Some(slot)) = (seen_calibration, tallies.get_mut(c as usize)) {
            *slot = Some(tally);
        }
    }

    let mut order: Vec<usize> = (0..keys.len()).filter(|&k| tallies[k].is_some()).collect();
    if order.is_empty() {
        return Err(Error::Invalid {
            at: Location::scalar(end_field),
            value: summary_end.to_string(),
            expected: format!("a time at or after the first transaction ({t_min})"),
        });
    }
    order.sort_unstable_by(|&a, &b| keys[a].cmp(keys[b]));

    let m = order.len();
    let mut out = Summary {
        customer_id: Vec::with_capacity(m),
        frequency: Vec::with_capacity(m),
        recency: Vec::with_capacity(m),
        t: Vec::with_capacity(m),
        monetary_value: values.map(|_| Vec::with_capacity(m)),
        frequency_holdout: options.calibration_end.map(|_| Vec::with_capacity(m)),
        monetary_value_holdout: options.calibration_end.and(values).map(|_| Vec::with_capacity(m)),
        duration_holdout: options.calibration_end.map(|_| Vec::with_capacity(m)),
    };
    let duration = (p_end - p_summary_end) as f64 / mult;
    for k in order {
        let Some(t) = tallies[k] else { continue };
        out.customer_id.push(keys[k].clone());
        let repeats = if options.include_first_transaction { t.periods } else { t.periods - 1 };
        out.frequency.push(repeats as f64);
        out.recency.push((t.last - t.first) as f64 / mult);
        out.t.push((p_summary_end - (base + i128::from(t.first))) as f64 / mult);
        if let Some(mv) = out.monetary_value.as_mut() {
            mv.push(mean_value(t.repeat_sum, t.repeat_scaled, t.repeat_periods, t.largest)?);
        }
        if let Some(f) = out.frequency_holdout.as_mut() {
            f.push(t.holdout_periods as f64);
        }
        if let Some(mv) = out.monetary_value_holdout.as_mut() {
            mv.push(mean_value(t.holdout_sum, t.holdout_scaled, t.holdout_count, t.largest)?);
        }
        if let Some(d) = out.duration_holdout.as_mut() {
            d.push(duration);
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::excessive_precision)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn lifetimes_readme_example() {
        // lifetimes' README: transactions_A, freq 'D', observation end = last date
        // ids 1: 2015-01-01, 01-05, 01-08; 2: 01-04, 01-30; 3: 01-10, 02-05, 02-06
        let d0 = 16_436 * DAY; // 2015-01-01
        let ids = [1u64, 1, 1, 2, 2, 3, 3, 3];
        let days = [0, 4, 7, 3, 29, 9, 35, 36];
        let times: Vec<i64> = days.iter().map(|d| d0 + d * DAY).collect();
        let s = summary_from_transactions(&ids, &times, None, &SummaryOptions::default()).unwrap();
        assert_eq!(s.customer_id, [1, 2, 3]);
        assert_eq!(s.frequency, [2.0, 1.0, 2.0]);
        assert_eq!(s.recency, [7.0, 26.0, 27.0]);
        assert_eq!(s.t, [36.0, 33.0, 27.0]);
        assert!(s.monetary_value.is_none() && s.frequency_holdout.is_none());
    }

    #[test]
    fn calibration_and_holdout() {
        let ids = [1u64, 1, 1, 1, 2, 3];
        let days = [0, 1, 5, 5, 6, 2];
        let values = [1.0, 2.0, 3.0, 5.0, 7.0, 9.0];
        let times: Vec<i64> = days.iter().map(|d| d * DAY + 3600).collect();
        let opts = SummaryOptions {
            calibration_end: Some(3 * DAY),
            observation_end: Some(8 * DAY),
            ..SummaryOptions::default()
        };
        let s = summary_from_transactions(&ids, &times, Some(&values), &opts).unwrap();
        // customer 2 starts in the holdout: not in the result
        assert_eq!(s.customer_id, [1, 3]);
        assert_eq!(s.frequency, [1.0, 0.0]);
        assert_eq!(s.t, [3.0, 1.0]);
        assert_eq!(s.monetary_value.unwrap(), [2.0, 0.0]);
        assert_eq!(s.frequency_holdout.unwrap(), [1.0, 0.0]); // two purchases on day 5: one period
        assert_eq!(s.monetary_value_holdout.unwrap(), [4.0, 0.0]); // mean of 3 and 5, per transaction
        assert_eq!(s.duration_holdout.unwrap(), [5.0, 5.0]);
    }

    #[test]
    fn week_periods_start_on_monday() {
        // 1970-01-04 was a Sunday, 01-05 a Monday
        assert_eq!(Period::WEEK.index(3 * DAY + DAY - 1), -1);
        assert_eq!(Period::WEEK.index(4 * DAY), 0);
        assert_eq!(Period::WEEK.index(10 * DAY + DAY - 1), 0);
        assert_eq!(Period::WEEK.index(i64::MIN), (i128::from(i64::MIN) - 345_600).div_euclid(604_800));
        assert_eq!(Period::SECOND.index(i64::MAX) - Period::SECOND.index(i64::MIN), i128::from(u64::MAX));
    }
}
