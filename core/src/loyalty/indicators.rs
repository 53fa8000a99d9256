//! Loyalty indicators from per-customer purchase data over two periods (the behavioural side of
//! 忠诚度的衡量): repeat-purchase rate, retention, churn, acquisition and growth, and the mean
//! time between purchases.

use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::parallel as par;
use serde::{Deserialize, Serialize};

/// Behavioural loyalty indicators of a customer base over a previous and a current period.
///
/// A customer is *active* in a period with at least one purchase in it; *retained* when active
/// in both, *churned* when active only in the previous one, *acquired* when active only in the
/// current one. Rates of retention, churn, acquisition and growth are over the customers active
/// in the previous period (the base at the start), so growth = acquisition − churn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoyaltyIndicators {
    /// Rows given (including customers with no purchase in either period).
    pub customers: u64,
    /// Customers active in the previous period.
    pub active_previous: u64,
    /// Customers active in the current period.
    pub active_current: u64,
    /// Active in both periods.
    pub retained: u64,
    /// Active in the previous period only.
    pub churned: u64,
    /// Active in the current period only.
    pub acquired: u64,
    /// Customers with two or more purchases over both periods together.
    pub repeat_customers: u64,
    /// retained / active_previous.
    pub retention_rate: f64,
    /// churned / active_previous = 1 − retention_rate.
    pub churn_rate: f64,
    /// acquired / active_previous.
    pub acquisition_rate: f64,
    /// (active_current − active_previous) / active_previous = acquisition_rate − churn_rate.
    pub growth_rate: f64,
    /// repeat_customers / customers active in either period (the repeat-purchase rate,
    /// 重复购买率).
    pub repeat_purchase_rate: f64,
    /// The mean time between two consecutive purchases of the same customer, pooled over all
    /// customers with two or more purchases: Σ (last − first) / Σ (purchases − 1). `None` when
    /// no purchase times were given or nobody bought twice.
    pub mean_inter_purchase_time: Option<f64>,
}

/// Per-chunk tallies.
#[derive(Default, Clone, Copy)]
struct Tally {
    active_previous: u64,
    active_current: u64,
    retained: u64,
    repeat: u64,
    span: f64,
    gaps: f64,
    /// The first row whose purchase times are wrong, as an index in the chunk.
    bad_time: Option<usize>,
}

/// Indicators from each customer's number of purchases in the previous and current period and,
/// optionally, the times of their first and last purchase over both periods (in any unit: days,
/// weeks; ignored — and may be NaN — for customers without purchases).
///
/// ```
/// use custometrics::loyalty::loyalty_indicators;
/// let previous = [2.0, 1.0, 0.0, 3.0, 1.0];
/// let current  = [1.0, 0.0, 2.0, 0.0, 1.0];
/// let first    = [0.0, 10.0, 40.0, 5.0, 20.0];
/// let last     = [60.0, 10.0, 50.0, 25.0, 50.0];
/// let k = loyalty_indicators(&previous, &current, Some(&first), Some(&last))?;
/// assert_eq!((k.retained, k.churned, k.acquired), (2, 2, 1));
/// assert_eq!(k.retention_rate, 0.5);
/// assert_eq!(k.growth_rate, -0.25);       // 3 active now against 4 before
/// assert_eq!(k.repeat_purchase_rate, 0.8); // 4 of 5 bought twice or more
/// // spans 60 + 10 + 20 + 30 over 2 + 1 + 2 + 1 gaps
/// assert_eq!(k.mean_inter_purchase_time, Some(20.0));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `empty` for no customers; `length_mismatch` when an array differs in length from
/// `previous`; `not_finite`/`out_of_range` naming the array and index of a purchase count that
/// is not a non-negative integer; `invalid` when only one of `first_purchase` and
/// `last_purchase` is given; `not_finite`/`out_of_range` naming `first_purchase` or
/// `last_purchase` and the index of a buying customer whose times are not finite or whose last
/// purchase comes before the first; `division_by_zero` when nobody bought in the previous
/// period.
pub fn loyalty_indicators(
    previous: &[f64],
    current: &[f64],
    first_purchase: Option<&[f64]>,
    last_purchase: Option<&[f64]>,
) -> Result<LoyaltyIndicators> {
    input::min_len("previous", previous.len(), 1)?;
    input::same_len("current", current.len(), "previous", previous.len())?;
    let counts = "the purchase counts: non-negative integers";
    input::all_pass("previous", previous, |x| x >= 0.0 && x.fract() == 0.0, counts)?;
    input::all_pass("current", current, |x| x >= 0.0 && x.fract() == 0.0, counts)?;
    let n = previous.len();
    let times = match (first_purchase, last_purchase) {
        (Some(f), Some(l)) => {
            input::same_len("first_purchase", f.len(), "previous", n)?;
            input::same_len("last_purchase", l.len(), "previous", n)?;
            Some((f, l))
        }
        (None, None) => None,
        (given, _) => {
            let (have, missing) =
                if given.is_some() { ("first_purchase", "last_purchase") } else { ("last_purchase", "first_purchase") };
            return Err(Error::Invalid {
                at: Location::scalar(missing),
                value: "missing".into(),
                expected: format!("{missing} given together with {have}"),
            });
        }
    };
    let tallies = par::map_chunks_at(previous, |start, p| {
        let end = start + p.len();
        let c = current.get(start..end).unwrap_or(&[]);
        let mut t = Tally::default();
        for (j, (&a, &b)) in p.iter().zip(c).enumerate() {
            t.active_previous += u64::from(a > 0.0);
            t.active_current += u64::from(b > 0.0);
            t.retained += u64::from(a > 0.0 && b > 0.0);
            let k = a + b;
            t.repeat += u64::from(k >= 2.0);
            let Some((first, last)) = times else { continue };
            if k == 0.0 {
                continue;
            }
            let (f, l) = (first.get(start + j).copied(), last.get(start + j).copied());
            match (f, l) {
                (Some(f), Some(l)) if f.is_finite() && l.is_finite() && l >= f => {
                    if k >= 2.0 {
                        t.span += l - f;
                        t.gaps += k - 1.0;
                    }
                }
                _ => {
                    t.bad_time.get_or_insert(j);
                }
            }
        }
        t
    });
    if let Some((i, (first, last))) =
        tallies.iter().enumerate().find_map(|(c, t)| t.bad_time.map(|j| c * par::CHUNK + j)).zip(times)
    {
        let (f, l) = (first[i], last[i]);
        return Err(if !f.is_finite() {
            Error::NotFinite { at: Location::at("first_purchase", i), value: f }
        } else {
            input::out_of_range_or_not_finite(
                Location::at("last_purchase", i),
                l,
                &format!("the times at or after first_purchase[{i}] = {f}"),
            )
        });
    }
    let total = tallies.iter().fold(Tally::default(), |a, t| Tally {
        active_previous: a.active_previous + t.active_previous,
        active_current: a.active_current + t.active_current,
        retained: a.retained + t.retained,
        repeat: a.repeat + t.repeat,
        span: a.span + t.span,
        gaps: a.gaps + t.gaps,
        bad_time: None,
    });
    let base = total.active_previous;
    if base == 0 {
        return Err(Error::DivisionByZero {
            at: Location::scalar("previous"),
            value: 0.0,
            reason: "nobody bought in the previous period, so the rates have no base".into(),
        });
    }
    let churned = base - total.retained;
    let acquired = total.active_current - total.retained;
    let either = base + acquired;
    let rate = |k: u64| k as f64 / base as f64;
    Ok(LoyaltyIndicators {
        customers: n as u64,
        active_previous: base,
        active_current: total.active_current,
        retained: total.retained,
        churned,
        acquired,
        repeat_customers: total.repeat,
        retention_rate: rate(total.retained),
        churn_rate: rate(churned),
        acquisition_rate: rate(acquired),
        growth_rate: (total.active_current as f64 - base as f64) / base as f64,
        repeat_purchase_rate: total.repeat as f64 / either as f64,
        mean_inter_purchase_time: (total.gaps > 0.0).then(|| match times {
            Some((first, last)) if !(total.span.is_finite() && total.gaps.is_finite()) => {
                scaled_inter_purchase_time(previous, current, first, last)
            }
            _ => total.span / total.gaps,
        }),
    })
}

/// The mean time between purchases when counts or times near the top of the `f64` range
/// overflow the sums of spans or of gaps: each term halved (so l − f and a + b − 1 cannot
/// overflow) and scaled by 2⁻⁶⁴ (so fewer than 2⁶⁴ of them cannot either), which leaves the ratio
/// as it was. The times were checked by the first pass.
fn scaled_inter_purchase_time(previous: &[f64], current: &[f64], first: &[f64], last: &[f64]) -> f64 {
    const SCALE: f64 = 1.0 / 18_446_744_073_709_551_616.0; // 2⁻⁶⁴, exact
    let (mut span, mut gaps) = (0.0, 0.0);
    for (((&a, &b), &f), &l) in previous.iter().zip(current).zip(first).zip(last) {
        if a + b >= 2.0 {
            span += (0.5 * l - 0.5 * f) * SCALE;
            gaps += (0.5 * a + 0.5 * b - 0.5) * SCALE;
        }
    }
    span / gaps
}
