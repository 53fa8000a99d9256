//! The vendored data sets (`tests/data`, see its README), embedded at compile time so that the
//! tests that read them also run on wasm32, which has no file system. These three small files ship
//! in the published crate (the doc examples and `suite/models_reference.rs` read them); lifetimes'
//! outputs, which only `models_lifetimes.rs` reads, stay in the repository (see that file).

/// The text of a data file.
pub fn text(name: &str) -> &'static str {
    match name {
        "cdnow_customers_summary.csv" => include_str!("../data/cdnow_customers_summary.csv"),
        "cdnow_customers_summary_with_transactions.csv" => {
            include_str!("../data/cdnow_customers_summary_with_transactions.csv")
        }
        "donations.csv" => include_str!("../data/donations.csv"),
        other => panic!("no data file {other}"),
    }
}

/// The columns of a CSV file with a header, as f64 (the first column may be an id).
pub fn csv(name: &str) -> Vec<Vec<f64>> {
    super::columns::columns(text(name))
}
