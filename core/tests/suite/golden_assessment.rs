//! The golden vectors of the assessment module in `tests/data/golden_assessment.json`, checked
//! against the Rust API. The Python and JS suites read the same file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use custometrics::assessment::{
    self as ass, AhpOptions, DecisionOptions, ExcellenceOptions, Frame, FrameItem, Instrument, Normalise,
    OrientationOptions,
};
use custometrics::{Error, Matrix, NanPolicy};
use serde_json::Value;

use crate::common;
use common::{arr, f, opt, to_json};

const GOLDEN: &str = include_str!("../data/golden_assessment.json");

fn rows(v: &Value) -> (Vec<f64>, usize) {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(arr).collect();
    Matrix::flatten("m", &rows).unwrap()
}
fn policy(args: &Value) -> NanPolicy {
    NanPolicy::parse(opt(args, "nan_policy").and_then(Value::as_str).unwrap_or("raise")).unwrap()
}
fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}
fn instrument(args: &Value) -> Result<Instrument, Error> {
    match opt(args, "instrument") {
        None => Ok(ass::ORIENTATION.clone()),
        Some(i) => {
            let cats: Vec<(String, usize)> = i["categories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| (c[0].as_str().unwrap().to_owned(), c[1].as_u64().unwrap() as usize))
                .collect();
            let refs: Vec<(&str, usize)> = cats.iter().map(|(id, n)| (id.as_str(), *n)).collect();
            Instrument::from_counts(&refs, i["low"].as_u64().unwrap() as u32, i["high"].as_u64().unwrap() as u32)
        }
    }
}
fn frame(args: &Value) -> Result<Frame, Error> {
    let mut frame = ass::GBT19580.clone();
    if let Some(items) = opt(args, "frame_items") {
        for (category, list) in items.as_object().unwrap() {
            let items = list
                .as_array()
                .unwrap()
                .iter()
                .map(|it| FrameItem::new(it[0].as_str().unwrap(), "", "", common::num(&it[1])))
                .collect();
            frame = frame.with_items(category, items)?;
        }
    }
    Ok(frame)
}

/// Calls the Rust API the way the bindings do for `function(args)`.
fn call(function: &str, a: &Value) -> Result<Value, Error> {
    match function {
        "assessment.orientation" => {
            let (data, cols) = rows(&a["answers"]);
            let groups = opt(a, "groups").map(strings);
            let options = OrientationOptions::default()
                .with_nan_policy(policy(a))
                .with_max_missing(f(a, "max_missing", 0.2))
                .with_confidence(f(a, "confidence", 0.95))
                .with_low_answer(f(a, "low_answer", 2.0) as u32);
            to_json(ass::orientation(
                &Matrix::new("answers", &data, cols)?,
                &instrument(a)?,
                groups.as_deref(),
                &options,
            ))
        }
        "assessment.excellence" => {
            let (data, cols) = rows(&a["scores"]);
            let options = ExcellenceOptions::default()
                .with_disagreement(f(a, "disagreement", ass::DISAGREEMENT))
                .with_nan_policy(policy(a));
            to_json(ass::excellence(&Matrix::new("scores", &data, cols)?, &frame(a)?, &options))
        }
        "assessment.decision" => {
            let (data, cols) = rows(&a["scores"]);
            let options = DecisionOptions::default()
                .with_criteria(opt(a, "criteria").map(strings))
                .with_alternatives(opt(a, "alternatives").map(strings))
                .with_cost(opt(a, "cost").map(|c| c.as_array().unwrap().iter().map(|b| b.as_bool().unwrap()).collect()))
                .with_normalise(Normalise::parse(opt(a, "normalise").and_then(Value::as_str).unwrap_or("none"))?)
                .with_nan_policy(policy(a));
            to_json(ass::decision(&Matrix::new("scores", &data, cols)?, &arr(&a["weights"]), &options))
        }
        "assessment.ahp" => {
            let (data, cols) = rows(&a["pairwise"]);
            let options = AhpOptions::default().with_reciprocal_tolerance(f(a, "reciprocal_tolerance", 0.01));
            to_json(ass::ahp(&Matrix::new("pairwise", &data, cols)?, &options))
        }
        other => panic!("golden_assessment.json names an unknown function {other}"),
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn golden_vectors() {
    common::run_cases(GOLDEN, 35, call);
}
