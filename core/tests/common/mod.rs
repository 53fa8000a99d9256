//! What the golden-vector tests share: reading JSON arguments, picking result paths, comparing
//! at the golden files' tolerance, and running a file's cases against a `call` table.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

pub mod columns;
pub mod data;

use custometrics::Error;
use serde_json::{Value, json};

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

fn close(g: f64, w: f64) -> bool {
    (g - w).abs() <= 1e-12 * w.abs().max(1.0)
}

/// Equal at 1e-12 relative for numbers; serde_json's null for an expected "NaN"; a decimal
/// string (money) against a number within the same tolerance, against a string exactly.
pub fn assert_close(name: &str, path: &str, got: &Value, want: &Value) {
    match (got, want) {
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{name}: {path} length");
            for (g, w) in g.iter().zip(w) {
                assert_close(name, path, g, w);
            }
        }
        (Value::Null, Value::String(s)) if s == "NaN" => {}
        (Value::Number(g), Value::Number(w)) => {
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            assert!(close(g, w), "{name}: {path} = {g}, expected {w}");
        }
        (Value::String(g), Value::Number(w)) => {
            let (g, w) = (g.parse::<f64>().unwrap(), w.as_f64().unwrap());
            assert!(close(g, w), "{name}: {path} = {g}, expected {w}");
        }
        (g, w) => assert_eq!(g, w, "{name}: {path}"),
    }
}

/// Runs every case of a golden file through `call`: at least `min_cases`, each expected value
/// with a source (and each expected error too when `errors_need_source`).
pub fn run_cases(
    golden: &str,
    min_cases: usize,
    errors_need_source: bool,
    call: impl Fn(&str, &Value) -> Result<Value, Error>,
) {
    let golden: Value = serde_json::from_str(golden).unwrap();
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= min_cases, "only {} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let needs_source = errors_need_source || case.get("error").is_none();
        assert!(!needs_source || case["source"].as_str().is_some_and(|s| !s.is_empty()), "{name}: no source");
        match (call(case["function"].as_str().unwrap(), &case["args"]), case.get("error")) {
            (Ok(v), None) => {
                for (path, want) in case["expected"].as_object().unwrap() {
                    assert_close(name, path, &pick(&v, path), want);
                }
            }
            (Err(e), Some(want)) => {
                assert_eq!(json!(e.code()), want["code"], "{name}: {e}");
                assert_eq!(json!(e.field()), want["field"], "{name}: {e}");
                assert_eq!(json!(e.index()), want["index"], "{name}: {e}");
            }
            (Ok(v), Some(want)) => panic!("{name}: expected error {want}, got {v}"),
            (Err(e), None) => panic!("{name}: unexpected error {e}"),
        }
    }
}
