//! Retention economics: rates, CLV, customer equity, retention impact, payback. Money-returning
//! functions declare their TypeScript overloads (string by default, number with
//! `{ money: "number" }`) in `retention.rs`, so wasm-bindgen's own declaration is skipped.

use crate::convert::{
    JsResult, MoneyArg, OrThrow, Raw, count_in, error, money, money_to_js, money_value, options, options_with, records,
};
use crate::input::{number, numbers};
use custometrics::Location;
use custometrics::retention::{self as ret, ClvOptions, Cohort};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The valuation options with the `money` option; `closed_form` hides what the closed form
/// does not take (growth, a horizon).
fn value_options(opts: Option<JsValue>, closed_form: bool) -> JsResult<(ClvOptions, Raw)> {
    let keys: &[_] = if closed_form { &[("money", ""), ("", "growth"), ("", "horizon")] } else { &[("money", "")] };
    options_with(opts, keys)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CohortArg {
    customers: f64,
    margin: MoneyArg,
    retention: f64,
    acquisition_cost: Option<MoneyArg>,
    acquired_in: Option<f64>,
}

/// Churn = 1 − retention.
#[wasm_bindgen(js_name = churnFromRetention)]
pub fn churn_from_retention(#[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue) -> JsResult<f64> {
    let retention = number("retention", &retention)?;
    ret::churn_from_retention(retention).or_throw()
}

/// Retention = 1 − churn.
#[wasm_bindgen(js_name = retentionFromChurn)]
pub fn retention_from_churn(#[wasm_bindgen(unchecked_param_type = "number")] churn: JsValue) -> JsResult<f64> {
    let churn = number("churn", &churn)?;
    ret::retention_from_churn(churn).or_throw()
}

/// A retention rate over periods of `fromLength` for periods of `toLength`: r^(to/from).
#[wasm_bindgen(js_name = convertRetention)]
pub fn convert_retention(
    #[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue,
    #[wasm_bindgen(js_name = fromLength, unchecked_param_type = "number")] from_length: JsValue,
    #[wasm_bindgen(js_name = toLength, unchecked_param_type = "number")] to_length: JsValue,
) -> JsResult<f64> {
    let retention = number("retention", &retention)?;
    let from_length = number("from_length", &from_length)?;
    let to_length = number("to_length", &to_length)?;
    ret::convert_retention(retention, from_length, to_length).or_throw()
}

/// A churn rate converted between period lengths: 1 − (1 − c)^(to/from).
#[wasm_bindgen(js_name = convertChurn)]
pub fn convert_churn(
    #[wasm_bindgen(unchecked_param_type = "number")] churn: JsValue,
    #[wasm_bindgen(js_name = fromLength, unchecked_param_type = "number")] from_length: JsValue,
    #[wasm_bindgen(js_name = toLength, unchecked_param_type = "number")] to_length: JsValue,
) -> JsResult<f64> {
    let churn = number("churn", &churn)?;
    let from_length = number("from_length", &from_length)?;
    let to_length = number("to_length", &to_length)?;
    ret::convert_churn(churn, from_length, to_length).or_throw()
}

/// Expected lifetime in periods, 1 / (1 − r).
#[wasm_bindgen(js_name = expectedLifetime)]
pub fn expected_lifetime(#[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue) -> JsResult<f64> {
    let retention = number("retention", &retention)?;
    ret::expected_lifetime(retention).or_throw()
}

/// CLV in Gupta & Lehmann's closed form: m r / (1 + d − r), or m (1 + d) / (1 + d − r) with
/// `timing: "start"`.
#[wasm_bindgen(js_name = clvClosedForm, skip_typescript)]
pub fn clv_closed_form(
    margin: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue,
    opts: Option<JsValue>,
) -> JsResult {
    let retention = number("retention", &retention)?;
    let (o, raw) = value_options(opts, true)?;
    let out = raw.money()?;
    let v = ret::clv_closed_form(money("margin", &margin)?, retention, o.discount, o.timing).or_throw()?;
    Ok(money_value(v, out))
}

/// CLV with discounting, growth, a horizon and an acquisition cost (`opts.acquisitionCost`).
#[wasm_bindgen(skip_typescript)]
pub fn clv(
    margin: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue,
    opts: Option<JsValue>,
) -> JsResult {
    let retention = number("retention", &retention)?;
    let (o, raw): (ClvOptions, Raw) = options_with(opts, &[("money", ""), ("acquisitionCost", "")])?;
    let out = raw.money()?;
    let cost = match raw.given("acquisitionCost") {
        Some(c) => money("acquisition_cost", &c)?,
        None => rust_decimal::Decimal::ZERO,
    };
    money_to_js(&ret::clv(money("margin", &margin)?, retention, cost, &o).or_throw()?, out)
}

/// Gross CLV of many customers in one float64 pass, as a new `Float64Array`.
#[wasm_bindgen(js_name = clvMany)]
pub fn clv_many(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] margins: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] retention: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClvOptions")] opts: Option<JsValue>,
) -> JsResult<Vec<f64>> {
    let margins = &numbers("margins", &margins)?;
    let retention = &numbers("retention", &retention)?;
    let o: ClvOptions = options(opts)?;
    ret::clv_batch(margins, retention, &o).or_throw()
}

/// Customer equity of a base and future cohorts.
#[wasm_bindgen(js_name = customerEquity, skip_typescript)]
pub fn customer_equity(cohorts: JsValue, opts: Option<JsValue>) -> JsResult {
    let (o, raw) = value_options(opts, false)?;
    let cohorts_in: Vec<CohortArg> = records("cohorts", cohorts)?;
    let cohorts = cohorts_in
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(Cohort {
                customers: count_in("customers", i, c.customers, 0)?,
                margin: c.margin.decimal(Location::at("margin", i))?,
                retention: c.retention,
                acquisition_cost: match &c.acquisition_cost {
                    Some(a) => a.decimal(Location::at("acquisition_cost", i))?,
                    None => rust_decimal::Decimal::ZERO,
                },
                acquired_in: count_in("acquired_in", i, c.acquired_in.unwrap_or(0.0), 0)?,
            })
        })
        .collect::<JsResult<Vec<_>>>()?;
    // The result's total count is a JS number: beyond 2^53 − 1 it would not be exact (and the
    // conversion would fail with a bare Error), so the cohort that takes it there is named.
    let mut total = 0u64;
    for (i, c) in cohorts.iter().enumerate() {
        total = total.saturating_add(c.customers);
        if total > (1 << 53) - 1 {
            return Err(error(custometrics::Error::OutOfRange {
                at: Location::at("customers", i),
                value: c.customers as f64,
                expected: "counts whose total over the cohorts a JS number holds exactly (at most 2^53 − 1)".into(),
            }));
        }
    }
    money_to_js(&ret::customer_equity(&cohorts, &o).or_throw()?, raw.money()?)
}

/// What a retention change of `change` points does to a customer's CLV (Reichheld & Sasser).
#[wasm_bindgen(js_name = retentionImpact, skip_typescript)]
pub fn retention_impact(
    margin: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] change: JsValue,
    opts: Option<JsValue>,
) -> JsResult {
    let retention = number("retention", &retention)?;
    let change = number("change", &change)?;
    let (o, raw) = value_options(opts, false)?;
    money_to_js(&ret::retention_impact(money("margin", &margin)?, retention, change, &o).or_throw()?, raw.money()?)
}

/// Acquisition cost over retention cost per customer.
#[wasm_bindgen(js_name = costRatio)]
pub fn cost_ratio(
    #[wasm_bindgen(js_name = acquisitionCost, unchecked_param_type = "MoneyInput")] acquisition_cost: JsValue,
    #[wasm_bindgen(js_name = retentionCost, unchecked_param_type = "MoneyInput")] retention_cost: JsValue,
) -> JsResult<f64> {
    ret::cost_ratio(money("acquisition_cost", &acquisition_cost)?, money("retention_cost", &retention_cost)?).or_throw()
}

/// The most a programme that raises retention by `lift` may cost per customer.
#[wasm_bindgen(js_name = breakEvenRetentionSpend, skip_typescript)]
pub fn break_even_retention_spend(
    margin: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] lift: JsValue,
    opts: Option<JsValue>,
) -> JsResult {
    let retention = number("retention", &retention)?;
    let lift = number("lift", &lift)?;
    let (o, raw) = value_options(opts, false)?;
    let r = ret::break_even_retention_spend(money("margin", &margin)?, retention, lift, &o).or_throw()?;
    money_to_js(&r, raw.money()?)
}

/// Periods until a new customer's expected discounted margins cover the acquisition cost.
#[wasm_bindgen(skip_typescript)]
pub fn payback(
    acquisition_cost: JsValue,
    margin: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] retention: JsValue,
    opts: Option<JsValue>,
) -> JsResult {
    let retention = number("retention", &retention)?;
    let (o, raw) = value_options(opts, false)?;
    let (a, m) = (money("acquisition_cost", &acquisition_cost)?, money("margin", &margin)?);
    money_to_js(&ret::payback(a, m, retention, &o).or_throw()?, raw.money()?)
}
