//! A transaction log to the per-customer frequency / recency / T / monetary summary. Times are
//! read in milliseconds (numbers, `Date`s, ISO strings) and the core counts periods of the
//! chosen length in milliseconds, so no precision is dropped on the way.

use crate::convert::{JsResult, OrThrow, Raw, error, options_with, show};
use crate::input::optional_numbers;
use custometrics::retention::{Period, Summary, SummaryOptions, summary_from_transactions as summarise};
use custometrics::{Error, Location};
use js_sys::{Array, Float64Array, Object, Reflect};
use std::hash::Hash;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds in a second: the unit of the times handed to the core.
const MS: i64 = 1000;
/// The range of a JS `Date`: ±8.64e15 ms around the epoch.
const DATE_RANGE: f64 = 8.64e15;

/// Milliseconds since the epoch from a number, a `Date` or an ISO 8601 string; a date-time
/// string without an offset is UTC (as a date-only string is), not the machine's local time.
fn millis(v: &JsValue) -> Option<f64> {
    if let Some(x) = v.as_f64() {
        return Some(x);
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        return Some(d.get_time());
    }
    let s = v.as_string()?;
    let t = s.trim();
    let time = t.get(10..).unwrap_or("");
    let has_offset = time.ends_with(['Z', 'z']) || time.get(1..).is_some_and(|rest| rest.contains(['+', '-']));
    let text = if time.is_empty() || has_offset { t.to_owned() } else { format!("{}Z", t.replacen(' ', "T", 1)) };
    Some(js_sys::Date::parse(&text))
}

fn instant(field: &str, v: &JsValue) -> JsResult<Option<i64>> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    time(Location::scalar(field), v).map(Some).map_err(error)
}

fn time(at: Location, v: &JsValue) -> Result<i64, Error> {
    match millis(v) {
        Some(ms) if ms.abs() <= DATE_RANGE => Ok(ms.floor() as i64),
        Some(ms) if ms.is_nan() && v.as_f64().is_none() => Err(Error::Invalid {
            at,
            value: if v.is_string() { show(v) } else { "an invalid Date".into() },
            expected: "a time: milliseconds since the epoch, a Date or an ISO 8601 string".into(),
        }),
        Some(ms) if !ms.is_finite() => Err(Error::NotFinite { at, value: ms }),
        Some(ms) => Err(Error::OutOfRange { at, value: ms, expected: "the times a Date holds (±8.64e15 ms)".into() }),
        None => Err(Error::Invalid {
            at,
            value: show(v),
            expected: "a time: milliseconds since the epoch, a Date or an ISO 8601 string".into(),
        }),
    }
}

fn times(v: &JsValue) -> JsResult<Vec<i64>> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return a
            .to_vec()
            .iter()
            .enumerate()
            .map(|(i, x)| time(Location::at("times", i), &JsValue::from(*x)))
            .collect::<Result<_, _>>()
            .map_err(error);
    }
    list("times", v)?
        .iter()
        .enumerate()
        .map(|(i, x)| time(Location::at("times", i), &x))
        .collect::<Result<_, _>>()
        .map_err(error)
}

/// Any iterable (an array, a typed array) as an array, or `invalid` naming `field`.
fn list(field: &str, v: &JsValue) -> JsResult<Array> {
    if v.is_string() || js_sys::try_iter(v).ok().flatten().is_none() {
        return Err(error(Error::Invalid { at: Location::scalar(field), value: show(v), expected: "an array".into() }));
    }
    Ok(Array::from(v))
}

enum Ids {
    Numbers(Vec<i64>),
    Strings(Vec<String>),
}

/// Ids of one kind: all integers (safe integers: |id| <= 2^53 − 1) or all strings.
fn ids(v: &JsValue) -> JsResult<Ids> {
    let a = list("customers", v)?;
    let bad = |i: usize, v: &JsValue, expected: &str| {
        error(Error::Invalid { at: Location::at("customers", i), value: show(v), expected: expected.into() })
    };
    if a.get(0).is_string() {
        let mut out = Vec::with_capacity(a.length() as usize);
        for (i, x) in a.iter().enumerate() {
            out.push(x.as_string().ok_or_else(|| bad(i, &x, "ids of one kind: strings, like customers[0]"))?);
        }
        return Ok(Ids::Strings(out));
    }
    let mut out = Vec::with_capacity(a.length() as usize);
    for (i, x) in a.iter().enumerate() {
        let id = x.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0);
        let expected = if i == 0 { "integer or string ids" } else { "ids of one kind: integers, like customers[0]" };
        out.push(id.ok_or_else(|| bad(i, &x, expected))? as i64);
    }
    Ok(Ids::Numbers(out))
}

fn column(v: Vec<f64>) -> JsValue {
    Float64Array::from(v.as_slice()).into()
}

fn columns<K>(s: Summary<K>, ids: JsValue) -> JsValue {
    let out = Object::new();
    let opt = |v: Option<Vec<f64>>| v.map_or(JsValue::NULL, column);
    let pairs = [
        ("customerId", ids),
        ("frequency", column(s.frequency)),
        ("recency", column(s.recency)),
        ("T", column(s.t)),
        ("monetaryValue", opt(s.monetary_value)),
        ("frequencyHoldout", opt(s.frequency_holdout)),
        ("monetaryValueHoldout", opt(s.monetary_value_holdout)),
        ("durationHoldout", opt(s.duration_holdout)),
    ];
    for (k, v) in pairs {
        // Reflect.set on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &k.into(), &v);
    }
    out.into()
}

fn run<K: Clone + Eq + Hash + Ord>(
    ids: &[K],
    t: &[i64],
    v: Option<&[f64]>,
    o: &SummaryOptions,
) -> JsResult<Summary<K>> {
    summarise(ids, t, v, o).or_throw()
}

/// Per-customer frequency, recency, T and monetary value from a transaction log, with lifetimes'
/// definitions (see the README); errors name the core's inputs `customers`, `times`, `values`.
#[wasm_bindgen(js_name = summaryFromTransactions, unchecked_return_type = "TransactionSummary")]
pub fn summary_from_transactions(
    #[wasm_bindgen(js_name = customerIds, unchecked_param_type = "ArrayLike<number> | ArrayLike<string>")]
    customer_ids: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<Timestamp> | Float64Array")] timestamps: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SummaryOptions")] opts: Option<JsValue>,
) -> JsResult {
    // Times are milliseconds here (numbers, Dates, ISO strings), seconds in the core's presets.
    let keys = [
        ("monetaryValue", ""),
        ("freq", "period"),
        ("observationPeriodEnd", "observation_end"),
        ("calibrationPeriodEnd", "calibration_end"),
    ];
    let (mut core, raw): (SummaryOptions, Raw) = options_with(opts, &keys)?;
    if let Some(word) = raw.given("freq") {
        let word = word.as_string().ok_or_else(|| {
            error(Error::Invalid { at: Location::scalar("freq"), value: show(&word), expected: "a string".into() })
        })?;
        core.period = Period::parse(&word).or_throw()?;
    }
    let p = core.period;
    if let (Some(length), Some(origin)) = (p.length.checked_mul(MS), p.origin.checked_mul(MS)) {
        core.period = Period::new(length, origin).or_throw()?;
    }
    core.observation_end = instant("observation_end", &raw.get("observationPeriodEnd"))?;
    core.calibration_end = instant("calibration_end", &raw.get("calibrationPeriodEnd"))?;
    let v = optional_numbers("values", &raw.get("monetaryValue"))?;
    let t = times(&timestamps)?;
    Ok(match ids(&customer_ids)? {
        Ids::Numbers(ids) => {
            let mut s = run(&ids, &t, v.as_deref(), &core)?;
            let out: Array = std::mem::take(&mut s.customer_id).into_iter().map(|k| JsValue::from(k as f64)).collect();
            columns(s, out.into())
        }
        Ids::Strings(ids) => {
            let mut s = run(&ids, &t, v.as_deref(), &core)?;
            let out: Array = std::mem::take(&mut s.customer_id).into_iter().map(JsValue::from).collect();
            columns(s, out.into())
        }
    })
}
