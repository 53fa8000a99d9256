//! The retention golden vectors (`tests/data/golden_retention.json`), shared with the Python and
//! JS suites: each case's function is called with its arguments and compared by `common`, under
//! the conventions of `tests/data/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use custometrics::Error;
use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, Fit, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TimeUnit,
    TransactionModel, customer_lifetime_value,
};
use custometrics::retention::{
    ClvOptions, Cohort, FitOptions, MarginTiming, Period, ShiftedBetaGeo, SummaryOptions, break_even_retention_spend,
    churn_from_retention, clv, clv_batch, clv_closed_form, convert_churn, convert_retention, cost_ratio,
    customer_equity, expected_lifetime, payback, retention_from_churn, retention_impact, summary_from_transactions,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

use crate::common;

const GOLDEN: &str = include_str!("../data/golden_retention.json");

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
    fn weights(&self) -> Option<Vec<f64>> {
        self.get("weights").map(|_| self.floats("weights"))
    }
    /// The case's fit options (FitOptions fields), the defaults otherwise.
    fn fit_options(&self) -> FitOptions {
        let d = FitOptions::default();
        let (penalizer, max_iterations) = (d.penalizer, d.max_iterations);
        d.with_penalizer(self.f_or("penalizer", penalizer))
            .with_max_iterations(self.opt_u("max_iterations").unwrap_or(max_iterations))
    }
    fn clv_options(&self) -> ClvOptions {
        ClvOptions::default()
            .with_discount(self.f_or("discount", 0.0))
            .with_growth(self.f_or("growth", 0.0))
            .with_horizon(self.opt_u("horizon"))
            .with_timing(
                self.get("timing").map_or(MarginTiming::End, |t| MarginTiming::parse(t.as_str().unwrap()).unwrap()),
            )
    }
}

fn decimal(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("money is a string")).unwrap()
}

fn to_json<T: serde::Serialize>(x: T) -> Value {
    serde_json::to_value(x).unwrap()
}

/// A vector result as the file writes it: an array, or its one element when the input was a scalar.
fn shaped(values: Vec<f64>, array: bool) -> Value {
    if array { to_json(values) } else { to_json(values[0]) }
}

/// A fit as the files write it: {params, log_likelihood, std_errors}.
fn fitted<P: serde::Serialize>(fit: &Fit<P>) -> Value {
    json!({ "params": fit.model, "log_likelihood": fit.report.log_likelihood, "std_errors": fit.std_errors })
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
            to_json(m.probability_alive_matrix(a.u("max_frequency"), a.u("max_recency"))?.probabilities)
        }
        "probability_of_n_purchases_up_to_time" => {
            let (ns, array) = a.many("n");
            let t = a.f("t");
            shaped(ns.iter().map(|&n| m.probability_of_transactions(n as u64, t)).collect::<Result<_, _>>()?, array)
        }
        other => panic!("unknown method {other}"),
    })
}

/// The data of a continuous-time model's fit or log-likelihood.
fn history(a: &Args) -> (Vec<f64>, Vec<f64>, Vec<f64>, Option<Vec<f64>>) {
    (a.floats("frequency"), a.floats("recency"), a.floats("T"), a.weights())
}

/// `fit` and `log_likelihood` of BG/NBD, MBG/NBD and Pareto/NBD, whose signatures are alike.
macro_rules! continuous {
    ($model:ty, $method:expr, $a:expr, $($p:literal),+) => {{
        let a = $a;
        match $method {
            "fit" => {
                let (x, tx, t, w) = history(a);
                Ok(fitted(&<$model>::fit(&x, &tx, &t, w.as_deref(), &a.fit_options())?))
            }
            "log_likelihood" => {
                let (x, tx, t, w) = history(a);
                Ok(to_json(<$model>::new($(a.f($p)),+)?.log_likelihood(&x, &tx, &t, w.as_deref())?))
            }
            _ => transaction_model(&<$model>::new($(a.f($p)),+)?, $method, a),
        }
    }};
}

/// The transaction model a Gamma-Gamma CLV case names: {model, params}.
fn named_model(v: &Value) -> Result<Box<dyn TransactionModel>, Error> {
    let p = Args(&v["params"]);
    Ok(match v["model"].as_str().unwrap() {
        "BetaGeo" => Box::new(BetaGeo::new(p.f("r"), p.f("alpha"), p.f("a"), p.f("b"))?),
        "ModifiedBetaGeo" => Box::new(ModifiedBetaGeo::new(p.f("r"), p.f("alpha"), p.f("a"), p.f("b"))?),
        "ParetoNBD" => Box::new(ParetoNbd::new(p.f("r"), p.f("alpha"), p.f("s"), p.f("beta"))?),
        other => panic!("unknown transaction model {other}"),
    })
}

fn gamma_gamma(method: &str, a: &Args) -> Result<Value, Error> {
    let spend = || (a.floats("frequency"), a.floats("monetary_value"));
    let model = || GammaGamma::new(a.f("p"), a.f("q"), a.f("v"));
    Ok(match method {
        "fit" => {
            let (x, m) = spend();
            fitted(&GammaGamma::fit(&x, &m, a.weights().as_deref(), &a.fit_options())?)
        }
        "log_likelihood" => {
            let (x, m) = spend();
            to_json(model()?.log_likelihood(&x, &m, a.weights().as_deref())?)
        }
        "independence_check" => {
            let (x, m) = spend();
            to_json(GammaGamma::independence_check(&x, &m)?)
        }
        "conditional_expected_average_profit" => {
            let (x, array) = a.many("frequency");
            shaped(model()?.conditional_expected_average_profit_batch(&x, &a.many("monetary_value").0)?, array)
        }
        "customer_lifetime_value" => {
            let options = ModelClvOptions::default()
                .with_months(a.opt_u("time").map_or(12, |m| u32::try_from(m).unwrap()))
                .with_discount_rate(a.f_or("discount_rate", 0.01))
                .with_time_unit(TimeUnit::parse(a.get("freq").and_then(Value::as_str).unwrap_or("D"))?);
            let tm = named_model(a.get("transaction_model").unwrap())?;
            let (x, array) = a.many("frequency");
            let clv = customer_lifetime_value(
                tm.as_ref(),
                &model()?,
                &x,
                &a.many("recency").0,
                &a.many("T").0,
                &a.many("monetary_value").0,
                &options,
            )?;
            shaped(clv, array)
        }
        other => panic!("unknown method {other}"),
    })
}

fn bgbb(method: &str, a: &Args) -> Result<Value, Error> {
    let model = || BetaGeoBetaBinom::new(a.f("alpha"), a.f("beta"), a.f("gamma"), a.f("delta"));
    let data = || (a.floats("frequency"), a.floats("recency"), a.floats("n_periods"), a.weights());
    let customers = || (a.many("frequency"), a.many("recency").0, a.many("n_periods").0);
    Ok(match method {
        "fit" => {
            let (x, tx, n, w) = data();
            fitted(&BetaGeoBetaBinom::fit(&x, &tx, &n, w.as_deref(), &a.fit_options())?)
        }
        "log_likelihood" => {
            let (x, tx, n, w) = data();
            to_json(model()?.log_likelihood(&x, &tx, &n, w.as_deref())?)
        }
        "conditional_probability_alive" => {
            let ((x, array), tx, n) = customers();
            shaped(model()?.probability_alive_batch(a.u("m_periods_in_future"), &x, &tx, &n)?, array)
        }
        "conditional_expected_number_of_purchases_up_to_time" => {
            let ((x, array), tx, n) = customers();
            shaped(model()?.conditional_expected_transactions_batch(a.u("m_periods_in_future"), &x, &tx, &n)?, array)
        }
        "expected_number_of_purchases_up_to_time" => {
            let (ns, array) = a.many("n_periods");
            let m = model()?;
            shaped(ns.iter().map(|&n| m.expected_transactions(n as u64)).collect::<Result<_, _>>()?, array)
        }
        "expected_number_of_transactions_in_first_n_periods" => {
            // the binding's table: P(X(n) = x) times the customers fitted, x = 0..=n
            let (x, tx, n, w) = data();
            let fit = BetaGeoBetaBinom::fit(&x, &tx, &n, w.as_deref(), &a.fit_options())?;
            let periods = a.u("n");
            let counts: Vec<f64> = (0..=periods)
                .map(|x| fit.model.probability_of_transactions(x, periods).map(|p| p * fit.n_customers))
                .collect::<Result<_, _>>()?;
            json!({ "model": counts })
        }
        "probability_of_n_purchases_up_to_time" => {
            let (xs, array) = a.many("n");
            let (m, periods) = (model()?, a.u("n_periods"));
            shaped(
                xs.iter().map(|&x| m.probability_of_transactions(x as u64, periods)).collect::<Result<_, _>>()?,
                array,
            )
        }
        other => panic!("unknown method {other}"),
    })
}

/// The sBG model's methods (kept apart so that a change of its fit type touches one place).
fn sbg(method: &str, a: &Args) -> Result<Value, Error> {
    if method == "fit" {
        let fit = ShiftedBetaGeo::fit(&a.floats("survivors"), &a.fit_options())?;
        return Ok(json!({
            "params": fit.model,
            "log_likelihood": fit.report.log_likelihood,
            "std_errors": fit.std_errors,
        }));
    }
    let m = ShiftedBetaGeo::new(a.f("alpha"), a.f("beta"))?;
    Ok(match method {
        "from_params" => json!({ "params": m }),
        "log_likelihood" => to_json(m.log_likelihood(&a.floats("survivors"))?),
        "survival" => to_json(m.survival(a.u("t"))),
        "survival_curve" => to_json(m.survival_curve(a.u("periods"))?),
        "retention_rate" => to_json(m.retention_rate(a.u("t"))?),
        "retention_curve" => to_json(m.retention_curve(a.u("periods"))?),
        "churn_probability" => to_json(m.churn_probability(a.u("t"))?),
        "expected_survivors" => to_json(m.expected_survivors(a.f("cohort_size"), a.u("periods"))?),
        "del" | "discounted_expected_lifetime" => to_json(m.del(a.f("discount"))?),
        "derl" | "discounted_expected_residual_lifetime" => to_json(m.derl(a.f("discount"), a.u("renewals"))?),
        "expected_clv" => to_json(m.expected_clv(a.dec("margin"), a.f("discount"))?),
        "expected_residual_value" => {
            to_json(m.expected_residual_value(a.dec("margin"), a.f("discount"), a.u("renewals"))?)
        }
        other => panic!("unknown method {other}"),
    })
}

fn call(function: &str, args: &Value) -> Result<Value, Error> {
    let a = Args(args);
    if let Some((name, method)) = function.strip_prefix("retention.").and_then(|f| f.split_once('.')) {
        return match (name, method) {
            ("BetaGeo", m) => continuous!(BetaGeo, m, &a, "r", "alpha", "a", "b"),
            ("ModifiedBetaGeo", m) => continuous!(ModifiedBetaGeo, m, &a, "r", "alpha", "a", "b"),
            ("ParetoNBD", "conditional_probability_of_n_purchases_up_to_time") => {
                let (x, array) = a.many("frequency");
                let m = ParetoNbd::new(a.f("r"), a.f("alpha"), a.f("s"), a.f("beta"))?;
                let p = m.conditional_probability_of_transactions_batch(
                    a.u("n"),
                    a.f("t"),
                    &x,
                    &a.many("recency").0,
                    &a.many("T").0,
                )?;
                Ok(shaped(p, array))
            }
            ("ParetoNBD", m) => continuous!(ParetoNbd, m, &a, "r", "alpha", "s", "beta"),
            ("GammaGamma", m) => gamma_gamma(m, &a),
            ("BetaGeoBetaBinom", m) => bgbb(m, &a),
            ("ShiftedBetaGeo", m) => sbg(m, &a),
            _ => panic!("unknown function {function}"),
        };
    }
    Ok(match function {
        "retention.clv_closed_form" => {
            let timing = MarginTiming::parse(a.get("timing").and_then(Value::as_str).unwrap_or("end"))?;
            to_json(clv_closed_form(a.dec("margin"), a.f("retention"), a.f("discount"), timing)?)
        }
        "retention.clv" => {
            to_json(clv(a.dec("margin"), a.f("retention"), a.dec("acquisition_cost"), &a.clv_options())?)
        }
        "retention.clv_many" => to_json(clv_batch(&a.floats("margins"), &a.floats("retention"), &a.clv_options())?),
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
        "retention.cost_ratio" => to_json(cost_ratio(a.dec("acquisition_cost"), a.dec("retention_cost"))?),
        "retention.convert_retention" => {
            to_json(convert_retention(a.f("retention"), a.f("from_length"), a.f("to_length"))?)
        }
        "retention.convert_churn" => to_json(convert_churn(a.f("churn"), a.f("from_length"), a.f("to_length"))?),
        "retention.expected_lifetime" => to_json(expected_lifetime(a.f("retention"))?),
        "retention.churn_from_retention" => to_json(churn_from_retention(a.f("retention"))?),
        "retention.retention_from_churn" => to_json(retention_from_churn(a.f("churn"))?),
        "retention.summary_from_transactions" => {
            let options = SummaryOptions::default()
                .with_period(Period::parse(a.get("freq").and_then(Value::as_str).unwrap_or("D"))?)
                .with_observation_end(a.opt_i("observation_end"))
                .with_calibration_end(a.opt_i("calibration_end"))
                .with_freq_multiplier(a.f_or("freq_multiplier", 1.0))
                .with_include_first_transaction(
                    a.get("include_first_transaction").and_then(Value::as_bool).unwrap_or(false),
                );
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

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn golden_vectors() {
    common::run_cases(GOLDEN, 40, call);
}
