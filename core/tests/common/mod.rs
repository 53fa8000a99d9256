//! What the golden-vector tests share: reading JSON arguments, picking result paths, the one
//! comparison of `tests/data/README.md` ("Golden vectors"), and running a file's cases against a
//! `call` table.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

pub mod columns;
pub mod data;

use custometrics::Error;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

/// A number; the strings "NaN", "Infinity", "-Infinity" stand for what JSON cannot write.
pub fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        v => v.as_f64().unwrap(),
    }
}

/// An array of numbers.
pub fn arr(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// An argument that is present and not null.
pub fn opt<'a>(args: &'a Value, key: &str) -> Option<&'a Value> {
    args.get(key).filter(|v| !v.is_null())
}

/// A number argument with its default.
pub fn f(args: &Value, key: &str, default: f64) -> f64 {
    opt(args, key).map_or(default, num)
}

/// A core result as JSON.
pub fn to_json<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Error> {
    r.map(|v| serde_json::to_value(v).unwrap())
}

/// The value at `path` ('a.b', '*' maps over a list, '.' the whole value).
pub fn pick(v: &Value, path: &str) -> Value {
    if path == "." {
        return v.clone();
    }
    let steps: Vec<&str> = path.split('.').collect();
    fn walk(v: &Value, steps: &[&str]) -> Value {
        match steps.split_first() {
            None => v.clone(),
            Some((_, _)) if v.is_null() => Value::Null,
            Some((&"*", rest)) => Value::Array(v.as_array().unwrap().iter().map(|x| walk(x, rest)).collect()),
            Some((k, rest)) => walk(v.get(*k).unwrap_or_else(|| panic!("no field {k} in {v}")), rest),
        }
    }
    walk(v, &steps)
}

/// One case's tolerance: `|actual - expected| <= atol + rtol * |expected|` for numbers, and
/// `round_dp` places for decimal strings (the conventions of `tests/data/README.md`).
pub struct Tolerance {
    pub rtol: f64,
    pub atol: f64,
    pub round_dp: Option<u32>,
}

impl Tolerance {
    /// The case's own rtol, atol and round_dp, or the defaults (1e-12, 0, none).
    pub fn of(case: &Value) -> Self {
        Tolerance {
            rtol: case.get("rtol").and_then(Value::as_f64).unwrap_or(1e-12),
            atol: case.get("atol").and_then(Value::as_f64).unwrap_or(0.0),
            round_dp: case.get("round_dp").and_then(Value::as_u64).map(|d| u32::try_from(d).unwrap()),
        }
    }
}

/// A decimal string as a decimal value (money); None for any other string.
fn decimal(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok().or_else(|| Decimal::from_scientific(s).ok())
}

/// `actual` matches `expected` under the golden files' conventions (`tests/data/README.md`):
/// numbers within the tolerance, "NaN" against NaN (serde_json's null), decimal strings as
/// decimal values after rounding to `round_dp`, a number against a decimal string as numbers,
/// other strings exactly, lists element by element, objects as a subset of fields.
pub fn compare(path: &str, actual: &Value, expected: &Value, tol: &Tolerance) -> Result<(), String> {
    let mismatch = || Err(format!("{path}: {actual} is not {expected}"));
    let within = |a: f64, e: f64| (a - e).abs() <= tol.atol + tol.rtol * e.abs();
    let ok = match (expected, actual) {
        // serde_json writes NaN and the infinities as null
        (Value::String(e), Value::Null) => matches!(e.as_str(), "NaN" | "Infinity" | "-Infinity"),
        (Value::Null, a) => a.is_null(),
        (Value::Bool(e), a) => a.as_bool() == Some(*e),
        (Value::Number(e), Value::Number(a)) => within(a.as_f64().unwrap(), e.as_f64().unwrap()),
        (Value::Number(e), Value::String(a)) => decimal(a).is_some_and(|_| within(num(actual), e.as_f64().unwrap())),
        (Value::String(e), Value::String(a)) => match (decimal(a), decimal(e)) {
            (Some(a), Some(e)) => tol.round_dp.map_or(a, |dp| a.round_dp(dp)) == e,
            _ => a == e,
        },
        (Value::Array(es), Value::Array(a)) => {
            if a.len() != es.len() {
                return Err(format!("{path}: length {} is not {}", a.len(), es.len()));
            }
            for (i, (a, e)) in a.iter().zip(es).enumerate() {
                compare(&format!("{path}[{i}]"), a, e, tol)?;
            }
            true
        }
        (Value::Object(es), Value::Object(_)) => {
            for (k, e) in es {
                compare(&format!("{path}.{k}"), actual.get(k).unwrap_or(&Value::Null), e, tol)?;
            }
            true
        }
        _ => false,
    };
    if ok { Ok(()) } else { mismatch() }
}

/// One case's outcome against its expected paths or error.
fn check_case(case: &Value, outcome: Result<Value, Error>) -> Result<(), String> {
    let tol = Tolerance::of(case);
    match (outcome, case.get("expected"), case.get("error")) {
        (Ok(actual), Some(Value::Object(expected)), None) => {
            for (path, want) in expected {
                compare(path, &pick(&actual, path), want, &tol)?;
            }
            Ok(())
        }
        (Err(e), None, Some(want)) => {
            let got = json!({ "code": e.code(), "field": e.field(), "index": e.index() });
            if &got == want { Ok(()) } else { Err(format!("error {got} ({e}) is not {want}")) }
        }
        (Ok(actual), _, Some(want)) => Err(format!("expected error {want}, got {actual}")),
        (Err(e), Some(_), _) => Err(format!("unexpected error {} ({e})", e.code())),
        _ => Err("a case has expected (an object of paths) or error".into()),
    }
}

/// The conventions every golden file repeats (`tests/data/README.md`).
pub fn conventions(golden: &str) -> Value {
    let doc: Value = serde_json::from_str(golden).unwrap();
    doc["conventions"].clone()
}

/// Runs every case of a golden file through `call`: at least `min_cases`, each with a source;
/// fails listing every case that does not match.
pub fn run_cases(golden: &str, min_cases: usize, call: impl Fn(&str, &Value) -> Result<Value, Error>) {
    let golden: Value = serde_json::from_str(golden).unwrap();
    assert!(golden["about"].is_string() && golden["conventions"].is_object(), "header: about, conventions, cases");
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= min_cases, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let function = case["function"].as_str().unwrap();
        let result = if case["source"].as_str().is_some_and(|s| !s.is_empty()) {
            check_case(case, call(function, &resolve(&case["args"])))
        } else {
            Err("no source".into())
        };
        if let Err(msg) = result {
            failures.push(format!("{name} [{function}]: {msg}"));
        }
    }
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
}

/// The args with every `{"file": f, "column": c}` replaced by that CSV column.
fn resolve(args: &Value) -> Value {
    match args {
        Value::Object(m) if m.len() == 2 && m.contains_key("file") && m.contains_key("column") => {
            let text = data::text(m["file"].as_str().unwrap());
            let header: Vec<&str> = text.lines().next().unwrap().split(',').map(str::trim).collect();
            let column = m["column"].as_str().unwrap();
            let i = header.iter().position(|h| *h == column).unwrap_or_else(|| panic!("no column {column}"));
            json!(columns::columns(text)[i])
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), resolve(v))).collect()),
        other => other.clone(),
    }
}
