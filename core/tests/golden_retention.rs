//! The retention golden vectors (`tests/data/golden_retention.json`), shared with the Python and
//! JS suites: each case's function is called with its arguments and compared with the expected
//! fields or error, under the conventions stated in the file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

use custometrics::Error;
use custometrics::retention::models::{BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNbd, TransactionModel};
use custometrics::retention::{
    ClvOptions, Cohort, FitOptions, MarginTiming, Period, ShiftedBetaGeo, SummaryOptions, break_even_retention_spend,
    churn_from_retention, clv, clv_closed_form, clv_many, convert_churn, convert_retention, cost_ratio,
    customer_equity, expected_lifetime, payback, retention_impact, summary_from_transactions,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

const GOLDEN: &str = include_str!("data/golden_retention.json");

struct Args<'a>(&'a Value);

impl Args<'_> {
    fn get(&self, k: &str) -> Option<&Value> {
        self.0.get(k).filter(|v| !v.is_null())
    }
    fn f(&self, k: &str) -> f64 {
        self.get(k).and_then(Value::as_f64).unwrap_or_else(|| panic!("argument {k}"))
    }
    fn f_or(&self, k: &str, default: f64) -> f64 {
        self.get(k).and_then(Value::as_f64).unwrap_or(default)
    }
    fn u(&self, k: &str) -> u64 {
        self.get(k).and_then(Value::as_u64).unwrap_or_else(|| panic!("argument {k}"))
    }
    fn opt_u(&self, k: &str) -> Option<u64> {
        self.get(k).and_then(Value::as_u64)
    }
    fn opt_i(&self, k: &str) -> Option<i64> {
        self.get(k).and_then(Value::as_i64)
    }
    fn dec(&self, k: &str) -> Decimal {
        decimal(self.get(k).unwrap_or_else(|| panic!("argument {k}")))
    }
    fn floats(&self, k: &str) -> Vec<f64> {
        self.get(k).and_then(Value::as_array).map(|a| a.iter().map(|v| v.as_f64().unwrap()).collect()).unwrap()
    }
    /// One number or an array of them, as a vector, and whether it was an array.
    fn many(&self, k: &str) -> (Vec<f64>, bool) {
        match self.get(k) {
            Some(Value::Array(_)) => (self.floats(k), true),
            _ => (vec![self.f(k)], false),
        }
    }
    fn clv_options(&self) -> ClvOptions {
        ClvOptions {
            discount: self.f_or("discount", 0.0),
            growth: self.f_or("growth", 0.0),
            horizon: self.opt_u("horizon"),
            timing: self.get("timing").map_or(MarginTiming::End, |t| MarginTiming::parse(t.as_str().unwrap()).unwrap()),
        }
    }
}

fn decimal(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("money is a string")).unwrap()
}

fn value<T: serde::Serialize>(x: T) -> Value {
    json!({ "value": x })
}

fn to_json<T: serde::Serialize>(x: T) -> Value {
    serde_json::to_value(x).unwrap()
}

/// A vector result as the file writes it: an array, or its one element when the input was a scalar.
fn shaped(values: Vec<f64>, array: bool) -> Value {
    if array { value(values) } else { value(values[0]) }
}

/// The continuous-time models' predictions: `method` on the model built from the case's parameters.
fn transaction_model(m: &impl TransactionModel, method: &str, a: &Args) -> Result<Value, Error> {
    let customers = || (a.many("frequency"), a.many("recency").0, a.many("T").0);
    Ok(match method {
        "conditional_probability_alive" => {
            let ((x, array), tx, t) = customers();
            shaped(m.probability_alive_batch(&x, &tx, &t)?, array)
        }
        "conditional_expected_number_of_purchases_up_to_time" => {
            let ((x, array), tx, t) = customers();
            shaped(m.conditional_expected_transactions_batch(a.f("t"), &x, &tx, &t)?, array)
        }
        "expected_number_of_purchases_up_to_time" => {
            let (ts, array) = a.many("t");
            shaped(ts.iter().map(|&t| m.expected_transactions(t)).collect::<Result<_, _>>()?, array)
        }
        "conditional_probability_alive_matrix" => {
            value(m.probability_alive_matrix(a.u("max_frequency"), a.u("max_recency"))?.probabilities)
        }
        other => panic!("unknown method {other}"),
    })
}

fn call(function: &str, args: &Value) -> Result<Value, Error> {
    let a = Args(args);
    if let Some((name, method)) = function.strip_prefix("retention.").and_then(|f| f.split_once('.')) {
        let p = |k: &str| a.f(k);
        match name {
            "BetaGeo" => return transaction_model(&BetaGeo::new(p("r"), p("alpha"), p("a"), p("b"))?, method, &a),
            "ModifiedBetaGeo" => {
                return transaction_model(&ModifiedBetaGeo::new(p("r"), p("alpha"), p("a"), p("b"))?, method, &a);
            }
            "ParetoNBD" => {
                return transaction_model(&ParetoNbd::new(p("r"), p("alpha"), p("s"), p("beta"))?, method, &a);
            }
            "GammaGamma" => {
                let (x, array) = a.many("frequency");
                let spend = GammaGamma::new(p("p"), p("q"), p("v"))?
                    .conditional_expected_average_profit_batch(&x, &a.many("monetary_value").0)?;
                return Ok(shaped(spend, array));
            }
            _ => {}
        }
    }
    let model = || ShiftedBetaGeo::new(a.f("alpha"), a.f("beta"));
    Ok(match function {
        "retention.clv_closed_form" => {
            let timing = MarginTiming::parse(a.get("timing").and_then(Value::as_str).unwrap_or("end"))?;
            value(clv_closed_form(a.dec("margin"), a.f("retention"), a.f("discount"), timing)?)
        }
        "retention.clv" => {
            to_json(clv(a.dec("margin"), a.f("retention"), a.dec("acquisition_cost"), &a.clv_options())?)
        }
        "retention.clv_many" => value(clv_many(&a.floats("margins"), &a.floats("retention"), &a.clv_options())?),
        "retention.customer_equity" => {
            let cohorts: Vec<Cohort> = a
                .get("cohorts")
                .and_then(Value::as_array)
                .unwrap()
                .iter()
                .map(|c| {
                    let c = Args(c);
                    Cohort {
                        customers: c.u("customers"),
                        margin: c.dec("margin"),
                        retention: c.f("retention"),
                        acquisition_cost: c.dec("acquisition_cost"),
                        acquired_in: c.u("acquired_in"),
                    }
                })
                .collect();
            to_json(customer_equity(&cohorts, &a.clv_options())?)
        }
        "retention.retention_impact" => {
            to_json(retention_impact(a.dec("margin"), a.f("retention"), a.f("change"), &a.clv_options())?)
        }
        "retention.break_even_retention_spend" => {
            to_json(break_even_retention_spend(a.dec("margin"), a.f("retention"), a.f("lift"), &a.clv_options())?)
        }
        "retention.payback" => {
            to_json(payback(a.dec("acquisition_cost"), a.dec("margin"), a.f("retention"), &a.clv_options())?)
        }
        "retention.cost_ratio" => value(cost_ratio(a.dec("acquisition_cost"), a.dec("retention_cost"))?),
        "retention.convert_retention" => {
            value(convert_retention(a.f("retention"), a.f("from_length"), a.f("to_length"))?)
        }
        "retention.convert_churn" => value(convert_churn(a.f("churn"), a.f("from_length"), a.f("to_length"))?),
        "retention.expected_lifetime" => value(expected_lifetime(a.f("retention"))?),
        "retention.churn_from_retention" => value(churn_from_retention(a.f("retention"))?),
        "retention.ShiftedBetaGeo.fit" => {
            let defaults = FitOptions::default();
            let options = FitOptions {
                penalizer: a.f_or("penalizer", defaults.penalizer),
                max_iterations: a.opt_u("max_iterations").unwrap_or(defaults.max_iterations),
                ..defaults
            };
            let fit = ShiftedBetaGeo::fit(&a.floats("survivors"), &options)?;
            json!({
                "params": fit.model,
                "log_likelihood": fit.report.log_likelihood,
                "std_errors": fit.std_errors,
            })
        }
        "retention.ShiftedBetaGeo.del" => value(model()?.del(a.f("discount"))?),
        "retention.ShiftedBetaGeo.derl" => value(model()?.derl(a.f("discount"), a.u("renewals"))?),
        "retention.ShiftedBetaGeo.survival" => value(model()?.survival(a.u("t"))),
        "retention.ShiftedBetaGeo.retention_rate" => value(model()?.retention_rate(a.u("t"))?),
        "retention.summary_from_transactions" => {
            let options = SummaryOptions {
                period: Period::parse(a.get("freq").and_then(Value::as_str).unwrap_or("D"))?,
                observation_end: a.opt_i("observation_end"),
                calibration_end: a.opt_i("calibration_end"),
                freq_multiplier: a.f_or("freq_multiplier", 1.0),
                include_first_transaction: a.get("include_first_transaction").and_then(Value::as_bool).unwrap_or(false),
            };
            let times: Vec<i64> =
                a.get("times").and_then(Value::as_array).unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
            let values = a.get("values").map(|_| a.floats("values"));
            let ids = a.get("customers").and_then(Value::as_array).unwrap();
            if ids.iter().all(Value::is_string) && !ids.is_empty() {
                let ids: Vec<&str> = ids.iter().map(|v| v.as_str().unwrap()).collect();
                to_json(summary_from_transactions(&ids, &times, values.as_deref(), &options)?)
            } else {
                let ids: Vec<u64> = ids.iter().map(|v| v.as_u64().unwrap()).collect();
                to_json(summary_from_transactions(&ids, &times, values.as_deref(), &options)?)
            }
        }
        other => panic!("unknown function {other}"),
    })
}

struct Tolerance {
    rtol: f64,
    atol: f64,
    round_dp: Option<u32>,
}

fn compare(path: &str, actual: &Value, expected: &Value, tol: &Tolerance) -> Result<(), String> {
    let mismatch = || Err(format!("{path}: {actual} is not {expected}"));
    match expected {
        Value::Null => {
            if actual.is_null() {
                Ok(())
            } else {
                mismatch()
            }
        }
        Value::Bool(b) => {
            if actual.as_bool() == Some(*b) {
                Ok(())
            } else {
                mismatch()
            }
        }
        Value::Number(e) => {
            let (Some(a), Some(e)) = (actual.as_f64(), e.as_f64()) else { return mismatch() };
            if (a - e).abs() <= tol.atol + tol.rtol * e.abs() { Ok(()) } else { mismatch() }
        }
        Value::String(e) => {
            let Some(a) = actual.as_str() else { return mismatch() };
            match (Decimal::from_str(a), Decimal::from_str(e)) {
                (Ok(a), Ok(e)) => {
                    let a = tol.round_dp.map_or(a, |dp| a.round_dp(dp));
                    if a == e { Ok(()) } else { mismatch() }
                }
                _ => {
                    if a == e {
                        Ok(())
                    } else {
                        mismatch()
                    }
                }
            }
        }
        Value::Array(es) => {
            let Some(a) = actual.as_array() else { return mismatch() };
            if a.len() != es.len() {
                return mismatch();
            }
            for (i, (a, e)) in a.iter().zip(es).enumerate() {
                compare(&format!("{path}[{i}]"), a, e, tol)?;
            }
            Ok(())
        }
        Value::Object(es) => {
            for (k, e) in es {
                let a = actual.get(k).unwrap_or(&Value::Null);
                compare(&format!("{path}.{k}"), a, e, tol)?;
            }
            Ok(())
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn golden_vectors() {
    let doc: Value = serde_json::from_str(GOLDEN).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let function = case["function"].as_str().unwrap();
        let tol = Tolerance {
            rtol: case.get("rtol").and_then(Value::as_f64).unwrap_or(1e-12),
            atol: case.get("atol").and_then(Value::as_f64).unwrap_or(0.0),
            round_dp: case.get("round_dp").and_then(Value::as_u64).map(|d| d as u32),
        };
        let outcome = call(function, &case["args"]);
        let result = match (outcome, case.get("expected"), case.get("error")) {
            (Ok(actual), Some(expected), None) => compare("result", &actual, expected, &tol),
            (Err(e), None, Some(want)) => {
                let got = json!({ "code": e.code(), "field": e.field(), "index": e.index() });
                if &got == want { Ok(()) } else { Err(format!("error {got} ({e}) is not {want}")) }
            }
            (Ok(actual), _, Some(want)) => Err(format!("expected error {want}, got {actual}")),
            (Err(e), Some(_), _) => Err(format!("unexpected error {} ({e})", e.code())),
            _ => Err("case has neither expected nor error".into()),
        };
        if let Err(msg) = result {
            failures.push(format!("{name} [{function}]: {msg}"));
        }
    }
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
}
