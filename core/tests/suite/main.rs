//! The core's integration tests as one test binary: each file here is a module named after what it
//! checks (golden vectors, properties, errors, bits), so the tests are compiled and linked once —
//! and, on wasm32, passed through wasm-bindgen once — instead of once per file. Run one file's
//! tests with a filter: `cargo test -p custometrics --test suite golden_tiers::`.
//!
//! `../models_lifetimes.rs` stays a test target of its own: it reads lifetimes' outputs, which the
//! published crate leaves out (core/Cargo.toml's `exclude`), so `make package-test` runs this
//! binary without it. Both share `../common`.
//!
//! proptest keeps the seeds of past failures in `../proptest-regressions/<module>.txt`: for a
//! source file under a folder with a `main.rs`, that is where it looks (not beside the file).

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

#[path = "../common/mod.rs"]
mod common;

mod api;
mod assessment_props;
mod batch_bits;
mod columns;
mod edge_props;
mod golden;
mod golden_assessment;
mod golden_retention;
mod golden_tiers;
mod key_drivers_props;
mod loyalty_props;
mod means_props;
mod models_errors;
mod models_extremes;
mod models_output;
mod models_props;
mod models_reference;
mod nps_props;
mod partials;
mod retention_errors;
mod retention_props;
mod robustness;
mod same_bits;
mod satisfaction_props;
mod serde_roundtrip;
mod survey_ipa_props;
mod survey_props;
mod tiers_loyalty_errors;
mod tiers_props;

/// Every file of this folder has its `mod` line above: a file without one would be compiled by
/// nobody, and its tests would silently not run.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[allow(clippy::unwrap_used)]
fn every_file_here_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite");
    let main = include_str!("main.rs");
    let mut missing: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(module) = name.strip_suffix(".rs")
            && module != "main"
            && !main.lines().any(|line| line == format!("mod {module};"))
        {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "files in tests/suite without a `mod` line in main.rs: {missing:?}");
}
