//! The same bits in every language: `tests/data/same_bits.json` holds inputs and the bits of
//! their results as native Rust computes them; this test checks them (and rewrites the file when
//! `CUSTOMETRICS_WRITE_SAME_BITS=1`), and the Python and JS suites compare their results with the
//! same bits (`bindings-python/tests/test_same_bits.py`, `bindings-wasm/tests/same-bits.test.mjs`).
//!
//! Covered so far: the normal critical value (`sample_size(...).z`, and through it the NPS
//! interval), computed over `libm` only. Model predictions still go through statrs's log-gamma,
//! which calls the platform's `ln`, and are not covered yet.
// Native only: the wasm32 build is checked by the JS test against this file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]
#![allow(clippy::disallowed_methods)] // tests may build inputs with std's f64 maths

use custometrics::satisfaction::{NpsOptions, nps, sample_size};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/same_bits.json");

/// 2000 confidences spread over (0, 1) and crowded towards 1 (where the tail matters), as bits.
fn confidences() -> Vec<f64> {
    let mut c: Vec<f64> = (1..=1000).map(|k| f64::from(k) / 1001.0).collect();
    c.extend((1..=1000).map(|k| 1.0 - 10f64.powf(-(f64::from(k) * 0.0155))));
    c.into_iter().filter(|&x| x > 0.0 && x < 1.0).collect()
}

const SCORES: [f64; 9] = [10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 10.0, 9.0, 3.0];

fn table() -> serde_json::Value {
    let rows: Vec<serde_json::Value> = confidences()
        .into_iter()
        .map(|c| {
            let z = sample_size(0.05, c, 0.5, None).unwrap().z;
            let n = nps(&SCORES, NpsOptions { confidence: c, ..NpsOptions::default() }).unwrap();
            serde_json::json!([c.to_bits().to_string(), z.to_bits().to_string(), n.ci_low.to_bits().to_string()])
        })
        .collect();
    serde_json::json!({
        "about": "inputs and result bits (decimal strings of the IEEE-754 bits) from native Rust; \
                  written by core/tests/same_bits.rs with CUSTOMETRICS_WRITE_SAME_BITS=1",
        "nps_scores": SCORES,
        "columns": ["confidence", "sample_size(0.05, confidence).z", "nps(nps_scores, confidence).ci_low"],
        "rows": rows,
    })
}

#[test]
fn native_results_have_the_recorded_bits() {
    let now = table();
    if std::env::var("CUSTOMETRICS_WRITE_SAME_BITS").is_ok_and(|v| v == "1") {
        std::fs::write(PATH, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
    }
    let recorded: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    assert_eq!(recorded["rows"], now["rows"]);
}
