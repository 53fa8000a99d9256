//! The golden vectors of the loyalty and tiers modules in `tests/data/golden_tiers.json`,
//! checked against the Rust API. The Python and JS suites read the same file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use custometrics::Error;
use custometrics::loyalty::{self, JonesSasserOptions};
use custometrics::satisfaction::Scale;
use custometrics::tiers::{self, SegmentMap, TransitionMatrix};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

use crate::common;
use common::{arr, f, num, opt, to_json};

const GOLDEN: &str = include_str!("../data/golden_tiers.json");

fn ints(v: &Value) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|x| x.as_i64().unwrap()).collect()
}
fn scores(v: &Value) -> Vec<u8> {
    v.as_array().unwrap().iter().map(|x| u8::try_from(x.as_u64().unwrap()).unwrap()).collect()
}
fn decimals(v: &Value) -> Vec<Decimal> {
    v.as_array().unwrap().iter().map(|x| Decimal::from_str(x.as_str().unwrap()).unwrap()).collect()
}
fn u(args: &Value, key: &str, default: u64) -> u64 {
    opt(args, key).map_or(default, |v| v.as_u64().unwrap())
}
fn transition(args: &Value) -> Result<TransitionMatrix, Error> {
    let rows: Vec<Vec<f64>> = args["transition"].as_array().unwrap().iter().map(arr).collect();
    TransitionMatrix::from_rows(&rows)
}
fn scale(args: &Value, key: &str) -> Scale {
    opt(args, key).map_or(Scale { min: 1.0, max: 5.0 }, |s| Scale { min: num(&s[0]), max: num(&s[1]) })
}
/// Calls the Rust API the way the bindings do for `function(args)`.
fn call(function: &str, a: &Value) -> Result<Value, Error> {
    match function {
        "tiers.abc" => to_json(tiers::abc(&arr(&a["values"]), f(a, "a", tiers::ABC_A), f(a, "b", tiers::ABC_B))),
        "tiers.pyramid" => to_json(tiers::pyramid(&arr(&a["values"]), &arr(&a["shares"]))),
        "tiers.curry" => match opt(a, "shares") {
            Some(s) => to_json(tiers::pyramid(&arr(&a["values"]), &arr(s))),
            None => to_json(tiers::curry(&arr(&a["values"]))),
        },
        "tiers.rfm_code" => {
            let score = |k: &str| u8::try_from(a[k].as_u64().unwrap()).unwrap();
            Ok(serde_json::json!(tiers::rfm_code(score("r"), score("f"), score("m"), u(a, "q", 5) as u32)))
        }
        "tiers.rfm_scores" => to_json(tiers::rfm_scores(
            &arr(&a["recency"]),
            &arr(&a["frequency"]),
            &arr(&a["monetary"]),
            u(a, "q", 5) as u32,
        )),
        "tiers.quantile_scores" => to_json(tiers::quantile_scores(
            &arr(&a["values"]),
            u(a, "q", 5) as u32,
            opt(a, "reverse").is_some_and(|r| r.as_bool().unwrap()),
        )),
        "tiers.rfm_segments" => {
            let map = opt(a, "map").map_or_else(SegmentMap::standard, |m| serde_json::from_value(m.clone()).unwrap());
            to_json(tiers::rfm_segments(&scores(&a["r"]), &scores(&a["f"]), &scores(&a["m"]), &map))
        }
        "tiers.gini" => to_json(tiers::gini(&arr(&a["values"]))),
        "tiers.lorenz" => to_json(tiers::lorenz(&arr(&a["values"]), u(a, "points", 100) as usize)),
        "tiers.profit_pyramid" => {
            to_json(tiers::profit_pyramid(&arr(&a["values"]), &ints(&a["tiers"]), u(a, "n_tiers", 0) as usize))
        }
        "tiers.migration" => {
            to_json(tiers::migration(&ints(&a["from_tiers"]), &ints(&a["to_tiers"]), u(a, "n_tiers", 0) as usize))
        }
        "tiers.steady_state" => to_json(tiers::steady_state(&transition(a)?)),
        "tiers.project" => {
            to_json(tiers::project(&arr(&a["distribution"]), &transition(a)?, u(a, "periods", 1) as u32))
        }
        "tiers.markov_clv" => to_json(tiers::markov_clv(
            &transition(a)?,
            &decimals(&a["margins"]),
            num(&a["discount_rate"]),
            opt(a, "horizon").map(|h| h.as_u64().unwrap()),
        )),
        "loyalty.dick_basu" => to_json(loyalty::dick_basu(
            &arr(&a["attitude"]),
            &arr(&a["patronage"]),
            opt(a, "attitude_threshold").map(num),
            opt(a, "patronage_threshold").map(num),
        )),
        "loyalty.jones_sasser" => {
            let d = JonesSasserOptions::default();
            let options = JonesSasserOptions::default()
                .with_satisfaction_scale(scale(a, "satisfaction_scale"))
                .with_loyalty_scale(scale(a, "loyalty_scale"))
                .with_satisfaction_cut(f(a, "satisfaction_cut", d.satisfaction_cut))
                .with_loyalty_cut(f(a, "loyalty_cut", d.loyalty_cut))
                .with_apostle_satisfaction(f(a, "apostle_satisfaction", d.apostle_satisfaction))
                .with_apostle_loyalty(f(a, "apostle_loyalty", d.apostle_loyalty))
                .with_terrorist_satisfaction(f(a, "terrorist_satisfaction", d.terrorist_satisfaction))
                .with_terrorist_loyalty(f(a, "terrorist_loyalty", d.terrorist_loyalty));
            to_json(loyalty::jones_sasser(&arr(&a["satisfaction"]), &arr(&a["loyalty"]), &options))
        }
        "loyalty.loyalty_indicators" => {
            let (first, last) = (opt(a, "first_purchase").map(arr), opt(a, "last_purchase").map(arr));
            to_json(loyalty::loyalty_indicators(
                &arr(&a["previous"]),
                &arr(&a["current"]),
                first.as_deref(),
                last.as_deref(),
            ))
        }
        "loyalty.loyalty_index" => to_json(loyalty::loyalty_index(&arr(&a["scores"]), &arr(&a["weights"]))),
        "loyalty.normalised_score" => {
            to_json(loyalty::normalised_score(num(&a["value"]), num(&a["worst"]), num(&a["best"])))
        }
        other => panic!("golden_tiers.json names an unknown function {other}"),
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn golden_vectors() {
    common::run_cases(GOLDEN, 70, call);
}
