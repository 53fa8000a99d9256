//! The vendored data files (`tests/data`, see its README), embedded at compile time so that the
//! tests that read them also run on wasm32, which has no file system.

use serde_json::Value;

/// The text of a data file.
pub fn text(name: &str) -> &'static str {
    match name {
        "cdnow_customers_summary.csv" => include_str!("../data/cdnow_customers_summary.csv"),
        "cdnow_customers_summary_with_transactions.csv" => {
            include_str!("../data/cdnow_customers_summary_with_transactions.csv")
        }
        "donations.csv" => include_str!("../data/donations.csv"),
        "lifetimes_reference_bgnbd.json" => include_str!("../data/lifetimes_reference_bgnbd.json"),
        "lifetimes_reference_mbgnbd.json" => include_str!("../data/lifetimes_reference_mbgnbd.json"),
        "lifetimes_reference_paretonbd.json" => include_str!("../data/lifetimes_reference_paretonbd.json"),
        "lifetimes_reference_gammagamma.json" => include_str!("../data/lifetimes_reference_gammagamma.json"),
        "lifetimes_reference_bgbb.json" => include_str!("../data/lifetimes_reference_bgbb.json"),
        other => panic!("no data file {other}"),
    }
}

/// The columns of a CSV file with a header, as f64 (the first column may be an id).
pub fn csv(name: &str) -> Vec<Vec<f64>> {
    super::columns::columns(text(name))
}

/// What lifetimes computed on the data for one model (`lifetimes_reference_{name}.json`).
pub fn lifetimes_reference(name: &str) -> Value {
    serde_json::from_str(text(&format!("lifetimes_reference_{name}.json"))).unwrap()
}
